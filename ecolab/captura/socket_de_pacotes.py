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

A thread divide o processador (e o GIL do Python) com o cliente e o servidor
da conversa: cada microssegundo gasto nela atrasa a conversa. Por isso:

- ela acorda a cada ``ESPERA`` (2 ms) e lê de uma vez tudo o que o kernel
  guardou na fila, em vez de acordar a cada pacote; o notebook nunca trava e
  ``parar()`` termina logo;
- ela só olha as portas, nos bytes do próprio quadro (:func:`talvez_da_conversa`,
  como o filtro ``port P`` do tcpdump), e guarda o quadro; decodificar com o
  dpkt e filtrar o ICMP fica para ``parar()``, quando a conversa já acabou.

Medido aqui (``benchmarks/captura.py``, numa conversa TCP de 2.000 mensagens):
acordando a cada pacote e decodificando na thread, a captura custava ~40 µs a
cada pacote da conversa (2,8 vezes mais lenta); veja o custo de hoje no
``MANUTENCAO.md``. A fila do kernel é aumentada para 4 MiB quando o sistema deixa;
se ela encher, o kernel descarta quadros e ``perdidos`` conta quantos.
"""

import socket
import struct
import threading
import time

from .filtro import quadro_da_conversa

ETH_P_ALL = 0x0003  # "todos os protocolos" (linux/if_ether.h)
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # linux/asm-generic/socket.h
TIPO_DE_ENLACE = 1  # Ethernet
INTERFACE = "lo"
ESPERA = 0.002  # segundos entre uma leitura da fila e a próxima
BUFFER = 4 * 1024 * 1024  # fila do kernel para os quadros (bytes)
SOL_PACKET, PACKET_STATISTICS = 263, 6  # linux/socket.h e linux/if_packet.h
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)
SILENCIO = 0.05  # segundos sem quadro novo da conversa: os últimos já chegaram
PRAZO_DOS_ULTIMOS = 0.5  # segundos, no máximo, esperando os últimos quadros


class SocketDePacotes:
    """Os quadros da conversa numa porta, capturados na ``lo`` por uma thread.

    Para quem usa: ``iniciar()``, ``parar()`` -> ``(tipo_de_enlace, quadros)``,
    ``quantos`` (os quadros da conversa guardados até agora), ``perdidos`` (os
    quadros que o kernel descartou porque a fila encheu) e ``descricao``.
    O construtor levanta ``PermissionError`` sem privilégio.
    """

    descricao = "socket de pacotes (AF_PACKET) na interface lo"

    def __init__(self, porta):
        self.porta = porta
        self._quadros = []
        self._parar = threading.Event()
        self._erro = None
        self.perdidos = 0
        self._socket = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        try:
            _aumentar_a_fila(self._socket)
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
            self.perdidos = _descartados_pelo_kernel(self._socket)
        finally:
            self._socket.close()
        if self._erro is not None:
            raise self._erro
        return TIPO_DE_ENLACE, [
            (instante, quadro) for instante, quadro in self._quadros
            if quadro_da_conversa(TIPO_DE_ENLACE, quadro, self.porta)
        ]

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
            while not self._parar.wait(ESPERA):
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
            if talvez_da_conversa(quadro, self.porta):
                self._quadros.append((_instante(auxiliar), quadro))


def _aumentar_a_fila(sock):
    """Pede ``BUFFER`` bytes de fila; sem CAP_NET_ADMIN, o kernel limita a ``rmem_max``."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, BUFFER)
    except OSError:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER)


def _descartados_pelo_kernel(sock):
    """Quantos quadros o kernel descartou (fila cheia) desde a última pergunta."""
    _, descartados = struct.unpack("II", sock.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
    return descartados


def talvez_da_conversa(quadro, porta):
    """Olhada rápida num quadro Ethernet: pode ser da conversa na ``porta``?

    Falso para o que certamente não é: TCP e UDP de outras portas, e o que não é
    IP. Verdadeiro para TCP e UDP da porta e para todo ICMP, que ``parar()``
    decodifica para ver se cita a porta. As posições são as dos cabeçalhos:
    Ethernet (14 bytes; o tipo nos bytes 12 e 13), IPv4 (o protocolo no byte
    9; o tamanho do cabeçalho nos 4 bits de baixo do byte 0) e IPv6 (o próximo
    cabeçalho no byte 6; 40 bytes). As portas são os 4 primeiros bytes do TCP e
    do UDP.
    """
    if len(quadro) < 14 + 20:  # Ethernet + o menor cabeçalho IP
        return False
    tipo = quadro[12:14]
    if tipo == b"\x08\x00":  # IPv4
        protocolo, transporte = quadro[14 + 9], 14 + (quadro[14] & 0x0F) * 4
    elif tipo == b"\x86\xdd":  # IPv6
        protocolo, transporte = quadro[14 + 6], 14 + 40
    else:
        return False
    if protocolo not in (6, 17):  # nem TCP nem UDP: ICMP (1, 58) ou algo a decodificar
        return protocolo in (1, 58) or tipo == b"\x86\xdd"
    if len(quadro) < transporte + 4:
        return False
    origem, destino = struct.unpack_from("!HH", quadro, transporte)
    return porta in (origem, destino)


def _instante(auxiliar):
    """O instante em que o kernel recebeu o quadro (segundos desde 1970)."""
    for nivel, tipo, dados in auxiliar:
        if nivel == socket.SOL_SOCKET and tipo == SO_TIMESTAMPNS:
            segundos, nanossegundos = struct.unpack("qq", dados[:16])
            return segundos + nanossegundos / 1e9
    return time.time()  # kernel sem SO_TIMESTAMPNS: o relógio agora é o melhor que há
