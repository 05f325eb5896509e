"""Perguntas da lição 07. O formato está em :mod:`ecolab.exercicios.perguntas`."""

KUROSE = ("Kurose e Ross, Redes de computadores e a Internet, "
          "seção 3.5.6 (gerenciamento da conexão TCP)")

PERGUNTAS = [
    {
        "identificador": "backlog_sem_accept",
        "enunciado": "Um servidor com listen(1) nunca chama accept. Cinco clientes tentam "
                     "conectar, um depois do outro. Quantas conexões completam o aperto de mão?",
        "opcoes": [
            {"texto": "Nenhuma: quem faz o aperto de mão é o accept.",
             "certa": False,
             "explicacao": "O aperto de mão é do sistema operacional, sem o programa: ele "
                           "completa a conexão e a guarda na fila. O accept só tira da fila "
                           "uma conexão já aberta.",
             "fonte": KUROSE},
            {"texto": "Algumas, sem accept nenhum: o sistema completa o aperto de mão e guarda "
                      "as conexões na fila, até o limite que tira do backlog (no Linux, 2).",
             "certa": True,
             "explicacao": "Isso: no Linux, listen(1) deixa entrar duas (uma a mais que o "
                           "pedido); cada sistema interpreta o backlog do seu jeito. A célula "
                           "conta as do seu."},
            {"texto": "Exatamente 1, em qualquer sistema: o backlog é o número de conexões.",
             "certa": False,
             "explicacao": "O backlog é uma sugestão que cada sistema interpreta: o Linux, "
                           "por exemplo, aceita uma a mais que o número pedido."},
            {"texto": "Todas as cinco: o backlog só vale depois do primeiro accept.",
             "certa": False,
             "explicacao": "A fila vale desde o listen. Com ela cheia, a próxima conexão não "
                           "entra: o Linux descarta o SYN em silêncio, e o cliente espera até "
                           "o tempo limite."},
        ],
    },
    {
        "identificador": "segundo_recv_depois_do_fin",
        "enunciado": "O cliente envia o pedido e chama shutdown(SHUT_WR). O servidor chama "
                     "recv(1024) duas vezes: a primeira traz o pedido. O que a segunda devolve?",
        "opcoes": [
            {"texto": "Nada ainda: ela espera até o tempo limite (2 s) e dá TimeoutError.",
             "certa": False,
             "explicacao": "Esperar é o que o recv faz quando não chegou nada e a conexão "
                           "continua aberta. Aqui chegou o FIN: o fluxo do cliente acabou, e "
                           "o recv volta na hora."},
            {"texto": "b'': o FIN chegou, o cliente não vai enviar mais nada.",
             "certa": True,
             "explicacao": "Isso: um recv que devolve b'' quer dizer 'fim do fluxo do outro "
                           "lado', nunca 'ainda não chegou nada'. O servidor ainda pode "
                           "responder: a conexão está meio fechada."},
            {"texto": "ConnectionResetError: o cliente fechou a conexão.",
             "certa": False,
             "explicacao": "shutdown(SHUT_WR) manda um FIN, o fim educado de um sentido; "
                           "ConnectionResetError vem de um RST, o fim abrupto (a seção 5)."},
            {"texto": "O pedido de novo: o recv relê o que ainda está no buffer.",
             "certa": False,
             "explicacao": "O recv tira os bytes do buffer ao devolvê-los: o pedido só vem "
                           "uma vez."},
        ],
    },
    {
        "identificador": "quem_fica_em_time_wait",
        "enunciado": "O cliente mandou o primeiro FIN (com shutdown) e ainda não chamou "
                     "close. Agora o servidor chama close. Na tabela de sockets, quem fica em "
                     "TIME-WAIT?",
        "opcoes": [
            {"texto": "Ninguém: o close apaga a conexão na hora.",
             "certa": False,
             "explicacao": "O close pede o fim; quem mandou o primeiro FIN ainda guarda a "
                           "conexão em TIME-WAIT por um tempo (60 s no Linux), para o caso de "
                           "o último ACK se perder e o FIN do outro lado voltar.",
             "fonte": KUROSE},
            {"texto": "O servidor, que chamou close primeiro.",
             "certa": False,
             "explicacao": "TIME-WAIT não é de quem chama close primeiro no programa, e sim "
                           "de quem mandou o primeiro FIN (o fechamento ativo). Aqui foi o "
                           "shutdown do cliente."},
            {"texto": "O cliente, que mandou o primeiro FIN, mesmo sem ter chamado close.",
             "certa": True,
             "explicacao": "Isso: quem fecha primeiro (o primeiro FIN) passa por FIN-WAIT-2 e "
                           "termina em TIME-WAIT. A tabela da célula seguinte mostra o socket "
                           "do cliente em TIME-WAIT, e o servidor já fora dela."},
            {"texto": "Os dois, cada um por 60 s.",
             "certa": False,
             "explicacao": "Só quem fecha primeiro passa por TIME-WAIT. Quem fecha depois "
                           "(aqui, o servidor) vai de CLOSE-WAIT para LAST-ACK e acaba quando "
                           "o seu FIN é confirmado."},
        ],
    },
]
