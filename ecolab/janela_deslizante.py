"""As medidas da lição 06 (janelas deslizantes), feitas com transferências de verdade.

Tudo passa por uma :class:`~ecolab.RedeInstavel` com **gargalo**: um enlace de
``taxa`` bits por segundo (a ``R`` do livro) e ``atraso`` segundos de propagação,
só no sentido dos dados (o caminho de volta, das confirmações, é o loopback, sem
atraso nem perda). Assim o tempo de ida e volta de um pacote de ``L`` bytes é
cerca de ``atraso + L/R``, e as contas de Kurose e Ross (seção 3.4) podem ser
conferidas com um cronômetro:

- :func:`utilizacao_teorica` e :func:`medir_utilizacao`: a utilização do
  remetente, ``U = N·(L/R) / (RTT + L/R)`` (``N = 1`` no pare e espere), pela
  fórmula e medida;
- :func:`varrer`: várias transferências ao mesmo tempo (cada uma com a sua
  rede), para comparar a vazão do pare e espere, do Go-Back-N e da Repetição
  Seletiva por tamanho de janela e por taxa de perda.

Os números variam um pouco de uma vez para outra (o computador não é exato no
tempo, e a sorte da rede depende de quando cada datagrama passa): a lição
mostra faixas, não valores exatos.
"""

from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from .numeros import numero, porcentagem
from .segmento import TAMANHO_DO_CABECALHO
from .transporte import TAMANHO_DOS_DADOS, TimeoutFixo, transferir

TAXA = 2_000_000  # bit/s: o gargalo da lição (2 Mbit/s)
ATRASO = 0.04  # s: a propagação (RTT de 40 ms, todo no caminho de ida)
TIMEOUT = 0.2  # s: o timeout fixo das comparações (uns 4,5 RTTs de 44 ms)


def tempo_de_transmissao(tamanho=TAMANHO_DOS_DADOS + TAMANHO_DO_CABECALHO, taxa=TAXA):
    """L/R: segundos para pôr ``tamanho`` bytes no enlace de ``taxa`` bit/s."""
    return tamanho * 8 / taxa


def utilizacao_teorica(janela=1, rtt=ATRASO, taxa=TAXA,
                       tamanho=TAMANHO_DOS_DADOS + TAMANHO_DO_CABECALHO):
    """``U = N·(L/R) / (RTT + L/R)``, no máximo 1 (Kurose e Ross, seção 3.4.2)."""
    transmissao = tempo_de_transmissao(tamanho, taxa)
    return min(1.0, janela * transmissao / (rtt + transmissao))


class Medida(NamedTuple):
    """Uma transferência medida: o que foi pedido e o que se viu."""

    modo: str
    janela: int
    perda: float
    vazao: float  # bits de dados por segundo, em regime (da 1ª confirmação à última)
    utilizacao: float  # fração do tempo em que o gargalo transmite (datagramas inteiros)
    retransmitidos: int
    pacotes: int
    intacto: bool
    transferencia: object


def medir(modo="pare", janela=1, perda=0.0, pacotes=30, taxa=TAXA, atraso=ATRASO,
          estimador=None, semente=1, **outros):
    """Uma transferência de ``pacotes`` pacotes pelo gargalo; devolve a :class:`Medida`."""
    dados = bytes(range(256)) * (pacotes * TAMANHO_DOS_DADOS // 256 + 1)
    dados = dados[:pacotes * TAMANHO_DOS_DADOS]
    t = transferir(dados, modo=modo, janela=janela, perda=perda, taxa=taxa,
                   atraso=atraso, sentido="ida", semente=semente,
                   estimador=estimador or TimeoutFixo(TIMEOUT), prazo=60, **outros)
    r = t.relatorio
    datagrama = TAMANHO_DOS_DADOS + TAMANHO_DO_CABECALHO
    utilizacao = r.vazao_em_regime * datagrama / TAMANHO_DOS_DADOS / taxa
    return Medida(modo, janela, perda, r.vazao_em_regime, utilizacao, r.retransmitidos,
                  r.pacotes, t.intacto, t)


def medir_utilizacao(pacotes=20, **rede):
    """Pare e espere pelo gargalo: ``(fórmula, medida)`` da utilização."""
    medida = medir("pare", 1, pacotes=pacotes, **rede)
    rtt = rede.get("atraso", ATRASO)
    return utilizacao_teorica(1, rtt, rede.get("taxa", TAXA)), medida.utilizacao


PERDAS = (0.0, 0.1, 0.2, 0.3)
JANELAS = (1, 2, 4, 8, 16, 32)


def combinacoes_da_licao(perdas=PERDAS, janelas=JANELAS, perdas_por_janela=(0.0, 0.1)):
    """As ``(modo, janela, perda)`` da lição: pare e espere, Go-Back-N e Repetição Seletiva
    com janela 8 por perda, e os dois últimos por janela, sem e com 10% de perda.

    As mais lentas (pouca janela, muita perda) vêm primeiro, para começarem logo.
    """
    combinacoes = {("pare", 1, p) for p in perdas}
    combinacoes |= {(m, 8, p) for m in ("gbn", "sr") for p in perdas}
    combinacoes |= {(m, n, p) for m in ("gbn", "sr") for n in janelas for p in perdas_por_janela}
    return sorted(combinacoes, key=lambda c: (c[1], -c[2], c[0]))


def varrer(combinacoes, pacotes=30, simultaneas=8, **rede):
    """Mede cada ``(modo, janela, perda)`` de ``combinacoes``; devolve as :class:`Medida`.

    ``simultaneas`` transferências rodam ao mesmo tempo, cada uma com a sua rede e
    o seu gargalo (elas não disputam o enlace: só o processador, que aqui sobra,
    porque o gargalo é lento).
    """
    def uma(combinacao):
        modo, janela, perda = combinacao
        return medir(modo, janela, perda, pacotes=pacotes, **rede)

    with ThreadPoolExecutor(simultaneas) as executor:
        return list(executor.map(uma, combinacoes))


def tabela_de_vazao(medidas):
    """As vazões medidas numa tabela de texto: uma linha por protocolo e janela,
    uma coluna por taxa de perda, em kbit/s."""
    nomes = {"pare": "pare e espere", "gbn": "Go-Back-N", "sr": "Repetição Seletiva"}
    perdas = sorted({m.perda for m in medidas})
    vazao = {(m.modo, m.janela, m.perda): m.vazao for m in medidas}
    linhas = [f"{'perda:':>27}" + "".join(f"{porcentagem(p * 100):>7}" for p in perdas)
              + "  (kbit/s)"]
    for modo, janela in sorted({(m.modo, m.janela) for m in medidas},
                               key=lambda par: (list(nomes).index(par[0]), par[1])):
        valores = [vazao.get((modo, janela, p)) for p in perdas]
        linhas.append(f"{nomes[modo] + ', N = ' + str(janela):<27}" + "".join(
            f"{'' if v is None else numero(v / 1000, 0):>7}" for v in valores).rstrip())
    return "\n".join(linhas)
