"""O controle de congestionamento do TCP Reno, contado em pacotes: a referência da lição 09.

O remetente de janela deslizante (lição 06) pode ter no máximo ``janela``
pacotes em voo. Na lição 09 essa janela deixa de ser fixa: ela é a **janela de
congestionamento** (``cwnd``), que cresce enquanto a rede entrega tudo e
diminui quando algo se perde. Quem decide é um objeto com três métodos, um para
cada coisa que o remetente pode ouvir da rede::

    remetente                              ControleReno
    ---------                              ------------
    chegou um ACK novo           ───────>  ao_confirmar()
    chegou um ACK repetido       ───────>  ao_duplicado()  -> True no 3º: retransmita já
    o temporizador estourou      ───────>  ao_estourar()
    quantos pacotes posso ter em voo?      int(cwnd)

As regras, as da RFC 5681 (e do livro de Kurose e Ross, seção 3.7), com
``cwnd`` e ``ssthresh`` em **pacotes** (a RFC conta bytes; um pacote aqui é um
segmento de tamanho máximo, o SMSS da RFC) e sem arredondar nada:

- **começo**: ``cwnd = 1`` e ``ssthresh = 64``. (A RFC 5681 permite começar com
  até 4 segmentos e a RFC 6928, com 10; o livro começa com 1, e o curso também. A
  RFC manda começar com ``ssthresh`` "arbitrariamente alto"; o livro usa 64 KB,
  que com pacotes de 1.000 bytes são uns 64 pacotes.)
- **ACK novo, em partida lenta** (*slow start*, ``cwnd < ssthresh``):
  ``cwnd += 1``. Cada pacote confirmado vale mais um: a janela dobra a cada RTT.
- **ACK novo, em prevenção de congestionamento** (*congestion avoidance*,
  ``cwnd >= ssthresh``): ``cwnd += 1 / cwnd``. Uma janela inteira confirmada
  soma cerca de 1 pacote: a janela cresce 1 por RTT (o "aumento aditivo").
- **ACK duplicado**: conta. No **3º** seguido, é a **retransmissão rápida**
  (*fast retransmit*): ``ssthresh = max(cwnd / 2, 2)``, ``cwnd = ssthresh + 3``
  (os 3 pacotes que já saíram da rede, um por duplicado) e ``ao_duplicado``
  devolve ``True``: o remetente retransmite o pacote da base na hora, sem esperar o
  temporizador. Do 4º em diante (a **recuperação rápida**, *fast recovery*), cada
  duplicado soma 1 à ``cwnd`` e devolve ``False``.
- **ACK novo depois de uma retransmissão rápida**: sai da recuperação com
  ``cwnd = ssthresh`` (a janela fica na **metade**: a "diminuição multiplicativa").
  Um ACK novo zera a contagem de duplicados.
- **temporizador estourou**: ``ssthresh = max(cwnd / 2, 2)``, ``cwnd = 1``, zera
  a contagem de duplicados e sai da recuperação: de volta à partida lenta.

A RFC 5681 (equação 4) calcula o novo ``ssthresh`` com ``max(FlightSize / 2,
2 * SMSS)`` (a metade do que está em voo, nunca menos de 2 segmentos), e não com
``cwnd / 2``; com a janela cheia, que é o caso de uma transferência
longa, os dois são iguais. O livro e o curso usam ``cwnd / 2``.

Exemplo::

    >>> reno = ControleReno()
    >>> for _ in range(7):
    ...     reno.ao_confirmar()
    >>> reno.cwnd                      # partida lenta: 1 + 7
    8
    >>> [reno.ao_duplicado() for _ in range(3)]
    [False, False, True]
    >>> reno.ssthresh, reno.cwnd       # metade, mais os 3 duplicados
    (4.0, 7.0)
    >>> reno.ao_confirmar(); reno.cwnd # fim da recuperação: a metade
    4.0
"""

CWND_INICIAL = 1
SSTHRESH_INICIAL = 64
DUPLICADOS_PARA_RETRANSMITIR = 3
MENOR_SSTHRESH = 2


class ControleReno:
    """A janela de congestionamento do TCP Reno, em pacotes.

    Para quem usa (o remetente):
      - ``cwnd``: quantos pacotes podem estar em voo (use ``int(cwnd)``);
      - ``ssthresh``: o limiar entre a partida lenta e a prevenção de congestionamento;
      - ``ao_confirmar()``: chegou um ACK que confirma algo novo;
      - ``ao_duplicado()``: chegou um ACK repetido; ``True`` quer dizer
        "retransmita a base agora" (o 3º seguido);
      - ``ao_estourar()``: o temporizador do pacote mais antigo estourou.
      - ``em_recuperacao``: ``True`` entre a retransmissão rápida e o próximo ACK novo.
    """

    def __init__(self):
        self.cwnd = CWND_INICIAL
        self.ssthresh = SSTHRESH_INICIAL
        self.duplicados = 0
        self.em_recuperacao = False

    def ao_confirmar(self):
        """ACK novo: cresce (partida lenta ou aditivo) ou termina a recuperação rápida."""
        self.duplicados = 0
        if self.em_recuperacao:
            self.em_recuperacao = False
            self.cwnd = self.ssthresh
        elif self.cwnd < self.ssthresh:
            self.cwnd += 1
        else:
            self.cwnd += 1 / self.cwnd

    def ao_duplicado(self):
        """ACK duplicado: no 3º seguido, corta à metade e devolve ``True`` (retransmita)."""
        self.duplicados += 1
        if self.duplicados == DUPLICADOS_PARA_RETRANSMITIR:
            self.ssthresh = max(self.cwnd / 2, MENOR_SSTHRESH)
            self.cwnd = self.ssthresh + DUPLICADOS_PARA_RETRANSMITIR
            self.em_recuperacao = True
            return True
        if self.em_recuperacao:
            self.cwnd += 1
        return False

    def ao_estourar(self):
        """Temporizador estourou: ``ssthresh`` na metade e ``cwnd`` de volta a 1."""
        self.ssthresh = max(self.cwnd / 2, MENOR_SSTHRESH)
        self.cwnd = CWND_INICIAL
        self.duplicados = 0
        self.em_recuperacao = False

    def __repr__(self):
        return f"ControleReno(cwnd={self.cwnd:g}, ssthresh={self.ssthresh:g})"
