"""Perguntas da lição 01 (TCP). O formato está em :mod:`ecolab.exercicios.perguntas`."""

HOWTO = "Python Socket Programming HOWTO (docs.python.org/3/howto/sockets.html), 'Using a Socket'"

PERGUNTAS = [
    {
        "identificador": "bytes_de_ola",
        "enunciado": 'O cliente enviou "Olá, servidor!" (14 caracteres) com encode("utf-8"). '
                     "Quantos bytes o servidor recebeu no recv(1024)?",
        "opcoes": [
            {"texto": "14: um byte por caractere.",
             "certa": False,
             "explicacao": "Um byte por caractere só vale para o ASCII (letras sem acento, "
                           "dígitos, pontuação). Em UTF-8 o 'á' ocupa dois bytes, \\xc3\\xa1, "
                           "como a célula seguinte mostra."},
            {"texto": "15: o 'á' ocupa dois bytes em UTF-8.",
             "certa": True,
             "explicacao": "Isso: 13 caracteres ASCII, um byte cada, e o 'á' com dois "
                           "(\\xc3\\xa1). Um texto com acentos tem mais bytes que letras."},
            {"texto": "28: dois bytes por caractere.",
             "certa": False,
             "explicacao": "Dois bytes por caractere é o UTF-16. Aqui a codificação é a que "
                           "o encode pediu, UTF-8, em que só os caracteres fora do ASCII "
                           "ocupam mais de um byte."},
            {"texto": "1.024: o recv(1024) devolve sempre 1.024 bytes.",
             "certa": False,
             "explicacao": "1.024 é o máximo que aquele recv pode devolver, não o que ele "
                           "devolve: ele entrega o que já chegou, até esse limite.",
             "fonte": HOWTO},
        ],
    },
    {
        "identificador": "aperto_de_mao",
        "enunciado": 'Antes do primeiro byte de "Olá, servidor!", quantos segmentos o '
                     "cliente e o servidor trocam?",
        "opcoes": [
            {"texto": "Nenhum: o primeiro segmento já leva a mensagem.",
             "certa": False,
             "explicacao": "O TCP abre a conexão antes de qualquer dado: o connect só volta "
                           "depois do aperto de mão. Quem manda dados logo no primeiro pacote "
                           "é o UDP, que não tem conexão.",
             "fonte": ("Kurose e Ross, Redes de computadores e a Internet, "
                       "seção 3.5.6 (gerenciamento da conexão TCP)")},
            {"texto": "Um: o SYN do cliente.",
             "certa": False,
             "explicacao": "O SYN só pede a conexão: o servidor precisa responder (e escolher "
                           "o seu número inicial), e o cliente confirma a resposta."},
            {"texto": "Três: SYN, SYN-ACK e ACK.",
             "certa": True,
             "explicacao": "Isso: o aperto de mão em três vias, todo dentro do connect. A "
                           "captura mostra os três primeiros segmentos: ['SYN', 'SYN,ACK', "
                           "'ACK']."},
            {"texto": "Quatro: SYN e ACK de cada lado.",
             "certa": False,
             "explicacao": "A RFC 9293 (seção 3.4.1) descreve quatro passos, mas o ACK do SYN "
                           "do cliente e o SYN do servidor vão juntos num segmento só, o "
                           "SYN-ACK: são três."},
        ],
    },
    {
        "identificador": "primeira_mensagem_lenta",
        "enunciado": "A célula mede 50 conexões novas, no loopback: conectar(), a 1ª "
                     "mensagem e a 2ª, separadamente. Como fica a 1ª mensagem comparada com "
                     "a 2ª?",
        "opcoes": [
            {"texto": "Mais lenta, porque o aperto de mão acontece junto com a 1ª mensagem.",
             "certa": False,
             "explicacao": "O aperto de mão acontece todo dentro de conectar() (o connect), "
                           "que a célula mede à parte. A 1ª mensagem é mais lenta por outro "
                           "motivo: o aquecimento."},
            {"texto": "Mais lenta, mas não pelo aperto de mão: ela paga o aquecimento (o accept "
                      "e a thread do servidor, caches frios).",
             "certa": True,
             "explicacao": "Isso: quando connect volta, o servidor ainda não fez nada; a 1ª "
                           "mensagem espera o accept, a thread nova e o primeiro recv dela. "
                           "A célula seguinte confere que a 1ª demorou mais que a 2ª."},
            {"texto": "Igual à 2ª: no loopback tudo leva o mesmo tempo.",
             "certa": False,
             "explicacao": "No loopback não há rede para esperar, mas há o trabalho do "
                           "servidor e do Python, que é maior na primeira vez."},
            {"texto": "Mais rápida: a conexão acabou de abrir e os buffers estão vazios.",
             "certa": False,
             "explicacao": "Buffers vazios não aceleram nada aqui: uma mensagem de poucos "
                           "bytes cabe em qualquer buffer. A 1ª mensagem é a mais lenta."},
        ],
    },
]
