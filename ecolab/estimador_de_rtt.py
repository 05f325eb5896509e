"""O timeout adaptativo do TCP (RFC 6298): a versão de referência do curso.

O remetente não sabe quanto tempo a confirmação vai levar: depende da fila, da
rota, da carga do outro lado. Um timeout fixo curto demais retransmite à toa;
longo demais, demora a perceber uma perda. O TCP **mede** o tempo de ida e volta
(as amostras ``R``) e ajusta o timeout (o RTO, *retransmission timeout*) com
duas médias móveis exponenciais (RFC 6298, seção 2)::

    primeira amostra R:   SRTT = R
                          RTTVAR = R / 2
    cada amostra seguinte:
                          RTTVAR = (1 - β) · RTTVAR + β · |SRTT - R|   (com o SRTT antigo)
                          SRTT   = (1 - α) · SRTT   + α · R
    sempre:               RTO = SRTT + K · RTTVAR,  com α = 1/8, β = 1/4, K = 4

- antes de qualquer amostra, ``RTO = inicial`` (a RFC manda 1 s);
- o RTO nunca fica abaixo de ``minimo`` (a RFC manda 1 s; o curso usa 0,2 s,
  como o Linux, porque a rede do curso é rápida) nem acima de ``maximo`` (a RFC
  permite um teto de pelo menos 60 s);
- a conta exata da RFC é ``RTO = SRTT + max(G, K · RTTVAR)``, onde ``G`` é a
  granularidade do relógio. No Linux, no macOS e no Windows a partir do Python
  3.13, ``time.monotonic()`` mede bem abaixo de 1 ms, e o curso usa ``G = 0``; no
  Windows com Python 3.12 ou anterior, ele anda em degraus de uns 16 ms
  (``time.get_clock_info("monotonic").resolution`` diz), e as amostras saem em
  degraus também (o mínimo de 0,2 s cobre isso com folga).

Kurose e Ross chamam SRTT de *EstimatedRTT*, RTTVAR de *DevRTT*, RTO de
*TimeoutInterval*, e escrevem as contas na ordem contrária (primeiro a média,
depois o desvio, já com a média nova). A ordem muda o resultado: o desvio deve
comparar a amostra com o que se **esperava** antes dela; com a média já
puxada na direção da amostra, ele sai menor.

A regra de Karn (RFC 6298, seção 3) fica com o remetente: a confirmação de um
pacote retransmitido não diz a qual envio ela responde, então não vira amostra.

Exemplo::

    >>> e = EstimadorDeRTT()
    >>> e.timeout
    1.0
    >>> e.amostra(0.1)
    >>> round(e.srtt, 6), round(e.rttvar, 6), round(e.timeout, 6)
    (0.1, 0.05, 0.3)
    >>> e.amostra(0.3)
    >>> round(e.srtt, 6), round(e.rttvar, 6), round(e.timeout, 6)
    (0.125, 0.0875, 0.475)
"""

ALFA = 1 / 8
BETA = 1 / 4
K = 4


class EstimadorDeRTT:
    """Estima o RTT e calcula o timeout pela RFC 6298 (veja o texto do módulo).

    Para quem usa: ``amostra(rtt)`` (segundos) e os atributos ``srtt``,
    ``rttvar`` (``None`` antes da primeira amostra) e ``timeout``.
    """

    def __init__(self, inicial=1.0, minimo=0.2, maximo=60.0):
        self.minimo, self.maximo = minimo, maximo
        self.srtt = self.rttvar = None
        self.timeout = inicial

    def amostra(self, rtt):
        """Junta a amostra ``rtt`` (segundos) às médias e recalcula o timeout."""
        if self.srtt is None:
            self.srtt, self.rttvar = rtt, rtt / 2
        else:
            self.rttvar = (1 - BETA) * self.rttvar + BETA * abs(self.srtt - rtt)
            self.srtt = (1 - ALFA) * self.srtt + ALFA * rtt
        rto = self.srtt + K * self.rttvar
        self.timeout = min(max(rto, self.minimo), self.maximo)
