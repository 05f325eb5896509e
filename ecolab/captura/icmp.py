"""O ICMP: as mensagens que a rede manda quando algo deu errado (ou para o ping).

O ICMP (*Internet Control Message Protocol*, RFC 792; no IPv6, ICMPv6, RFC 4443)
não leva dados de aplicação: cada mensagem tem um **tipo** e um **código** que
dizem o que aconteceu. A mais comum nas lições é "porta inalcançável" (*port
unreachable*): um datagrama UDP chegou a uma porta onde nenhum programa escuta, e
o sistema de destino avisa quem o mandou.

Uma mensagem de erro ICMP **cita** o começo do datagrama que a provocou: o
cabeçalho IP dele e os primeiros bytes do TCP ou UDP, onde estão as portas. É
assim que o sistema de quem enviou sabe a qual socket entregar o erro, e é assim
que :func:`citado` descobre de qual conversa o erro fala.
"""

import struct

import dpkt

from .enderecos import texto_do_endereco

# (versão do IP, tipo) -> texto; ou (versão, tipo, código) -> texto, mais preciso.
_DESCRICOES = {
    (4, 0): "resposta de eco",
    (4, 3): "destino inalcançável",
    (4, 3, 0): "rede inalcançável",
    (4, 3, 1): "host inalcançável",
    (4, 3, 2): "protocolo inalcançável",
    (4, 3, 3): "porta inalcançável",
    (4, 3, 4): "fragmentação necessária",
    (4, 3, 13): "proibido por um filtro",
    (4, 5): "redirecionamento",
    (4, 8): "pedido de eco",
    (4, 11): "tempo excedido",
    (6, 1): "destino inalcançável",
    (6, 1, 0): "sem rota para o destino",
    (6, 1, 1): "proibido por um filtro",
    (6, 1, 3): "endereço inalcançável",
    (6, 1, 4): "porta inalcançável",
    (6, 2): "pacote grande demais",
    (6, 3): "tempo excedido",
    (6, 4): "problema no cabeçalho",
    (6, 128): "pedido de eco",
    (6, 129): "resposta de eco",
    (6, 133): "solicitação de roteador",
    (6, 134): "anúncio de roteador",
    (6, 135): "solicitação de vizinho",
    (6, 136): "anúncio de vizinho",
}


def descricao(versao, tipo, codigo):
    """O que a mensagem ICMP diz, em português: ``descricao(4, 3, 3)`` -> ``"porta inalcançável"``."""
    texto = _DESCRICOES.get((versao, tipo, codigo)) or _DESCRICOES.get((versao, tipo))
    return texto or f"tipo {tipo}, código {codigo}"


def citado(mensagem):
    """O ``(origem, destino)`` do datagrama citado dentro de uma mensagem de erro ICMP.

    ``mensagem`` é o ICMP ou ICMPv6 já decodificado pelo dpkt. Devolve ``None``
    quando a mensagem não cita nada (um ping, por exemplo). As portas vêm dos
    4 primeiros bytes do TCP ou UDP citado (porta de origem e de destino, 2 bytes
    cada), que toda mensagem de erro traz (RFC 792).
    """
    interno = getattr(mensagem.data, "data", None)
    if not isinstance(interno, (dpkt.ip.IP, dpkt.ip6.IP6)):
        return None
    portas = _portas(interno)
    origem = (texto_do_endereco(interno.src), portas[0])
    destino = (texto_do_endereco(interno.dst), portas[1])
    return origem, destino


def _portas(interno):
    """As portas do TCP ou UDP citado, ou ``(None, None)`` se não houver."""
    transporte = interno.data
    if isinstance(transporte, (dpkt.tcp.TCP, dpkt.udp.UDP)):
        return transporte.sport, transporte.dport
    if isinstance(transporte, bytes) and len(transporte) >= 4:
        return struct.unpack("!HH", transporte[:4])
    return None, None
