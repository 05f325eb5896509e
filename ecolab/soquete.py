"""Pequenos ajudantes de soquete usados pelos servidores e clientes do ecolab.

Aqui ficam os detalhes que mudam de um sistema operacional para outro, para que
``tcp.py`` e ``udp.py`` possam ser lidos como a conversa entre cliente e servidor.
"""

import errno
import socket
import struct
import sys

# Maior datagrama UDP possível: recebendo com este tamanho, nada é cortado em
# silêncio (e o Windows não reclama de buffer pequeno, o erro 10040).
TAMANHO_MAXIMO_DATAGRAMA = 65_535


def familia(host):
    """IPv6 (``AF_INET6``) se o host tem ``:``, como ``::1``; senão IPv4."""
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def definir_tempo_limite(sock, segundos):
    """Faz ``recv`` e ``send`` desistirem depois de ``segundos`` (``None``: nunca).

    O jeito comum seria ``sock.settimeout(segundos)``, mas aí o Python chama
    ``poll()`` antes de cada ``recv``, o que deixa cada mensagem cerca de 20 %
    mais lenta. Aqui o soquete continua no modo bloqueante e quem conta o tempo
    é o próprio sistema operacional (``SO_RCVTIMEO`` e ``SO_SNDTIMEO``). Quando o
    tempo acaba, ``recv`` levanta ``BlockingIOError`` (Linux, macOS) ou
    ``TimeoutError`` (Windows): veja :func:`tempo_esgotou`.
    """
    segundos = segundos or 0  # 0 significa "esperar para sempre" para o kernel
    if sys.platform == "win32":
        valor = struct.pack("L", int(segundos * 1000))  # milissegundos
    else:
        inteiros = int(segundos)
        valor = struct.pack("ll", inteiros, int((segundos - inteiros) * 1_000_000))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, valor)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, valor)


def tempo_esgotou(erro):
    """Diz se a exceção veio de um tempo limite posto por :func:`definir_tempo_limite`."""
    return isinstance(erro, (BlockingIOError, TimeoutError))


def porta_ocupada(erro):
    """Diz se a exceção de ``bind`` significa "porta já em uso"."""
    # No Windows, uma porta reservada com exclusividade dá WSAEACCES (10013).
    return erro.errno == errno.EADDRINUSE or getattr(erro, "winerror", None) == 10013


def encerrar(sock):
    """Acorda quem está bloqueado neste soquete e o fecha, sem levantar erros.

    ``shutdown`` faz um ``recv`` ou ``accept`` parado em outra thread voltar na
    hora; só ``close`` não bastaria no Linux.
    """
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # já desconectado: nada a acordar
    sock.close()
