"""Captura ao vivo de UDP (Linux, root): os datagramas e o ICMP de uma porta fechada."""

import socket

import pytest
from ajudantes_captura import exigir_root

from ecolab import ClienteUDP, ErroEcolab, ServidorUDP
from ecolab.captura import capturar

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_PACKET"), reason="só no Linux")


@pytest.fixture(autouse=True)
def _root():
    exigir_root()


def porta_udp_fechada(host):
    """Uma porta UDP em que ninguém escuta (estava livre um instante atrás)."""
    familia = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(familia, socket.SOCK_DGRAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def test_datagramas_e_respostas_aparecem_uma_vez_cada():
    with ServidorUDP(porta=0) as servidor:
        with capturar(porta=servidor.porta) as captura:
            with ClienteUDP(porta=servidor.porta, timeout=2) as cliente:
                cliente.enviar("Olá, servidor!")
                cliente.enviar("Sem conexão, mas chegou.")
    assert [(p.protocolo, p.destino[1] == servidor.porta, p.dados) for p in captura.pacotes] == [
        ("UDP", True, "Olá, servidor!".encode()),
        ("UDP", False, "Resposta do servidor: Olá, servidor!".encode()),
        ("UDP", True, "Sem conexão, mas chegou.".encode()),
        ("UDP", False, "Resposta do servidor: Sem conexão, mas chegou.".encode()),
    ]
    assert all(p.flags == "" and p.seq is None and p.janela is None for p in captura.pacotes)
    assert captura.pacotes[0].tamanho == 20 + 8 + len("Olá, servidor!".encode())


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_datagrama_para_porta_fechada_volta_icmp_porta_inalcancavel(host):
    porta = porta_udp_fechada(host)
    with capturar(porta=porta) as captura:
        with ClienteUDP(host=host, porta=porta, timeout=0.5) as cliente:
            with pytest.raises(ErroEcolab):
                cliente.enviar("tem alguém aí?")
    datagrama, icmp = captura.pacotes
    assert datagrama.protocolo == "UDP" and datagrama.dados == "tem alguém aí?".encode()
    assert icmp.protocolo == "ICMP" and icmp.icmp == "porta inalcançável"
    assert icmp.citado == (datagrama.origem, datagrama.destino)
    assert icmp.origem == (host, None) and icmp.destino == (host, None)
    assert icmp.flags == "" and icmp.seq is None


def test_icmp_de_outra_porta_fica_de_fora():
    fechada, outra = porta_udp_fechada("127.0.0.1"), porta_udp_fechada("127.0.0.1")
    with capturar(porta=fechada) as captura:
        for porta in (outra, fechada):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.sendto(b"x", ("127.0.0.1", porta))
    assert [(p.protocolo, p.citado is None) for p in captura.pacotes] == [
        ("UDP", True), ("ICMP", False)]
    assert captura.pacotes[1].citado[1] == ("127.0.0.1", fechada)
