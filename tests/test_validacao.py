"""Argumentos errados são recusados na hora, com uma mensagem que diz como escrever certo.

E o que o ``responder`` do aluno pode fazer de errado (uma resposta que não cabe,
``sys.exit()``, travar) nunca vira silêncio: o cliente recebe ``ERRO: ...`` e
``parar()`` conta o que houve.
"""

import socket
import struct
import sys
import threading

import pytest

import ecolab
from ecolab import (
    ArgumentoInvalido,
    ClienteTCP,
    ClienteUDP,
    ErroEcolab,
    ErroNoServidor,
    ServidorTCP,
    ServidorUDP,
    TempoEsgotado,
)
from ecolab import sockets
from ecolab.numeros import numero

from test_tcp import conectar_cru, esperar, ler_linha

SERVIDORES = [ServidorTCP, ServidorUDP]
CLIENTES = [ClienteTCP, ClienteUDP]


def NOMES(classe):
    """O nome da classe, para os ids dos testes."""
    return classe.__name__


# ----- porta ---------------------------------------------------------------


@pytest.mark.parametrize("classe", SERVIDORES + CLIENTES, ids=NOMES)
@pytest.mark.parametrize(
    "porta, trecho",
    [
        ("12000", "sem aspas"),
        (12000.0, "número inteiro"),
        (True, "número inteiro"),
        (None, "número inteiro"),
        (-1, "de 0 a 65535"),
        (65_536, "de 0 a 65535"),
    ],
    ids=["texto", "float", "bool", "None", "negativa", "acima_de_65535"],
)
def test_porta_que_nao_existe_e_recusada_ao_criar(classe, porta, trecho):
    with pytest.raises(ArgumentoInvalido, match=trecho) as erro:
        classe(porta=porta)
    assert isinstance(erro.value, ErroEcolab) and isinstance(erro.value, ValueError)


@pytest.mark.parametrize("classe", CLIENTES, ids=NOMES)
def test_cliente_com_porta_zero_e_lembrado_de_usar_a_porta_do_servidor(classe):
    with pytest.raises(ArgumentoInvalido, match="porta=servidor.porta"):
        classe(porta=0)


# ----- host ----------------------------------------------------------------


@pytest.mark.parametrize("classe", SERVIDORES + CLIENTES, ids=NOMES)
def test_host_que_nao_existe_e_recusado_ao_criar(classe):
    with pytest.raises(ArgumentoInvalido, match="nao-existe.invalid") as erro:
        classe(host="nao-existe.invalid", porta=12000)
    assert "127.0.0.1" in str(erro.value)


@pytest.mark.parametrize("classe", SERVIDORES + CLIENTES, ids=NOMES)
def test_host_que_nao_e_texto_e_recusado(classe):
    with pytest.raises(ArgumentoInvalido, match="precisa ser um texto"):
        classe(host=127001, porta=12000)


# ----- timeout -------------------------------------------------------------


@pytest.mark.parametrize("classe", CLIENTES, ids=NOMES)
@pytest.mark.parametrize(
    "timeout", [0, -1, None, "5", True, float("nan"), float("inf"), 10**9],
    ids=["zero", "negativo", "None", "texto", "bool", "nan", "infinito", "um_bilhao"],
)
def test_timeout_que_nao_e_um_numero_positivo_e_recusado(classe, timeout):
    with pytest.raises(ArgumentoInvalido, match="timeout") as erro:
        classe(porta=12000, timeout=timeout)
    assert "timeout=5" in str(erro.value)


def test_timeout_minusculo_esgota_em_vez_de_esperar_para_sempre():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mudo:
        mudo.bind(("127.0.0.1", 0))
        cliente = ClienteUDP(porta=mudo.getsockname()[1], timeout=1e-7)
        erros = []

        def enviar():
            try:
                cliente.enviar("alguém aí?")
            except Exception as erro:  # o que vier conta
                erros.append(erro)

        thread = threading.Thread(target=enviar, daemon=True)
        thread.start()
        thread.join(5)
        if thread.is_alive():  # esperando para sempre: acordamos o cliente
            mudo.sendto(b"acorde", cliente._sock.getsockname())
            thread.join(5)
        cliente.fechar()
    assert erros and isinstance(erros[0], TempoEsgotado)


class SocketQueAnota:
    """Finge ser um socket e guarda o que ``setsockopt`` recebeu."""

    def __init__(self):
        self.opcoes = {}

    def setsockopt(self, nivel, opcao, valor):
        self.opcoes[opcao] = valor


@pytest.mark.parametrize("segundos", [1e-7, 0.0004, 0.5])
def test_no_windows_o_tempo_limite_nunca_vira_zero_milissegundos(monkeypatch, segundos):
    monkeypatch.setattr(sys, "platform", "win32")
    sock = SocketQueAnota()
    sockets.definir_tempo_limite(sock, segundos)
    (milis,) = struct.unpack("L", sock.opcoes[socket.SO_RCVTIMEO])
    assert milis >= 1  # 0 seria "esperar para sempre"
    assert milis == max(1, round(segundos * 1000))


# ----- responder -----------------------------------------------------------


@pytest.mark.parametrize("classe", SERVIDORES, ids=NOMES)
@pytest.mark.parametrize("responder", ["Olá!", str.upper("oi"), 42], ids=["texto", "chamada", "int"])
def test_responder_que_nao_e_funcao_e_recusado_ao_criar(classe, responder):
    with pytest.raises(ArgumentoInvalido, match="sem chamá-la"):
        classe(responder=responder)


def trocar(classe_servidor, servidor, mensagem):
    """Uma mensagem pelo cliente do mesmo protocolo do servidor; devolve a resposta."""
    classe = ClienteTCP if classe_servidor is ServidorTCP else ClienteUDP
    with classe(porta=servidor.porta, timeout=5) as cliente:
        return cliente.enviar(mensagem)


@pytest.mark.parametrize("tamanho", [9_217, 70_000])
def test_resposta_udp_maior_que_um_datagrama_vira_erro_para_o_cliente_e_para_parar(tamanho):
    """Acima de 9.216 bytes o macOS não envia; acima de 65.507, nenhum sistema envia."""
    servidor = ServidorUDP(responder=lambda mensagem: "x" * tamanho).iniciar()
    resposta = trocar(ServidorUDP, servidor, "oi")
    servidor_com_erro = pytest.raises(ErroNoServidor, match=f"{numero(tamanho)}\u00a0bytes")
    with servidor_com_erro:
        servidor.parar()
    assert resposta.startswith("ERRO: ") and f"{numero(tamanho)}\u00a0bytes" in resposta
    assert "limite de 9.216\u00a0bytes" in resposta


def test_resposta_padrao_a_uma_mensagem_udp_no_limite_ainda_cabe(servidor_udp):
    mensagem = "x" * ecolab.LIMITE_UDP
    assert trocar(ServidorUDP, servidor_udp, mensagem) == "Resposta do servidor: " + mensagem


def test_resposta_tcp_maior_que_o_limite_de_uma_linha_vira_erro_para_o_cliente_e_para_parar():
    servidor = ServidorTCP(responder=lambda mensagem: "x" * (ecolab.LIMITE_TCP + 1)).iniciar()
    resposta = trocar(ServidorTCP, servidor, "oi")
    with pytest.raises(ErroNoServidor, match="limite"):
        servidor.parar()
    assert resposta.startswith("ERRO: ") and "limite de 1.048.576\u00a0bytes" in resposta


def sair(mensagem):
    sys.exit(0)


def interromper(mensagem):
    raise KeyboardInterrupt


@pytest.mark.parametrize("classe", SERVIDORES, ids=NOMES)
@pytest.mark.parametrize(
    "responder, nome", [(sair, "SystemExit"), (interromper, "KeyboardInterrupt")],
    ids=["sys_exit", "ctrl_c"],
)
def test_sys_exit_ou_ctrl_c_no_responder_e_contado_ao_cliente_e_por_parar(classe, responder, nome):
    servidor = classe(responder=responder).iniciar()
    assert nome in trocar(classe, servidor, "oi")
    assert nome in trocar(classe, servidor, "de novo")  # e o servidor continua atendendo
    with pytest.raises(ErroNoServidor, match=nome) as erro:
        servidor.parar()
    assert type(erro.value.__cause__).__name__ == nome
    assert "use servidor.parar()" in str(erro.value)


@pytest.mark.parametrize("ajuste", ["tempo_ocioso", "espera_pelo_fim_de_linha"])
def test_ajuste_de_tempo_do_servidor_tcp_igual_a_zero_e_recusado_ao_iniciar(ajuste):
    servidor = ServidorTCP()
    setattr(servidor, ajuste, 0)
    with pytest.raises(ArgumentoInvalido, match=ajuste):
        servidor.iniciar()
    assert not servidor.rodando


@pytest.mark.parametrize("classe", SERVIDORES, ids=NOMES)
def test_responder_travado_nao_segura_parar_em_silencio(classe):
    liberar = threading.Event()

    def responder_travado(mensagem):
        liberar.wait(30)
        return mensagem

    servidor = classe(responder=responder_travado)
    servidor.tempo_para_parar = 0.2
    servidor.iniciar()
    try:
        if classe is ServidorTCP:
            sock = conectar_cru(servidor)
            sock.sendall(b"oi\n")
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.sendto(b"oi", servidor.endereco)
        with sock:
            esperar(lambda: servidor.registro.contar("recebeu") == 1)
            with pytest.raises(ErroNoServidor, match="desistiu de esperar") as erro:
                servidor.parar()
            if classe is ServidorTCP:  # o cliente ainda ouviu a linha de fim
                assert ler_linha(sock) == "ERRO: conexão encerrada: o servidor foi parado\n"
    finally:
        liberar.set()
    assert ("parar() desistiu de esperar por uma thread do servidor depois de 0,2\u00a0s: "
            "a função responder não voltou") in str(erro.value)



@pytest.mark.parametrize("classe", SERVIDORES, ids=NOMES)
def test_repr_do_servidor_mostra_a_classe_o_endereco_e_se_esta_rodando(classe):
    servidor = classe(porta=0).iniciar()
    porta = servidor.porta
    assert repr(servidor) == f"<{classe.__name__} em 127.0.0.1:{porta}, rodando>"
    servidor.parar()
    assert repr(servidor) == f"<{classe.__name__} em 127.0.0.1:{porta}, parado>"
