"""As figuras da lição 06: a vazão por janela e por perda, o timeout e a janela andando.

Todas desenham medidas de transferências de verdade (:mod:`ecolab.janela_deslizante`
e o :class:`~ecolab.transporte.Relatorio` do remetente):

- :func:`grafico_vazao`: a vazão do pare e espere, do Go-Back-N e da Repetição
  Seletiva, por tamanho de janela (à esquerda) e por taxa de perda (à direita);
- :func:`grafico_do_timeout`: as amostras de RTT de uma transferência, a média
  (SRTT) e o timeout que cada estimador calculou com elas;
- :func:`quadro_da_janela` e :func:`janela_passo_a_passo`: a fila de números de
  sequência do remetente num instante, colorida como nas animações do livro
  (confirmados, enviados sem confirmação, utilizáveis, não utilizáveis), e um
  controle deslizante (``IntSlider``) que anda evento a evento;
  :func:`quadros_da_janela` põe vários instantes numa figura só.

Todas devolvem uma :class:`ecolab.figuras.Figura`, que o Jupyter mostra sozinho
(menos :func:`janela_passo_a_passo`, que devolve o controle).
"""

from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from .figuras import Figura, _marca
from .janela_deslizante import TAXA, utilizacao_teorica
from .numeros import com_unidade
from .segmento import TAMANHO_DO_CABECALHO
from .transporte import TAMANHO_DOS_DADOS

CORES_DOS_MODOS = {"pare": "#868e96", "gbn": "#e8590c", "sr": "#1f5fa8"}
NOMES_DOS_MODOS = {"pare": "pare e espere", "gbn": "Go-Back-N", "sr": "Repetição Seletiva"}
ESTADOS = (
    ("confirmado", "#2b8a3e", "enviado e confirmado"),
    ("a caminho", "#fab005", "enviado, sem confirmação"),
    ("utilizável", "#74c0fc", "utilizável, ainda não enviado"),
    ("fora", "#f1f3f5", "não utilizável"),
)
KILO = 1000


def _numeros_nos_eixos(eixos):
    eixos.xaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.yaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.grid(True, alpha=0.3)


# ----- a vazão ---------------------------------------------------------------


def grafico_vazao(medidas, taxa=TAXA, rtt=0.04, titulo=None):
    """Vazão (kbit/s) por janela e por perda, a partir de :func:`~ecolab.janela_deslizante.varrer`.

    À esquerda, o Go-Back-N e a Repetição Seletiva por janela, sem perda
    (tracejado) e com a maior perda medida com várias janelas (cheio); a linha
    cinza é o teto sem perda, ``U · R``, com ``U`` pela fórmula, contando só os
    bits de dados (como as medidas: sem os 12 bytes do cabeçalho). À direita, o
    pare e espere e os dois com janela 8, por taxa de perda.
    """
    figura = Figura(figsize=(10, 4.4))
    por_janela, por_perda = figura.subplots(1, 2)
    janelas = sorted({m.janela for m in medidas})
    perdas_da_esquerda = sorted({m.perda for m in medidas if m.janela not in (1, 8)})
    so_dados = TAMANHO_DOS_DADOS / (TAMANHO_DOS_DADOS + TAMANHO_DO_CABECALHO)
    por_janela.plot(janelas,
                    [utilizacao_teorica(n, rtt, taxa) * taxa * so_dados / KILO for n in janelas],
                    color="#adb5bd", linewidth=3, alpha=0.7,
                    label="teto sem perda (U · R, só os dados)")
    for perda in perdas_da_esquerda:
        for modo in ("gbn", "sr"):
            pontos = sorted((m.janela, m.vazao / KILO) for m in medidas
                            if m.modo == modo and m.perda == perda)
            por_janela.plot(*zip(*pontos), marker="o", color=CORES_DOS_MODOS[modo],
                            linestyle="--" if perda == 0 else "-",
                            markerfacecolor="white" if perda == 0 else CORES_DOS_MODOS[modo],
                            label=f"{NOMES_DOS_MODOS[modo]}, {_porcento(perda)} de perda")
    por_janela.set_xscale("log", base=2)
    por_janela.set_xlabel("janela N (pacotes, escala log)")
    por_janela.set_ylabel("vazão (kbit/s)")
    por_janela.set_title("por tamanho de janela", fontsize=10)
    for modo in ("pare", "gbn", "sr"):
        janela = 1 if modo == "pare" else 8
        pontos = sorted((m.perda * 100, m.vazao / KILO) for m in medidas
                        if m.modo == modo and m.janela == janela)
        rotulo = NOMES_DOS_MODOS[modo] + ("" if modo == "pare" else " (N = 8)")
        por_perda.plot(*zip(*pontos), marker="o", color=CORES_DOS_MODOS[modo], label=rotulo)
    por_perda.set_xlabel("perda no caminho dos dados (%)")
    por_perda.set_title("por taxa de perda", fontsize=10)
    for eixos in (por_janela, por_perda):
        _numeros_nos_eixos(eixos)
        eixos.set_ylim(bottom=0)
        eixos.legend(fontsize=7.5)
    por_janela.xaxis.set_major_formatter(FuncFormatter(_marca))
    por_janela.set_xticks(janelas)
    figura.suptitle(titulo or f"Vazão pelo gargalo de {com_unidade(taxa / 1e6, 'Mbit/s')}, "
                    f"RTT de {com_unidade(rtt * KILO, 'ms', 0)}", fontsize=12)
    figura.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.86, wspace=0.22)
    return figura


def _porcento(fracao):
    return f"{round(fracao * 100)}%"


# ----- o timeout ---------------------------------------------------------------


def amostras_de_rtt(relatorio):
    """``[(tempo desde o início, rtt)]`` das confirmações que deram amostra (regra de Karn)."""
    return [(e.tempo - relatorio.inicio, e.rtt) for e in relatorio.do_tipo("confirmou")
            if e.rtt is not None]


def repassar(estimador, amostras):
    """Dá as ``amostras`` ao ``estimador``, uma a uma; devolve ``[(srtt, timeout)]``."""
    resultado = []
    for _, rtt in amostras:
        estimador.amostra(rtt)
        resultado.append((estimador.srtt, estimador.timeout))
    return resultado


def grafico_do_timeout(amostras, estimadores, titulo=None):
    """As amostras de RTT (pontos) e o timeout de cada estimador depois de cada uma.

    ``estimadores``: ``{"nome": estimador novo}``; cada um recebe as mesmas
    amostras, na ordem. Do primeiro, desenha também o SRTT.
    """
    figura = Figura(figsize=(9, 4.2))
    eixos = figura.add_subplot()
    tempos = [t for t, _ in amostras]
    eixos.plot(tempos, [rtt * KILO for _, rtt in amostras], "o", color="#495057",
               markersize=4, label="amostras de RTT (ms)")
    estilos = (("#1f5fa8", "-"), ("#e8590c", "--"), ("#2b8a3e", ":"))
    for (nome, estimador), (cor, linha) in zip(estimadores.items(), estilos):
        contas = repassar(estimador, amostras)
        if linha == "-":
            eixos.step(tempos, [s * KILO for s, _ in contas], where="post", color=cor,
                       linewidth=1, alpha=0.6, label=f"SRTT ({nome})")
        eixos.step(tempos, [t * KILO for _, t in contas], where="post", color=cor,
                   linestyle=linha, linewidth=2, label=f"timeout ({nome})")
    eixos.set_xlabel("tempo desde o início da transferência (s)")
    eixos.set_ylabel("milissegundos")
    eixos.set_ylim(bottom=0)
    _numeros_nos_eixos(eixos)
    eixos.legend(fontsize=8, loc="upper right")
    figura.suptitle(titulo or "O timeout adaptativo acompanha as amostras de RTT", fontsize=12)
    figura.subplots_adjust(left=0.09, right=0.98, bottom=0.13, top=0.9)
    return figura


# ----- a janela andando ----------------------------------------------------------


def estados_no_evento(relatorio, indice):
    """O estado de cada número de sequência logo depois do evento ``indice``.

    Reconstrói do registro: confirmados são os abaixo da ``base`` e, na
    Repetição Seletiva, os confirmados um a um acima dela; a caminho, os de
    ``base`` a ``proximo - 1`` sem confirmação; utilizáveis, os de ``proximo``
    até ``base + janela - 1``; o resto, não utilizável.
    """
    evento = relatorio.eventos[indice]
    confirmados = {e.seq for e in relatorio.eventos[:indice + 1] if e.tipo == "confirmou"}
    estados = []
    for seq in range(relatorio.pacotes):
        if seq < evento.base or (seq in confirmados and seq < evento.proximo):
            estados.append("confirmado")
        elif seq < evento.proximo:
            estados.append("a caminho")
        elif seq < evento.base + evento.janela:
            estados.append("utilizável")
        else:
            estados.append("fora")
    return estados


def descrever_evento(relatorio, indice):
    """``"t = 48 ms: confirmou 0 (RTT 45,2 ms)"``: o evento em palavras."""
    e = relatorio.eventos[indice]
    tempo = com_unidade((e.tempo - relatorio.inicio) * KILO, "ms", 0)
    texto = f"evento {indice + 1} de {len(relatorio.eventos)}, t = {tempo}: {e.tipo} {e.seq}"
    if e.rtt is not None:
        texto += f" (RTT {com_unidade(e.rtt * KILO, 'ms', 1)})"
    return texto


def _desenhar_fila(eixos, relatorio, indice, mostrar=None):
    cores = {nome: cor for nome, cor, _ in ESTADOS}
    estados = estados_no_evento(relatorio, indice)
    evento = relatorio.eventos[indice]
    mostrar = mostrar or len(estados)
    for seq, estado in enumerate(estados[:mostrar]):
        eixos.add_patch(Rectangle((seq, 0), 0.92, 1, facecolor=cores[estado],
                                  edgecolor="#495057", linewidth=0.6))
        eixos.text(seq + 0.46, 0.5, str(seq), ha="center", va="center", fontsize=7)
    fim = min(evento.base + evento.janela, mostrar)
    eixos.add_patch(Rectangle((evento.base - 0.08, -0.12), fim - evento.base + 0.08, 1.24,
                              fill=False, edgecolor="#c92a2a", linewidth=1.8))
    eixos.set_xlim(-0.3, mostrar + 0.2)
    eixos.set_ylim(-0.3, 1.3)
    eixos.axis("off")
    eixos.set_title(descrever_evento(relatorio, indice), fontsize=9, loc="left")


def _legenda(figura):
    figura.legend(handles=[Patch(facecolor=cor, edgecolor="#495057", label=rotulo)
                           for _, cor, rotulo in ESTADOS]
                  + [Patch(fill=False, edgecolor="#c92a2a",
                           label="a janela (base a base + N − 1)")],
                  loc="lower center", ncol=5, fontsize=8, frameon=False)


def quadro_da_janela(relatorio, indice, mostrar=None):
    """A fila de números de sequência do remetente logo depois do evento ``indice``."""
    figura = Figura(figsize=(10, 1.6))
    _desenhar_fila(figura.add_subplot(), relatorio, indice, mostrar)
    _legenda(figura)
    figura.subplots_adjust(left=0.01, right=0.99, top=0.8, bottom=0.3)
    return figura


def quadros_da_janela(relatorio, indices, mostrar=None, titulo=None):
    """Vários instantes, um embaixo do outro (a animação do livro, quadro a quadro)."""
    figura = Figura(figsize=(10, 0.9 * len(indices) + 0.9))
    for eixos, indice in zip(figura.subplots(len(indices), 1, squeeze=False)[:, 0], indices):
        _desenhar_fila(eixos, relatorio, indice, mostrar)
    _legenda(figura)
    if titulo:
        figura.suptitle(titulo, fontsize=12)
    figura.subplots_adjust(left=0.01, right=0.99, top=0.93 if titulo else 0.97,
                           bottom=0.5 / (0.9 * len(indices) + 0.9), hspace=0.9)
    return figura


def janela_passo_a_passo(relatorio, mostrar=None):
    """Um controle deslizante (ipywidgets) que mostra o quadro de cada evento."""
    import ipywidgets as widgets  # aqui: só quem usa o controle paga a importação

    def desenhar(evento):
        return quadro_da_janela(relatorio, evento - 1, mostrar)

    controle = widgets.IntSlider(value=1, min=1, max=len(relatorio.eventos), step=1,
                                 description="evento", continuous_update=False,
                                 layout=widgets.Layout(width="95%"))
    return widgets.interactive(desenhar, evento=controle)
