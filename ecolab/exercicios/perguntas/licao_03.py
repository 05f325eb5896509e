"""Perguntas da lição 03. O formato está em :mod:`ecolab.exercicios.perguntas`."""

HOWTO = "Python Socket Programming HOWTO (docs.python.org/3/howto/sockets.html), 'Using a Socket'"
VERIFICADOR = ("o erro que o verificador de tcp_perguntar (lição 01) mais pega: tratar o "
               "primeiro recv como a mensagem inteira")

PERGUNTAS = [
    {
        "identificador": "tcp_dois_envios_um_recv",
        "enunciado": 'O cliente TCP faz dois sendall, b"um" e depois b"dois". O servidor só lê '
                     "0,2 s depois, com um recv(1024). O que esse recv devolve?",
        "opcoes": [
            {"texto": "b'um': um sendall, um recv.",
             "certa": False,
             "explicacao": "É a ideia de que o TCP entrega mensagens, como o UDP. Mas o TCP "
                           "entrega um fluxo de bytes, sem fronteiras entre os envios: o recv "
                           "devolve o que já chegou, até 1.024 bytes. Um send não corresponde "
                           "a um recv; se o seu recv devolver só b'um', foi a hora em que os "
                           "bytes chegaram que decidiu, não o sendall.",
             "fonte": f"{HOWTO}; {VERIFICADOR}"},
            {"texto": "b'umdois' (ou outra divisão qualquer): o TCP não guarda a fronteira.",
             "certa": True,
             "explicacao": "Isso: os dois envios já estão no buffer quando o servidor lê, e "
                           "um recv leva tudo. No loopback do Linux, com a espera de 0,2 s, "
                           "sai b'umdois'; em outro sistema pode sair só b'um' (o Nagle "
                           "segura o b'dois' até o ACK do b'um', e o Windows atrasa esse ACK "
                           "em até 200 ms: a lição 08). O TCP não promete essa nem outra "
                           "divisão."},
            {"texto": "Um erro: o recv encontrou duas mensagens e não sabe qual devolver.",
             "certa": False,
             "explicacao": "Para o TCP não há 'duas mensagens', só bytes em sequência. Quem "
                           "precisa de mensagens combina um enquadramento (a seção seguinte)."},
            {"texto": "b'dois': o envio mais novo substitui o anterior no buffer.",
             "certa": False,
             "explicacao": "O TCP nunca joga bytes fora nem troca a ordem: tudo o que um lado "
                           "envia chega ao outro, na ordem."},
        ],
    },
    {
        "identificador": "udp_dois_envios",
        "enunciado": 'Agora com UDP: o remetente faz dois sendto, b"um" e depois b"dois", e o '
                     "receptor só lê 0,2 s depois. O que devolve o primeiro recvfrom(1024)?",
        "opcoes": [
            {"texto": "b'umdois', como no TCP.",
             "certa": False,
             "explicacao": "No UDP cada sendto é um datagrama, e cada recvfrom devolve "
                           "exatamente um datagrama, inteiro: eles nunca se juntam."},
            {"texto": "b'um'; o próximo recvfrom devolve b'dois'.",
             "certa": True,
             "explicacao": "Isso: o UDP mantém a fronteira de cada datagrama. No loopback eles "
                           "chegam na ordem; numa rede, um pode se perder ou trocar de lugar "
                           "com o outro, mas nunca se juntam."},
            {"texto": "b'dois': o datagrama mais novo substitui o anterior.",
             "certa": False,
             "explicacao": "O socket guarda os datagramas numa fila, na ordem de chegada, até "
                           "o programa ler."},
            {"texto": "Só b'um': o b'dois' se perdeu porque ninguém estava lendo.",
             "certa": False,
             "explicacao": "A fila de recepção guarda vários datagramas enquanto o programa "
                           "não lê. Só quando ela enche o sistema descarta os que chegam (a "
                           "seção 2 mostra isso)."},
        ],
    },
    {
        "identificador": "resposta_velha",
        "enunciado": "Um cliente com socket UDP cru e tempo limite de 0,1 s envia 'um' e "
                     "depois 'dois' a um servidor de eco, por uma rede que atrasa cada "
                     "resposta em 0,16 s. O 'um' dá tempo esgotado. E depois de enviar "
                     "'dois', o que o cliente recebe?",
        "opcoes": [
            {"texto": "'Resposta do servidor: dois'.",
             "certa": False,
             "explicacao": "A resposta de 'dois' ainda está a caminho: ela leva 0,16 s, e o "
                           "cliente só espera 0,1 s."},
            {"texto": "'Resposta do servidor: um', a resposta atrasada do pedido anterior.",
             "certa": True,
             "explicacao": "Isso: a resposta de 'um' chega enquanto o cliente espera a de "
                           "'dois', e nada no datagrama diz a que pedido ele responde. É a "
                           "resposta velha: só um número de sequência no pedido e na "
                           "resposta resolve (o exercício 1)."},
            {"texto": "Tempo esgotado de novo, como no 'um'.",
             "certa": False,
             "explicacao": "A resposta de 'um' saiu do servidor logo no começo e chega aos "
                           "0,16 s, dentro da espera de 'dois' (de 0,1 s a 0,2 s): o socket a "
                           "entrega."},
            {"texto": "As duas respostas juntas, num recvfrom só.",
             "certa": False,
             "explicacao": "Datagramas nunca se juntam: cada recvfrom devolve um."},
        ],
    },
]
