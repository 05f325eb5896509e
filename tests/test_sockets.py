"""Os ramos de ecolab/sockets.py que só rodam no Windows, exercitados no Linux.

O ecolab decide duas coisas pelo sistema: como pôr o tempo limite no socket
(``definir_tempo_limite``: milissegundos no Windows, ``timeval`` nos outros) e
qual erro de ``bind`` quer dizer "porta em uso" (``porta_ocupada``: o Windows
também usa WSAEACCES, 10013). Aqui os dois ramos do Windows rodam com o
``setsockopt`` e o ``bind`` trocados por versões que só anotam ou levantam o erro
do Windows, sem nunca mandar ao Linux um valor que ele recusaria.
"""

import errno
import socket
import struct
import sys

import pytest

from ecolab import PortaEmUso, ServidorTCP, ServidorUDP
from ecolab import sockets
from ecolab.sockets import (definir_tempo_limite, encerrar, enderecos, porta_livre_a_partir_de,
                            porta_ocupada, transbordados)


class SocketQueAnota:
    """Só anota os ``setsockopt`` (o Linux recusaria o formato do Windows)."""

    def __init__(self):
        self.opcoes = {}

    def setsockopt(self, nivel, opcao, valor):
        self.opcoes[(nivel, opcao)] = valor


def tempo_limite_gravado(segundos):
    sock = SocketQueAnota()
    definir_tempo_limite(sock, segundos)
    recepcao = sock.opcoes[(socket.SOL_SOCKET, socket.SO_RCVTIMEO)]
    assert sock.opcoes[(socket.SOL_SOCKET, socket.SO_SNDTIMEO)] == recepcao
    return recepcao


@pytest.mark.parametrize("segundos, milissegundos", [
    (1.5, 1500), (0.0001, 1), (0.0015, 2), (None, 0),
])
def test_no_windows_o_tempo_limite_vai_em_milissegundos_arredondado_para_cima(
        monkeypatch, segundos, milissegundos):
    monkeypatch.setattr(sys, "platform", "win32")
    assert struct.unpack("L", tempo_limite_gravado(segundos)) == (milissegundos,)


@pytest.mark.parametrize("segundos, timeval", [
    (2.5, (2, 500_000)), (1e-7, (0, 1)), (None, (0, 0)),
    (600.0, (600, 0)),  # o tempo_ocioso padrão do ServidorTCP
])
def test_no_linux_e_no_macos_o_tempo_limite_vai_em_segundos_e_microssegundos(
        monkeypatch, segundos, timeval):
    monkeypatch.setattr(sys, "platform", "linux")
    assert struct.unpack("ll", tempo_limite_gravado(segundos)) == timeval


def erro_de_bind(numero, winerror=None):
    erro = OSError(numero, "erro de bind")
    if winerror is not None:
        erro.winerror = winerror  # no Linux, o OSError não tem .winerror: posto à mão
    return erro


@pytest.mark.parametrize("sistema, erro, ocupada", [
    ("linux", erro_de_bind(errno.EADDRINUSE), True),
    ("linux", erro_de_bind(errno.EACCES), False),  # porta < 1024 sem ser root
    ("linux", erro_de_bind(errno.EADDRNOTAVAIL), False),
    ("darwin", erro_de_bind(errno.EACCES), False),
    ("win32", erro_de_bind(errno.EADDRINUSE, winerror=10048), True),  # WSAEADDRINUSE
    ("win32", erro_de_bind(errno.EACCES, winerror=10013), True),  # reservada
    # O socket.create_server recria a exceção sem o .winerror: sobra o errno 13.
    ("win32", erro_de_bind(errno.EACCES), True),
], ids=["linux", "linux_eacces", "linux_endereco_invalido", "macos_eacces",
        "windows_10048", "windows_10013", "windows_10013_via_create_server"])
def test_porta_ocupada_reconhece_os_codigos_de_cada_sistema(monkeypatch, sistema, erro, ocupada):
    monkeypatch.setattr(sys, "platform", sistema)
    assert porta_ocupada(erro) is ocupada


@pytest.mark.parametrize("classe", [ServidorTCP, ServidorUDP])
def test_servidor_com_porta_reservada_no_windows_da_porta_em_uso(monkeypatch, classe):
    """O 10013 do Windows (porta reservada por outro programa ou pelo sistema) vira
    o mesmo ``PortaEmUso`` do Linux, com a sugestão de uma porta livre. O TCP passa
    pelo ``socket.create_server``, que perde o ``.winerror`` no caminho."""
    bind_de_verdade = socket.socket.bind
    reservada = porta_livre_a_partir_de("127.0.0.1", 23456, classe.protocolo)

    def bind_do_windows(sock, endereco):
        if endereco[1] == reservada:
            raise erro_de_bind(errno.EACCES, winerror=10013)
        return bind_de_verdade(sock, endereco)

    monkeypatch.setattr(socket.socket, "bind", bind_do_windows)
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(PortaEmUso) as erro:
        classe(porta=reservada).iniciar()
    assert erro.value.porta_livre not in (None, reservada)


# ----- porta_livre_a_partir_de: testa com o protocolo e a família certos -----------


# Portas acima do intervalo efêmero do Linux (32768–60999): o sistema nunca as
# dá sozinho a um cliente. Numa porta efêmera, uma conexão de outro teste (ou de
# um kernel de notebook rodando ao lado) pode ocupar a mesma porta no outro
# protocolo entre duas linhas do teste, e o teste falharia sem o código ter erro.
PORTAS_FORA_DO_INTERVALO_EFEMERO = range(61_000, 61_200)


def ocupar(protocolo, host="127.0.0.1"):
    """Um socket que ocupa uma porta livre fora do intervalo efêmero, no ``protocolo`` pedido."""
    familia = socket.AF_INET6 if ":" in host else socket.AF_INET
    tipo = socket.SOCK_STREAM if protocolo == "TCP" else socket.SOCK_DGRAM
    for porta in PORTAS_FORA_DO_INTERVALO_EFEMERO:
        sock = socket.socket(familia, tipo)
        try:
            sock.bind((host, porta))
        except OSError:
            sock.close()
            continue
        if protocolo == "TCP":
            sock.listen()
        return sock
    pytest.fail(f"nenhuma porta livre entre {PORTAS_FORA_DO_INTERVALO_EFEMERO}")


@pytest.mark.parametrize("protocolo", ["TCP", "UDP"])
def test_porta_ocupada_no_protocolo_pedido_e_pulada(protocolo):
    with ocupar(protocolo) as sock:
        porta = sock.getsockname()[1]
        livre = porta_livre_a_partir_de("127.0.0.1", porta, protocolo)
    assert livre is not None and livre > porta


@pytest.mark.parametrize("protocolo, outro", [("TCP", "UDP"), ("UDP", "TCP")])
def test_porta_ocupada_so_no_outro_protocolo_serve(protocolo, outro):
    with ocupar(outro) as sock:
        porta = sock.getsockname()[1]
        assert porta_livre_a_partir_de("127.0.0.1", porta, protocolo) == porta


@pytest.mark.skipif(not socket.has_ipv6, reason="sem IPv6")
@pytest.mark.parametrize("protocolo", ["TCP", "UDP"])
def test_porta_livre_em_ipv6(protocolo):
    with ocupar(protocolo, "::1") as sock:
        porta = sock.getsockname()[1]
    assert porta_livre_a_partir_de("::1", porta, protocolo) == porta


def test_porta_livre_nao_passa_da_ultima_porta():
    with socket.socket() as ultima:
        try:
            ultima.bind(("127.0.0.1", 65_535))
        except OSError:
            pytest.skip("a porta 65535 já está em uso nesta máquina")
        ultima.listen()
        assert porta_livre_a_partir_de("127.0.0.1", 65_535, "TCP") is None


# ----- enderecos: IPv4 primeiro, sem mudar a ordem do sistema no resto --------------


def test_enderecos_poe_o_ipv4_primeiro_e_mantem_a_ordem_do_sistema(monkeypatch):
    pedidos = []

    def getaddrinfo(host, porta, type=0):
        pedidos.append((host, porta, type))
        return [
            (socket.AF_INET6, type, 6, "", ("::1", porta, 0, 0)),
            (socket.AF_INET, type, 6, "", ("127.0.0.2", porta)),
            (socket.AF_INET, type, 6, "", ("127.0.0.1", porta)),
            (socket.AF_INET6, type, 6, "", ("::2", porta, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    assert enderecos("servidor.local", 12000, socket.SOCK_STREAM) == [
        (socket.AF_INET, ("127.0.0.2", 12000)),
        (socket.AF_INET, ("127.0.0.1", 12000)),
        (socket.AF_INET6, ("::1", 12000, 0, 0)),
        (socket.AF_INET6, ("::2", 12000, 0, 0)),
    ]
    assert pedidos == [("servidor.local", 12000, socket.SOCK_STREAM)]


# ----- transbordados: os datagramas que o sistema descartou na chegada ---------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="só o Linux conta por socket")
def test_transbordados_conta_os_datagramas_que_o_buffer_cheio_descartou():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receptor, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as emissor:
        receptor.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # cabem poucos
        receptor.bind(("127.0.0.1", 0))
        assert transbordados(receptor) == 0
        enviados = 200
        for _ in range(enviados):
            emissor.sendto(b"x" * 1000, receptor.getsockname())
        receptor.setblocking(False)
        lidos = 0
        try:
            while receptor.recv(2000):
                lidos += 1
        except BlockingIOError:
            pass
        assert transbordados(receptor) == enviados - lidos > 0


class SocketComMeminfo:
    """Um socket cujo ``getsockopt(SO_MEMINFO)`` devolve ``resposta`` (ou a levanta)."""

    def __init__(self, resposta):
        self.resposta = resposta

    def getsockopt(self, _nivel, _opcao, _tamanho):
        if isinstance(self.resposta, Exception):
            raise self.resposta
        return self.resposta


@pytest.mark.parametrize("so_meminfo, resposta", [
    (None, struct.pack("9I", *range(9))),  # Windows e macOS: o sistema não conta
    (55, OSError(10042, "opção desconhecida")),  # um sistema que recusa a opção
    (55, struct.pack("8I", *range(8))),  # um Linux antigo, sem a contagem
], ids=["sem_so_meminfo", "opcao_recusada", "linux_antigo"])
def test_transbordados_sem_a_contagem_do_sistema_e_none(monkeypatch, so_meminfo, resposta):
    monkeypatch.setattr(sockets, "SO_MEMINFO", so_meminfo)
    assert transbordados(SocketComMeminfo(resposta)) is None


def test_transbordados_e_o_ultimo_dos_nove_campos_do_meminfo(monkeypatch):
    monkeypatch.setattr(sockets, "SO_MEMINFO", 55)
    assert transbordados(SocketComMeminfo(struct.pack("9I", *range(10, 19)))) == 18


def test_porta_livre_desiste_depois_de_100_portas_ocupadas():
    """Como diz ``PortaEmUso``: ``None`` se nenhuma das 100 portas a partir da pedida
    estiver livre, mesmo que a 101ª esteja."""
    inicio = PORTAS_FORA_DO_INTERVALO_EFEMERO[0]
    ocupadas = []
    try:
        for porta in range(inicio, inicio + 100):
            sock = socket.socket()
            ocupadas.append(sock)
            try:
                sock.bind(("127.0.0.1", porta))
            except OSError:
                pytest.skip(f"a porta {porta} já está em uso nesta máquina")
            sock.listen()
        if porta_livre_a_partir_de("127.0.0.1", inicio + 100, "TCP") != inicio + 100:
            pytest.skip(f"a porta {inicio + 100} já está em uso nesta máquina")
        assert porta_livre_a_partir_de("127.0.0.1", inicio, "TCP") is None
    finally:
        for sock in ocupadas:
            sock.close()


# ----- encerrar: acorda quem espera no socket e o fecha --------------------------


def test_encerrar_termina_a_conexao_e_fecha_o_socket():
    with socket.create_server(("127.0.0.1", 0)) as escuta, \
            socket.create_connection(escuta.getsockname(), timeout=5) as cliente:
        conexao, _ = escuta.accept()
        encerrar(conexao)
        assert conexao.fileno() == -1  # fechado
        assert cliente.recv(10) == b""  # o outro lado vê o fim da conexão


def test_encerrar_um_socket_que_nunca_conectou_nao_levanta_erro():
    sock = socket.socket()
    encerrar(sock)  # o shutdown falha (não há conexão), e tudo bem
    assert sock.fileno() == -1
