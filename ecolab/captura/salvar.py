"""Gravar quadros capturados num arquivo ``.pcapng``, o formato do Wireshark.

Assim uma captura feita no notebook pode ser aberta no Wireshark (para ver
cada campo de cada cabeçalho) ou guardada para depois. O dpkt escreve o
arquivo: um bloco de cabeçalho, um bloco que descreve a interface (com o tipo
de enlace) e um bloco por quadro, com o instante e os bytes.
"""

import dpkt

MAIOR_QUADRO = 262_144  # bytes: o maior quadro que o arquivo promete guardar (o do tcpdump)


def salvar_quadros(caminho, tipo_de_enlace, quadros):
    """Grava ``[(instante, quadro), ...]`` em ``caminho`` no formato ``.pcapng``."""
    with open(caminho, "wb") as arquivo:
        escritor = dpkt.pcapng.Writer(arquivo, snaplen=MAIOR_QUADRO, linktype=tipo_de_enlace)
        for instante, quadro in quadros:
            escritor.writepkt(quadro, ts=instante)
