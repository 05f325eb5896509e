"""Perguntas da lição 02 (UDP). O formato está em :mod:`ecolab.exercicios.perguntas`."""

KUROSE_UDP = ("Kurose e Ross, Redes de computadores e a Internet, "
              "seção 3.3 (UDP: transporte sem conexão)")

PERGUNTAS = [
    {
        "identificador": "udp_servidor_desligado",
        "enunciado": "Um ClienteUDP (tempo limite de 1 s) envia para a porta 12998, onde "
                     "nenhum programa escuta. O que acontece?",
        "opcoes": [
            {"texto": "O enviar levanta erro na hora, como a conexão recusada do TCP.",
             "certa": False,
             "explicacao": "Quem pensa assim espera do UDP o que o TCP faz no connect. Mas "
                           "no UDP não há conexão para recusar: o sendto entrega o datagrama "
                           "ao sistema e volta, sem esperar ninguém. O único aviso possível é "
                           "uma mensagem ICMP que volta depois, e só o Windows a entrega a um "
                           "socket UDP sem connect: lá o enviar falha logo, mas no recvfrom "
                           "que espera a resposta, não no envio. No Linux e no macOS, nenhum "
                           "aviso chega.",
             "fonte": KUROSE_UDP},
            {"texto": "No Linux e no macOS, só o silêncio: TempoEsgotado depois de 1 s. No "
                      "Windows, o aviso ICMP vira ServidorIndisponivel.",
             "certa": True,
             "explicacao": "Isso: o cliente descobre pelo silêncio (Linux, macOS) ou pelo "
                           "erro 10054 no recvfrom seguinte (Windows). A célula seguinte "
                           "mostra o que o seu sistema fez."},
            {"texto": "O datagrama fica guardado na rede e é entregue quando o servidor voltar.",
             "certa": False,
             "explicacao": "Ninguém guarda datagramas: o sistema do computador de destino o "
                           "descarta na hora, porque nenhum socket usa aquela porta."},
            {"texto": "O UDP reenvia o datagrama até o servidor aparecer.",
             "certa": False,
             "explicacao": "O UDP nunca reenvia nada: ele não sabe se o datagrama chegou. "
                           "Reenviar é trabalho do programa (o exercício 3 desta lição, e a "
                           "lição 05).",
             "fonte": KUROSE_UDP},
        ],
    },
    {
        "identificador": "udp_quantos_datagramas",
        "enunciado": "Na conversa da função acima, o cliente envia duas mensagens (o servidor "
                     "responde cada uma), o servidor para, e o cliente envia uma terceira. "
                     "Quantos datagramas UDP com dados a captura vai ter?",
        "opcoes": [
            {"texto": "3: as três mensagens do cliente.",
             "certa": False,
             "explicacao": "As respostas do servidor também são datagramas UDP, cada uma "
                           "com os seus dados."},
            {"texto": "5: as três mensagens e as duas respostas; no lugar da 3ª resposta "
                      "volta um ICMP.",
             "certa": True,
             "explicacao": "Isso: três do cliente, duas respostas, e a 3ª mensagem provoca "
                           "uma mensagem ICMP 'porta inalcançável', que não é UDP. A célula "
                           "depois do diagrama conta: 5 datagramas e um ICMP (assim na "
                           "captura gravada, do Linux; numa captura ao vivo no Windows ou no "
                           "macOS, o ICMP do loopback pode não aparecer, mas os 5 datagramas "
                           "sim)."},
            {"texto": "6: cada mensagem tem a sua resposta.",
             "certa": False,
             "explicacao": "A 3ª mensagem chega depois de o servidor parar: ninguém a lê, "
                           "ninguém responde."},
            {"texto": "10: cada datagrama é confirmado por outro, como os ACK do TCP.",
             "certa": False,
             "explicacao": "O UDP não confirma nada: não há ACK nem aperto de mão. Se o "
                           "programa quer confirmação, ele mesmo a envia (a lição 05 faz "
                           "isso).",
             "fonte": KUROSE_UDP},
        ],
    },
    {
        "identificador": "udp_datagrama_grande",
        "enunciado": "Um sendto de 70.000 bytes, num socket UDP, para 127.0.0.1. O que "
                     "acontece?",
        "opcoes": [
            {"texto": "O sistema recusa: sobre IPv4, um datagrama leva no máximo 65.507 "
                      "bytes de dados.",
             "certa": True,
             "explicacao": "Isso: o pacote IPv4 inteiro tem no máximo 65.535 bytes (o campo "
                           "de tamanho tem 16 bits), menos 20 do IP e 8 do UDP. O sendto "
                           "falha com EMSGSIZE (no Windows, o erro 10040, WSAEMSGSIZE), como "
                           "a célula seguinte mostra."},
            {"texto": "O UDP divide os bytes em vários datagramas, como o TCP faz com um "
                      "fluxo.",
             "certa": False,
             "explicacao": "Um sendto é sempre um datagrama só. (O IP pode partir um "
                           "datagrama grande em fragmentos, mas eles são juntados de novo "
                           "num só datagrama, e só até o limite de 65.535 bytes do pacote.)"},
            {"texto": "Vai cortado: chegam os primeiros 65.507 bytes, e o resto se perde.",
             "certa": False,
             "explicacao": "Quem envia não corta: recusa. Cortes acontecem do lado de quem "
                           "recebe, quando o recvfrom pede menos bytes que o datagrama tem "
                           "(no Linux e no macOS, corta em silêncio; no Windows, dá erro "
                           "10040)."},
            {"texto": "Vai inteiro: no loopback não há limite de tamanho.",
             "certa": False,
             "explicacao": "O limite que vale aqui não é o do enlace (o MTU), é o do próprio "
                           "IPv4: um pacote tem no máximo 65.535 bytes, em qualquer sistema e "
                           "em qualquer interface, o loopback também."},
        ],
    },
]
