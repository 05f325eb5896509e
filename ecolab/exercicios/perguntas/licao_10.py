"""Perguntas da lição 10. O formato está em :mod:`ecolab.exercicios.perguntas`."""

PERGUNTAS = [
    {
        "identificador": "sha256_um_bit",
        "enunciado": "Trocamos um único bit do arquivo de 250.000 bytes e calculamos o "
                     "SHA-256 de novo. O que acontece com o resumo?",
        "opcoes": [
            {"texto": "Muda só o último algarismo: a mudança foi mínima.",
             "certa": False,
             "explicacao": "Um resumo criptográfico não é uma soma: ele é feito para que "
                           "qualquer mudança, por menor que seja, mude o resumo inteiro."},
            {"texto": "Muda quase inteiro, como se fosse outro arquivo qualquer.",
             "certa": True,
             "explicacao": "Isso: no SHA-256, trocar um bit da entrada troca, em média, "
                           "metade dos bits do resumo (o efeito avalanche). A célula mostra "
                           "os dois resumos lado a lado."},
            {"texto": "Não muda: um bit em 2 milhões é pouco demais para aparecer.",
             "certa": False,
             "explicacao": "Se não mudasse, o resumo não serviria para conferir arquivos: "
                           "um bit trocado pode estragar um programa inteiro."},
            {"texto": "Muda uma parte proporcional: 1 em cada 2 milhões dos algarismos.",
             "certa": False,
             "explicacao": "O resumo tem sempre o mesmo tamanho (256 bits), e cada bit dele "
                           "depende de todos os bits do arquivo: não há parte proporcional."},
        ],
    },
    {
        "identificador": "limite_do_gargalo",
        "enunciado": "O gargalo transmite 2 Mbit/s, e cada datagrama leva 1.000 bytes do "
                     "arquivo mais 12 bytes de cabeçalho. Qual é a maior vazão possível "
                     "para os dados do arquivo, com qualquer janela?",
        "opcoes": [
            {"texto": "Exatamente 2 Mbit/s: é a taxa do enlace.",
             "certa": False,
             "explicacao": "O enlace transmite 2 Mbit/s de datagramas, e 12 de cada 1.012 "
                           "bytes são cabeçalho, não arquivo."},
            {"texto": "Um pouco menos de 2 Mbit/s: uns 1,98 Mbit/s.",
             "certa": True,
             "explicacao": "Isso: 2 × 1.000 ÷ 1.012 ≈ 1,98 Mbit/s. Nenhuma janela passa "
                           "disso; a célula faz a conta, ao lado das outras duas."},
            {"texto": "1 Mbit/s: as confirmações ocupam a outra metade do enlace.",
             "certa": False,
             "explicacao": "O gargalo da lição fica só no sentido de ida, o dos dados; as "
                           "confirmações voltam no outro sentido, que não divide a taxa com "
                           "a ida (num enlace de mão dupla, cada sentido tem a sua), e são "
                           "pequenas: 12 bytes cada."},
            {"texto": "Mais de 2 Mbit/s, com uma janela grande o bastante.",
             "certa": False,
             "explicacao": "A janela decide quanto do enlace se aproveita, não a velocidade "
                           "dele. Com a janela grande demais, o excesso só espera na fila, "
                           "ou é descartado quando ela enche.",
             "fonte": "Kurose e Ross, Redes de computadores e a Internet, seção 1.4 "
                      "(vazão e gargalo)"},
        ],
    },
    {
        "identificador": "janela_fixa_x_pare_e_espere",
        "enunciado": "Na mesma rede (RTT de uns 44 ms, gargalo de 2 Mbit/s, 3% de perda), "
                     "comparamos o pare e espere com uma janela fixa de 10 pacotes. A janela "
                     "fixa é quantas vezes mais rápida?",
        "opcoes": [
            {"texto": "A mesma coisa: o gargalo é o mesmo para os dois.",
             "certa": False,
             "explicacao": "O pare e espere nem chega perto do gargalo: ele passa a maior "
                           "parte do tempo esperando confirmações, com o enlace parado."},
            {"texto": "No máximo 2 vezes: uma ida e uma volta.",
             "certa": False,
             "explicacao": "Com 10 pacotes em voo, cabem até 10 pacotes por ida e volta, e "
                           "não 1: o ganho pode chegar a 10 vezes, até o gargalo limitar."},
            {"texto": "Várias vezes (mais de 3): quase 10 pacotes por ida e volta, contra 1.",
             "certa": True,
             "explicacao": "Isso: o pare e espere manda 1 pacote a cada 44 ms (0,18 Mbit/s "
                           "sem perdas); a janela de 10 enche quase o caminho inteiro. As "
                           "perdas custam aos dois, e a célula mede."},
            {"texto": "Umas 100 vezes: a janela elimina a espera.",
             "certa": False,
             "explicacao": "A janela elimina a espera, mas o gargalo continua: nada passa "
                           "de 1,98 Mbit/s, umas 11 vezes o pare e espere sem perdas."},
        ],
    },
]
