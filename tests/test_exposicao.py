"""Exposição: sem pedir, nenhum servidor do ecolab fica visível para a rede.

Os servidores escutam em ``127.0.0.1`` (só este computador) a menos que o
aluno peça outra coisa. Quem pede ``host="0.0.0.0"`` (todas as interfaces,
o modo laboratório) recebe um :class:`ecolab.AvisoRede` apontando para a sua
própria linha de código.
"""

import socket
import struct
import sys
import warnings
from pathlib import Path

import pytest

from ecolab import AvisoRede, ServidorTCP, ServidorUDP

ESCUTANDO_TCP = "0A"  # estado LISTEN em /proc/net/tcp
SEM_CONEXAO_UDP = "07"  # estado de um socket UDP só com bind, em /proc/net/udp


def enderecos_locais(tabela, porta, estado):
    """Os IPs em que algum socket usa ``porta`` no ``estado`` pedido (``/proc/net/*``).

    Cada linha de ``/proc/net/tcp`` traz o endereço local como ``0100007F:2EE0``:
    o IP em hexadecimal, na ordem de bytes da máquina, e a porta.
    """
    caminho = Path("/proc/net") / tabela
    if not caminho.exists():
        return set()
    ips = set()
    for linha in caminho.read_text().splitlines()[1:]:
        campos = linha.split()
        ip_hex, porta_hex = campos[1].split(":")
        if int(porta_hex, 16) != porta or campos[3] != estado:
            continue
        if len(ip_hex) == 8:
            ips.add(socket.inet_ntop(socket.AF_INET, struct.pack("=I", int(ip_hex, 16))))
        else:
            palavras = struct.pack("=4I", *(int(ip_hex[i:i + 8], 16) for i in range(0, 32, 8)))
            ips.add(socket.inet_ntop(socket.AF_INET6, palavras))
    return ips


def test_servidores_padrao_ficam_no_endereco_de_loopback():
    with ServidorTCP() as tcp, ServidorUDP() as udp:
        assert tcp.endereco == ("127.0.0.1", tcp.porta)
        assert udp.endereco == ("127.0.0.1", udp.porta)
        assert tcp._sock.getsockname()[0] == "127.0.0.1"  # o socket de verdade
        assert udp._sock.getsockname()[0] == "127.0.0.1"


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="precisa de /proc/net (Linux)")
def test_o_sistema_mostra_os_servidores_padrao_so_no_loopback():
    with ServidorTCP() as tcp, ServidorUDP() as udp:
        assert enderecos_locais("tcp", tcp.porta, ESCUTANDO_TCP) == {"127.0.0.1"}
        assert enderecos_locais("tcp6", tcp.porta, ESCUTANDO_TCP) == set()
        assert enderecos_locais("udp", udp.porta, SEM_CONEXAO_UDP) == {"127.0.0.1"}
        assert enderecos_locais("udp6", udp.porta, SEM_CONEXAO_UDP) == set()


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="precisa de /proc/net (Linux)")
def test_com_host_0000_o_sistema_mostra_todas_as_interfaces():
    """O contraste: a mesma leitura de /proc/net enxerga o modo laboratório."""
    with pytest.warns(AvisoRede), ServidorTCP(host="0.0.0.0") as tcp:
        assert enderecos_locais("tcp", tcp.porta, ESCUTANDO_TCP) == {"0.0.0.0"}


@pytest.mark.parametrize("classe", [ServidorTCP, ServidorUDP])
def test_servidor_padrao_nao_emite_aviso_de_rede(classe):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AvisoRede)
        with classe():
            pass


def _hosts_de_todas_as_interfaces():
    hosts = ["0.0.0.0", ""]
    if socket.has_ipv6:
        hosts.append("::")
    return hosts


@pytest.mark.parametrize("classe", [ServidorTCP, ServidorUDP])
@pytest.mark.parametrize("host", _hosts_de_todas_as_interfaces())
def test_todas_as_interfaces_emitem_aviso_rede_que_aponta_a_linha_do_aluno(classe, host):
    with warnings.catch_warnings(record=True) as avisos:
        warnings.simplefilter("always")
        servidor = classe(host=host)
        try:
            servidor.iniciar()  # jeito 1: iniciar() direto
        except OSError as erro:  # "::" sem IPv6 configurado
            pytest.skip(f"não foi possível escutar em {host!r}: {erro}")
        servidor.parar()
        with classe(host=host):  # jeito 2: with
            pass
    avisos = [aviso for aviso in avisos if aviso.category is AvisoRede]
    assert len(avisos) == 2
    for aviso in avisos:
        assert aviso.filename == __file__  # a linha do aluno, não uma do ecolab
        assert "todas as interfaces" in str(aviso.message)
        assert "host='127.0.0.1'" in str(aviso.message)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="127.0.0.2 só existe no Linux")
def test_servidor_padrao_nao_atende_por_outro_endereco_da_maquina():
    """127.0.0.2 também é desta máquina, mas o servidor padrão só ouve 127.0.0.1."""
    with ServidorTCP() as servidor:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.2", servidor.porta), timeout=2).close()
