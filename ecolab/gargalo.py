"""O gargalo: um enlace lento com uma fila na frente, como a saída de um roteador.

Um roteador recebe pacotes mais depressa do que o enlace de saída consegue
transmiti-los. Os que não podem sair já esperam numa **fila** (*buffer*); quando
a fila enche, o próximo que chega é **descartado** (*drop-tail*, Kurose & Ross,
seção 4.2). É aqui que a internet perde a maior parte dos pacotes: não por
defeito no fio, mas por fila cheia — e é disso que o controle de
congestionamento do TCP (lição 09) tenta fugir.

O :class:`Gargalo` faz só a conta; quem move os datagramas é a
:class:`~ecolab.RedeInstavel` (``RedeInstavel(..., taxa=1_000_000, fila=100)``).
A conta, para um datagrama de ``L`` bytes que chega no instante ``agora``:

1. os datagramas que já terminaram de sair deixam a fila;
2. se a fila tem ``fila`` datagramas (contando o que está sendo transmitido), o
   que chegou é descartado;
3. senão, ele começa a sair quando o enlace ficar livre (ou já, se está livre) e
   leva ``L × 8 / taxa`` segundos para sair: é o **atraso de transmissão** L/R do
   livro. A hora em que ele termina de sair é a resposta.

A taxa conta os bytes do datagrama (o que o UDP entrega), sem os cabeçalhos IP e
UDP. A fila é **uma só** para todos os clientes da rede: quem manda mais ocupa
mais a fila, e todos sofrem os descartes — como num roteador de verdade.

Exemplo (com um relógio de mentira, para ver a conta)::

    >>> g = Gargalo(taxa=8_000, fila=2)     # 8.000 bit/s: 1 byte por milissegundo
    >>> g.passar(1_000, agora=0.0)           # 1.000 bytes: sai inteiro em 1 s
    1.0
    >>> g.passar(1_000, agora=0.0)           # espera o primeiro: sai em 2 s
    2.0
    >>> g.passar(1_000, agora=0.5) is None   # fila cheia (2): descartado
    True
    >>> g.passar(1_000, agora=1.0)           # o primeiro saiu: há lugar
    3.0
"""

from collections import deque

from .erros import ArgumentoInvalido


class Gargalo:
    """Um enlace de ``taxa`` bits por segundo com uma fila FIFO de ``fila`` datagramas."""

    def __init__(self, taxa, fila=100):
        if isinstance(taxa, bool) or not isinstance(taxa, (int, float)) or not taxa > 0:
            raise ArgumentoInvalido(
                f"taxa precisa ser um número positivo de bits por segundo (por exemplo, "
                f"1_000_000 para 1 Mbit/s), mas recebi {taxa!r}."
            )
        if isinstance(fila, bool) or not isinstance(fila, int) or fila < 1:
            raise ArgumentoInvalido(
                f"fila precisa ser um número inteiro de datagramas, a partir de 1 (por "
                f"exemplo, 100), mas recebi {fila!r}."
            )
        self.taxa = taxa
        self.fila = fila
        self._livre_em = float("-inf")  # quando o enlace termina o último aceito
        self._saidas = deque()  # hora em que cada datagrama na fila termina de sair

    def tempo_de_transmissao(self, tamanho):
        """Segundos para pôr ``tamanho`` bytes no enlace: L × 8 / R."""
        return tamanho * 8 / self.taxa

    def ocupacao(self, agora):
        """Quantos datagramas estão na fila em ``agora`` (contando o que está saindo)."""
        while self._saidas and self._saidas[0] <= agora:
            self._saidas.popleft()
        return len(self._saidas)

    def passar(self, tamanho, agora):
        """A hora em que um datagrama de ``tamanho`` bytes termina de sair, ou ``None``.

        ``None`` quer dizer que a fila estava cheia e o datagrama foi descartado.
        """
        if self.ocupacao(agora) >= self.fila:
            return None
        inicio = max(agora, self._livre_em)
        self._livre_em = inicio + self.tempo_de_transmissao(tamanho)
        self._saidas.append(self._livre_em)
        return self._livre_em
