"""Perguntas da lição 09. O formato está em :mod:`ecolab.exercicios.perguntas`."""

PERGUNTAS = [
    {
        "identificador": "janela_fixa_no_gargalo",
        "enunciado": "Um remetente que retransmite certo (no 3º ACK duplicado e no timeout), "
                     "mas com uma janela FIXA de 40 pacotes, manda 300 pacotes pelo gargalo "
                     "da lição (1,5 Mbit/s, fila de 10 datagramas, RTT de 30 ms). O receptor "
                     "guarda tudo o que chega fora de ordem. O que acontece?",
        "opcoes": [
            {"texto": "Vai mais rápido que com uma janela pequena: mais pacotes em voo, mais "
                      "vazão.",
             "certa": False,
             "explicacao": "Só até o caminho encher: cabem uns 16 pacotes (uns 6 no fio e 10 "
                           "na fila). O que passa disso é descartado na entrada da fila e "
                           "tem de ser mandado de novo, ocupando o enlace com cópias. A "
                           "vazão útil cai, em vez de subir."},
            {"texto": "O receptor descarta o excesso: o buffer dele enche.",
             "certa": False,
             "explicacao": "É a confusão entre controle de fluxo e de congestionamento. O "
                           "receptor da lição guarda até 1.024 pacotes fora de ordem: ele "
                           "vai bem. Quem descarta é a fila do gargalo, no meio do caminho, "
                           "que nenhum dos dois vê.",
             "fonte": "Kurose e Ross, seções 3.5.5 e 3.6 (controle de fluxo não é "
                      "controle de congestionamento)"},
            {"texto": "O arquivo chega inteiro, mas centenas de pacotes são descartados na "
                      "fila e reenviados, e a vazão útil fica bem abaixo dos 1,5 Mbit/s.",
             "certa": True,
             "explicacao": "Isso: a confiabilidade funciona (tudo chega), mas o enlace passa "
                           "boa parte do tempo carregando retransmissões. A célula seguinte "
                           "mostra quantos envios foram precisos e a vazão que sobrou."},
            {"texto": "O arquivo não chega: com tantas perdas, a transferência desiste.",
             "certa": False,
             "explicacao": "Perda não derruba uma transferência confiável: cada pacote "
                           "perdido é retransmitido até chegar. O preço é o tempo e a vazão, "
                           "não a integridade do arquivo."},
        ],
    },
    {
        "identificador": "reno_tres_duplicados",
        "enunciado": "No TCP Reno, a cwnd está em 16 pacotes (ssthresh 64) quando chegam 3 "
                     "ACKs duplicados. O remetente retransmite, passa pela recuperação rápida "
                     "e então chega um ACK novo. Com quanto fica a cwnd?",
        "opcoes": [
            {"texto": "1: houve perda, e a partida lenta recomeça.",
             "certa": False,
             "explicacao": "Isso é o que o Reno faz no timeout (e o que o TCP Tahoe, mais "
                           "antigo, fazia também no 3º duplicado). Três duplicados mostram "
                           "que os pacotes seguintes chegaram: a rede ainda entrega, e o Reno "
                           "só corta à metade.",
             "fonte": "Kurose e Ross, seção 3.7 (Tahoe e Reno)"},
            {"texto": "8: a metade.",
             "certa": True,
             "explicacao": "Isso: no 3º duplicado, ssthresh = 16 / 2 = 8 e cwnd = 8 + 3; cada "
                           "duplicado a mais soma 1; o ACK novo termina a recuperação com "
                           "cwnd = ssthresh = 8 (RFC 5681, seção 3.2). É a diminuição "
                           "multiplicativa do AIMD."},
            {"texto": "11: a metade mais os 3 duplicados.",
             "certa": False,
             "explicacao": "O + 3 é provisório: ele só vale durante a recuperação rápida "
                           "(a janela \"inflada\" deixa sair um pacote novo por duplicado). O "
                           "ACK novo \"desinfla\" a janela: cwnd = ssthresh."},
            {"texto": "15: só um pacote se perdeu, então a janela perde 1.",
             "certa": False,
             "explicacao": "A cwnd não conta pacotes perdidos: ela é uma estimativa de quanto "
                           "a rede aguenta. Uma perda é o sinal de que a fila encheu, e a "
                           "resposta do Reno é multiplicativa (a metade), não subtrair 1."},
        ],
    },
    {
        "identificador": "dois_fluxos_uma_fila",
        "enunciado": "Dois remetentes Reno, com o mesmo RTT, dividem a fila de um gargalo de "
                     "2 Mbit/s. A começa sozinho e pega o enlace inteiro; B entra 2 s depois. "
                     "Nenhum sabe do outro. Dez segundos depois, como está a divisão?",
        "opcoes": [
            {"texto": "A continua com quase tudo: chegou primeiro e tem a janela grande.",
             "certa": False,
             "explicacao": "Quando a fila enche, os dois perdem e cortam à metade, e a metade "
                           "de uma janela grande é um corte grande. No aumento aditivo os "
                           "dois ganham o mesmo (+1 por RTT): a diferença entre eles diminui "
                           "a cada ciclo."},
            {"texto": "B fica com mais: ele está na partida lenta, que cresce mais depressa.",
             "certa": False,
             "explicacao": "A partida lenta de B acaba na primeira perda dele, em menos de um "
                           "segundo. Dali em diante os dois seguem as mesmas regras do AIMD."},
            {"texto": "Cada um fica perto da metade, sem ficar exatamente igual: o índice "
                      "de Jain fica perto de 1.",
             "certa": True,
             "explicacao": "Isso: o AIMD leva dois fluxos com o mesmo RTT para perto da "
                           "divisão justa, e a divisão oscila em volta dela. As duas "
                           "células seguintes medem as vazões e mostram as curvas se "
                           "encontrando.",
             "fonte": "Kurose e Ross, seção 3.7 (justiça)"},
            {"texto": "Exatamente 1 Mbit/s cada: o roteador divide o enlace por igual.",
             "certa": False,
             "explicacao": "A fila do gargalo é uma só, FIFO: ela não sabe de fluxos nem "
                           "divide nada. Cada remetente só deduz o que pode pelas perdas e "
                           "confirmações dele, e a divisão varia um pouco a cada execução."},
        ],
    },
    {
        "identificador": "kernel_no_loopback",
        "enunciado": "No Linux, uma conexão TCP do kernel com o Reno manda dados pelo "
                     "loopback (127.0.0.1) por 0,3 s, e o programa lê o TCP_INFO a cada "
                     "envio. O que a cwnd faz?",
        "opcoes": [
            {"texto": "Um dente de serra, como o do remetente da lição: o Reno é o mesmo.",
             "certa": False,
             "explicacao": "O Reno só corta a janela quando há perda, e no loopback nada se "
                           "perde: não há gargalo nem fila que encha. Sem perda, não há "
                           "dente de serra."},
            {"texto": "Começa em 10 e só cresce, com o ssthresh \"infinito\": fica na "
                      "partida lenta.",
             "certa": True,
             "explicacao": "Isso: o Linux começa com 10 segmentos (RFC 6928) e, sem perda, "
                           "o ssthresh fica no valor inicial, \"infinito\". A célula seguinte mostra os números "
                           "(no Windows e no macOS o curso não lê o TCP_INFO, e ela diz "
                           "isso)."},
            {"texto": "Começa em 1, como no livro, e dobra a cada RTT.",
             "certa": False,
             "explicacao": "O livro começa com 1 para simplificar. A RFC 5681 permite "
                           "começar com até 4 segmentos, a RFC 6928 com 10, e o Linux usa "
                           "10."},
            {"texto": "Não muda: no loopback o kernel não usa controle de congestionamento.",
             "certa": False,
             "explicacao": "O TCP do kernel é o mesmo para o loopback e para a rede: ele tem "
                           "cwnd, ssthresh e RTT estimado em toda conexão. O que muda no "
                           "loopback é que nada se perde."},
        ],
    },
]
