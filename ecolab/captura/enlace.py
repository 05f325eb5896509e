"""A camada de enlace: o cabeçalho que vem antes do IP, diferente em cada captura.

Cada arquivo de captura diz o seu **tipo de enlace** (*link type*, a lista
oficial está em tcpdump.org/linktypes.html): o formato do cabeçalho que o
sistema pôs antes do pacote IP. O mesmo segmento TCP aparece com cabeçalhos
diferentes conforme o sistema e a interface:

=====  ============  ==============================================================
tipo   nome          quem grava assim
=====  ============  ==============================================================
1      Ethernet      placas de rede; no Linux, também a interface ``lo`` (14 bytes,
                     endereços zerados)
0      NULL          o ``lo0`` do macOS e o adaptador de loopback do Npcap (Windows):
                     4 bytes com a família do endereço (IPv4 ou IPv6)
108    LOOP          o mesmo, nos BSD (os 4 bytes em outra ordem)
113    SLL           ``tcpdump -i any`` no Linux, versões antigas (16 bytes)
276    SLL2          ``tcpdump -i any`` no Linux hoje (20 bytes)
101    RAW           só o pacote IP, sem cabeçalho nenhum (também 12, 228 e 229)
=====  ============  ==============================================================

:func:`pacote_ip` tira o cabeçalho de enlace com a classe do dpkt que conhece
cada formato e devolve o pacote IP (IPv4 ou IPv6) já decodificado, ou ``None``
quando o quadro não leva IP (ARP, por exemplo).
"""

import dpkt

NOMES = {
    0: "NULL (BSD loopback)",
    1: "Ethernet",
    12: "RAW (IP)",
    101: "RAW (IP)",
    108: "LOOP (OpenBSD loopback)",
    113: "Linux cooked (SLL)",
    228: "RAW (IPv4)",
    229: "RAW (IPv6)",
    276: "Linux cooked v2 (SLL2)",
}

_CLASSES = {
    0: dpkt.loopback.Loopback,
    1: dpkt.ethernet.Ethernet,
    108: dpkt.loopback.Loopback,
    113: dpkt.sll.SLL,
    276: dpkt.sll2.SLL2,
}


def conhecido(tipo):
    """Verdadeiro se o ecolab sabe tirar esse cabeçalho de enlace."""
    return tipo in NOMES


def pacote_ip(tipo, quadro):
    """O pacote IP (``dpkt.ip.IP`` ou ``dpkt.ip6.IP6``) dentro do ``quadro``, ou ``None``."""
    try:
        if tipo in _CLASSES:
            conteudo = _CLASSES[tipo](quadro).data
        else:  # RAW: o quadro já é o pacote IP; a versão está nos 4 primeiros bits
            conteudo = _ip_cru(quadro)
    except dpkt.UnpackError:
        return None
    if isinstance(conteudo, (dpkt.ip.IP, dpkt.ip6.IP6)):
        return conteudo
    return None


def _ip_cru(quadro):
    """Decodifica um pacote IP sem cabeçalho de enlace (versão 4 ou 6)."""
    versao = quadro[0] >> 4 if quadro else 0
    if versao == 4:
        return dpkt.ip.IP(quadro)
    if versao == 6:
        return dpkt.ip6.IP6(quadro)
    return None
