"""Uma rede instável de mentira, para ver o que o UDP não promete.

No loopback (127.0.0.1) nenhum datagrama se perde, nenhum chega duas vezes e
todos chegam na ordem: o UDP parece perfeito. Numa rede de verdade não é assim.
A :class:`RedeInstavel` fica no meio do caminho entre clientes e um servidor
UDP e faz de propósito, com as probabilidades que você escolher, o que uma rede
de verdade às vezes faz::

    cliente ──ida──> RedeInstavel ──ida──> servidor
            <─volta─              <─volta─
                    perde, duplica,
                 atrasa, troca a ordem

Exemplo::

    servidor = ServidorUDP().iniciar()
    rede = RedeInstavel(servidor.endereco, perda=0.3, semente=1).iniciar()
    cliente = ClienteUDP(porta=rede.porta, timeout=0.5)  # fala com a rede
    cliente.enviar("Olá")   # às vezes responde, às vezes TempoEsgotado
    rede.contagem           # {'recebidos': 2, 'entregues': 2, 'perdidos': 0, ...}
    rede.registro           # o que aconteceu com cada datagrama

**A sorte tem semente.** Para cada datagrama a rede sorteia sempre quatro
números (perda, duplicação, reordenação, atraso), aconteça o que acontecer. Com
a mesma ``semente``, o 5º datagrama de ida tem sempre o mesmo destino, por mais
que o computador esteja lento: a aula pode contar com "o 3º se perde". A ida e
a volta têm sorteios separados, para que as respostas não mudem a sorte das
perguntas. Sem semente, a sorte muda a cada vez.

**Reordenar** é segurar um datagrama e soltá-lo logo depois do próximo do mesmo
cliente, no mesmo sentido: ``1 2 3 4`` pode virar ``2 1 4 3``. Se nenhum outro
vier em ``retencao_maxima`` segundos, o segurado segue sozinho (atrasado, mas
sem troca de ordem). O atraso também troca a ordem, como na vida real: um
datagrama atrasado pode ser ultrapassado pelos seguintes.

**O gargalo** (``taxa`` em bits por segundo e ``fila`` em datagramas): no
sentido de ida, os datagramas passam por um enlace lento com uma fila na
frente, uma só para todos os clientes (:mod:`ecolab.gargalo`); fila cheia,
datagrama descartado (``contagem["descartados"]``). O caminho de ida é, nesta
ordem: sorteio de perda e duplicação, fila do gargalo, atraso (a propagação),
troca de ordem, entrega. A rede também lê o cabeçalho de 12 bytes das lições
06, 09 e 10 e conta os pacotes em voo de cada remetente (``em_voo()``,
:mod:`ecolab.janela_na_rede`).

**Perdas que ninguém escolheu.** Se chegam datagramas mais depressa do que a
rede consegue repassá-los, o buffer de recepção do socket dela enche e o
próprio sistema descarta os que chegam, sem sorteio nenhum: é o que acontece
com um roteador sobrecarregado. A rede pede um buffer grande
(``buffer_de_recepcao``; o Linux dá o dobro do pedido, limitado por
``net.core.rmem_max``) e conta esses descartes em ``contagem["transbordados"]``
— no Linux, o número exato; nos outros sistemas, que não contam por socket,
``None`` (compare quantos datagramas você enviou com ``recebidos``).

Por dentro, uma única thread faz tudo: espera com ``select`` por datagramas de
qualquer socket, ou até a hora de soltar o próximo datagrama atrasado (uma
fila de prioridade, ``heapq``, ordenada pela hora de saída). Cada cliente ganha
um socket próprio para falar com o servidor; é por ele que a resposta volta,
e assim a rede sabe a qual cliente devolvê-la. Para repassar depressa, a thread
lê de uma vez tudo o que já espera num socket (até ``lote`` datagramas) antes de
voltar ao ``select``, e o registro guarda os bytes de cada datagrama sem
decodificá-los (vira texto só quando alguém lê o registro).
"""

import functools
import heapq
import itertools
import random
import selectors
import socket
import threading
import time

from .erros import _endereco_legivel
from .gargalo import Gargalo
from .janela_na_rede import JanelaNaRede
from .sockets import TAMANHO_MAXIMO_DATAGRAMA, familia, transbordados
from .udp import ServidorUDP

SENTIDOS = ("ida", "volta", "ambos")
CHAVES_DA_CONTAGEM = (
    "recebidos", "entregues", "perdidos", "descartados", "duplicados", "reordenados",
    "atrasados", "pendentes",
)


def sorteador(semente, sentido):
    """Gerador de números aleatórios só de um sentido ("ida" ou "volta")."""
    return random.Random(None if semente is None else f"{semente}/{sentido}")


def conferir_sentido(sentido):
    if sentido not in SENTIDOS:
        raise ValueError(
            f"sentido precisa ser 'ida' (do cliente para o servidor), 'volta' (do "
            f"servidor para o cliente) ou 'ambos', mas recebi {sentido!r}."
        )
    return sentido


def conferir_probabilidade(nome, valor):
    if isinstance(valor, bool) or not isinstance(valor, (int, float)) or not 0 <= valor <= 1:
        raise ValueError(
            f"{nome} precisa ser uma probabilidade entre 0 e 1 (por exemplo, 0.2 "
            f"para 20%), mas recebi {valor!r}."
        )
    return valor


def intervalo(nome, valor, minimo_permitido=0):
    """Transforma ``3`` em ``(3, 3)`` e confere um par ``(menor, maior)``."""
    par = tuple(valor) if isinstance(valor, (tuple, list)) else (valor, valor)
    valido = len(par) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in par
    )
    if not valido or not minimo_permitido <= par[0] <= par[1]:
        raise ValueError(
            f"{nome} precisa ser um número a partir de {minimo_permitido} ou um par "
            f"(menor, maior), como (1, 3); recebi {valor!r}."
        )
    return par


class _Datagrama:
    """Um datagrama a caminho: os bytes, por onde sai e a sorte que teve."""

    __slots__ = ("dados", "saida", "para", "sentido", "cliente", "origem",
                 "vezes", "momento", "ultrapassado")

    def __init__(self, dados, saida, para, sentido, cliente, origem):
        self.dados = dados
        self.saida = saida  # o socket por onde ele sai
        self.para = para  # None: o socket de saída já está ligado ao destino
        self.sentido = sentido
        self.cliente = cliente
        self.origem = origem
        self.vezes = 1  # 2 quando é duplicado
        self.momento = 0.0  # hora de saída (time.monotonic)
        self.ultrapassado = False

    @property
    def fluxo(self):
        return (self.sentido, self.cliente)


class RedeInstavel(ServidorUDP):
    """Intermediário UDP que perde, duplica, reordena e atrasa datagramas.

    ``RedeInstavel(destino, perda=0.0, duplicacao=0.0, reordenacao=0.0,
    atraso=0.0, semente=None, sentido="ambos", taxa=None, fila=100,
    host="127.0.0.1", porta=0)``:
      - ``destino``: ``(host, porta)`` do servidor de verdade;
      - ``perda``, ``duplicacao``, ``reordenacao``: probabilidades de 0 a 1;
      - ``atraso``: segundos a mais no caminho, um número ou um par
        ``(menor, maior)`` para sortear entre os dois;
      - ``sentido``: onde a rede atrapalha: ``"ida"`` (cliente -> servidor),
        ``"volta"`` (servidor -> cliente) ou ``"ambos"``. No outro sentido os
        datagramas passam direto, sem sorteio;
      - ``taxa``: bits por segundo do gargalo no sentido de ida (``None``: sem
        gargalo); ``fila``: quantos datagramas cabem na fila dele.

    Para quem usa (o mesmo ciclo de vida dos servidores):
      - ``iniciar()``, ``parar()``, ``with``, ``endereco``, ``porta``, ``rodando``;
        o cliente envia para ``rede.endereco`` em vez do servidor;
      - ``contagem``: dicionário com ``recebidos``, ``entregues``, ``perdidos``
        (pelo sorteio), ``descartados`` (pela fila cheia do gargalo),
        ``duplicados``, ``reordenados``, ``atrasados`` e ``pendentes`` (ainda a
        caminho). Sempre vale ``recebidos + duplicados == entregues + perdidos +
        descartados + pendentes``; o que ainda está a caminho quando a rede para
        se perde. E ``transbordados``: os que o **sistema** descartou antes de a
        rede lê-los, porque o buffer de recepção dela estava cheio (não entram em
        ``recebidos``; no Linux, o número exato; nos outros sistemas, ``None``);
      - ``buffer_de_recepcao_obtido``: os bytes de buffer de recepção que o
        sistema deu à rede (``None`` com ela parada);
      - ``em_voo(cliente=None)``: a janela de um remetente vista pela rede, uma
        :class:`~ecolab.janela_na_rede.AmostraDeVoo` por segmento de dados;
        ``inicio``: o ``time.monotonic()`` de quando a rede começou;
      - ``registro``: um evento por acontecimento, com o texto do datagrama e
        o endereço de onde ele veio (o cliente na ida, o servidor na volta):
        ``recebeu``, ``perdeu``, ``duplicou``, ``atrasou``, ``reordenou``,
        ``entregou``, ``descartou`` (e ``erro``).

    As probabilidades e o atraso podem ser mudados com a rede rodando
    (``rede.perda = 0.5``) e valem a partir do próximo datagrama.

    Ajustes (atributos da classe): ``retencao_maxima`` (segundos que um datagrama
    fica segurado esperando ser ultrapassado), ``max_clientes`` (acima disso, o
    cliente mais antigo é esquecido), ``buffer_de_recepcao`` (bytes pedidos ao
    sistema para cada socket da rede; ``None``: o padrão do sistema) e ``lote``
    (quantos datagramas a rede lê de um socket de uma vez).
    """

    retencao_maxima = 0.2
    max_clientes = 1024
    buffer_de_recepcao = 4 * 1024 * 1024  # o Linux dá o dobro, até 2 × net.core.rmem_max
    lote = 64

    def __init__(self, destino, perda=0.0, duplicacao=0.0, reordenacao=0.0, atraso=0.0,
                 semente=None, sentido="ambos", taxa=None, fila=100, host="127.0.0.1",
                 porta=0):
        super().__init__(host, porta)
        self.destino = tuple(destino)[:2]
        self.perda = conferir_probabilidade("perda", perda)
        self.duplicacao = conferir_probabilidade("duplicacao", duplicacao)
        self.reordenacao = conferir_probabilidade("reordenacao", reordenacao)
        self.atraso = atraso  # conferido já, para o erro aparecer aqui
        self.sentido = conferir_sentido(sentido)
        self.semente = semente
        self.gargalo = None if taxa is None else Gargalo(taxa, fila)
        self._sorte = {s: sorteador(semente, s) for s in ("ida", "volta")}
        self._contagem = dict.fromkeys(CHAVES_DA_CONTAGEM, 0)
        self._transbordados_antes = 0  # de sockets já fechados (None: não dá para saber)
        self._trava_dos_sockets = threading.Lock()  # contagem lê os sockets de outra thread
        self._despertador = None
        self.inicio = time.monotonic()
        self._janela = JanelaNaRede(self.inicio)

    @property
    def atraso(self):
        """Segundos a mais no caminho: um número ou um par ``(menor, maior)``."""
        return self._atraso

    @atraso.setter
    def atraso(self, valor):
        self._intervalo_do_atraso = intervalo("atraso", valor)
        self._atraso = valor

    @property
    def contagem(self):
        """Quantos datagramas a rede recebeu, entregou, perdeu, duplicou..."""
        contagem = dict(self._contagem)
        contagem["transbordados"] = self._transbordados()
        return contagem

    @property
    def buffer_de_recepcao_obtido(self):
        """Bytes de buffer de recepção que o sistema deu à rede (``None`` parada)."""
        with self._trava_dos_sockets:
            if not self._aberta():
                return None
            return self._sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)

    def _transbordados(self):
        """Os descartes do sistema nos buffers de recepção da rede (veja ``contagem``)."""
        with self._trava_dos_sockets:
            if not self._aberta():
                return self._transbordados_antes
            abertos = [self._sock, *self._saidas.values()]
            return _somar(self._transbordados_antes, *map(transbordados, abertos))

    def em_voo(self, cliente=None):
        """As amostras de pacotes em voo de ``cliente`` (``None``: o único remetente)."""
        return self._janela.amostras(cliente)

    def __repr__(self):
        estado = "rodando" if self.rodando else "parada"
        return (f"<RedeInstavel {_endereco_legivel(self.endereco)} -> "
                f"{_endereco_legivel(self.destino)}, {estado}>")

    # ----- ciclo de vida -------------------------------------------------

    def _aberta(self):
        """Os sockets da rede estão abertos (entre ``_abrir`` e ``_fechar``)?"""
        return self._sock is not None and self._sock.fileno() != -1

    def _abrir(self):
        sock = super()._abrir()
        self._preparar(sock)
        self._despertador = socket.socketpair()  # escrever num acorda o select
        self.inicio = time.monotonic()
        self._janela = JanelaNaRede(self.inicio)
        if self.gargalo is not None:
            self.gargalo = Gargalo(self.gargalo.taxa, self.gargalo.fila)  # fila vazia
        self._saidas = {}  # cliente -> socket ligado ao servidor
        self._fila = []  # (hora de saída, ordem de chegada, datagrama, sozinho)
        self._ordem = itertools.count()
        self._retidos = {}  # (sentido, cliente) -> datagrama segurado
        self._a_caminho = set()  # datagramas agendados que ainda não saíram
        return sock

    def _preparar(self, sock):
        """Buffer de recepção grande (transborda menos) e leituras que não esperam."""
        if self.buffer_de_recepcao is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.buffer_de_recepcao)
            except OSError:
                pass  # o sistema recusou: fica o buffer padrão
        sock.setblocking(False)  # sem nada para ler, recv dá BlockingIOError

    def _acordar(self):
        self._despertador[1].send(b"!")

    def _fechar(self):
        for datagrama in self._a_caminho:  # a rede desligou com eles no caminho
            for _ in range(datagrama.vezes):
                self._contar("perdidos", datagrama, "perdeu")
        self._contagem["pendentes"] = 0
        self._a_caminho.clear()
        self._fila.clear()
        self._retidos.clear()
        with self._trava_dos_sockets:
            abertos = [self._sock, *self._saidas.values()]
            self._transbordados_antes = _somar(
                self._transbordados_antes, *map(transbordados, abertos))
            for sock in abertos:
                sock.close()
        for ponta in self._despertador:
            ponta.close()

    # ----- a thread da rede ----------------------------------------------

    def _atender(self):
        with selectors.DefaultSelector() as seletor:
            self._seletor = seletor
            seletor.register(self._despertador[0], selectors.EVENT_READ, None)
            seletor.register(self._sock, selectors.EVENT_READ, self._chegou_do_cliente)
            while True:
                for chave, _ in seletor.select(self._tempo_ate_a_proxima_saida()):
                    if chave.data is None:
                        return  # parar() nos acordou
                    chave.data(chave.fileobj)
                self._soltar_os_que_venceram()

    def _chegou_do_cliente(self, sock):
        """Lê tudo o que os clientes já mandaram (até ``lote`` datagramas)."""
        for _ in range(self.lote):
            try:
                dados, origem = sock.recvfrom(TAMANHO_MAXIMO_DATAGRAMA)
            except BlockingIOError:
                return  # não há mais nada esperando
            except ConnectionResetError:
                continue  # Windows (erro 10054): uma entrega anterior foi para porta fechada
            self._repassar_do_cliente(dados, origem[:2])

    def _repassar_do_cliente(self, dados, cliente):
        try:
            saida = self._saida_para(cliente)
        except OSError as erro:
            motivo = f"não consegui abrir caminho até o destino ({erro})"
            self.registro.anotar("erro", cliente, motivo)
            return
        self._sortear_destino(_Datagrama(dados, saida, None, "ida", cliente, cliente))

    def _chegou_do_servidor(self, cliente, saida):
        """Lê tudo o que o servidor já respondeu a ``cliente`` (até ``lote`` datagramas)."""
        for _ in range(self.lote):
            try:
                dados = saida.recv(TAMANHO_MAXIMO_DATAGRAMA)
            except BlockingIOError:
                return  # não há mais nada esperando
            except ConnectionError:  # o sistema avisou que ninguém escuta no destino
                motivo = "nenhum servidor escuta no destino: confira se ele foi iniciado"
                self.registro.anotar("erro", self.destino, motivo)
                return
            datagrama = _Datagrama(dados, self._sock, cliente, "volta", cliente, self.destino)
            self._sortear_destino(datagrama)

    def _saida_para(self, cliente):
        """O socket que fala com o servidor em nome de ``cliente`` (um por cliente)."""
        saida = self._saidas.get(cliente)
        if saida is None:
            if len(self._saidas) >= self.max_clientes:
                self._esquecer(next(iter(self._saidas)))  # o mais antigo
            saida = socket.socket(familia(self.destino[0]), socket.SOCK_DGRAM)
            self._preparar(saida)
            saida.connect(self.destino)  # só aceita respostas do servidor
            self._saidas[cliente] = saida
            self._seletor.register(
                saida, selectors.EVENT_READ, functools.partial(self._chegou_do_servidor, cliente)
            )
        return saida

    def _esquecer(self, cliente):
        with self._trava_dos_sockets:
            saida = self._saidas.pop(cliente)
            self._seletor.unregister(saida)
            self._transbordados_antes = _somar(self._transbordados_antes, transbordados(saida))
            saida.close()

    # ----- a sorte de cada datagrama -------------------------------------

    def _sortear_destino(self, datagrama):
        """Perder, duplicar, passar pelo gargalo, atrasar, segurar: decide e agenda a saída."""
        self._contar("recebidos", datagrama, "recebeu")
        datagrama.momento = time.monotonic()
        if datagrama.sentido == "ida":
            self._janela.chegou_do_cliente(datagrama.cliente, datagrama.dados, datagrama.momento)
        if self.sentido not in (datagrama.sentido, "ambos"):
            if self._atravessar_o_gargalo(datagrama):
                self._agendar(datagrama, datagrama.momento)
            return
        sorte = self._sorte[datagrama.sentido]
        perda, duplicacao, reordenacao, atraso = (sorte.random() for _ in range(4))
        if perda < self.perda:
            self._contar("perdidos", datagrama, "perdeu")
            return
        if duplicacao < self.duplicacao:
            datagrama.vezes = 2
            self._contar("duplicados", datagrama, "duplicou")
        if not self._atravessar_o_gargalo(datagrama):
            return
        menor, maior = self._intervalo_do_atraso
        espera = menor + atraso * (maior - menor)
        if espera > 0:
            datagrama.momento += espera
            self._contar("atrasados", datagrama, "atrasou")
        if reordenacao < self.reordenacao and datagrama.fluxo not in self._retidos:
            self._retidos[datagrama.fluxo] = datagrama
            # Se ninguém o ultrapassar a tempo, ele sai sozinho depois de um tempo.
            self._agendar(datagrama, datagrama.momento + self.retencao_maxima, sozinho=True)
        else:
            self._agendar(datagrama, datagrama.momento)
            self._soltar_o_retido_depois(datagrama)

    def _atravessar_o_gargalo(self, datagrama):
        """Põe o datagrama de ida na fila do gargalo; devolve False se ele foi descartado."""
        if self.gargalo is None or datagrama.sentido != "ida":
            return True
        saida = self.gargalo.passar(len(datagrama.dados) * datagrama.vezes, datagrama.momento)
        if saida is None:  # fila cheia: o datagrama (e a cópia, se duplicado) não entra
            for _ in range(datagrama.vezes):
                self._contar("descartados", datagrama, "descartou")
            return False
        datagrama.momento = saida
        return True

    def _soltar_o_retido_depois(self, datagrama):
        """O datagrama segurado antes deste sai logo depois dele: a ordem se inverte."""
        retido = self._retidos.pop(datagrama.fluxo, None)
        if retido is not None:
            retido.ultrapassado = True
            self._agendar(retido, max(datagrama.momento, retido.momento))

    def _agendar(self, datagrama, momento, sozinho=False):
        if datagrama not in self._a_caminho:
            self._a_caminho.add(datagrama)
            self._contagem["pendentes"] += datagrama.vezes
        heapq.heappush(self._fila, (momento, next(self._ordem), datagrama, sozinho))

    def _tempo_ate_a_proxima_saida(self):
        if not self._fila:
            return None  # nada agendado: esperar só por datagramas
        return max(0.0, self._fila[0][0] - time.monotonic())

    def _soltar_os_que_venceram(self):
        agora = time.monotonic()
        while self._fila and self._fila[0][0] <= agora:
            _, _, datagrama, sozinho = heapq.heappop(self._fila)
            if sozinho and self._retidos.get(datagrama.fluxo) is not datagrama:
                continue  # foi ultrapassado: já está na fila para sair depois do outro
            self._entregar(datagrama)

    def _entregar(self, datagrama):
        self._a_caminho.discard(datagrama)
        self._contagem["pendentes"] -= datagrama.vezes
        if self._retidos.get(datagrama.fluxo) is datagrama:
            del self._retidos[datagrama.fluxo]  # ninguém o ultrapassou a tempo
        if datagrama.ultrapassado:
            self._contar("reordenados", datagrama, "reordenou")
        for _ in range(datagrama.vezes):
            try:
                self._enviar(datagrama)
            except OSError as erro:
                self.registro.anotar("erro", datagrama.origem, f"o datagrama não saiu ({erro})")
                self._contar("perdidos", datagrama, "perdeu")
            else:
                self._contar("entregues", datagrama, "entregou")
                if datagrama.sentido == "volta":
                    self._janela.entregue_ao_cliente(datagrama.cliente, datagrama.dados)

    def _enviar(self, datagrama):
        try:
            self._enviar_uma_vez(datagrama)
        except ConnectionError:
            # O aviso (10054 no Windows) é de um datagrama anterior, que foi para
            # uma porta fechada; a chamada que o recebe não enviou nada.
            self._enviar_uma_vez(datagrama)

    @staticmethod
    def _enviar_uma_vez(datagrama):
        if datagrama.para is None:
            datagrama.saida.send(datagrama.dados)
        else:
            datagrama.saida.sendto(datagrama.dados, datagrama.para)

    def _contar(self, chave, datagrama, tipo):
        self._contagem[chave] += 1
        self.registro.anotar(tipo, datagrama.origem, datagrama.dados)  # texto só ao ler


def _somar(*parcelas):
    """A soma, ou ``None`` se alguma parcela não é conhecida."""
    return None if None in parcelas else sum(parcelas)
