"""TCP_INFO: os números do TCP do kernel (Linux), lidos com struct (lição 09)."""

import socket
import sys

import pytest

from ecolab import tcp_info
from ecolab.tcp_do_kernel import acompanhar

so_no_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="TCP_INFO é do Linux")


def test_o_formato_cobre_os_104_bytes_de_campos_fixos_da_struct():
    assert tcp_info.FORMATO.size == 104
    assert len(tcp_info.CAMPOS) == 32
    assert tcp_info.CAMPOS.index("snd_cwnd") * 4 - 24 == 80  # 8 bytes soltos, depois u32


@so_no_linux
def test_numa_conexao_nova_no_loopback_a_cwnd_inicial_e_10_e_sem_perdas():
    with socket.create_server(("127.0.0.1", 0)) as escuta:
        with socket.create_connection(escuta.getsockname(), timeout=2) as cliente:
            conexao, _ = escuta.accept()
            with conexao:
                info = tcp_info.ler(cliente)
    assert info.cwnd == 10  # RFC 6928, o padrão do Linux
    assert info.ssthresh_texto == "infinito"
    assert info.retransmissoes == 0
    assert 0 < info.rtt_ms < 1000
    assert info.mss > 0


def test_fora_do_linux_ler_explica_em_portugues(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert not tcp_info.disponivel()
    with socket.socket() as sock, pytest.raises(tcp_info.TcpInfoIndisponivel, match="Windows"):
        tcp_info.ler(sock)


def test_fora_do_linux_acompanhar_explica_antes_de_abrir_sockets(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(tcp_info.TcpInfoIndisponivel, match="macOS"):
        acompanhar(segundos=0.1)


@so_no_linux
def test_acompanhar_mostra_a_partida_lenta_de_uma_conexao_no_loopback():
    medida = acompanhar(segundos=0.1)
    assert medida.amostras[0].info.cwnd == 10
    assert medida.maior_cwnd > 10
    assert medida.enviados > 0
    assert medida.algoritmo  # "reno" se o sistema deixar; senão, o padrão

