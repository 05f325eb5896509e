"""``ler_captura``: os pacotes TCP, UDP e ICMP de um arquivo ``.pcap`` ou ``.pcapng``.

Abra no notebook o mesmo arquivo que o Wireshark abre::

    from ecolab.captura import ler_captura
    for pacote in ler_captura("conversa.pcapng"):
        print(pacote.tempo, pacote.flags, pacote.dados)

O caminho é: arquivo -> quadros (``arquivo``) -> pacote IP, sem o cabeçalho de
enlace (``enlace``) -> :class:`Pacote` (``decodificacao``). Os pacotes que não
são TCP, UDP nem ICMP (ARP, por exemplo) ficam de fora. O ``tempo`` de cada um é
contado a partir do primeiro pacote que ficou.

Por que o dpkt (medido em 2026, Python 3.11, Linux; cada biblioteca num ambiente
novo, o tempo de importar é o menor de 5 processos novos):

============  =========  ==============  ===================  ============================
biblioteca    instalada  importar        enlaces que lê       versão mais nova
============  =========  ==============  ===================  ============================
dpkt 1.9.8    1,9 MB     0,06 s          todos os da tabela   ago/2022 (só Python, um
                                         de ``enlace``        wheel para todo sistema)
scapy 2.8     24 MB      0,28 a 0,87 s   todos                ativa
pypcapkit     12 MB +    1,0 s           todos                ativa
              4 pacotes
============  =========  ==============  ===================  ============================

Venceu o peso: o dpkt é 12 vezes menor e importa 5 a 15 vezes mais rápido, lê
``.pcap`` e ``.pcapng`` e todos os enlaces que as lições encontram (Ethernet,
SLL, SLL2, NULL/LOOP, RAW; IPv4 e IPv6), e é só Python (instala igual em
Windows, macOS e Linux). A última versão é de 2022, mas os formatos que ele lê
não mudaram desde então, e todo uso dele fica nestes poucos módulos.
"""

from .arquivo import quadros_do_arquivo
from .decodificacao import pacote_de_ip
from .enlace import pacote_ip


def ler_captura(caminho):
    """A lista de :class:`Pacote` (TCP, UDP e ICMP) do arquivo em ``caminho``.

    Levanta :class:`~ecolab.erros.CapturaInvalida` se o arquivo estiver vazio,
    corrompido, truncado ou num tipo de enlace desconhecido.
    """
    tipo, quadros = quadros_do_arquivo(caminho)
    return pacotes_dos_quadros(tipo, quadros)


def pacotes_dos_quadros(tipo, quadros):
    """Os :class:`Pacote` de uma lista de ``(instante, quadro)``, com o tempo relativo ao primeiro."""
    pacotes = []
    inicio = None
    for instante, quadro in quadros:
        ip = pacote_ip(tipo, quadro)
        if ip is None:
            continue
        if inicio is None:
            inicio = instante
        pacote = pacote_de_ip(ip, round(instante - inicio, 6))
        if pacote is not None:
            pacotes.append(pacote)
    return pacotes
