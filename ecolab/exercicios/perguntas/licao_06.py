"""Perguntas da lição 06. O formato está em :mod:`ecolab.exercicios.perguntas`."""

PERGUNTAS = [
    {
        "identificador": "gbn_volta_n",
        "enunciado": "Go-Back-N com janela 4: os pacotes 3, 4, 5 e 6 estão a caminho, e o 3 "
                     "se perdeu. Quando o temporizador do 3 estoura, o que o remetente "
                     "reenvia?",
        "opcoes": [
            {"texto": "Só o 3: o receptor guardou o 4, o 5 e o 6, e só falta o 3.",
             "certa": False,
             "explicacao": "Essa é a Repetição Seletiva. O receptor Go-Back-N não tem buffer: "
                           "ele só aceita o pacote que espera (o 3) e descarta o 4, o 5 e o 6 "
                           "que chegam antes dele, repetindo a última confirmação. Por isso o "
                           "remetente tem de reenviá-los.",
             "fonte": ("Kurose e Ross, Redes de computadores e a Internet, seção 3.4.3 "
                       "(Go-Back-N: o receptor descarta os pacotes fora de ordem)")},
            {"texto": "O 3 e todos os seguintes que já tinha enviado: 3, 4, 5 e 6.",
             "certa": True,
             "explicacao": "Isso: o receptor jogou fora tudo o que chegou depois do 3 "
                           "perdido, então o remetente volta ao base e reenvia a janela que "
                           "estava a caminho. A célula seguinte mostra o registro: no "
                           "Go-Back-N, o estouro é seguido de várias retransmissões; na "
                           "Repetição Seletiva, de uma só."},
            {"texto": "Todos desde o pacote 0: \"volta N\" quer dizer recomeçar do início.",
             "certa": False,
             "explicacao": "Os pacotes 0, 1 e 2 já foram confirmados: a janela já saiu de "
                           "cima deles e o receptor já os entregou. O remetente volta só ao "
                           "base, o mais antigo sem confirmação (aqui, o 3)."},
            {"texto": "Nada: a confirmação cumulativa do 6 já cobre o 3.",
             "certa": False,
             "explicacao": "A confirmação do 6 nunca vem: sem o 3, o receptor não aceitou o "
                           "4, o 5 nem o 6, e continua pedindo o 3 (ack = 3: no curso, como no "
                           "TCP, a confirmação diz o próximo esperado; no livro, o receptor "
                           "repete o ACK do último em ordem, o 2). A confirmação cumulativa "
                           "cobre uma confirmação perdida, não um pacote perdido."},
        ],
    },
    {
        "identificador": "janela_dobrada",
        "enunciado": "Sem perda, pelo gargalo de 2 Mbit/s com 40 ms de propagação, a janela "
                     "passa de 16 para 32 pacotes. O que acontece com a vazão?",
        "opcoes": [
            {"texto": "Dobra: o dobro de pacotes a caminho, o dobro de dados por RTT.",
             "certa": False,
             "explicacao": "Só enquanto o enlace não está cheio. Pela fórmula, "
                           "U = min(1, N·(L/R) / (RTT + L/R)): aqui, com N = 11 o gargalo já "
                           "está ocupado o tempo todo. Os pacotes a mais não saem mais "
                           "depressa: esperam na fila do gargalo.",
             "fonte": ("Kurose e Ross, Redes de computadores e a Internet, seção 3.4.2 "
                       "(a utilização com paralelismo)")},
            {"texto": "Fica praticamente igual: a janela 16 já enche o gargalo.",
             "certa": True,
             "explicacao": "Isso: com N·L/R ≥ RTT + L/R (N ≥ 11 aqui), o enlace transmite o "
                           "tempo todo, e a vazão para perto de 1.976 kbit/s (os dados de "
                           "2 Mbit/s; o resto são cabeçalhos). A tabela da célula seguinte "
                           "mostra as janelas 16 e 32 quase iguais, nos dois protocolos, e a "
                           "outra célula confere."},
            {"texto": "Cai: os pacotes a mais transbordam a fila do gargalo e se perdem.",
             "certa": False,
             "explicacao": "A fila do gargalo desta rede guarda 100 datagramas, e 32 cabem "
                           "nela: nada se perde (a célula mostra que todas as transferências "
                           "chegaram intactas). Os pacotes a mais só esperam, e o RTT cresce "
                           "(a seção 4 mede isso). Com uma fila menor, aí sim haveria perda."},
            {"texto": "Dobra na Repetição Seletiva, que confirma pacote a pacote; no "
                      "Go-Back-N fica igual.",
             "certa": False,
             "explicacao": "Sem perda, os dois protocolos fazem a mesma coisa: enviam a "
                           "janela e andam a cada confirmação. A diferença entre eles só "
                           "aparece quando um pacote se perde."},
        ],
    },
    {
        "identificador": "amostra_retransmitido",
        "enunciado": "Na Repetição Seletiva da seção 2, o pacote 3 se perdeu: o temporizador "
                     "dele estourou, o remetente o reenviou, e depois chegou a confirmação "
                     "do 3. Que amostra de RTT o remetente deve tirar dessa confirmação?",
        "opcoes": [
            {"texto": "Do primeiro envio até a confirmação: é o tempo que o pacote levou.",
             "certa": False,
             "explicacao": "Se a confirmação responde ao reenvio (o primeiro envio se perdeu, "
                           "como aqui), essa conta põe o timeout inteiro dentro da amostra: um "
                           "RTT grande demais, que infla o SRTT e o timeout.",
             "fonte": ("Kurose e Ross, Redes de computadores e a Internet, seção 3.5.3 "
                       "(o TCP não mede o SampleRTT de um segmento retransmitido)")},
            {"texto": "Do reenvio até a confirmação: o último envio é o que valeu.",
             "certa": False,
             "explicacao": "Se o primeiro envio só atrasou e a confirmação responde a ele, "
                           "essa conta dá um RTT pequeno demais (às vezes quase zero), e o "
                           "timeout encolhe: mais retransmissões à toa, que dão mais amostras "
                           "erradas.",
             "fonte": "Karn e Partridge, 1987; RFC 6298, seção 3"},
            {"texto": "Nenhuma: não dá para saber a qual dos dois envios ela responde.",
             "certa": True,
             "explicacao": "Isso: é a regra de Karn (RFC 6298, seção 3). A confirmação de um "
                           "pacote retransmitido não vira amostra. A célula seguinte mostra o "
                           "registro do remetente: as confirmações dos pacotes reenviados "
                           "vêm sem amostra; as dos outros, com."},
            {"texto": "A média das duas contas: o erro fica pela metade.",
             "certa": False,
             "explicacao": "Continua um palpite: se a confirmação responde ao reenvio, a média "
                           "ainda soma metade do timeout ao RTT. Sem saber a qual envio ela "
                           "responde, não há conta que acerte."},
        ],
    },
    {
        "identificador": "timeout_igual_srtt",
        "enunciado": "Na transferência a seguir, o RTT sobe de uns 45 ms para uns 160 ms "
                     "conforme a fila do gargalo enche. E se o timeout fosse só o RTT médio "
                     "(o SRTT), sem a parcela 4·RTTVAR?",
        "opcoes": [
            {"texto": "Funcionaria bem: a média é o valor mais provável do RTT.",
             "certa": False,
             "explicacao": "A média fica no meio das amostras: muitas passam dela. Cada "
                           "confirmação que chega depois do timeout é um estouro à toa, e o "
                           "remetente reenvia um pacote que não se perdeu. A célula depois "
                           "da próxima confere quantas amostras passaram do SRTT em vigor.",
             "fonte": ("Kurose e Ross, Redes de computadores e a Internet, seção 3.5.3 "
                       "(o timeout deve ser maior que o EstimatedRTT, senão há "
                       "retransmissões desnecessárias)")},
            {"texto": "Muitas confirmações chegariam depois do timeout: o remetente "
                      "reenviaria pacotes que só atrasaram.",
             "certa": True,
             "explicacao": "Isso: numa transferência assim, perto de metade das amostras passa "
                           "do SRTT em vigor quando chega. Por isso a RFC 6298 (seção 2) soma "
                           "quatro vezes o desvio, RTO = SRTT + 4·RTTVAR, e põe um mínimo. "
                           "Com o timeout do curso (essa conta, com mínimo de 0,2 s), nenhuma "
                           "amostra passou dele, como a célula depois da próxima confere. "
                           "Aqui quem mais segura o timeout é o mínimo: o texto depois dela "
                           "mostra quanto."},
            {"texto": "O remetente demoraria demais para perceber uma perda.",
             "certa": False,
             "explicacao": "É o contrário: o SRTT é menor que SRTT + 4·RTTVAR, então o "
                           "timeout ficaria mais curto, não mais longo. O erro de um timeout "
                           "curto é reenviar o que não se perdeu."},
            {"texto": "Nada mudaria: SRTT e RTO são o mesmo número com nomes diferentes.",
             "certa": False,
             "explicacao": "O SRTT é a média das amostras; o RTO é o timeout, "
                           "SRTT + 4·RTTVAR, com um mínimo (0,2 s no curso). O gráfico da "
                           "célula seguinte desenha os dois: o timeout fica acima do SRTT."},
        ],
    },
]
