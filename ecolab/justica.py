"""Justiça entre fluxos: o índice de Jain e a vazão de cada fluxo ao longo do tempo.

Quando dois remetentes dividem o mesmo gargalo, o controle de congestionamento
promete (sem prometer muito) que cada um acaba com mais ou menos a metade. Para
dizer "mais ou menos" com um número, usa-se o **índice de justiça de Jain**
(Jain, Chiu e Hawe, 1984), para as vazões x₁, ..., xₙ de n fluxos::

                (x₁ + x₂ + ... + xₙ)²
    J = ─────────────────────────────────
          n · (x₁² + x₂² + ... + xₙ²)

- J = 1 quando todos têm a mesma vazão (a divisão justa);
- J = 1/n quando um só leva tudo e os outros, nada;
- J não muda se todas as vazões forem multiplicadas pelo mesmo número: tanto faz
  medir em bit/s ou em pacotes por segundo.

Exemplo::

    >>> indice_de_jain([5, 5])
    1.0
    >>> indice_de_jain([10, 0])
    0.5
    >>> round(indice_de_jain([1, 2, 3]), 3)
    0.857

A vazão de cada fluxo vem do registro do receptor, que anota a hora de cada
pacote novo entregue: :func:`vazoes_por_intervalo` conta quantos caíram em cada
intervalo de tempo (a curva do gráfico), e :func:`vazao_media` dá a média de um
trecho (o que entra no índice).
"""

from .erros import ArgumentoInvalido


def indice_de_jain(vazoes):
    """O índice de justiça de Jain das ``vazoes`` (uma por fluxo), entre 1/n e 1."""
    vazoes = list(vazoes)
    soma_dos_quadrados = sum(x * x for x in vazoes)
    if not vazoes or soma_dos_quadrados == 0:
        raise ArgumentoInvalido(
            "O índice de Jain precisa de pelo menos uma vazão maior que zero; recebi "
            f"{vazoes!r}."
        )
    return sum(vazoes) ** 2 / (len(vazoes) * soma_dos_quadrados)


def vazoes_por_intervalo(tempos, bytes_por_pacote, inicio, fim, intervalo):
    """A vazão em bit/s de cada intervalo de ``intervalo`` segundos entre ``inicio`` e ``fim``.

    ``tempos``: a hora (em segundos) em que cada pacote novo foi entregue.
    Devolve ``(meios, vazoes)``: o meio de cada intervalo (para o eixo x) e a vazão nele.
    """
    quantos = max(1, round((fim - inicio) / intervalo))
    contagem = [0] * quantos
    for tempo in tempos:
        posicao = int((tempo - inicio) // intervalo)
        if 0 <= posicao < quantos:
            contagem[posicao] += 1
    meios = [inicio + (i + 0.5) * intervalo for i in range(quantos)]
    return meios, [c * bytes_por_pacote * 8 / intervalo for c in contagem]


def vazao_media(tempos, bytes_por_pacote, inicio, fim):
    """A vazão média em bit/s dos pacotes entregues entre ``inicio`` e ``fim``."""
    entregues = sum(1 for tempo in tempos if inicio <= tempo < fim)
    return entregues * bytes_por_pacote * 8 / (fim - inicio)
