"""A trava de Nagle com ACK atrasado: escreve, escreve, lê.

Dois mecanismos do TCP, cada um bom sozinho, travam juntos:

- o **algoritmo de Nagle** (RFC 896): enquanto houver um segmento pequeno sem
  confirmação (ACK), os próximos bytes pequenos esperam, para sair juntos num
  segmento só. Economiza a rede quando alguém digita uma letra por vez;
- o **ACK atrasado** (RFC 1122, seção 4.2.3.2): o receptor não confirma cada
  segmento na hora; espera um pouco (menos de 0,5 s, diz o RFC), torcendo para
  mandar a confirmação junto com uma resposta.

Um cliente que envia um pedido em dois ``send`` pequenos (o cabeçalho, depois o
corpo) e espera a resposta cai nos dois: o corpo espera o ACK do cabeçalho
(Nagle), e o servidor, que só responde com o pedido inteiro, atrasa esse ACK.
Cada pedido leva o tempo do ACK atrasado (no Linux, cerca de 40 ms).

O que há aqui (lição 08)::

    with ServidorDePedidos(porta=12082) as servidor:
        cliente = ClienteDePedidos(servidor.endereco, jeito="dois envios")
        tempos = medir_rtt(cliente, vezes=30)      # as ferramentas de ecolab.medidas
        cliente.fechar()

- :class:`ServidorDePedidos`: responde ``ok`` a cada pedido de ``TAMANHO`` bytes;
- :class:`ClienteDePedidos`: envia cada pedido de um dos ``JEITOS``
  (``"dois envios"``, ``"TCP_NODELAY"``, ``"um envio"``) e espera a resposta;
- :func:`medir_jeitos`: mede os três jeitos, com aquecimento, e devolve os tempos.
"""

import socket
import threading

from .medidas import medir_rtt

CABECALHO = b"PEDIDO 12 "  # 10 bytes
CORPO = b"0123456789"  # 10 bytes
TAMANHO = len(CABECALHO) + len(CORPO)
RESPOSTA = b"ok"
JEITOS = ("dois envios", "TCP_NODELAY", "um envio")


class ServidorDePedidos:
    """Um servidor TCP que lê pedidos de ``TAMANHO`` bytes e responde ``ok`` a cada um.

    Ele só responde com o pedido inteiro: recebeu só o cabeçalho, espera o
    corpo. Atende uma conexão por vez, numa thread de fundo. Para quem usa:
    ``endereco``, ``parar()`` (ou ``with``).
    """

    def __init__(self, porta=0):
        self._escuta = socket.create_server(("127.0.0.1", porta))
        self._escuta.settimeout(0.2)
        self.endereco = self._escuta.getsockname()
        self._parar = threading.Event()
        self._thread = threading.Thread(target=self._atender, name="ecolab-servidor-de-pedidos",
                                        daemon=True)
        self._thread.start()

    def _atender(self):
        while not self._parar.is_set():
            try:
                conexao, _ = self._escuta.accept()
            except (TimeoutError, OSError):
                continue
            with conexao:
                self._responder(conexao)

    def _responder(self, conexao):
        conexao.settimeout(0.2)
        pendente = b""
        while not self._parar.is_set():
            try:
                pedaco = conexao.recv(TAMANHO)
            except TimeoutError:
                continue
            except OSError:
                return
            if not pedaco:
                return
            pendente += pedaco
            while len(pendente) >= TAMANHO:  # um pedido inteiro: responde
                pendente = pendente[TAMANHO:]
                conexao.sendall(RESPOSTA)

    def parar(self):
        self._parar.set()
        self._thread.join(2)
        self._escuta.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.parar()


class ClienteDePedidos:
    """Um cliente que envia pedidos de um dos ``JEITOS`` e espera o ``ok`` de cada um.

    - ``"dois envios"``: o cabeçalho num ``send``, o corpo noutro (Nagle ligado);
    - ``"TCP_NODELAY"``: os mesmos dois ``send``, com Nagle desligado;
    - ``"um envio"``: o pedido inteiro num ``send`` só (Nagle ligado).

    Tem o ``enviar(mensagem)`` que :func:`ecolab.medir_rtt` usa (a mensagem é
    ignorada: o pedido é sempre o mesmo). Feche com ``fechar()``.
    """

    protocolo = "TCP"
    conectado = True

    def __init__(self, endereco, jeito="dois envios", timeout=2):
        if jeito not in JEITOS:
            raise ValueError(f"jeito precisa ser um de {JEITOS}, não {jeito!r}.")
        self.jeito = jeito
        self.sock = socket.create_connection(endereco, timeout=timeout)
        if jeito == "TCP_NODELAY":
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def enviar(self, _mensagem=None):
        if self.jeito == "um envio":
            self.sock.sendall(CABECALHO + CORPO)
        else:
            self.sock.sendall(CABECALHO)
            self.sock.sendall(CORPO)
        resposta = b""
        while len(resposta) < len(RESPOSTA):
            pedaco = self.sock.recv(len(RESPOSTA) - len(resposta))
            if not pedaco:
                raise ConnectionError("o servidor fechou a conexão antes de responder")
            resposta += pedaco
        return resposta.decode()

    def fechar(self):
        self.sock.close()


def medir_jeitos(vezes=30, aquecimento=5, porta=0, jeitos=JEITOS):
    """Mede os ``jeitos`` de enviar um pedido; devolve ``{jeito: Medidas}`` (segundos).

    Cada jeito usa uma conexão nova: ``aquecimento`` pedidos primeiro, não
    medidos (no começo de uma conexão, o Linux confirma na hora, o modo
    "quick-ACK", e a trava ainda não aparece), depois ``vezes`` pedidos medidos
    com :func:`ecolab.medir_rtt`.
    """
    resultado = {}
    with ServidorDePedidos(porta) as servidor:
        for jeito in jeitos:
            cliente = ClienteDePedidos(servidor.endereco, jeito)
            try:
                for _ in range(aquecimento):
                    cliente.enviar()
                resultado[jeito] = medir_rtt(cliente, vezes=vezes)
            finally:
                cliente.fechar()
    return resultado
