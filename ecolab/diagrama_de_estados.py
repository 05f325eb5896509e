"""O diagrama de estados de uma conexão TCP, simplificado da figura 5 da RFC 9293.

Só estados e transições que a RFC 9293 (seção 3.3.2, figura 5) define, com os
eventos em português e a chamada de socket que os provoca::

    from ecolab.diagrama_de_estados import diagrama_de_estados

    diagrama_de_estados()                            # a figura inteira
    diagrama_de_estados(destacar=["TIME-WAIT"])      # com um estado em destaque

O que ficou de fora, para a figura caber numa tela (a RFC tem tudo):

- o estado ``CLOSING`` (os dois lados fecham ao mesmo tempo) e a passagem
  direta de ``FIN-WAIT-1`` para ``TIME-WAIT`` (nota 2 da figura);
- a abertura simultânea (``SYN-SENT`` -> ``SYN-RECEIVED``) e os fechamentos
  antes de a conexão abrir (``LISTEN`` -> ``CLOSED``, ``SYN-SENT`` -> ``CLOSED``);
- o RST, que leva qualquer estado a ``CLOSED`` ou ``LISTEN`` (nota 3).

``CLOSED`` aparece três vezes (em cima, o começo; embaixo, o fim de cada lado):
é o mesmo estado, desenhado onde as setas chegam sem cruzar a figura.
"""

from typing import NamedTuple

from .figuras import Figura

# Em cima, a coluna da esquerda é de quem conecta (o cliente) e a da direita, de quem
# escuta (o servidor). Do ESTABLISHED para baixo, a esquerda é de quem fecha primeiro e
# a direita, de quem fecha depois, seja o cliente ou o servidor. x e y em unidades da figura.
POSICOES = {
    "CLOSED": (0.5, 7.0),
    "SYN-SENT": (0.0, 6.0), "LISTEN": (1.0, 6.0),
    "SYN-RECEIVED": (1.0, 5.0),
    "ESTABLISHED": (0.5, 4.0),
    "FIN-WAIT-1": (0.0, 3.0), "CLOSE-WAIT": (1.0, 3.0),
    "FIN-WAIT-2": (0.0, 2.0), "LAST-ACK": (1.0, 2.0),
    "TIME-WAIT": (0.0, 1.0),
    "CLOSED ": (1.0, 1.0), "CLOSED  ": (0.0, 0.0),  # o mesmo CLOSED, onde as setas chegam
}


class Transicao(NamedTuple):
    """Uma seta da figura 5 da RFC 9293: ``de`` -> ``para``, com o evento e a ação."""

    de: str
    para: str
    rotulo: str


TRANSICOES = (
    Transicao("CLOSED", "SYN-SENT", "connect():\nenvia SYN"),
    Transicao("CLOSED", "LISTEN", "listen()"),
    Transicao("LISTEN", "SYN-RECEIVED", "recebe SYN;\nenvia SYN+ACK"),
    Transicao("SYN-SENT", "ESTABLISHED", "recebe SYN+ACK;\nenvia ACK"),
    Transicao("SYN-RECEIVED", "ESTABLISHED", "recebe ACK"),
    Transicao("ESTABLISHED", "FIN-WAIT-1", "close() ou shutdown():\nenvia FIN"),
    Transicao("ESTABLISHED", "CLOSE-WAIT", "recebe FIN;\nenvia ACK"),
    Transicao("FIN-WAIT-1", "FIN-WAIT-2", "recebe ACK do FIN"),
    Transicao("CLOSE-WAIT", "LAST-ACK", "close():\nenvia FIN"),
    Transicao("FIN-WAIT-2", "TIME-WAIT", "recebe FIN;\nenvia ACK"),
    Transicao("LAST-ACK", "CLOSED ", "recebe ACK do FIN"),
    Transicao("TIME-WAIT", "CLOSED  ", "espera 2 MSL"),
)

COR_DO_LADO = {0.0: "#1f5fa8", 0.5: "#555555", 1.0: "#2b8a3e"}
COR_DO_DESTAQUE = "#e8590c"
TITULO_DAS_COLUNAS = {
    0.0: "connect(); no fim, quem fecha primeiro",
    1.0: "listen(); no fim, quem fecha depois",
}


def diagrama_de_estados(destacar=()):
    """A figura (uma :class:`~ecolab.figuras.Figura`), com os estados de ``destacar`` em laranja."""
    figura = Figura(figsize=(8.5, 7.5))
    eixos = figura.add_subplot()
    eixos.set_xlim(-0.45, 1.45)
    eixos.set_ylim(-0.5, 7.8)
    eixos.axis("off")
    for transicao in TRANSICOES:
        _desenhar_seta(eixos, transicao)
    for estado, (x, y) in POSICOES.items():
        _desenhar_estado(eixos, estado.strip(), x, y, estado.strip() in destacar)
    for x, titulo in TITULO_DAS_COLUNAS.items():
        eixos.text(x, 7.55, titulo, ha="center", color=COR_DO_LADO[x], fontsize=10,
                   fontweight="bold")
    eixos.set_title("Estados de uma conexão TCP (simplificado da RFC 9293, figura 5)",
                    fontsize=11)
    return figura


def _desenhar_estado(eixos, nome, x, y, destacado):
    cor = COR_DO_DESTAQUE if destacado else COR_DO_LADO[x]
    eixos.text(x, y, nome, ha="center", va="center", fontsize=10, fontweight="bold",
               color="white" if destacado else cor,
               bbox={"boxstyle": "round,pad=0.4", "facecolor": cor if destacado else "white",
                     "edgecolor": cor, "linewidth": 1.5})


def _desenhar_seta(eixos, transicao):
    (x0, y0), (x1, y1) = POSICOES[transicao.de], POSICOES[transicao.para]
    eixos.annotate("", xy=(x1, y1 + 0.22), xytext=(x0, y0 - 0.22),
                   arrowprops={"arrowstyle": "->", "color": "#444444", "linewidth": 1.2})
    meio_x, meio_y = (x0 + x1) / 2, (y0 + y1) / 2
    if x0 == x1:  # seta vertical: o texto ao lado, para fora da figura
        deslocamento, subida = (-0.06 if x0 == 0.0 else 0.06), 0.0
    else:  # seta inclinada: o texto do lado de fora, longe das caixas
        deslocamento = -0.12 if min(x0, x1) == 0.0 else 0.12
        subida = -0.22 if x1 == 0.5 else 0.22
    eixos.text(meio_x + deslocamento, meio_y + subida, transicao.rotulo, fontsize=8.5,
               ha="right" if deslocamento < 0 else "left", va="center", color="#333333")
