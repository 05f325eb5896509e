"""Perguntas da lição 04. O formato está em :mod:`ecolab.exercicios.perguntas`."""

PERGUNTAS = [
    {
        "identificador": "um_de_cada_vez_beto",
        "enunciado": "O servidor atende um cliente de cada vez. A Ana está conectada. O Beto "
                     "conecta, envia uma linha e espera a resposta por 1 s. O que acontece?",
        "opcoes": [
            {"texto": "O connect do Beto é recusado: o servidor está ocupado com a Ana.",
             "certa": False,
             "explicacao": "Quem completa o aperto de mão é o sistema operacional, que guarda "
                           "a conexão na fila do listen até o programa chamar accept. A "
                           "conexão do Beto dá certo; falta alguém ler o que ele enviou."},
            {"texto": "A conexão dá certo, mas a resposta não vem em 1 s: o servidor só "
                      "atende o Beto quando a Ana sair.",
             "certa": True,
             "explicacao": "Isso: o laço está dentro de atender(conexao) da Ana e só volta ao "
                           "accept quando ela fecha a conexão. A célula mostra o Beto sem "
                           "resposta, e a seguinte, o Beto atendido depois que a Ana sai."},
            {"texto": "O Beto é atendido na hora: o sistema reparte o servidor entre os dois.",
             "certa": False,
             "explicacao": "O sistema não reparte um programa que está parado esperando a "
                           "Ana num recv. Atender dois ao mesmo tempo exige threads ou um laço "
                           "de eventos: as próximas seções."},
            {"texto": "A Ana é desconectada para o Beto entrar.",
             "certa": False,
             "explicacao": "Nada fecha a conexão da Ana a não ser ela mesma (ou o servidor, "
                           "se o programa mandar). A Ana continua conectada."},
        ],
    },
    {
        "identificador": "laco_preso_no_ze",
        "enunciado": "No laço de eventos (uma thread só), o Zé encheu os buffers e não lê o "
                     "eco. A Ana conecta e envia uma linha, esperando 1 s. O que acontece?",
        "opcoes": [
            {"texto": "A Ana é atendida: o laço atende todos, um evento de cada vez.",
             "certa": False,
             "explicacao": "Seria assim se nada no laço esperasse. Mas o laço está parado no "
                           "sendall do eco para o Zé, e enquanto isso não chama select nem "
                           "lê a Ana."},
            {"texto": "A Ana fica sem resposta: a única thread está parada no sendall para "
                      "o Zé.",
             "certa": True,
             "explicacao": "Isso: o sendall espera caber o eco no buffer do Zé, que não lê. "
                           "Dentro de um laço de eventos, esperar por um cliente é esperar por "
                           "todos. A célula mostra a Ana sem resposta."},
            {"texto": "O sistema joga fora os bytes do Zé que não cabem, e o laço segue.",
             "certa": False,
             "explicacao": "O TCP não joga fora dados de uma conexão que funciona: o controle "
                           "de fluxo faz quem envia esperar (a janela zero, lição 08). Quem "
                           "descarta o que não cabe é o UDP."},
            {"texto": "A conexão da Ana é recusada.",
             "certa": False,
             "explicacao": "O aperto de mão é do sistema, que guarda a conexão na fila do "
                           "listen: o connect da Ana dá certo. O que falta é a resposta."},
        ],
    },
    {
        "identificador": "bate_papo_quando_chega",
        "enunciado": "No bate-papo, a Ana envia, depois o Beto, depois a Ana de novo. Quando "
                     "a caixa da Ana mostra a mensagem do Beto?",
        "opcoes": [
            {"texto": "Na hora em que o Beto envia.",
             "certa": False,
             "explicacao": "Este servidor só responde a quem falou: publicar devolve as "
                           "mensagens novas para quem enviou, e o servidor nunca envia nada "
                           "por conta própria. A Ana não recebe nada enquanto não falar."},
            {"texto": "Quando a própria Ana envia de novo: a resposta traz as mensagens novas "
                      "do mural.",
             "certa": True,
             "explicacao": "Isso: a resposta à 2ª mensagem da Ana traz a do Beto e a dela. Um "
                           "bate-papo de verdade envia a todos na hora, e cada cliente tem uma "
                           "thread só para ler: é o último exercício."},
            {"texto": "Nunca: cada caixa só mostra as mensagens de quem a usa.",
             "certa": False,
             "explicacao": "O servidor guarda todas as mensagens num mural só, e cada resposta "
                           "traz o que a pessoa ainda não viu, de qualquer um."},
        ],
    },
]
