"""Um remetente com TCP Reno atravessando o gargalo: a cwnd no tempo, e a rede conferindo.

A lição 09 manda um arquivo pelo remetente de janela deslizante do curso
(:class:`ecolab.transporte.Remetente`, no modo ``"tcp"``), com a janela dada
por um controle de congestionamento (o :class:`~ecolab.reno.ControleReno` de
referência, ou o seu), através de uma :class:`~ecolab.RedeInstavel` com
gargalo.

O :class:`RemetenteReno` é esse remetente com uma diferença, a dos TCPs de
verdade: quando o temporizador estoura, ele volta ao ``base`` e reenvia, em
partida lenta, tudo o que estava a caminho (o Linux, no estouro, marca como
perdidos todos os segmentos não confirmados e os reenvia conforme a ``cwnd``
deixa). O do curso reenvia só o ``base``: depois de uma partida lenta que perde
metade da janela de uma vez, ele levaria um estouro (0,2 s) para cada pacote
perdido. E ele pode consultar uma regra ``pode_enviar(proximo, base, cwnd, rwnd)``
antes de cada pacote novo (o exercício 2 da lição).

Daqui saem ainda:

- :func:`transferir_pelo_gargalo`: a transferência, com a rede da lição
  (``REDE_DA_LICAO``: 1,5 Mbit/s, fila de 10 datagramas, 15 ms de atraso em cada
  sentido);
- :func:`reducoes_a_metade`: as retransmissões rápidas tiradas do registro do
  próprio remetente, com a ``cwnd`` antes da perda e depois da recuperação;
- :func:`estouros_da_janela`: os pacotes novos que a **rede** viu com mais
  pacotes em voo do que a janela que o remetente usava ao enviá-los (veja
  :mod:`ecolab.janela_na_rede`: a rede nunca conta a mais, então uma lista vazia
  quer dizer que o remetente nunca passou da janela).

Exemplo::

    t = transferir_pelo_gargalo(pacotes=600)
    len(reducoes_a_metade(t.relatorio))   # quantas vezes a cwnd caiu à metade
    estouros_da_janela(t)                 # [] : nunca passou da janela
"""

import time
from typing import NamedTuple

from .numeros import com_unidade, numero
from .reno import ControleReno
from .transporte import Remetente, transferir

REDE_DA_LICAO = {"taxa": 1_500_000, "fila": 10, "atraso": 0.015, "sentido": "ambos"}
TAMANHO_DO_PACOTE = 1000  # bytes de dados (mais 12 de cabeçalho)


class Reducao(NamedTuple):
    """Uma retransmissão rápida: quando, a ``cwnd`` antes e a ``cwnd`` depois da recuperação."""

    tempo: float  # segundos desde o começo da transferência
    antes: float
    depois: float

    @property
    def a_metade(self):
        """A recuperação terminou com a metade da janela de antes (ou com o mínimo, 2)."""
        return abs(self.depois - max(self.antes / 2, 2)) < 1e-6


RWND_DA_LICAO = 64  # a janela do receptor, em pacotes: grande, para a cwnd mandar


class RemetenteReno(Remetente):
    """O remetente do curso no modo ``"tcp"``, que volta ao ``base`` no estouro.

    ``RemetenteReno(sock, destino, controle, prazo=30.0, rwnd=RWND_DA_LICAO,
    pode_enviar=None)``: ``controle`` é uma instância (de ``ControleReno``); a
    janela é ``min(int(cwnd), rwnd)``. Com ``pode_enviar``, cada pacote novo só
    sai se ``pode_enviar(proximo, base, cwnd, rwnd)`` for verdadeiro.
    """

    def __init__(self, sock, destino, controle, prazo=30.0, rwnd=RWND_DA_LICAO,
                 pode_enviar=None):
        super().__init__(sock, destino, "tcp", janela=rwnd, controle=controle, prazo=prazo)
        self.rwnd, self.pode_enviar = rwnd, pode_enviar

    def _encher_a_janela(self):
        if self.pode_enviar is None:
            return super()._encher_a_janela()
        while (self.proximo < len(self.pacotes)
               and self.pode_enviar(self.proximo, self.base, self.controle.cwnd, self.rwnd)):
            self.proximo += 1
            self._transmitir(self.proximo - 1)

    def _tratar_estouros(self):
        agora = time.monotonic()
        if not any(hora <= agora for hora in self._prazos.values()):
            return
        self._anotar("estourou", self.base)
        self.controle.ao_estourar()
        self._prazos = {}
        self.proximo = self.base  # reenvia tudo o que estava a caminho, em partida lenta


def descrever_rede(rede):
    """Em pt-BR, a rede de um dicionário como ``REDE_DA_LICAO``.

    ``descrever_rede(REDE_DA_LICAO)`` -> ``"gargalo de 1,5 Mbit/s, fila de 10
    datagramas, 15 ms de atraso em cada sentido"``.
    """
    return (f"gargalo de {com_unidade(rede['taxa'] / 1e6, 'Mbit/s')}, fila de "
            f"{numero(rede['fila'])} datagramas, {com_unidade(rede['atraso'] * 1000, 'ms')} "
            "de atraso em cada sentido")


def transferir_pelo_gargalo(controle=ControleReno, pacotes=600, semente=1, prazo=25.0,
                            pode_enviar=None, rwnd=RWND_DA_LICAO, **rede):
    """Manda ``pacotes`` pacotes de 1.000 bytes pelo gargalo; devolve a ``Transferencia``.

    ``controle``: a **classe** do controle de congestionamento (uma instância nova
    é criada aqui). ``rede``: troca valores de ``REDE_DA_LICAO``.
    """
    def remetente(sock, destino, lista):
        return RemetenteReno(sock, destino, controle(), prazo, rwnd, pode_enviar).enviar(lista)

    configuracao = {**REDE_DA_LICAO, **rede}
    dados = bytes(range(256)) * (pacotes * TAMANHO_DO_PACOTE // 256 + 1)
    return transferir(dados[:pacotes * TAMANHO_DO_PACOTE], modo="tcp", prazo=prazo,
                      remetente=remetente, semente=semente, **configuracao)


def cwnd_no_tempo(relatorio):
    """``(tempos, cwnds)``: a ``cwnd`` depois de cada evento, em segundos desde o começo."""
    eventos = [e for e in relatorio.eventos if e.cwnd is not None]
    return ([e.tempo - relatorio.inicio for e in eventos], [e.cwnd for e in eventos])


def estouros_do_temporizador(relatorio):
    """Os instantes (segundos desde o começo) em que o temporizador estourou."""
    return [e.tempo - relatorio.inicio for e in relatorio.do_tipo("estourou")]


def reducoes_a_metade(relatorio):
    """Cada retransmissão rápida do registro, como uma :class:`Reducao`.

    O remetente anota ``duplicado`` antes de avisar o controle; a retransmissão
    que vem logo depois de um ``duplicado`` é a rápida. A ``cwnd`` de antes é a
    desse ``duplicado``; a de depois, a da primeira confirmação nova (o fim da
    recuperação).
    """
    eventos, reducoes = relatorio.eventos, []
    for i, evento in enumerate(eventos[1:], 1):
        if evento.tipo == "retransmitiu" and eventos[i - 1].tipo == "duplicado":
            depois = next((e.cwnd for e in eventos[i:] if e.tipo in ("confirmou", "estourou")),
                          None)
            if depois is not None:
                reducoes.append(Reducao(evento.tempo - relatorio.inicio,
                                        eventos[i - 1].cwnd, depois))
    return reducoes


def estouros_da_janela(transferencia):
    """As amostras da rede de pacotes novos com mais em voo do que a janela do remetente.

    A janela de cada pacote é a que o remetente anotou ao enviá-lo pela primeira
    vez. Devolve uma lista de ``(amostra, janela)``; vazia quando tudo andou certo.
    """
    janela_do_envio = {e.seq: e.janela for e in transferencia.relatorio.do_tipo("enviou")}
    return [(amostra, janela_do_envio[amostra.seq])
            for amostra in transferencia.rede.em_voo()
            if amostra.nova and amostra.seq in janela_do_envio
            and amostra.em_voo > janela_do_envio[amostra.seq]]
