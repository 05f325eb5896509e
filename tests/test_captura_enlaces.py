"""Os tipos de enlace: o mesmo pacote IP com o cabeçalho de cada sistema lê igual.

A conversa gravada 01_tcp (Ethernet, da ``lo`` do Linux) é regravada com o
cabeçalho de enlace de outro sistema: NULL (``lo0`` do macOS, loopback do
Npcap), LOOP (OpenBSD), SLL e SLL2 (``tcpdump -i any``) e RAW (só o IP).
"""

import io
import struct
from importlib import resources

import dpkt
import pytest

from ecolab.captura import captura_gravada, ler_captura

ETHERNET = 14  # bytes do cabeçalho Ethernet dos quadros gravados


def pacotes_ip_gravados():
    caminho = resources.files("ecolab.captura").joinpath("gravadas", "01_tcp.pcapng")
    leitor = dpkt.pcapng.Reader(io.BytesIO(caminho.read_bytes()))
    return [(instante, quadro[ETHERNET:]) for instante, quadro in leitor]


def regravar(tmp_path, tipo_de_enlace, cabecalho, pacotes):
    """Um ``.pcap`` com ``cabecalho(ip)`` antes de cada pacote IP."""
    caminho = tmp_path / f"enlace_{tipo_de_enlace}.pcap"
    with open(caminho, "wb") as arquivo:
        escritor = dpkt.pcap.Writer(arquivo, snaplen=65535, linktype=tipo_de_enlace)
        for instante, ip in pacotes:
            escritor.writepkt(cabecalho(ip) + ip, ts=instante)
    return caminho


def familia(ip, ipv4, ipv6, ordem):
    return struct.pack(ordem + "I", ipv4 if ip[0] >> 4 == 4 else ipv6)


CABECALHOS = {
    "NULL do macOS (ordem da máquina)": (0, lambda ip: familia(ip, 2, 30, "<")),
    "NULL do Npcap": (0, lambda ip: familia(ip, 2, 24, "<")),
    "NULL gravado numa máquina big-endian": (0, lambda ip: familia(ip, 2, 28, ">")),
    "LOOP do OpenBSD": (108, lambda ip: familia(ip, 2, 24, ">")),
    "NULL com uma família que o dpkt não conhece (23)": (0, lambda ip: familia(ip, 2, 23, "<")),
    "RAW": (101, lambda ip: b""),
    "RAW (IPv4)": (228, lambda ip: b""),
    "SLL": (113, lambda ip: struct.pack(">HHH8sH", 0, 772, 0, b"", 0x0800)),
    "SLL2": (276, lambda ip: struct.pack(">HHiHBB8s", 0x0800, 0, 1, 772, 0, 0, b"")),
}


@pytest.mark.parametrize("nome", CABECALHOS)
def test_mesma_conversa_com_outro_enlace_le_igual(tmp_path, nome):
    tipo, cabecalho = CABECALHOS[nome]
    caminho = regravar(tmp_path, tipo, cabecalho, pacotes_ip_gravados())
    assert ler_captura(caminho) == captura_gravada("01_tcp")


def segmento_ipv6(carga):
    tcp = dpkt.tcp.TCP(sport=50000, dport=12001, seq=7, ack=9,
                       flags=dpkt.tcp.TH_PUSH | dpkt.tcp.TH_ACK, win=512, data=carga)
    ip = dpkt.ip6.IP6(src=b"\0" * 15 + b"\1", dst=b"\0" * 15 + b"\1", nxt=dpkt.ip.IP_PROTO_TCP,
                      hlim=64, plen=len(bytes(tcp)), data=tcp)
    return bytes(ip)


@pytest.mark.parametrize("nome", [
    "NULL do macOS (ordem da máquina)",
    "NULL do Npcap",
    "NULL com uma família que o dpkt não conhece (23)",
    "RAW",
])
def test_ipv6_em_cada_enlace(tmp_path, nome):
    tipo, cabecalho = CABECALHOS[nome]
    caminho = regravar(tmp_path, tipo, cabecalho, [(1.5, segmento_ipv6(b"Ol\xc3\xa1"))])
    [pacote] = ler_captura(caminho)
    assert (pacote.origem, pacote.destino) == (("::1", 50000), ("::1", 12001))
    assert (pacote.flags, pacote.seq, pacote.ack, pacote.janela) == ("PSH,ACK", 7, 9, 512)
    assert pacote.dados == "Olá".encode() and pacote.tamanho == 40 + 20 + 4
    assert pacote.tempo == 0.0


def test_quadro_que_nao_e_ip_fica_de_fora(tmp_path):
    arp = dpkt.ethernet.Ethernet(type=dpkt.ethernet.ETH_TYPE_ARP, data=bytes(dpkt.arp.ARP()))
    pacotes = pacotes_ip_gravados()
    caminho = tmp_path / "com_arp.pcap"
    with open(caminho, "wb") as arquivo:
        escritor = dpkt.pcap.Writer(arquivo, snaplen=65535, linktype=1)
        escritor.writepkt(bytes(arp), ts=pacotes[0][0] - 1)
        for instante, ip in pacotes:
            escritor.writepkt(bytes(ETHERNET - 2) + b"\x08\x00" + ip, ts=instante)
    assert ler_captura(caminho) == captura_gravada("01_tcp")


def test_opcao_de_escala_cortada_no_meio_conta_como_ausente():
    from ecolab.captura.decodificacao import escala_anunciada

    inteira = dpkt.tcp.TCP(flags=dpkt.tcp.TH_SYN, opts=b"\x01\x03\x03\x0e")
    cortada = dpkt.tcp.TCP(flags=dpkt.tcp.TH_SYN, opts=b"\x01\x03\x03")
    exagerada = dpkt.tcp.TCP(flags=dpkt.tcp.TH_SYN, opts=b"\x01\x03\x03\x20")
    assert escala_anunciada(inteira) == 14
    assert escala_anunciada(cortada) is None
    assert escala_anunciada(exagerada) == 14  # RFC 7323, seção 2.3: no máximo 14
