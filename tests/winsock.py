"""Um Windows de mentira: a camada de sockets do Python com o jeito do Winsock.

Não há Windows nas máquinas de teste, e a maioria dos alunos usa Windows. Este
módulo troca alguns métodos de ``socket.socket`` para que, **no loopback de um
Linux**, os sockets se comportem como no Winsock onde ele é diferente:

1. **UDP para uma porta fechada.** O sistema de destino responde com um ICMP
   "porta inalcançável". O Linux e o macOS não contam nada a um socket UDP sem
   ``connect``; o Windows faz o **próximo** ``recv``/``recvfrom`` desse socket
   levantar ``ConnectionResetError`` com ``winerror`` 10054. Aqui, o primeiro
   ``sendto`` de um socket UDP liga a opção ``IP_RECVERR`` do Linux, que faz o
   kernel guardar o ICMP para o próximo ``recv`` (de verdade, não por
   adivinhação), e o ``ConnectionRefusedError`` que ele dá vira o 10054.
2. **Conexão TCP recusada devagar.** No Windows, um ``connect`` a uma porta
   fechada do loopback só é recusado depois de cerca de 2 s (o Windows repete o
   SYN antes de desistir). Um tempo limite menor expira antes: ``TimeoutError``,
   e não ``ConnectionRefusedError``. Aqui, a recusa de verdade do Linux é
   atrasada da mesma forma.
3. **Tempo limite do kernel.** Quando o ``SO_RCVTIMEO`` expira, o Linux levanta
   ``BlockingIOError`` e o Windows, ``TimeoutError`` (10060).
4. **Sem ``MSG_DONTWAIT``.** O Windows não tem essa opção de ``recv``: enquanto a
   simulação está ligada, ``socket.MSG_DONTWAIT`` some, e o código do ecolab
   passa pelo caminho que o Windows usa.
5. **Sem ``SO_MEMINFO``.** O Windows não conta, por socket, os datagramas que
   descartou por buffer cheio: ``getsockopt`` dessa opção do Linux dá o erro
   10042 (WSAENOPROTOOPT, opção desconhecida), e o ecolab diz que não sabe.

No Linux, um ``OSError`` criado com um código do Windows não tem ``.winerror``:
criamos a exceção e pomos ``.winerror`` à mão. ``sys.platform`` **nunca** é
trocado (o ramo ``win32`` de ``definir_tempo_limite`` monta um valor que o Linux
recusa); o que muda é só o comportamento dos sockets.

Uso nos testes::

    with winsock.simular_windows():
        ...  # tudo aqui dentro fala com sockets "do Windows"

e num kernel de notebook (é o que ``CELULA_DE_ATIVACAO`` faz, como primeira
célula)::

    import winsock
    winsock.ativar()

Só funciona no Linux (``IP_RECVERR``); em outro sistema, ``ativar`` levanta
``RuntimeError`` dizendo isso.
"""

import contextlib
import errno
import socket
import sys
import time
from pathlib import Path

DEMORA_DA_RECUSA = 2.0  # segundos que o Windows leva para recusar no loopback

# As opções do Linux que entregam ao socket os erros ICMP (linux/in.h, linux/in6.h).
_SOL_IP, _IP_RECVERR = 0, 11
_SOL_IPV6, _IPV6_RECVERR = 41, 25

_METODOS = ("connect", "sendto", "recv", "recvfrom", "getsockopt")
_SO_MEMINFO = 55  # linux/asm-generic/socket.h
# Guardadas antes de ativar(), que tira o MSG_DONTWAIT do módulo socket (linux/socket.h).
_MSG_DONTWAIT = getattr(socket, "MSG_DONTWAIT", 0x40)
_MSG_ERRQUEUE = getattr(socket, "MSG_ERRQUEUE", 0x2000)
_originais = {}
_constantes_tiradas = {}  # constantes do Linux que o Windows não tem
_demora = DEMORA_DA_RECUSA

CELULA_DE_ATIVACAO = f"""\
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import winsock
winsock.ativar()
print("Winsock simulado:", winsock.ativo())
"""


def erro_10054():
    """O ``ConnectionResetError`` que o Windows dá depois do ICMP "porta inalcançável"."""
    return _erro_do_windows(
        ConnectionResetError, errno.ECONNRESET, 10054,
        "Foi forçado o cancelamento de uma conexão existente pelo host remoto",
    )


def erro_10061():
    """O ``ConnectionRefusedError`` do Windows: ninguém escuta nessa porta."""
    return _erro_do_windows(
        ConnectionRefusedError, errno.ECONNREFUSED, 10061,
        "Nenhuma conexão pôde ser feita porque a máquina de destino as recusou ativamente",
    )


def erro_10060():
    """O ``TimeoutError`` do Windows quando o ``SO_RCVTIMEO`` expira."""
    return _erro_do_windows(
        TimeoutError, errno.ETIMEDOUT, 10060,
        "Uma tentativa de conexão falhou porque o componente conectado não respondeu "
        "corretamente após um período de tempo",
    )


def erro_10042():
    """O ``OSError`` do Windows para uma opção de socket que ele não conhece."""
    return _erro_do_windows(
        OSError, errno.ENOPROTOOPT, 10042,
        "Uma opção ou nível desconhecido, inválido ou sem suporte foi especificado em "
        "uma chamada getsockopt ou setsockopt",
    )


def _erro_do_windows(classe, numero, codigo, texto):
    """A exceção como o Python do Windows a mostra: ``[WinError 10054] texto``.

    O código do Windows vai em ``.winerror``, posto à mão (no Linux, o ``OSError``
    ignora esse argumento); ``.errno`` é o número equivalente deste sistema.
    (Sem ``.strerror``: com ele, o Python do Linux mostraria ``[Errno 104]``.)
    """
    erro = classe(f"[WinError {codigo}] {texto}")
    erro.errno, erro.winerror = numero, codigo
    return erro


# ----- os métodos trocados ------------------------------------------------------


def _sendto(sock, *args):
    if sock.type == socket.SOCK_DGRAM:
        _ouvir_icmp(sock)
    return _originais["sendto"](sock, *args)


def _ouvir_icmp(sock):
    """Liga o ``IP_RECVERR``: o próximo ``recv`` levanta o erro do ICMP que chegar."""
    if sock.family == socket.AF_INET6:
        sock.setsockopt(_SOL_IPV6, _IPV6_RECVERR, 1)
    else:
        sock.setsockopt(_SOL_IP, _IP_RECVERR, 1)


def _esvaziar_fila_de_erros(sock):
    """Tira da fila de erros do ``IP_RECVERR`` o ICMP que acabou de virar o 10054.

    Com o ``IP_RECVERR``, o Linux guarda cada ICMP também numa fila de erros, e o
    ``select`` continua dizendo "pronto para ler" enquanto ela não estiver vazia;
    o ``recvfrom`` seguinte, sem dados, esperaria para sempre. No Windows, o aviso
    é dado uma vez só: esvaziar a fila deixa o ``select`` igual ao do Windows.
    """
    for _ in range(64):  # limite: a fila do kernel também é limitada
        try:
            sock.recvmsg(1, 1024, _MSG_ERRQUEUE | _MSG_DONTWAIT)
        except OSError:  # vazia (BlockingIOError) ou o socket já fechou
            return


def _recv(sock, *args):
    return _como_no_windows(sock, _originais["recv"], *args)


def _recvfrom(sock, *args):
    return _como_no_windows(sock, _originais["recvfrom"], *args)


def _como_no_windows(sock, metodo, *args):
    try:
        return metodo(sock, *args)
    except ConnectionRefusedError:
        if sock.type != socket.SOCK_DGRAM:
            raise
        _esvaziar_fila_de_erros(sock)
        raise erro_10054() from None
    except BlockingIOError:
        if sock.gettimeout() is not None:  # socket não bloqueante: igual nos dois
            raise
        raise erro_10060() from None


def _getsockopt(sock, nivel, opcao, *args):
    if nivel == socket.SOL_SOCKET and opcao == _SO_MEMINFO:
        raise erro_10042()
    return _originais["getsockopt"](sock, nivel, opcao, *args)


def _connect(sock, endereco):
    inicio = time.monotonic()
    try:
        return _originais["connect"](sock, endereco)
    except ConnectionRefusedError:
        if sock.type != socket.SOCK_STREAM or sock.gettimeout() == 0.0:
            raise
        limite = sock.gettimeout()
        if limite is not None and limite < _demora:
            time.sleep(max(0.0, limite - (time.monotonic() - inicio)))
            raise TimeoutError("timed out") from None
        time.sleep(max(0.0, _demora - (time.monotonic() - inicio)))
        raise erro_10061() from None


_TROCAS = {"connect": _connect, "sendto": _sendto, "recv": _recv, "recvfrom": _recvfrom,
           "getsockopt": _getsockopt}


# ----- ligar e desligar ---------------------------------------------------------


def ativar(demora_da_recusa=DEMORA_DA_RECUSA):
    """Passa a simular o Winsock em todos os sockets deste processo."""
    global _demora
    if not sys.platform.startswith("linux"):
        raise RuntimeError("o simulador do Winsock usa o IP_RECVERR, que só o Linux tem")
    _demora = demora_da_recusa
    if _originais:
        return
    for nome in _METODOS:
        _originais[nome] = getattr(socket.socket, nome)
        setattr(socket.socket, nome, _TROCAS[nome])
    if hasattr(socket, "MSG_DONTWAIT"):
        _constantes_tiradas["MSG_DONTWAIT"] = socket.MSG_DONTWAIT
        del socket.MSG_DONTWAIT


def desativar():
    """Devolve os métodos originais de ``socket.socket``."""
    for nome, metodo in _originais.items():
        if nome in vars(socket.socket) and vars(socket.socket)[nome] is _TROCAS[nome]:
            if metodo is getattr(socket.socket.__mro__[1], nome, None):
                delattr(socket.socket, nome)  # era herdado de _socket.socket
            else:
                setattr(socket.socket, nome, metodo)
    _originais.clear()
    for nome, valor in _constantes_tiradas.items():
        setattr(socket, nome, valor)
    _constantes_tiradas.clear()


def ativo():
    """Diz se a simulação está ligada."""
    return bool(_originais)


@contextlib.contextmanager
def simular_windows(demora_da_recusa=DEMORA_DA_RECUSA):
    """``with simular_windows():`` liga a simulação e a desliga no fim."""
    ativar(demora_da_recusa)
    try:
        yield
    finally:
        desativar()
