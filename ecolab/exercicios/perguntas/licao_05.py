"""Perguntas da lição 05. O formato está em :mod:`ecolab.exercicios.perguntas`."""

PERGUNTAS = [
    {
        "identificador": "rtt_com_atraso_na_ida",
        "enunciado": "A rede instável atrasa cada datagrama em 20 ms só no sentido de ida "
                     "(sentido=\"ida\") e perde 30%. Das mensagens que voltam, qual vai ser a "
                     "mediana do tempo de ida e volta?",
        "opcoes": [
            {"texto": "Perto de 40 ms: 20 ms na ida e 20 ms na volta.",
             "certa": False,
             "explicacao": "Com sentido=\"ida\", só os datagramas do cliente para o servidor "
                           "esperam 20 ms; as respostas voltam sem atraso."},
            {"texto": "Um pouco mais de 20 ms: o atraso da ida, mais frações de milissegundo "
                      "do loopback e do Python.",
             "certa": True,
             "explicacao": "Isso: a ida custa 20 ms, e o resto (a volta, o servidor, o Python) "
                           "custa frações de milissegundo. A célula mostra a mediana logo "
                           "acima de 20 ms."},
            {"texto": "Uns 26 ms: os 20 ms mais 30% por causa da perda.",
             "certa": False,
             "explicacao": "A perda não atrasa as mensagens que chegam: as perdidas não "
                           "voltam, e medir_rtt as conta à parte. O tempo de ida e volta é só "
                           "das que voltaram."},
            {"texto": "Uns 0,03 ms, como no loopback: o atraso só pesa nas perdidas.",
             "certa": False,
             "explicacao": "Quem pensa assim junta atraso e perda num problema só, como se "
                           "só os pacotes com problema demorassem. Mas o atraso vale para "
                           "todo datagrama que passa pela rede instável na ida; as perdidas "
                           "nem têm tempo de ida e volta."},
        ],
    },
    {
        "identificador": "pare_e_espere_vazao",
        "enunciado": "O pare e espere envia 25 linhas curtas por uma rede com 20 ms de ida "
                     "e volta (10 ms em cada sentido), sem perdas, num computador rápido. "
                     "Quantas linhas por segundo, no máximo?",
        "opcoes": [
            {"texto": "Milhares: o loopback é rapidíssimo, e cada linha tem poucos bytes.",
             "certa": False,
             "explicacao": "O que limita o pare e espere não é a velocidade da rede, é a "
                           "espera: cada linha só sai depois da confirmação da anterior, uma "
                           "ida e volta inteira."},
            {"texto": "No máximo 50: cada linha espera uma ida e volta de 20 ms.",
             "certa": True,
             "explicacao": "Isso: 1 s ÷ 20 ms = 50 linhas por segundo, por mais rápida que "
                           "seja a rede (e um pouco menos na prática). A célula mede; a "
                           "seguinte confere que não passou de 50."},
            {"texto": "Uns 100: enquanto espera a confirmação de uma linha, o remetente já "
                      "envia a próxima.",
             "certa": False,
             "explicacao": "Isso seria uma janela deslizante, com várias linhas em voo. O "
                           "pare e espere, por definição, para e espera a confirmação antes "
                           "de enviar a próxima.",
             "fonte": ("Kurose e Ross, Redes de computadores e a Internet, "
                       "seção 3.4.2 (protocolos com paralelismo: a utilização do pare e espere)")},
            {"texto": "25 por segundo: uma por ida e uma por volta.",
             "certa": False,
             "explicacao": "A ida de uma linha e a volta da confirmação juntas são uma ida e "
                           "volta, 20 ms: cabem 50 em um segundo, não 25."},
        ],
    },
    {
        "identificador": "pare_e_espere_copia",
        "enunciado": "Agora a rede perde 20% dos datagramas, dados e confirmações. Quando a "
                     "confirmação A|k se perde, o remetente envia D|k de novo. O que o "
                     "receptor faz com essa cópia?",
        "opcoes": [
            {"texto": "Confirma de novo (A|k) e não entrega a linha outra vez.",
             "certa": True,
             "explicacao": "Isso: a cópia mostra que a confirmação anterior se perdeu, então "
                           "ele confirma de novo; e, pelo número, sabe que a linha já foi "
                           "entregue. A célula mostra o texto inteiro, sem linha repetida, "
                           "apesar das retransmissões."},
            {"texto": "Entrega de novo: chegou, entrega.",
             "certa": False,
             "explicacao": "Então o texto chegaria com linhas repetidas. O número de "
                           "sequência existe justamente para reconhecer a cópia."},
            {"texto": "Ignora, sem responder: ele já confirmou aquela linha.",
             "certa": False,
             "explicacao": "A confirmação anterior se perdeu: sem outra, o remetente "
                           "reenviaria D|k até desistir. Confirme toda cópia.",
             "fonte": "um dos erros que o verificador de udp_receptor_confiavel confere: "
                      "confirmar todo D e todo F, inclusive os repetidos"},
            {"texto": "Responde com um pedido da próxima linha.",
             "certa": False,
             "explicacao": "É o raciocínio de quem conhece o ACK do TCP, que diz o próximo "
                           "byte esperado (RFC 9293, seção 3.1) e parece um pedido. No "
                           "protocolo desta lição, A|k diz qual linha chegou, e o receptor "
                           "confirma de novo a k. Nos dois casos, quem decide o que enviar é "
                           "o remetente: o receptor só confirma."},
        ],
    },
]
