"""Transferência confiável com janela deslizante: o remetente e o receptor de referência.

As lições 06, 09 e 10 mandam um arquivo, pacote a pacote, por uma
:class:`~ecolab.RedeInstavel` que perde, duplica e troca a ordem, e ele tem que
chegar intacto e na ordem. Aqui está a versão do curso, sobre o cabeçalho de
:mod:`ecolab.segmento` (UDP; ``seq`` conta **pacotes**, 0, 1, 2...)::

    remetente ──dados seq=0,1,2...──> RedeInstavel ──> receptor
              <──ACK ack=... ─────────            <──

Os modos (``modo=``), como no capítulo 3 de Kurose e Ross:

- ``"pare"``: pare e espere (*stop-and-wait*): um pacote de cada vez (janela 1);
- ``"gbn"``: Go-Back-N. O receptor só aceita o pacote esperado e confirma com
  ``ACK`` cumulativo (``ack`` = o próximo que ele espera); o remetente tem um
  temporizador só, o do pacote mais antigo (``base``), e no estouro volta ao
  ``base`` e manda de novo **todos** os que estavam a caminho;
- ``"sr"``: Repetição Seletiva (*Selective Repeat*). O receptor guarda os que
  chegam fora de ordem (um *buffer*) e confirma **cada** pacote com
  ``SELETIVA`` (``ack`` = o próprio pacote); o remetente tem um temporizador por
  pacote e retransmite **só** o que estourou;
- ``"tcp"``: o meio-termo do TCP (Kurose, seção 3.5.4): ``ACK`` cumulativo, o
  receptor guarda os fora de ordem, e o remetente retransmite só o ``base``
  (no estouro ou no 3º ACK duplicado, a retransmissão rápida).

O contrato, para quem usa (as lições 09 e 10 leem só isto). Os sockets são de
quem chama: o remetente e o receptor não os fecham.

``Remetente(sock, destino, modo="gbn", janela=8, controle=None, estimador=None,
prazo=30.0, recuo=None)``, e ``remetente.enviar(pacotes)`` (uma lista de ``bytes``, um por
pacote; veja :func:`fatiar`) devolve um :class:`Relatorio` quando o receptor
confirmou tudo e o ``FIN``. As peças trocáveis:

- ``janela``: quantos pacotes podem estar a caminho sem confirmação (um número
  fixo; em ``"pare"`` é sempre 1);
- ``controle``: um objeto de controle de congestionamento com a interface de
  ``ControleReno`` (lição 09): o atributo ``cwnd`` (em pacotes) e os métodos
  ``ao_confirmar()`` (chamado uma vez por confirmação que anda com a janela),
  ``ao_duplicado()`` (um ACK cumulativo repetido; devolve ``True`` no 3º, e o
  remetente faz a retransmissão rápida do ``base``) e ``ao_estourar()`` (chamado
  uma vez por estouro de temporizador). Com ``controle``, a janela usada é
  ``min(janela, int(controle.cwnd))``, nunca menos de 1; para usar só a ``cwnd``
  passe ``janela=None``;
- ``estimador``: um objeto com a interface de ``EstimadorDeRTT`` (lição 06): o
  método ``amostra(rtt)`` (segundos) e o atributo ``timeout`` (segundos). O
  remetente segue a regra de Karn: só dá amostra de um pacote **nunca**
  retransmitido. Sem estimador, o timeout é fixo (:class:`TimeoutFixo`, 0,2 s);
- ``recuo``: se ``True``, a cada estouro o remetente dobra o timeout em uso
  (RFC 6298, seção 5.5) até a próxima confirmação que dê uma amostra de RTT (a de
  um pacote nunca retransmitido: a nota do fim da seção 5 da RFC e o Linux só
  desfazem o recuo com uma amostra nova). O padrão (``None``) é
  dobrar só com um estimador de verdade (como o TCP); com o timeout fixo
  (:class:`TimeoutFixo`), não (como o Go-Back-N e a Repetição Seletiva do livro);
- ``prazo``: segundos para a transferência inteira; passou, levanta
  :class:`TransferenciaInterrompida`. Nenhuma espera é sem fim.

O :class:`Relatorio` traz ``eventos``: um :class:`Evento` por acontecimento, com
``tempo`` (``time.monotonic()``), ``tipo`` (``"enviou"``, ``"retransmitiu"``,
``"confirmou"``, ``"duplicado"``, ``"estourou"``), ``seq``, ``base``,
``proximo`` (depois do evento), ``janela`` (a usada), ``cwnd`` (``None`` sem
controle), ``timeout`` (o que está valendo) e ``rtt`` (a amostra dessa
confirmação, ou ``None``). E ainda ``inicio``, ``fim``, ``pacotes``, ``bytes``,
``enviados``, ``retransmitidos``, ``progresso`` (``(tempo, pacotes confirmados)``
a cada confirmação nova), ``duracao`` (até a última confirmação de dados, sem
o ``FIN``), ``vazao`` (bits de dados por segundo) e ``vazao_em_regime`` (da
primeira confirmação à última).

``relatorio.do_tipo("confirmou", ...)`` filtra os eventos.

``Receptor(sock, modo="gbn", prazo=30.0, silencio=0.5, janela=1024,
confirmar_a_cada=1)`` e ``receptor.receber(parar=None)`` devolvem os bytes
entregues na ordem, quando chega o ``FIN`` e depois ``silencio`` segundos sem
datagramas (para confirmar de novo um ``FIN`` repetido), ou quando o
``threading.Event`` ``parar`` é ligado. ``receptor.completo`` diz se o ``FIN``
chegou; ``janela`` é quantos pacotes adiante do esperado a Repetição Seletiva e
o ``"tcp"`` guardam. ``confirmar_a_cada=2`` liga a **confirmação atrasada** do
TCP (*delayed ACK*, RFC 1122, seção 4.2.3.2, e RFC 5681, seção 4.2), só nos
modos de ACK cumulativo (``"gbn"`` e ``"tcp"``): um ACK a cada 2 pacotes novos
em ordem, nunca mais de ``ATRASO_DA_CONFIRMACAO`` segundos depois do pacote, e
na hora para um pacote fora de ordem, repetido, que preenche um buraco, ou o
``FIN``. Menos confirmações, menos datagramas para a rede repassar (o
``benchmarks/rede.py`` mede quanto isso rende).

:func:`transferir` junta tudo: ``transferir(dados, modo="gbn", janela=8,
controle=None, estimador=None, tamanho=1000, prazo=30.0, remetente=None,
receptor=None, semente=None, **rede)`` corta ``dados`` em pacotes de
``tamanho`` bytes, abre os sockets, a :class:`~ecolab.RedeInstavel` (com
``semente`` e ``rede``: ``perda``, ``duplicacao``, ``reordenacao``, ``atraso``,
``sentido``, ``taxa``, ``fila``) e a thread do receptor, envia e devolve uma
:class:`Transferencia`: ``recebido``, ``intacto``, ``relatorio``, ``contagem``
da rede, ``rede`` (a própria rede, já parada: ``rede.em_voo()`` continua
valendo) e ``vazao``; e fecha tudo, mesmo com erro. ``remetente(sock, destino,
pacotes)`` e ``receptor(sock)`` trocam as peças de referência por funções suas
(o que o remetente devolver vai em ``relatorio``).

Exemplo::

    t = transferir(b"x" * 50_000, modo="sr", janela=8, perda=0.1, semente=1)
    t.intacto       # True
    t.relatorio.retransmitidos
"""

import socket
import threading
import time
from typing import NamedTuple, Optional

from .erros import ErroEcolab, SegmentoInvalido
from .numeros import com_unidade
from .segmento import ACK, FIN, SELETIVA, ler, montar

MODOS = ("pare", "gbn", "sr", "tcp")
TAMANHO_DOS_DADOS = 1000  # bytes de dados por pacote
TIMEOUT_MAXIMO = 60.0  # o teto do timeout dobrado (RFC 6298, 2.5)
TENTATIVAS_DO_FIN = 10
ATRASO_DA_CONFIRMACAO = 0.04  # s: o mínimo do Linux (TCP_DELACK_MIN); a RFC 1122 manda < 0,5 s


class TransferenciaInterrompida(ErroEcolab, TimeoutError):
    """A transferência não terminou dentro do prazo."""

    def __init__(self, quem, prazo, detalhe):
        self.prazo = prazo
        super().__init__(
            f"O {quem} desistiu: a transferência não terminou em "
            f"{com_unidade(prazo, 's')} ({detalhe}). Confira se o outro lado está "
            "rodando e respondendo, ou aumente o prazo."
        )


class Evento(NamedTuple):
    """Uma coisa que o remetente fez ou viu (veja o contrato no topo do módulo)."""

    tempo: float
    tipo: str
    seq: int
    base: int
    proximo: int
    janela: int
    cwnd: Optional[float]
    timeout: float
    rtt: Optional[float]


class TimeoutFixo:
    """O estimador mais simples: o timeout não muda, e as amostras são ignoradas."""

    def __init__(self, timeout=0.2):
        self.timeout = timeout

    def amostra(self, rtt):
        """Não aprende nada com a amostra (é fixo)."""


def conferir_modo(modo):
    if modo not in MODOS:
        raise ValueError(
            f"modo precisa ser 'pare' (pare e espere), 'gbn' (Go-Back-N), 'sr' "
            f"(Repetição Seletiva) ou 'tcp', mas recebi {modo!r}."
        )
    return modo


def fatiar(dados, tamanho=TAMANHO_DOS_DADOS):
    """Corta ``dados`` em pacotes de ``tamanho`` bytes (o último pode ser menor)."""
    return [bytes(dados[i:i + tamanho]) for i in range(0, len(dados), tamanho)]


def confirmacao(modo, seq):
    """A confirmação que o receptor de ``modo`` manda para o pacote (ou ``FIN``) ``seq``.

    Na Repetição Seletiva, ``SELETIVA`` com ``ack=seq``; nos outros, o ACK
    cumulativo com ``ack`` = o próximo esperado (quem chama passa esse número).
    """
    if modo == "sr":
        return montar(ack=seq, flags=SELETIVA)
    return montar(ack=seq, flags=ACK)


def receber_segmento(sock, espera):
    """Um segmento que chegue em até ``espera`` segundos, ou ``None``.

    Devolve ``(segmento, origem)``. Datagramas que não seguem o cabeçalho são
    ignorados (``None``), como um erro do Windows (10054) de entrega anterior.
    """
    try:
        sock.setblocking(False)  # já tem algo na fila? (sem esperar: mais rápido)
        try:
            dados, origem = sock.recvfrom(65_535)
        except BlockingIOError:
            if espera <= 0:
                return None
            sock.settimeout(espera)  # não tinha: espera até ``espera`` segundos
            dados, origem = sock.recvfrom(65_535)
        return ler(dados), origem
    except (TimeoutError, BlockingIOError, ConnectionResetError, SegmentoInvalido):
        return None


class Relatorio:
    """O que o remetente fez: os eventos e as contas da transferência."""

    def __init__(self, pacotes):
        self.pacotes = len(pacotes)
        self.bytes = sum(len(p) for p in pacotes)
        self.eventos = []
        self.progresso = []  # (tempo, pacotes confirmados até então), a cada confirmação nova
        self.inicio = self.fim = time.monotonic()
        self.fim_confirmado = False

    @property
    def enviados(self):
        return sum(e.tipo in ("enviou", "retransmitiu") for e in self.eventos)

    @property
    def retransmitidos(self):
        return sum(e.tipo == "retransmitiu" for e in self.eventos)

    @property
    def duracao(self):
        return self.fim - self.inicio

    @property
    def vazao(self):
        """Bits de dados confirmados por segundo, do início à última confirmação.

        Sem os cabeçalhos e sem o ``FIN``: é a vazão útil (*goodput*) da transferência.
        """
        return 8 * self.bytes / self.duracao if self.duracao > 0 else 0.0

    @property
    def vazao_em_regime(self):
        """Bits de dados por segundo da primeira confirmação à última.

        Deixa de fora o primeiro RTT, em que nenhuma confirmação chega ainda
        (numa transferência curta ele pesa muito); é o que a fórmula da
        utilização descreve.
        """
        if len(self.progresso) < 2:
            return 0.0
        (t0, n0), (t1, n1) = self.progresso[0], self.progresso[-1]
        return 8 * (n1 - n0) * self.bytes / self.pacotes / (t1 - t0) if t1 > t0 else 0.0

    def do_tipo(self, *tipos):
        return [e for e in self.eventos if e.tipo in tipos]

    def __repr__(self):
        return (f"<Relatorio {self.pacotes} pacotes, {self.enviados} envios, "
                f"{self.retransmitidos} retransmissões, {com_unidade(self.duracao, 's', 3)}>")


class Remetente:
    """O remetente com janela deslizante (veja o contrato no topo do módulo).

    Estado, como nas figuras do livro: ``base`` (o mais antigo sem confirmação),
    ``proximo`` (o próximo a enviar). Os de ``base`` a ``proximo - 1`` estão a
    caminho; de ``proximo`` a ``base + janela - 1``, podem ser enviados já.
    """

    def __init__(self, sock, destino, modo="gbn", janela=8, controle=None, estimador=None,
                 prazo=30.0, recuo=None):
        self.sock, self.destino = sock, tuple(destino)[:2]
        self.modo = conferir_modo(modo)
        if janela is None and controle is None:
            raise ValueError("Sem controle de congestionamento, diga o tamanho da janela.")
        self.janela_maxima = 1 if modo == "pare" else janela
        self.controle = controle
        self.estimador = estimador if estimador is not None else TimeoutFixo()
        self.prazo = prazo
        if recuo is None:  # dobra com um estimador de verdade; com o fixo, não
            recuo = not isinstance(self.estimador, TimeoutFixo)
        self.recuo = recuo

    # ----- para quem usa -------------------------------------------------

    def enviar(self, pacotes):
        """Envia ``pacotes`` (lista de ``bytes``) e o ``FIN``; devolve o :class:`Relatorio`."""
        self._comecar(pacotes)
        while self.base < len(self.pacotes):
            self._encher_a_janela()
            self._esperar(self._proximo_estouro())
            self._tratar_estouros()
        self.relatorio.fim = time.monotonic()  # o FIN fica fora das contas de vazão
        self._terminar()
        return self.relatorio

    @property
    def janela(self):
        """A janela que vale agora: a fixa, a ``cwnd`` ou a menor das duas (pelo menos 1)."""
        if self.controle is None:
            return self.janela_maxima
        cwnd = max(1, int(self.controle.cwnd))
        return cwnd if self.janela_maxima is None else min(cwnd, self.janela_maxima)

    @property
    def timeout(self):
        return min(self.estimador.timeout * self._fator, TIMEOUT_MAXIMO)

    # ----- as partes -----------------------------------------------------

    def _comecar(self, pacotes):
        self.pacotes = list(pacotes)
        self.relatorio = Relatorio(self.pacotes)
        self.base = self.proximo = self._mais_alto = 0
        self._fator = 1  # dobra a cada estouro (RFC 6298, 5.5)
        self._enviado_em = {}  # seq -> hora do último envio
        self._retransmitidos = set()  # regra de Karn: sem amostra destes
        self._prazos = {}  # seq -> hora do estouro (na Repetição Seletiva, um por pacote)
        self._confirmados = set()  # Repetição Seletiva: confirmados acima do base
        self._limite = self.relatorio.inicio + self.prazo

    def _anotar(self, tipo, seq, rtt=None):
        cwnd = None if self.controle is None else self.controle.cwnd
        self.relatorio.eventos.append(Evento(
            time.monotonic(), tipo, seq, self.base, self.proximo, self.janela, cwnd,
            self.timeout, rtt))

    def _encher_a_janela(self):
        limite = min(len(self.pacotes), self.base + self.janela)
        while self.proximo < limite:
            if self.modo == "sr" and self.proximo in self._confirmados:
                self.proximo += 1
                continue
            self.proximo += 1
            self._transmitir(self.proximo - 1)

    def _transmitir(self, seq):
        novo = seq >= self._mais_alto
        self._mais_alto = max(self._mais_alto, seq + 1)
        if not novo:
            self._retransmitidos.add(seq)
        agora = time.monotonic()
        self._enviado_em[seq] = agora
        if self.modo == "sr":
            self._prazos[seq] = agora + self.timeout
        elif not self._prazos:  # um temporizador só: o do base
            self._prazos = {self.base: agora + self.timeout}
        self.sock.sendto(montar(seq=seq, dados=self.pacotes[seq]), self.destino)
        self._anotar("enviou" if novo else "retransmitiu", seq)

    def _proximo_estouro(self):
        agora = time.monotonic()
        if agora >= self._limite:
            raise TransferenciaInterrompida(
                "remetente", self.prazo,
                f"{self.base} de {len(self.pacotes)} pacotes confirmados")
        proximo = min(self._prazos.values(), default=self._limite)
        return min(proximo, self._limite) - agora

    def _esperar(self, espera):
        """Espera uma confirmação até o próximo estouro e a trata."""
        chegou = receber_segmento(self.sock, espera)
        if chegou is None:
            return
        segmento, _ = chegou
        if self.modo == "sr" and segmento.flags & SELETIVA:
            self._confirmacao_seletiva(segmento.ack)
        elif self.modo != "sr" and segmento.flags & ACK:
            self._confirmacao_cumulativa(segmento.ack)

    def _amostra(self, seq):
        """A amostra de RTT da confirmação de ``seq``, ou ``None`` (regra de Karn)."""
        if seq in self._retransmitidos or seq not in self._enviado_em:
            return None
        rtt = time.monotonic() - self._enviado_em[seq]
        self.estimador.amostra(rtt)
        return rtt

    def _confirmacao_cumulativa(self, ack):
        if self.base < ack <= len(self.pacotes):
            rtt = self._amostra(ack - 1)
            self.base, self.proximo = ack, max(self.proximo, ack)
            self._depois_de_confirmacao_nova(rtt)
            self._prazos = ({self.base: time.monotonic() + self.timeout}
                            if self.base < self.proximo else {})
            self._anotar("confirmou", ack - 1, rtt)
        elif ack == self.base < self.proximo:
            self._anotar("duplicado", ack)
            if self.controle is not None and self.controle.ao_duplicado():
                self._prazos = {}
                self._transmitir(self.base)  # retransmissão rápida

    def _confirmacao_seletiva(self, seq):
        if not self.base <= seq < self.proximo or seq in self._confirmados:
            return
        rtt = self._amostra(seq)
        self._confirmados.add(seq)
        self._prazos.pop(seq, None)
        while self.base in self._confirmados:
            self._confirmados.discard(self.base)
            self.base += 1
        self._depois_de_confirmacao_nova(rtt)
        self._anotar("confirmou", seq, rtt)

    def _depois_de_confirmacao_nova(self, rtt):
        confirmados = self.base + len(self._confirmados)
        self.relatorio.progresso.append((time.monotonic(), confirmados))
        if rtt is not None:  # o recuo só se desfaz com uma amostra (RFC 6298, seção 5)
            self._fator = 1
        if self.controle is not None:
            self.controle.ao_confirmar()

    def _tratar_estouros(self):
        agora = time.monotonic()
        vencidos = sorted(seq for seq, hora in self._prazos.items() if hora <= agora)
        if not vencidos:
            return
        if self.modo not in ("sr", "tcp"):  # Go-Back-N: volta ao base (o evento já mostra)
            self._prazos = {}
            self.proximo = self.base
        self._anotar("estourou", vencidos[0])
        if self.controle is not None:
            self.controle.ao_estourar()
        if self.recuo:
            self._fator *= 2
        if self.modo == "sr":
            for seq in vencidos:
                self._transmitir(seq)
        elif self.modo == "tcp":
            self._prazos = {}
            self._transmitir(self.base)
        # no Go-Back-N, _encher_a_janela manda de novo, do base em diante, o que a janela deixar

    def _terminar(self):
        """Manda o ``FIN`` (seq = número de pacotes) até ele ser confirmado."""
        fim = len(self.pacotes)
        esperado = (SELETIVA, fim) if self.modo == "sr" else (ACK, fim + 1)
        for _ in range(TENTATIVAS_DO_FIN):
            self.sock.sendto(montar(seq=fim, flags=FIN), self.destino)
            limite = time.monotonic() + self.timeout
            while (espera := min(limite, self._limite) - time.monotonic()) > 0:
                chegou = receber_segmento(self.sock, espera)
                if chegou and (chegou[0].flags & esperado[0]) and chegou[0].ack == esperado[1]:
                    self.relatorio.fim_confirmado = True
                    return
            if time.monotonic() >= self._limite:
                return
            if self.recuo:
                self._fator *= 2


class Receptor:
    """O receptor de referência (veja o contrato no topo do módulo).

    ``esperado``: o próximo pacote que ele entrega; ``guardados``: os que chegaram
    fora de ordem (só na Repetição Seletiva e no ``"tcp"``); ``pacotes``: os
    entregues, na ordem; ``adiada``: com ``confirmar_a_cada`` > 1, a confirmação
    que espera o próximo pacote, ``(datagrama, origem, hora limite)``, ou ``None``.
    """

    def __init__(self, sock, modo="gbn", prazo=30.0, silencio=0.5, janela=1024,
                 confirmar_a_cada=1):
        self.sock = sock
        self.modo = conferir_modo(modo)
        if confirmar_a_cada != 1 and self.modo not in ("gbn", "tcp"):
            raise ValueError(
                "A confirmação atrasada (confirmar_a_cada > 1) só existe com ACK cumulativo: "
                "use modo='gbn' ou modo='tcp'. Na Repetição Seletiva cada pacote tem o seu ACK.")
        if confirmar_a_cada < 1:
            raise ValueError("confirmar_a_cada é quantos pacotes cada ACK confirma: 1 ou mais.")
        self.prazo, self.silencio, self.janela = prazo, silencio, janela
        self.confirmar_a_cada = confirmar_a_cada
        self.esperado, self.guardados, self.pacotes = 0, {}, []
        self.completo = False
        self.adiada, self._sem_confirmacao = None, 0

    def receber(self, parar=None):
        """Recebe até o ``FIN`` (e ``silencio`` depois dele); devolve os bytes, na ordem."""
        limite = time.monotonic() + self.prazo
        ultimo = time.monotonic()
        while parar is None or not parar.is_set():
            agora = time.monotonic()
            if agora >= limite or (self.completo and agora - ultimo >= self.silencio):
                break
            espera = min(0.1, limite - agora)
            if self.adiada is not None:
                espera = min(espera, self.adiada[2] - agora)
            chegou = receber_segmento(self.sock, espera)
            if chegou is not None:
                ultimo = time.monotonic()
                self._tratar(*chegou)
            if self.adiada is not None and time.monotonic() >= self.adiada[2]:
                self._confirmar_agora(*self.adiada[:2])  # o próximo não veio a tempo
        if self.adiada is not None:
            self._confirmar_agora(*self.adiada[:2])
        return b"".join(self.pacotes)

    def _tratar(self, segmento, origem):
        if segmento.confirmacao:
            return
        if segmento.fim:
            if segmento.seq == self.esperado:
                self.completo = True
                ack = self.esperado if self.modo == "sr" else self.esperado + 1
                self._confirmar_agora(confirmacao(self.modo, ack), origem)
            return
        em_ordem = segmento.seq == self.esperado and not self.guardados
        if self.modo in ("pare", "gbn"):
            self._so_em_ordem(segmento)
        elif self.esperado <= segmento.seq < self.esperado + self.janela:
            self.guardados.setdefault(segmento.seq, segmento.dados)
            while self.esperado in self.guardados:
                self.pacotes.append(self.guardados.pop(self.esperado))
                self.esperado += 1
        elif self.modo == "sr" and segmento.seq >= self.esperado:
            return  # além da janela do receptor: descarta sem confirmar
        ack = segmento.seq if self.modo == "sr" else self.esperado
        if em_ordem:  # um novo, sem buraco antes nem depois
            self._confirmar_depois(confirmacao(self.modo, ack), origem)
        else:  # fora de ordem, repetido ou que fecha um buraco: na hora (RFC 5681, 4.2)
            self._confirmar_agora(confirmacao(self.modo, ack), origem)

    def _confirmar_depois(self, datagrama, origem):
        """Confirma um pacote novo em ordem, ou adia a confirmação para juntar com o próximo."""
        self._sem_confirmacao += 1
        if self._sem_confirmacao < self.confirmar_a_cada:
            limite = time.monotonic() + ATRASO_DA_CONFIRMACAO
            if self.adiada is not None:  # o prazo conta do primeiro sem confirmação
                limite = self.adiada[2]
            self.adiada = (datagrama, origem, limite)
            return
        self._confirmar_agora(datagrama, origem)

    def _confirmar_agora(self, datagrama, origem):
        self.adiada, self._sem_confirmacao = None, 0  # este ACK cumulativo cobre os adiados
        self._confirmar(datagrama, origem)

    def _confirmar(self, datagrama, origem):
        """Envia uma confirmação (o verificador a troca para segurar ou contar)."""
        self.sock.sendto(datagrama, origem)

    def _so_em_ordem(self, segmento):
        if segmento.seq == self.esperado:
            self.pacotes.append(segmento.dados)
            self.esperado += 1


class Transferencia(NamedTuple):
    """O resultado de :func:`transferir`."""

    recebido: bytes
    intacto: bool
    relatorio: object
    contagem: dict
    rede: object

    @property
    def vazao(self):
        return self.relatorio.vazao


def socket_udp():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def transferir(dados, modo="gbn", janela=8, controle=None, estimador=None,
               tamanho=TAMANHO_DOS_DADOS, prazo=30.0, remetente=None, receptor=None, semente=None, **rede):
    """Envia ``dados`` por uma :class:`~ecolab.RedeInstavel` e devolve a :class:`Transferencia`.

    ``rede``: o que a rede faz (``perda``, ``duplicacao``, ``reordenacao``,
    ``atraso``, ``sentido``, e o gargalo quando houver). ``remetente`` e
    ``receptor`` trocam as peças de referência por funções suas:
    ``remetente(sock, destino, pacotes)`` (devolve o que quiser; vai em
    ``relatorio``) e ``receptor(sock)`` (devolve os bytes recebidos). Tudo tem
    prazo; sockets, thread e rede são fechados mesmo com erro.
    """
    from .rede_instavel import RedeInstavel  # aqui: a rede importa módulos que importam este

    if receptor is None:
        def receptor(sock):
            return Receptor(sock, modo, prazo=prazo).receber(parar)
    if remetente is None:
        def remetente(sock, destino, pacotes):
            return Remetente(sock, destino, modo, janela, controle, estimador,
                             prazo).enviar(pacotes)
    parar = threading.Event()
    resultado = {}
    sock_rx, sock_tx = socket_udp(), socket_udp()
    thread = threading.Thread(target=_rodar, args=(receptor, sock_rx, resultado),
                              daemon=True, name="ecolab-receptor")
    try:
        with RedeInstavel(sock_rx.getsockname(), semente=semente, **rede) as instavel:
            thread.start()
            relatorio = remetente(sock_tx, instavel.endereco, fatiar(dados, tamanho))
            parar.set()  # o remetente acabou: o receptor não precisa esperar mais
            thread.join(prazo)
            contagem = instavel.contagem
    finally:
        parar.set()
        if thread.is_alive():
            thread.join(2.0)
        sock_tx.close()
        sock_rx.close()
    if "erro" in resultado:
        raise resultado["erro"]
    recebido = resultado.get("valor") or b""
    return Transferencia(recebido, recebido == bytes(dados), relatorio, contagem, instavel)


def _rodar(funcao, sock, resultado):
    try:
        resultado["valor"] = funcao(sock)
    except Exception as erro:  # vai para quem chamou transferir
        resultado["erro"] = erro
