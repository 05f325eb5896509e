"""Pequenos ajudantes de socket usados pelos servidores e clientes do ecolab.

Aqui ficam os detalhes que mudam de um sistema operacional para outro, para que
``tcp.py`` e ``udp.py`` possam ser lidos como a conversa entre cliente e servidor.
"""

import errno
import math
import selectors
import socket
import struct
import sys

# Maior datagrama UDP possível: recebendo com este tamanho, nada é cortado em
# silêncio (e o Windows não reclama de buffer pequeno, o erro 10040).
TAMANHO_MAXIMO_DATAGRAMA = 65_535

# SO_MEMINFO (linux/asm-generic/socket.h; o módulo socket não tem o nome): o
# Linux conta, por socket, os datagramas que descartou na chegada. Só o Linux.
SO_MEMINFO = 55 if sys.platform.startswith("linux") else None
_CAMPOS_DO_MEMINFO = 9  # o 9º (SK_MEMINFO_DROPS) é a contagem de descartados


def familia(host):
    """IPv6 (``AF_INET6``) se o host tem ``:``, como ``::1``; senão IPv4."""
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def enderecos(host, porta, tipo):
    """Os endereços de ``host`` (uma lista de ``(família, endereço)``), **IPv4 primeiro**.

    ``tipo`` é ``socket.SOCK_STREAM`` (TCP) ou ``socket.SOCK_DGRAM`` (UDP). Um
    nome como ``localhost`` pode ter dois endereços, ``::1`` (IPv6) e
    ``127.0.0.1`` (IPv4), e o sistema pode dar o IPv6 primeiro. Os servidores do
    curso escutam em ``127.0.0.1``: tentar ``::1`` antes seria uma recusa, e no
    Windows cada recusa custa cerca de 2 s. Um host que não existe levanta
    ``socket.gaierror``.
    """
    resultados = socket.getaddrinfo(host, porta, type=tipo)
    resultados.sort(key=lambda resultado: resultado[0] != socket.AF_INET)  # sort estável
    return [(resultado[0], resultado[4]) for resultado in resultados]


def porta_livre_a_partir_de(host, porta, protocolo, tentativas=100):
    """A primeira porta de ``porta`` em diante em que um servidor conseguiria escutar agora.

    Testa de verdade: abre um socket do mesmo ``protocolo`` ("TCP" ou "UDP"),
    faz ``bind`` e o fecha. Devolve ``None`` se nenhuma das ``tentativas`` portas
    estiver livre. A resposta vale para agora: outro programa pode ocupar a
    porta logo depois.
    """
    for candidata in range(porta, min(porta + tentativas, 65_536)):
        try:
            if protocolo == "TCP":  # como o ServidorTCP abre a porta
                socket.create_server((host, candidata), family=familia(host)).close()
            else:
                with socket.socket(familia(host), socket.SOCK_DGRAM) as sock:
                    sock.bind((host, candidata))
        except OSError:
            continue
        return candidata
    return None


def definir_tempo_limite(sock, segundos):
    """Faz ``recv`` e ``send`` desistirem depois de ``segundos`` (``None``: nunca).

    O jeito comum seria ``sock.settimeout(segundos)``, mas aí o Python chama
    ``poll()`` antes de cada ``recv``, o que deixa cada mensagem cerca de 20%
    mais lenta. Aqui o socket continua no modo bloqueante e quem conta o tempo
    é o próprio sistema operacional (``SO_RCVTIMEO`` e ``SO_SNDTIMEO``). Quando o
    tempo acaba, ``recv`` levanta ``BlockingIOError`` (Linux, macOS) ou
    ``TimeoutError`` (Windows): veja :func:`tempo_esgotou`.

    Para o kernel, um tempo limite 0 significa "esperar para sempre". Por isso
    um tempo pequeno demais para a unidade do sistema (menos de 1 µs; no
    Windows, que conta em milissegundos, menos de 1 ms) é arredondado **para
    cima**, nunca para 0.
    """
    if sys.platform == "win32":
        milis = 0 if segundos is None else max(1, math.ceil(segundos * 1000))
        valor = struct.pack("L", milis)
    else:
        micros = 0 if segundos is None else max(1, math.ceil(segundos * 1_000_000))
        valor = struct.pack("ll", micros // 1_000_000, micros % 1_000_000)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, valor)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, valor)


def chegou_algo(sock, segundos):
    """Espera até ``segundos`` por algo para ler em ``sock``; diz se chegou.

    "Algo" inclui o fim da conexão (o ``recv`` seguinte devolveria ``b""``).
    ``selectors`` escolhe o melhor mecanismo do sistema (``epoll`` no Linux),
    sem o limite de 1024 descritores do ``select.select``.
    """
    with selectors.DefaultSelector() as seletor:
        seletor.register(sock, selectors.EVENT_READ)
        return bool(seletor.select(segundos))


def tempo_esgotou(erro):
    """Diz se a exceção veio de um tempo limite posto por :func:`definir_tempo_limite`."""
    return isinstance(erro, (BlockingIOError, TimeoutError))


def porta_ocupada(erro):
    """Diz se a exceção de ``bind`` significa "porta já em uso".

    No Windows, uma porta reservada por outro programa (``SO_EXCLUSIVEADDRUSE``)
    ou pelo sistema (as faixas que o Hyper-V, o WSL e o Docker excluem) dá
    WSAEACCES, 10013, que o Python traduz para o errno ``EACCES``. O
    ``socket.create_server`` recria a exceção e perde o ``.winerror``: sobra
    só o ``EACCES``. No Linux e no macOS, ``EACCES`` quer dizer outra coisa
    (porta abaixo de 1024 sem ser administrador) e não conta.
    """
    if erro.errno == errno.EADDRINUSE:
        return True
    return sys.platform == "win32" and (
        getattr(erro, "winerror", None) == 10013 or erro.errno == errno.EACCES
    )


def encerrar(sock):
    """Acorda quem está bloqueado neste socket e o fecha, sem levantar erros.

    ``shutdown`` faz um ``recv`` ou ``accept`` parado em outra thread voltar na
    hora; só ``close`` não bastaria no Linux.
    """
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # já desconectado: nada a acordar
    sock.close()


def transbordados(sock):
    """Quantos datagramas o sistema descartou na chegada a ``sock``, ou ``None``.

    Quando o buffer de recepção de um socket UDP está cheio, o sistema descarta
    o datagrama que chega, sem avisar ninguém. O Linux conta esses descartes por
    socket (é o ``d`` de ``ss -uam``) e os dá pelo ``getsockopt(SOL_SOCKET,
    SO_MEMINFO)``: a conta vale desde que o socket foi criado e está sempre em
    dia. O Windows e o macOS não contam por socket: aí a resposta é ``None``
    (não dá para saber), e o jeito é comparar quantos datagramas foram enviados
    com quantos o programa leu.
    """
    if SO_MEMINFO is None:
        return None
    try:
        memoria = sock.getsockopt(socket.SOL_SOCKET, SO_MEMINFO, 4 * _CAMPOS_DO_MEMINFO)
    except OSError:  # um sistema sem SO_MEMINFO (o Windows dá o erro 10042)
        return None
    if len(memoria) < 4 * _CAMPOS_DO_MEMINFO:  # um Linux antigo, sem a contagem
        return None
    return struct.unpack(f"{_CAMPOS_DO_MEMINFO}I", memoria)[-1]
