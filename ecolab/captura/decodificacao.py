"""De um pacote IP decodificado pelo dpkt para um :class:`Pacote` da aula.

O dpkt já separou os cabeçalhos (IP, depois TCP, UDP ou ICMP); aqui só copiamos
os campos que a aula usa, com os nomes da aula. Dois detalhes:

- as **flags** do TCP viram o texto que o Wireshark mostra entre colchetes, na
  mesma ordem dele (``"SYN,ACK"``, ``"PSH,ACK"``, ``"FIN,ACK"``);
- o **tamanho** é o do pacote IP inteiro, lido do próprio cabeçalho IP (campo
  *total length* no IPv4; 40 bytes + *payload length* no IPv6): assim um quadro
  Ethernet com enchimento (*padding*) no fim não conta bytes a mais;
- a **escala da janela** é lida das opções TCP do segmento (a opção de tipo 3,
  *window scale*, RFC 7323, seção 2.2), que só aparece nos ``SYN``.
"""

import dpkt

from .enderecos import texto_do_endereco
from .icmp import citado, descricao
from .pacote import Pacote

# As flags do TCP na ordem em que o Wireshark as escreve (do bit menos
# significativo para o mais significativo; RFC 9293, seção 3.1).
_FLAGS_TCP = (
    (dpkt.tcp.TH_FIN, "FIN"),
    (dpkt.tcp.TH_SYN, "SYN"),
    (dpkt.tcp.TH_RST, "RST"),
    (dpkt.tcp.TH_PUSH, "PSH"),
    (dpkt.tcp.TH_ACK, "ACK"),
    (dpkt.tcp.TH_URG, "URG"),
    (dpkt.tcp.TH_ECE, "ECE"),
    (dpkt.tcp.TH_CWR, "CWR"),
)


def texto_das_flags(flags):
    """``0x12`` -> ``"SYN,ACK"``: os nomes das flags ligadas, como no Wireshark."""
    return ",".join(nome for bit, nome in _FLAGS_TCP if flags & bit)


def pacote_de_ip(ip, tempo):
    """O :class:`Pacote` com o conteúdo de ``ip``, ou ``None`` se não for TCP, UDP ou ICMP."""
    transporte = ip.data
    comum = {"tempo": tempo, "tamanho": _tamanho(ip)}
    origem, destino = texto_do_endereco(ip.src), texto_do_endereco(ip.dst)
    if isinstance(transporte, dpkt.tcp.TCP):
        return Pacote(
            protocolo="TCP",
            origem=(origem, transporte.sport),
            destino=(destino, transporte.dport),
            flags=texto_das_flags(transporte.flags),
            seq=transporte.seq,
            ack=transporte.ack,
            janela=transporte.win,
            dados=bytes(transporte.data),
            escala=escala_anunciada(transporte),
            **comum,
        )
    if isinstance(transporte, dpkt.udp.UDP):
        return Pacote(
            protocolo="UDP",
            origem=(origem, transporte.sport),
            destino=(destino, transporte.dport),
            dados=bytes(transporte.data),
            **comum,
        )
    if isinstance(transporte, (dpkt.icmp.ICMP, dpkt.icmp6.ICMP6)):
        versao = 6 if isinstance(transporte, dpkt.icmp6.ICMP6) else 4
        return Pacote(
            protocolo="ICMP",
            origem=(origem, None),
            destino=(destino, None),
            icmp=descricao(versao, transporte.type, transporte.code),
            citado=citado(transporte),
            **comum,
        )
    return None


def escala_anunciada(segmento):
    """O expoente da opção *window scale* de ``segmento`` (um ``dpkt.tcp.TCP``), ou ``None``.

    A RFC 7323 (seção 2.3) limita o expoente a 14: um valor maior vale como 14.
    Uma opção malformada (cortada no meio) conta como ausente: o dpkt a devolve
    como ``None`` na lista de opções.
    """
    for opcao in dpkt.tcp.parse_opts(segmento.opts):
        if opcao and opcao[0] == dpkt.tcp.TCP_OPT_WSCALE and len(opcao[1]) == 1:
            return min(opcao[1][0], 14)
    return None


def _tamanho(ip):
    """Os bytes do pacote IP no fio, segundo o próprio cabeçalho IP."""
    if isinstance(ip, dpkt.ip6.IP6):
        return 40 + ip.plen
    return ip.len or len(bytes(ip))
