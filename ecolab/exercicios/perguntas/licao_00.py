"""Perguntas da lição 00 (introdução). O formato está em :mod:`ecolab.exercicios.perguntas`."""

PERGUNTAS = [
    {
        "identificador": "servidor_em_segundo_plano",
        "enunciado": "A próxima célula inicia um ServidorTCP na porta 12000. Quando a célula "
                     "terminar, o que acontece com o servidor?",
        "opcoes": [
            {"texto": "Ele para junto com a célula: terminou a célula, terminou o programa dela.",
             "certa": False,
             "explicacao": "O programa de uma célula é o kernel, que continua ligado depois "
                           "dela. O ServidorTCP espera clientes numa thread em segundo plano, "
                           "que segue viva até servidor.parar() ou até você reiniciar o "
                           "kernel. A célula seguinte conversa com ele."},
            {"texto": "Continua rodando em segundo plano, esperando clientes, enquanto o kernel "
                      "estiver ligado.",
             "certa": True,
             "explicacao": "Isso: a célula só inicia o servidor, que espera conexões numa "
                           "thread própria. A célula mostra 'rodando', e a seguinte envia uma "
                           "mensagem e recebe a resposta. Ele para com servidor.parar() ou "
                           "quando o kernel reinicia."},
            {"texto": "A célula fica presa (com [*]) até chegar o primeiro cliente.",
             "certa": False,
             "explicacao": "Seria assim se a espera (o accept) rodasse na própria célula: a "
                           "lição 01 mostra isso com um socket cru, e por isso lá o accept roda "
                           "numa thread. O ServidorTCP espera em outra thread, e a célula volta "
                           "na hora."},
        ],
    },
    {
        "identificador": "porta_do_cliente",
        "enunciado": "O registro do servidor mostra, em cada linha, o endereço do outro lado da "
                     "conversa. Que porta o cliente usou?",
        "opcoes": [
            {"texto": "A 12000, a mesma do servidor: os dois lados de uma conexão usam a mesma "
                      "porta.",
             "certa": False,
             "explicacao": "A 12000 é a porta do servidor. O cliente tem a sua, e a conexão é "
                           "identificada pelos dois pares, IP e porta de cada lado (a "
                           "quádrupla). No registro, o número depois de 127.0.0.1: na linha "
                           "do cliente não é 12000."},
            {"texto": "Uma porta livre que o sistema escolheu para o cliente ao conectar (uma "
                      "porta efêmera).",
             "certa": True,
             "explicacao": "Isso: o cliente não pediu porta nenhuma, e o sistema lhe deu uma "
                           "livre no connect. O registro mostra essa porta em cada linha; ela "
                           "muda de uma execução para outra."},
            {"texto": "Nenhuma: só o servidor tem porta; o cliente é identificado pelo IP.",
             "certa": False,
             "explicacao": "Todo socket TCP conectado tem IP e porta dos dois lados. Sem porta "
                           "no cliente, dois programas do mesmo computador não teriam como "
                           "receber cada um as suas respostas."},
            {"texto": "A porta 0.",
             "certa": False,
             "explicacao": "A porta 0 é um pedido, 'escolha uma livre para mim', e o sistema a "
                           "troca por um número de verdade; ninguém conversa pela porta 0. "
                           "Aqui o cliente nem pediu: o sistema escolheu no connect."},
        ],
    },
    {
        "identificador": "tcp_e_udp_na_mesma_porta",
        "enunciado": "O servidor TCP ocupa a porta 12000. Se um servidor UDP pedir a mesma "
                     "porta 12000, agora, o que acontece?",
        "opcoes": [
            {"texto": "PortaEmUso: a 12000 já está ocupada pelo servidor TCP.",
             "certa": False,
             "explicacao": "Porta em uso só acontece dentro do mesmo protocolo: TCP com TCP, "
                           "UDP com UDP. O TCP e o UDP têm números de porta separados, e a "
                           "célula seguinte mostra os dois rodando juntos."},
            {"texto": "Funciona: TCP e UDP têm portas separadas, e os dois servidores rodam "
                      "juntos na 12000.",
             "certa": True,
             "explicacao": "Isso, em qualquer sistema (Windows, Linux, macOS): a porta TCP "
                           "12000 e a porta UDP 12000 são portas diferentes. A célula seguinte "
                           "mostra os dois rodando ao mesmo tempo."},
            {"texto": "Funciona, mas o servidor TCP para: a porta passa para o UDP.",
             "certa": False,
             "explicacao": "Ninguém tira a porta de ninguém: são duas portas diferentes, uma "
                           "de cada protocolo. O servidor TCP continua rodando."},
            {"texto": "O servidor UDP começa e passa a receber também as conexões TCP da "
                      "porta 12000.",
             "certa": False,
             "explicacao": "Um segmento TCP só vai para um socket TCP, e um datagrama UDP só "
                           "para um socket UDP: o protocolo faz parte do endereço de destino."},
        ],
    },
]
