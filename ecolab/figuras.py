"""As figuras do curso: o diagrama de sequência e o gráfico dos tempos.

Duas figuras que dizem mais que uma tabela de números:

- :func:`diagrama_de_sequencia` desenha a conversa entre um cliente e um
  servidor a partir dos registros dos dois (``cliente.registro`` e
  ``servidor.registro``): uma linha vertical para cada lado, o tempo correndo
  para baixo e uma seta para cada coisa que atravessou a rede. No TCP aparecem
  a conexão (o aperto de mão de três vias: SYN, SYN-ACK, ACK) e o fim dela
  (FIN), em setas **esquemáticas** (pontilhadas e cinzas, sem hora): os
  registros dizem quando o cliente se conectou, mas os segmentos não foram
  capturados. No UDP, só os datagramas; os que se perderam param no meio do
  caminho com um ✗, e os que o destino descartou (porta fechada) param nele. Quem remonta a conversa a partir dos registros é
  :mod:`ecolab.conversa`; aqui cada passo dela vira uma seta ou uma nota.
- ``diagrama_de_sequencia(pacotes)``, com uma lista de pacotes capturados
  (:mod:`ecolab.captura`), desenha cada segmento ou datagrama que atravessou a
  rede, sem nada esquemático: veja :mod:`ecolab.figuras_pacotes`.
- :func:`grafico_latencias` mostra os tempos de ida e volta medidos com
  :func:`ecolab.medir_rtt`: como eles se distribuem, onde fica a mediana e
  quanto levou cada mensagem.

As duas devolvem uma :class:`Figura`, uma figura do matplotlib
(``matplotlib.figure.Figure``) de tamanho fixo, sem usar ``pyplot``: no
Jupyter, a figura aparece quando é o valor da célula (uma vez só), e
``figura.savefig("arquivo.png")`` a guarda num arquivo.
"""

import io
import math
import statistics
from typing import NamedTuple

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from .conversa import DESCARTADO_NO_DESTINO, PERDIDO, reconstruir_conversa
from .erros import ArgumentoInvalido, _endereco_legivel
from .medidas import CASAS_DOS_MS, quantas, separar_perdidas
from .numeros import com_unidade, numero

TAMANHO_DIAGRAMA = (9, 6.5)  # polegadas, sempre o mesmo; a imagem corta o que sobra embaixo
TAMANHO_LATENCIAS = (11, 4.2)
TAMANHO_SO_HISTOGRAMA = (6.5, 4.2)

POSICAO = {"cliente": 0.22, "rede": 0.52, "servidor": 0.82}  # x das linhas da vida (rede no meio)
INCLINACAO = 0.35  # quanto uma seta desce: a mensagem leva tempo para atravessar
LIMITE_ROTULO = 44  # caracteres; textos maiores são encurtados com "…"
LINHAS_MINIMAS = 10  # com poucos passos, as setas ficam no alto, com o espaçamento de sempre
PAUSA_MINIMA = 0.010  # segundos: uma espera maior (e bem maior que as outras) ganha uma quebra
ALTURA_DA_PAUSA = 1.0  # em linhas: a faixa da quebra no eixo do tempo

COR = {
    "mensagem": "#1f5fa8",
    "resposta": "#2b8a3e",
    "controle": "#666666",
    "perdida": "#c92a2a",
    "esquematico": "#999999",
}
TEXTO_ESQUEMATICO = "esquemático: não medido (setas desenhadas para explicar, sem hora)"
COR_PROTOCOLO = {"TCP": "#1f5fa8", "UDP": "#e8590c"}
OUTRAS_CORES = ("#7048e8", "#2b8a3e", "#c2255c", "#0c8599")
FONTE_SIMBOLOS = "DejaVu Sans"  # vem com o matplotlib e tem o ✗


class Figura(Figure):
    """Uma ``Figure`` do matplotlib que o Jupyter sabe mostrar sozinha.

    Sem ``pyplot``, o Jupyter mostraria só o texto ``<Figure size …>``;
    ``_repr_png_`` entrega a imagem. ``savefig`` corta as margens em branco
    (``bbox_inches="tight"``, se nada for dito), então o arquivo fica igual ao
    que o notebook mostra. Fora isso, é uma ``Figure`` comum.
    """

    def savefig(self, arquivo, **opcoes):
        opcoes.setdefault("bbox_inches", "tight")
        super().savefig(arquivo, **opcoes)

    def _repr_png_(self):
        imagem = io.BytesIO()
        self.savefig(imagem, format="png", dpi=100)
        return imagem.getvalue()


# ----- diagrama de sequência --------------------------------------------


def diagrama_de_sequencia(cliente, servidor=None, rede=None, *, max_mensagens=5,
                          detalhar_tcp=False, protocolo=None, titulo=None, max_pacotes=30):
    """Desenha a conversa entre ``cliente`` e ``servidor`` e devolve a figura.

    **Pacotes de verdade:** ``diagrama_de_sequencia(captura.pacotes)`` (uma
    lista de :class:`~ecolab.captura.Pacote`, ou a própria captura) desenha um
    segmento ou datagrama por seta, com as *flags*, os números relativos e a
    hora de cada um: veja :func:`ecolab.figuras_pacotes.diagrama_de_pacotes`
    (``max_pacotes``: só os primeiros). O resto desta explicação é sobre o
    desenho feito a partir dos registros, sem captura:

    - ``cliente``, ``servidor``: os objetos do ecolab (qualquer coisa com
      ``.registro``) ou os próprios :class:`~ecolab.Registro`. O servidor é
      opcional, mas sem ele não dá para saber se foi a ida ou a volta que se
      perdeu;
    - ``rede``: opcional, um intermediário como a :class:`~ecolab.RedeInstavel`,
      cujo registro tem eventos ``"perdeu"``, ``"duplicou"``, ``"atrasou"`` e
      ``"reordenou"``, cada um com o texto do datagrama afetado;
    - ``max_mensagens``: só as primeiras mensagens aparecem, para a figura
      continuar legível (``None``: todas);
    - ``detalhar_tcp=True``: mostra cada segmento do aperto de mão (SYN,
      SYN-ACK, ACK) e do fim da conexão (FIN, ACK) como uma seta;
    - ``protocolo``: ``"TCP"`` ou ``"UDP"``; o padrão é o do cliente.

    Cada passo ocupa uma linha, e as linhas têm a mesma altura: elas mostram a
    ordem, e a coluna "tempo", à esquerda, diz quando cada uma aconteceu. Uma
    espera longa entre duas linhas (mais de 10 ms, e mais de 10 vezes a espera
    típica), como a de um cliente até o tempo esgotar, aparece como uma quebra
    que diz quanto tempo passou: "⋯ 506 ms depois ⋯".

    As setas seguem a ordem do registro do cliente; cada uma é ligada ao evento
    correspondente do servidor pelo texto e pela ordem no tempo (veja
    :func:`ecolab.conversa.passos_da_conversa`, que dá os mesmos passos em texto).
    """
    if _sao_pacotes(cliente):
        from .figuras_pacotes import diagrama_de_pacotes

        if servidor is not None or rede is not None:
            raise ArgumentoInvalido(
                "Com pacotes, passe só a lista: diagrama_de_sequencia(captura.pacotes). "
                "Os dois lados da conversa já estão nos endereços dos pacotes.")
        return diagrama_de_pacotes(cliente, max_pacotes=max_pacotes, titulo=titulo)
    conversa = reconstruir_conversa(cliente, servidor, rede, max_mensagens=max_mensagens,
                                    detalhar_tcp=detalhar_tcp)
    figura = Figura(figsize=TAMANHO_DIAGRAMA)
    eixos = figura.add_subplot()
    altura_usada = _desenhar_diagrama(eixos, conversa.passos, _cabecalhos(conversa, rede))
    figura.suptitle(titulo or _titulo_diagrama(protocolo or conversa.protocolo),
                    fontsize=12, y=0.985)
    # Poucos passos usam só o alto da figura; a margem em branco embaixo é
    # cortada quando a figura é mostrada ou salva (veja Figura.savefig).
    figura.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=0.86 - 0.84 * altura_usada)
    return figura


def _sao_pacotes(objeto):
    """Uma lista de ``Pacote`` ou uma captura (algo com ``.pacotes``), e não um cliente."""
    from .leitura_de_pacotes import e_lista_de_pacotes

    return e_lista_de_pacotes(objeto) or (
        hasattr(objeto, "pacotes") and not hasattr(objeto, "registro"))


def _cabecalhos(conversa, rede):
    """Os nomes no alto de cada linha da vida, com os endereços conhecidos."""
    cabecalhos = {
        "cliente": _nome_com_endereco("Cliente", conversa.endereco_cliente),
        "servidor": _nome_com_endereco("Servidor", conversa.endereco_servidor),
    }
    if rede is not None:
        cabecalhos["rede"] = _nome_com_endereco("Rede instável", getattr(rede, "endereco", None))
    return cabecalhos


def _nome_com_endereco(nome, endereco):
    return f"{nome}\n{_endereco_legivel(endereco)}" if endereco else nome


def _titulo_diagrama(protocolo):
    if protocolo == "TCP":
        return "TCP: abrir a conexão, conversar, fechar"
    return "UDP: cada mensagem é um datagrama, sem conexão"


def _encurtar(texto, limite=LIMITE_ROTULO):
    texto = " ".join(texto.split("\n"))
    return texto if len(texto) <= limite else texto[: limite - 1] + "…"


def _desenhar_diagrama(eixos, passos, cabecalhos):
    """Desenha os passos; devolve que fração da altura da figura o diagrama usa.

    O espaçamento entre as linhas é sempre o de ``LINHAS_MINIMAS`` linhas (ou
    menor, se houver mais passos): com poucos passos, o diagrama fica mais baixo.
    """
    alturas, pausas = _alturas([passo.momento for passo in passos])
    fim = alturas[-1] + 0.8 if passos else LINHAS_MINIMAS
    linhas = max(fim, LINHAS_MINIMAS)
    escala = min(1.0, 14 / linhas)  # muitas linhas: letras menores
    eixos.set_xlim(0, 1)
    eixos.set_ylim(fim, -0.6)  # o tempo corre para baixo
    eixos.axis("off")
    _desenhar_linhas_da_vida(eixos, cabecalhos, fim, pausas)
    if not passos:
        eixos.text(0.5, 0.5, "Nenhum evento no registro do cliente:\n"
                   "envie uma mensagem e desenhe de novo.", ha="center", va="center",
                   fontsize=11, color=COR["controle"])
        return 1.0
    inicio = passos[0].momento
    eixos.text(0.0, 1.01, "tempo", transform=eixos.get_xaxis_transform(), va="bottom",
               fontsize=8, color="#888888")
    for pausa in pausas:
        _desenhar_pausa(eixos, pausa, escala)
    if any(passo.esquematico for passo in passos):
        _legenda_esquematica(eixos)
    anterior = None
    for linha, passo in zip(alturas, passos):
        if passo.tipo == "nota":
            _desenhar_nota(eixos, passo, linha, escala)
        else:
            _desenhar_seta(eixos, passo, linha, escala)
        # Setas esquemáticas não têm hora medida; as outras anotadas juntas, só uma.
        if passo.esquematico:
            continue
        if passo.lado != "centro" and passo.momento != anterior:
            eixos.text(0.0, linha + 0.1, _ms((passo.momento - inicio) * 1000),
                       fontsize=7 * escala, color="#888888", va="center")
        anterior = passo.momento
    return (fim + 0.6) / (linhas + 0.6)


class _Pausa(NamedTuple):
    """Uma espera longa entre duas linhas do diagrama: uma faixa com o tempo que passou."""

    de: float  # onde a faixa começa e termina, no eixo do tempo (em linhas)
    ate: float
    segundos: float


def _alturas(momentos):
    """Onde fica cada passo no eixo do tempo, e as pausas entre eles.

    ``momentos``: a hora de cada passo, em segundos, em ordem. Cada passo ocupa
    uma linha, e as linhas têm a mesma altura: mostram a ordem da conversa, não
    quanto tempo passou. Por isso uma espera longa (veja :func:`_e_pausa`), como
    o cliente esperando até o tempo esgotar, ganha uma faixa a mais que diz
    quanto tempo passou ali: "⋯ 506 ms depois ⋯".
    """
    esperas = [depois - antes for antes, depois in zip(momentos, momentos[1:])]
    tipica = statistics.median(esperas) if esperas else 0.0
    alturas, pausas = [], []
    for indice in range(len(momentos)):
        altura = alturas[-1] + 1 if alturas else 0.0
        if indice and _e_pausa(esperas[indice - 1], tipica):
            pausas.append(_Pausa(altura - 0.4, altura - 0.4 + ALTURA_DA_PAUSA,
                                 esperas[indice - 1]))
            altura += ALTURA_DA_PAUSA
        alturas.append(altura)
    return alturas, pausas


def _e_pausa(espera, tipica):
    """Uma espera de mais de 10 ms e mais de 10 vezes a típica (a mediana) entre duas linhas."""
    return espera > PAUSA_MINIMA and espera > 10 * tipica


def _desenhar_pausa(eixos, pausa, escala):
    """A quebra no eixo do tempo: as linhas da vida pontilhadas e quanto tempo passou."""
    meio = (pausa.de + pausa.ate) / 2
    eixos.text(0.5, meio, f"⋯ {_duracao(pausa.segundos)} depois ⋯", ha="center", va="center",
               fontsize=9 * escala, color="#495057", style="italic", fontfamily=FONTE_SIMBOLOS,
               bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="#ced4da"))


def _duracao(segundos):
    """``0.5063`` -> ``"506 ms"``; a partir de um segundo, em segundos: ``"1,5 s"``."""
    if segundos >= 1:
        return com_unidade(segundos, "s", 1)
    return com_unidade(segundos * 1000, "ms", 0)


def _desenhar_linhas_da_vida(eixos, cabecalhos, fim, pausas):
    """Uma linha vertical por participante, com o nome numa caixa logo acima.

    Nas pausas, a linha fica pontilhada e clara: o tempo ali foi encurtado.
    """
    trechos, comeco = [], -0.6
    for pausa in pausas:
        trechos.append((comeco, pausa.de))
        comeco = pausa.ate
    trechos.append((comeco, fim))
    for lado, nome in cabecalhos.items():
        x = POSICAO[lado]
        estilo = ":" if lado == "rede" else "--"
        for de, ate in trechos:
            eixos.plot([x, x], [de, ate], color="#999999", linestyle=estilo, linewidth=1)
        for pausa in pausas:
            eixos.plot([x, x], [pausa.de, pausa.ate], color="#ced4da", linestyle=":",
                       linewidth=1)
        eixos.text(x, 1.01, nome, transform=eixos.get_xaxis_transform(), ha="center",
                   va="bottom", fontsize=10,
                   fontweight="bold" if lado != "rede" else "normal",
                   bbox=dict(boxstyle="round,pad=0.4", facecolor="#f1f3f5", edgecolor="#868e96"))


def _legenda_esquematica(eixos):
    """Avisa, logo abaixo do título, que as setas pontilhadas cinzas não foram medidas."""
    eixos.figure.text(0.5, 0.948, f"┈┈▸ {TEXTO_ESQUEMATICO}", ha="center", va="center",
                      fontsize=8.5, color="#666666", style="italic", fontfamily=FONTE_SIMBOLOS)


def _desenhar_seta(eixos, passo, linha, escala):
    destino = "servidor" if passo.lado == "cliente" else "cliente"
    x0, x1 = POSICAO[passo.lado], POSICAO[destino]
    y0, y1 = linha, linha + INCLINACAO
    no_destino = passo.desfecho == DESCARTADO_NO_DESTINO
    if passo.perdida and not no_destino:  # para no meio do caminho, onde fica a rede
        x1, y1 = POSICAO["rede"], (y0 + y1) / 2
    if passo.perdida:
        cor, estilo = COR["perdida"], "--"
    elif passo.esquematico:
        cor, estilo = COR["esquematico"], ":"
    else:
        cor, estilo = COR[passo.tipo], "-"
    eixos.annotate(
        "", xy=(x1, y1), xytext=(x0, y0),
        arrowprops=dict(arrowstyle="-" if passo.perdida else "-|>", color=cor,
                        linewidth=1.6, linestyle=estilo, shrinkA=0, shrinkB=0),
    )
    rotulo = passo.rotulo if passo.tipo == "controle" else f"“{_encurtar(passo.rotulo)}”"
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    eixos.text(xm, ym - 0.08, rotulo, ha="center", va="bottom", color=cor,
               fontsize=9 * escala, fontweight="bold" if passo.tipo == "controle" else "normal")
    if passo.detalhe:
        eixos.text(xm, ym + 0.1, passo.detalhe, ha="center", va="top", color="#666666",
                   fontsize=7.5 * escala, style="italic")
    if passo.perdida:
        eixos.text(x1, y1, "✗", ha="center", va="center", color=cor, fontsize=15 * escala,
                   fontweight="bold", fontfamily=FONTE_SIMBOLOS)
        eixos.text(x1, y1 + 0.22, passo.desfecho or PERDIDO, ha="center", va="top", color=cor,
                   fontsize=8.5 * escala, fontweight="bold")


def _desenhar_nota(eixos, passo, linha, escala):
    deslocamento = {"cliente": 0.02, "servidor": -0.02, "centro": 0.0}[passo.lado]
    alinhamento = {"cliente": "left", "servidor": "right", "centro": "center"}[passo.lado]
    x = POSICAO.get(passo.lado, 0.5) + deslocamento
    eixos.text(x, linha + 0.1, _encurtar(passo.rotulo, 60), ha=alinhamento, va="center",
               fontsize=8 * escala, color="#343a40",
               bbox=dict(boxstyle="round,pad=0.3", facecolor="#fff9db", edgecolor="#e0c060"))


# ----- gráfico dos tempos de ida e volta ---------------------------------


def grafico_latencias(medidas, *, por_mensagem=True, titulo=None):
    """Mostra tempos de ida e volta (RTT) em milissegundos e devolve a figura.

    ``medidas`` é um dicionário ``{"TCP": tempos, "UDP": tempos}`` (cada
    ``tempos`` em segundos, como os de :func:`ecolab.medir_rtt`) ou uma lista só.

    - À esquerda, o histograma: quantas mensagens levaram cada tempo, com a
      mediana de cada série marcada por uma linha tracejada.
    - À direita (``por_mensagem=True``), o tempo de cada mensagem, na ordem:
      mostra as mensagens lentas e, no TCP, a primeira, que inclui a conexão.
      Mensagens sem resposta aparecem como ✗ no alto.
    """
    series = _series(medidas)
    figura = Figura(figsize=TAMANHO_LATENCIAS if por_mensagem else TAMANHO_SO_HISTOGRAMA)
    if por_mensagem:
        histograma, sequencia = figura.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
    else:
        histograma, sequencia = figura.add_subplot(), None
    _desenhar_histograma(histograma, series)
    if sequencia is not None:
        _desenhar_por_mensagem(sequencia, series)
    figura.suptitle(titulo or "Tempo de ida e volta (RTT)", fontsize=12)
    figura.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.86, wspace=0.22)
    return figura


class _Serie(NamedTuple):
    nome: str
    cor: str
    numeros: list  # número de cada mensagem respondida
    milis: list  # o tempo dela, em milissegundos
    perdidas: list  # números das mensagens sem resposta
    inclui_conexao: bool


def _series(medidas):
    if not isinstance(medidas, dict):
        medidas = {getattr(medidas, "protocolo", "") or "medidas": medidas}
    if not medidas:
        raise ValueError("Não há medidas para desenhar: passe, por exemplo, {'TCP': tempos}.")
    series = []
    outras = iter(OUTRAS_CORES * len(medidas))
    for nome, valores in medidas.items():
        tempos, perdidas = separar_perdidas(valores)
        series.append(_Serie(
            nome=str(nome),
            cor=COR_PROTOCOLO.get(nome) or next(outras),
            numeros=[numero for numero, _ in tempos],
            milis=[segundos * 1000 for _, segundos in tempos],
            perdidas=perdidas,
            inclui_conexao=getattr(valores, "inclui_conexao", False),
        ))
    return series


def _faixa_do_histograma(series):
    """De onde até onde vai o eixo x.

    Umas poucas mensagens muito lentas espremeriam todas as outras numa barra
    só; por isso o eixo vai só até pouco depois de 98% das medidas.
    """
    todos = sorted(valor for serie in series for valor in serie.milis)
    if not todos:
        return 0.0, 1.0
    quase_todos = todos[min(len(todos) - 1, math.ceil(0.98 * len(todos)) - 1)]
    fim = todos[-1] if todos[-1] <= 1.5 * quase_todos else 1.2 * quase_todos
    inicio = max(0.0, todos[0] - 0.1 * (fim - todos[0]))
    if fim <= inicio:  # todas as medidas iguais
        inicio, fim = 0.0, 2 * fim or 1.0
    return inicio, fim


def _desenhar_histograma(eixos, series):
    inicio, limite = _faixa_do_histograma(series)
    faixas = [inicio + (limite - inicio) * i / 40 for i in range(41)]
    fora = 0
    for serie in series:
        if not serie.milis:
            eixos.plot([], [], color=serie.cor, label=f"{serie.nome}: nenhuma resposta")
            continue
        dentro = [valor for valor in serie.milis if valor <= limite]
        fora += len(serie.milis) - len(dentro)
        eixos.hist(dentro, bins=faixas, color=serie.cor, alpha=0.35, histtype="stepfilled")
        eixos.hist(dentro, bins=faixas, color=serie.cor, histtype="step", linewidth=1.2,
                   label=f"{serie.nome}: {quantas(len(serie.milis), 'resposta')}")
        mediana = statistics.median(serie.milis)
        eixos.axvline(mediana, color=serie.cor, linestyle="--", linewidth=1.8,
                      label=f"{serie.nome}: mediana {_ms(mediana)}")
    if fora:  # uma linha da legenda sem desenho, só com o aviso
        eixos.plot([], [], linestyle="none",
                   label=f"fora do gráfico: {quantas(fora, 'medida')}\n"
                   f"acima de {_ms(limite)}")
    eixos.set_xlim(inicio, limite)
    eixos.set_xlabel("tempo de ida e volta (ms)")
    eixos.set_ylabel("quantidade de mensagens")
    eixos.yaxis.set_major_locator(MaxNLocator(integer=True))  # mensagens não vêm em pedaços
    eixos.set_title("Como os tempos se distribuem", fontsize=10)
    eixos.xaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.yaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.legend(fontsize=8, loc="best")


def _desenhar_por_mensagem(eixos, series):
    for serie in series:
        eixos.plot(serie.numeros, serie.milis, color=serie.cor, marker=".", markersize=4,
                   linewidth=0.8, label=serie.nome)
        if serie.perdidas:
            eixos.plot(serie.perdidas, [0.97] * len(serie.perdidas), linestyle="none",
                       marker="x", markersize=7, markeredgewidth=2, color=COR["perdida"],
                       transform=eixos.get_xaxis_transform(),
                       label=f"{serie.nome}: {quantas(len(serie.perdidas), 'perdida')}")
        if serie.inclui_conexao and serie.numeros and serie.numeros[0] == 1:
            eixos.annotate("1ª mensagem:\ninclui abrir a conexão", xy=(1, serie.milis[0]),
                           xytext=(0.12, 0.9), textcoords="axes fraction", fontsize=8,
                           va="top", color=serie.cor,
                           arrowprops=dict(arrowstyle="->", color=serie.cor, linewidth=1))
    eixos.set_xlabel("número da mensagem")
    eixos.xaxis.set_major_locator(MaxNLocator(integer=True))
    eixos.set_title("O tempo de cada mensagem, na ordem", fontsize=10)
    if _espalhados_demais(series):
        eixos.set_yscale("log")
        eixos.set_ylabel("tempo de ida e volta (ms, escala log)")
        eixos.yaxis.set_minor_formatter(NullFormatter())
    else:
        eixos.set_ylim(bottom=0)
        eixos.set_ylabel("tempo de ida e volta (ms)")
    _abrir_espaco_para_as_perdidas(eixos, series)
    eixos.yaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.legend(fontsize=8, loc="best")


def _abrir_espaco_para_as_perdidas(eixos, series):
    """Os ✗ das perdidas ficam no alto: sobe o teto para que não cubram a linha dos tempos."""
    todos = [valor for serie in series for valor in serie.milis]
    if todos and any(serie.perdidas for serie in series):
        folga = 3 if eixos.get_yscale() == "log" else 1.2
        eixos.set_ylim(top=max(todos) * folga)


def _espalhados_demais(series):
    """Se a mais lenta levou mais de 20 vezes a mediana, a escala linear esconderia o resto.

    Na escala logarítmica, cada marca do eixo vale 10 vezes a anterior: os
    tempos típicos e os raros, muito maiores, cabem no mesmo gráfico.
    """
    todos = [valor for serie in series for valor in serie.milis]
    return bool(todos) and max(todos) > 20 * statistics.median(todos)


def _marca(valor, _posicao):
    """As marcas dos eixos seguem :mod:`ecolab.numeros`: 0,05 em vez de 0.05."""
    return numero(valor)


def _ms(milissegundos):
    """``_ms(20.4281)`` -> ``"20,428 ms"``, como no :func:`~ecolab.resumo`."""
    return com_unidade(milissegundos, "ms", CASAS_DOS_MS)
