"""Perguntas da lição 08. O formato está em :mod:`ecolab.exercicios.perguntas`."""

PERGUNTAS = [
    {
        "identificador": "receptor_que_nao_le",
        "enunciado": "O receptor nunca chama recv. O remetente envia blocos de 64 KiB sem "
                     "parar, com meio segundo de prazo para cada send. O que acontece?",
        "opcoes": [
            {"texto": "O primeiro send já espera: nada sai enquanto o receptor não ler.",
             "certa": False,
             "explicacao": "O send não entrega ao programa do outro lado: ele copia os bytes "
                           "para o buffer de envio do sistema e volta. Os bytes vão para o "
                           "buffer de recepção do outro lado mesmo sem ninguém ler."},
            {"texto": "O send aceita uma parte (o que cabe nos buffers dos dois lados; no "
                      "Linux, alguns megabytes) e depois para de caber.",
             "certa": True,
             "explicacao": "Isso: enchem o buffer de recepção do receptor e o de envio do "
                           "remetente; aí o receptor anuncia janela zero e o send não tem "
                           "onde pôr mais nada. Quanto cabe depende do sistema: a célula "
                           "mostra o seu."},
            {"texto": "O send aceita tudo, sem parar: o que não cabe é descartado, como no "
                      "UDP.",
             "certa": False,
             "explicacao": "O TCP não descarta dados de uma conexão que funciona: o controle "
                           "de fluxo faz quem envia esperar até o receptor ter espaço.",
             "fonte": ("Kurose e Ross, Redes de computadores e a Internet, "
                       "seção 3.5.5 (controle de fluxo)")},
            {"texto": "A conexão cai com um erro quando o buffer do receptor enche.",
             "certa": False,
             "explicacao": "Buffer cheio não é erro: a conexão continua, só parada, e volta a "
                           "andar quando o receptor lê (mais abaixo, o receptor lê e o "
                           "remetente volta a enviar na hora)."},
        ],
    },
    {
        "identificador": "udp_inundacao",
        "enunciado": "2.000 datagramas de 100 bytes (200.000 bytes ao todo) vão para um "
                     "receptor UDP que não lê enquanto isso. No Linux em que a lição foi "
                     "gravada, o buffer de recepção padrão tem 212.992 bytes. Quantos chegam?",
        "opcoes": [
            {"texto": "Todos: 200.000 bytes cabem num buffer de 212.992.",
             "certa": False,
             "explicacao": "A conta ingênua esquece a embalagem: cada datagrama guardado "
                           "ocupa no buffer muito mais que os seus bytes (no Linux desta "
                           "máquina, 832 bytes por um datagrama de 100)."},
            {"texto": "Todos: o sendto espera o receptor ter espaço, como o TCP.",
             "certa": False,
             "explicacao": "O UDP não tem controle de fluxo: o receptor não anuncia janela, e "
                           "o sendto volta sem saber de nada."},
            {"texto": "Só uma parte, os primeiros; o resto é descartado, sem aviso a ninguém.",
             "certa": True,
             "explicacao": "Isso: o buffer enche com os primeiros, e o sistema do receptor "
                           "joga fora os que chegam depois. No Linux desta máquina, chegaram "
                           "256 dos 2.000. Em outro sistema, o buffer padrão e o quanto cada "
                           "datagrama ocupa nele são outros, e o número muda (com um buffer "
                           "grande o bastante, caberiam todos): a célula mostra o seu."},
            {"texto": "Nenhum: um receptor que não lê recusa todos.",
             "certa": False,
             "explicacao": "O sistema guarda os datagramas para o programa ler depois, até o "
                           "buffer encher; não ler não recusa nada."},
        ],
    },
    {
        "identificador": "nagle_e_ack_atrasado",
        "enunciado": "O cliente envia cada pedido em dois sendall pequenos (cabeçalho e "
                     "corpo) e espera a resposta, no loopback, com o Nagle ligado (o padrão). "
                     "Quanto leva cada pedido, depois do primeiro?",
        "opcoes": [
            {"texto": "Menos de 1 ms: no loopback não há rede para esperar.",
             "certa": False,
             "explicacao": "O que se espera aqui não é a rede, são dois temporizadores do "
                           "TCP: o Nagle segura o corpo até o cabeçalho ser confirmado, e o "
                           "receptor atrasa essa confirmação."},
            {"texto": "Dezenas de milissegundos ou mais (no Linux, uns 40 ms): o Nagle segura "
                      "o corpo, e o ACK atrasado demora a liberá-lo.",
             "certa": True,
             "explicacao": "Isso: o corpo espera o ACK do cabeçalho, e o receptor espera o "
                           "corpo para responder junto. Quem desempata é o temporizador do "
                           "ACK atrasado: no Linux, pelo menos 40 ms; no Windows, o padrão é "
                           "200 ms, segundo a documentação da Microsoft (esta lição não o "
                           "mediu)."},
            {"texto": "O dobro de um envio só: duas chamadas, o dobro do tempo.",
             "certa": False,
             "explicacao": "Duas chamadas custam microssegundos a mais. A diferença medida é "
                           "de centenas de vezes, e vem da espera entre os dois mecanismos."},
            {"texto": "Nunca termina: o Nagle e o ACK atrasado travam para sempre.",
             "certa": False,
             "explicacao": "Não é um impasse eterno: o temporizador do ACK atrasado vence, a "
                           "confirmação sai, e o corpo vai. A RFC 9293 (seção 3.8.6.3) exige "
                           "que esse atraso seja menor que 0,5 s."},
        ],
    },
]
