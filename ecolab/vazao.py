"""Quanto uma transferência pode render: os limites de vazão e o quadro da lição 10.

Três contas, para um caminho com gargalo de ``taxa`` bits por segundo, tempo de
ida e volta ``rtt`` e pacotes de ``tamanho`` bytes de dados (mais os 12 do
cabeçalho de :mod:`ecolab.segmento`):

- :func:`limite_do_gargalo`: nada passa mais depressa que o enlace mais lento.
  Dos ``tamanho + 12`` bytes de cada datagrama, só ``tamanho`` são do arquivo;
- :func:`vazao_do_pare_e_espere`: um pacote por ida e volta, ``L / (RTT + L/R)``
  (Kurose e Ross, seção 3.4), sem contar as perdas;
- :func:`limite_de_mathis`: a vazão de um TCP Reno com perda ``p``, pela fórmula de
  Mathis, Semke, Mahdavi e Ott (1997), *The Macroscopic Behavior of the TCP
  Congestion Avoidance Algorithm*: ``(MSS / RTT) · sqrt(3/2) / sqrt(p)``. É uma
  **aproximação** para o Reno em prevenção de congestionamento: supõe perdas
  espaçadas, um ACK por pacote e nenhum tempo esgotado (que só pioram a conta).

:class:`Quadro` junta as medidas e os limites numa tabela, com a regra dos números
de :mod:`ecolab.numeros`.
"""

import math
from typing import NamedTuple, Optional

from .numeros import com_unidade
from .segmento import TAMANHO_DO_CABECALHO


def limite_do_gargalo(taxa, tamanho=1000):
    """Bits de dados por segundo que cabem num gargalo de ``taxa`` bits por segundo."""
    return taxa * tamanho / (tamanho + TAMANHO_DO_CABECALHO)


def vazao_do_pare_e_espere(taxa, rtt, tamanho=1000):
    """Bits de dados por segundo do pare e espere sem perdas: um pacote por RTT + L/R."""
    transmissao = (tamanho + TAMANHO_DO_CABECALHO) * 8 / taxa
    return tamanho * 8 / (rtt + transmissao)


def limite_de_mathis(rtt, perda, tamanho=1000):
    """A aproximação de Mathis et al. (1997) para o TCP Reno, em bits por segundo."""
    return tamanho * 8 / rtt * math.sqrt(3 / 2) / math.sqrt(perda)


def mbits(bits_por_segundo, casas=2):
    """``1_234_000`` -> ``"1,23 Mbit/s"``."""
    return com_unidade(round(bits_por_segundo / 1e6, casas), "Mbit/s", casas)


class Linha(NamedTuple):
    """Uma linha do quadro: o nome, o tempo (``None`` numa conta: aparece —) e a vazão."""

    nome: str
    segundos: Optional[float]
    vazao: float
    nota: str = ""


class Quadro:
    """A tabela de vazões: medidas e limites, uma linha cada (``str`` a mostra)."""

    def __init__(self):
        self.linhas = []

    def medida(self, nome, segundos, bytes_de_dados, nota=""):
        self.linhas.append(Linha(nome, segundos, bytes_de_dados * 8 / segundos, nota))
        return self

    def limite(self, nome, vazao, nota=""):
        self.linhas.append(Linha(nome, None, vazao, nota))
        return self

    def __str__(self):
        largura = max(len(linha.nome) for linha in self.linhas) + 2
        texto = [f"{'':<{largura}}{'tempo':>8}  {'vazão':>12}"]
        for linha in self.linhas:
            tempo = com_unidade(linha.segundos, "s", 1) if linha.segundos is not None else "—"
            texto.append(f"{linha.nome:<{largura}}{tempo:>8}  {mbits(linha.vazao):>12}"
                         f"{'  ' + linha.nota if linha.nota else ''}")
        return "\n".join(texto)

    def __repr__(self):
        return str(self)
