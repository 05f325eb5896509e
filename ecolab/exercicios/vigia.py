"""A vigia: durante uma verificação, nada que o código do aluno abrir fica aberto.

O código do aluno roda em threads (veja :mod:`ecolab.exercicios.bancada`) e pode criar os
seus próprios sockets e threads. No fim de cada verificação, passando ou não, a
:class:`Vigia` para e fecha tudo::

    1. acorda e fecha cada socket criado durante a verificação: um accept, recv ou
       recvfrom parado volta na hora (shutdown o acorda no Linux; nos outros
       sistemas, uma conexão ou um datagrama vazio);
    2. levanta Interrompido dentro de cada thread nova que continue viva (um laço
       sem fim para aqui, no próximo passo de Python);
    3. repete, por no máximo TEMPO_PARA_LIMPAR segundos, até as threads terminarem.

Como ela encontra os sockets: um gancho de auditoria do Python
(``sys.addaudithook``) é avisado a cada socket criado no processo; durante uma
verificação, a vigia guarda cada um. O gancho é instalado na primeira
verificação e não faz nada fora delas. As threads novas são as que não existiam
no começo (fora as dos servidores do ecolab, cujos nomes começam com
``ecolab-``: eles param sozinhos; as ajudantes do verificador, ``ecolab-verificador-``,
param junto com as do aluno).
"""

import ctypes
import functools
import socket
import sys
import threading
import time

from ..sockets import encerrar

TEMPO_PARA_LIMPAR = 1.0  # segundos para parar as threads que sobraram
INTERVALO_ENTRE_INTERRUPCOES = 0.5  # segundos antes de interromper de novo a mesma thread
AJUDANTES = "ecolab-verificador-"  # nome das threads do verificador, paradas junto com as do aluno


class Interrompido(BaseException):
    """Levantada dentro da thread do aluno quando o prazo acaba.

    É ``BaseException`` (e não ``Exception``) para que um ``except Exception``
    no código do aluno não a engula.
    """


# (O teste de mutação não mexe nesta função: um gancho de auditoria fica
# instalado no processo do próprio mutmut e quebraria a conferência dele.)
def _ao_auditar(evento, argumentos):  # pragma: no mutate block
    """Gancho de auditoria: anota cada socket novo enquanto uma vigia estiver ativa."""
    if evento == "socket.__new__":
        vigia = Vigia.ativa
        if vigia is not None:
            vigia.anotar(argumentos[0])


def _ao_falhar_thread(anterior, argumentos):
    """Não mostra o ``Interrompido`` das threads que a vigia parou (não é erro de ninguém)."""
    if not issubclass(argumentos.exc_type, Interrompido):
        anterior(argumentos)


_instalado = False


def _instalar_ganchos():
    global _instalado
    if not _instalado:
        sys.addaudithook(_ao_auditar)
        threading.excepthook = functools.partial(_ao_falhar_thread, threading.excepthook)
        _instalado = True


class Vigia:
    """Durante uma verificação, anota sockets e threads novos; no fim, fecha e para tudo.

    ``with Vigia() as vigia: ...``. Depois do ``with``, ``vigia.sobraram`` lista
    as threads que não foi possível parar (o que só acontece se o código do aluno
    ficou preso numa chamada que nada acorda, como ``time.sleep`` longo).
    """

    ativa = None  # a vigia da verificação em andamento (uma de cada vez)

    def __init__(self):
        # socket -> thread que o criou. Referências fortes, de propósito: sem elas,
        # um socket esquecido aberto seria fechado pelo coletor de lixo assim que a
        # função do aluno terminasse, e "você esqueceu de fechar" passaria sem aviso.
        # No fim da verificação, a vigia fecha todos.
        self.sockets = {}
        self.sobraram = []
        self._antes = set()
        self._dono = None

    def __enter__(self):
        _instalar_ganchos()
        self._antes = set(threading.enumerate())
        self._dono = threading.current_thread()
        Vigia.ativa = self
        return self

    def __exit__(self, *erro):
        try:
            self.sobraram = self.limpar()  # ainda ativa: o que surgir na limpeza é anotado
        finally:
            Vigia.ativa = None

    def anotar(self, sock):
        thread = threading.current_thread()
        if not thread.name.startswith("ecolab-"):  # os servidores do ecolab fecham os seus
            self.sockets[sock] = thread

    def threads_novas(self):
        """Threads que apareceram durante a verificação, fora as dos servidores do ecolab.

        As ajudantes do próprio verificador (``ecolab-verificador-...``, como o
        remetente de :func:`~ecolab.exercicios.bancada_rede.remetente_tcp`) entram
        na lista: sem isso, uma delas ainda enviando pedaços sobreviveria à verificação.
        """
        return [t for t in threading.enumerate()
                if t not in self._antes and t is not threading.current_thread()
                and (t.name.startswith(AJUDANTES) or not t.name.startswith("ecolab-"))]

    def sockets_do_aluno_abertos(self):
        """Sockets criados pelo código do aluno (não pela verificação) ainda abertos."""
        return [sock for sock, thread in list(self.sockets.items())
                if thread is not self._dono and sock.fileno() != -1]

    def limpar(self):
        """Fecha os sockets anotados e para as threads novas; devolve as que sobraram.

        Primeiro só os sockets: quem esperava num accept ou recv acorda com um erro
        e, quase sempre, termina sozinho. Só as threads que continuam vivas depois
        disso (um laço sem fim, por exemplo) recebem :class:`Interrompido`.
        """
        fim = time.monotonic() + TEMPO_PARA_LIMPAR
        interromper = False
        interrompidas = {}  # thread -> quando recebeu o último Interrompido
        while True:
            threads = self.threads_novas()
            if interromper:
                agora = time.monotonic()
                for thread in threads:
                    # De novo só se ela engoliu o primeiro: um segundo Interrompido
                    # cedo demais cairia no meio do fim da thread (no finally do
                    # aluno, ou no excepthook) e apareceria como erro "ignorado".
                    if agora - interrompidas.get(thread, -INTERVALO_ENTRE_INTERRUPCOES) \
                            >= INTERVALO_ENTRE_INTERRUPCOES:
                        _interromper(thread)
                        interrompidas[thread] = agora
            for sock in list(self.sockets):
                _acordar_e_fechar(sock)
            for thread in threads:
                thread.join(max(0.0, min(0.1, fim - time.monotonic())))
            vivas = [t for t in threads if t.is_alive()]
            if not vivas or time.monotonic() >= fim:
                return vivas
            interromper = True


def _interromper(thread):
    """Levanta :class:`Interrompido` dentro de ``thread`` (vale no próximo passo de Python)."""
    try:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread.ident), ctypes.py_object(Interrompido)
        )
    except (AttributeError, OSError):  # um Python sem essa função: só os sockets acordam
        pass


def _acordar_e_fechar(sock):
    """Acorda quem espera em ``sock`` (accept, recv, recvfrom) e o fecha."""
    if sock.fileno() == -1:
        return
    try:
        endereco = sock.getsockname()
        escutando = _escutando(sock)
    except OSError:
        encerrar(sock)
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)  # no Linux, isto já acorda accept, recv e recvfrom
    except OSError:
        pass
    try:
        if sock.type == socket.SOCK_DGRAM:  # nos outros sistemas, um datagrama vazio...
            with socket.socket(sock.family, socket.SOCK_DGRAM) as batida:
                batida.sendto(b"", endereco)
        elif escutando:  # ...ou uma conexão de mentira
            socket.create_connection(endereco[:2], timeout=0.1).close()
    except OSError:
        pass
    sock.close()


def _escutando(sock):
    opcao = getattr(socket, "SO_ACCEPTCONN", None)
    try:
        return opcao is not None and sock.getsockopt(socket.SOL_SOCKET, opcao) == 1
    except OSError:
        return False
