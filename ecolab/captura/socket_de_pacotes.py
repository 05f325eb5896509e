"""Capturar no Linux com um socket de pacotes (``AF_PACKET``), sem programa nenhum.

Um socket comum (``SOCK_STREAM``, ``SOCK_DGRAM``) entrega só os dados da
aplicação: o sistema tira os cabeçalhos antes. Um socket de pacotes
(``AF_PACKET``, ``SOCK_RAW``) recebe uma cópia de cada **quadro inteiro** que
passa por uma interface, com todos os cabeçalhos: é o que o tcpdump e o
Wireshark usam por baixo no Linux. Por isso ele pede privilégio (root ou
``CAP_NET_RAW``): sem ele, ``socket.socket(AF_PACKET, ...)`` levanta
``PermissionError``.

Três detalhes da interface de loopback (``lo``):

- cada pacote aparece **duas vezes**, uma ao sair (``PACKET_OUTGOING``) e outra
  ao chegar (``PACKET_HOST``), porque quem envia e quem recebe estão no mesmo
  computador. Guardamos só a chegada;
- o quadro começa com um cabeçalho Ethernet de 14 bytes com endereços zerados
  (o tipo de enlace é Ethernet);
- o instante de cada quadro vem do próprio kernel (``SO_TIMESTAMPNS``), não do
  relógio da thread, que pode acordar atrasada.

A leitura roda numa thread que espera com ``select`` e prazo curto, então o
notebook nunca trava e ``parar()`` termina em no máximo ~0,05 s.
"""

import select
import socket
import struct
import threading
import time

from .filtro import quadro_da_conversa

ETH_P_ALL = 0x0003  # "todos os protocolos" (linux/if_ether.h)
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # linux/asm-generic/socket.h
TIPO_DE_ENLACE = 1  # Ethernet
INTERFACE = "lo"
ESPERA = 0.05  # segundos de cada select: o tempo máximo que parar() espera a thread
BUFFER = 4 * 1024 * 1024  # fila do kernel para os quadros (bytes)
SILENCIO = 0.05  # segundos sem quadro novo da conversa: os últimos já chegaram
PRAZO_DOS_ULTIMOS = 0.5  # segundos, no máximo, esperando os últimos quadros


class SocketDePacotes:
    """Os quadros da conversa numa porta, capturados na ``lo`` por uma thread.

    Para quem usa: ``iniciar()``, ``parar()`` -> ``(tipo_de_enlace, quadros)``,
    ``quantos`` (os quadros da conversa guardados até agora) e ``descricao``.
    O construtor levanta ``PermissionError`` sem privilégio.
    """

    descricao = "socket de pacotes (AF_PACKET) na interface lo"

    def __init__(self, porta):
        self.porta = porta
        self._quadros = []
        self._parar = threading.Event()
        self._erro = None
        self._socket = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        try:
            self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER)
            self._socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            self._socket.bind((INTERFACE, 0))
            self._socket.setblocking(False)
        except OSError:
            self._socket.close()
            raise
        self._thread = threading.Thread(target=self._ler, name="ecolab-captura", daemon=True)

    @property
    def quantos(self):
        return len(self._quadros)

    def iniciar(self):
        self._thread.start()
        return self

    def parar(self):
        """Espera os últimos quadros, para a thread, esvazia a fila e fecha o socket."""
        self._esperar_os_ultimos()
        self._parar.set()
        self._thread.join(timeout=2)
        try:
            self._esvaziar()
        finally:
            self._socket.close()
        if self._erro is not None:
            raise self._erro
        return TIPO_DE_ENLACE, list(self._quadros)

    def _esperar_os_ultimos(self):
        """Espera ``SILENCIO`` segundos sem quadro novo (no máximo ``PRAZO_DOS_ULTIMOS``)."""
        fim = time.monotonic() + PRAZO_DOS_ULTIMOS
        quantos, desde = self.quantos, time.monotonic()
        while time.monotonic() < fim and self._thread.is_alive():
            time.sleep(0.01)
            if self.quantos != quantos:
                quantos, desde = self.quantos, time.monotonic()
            elif time.monotonic() - desde >= SILENCIO:
                return

    def _ler(self):
        """O laço da thread: espera quadros com prazo, até pedirem para parar."""
        try:
            while not self._parar.is_set():
                prontos, _, _ = select.select([self._socket], [], [], ESPERA)
                if prontos:
                    self._esvaziar()
        except Exception as erro:  # guardado para parar(), que o levanta na célula
            self._erro = erro

    def _esvaziar(self):
        """Lê todos os quadros que estão na fila agora, sem esperar."""
        while True:
            try:
                quadro, auxiliar, _, endereco = self._socket.recvmsg(65_535, 64)
            except (BlockingIOError, InterruptedError):
                return
            if endereco[2] == socket.PACKET_OUTGOING:
                continue  # a cópia de saída; a mesma volta como PACKET_HOST
            if quadro_da_conversa(TIPO_DE_ENLACE, quadro, self.porta):
                self._quadros.append((_instante(auxiliar), quadro))


def _instante(auxiliar):
    """O instante em que o kernel recebeu o quadro (segundos desde 1970)."""
    for nivel, tipo, dados in auxiliar:
        if nivel == socket.SOL_SOCKET and tipo == SO_TIMESTAMPNS:
            segundos, nanossegundos = struct.unpack("qq", dados[:16])
            return segundos + nanossegundos / 1e9
    return time.time()  # kernel sem SO_TIMESTAMPNS: o relógio agora é o melhor que há
