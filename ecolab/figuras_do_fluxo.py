"""As figuras da lição 08: o buffer que enche, o UDP que perde e a vazão por ``send``.

Três gráficos, cada um desenhado a partir de uma medida feita na sua máquina:

- :func:`grafico_enchimento`: os bytes aceitos por ``send`` e os lidos por
  ``recv`` ao longo do tempo, numa conexão cujo receptor demora a ler
  (:func:`ecolab.fluxo.medir_enchimento`). A distância entre as duas linhas é o
  que está guardado nos buffers do sistema;
- :func:`grafico_udp_buffer`: quantos datagramas sobreviveram a uma inundação
  UDP, para cada tamanho de buffer de recepção (:func:`ecolab.inundacao.inundar`),
  com a conta ingênua ``buffer / tamanho`` ao lado;
- :func:`grafico_vazao`: a vazão de uma transferência em massa para cada
  tamanho de ``send`` (:func:`ecolab.fluxo.medir_vazao`).

Todas devolvem uma :class:`ecolab.figuras.Figura`, que o Jupyter mostra sozinho.
"""

from matplotlib.ticker import FuncFormatter

from .figuras import Figura, _marca
from .numeros import com_unidade

COR_ACEITOS = "#1f5fa8"
COR_LIDOS = "#2b8a3e"
COR_UDP = "#e8590c"
COR_CONTA = "#868e96"
MEGA = 1_000_000


def grafico_enchimento(enchimento, titulo=None):
    """Bytes aceitos (``send``) e lidos (``recv``) ao longo do tempo, em MB."""
    figura = Figura(figsize=(9, 4.2))
    eixos = figura.add_subplot()
    for pares, cor, nome in ((enchimento.aceitos, COR_ACEITOS, "aceitos por send (remetente)"),
                             (enchimento.lidos, COR_LIDOS, "lidos por recv (receptor)")):
        eixos.step([t for t, _ in pares], [b / MEGA for _, b in pares], where="post",
                   color=cor, linewidth=1.8, label=nome)
    eixos.axvline(enchimento.ler_depois, color=COR_CONTA, linestyle="--", linewidth=1)
    eixos.annotate("o receptor começa a ler", xy=(enchimento.ler_depois, 0.93),
                   xycoords=("data", "axes fraction"), xytext=(6, 0),
                   textcoords="offset points", fontsize=9, color=COR_CONTA)
    if enchimento.parou_em is not None:
        eixos.axhline(enchimento.parou_em / MEGA, color=COR_ACEITOS, linestyle=":", linewidth=1)
        eixos.annotate(f"buffers cheios: {com_unidade(enchimento.parou_em / MEGA, 'MB', 2)}",
                       xy=(0.01, enchimento.parou_em / MEGA), xycoords=("axes fraction", "data"),
                       xytext=(0, 4), textcoords="offset points", fontsize=9, color=COR_ACEITOS)
    eixos.set_xlabel("tempo (s)")
    eixos.set_ylabel("bytes (MB)")
    eixos.set_ylim(bottom=0)
    eixos.set_xlim(left=0)
    _numeros_nos_eixos(eixos)
    eixos.legend(fontsize=9, loc="upper left", bbox_to_anchor=(0, 0.88))
    figura.suptitle(titulo or "Um receptor que não lê: send para quando os buffers enchem",
                    fontsize=12)
    figura.subplots_adjust(left=0.09, right=0.98, bottom=0.13, top=0.88)
    return figura


def grafico_udp_buffer(inundacoes, titulo=None):
    """Datagramas que couberam no buffer de recepção, medidos e pela conta ingênua.

    ``inundacoes``: uma lista de :class:`ecolab.inundacao.Inundacao`, uma por
    tamanho de buffer, todas com datagramas do mesmo tamanho.
    """
    figura = Figura(figsize=(9, 4.2))
    eixos = figura.add_subplot()
    ordenadas = sorted(inundacoes, key=lambda i: i.buffer)
    buffers = [i.buffer / 1024 for i in ordenadas]
    tamanho = ordenadas[0].tamanho
    eixos.plot(buffers, [i.buffer / tamanho for i in ordenadas], color=COR_CONTA,
               linestyle="--", marker="o", label=f"a conta ingênua: buffer / {tamanho} bytes")
    eixos.plot(buffers, [i.recebidos for i in ordenadas], color=COR_UDP, marker="o",
               linewidth=2, label="recebidos de verdade (o resto se perdeu)")
    eixos.set_xscale("log", base=2)
    eixos.set_yscale("log")
    eixos.set_xlabel("buffer de recepção que o sistema deu (KiB, escala log)")
    eixos.set_ylabel("datagramas (escala log)")
    _numeros_nos_eixos(eixos)
    eixos.legend(fontsize=9, loc="upper left")
    enviados = ordenadas[0].enviados
    figura.suptitle(titulo or f"UDP: {_inteiro(enviados)} datagramas de {tamanho} bytes "
                    "para um receptor que não lê", fontsize=12)
    figura.subplots_adjust(left=0.09, right=0.98, bottom=0.13, top=0.88)
    return figura


def grafico_vazao(vazao, titulo=None):
    """A vazão (MB/s) para cada tamanho de ``send`` (bytes), os dois eixos em escala log."""
    figura = Figura(figsize=(9, 4.2))
    eixos = figura.add_subplot()
    tamanhos = sorted(vazao)
    eixos.plot(tamanhos, [vazao[t] / MEGA for t in tamanhos], color=COR_ACEITOS, marker="o",
               linewidth=2)
    eixos.set_xscale("log", base=2)
    eixos.set_yscale("log")
    eixos.set_xlabel("bytes por send (escala log)")
    eixos.set_ylabel("vazão (MB/s, escala log)")
    _numeros_nos_eixos(eixos)
    figura.suptitle(titulo or "Transferência em massa no loopback: vazão por tamanho de send",
                    fontsize=12)
    figura.subplots_adjust(left=0.09, right=0.98, bottom=0.13, top=0.88)
    return figura


def _numeros_nos_eixos(eixos):
    """Marcas dos eixos com a regra do curso (vírgula decimal, ponto nos milhares)."""
    eixos.xaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.yaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.grid(True, alpha=0.3)


def _inteiro(valor):
    return _marca(valor, None)
