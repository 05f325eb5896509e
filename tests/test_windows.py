"""O que muda no Windows, conferido aqui com o simulador do Winsock (``winsock.py``).

Primeiro o próprio simulador (ele faz o que o Windows faz?), depois os caminhos
do ``ecolab`` que só o Windows percorre, e por fim cada lição do começo ao fim
com os sockets "do Windows", sem nenhuma célula com erro.
"""

import socket
import threading
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import winsock
from ecolab import (
    ClienteTCP,
    ClienteUDP,
    RedeInstavel,
    ServidorIndisponivel,
    ServidorTCP,
    ServidorUDP,
    TempoEsgotado,
)
from test_notebooks import erros_nas_saidas

PASTA = Path(__file__).resolve().parent.parent / "notebooks"
LICOES = sorted(PASTA.glob("[0-9][0-9]_*.ipynb"))
DEMORA = 0.6  # segundos até a recusa simulada (2 s no Windows; menos, para o teste ser curto)


@pytest.fixture
def como_no_windows():
    with winsock.simular_windows(demora_da_recusa=DEMORA):
        yield


def porta_fechada(tipo):
    """Uma porta em que ninguém escuta (estava livre há um instante)."""
    with socket.socket(socket.AF_INET, tipo) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ----- o simulador faz o que o Windows faz ---------------------------------------


def test_recvfrom_depois_de_datagrama_para_porta_fechada_da_10054(como_no_windows):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1)
        sock.sendto(b"oi", ("127.0.0.1", porta_fechada(socket.SOCK_DGRAM)))
        with pytest.raises(ConnectionResetError) as erro:
            sock.recvfrom(65_535)
        assert erro.value.winerror == 10054
        with pytest.raises(TimeoutError):  # o aviso vem uma vez só
            sock.recvfrom(65_535)


def test_udp_conectado_para_porta_fechada_tambem_da_10054(como_no_windows):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1)
        sock.connect(("127.0.0.1", porta_fechada(socket.SOCK_DGRAM)))
        sock.send(b"oi")
        with pytest.raises(ConnectionResetError) as erro:
            sock.recv(65_535)
        assert erro.value.winerror == 10054


def test_connect_a_porta_fechada_com_timeout_curto_expira_antes_da_recusa(como_no_windows):
    with socket.socket() as sock:
        sock.settimeout(DEMORA / 3)
        with pytest.raises(TimeoutError):
            sock.connect(("127.0.0.1", porta_fechada(socket.SOCK_STREAM)))


def test_connect_a_porta_fechada_sem_timeout_e_recusado_com_10061(como_no_windows):
    with socket.socket() as sock:
        with pytest.raises(ConnectionRefusedError) as erro:
            sock.connect(("127.0.0.1", porta_fechada(socket.SOCK_STREAM)))
    assert erro.value.winerror == 10061


def test_desligado_o_simulador_o_linux_volta_a_ignorar_o_icmp():
    with winsock.simular_windows():
        assert winsock.ativo()
    assert not winsock.ativo()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        sock.sendto(b"oi", ("127.0.0.1", porta_fechada(socket.SOCK_DGRAM)))
        with pytest.raises(TimeoutError):
            sock.recvfrom(65_535)


# ----- o ecolab no Windows ---------------------------------------------------------


def test_cliente_tcp_com_recusa_lenta_da_tempo_esgotado_ao_conectar(como_no_windows):
    cliente = ClienteTCP(porta=porta_fechada(socket.SOCK_STREAM), timeout=DEMORA / 3)
    with pytest.raises(TempoEsgotado) as erro:
        cliente.enviar("tem alguém aí?")
    texto = str(erro.value)
    assert erro.value.ao_conectar
    assert "ninguém respondeu ao pedido de conexão" in texto and "no Windows" in texto
    assert "está aberta" not in texto  # não há conexão aberta para o servidor ficar calado


def test_cliente_tcp_com_timeout_maior_que_a_recusa_da_servidor_indisponivel(como_no_windows):
    cliente = ClienteTCP(porta=porta_fechada(socket.SOCK_STREAM), timeout=DEMORA * 3)
    with pytest.raises(ServidorIndisponivel, match="recusada"):
        cliente.enviar("tem alguém aí?")


def test_cliente_tcp_sem_resposta_da_tempo_esgotado_com_o_erro_10060(como_no_windows):
    liberar = threading.Event()

    def responder(mensagem):
        liberar.wait(5)
        return mensagem

    with ServidorTCP(responder=responder) as servidor:
        with pytest.raises(TempoEsgotado) as erro:
            ClienteTCP(porta=servidor.porta, timeout=0.2).enviar("oi")
        liberar.set()
    assert not erro.value.ao_conectar


def test_cliente_udp_para_porta_fechada_da_servidor_indisponivel(como_no_windows):
    with ClienteUDP(porta=porta_fechada(socket.SOCK_DGRAM), timeout=1) as cliente:
        with pytest.raises(ServidorIndisponivel, match="10054"):
            cliente.enviar("alguém aí?")


def test_servidor_udp_segue_atendendo_quem_chega_depois_de_um_cliente_que_foi_embora(
    como_no_windows,
):
    cliente_saiu = threading.Event()

    def responder(mensagem):
        if mensagem == "já vou":
            cliente_saiu.wait(5)  # a resposta vai para uma porta já fechada: ICMP
        return mensagem

    with ServidorUDP(responder=responder) as servidor:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as apressado:
            apressado.sendto("já vou".encode(), servidor.endereco)
        cliente_saiu.set()
        with ClienteUDP(porta=servidor.porta, timeout=2) as cliente:
            assert cliente.enviar("oi") == "oi"
            assert cliente.enviar("de novo") == "de novo"


def test_rede_instavel_segue_repassando_depois_do_10054_e_nao_sabe_os_transbordados(
    como_no_windows,
):
    """A resposta ao cliente que foi embora vai para uma porta fechada: o próximo
    ``recvfrom`` da rede dá 10054, e ela segue lendo. O Windows não conta os
    descartes por socket: ``transbordados`` é ``None``, nunca um 0 inventado."""
    cliente_saiu = threading.Event()

    def responder(mensagem):
        if mensagem == "já vou":
            cliente_saiu.wait(5)
        return mensagem

    with ServidorUDP(responder=responder) as servidor, RedeInstavel(servidor.endereco) as rede:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as apressado:
            apressado.sendto("já vou".encode(), rede.endereco)
        cliente_saiu.set()
        with ClienteUDP(porta=rede.porta, timeout=2) as cliente:
            assert cliente.enviar("oi") == "oi"
            assert cliente.enviar("de novo") == "de novo"
        assert rede.contagem["transbordados"] is None
    assert rede.contagem["transbordados"] is None


def test_no_windows_simulado_getsockopt_do_so_meminfo_da_10042():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with winsock.simular_windows():
            with pytest.raises(OSError) as erro:
                sock.getsockopt(socket.SOL_SOCKET, 55, 36)
            assert erro.value.winerror == 10042
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) > 0  # as outras valem
        assert len(sock.getsockopt(socket.SOL_SOCKET, 55, 36)) == 36


# ----- as lições, do começo ao fim, com os sockets do Windows ---------------------


@pytest.mark.timeout(600)
@pytest.mark.parametrize("caminho", LICOES, ids=[c.stem for c in LICOES])
def test_licao_roda_sem_erros_com_o_jeito_do_windows(caminho):
    notebook = nbformat.read(caminho, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(winsock.CELULA_DE_ATIVACAO))
    NotebookClient(
        notebook, timeout=120, kernel_name="python3",
        resources={"metadata": {"path": str(PASTA)}},
    ).execute()
    ativacao = "".join(saida.get("text", "") for saida in notebook.cells[0].outputs)
    assert "Winsock simulado: True" in ativacao, ativacao
    assert erros_nas_saidas(notebook) == []


def test_no_windows_simulado_nao_ha_msg_dontwait_e_ela_volta_depois():
    assert hasattr(socket, "MSG_DONTWAIT")
    with winsock.simular_windows():
        assert not hasattr(socket, "MSG_DONTWAIT")
    assert hasattr(socket, "MSG_DONTWAIT")
