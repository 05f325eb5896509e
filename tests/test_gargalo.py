"""O gargalo da RedeInstavel: um enlace de taxa R com uma fila FIFO que descarta quando enche."""

import doctest
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ecolab import RedeInstavel, gargalo
from ecolab.erros import ArgumentoInvalido
from ecolab.gargalo import Gargalo

from test_tcp import esperar


def test_o_exemplo_da_documentacao_funciona():
    falhas, _ = doctest.testmod(gargalo)
    assert falhas == 0


def test_a_conta_do_enlace_com_relogio_de_mentira():
    g = Gargalo(taxa=1_000_000, fila=3)  # 1 Mbit/s: 1.000 bytes levam 8 ms
    assert g.tempo_de_transmissao(1_000) == pytest.approx(0.008)
    saidas = [g.passar(1_000, agora=0.0) for _ in range(4)]
    assert saidas[:3] == pytest.approx([0.008, 0.016, 0.024])
    assert saidas[3] is None  # três na fila: o quarto é descartado
    assert g.ocupacao(0.0085) == 2  # o primeiro já saiu
    assert g.passar(500, agora=0.0085) == pytest.approx(0.028)  # espera o enlace livrar
    assert g.passar(1_000, agora=1.0) == pytest.approx(1.008)  # enlace ocioso: sai já


def test_quem_chega_com_o_enlace_ocioso_nao_herda_atraso():
    g = Gargalo(taxa=8_000, fila=10)
    assert g.passar(1, agora=5.0) == pytest.approx(5.001)
    assert g.passar(1, agora=9.0) == pytest.approx(9.001)


@pytest.mark.parametrize("taxa", [0, -1, "1M", True, None])
def test_taxa_invalida_e_um_erro_que_da_exemplo(taxa):
    with pytest.raises(ArgumentoInvalido, match="1_000_000 para 1 Mbit/s"):
        Gargalo(taxa)


@pytest.mark.parametrize("fila", [0, -3, 2.5, True])
def test_fila_invalida_e_um_erro(fila):
    with pytest.raises(ArgumentoInvalido, match="número inteiro de datagramas"):
        Gargalo(1e6, fila)


@pytest.fixture
def receptor():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        sock.settimeout(2.0)
        yield sock


def chegadas(sock, quantos):
    """A hora (monotônica) em que cada datagrama chega, até ``quantos`` ou 2 s de silêncio."""
    horas = []
    for _ in range(quantos):
        try:
            sock.recv(65_535)
        except TimeoutError:
            break
        horas.append(time.monotonic())
    return horas


def rajada(endereco, quantos, tamanho=1_000, ritmo=None):
    """Envia ``quantos`` datagramas; com ``ritmo`` (bit/s), espaçados para não passar dele.

    Sem ritmo, uma rajada de mais de ~80 datagramas de 1.000 bytes pode transbordar o
    buffer de recepção da própria rede antes que a thread dela os leia.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        inicio = time.monotonic()
        for i in range(quantos):
            if ritmo is not None:
                time.sleep(max(0.0, inicio + i * tamanho * 8 / ritmo - time.monotonic()))
            sock.sendto(b"x" * tamanho, endereco)


def test_pela_rede_a_taxa_medida_e_a_pedida(receptor):
    """100 datagramas de 1.000 bytes a 2 Mbit/s: 0,4 s entre o primeiro e o último."""
    taxa, quantos, horas = 2_000_000, 100, []
    with RedeInstavel(receptor.getsockname(), taxa=taxa, fila=quantos) as rede:
        leitor = threading.Thread(target=lambda: horas.extend(chegadas(receptor, quantos)))
        leitor.start()
        rajada(rede.endereco, quantos, ritmo=1.5 * taxa)  # a fila cresce aos poucos
        leitor.join(10)
    assert len(horas) == quantos and rede.contagem["descartados"] == 0
    medida = (quantos - 1) * 1_000 * 8 / (horas[-1] - horas[0])
    assert medida == pytest.approx(taxa, rel=0.05)


def test_fila_cheia_descarta_o_que_passa_dela(receptor):
    with RedeInstavel(receptor.getsockname(), taxa=100_000, fila=10) as rede:
        rajada(rede.endereco, 40)  # chegam num instante; o enlace leva 80 ms por datagrama
        esperar(lambda: rede.contagem["recebidos"] == 40)
        contagem = rede.contagem
        assert contagem["descartados"] >= 40 - 10 - 2  # no máximo 2 saem durante a rajada
        assert rede.registro.contar("descartou") == contagem["descartados"]
    contagem = rede.contagem
    assert contagem["recebidos"] == (
        contagem["entregues"] + contagem["perdidos"] + contagem["descartados"]
    )


def test_a_fila_e_uma_so_para_todos_os_clientes(receptor):
    with RedeInstavel(receptor.getsockname(), taxa=100_000, fila=10) as rede:
        rajada(rede.endereco, 8)
        rajada(rede.endereco, 8)  # outro socket: outro cliente
        esperar(lambda: rede.contagem["recebidos"] == 16)
        assert rede.contagem["descartados"] >= 16 - 10 - 2


def test_o_atraso_soma_ao_tempo_de_transmissao(receptor):
    with RedeInstavel(receptor.getsockname(), taxa=1_000_000, atraso=0.1) as rede:
        inicio = time.monotonic()
        rajada(rede.endereco, 1, tamanho=12_500)  # 12.500 bytes a 1 Mbit/s: 0,1 s
        horas = chegadas(receptor, 1)
    assert horas and horas[0] - inicio >= 0.2


def test_a_volta_nao_passa_pelo_gargalo():
    """O gargalo é só do sentido dos dados: uma resposta grande volta sem fila nem taxa."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as servidor:
        servidor.bind(("127.0.0.1", 0))
        servidor.settimeout(2.0)
        with RedeInstavel(servidor.getsockname(), taxa=8_000, fila=1) as rede:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as cliente:
                cliente.settimeout(2.0)
                cliente.sendto(b"?", rede.endereco)  # 1 byte: 1 ms
                _, caminho = servidor.recvfrom(100)
                for _ in range(5):  # 5 × 1.000 bytes: 5 s se passassem pelo gargalo
                    servidor.sendto(b"r" * 1_000, caminho)
                respostas = [cliente.recv(2_000) for _ in range(5)]
    assert len(respostas) == 5 and rede.contagem["descartados"] == 0


@pytest.mark.timeout(60)
def test_o_benchmark_do_gargalo_roda_e_imprime_as_duas_partes():
    """O ensaio curto roda até o fim; as razões medidas ficam para quem lê a saída."""
    raiz = Path(__file__).resolve().parent.parent
    resultado = subprocess.run([sys.executable, "benchmarks/gargalo.py", "--rapido"], cwd=raiz,
                               capture_output=True, text=True, timeout=50)
    assert resultado.returncode == 0, resultado.stderr
    linhas = resultado.stdout.splitlines()
    assert sum("pedida" in linha and "razão" in linha for linha in linhas) == 3
    assert any(linha.startswith("2. Fila de 20 datagramas") for linha in linhas)
