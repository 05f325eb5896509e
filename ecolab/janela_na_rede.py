"""A janela de cada remetente vista de dentro da rede: quantos pacotes estão em voo.

A :class:`~ecolab.RedeInstavel` lê o cabeçalho de 12 bytes (:mod:`ecolab.segmento`)
de tudo o que passa por ela. Para cada cliente (um remetente), ela acompanha:

- os segmentos de **dados** que o cliente mandou (sem ``ACK`` nem ``SELETIVA``;
  o ``FIN`` conta como um pacote, porque também espera confirmação);
- as **confirmações** que a rede já **entregou** ao cliente: ``ACK`` cumulativo
  (``ack`` = próximo esperado: confirma todos os anteriores) e ``SELETIVA``
  (confirma só o pacote ``ack``).

**Em voo** (*in flight*) são os pacotes que o cliente mandou e que nenhuma
confirmação entregue a ele cobre ainda. A cada segmento de dados que chega do
cliente, a rede guarda uma :class:`AmostraDeVoo`.

Por que isso basta para pegar um remetente que estoura a janela: a rede vê
cada confirmação *antes* do remetente (ela ainda vai atravessar o caminho de
volta), então o remetente nunca sabe de mais confirmações do que a rede. O
número de pacotes em voo que a rede conta é, portanto, no máximo o que o
próprio remetente conta. Se, num pacote **novo**, a rede conta mais em voo do
que a janela do remetente naquele instante, o remetente passou da janela —
sem chance de falso alarme. (Numa retransmissão a conta pode passar da janela
sem erro: depois de uma perda o TCP reduz a janela e retransmite mesmo assim.)

Datagramas com menos de 12 bytes não são segmentos do curso e ficam de fora.
"""

from collections import namedtuple

from .erros import ArgumentoInvalido, SegmentoInvalido
from .segmento import ACK, SELETIVA, ler

AmostraDeVoo = namedtuple("AmostraDeVoo", "tempo seq em_voo nova")
AmostraDeVoo.__doc__ = """Um segmento de dados visto pela rede.

``tempo``: segundos desde o início da rede; ``seq``: o número do pacote;
``em_voo``: pacotes desse cliente em voo contando este; ``nova``: ``True`` se
é a primeira vez que esse ``seq`` passa (``False`` numa retransmissão)."""


class _Fluxo:
    """O que a rede sabe de um remetente: pacotes vistos e confirmações entregues."""

    def __init__(self):
        self.vistos = set()  # todo seq que já passou
        self.base = 0  # o maior ack cumulativo entregue: tudo antes dele está confirmado
        self.em_voo = set()  # seqs >= base ainda sem confirmação entregue
        self.amostras = []

    def dados(self, seq, tempo):
        nova = seq not in self.vistos
        self.vistos.add(seq)
        if seq >= self.base:
            self.em_voo.add(seq)
        self.amostras.append(AmostraDeVoo(tempo, seq, len(self.em_voo), nova))

    def confirmacao(self, ack, flags):
        if flags & ACK and ack > self.base:
            self.base = ack
            self.em_voo = {seq for seq in self.em_voo if seq >= ack}
        if flags & SELETIVA:
            self.em_voo.discard(ack)


class JanelaNaRede:
    """Os pacotes em voo de cada cliente da rede (veja o texto do módulo)."""

    def __init__(self, inicio):
        self.inicio = inicio  # time.monotonic() do começo da rede
        self._fluxos = {}  # cliente (host, porta) -> _Fluxo

    def chegou_do_cliente(self, cliente, dados, agora):
        """Um datagrama do cliente chegou à rede (antes de qualquer sorteio)."""
        segmento = _ler_ou_nada(dados)
        if segmento is not None and not segmento.confirmacao:
            fluxo = self._fluxos.setdefault(cliente, _Fluxo())
            fluxo.dados(segmento.seq, agora - self.inicio)

    def entregue_ao_cliente(self, cliente, dados):
        """A rede entregou este datagrama ao cliente (ele pode ser uma confirmação)."""
        segmento = _ler_ou_nada(dados)
        fluxo = self._fluxos.get(cliente)
        if segmento is not None and segmento.confirmacao and fluxo is not None:
            fluxo.confirmacao(segmento.ack, segmento.flags)

    def clientes(self):
        """Os clientes que já mandaram segmentos de dados, na ordem em que apareceram."""
        return list(self._fluxos)

    def amostras(self, cliente=None):
        """As :class:`AmostraDeVoo` de ``cliente`` (``None``: o único cliente)."""
        if cliente is None:
            if len(self._fluxos) > 1:
                raise ArgumentoInvalido(
                    f"Esta rede teve {len(self._fluxos)} remetentes; diga de qual quer as "
                    f"amostras: em_voo(cliente=...), com um destes endereços: "
                    f"{', '.join(map(str, self._fluxos))}."
                )
            if not self._fluxos:
                return []
            cliente = next(iter(self._fluxos))
        fluxo = self._fluxos.get(tuple(cliente)[:2])
        return list(fluxo.amostras) if fluxo is not None else []


def _ler_ou_nada(dados):
    try:
        return ler(dados)
    except SegmentoInvalido:
        return None
