"""O diagrama de sequência de pacotes de verdade: uma seta por segmento ou datagrama.

``diagrama_de_sequencia(captura.pacotes)`` chega aqui. Ao contrário do
diagrama feito a partir dos registros (que só sabe o que a aplicação fez),
cada seta é um pacote que atravessou a rede, capturado com a hora dele:

- **TCP**: as *flags* entre colchetes, como no Wireshark (``[SYN]``,
  ``[SYN, ACK]``, ``[PSH, ACK]``, ``[FIN, ACK]``), os números ``seq`` e
  ``ack`` **relativos** (cada lado conta a partir do seu número inicial: o
  ``SYN`` tem ``seq=0`` e o primeiro byte de dados é o 1; veja
  :mod:`ecolab.leitura_de_pacotes`) e ``len``, os bytes de carga. Embaixo da
  seta, o começo da carga;
- **segmentos que só confirmam** (a *flag* ``ACK`` sozinha, sem dados): seta
  **tracejada** e mais fina, com a nota "só confirma: nenhum dado", para
  serem reconhecidos sem depender da cor;
- **UDP**: ``UDP len=N`` e o começo da carga;
- **ICMP**: a mensagem de erro volta de quem recebeu o datagrama para quem o
  enviou, em traço e ponto, com o que ela diz ("ICMP porta inalcançável").

O tempo corre para baixo, um pacote por linha, e a coluna "tempo" à esquerda
diz quando cada um foi capturado (em milissegundos desde o início da
captura). Uma espera longa entre dois pacotes aparece como uma quebra que diz
quanto tempo passou, como no diagrama dos registros. A figura cresce com o
número de pacotes (``max_pacotes`` limita quantos aparecem).
"""

from matplotlib.lines import Line2D

from .figuras import (
    FONTE_SIMBOLOS,
    INCLINACAO,
    POSICAO,
    Figura,
    _alturas,
    _desenhar_linhas_da_vida,
    _desenhar_pausa,
    _ms,
)
from .leitura_de_pacotes import (
    descrever_ponta,
    ler_pacotes,
    notas,
    numeros_da_linha,
    previa_da_carga,
    tipo_do_pacote,
)

LARGURA = 9  # polegadas
ALTURA_POR_LINHA = 0.42  # polegadas por pacote: a figura cresce com a conversa
MARGEM_DE_CIMA = 1.75  # polegadas para o título, a legenda, a nota do TCP e os nomes das colunas
NOTA_DO_TCP = 0.3  # polegadas da nota sobre os números relativos (só no TCP)
MAX_PACOTES = 30
SO_CONFIRMA = "só confirma: nenhum dado"

# Cada tipo de seta difere pelo traço (e pelo rótulo), não só pela cor.
ESTILO = {
    "dados": dict(linestyle="-", linewidth=1.6, arrowstyle="-|>"),
    "controle": dict(linestyle="-", linewidth=2.2, arrowstyle="-|>"),
    "so_ack": dict(linestyle="--", linewidth=1.1, arrowstyle="->"),
    "icmp": dict(linestyle="-.", linewidth=1.6, arrowstyle="-|>"),
}
COR = {
    ("dados", "cliente"): "#1f5fa8",
    ("dados", "servidor"): "#2b8a3e",
    "controle": "#343a40",
    "rst": "#c92a2a",
    "so_ack": "#868e96",
    "icmp": "#7048e8",
}
LEGENDA = {
    "dados": "com dados (a carga embaixo)",
    "controle": "controle: SYN, FIN, RST",
    "so_ack": "só ACK: confirma, sem dados",
    "icmp": "ICMP: erro de volta ao remetente",
}
LEGENDA_DOS_DADOS = {"cliente": "dados do cliente", "servidor": "dados do servidor"}


def diagrama_de_pacotes(pacotes, *, max_pacotes=MAX_PACOTES, titulo=None):
    """Desenha ``pacotes`` (lista de ``Pacote`` ou captura) e devolve a :class:`~ecolab.figuras.Figura`.

    As duas colunas são os dois endereços da conversa: à esquerda o cliente
    (quem mandou o primeiro ``SYN``, ou o primeiro pacote), à direita o
    servidor. ``max_pacotes``: só os primeiros (``None``: todos).
    """
    leitura = ler_pacotes(pacotes)
    linhas = leitura.linhas if max_pacotes is None else leitura.linhas[:max_pacotes]
    frases = notas(leitura, len(linhas),
                   "max_pacotes=None mostra todos; tabela_de_pacotes lista cada um")
    alturas, pausas = _alturas([linha.pacote.tempo for linha in linhas])
    fim = (alturas[-1] if linhas else 1.0) + 0.9 + 0.5 * len(frases)
    margem = MARGEM_DE_CIMA - (0 if leitura.protocolo == "TCP" else NOTA_DO_TCP)
    polegadas = margem + ALTURA_POR_LINHA * (fim + 0.6)
    figura = Figura(figsize=(LARGURA, polegadas))
    figura.subplots_adjust(left=0.02, right=0.98, bottom=0.0, top=1 - margem / polegadas)
    eixos = figura.add_subplot()
    eixos.set_xlim(0, 1)
    eixos.set_ylim(fim, -0.6)  # o tempo corre para baixo
    eixos.axis("off")
    cabecalhos = {"cliente": descrever_ponta("Cliente", leitura.cliente),
                  "servidor": descrever_ponta("Servidor", leitura.servidor)}
    _desenhar_linhas_da_vida(eixos, cabecalhos, fim, pausas)
    figura.suptitle(titulo or _titulo(leitura.protocolo), fontsize=12,
                    y=1 - 0.25 / polegadas)
    if not linhas:
        eixos.text(0.5, 0.4, "Nenhum pacote desta conversa na lista.", ha="center",
                   va="center", fontsize=11, color="#666666")
        return figura
    _legenda(figura, linhas, 1 - 0.62 / polegadas)
    if leitura.protocolo == "TCP":
        figura.text(0.5, 1 - 0.9 / polegadas, "seq e ack relativos, como no Wireshark: cada "
                    "lado conta a partir do seu SYN (seq=0); os dados começam no byte 1",
                    ha="center", va="center", fontsize=8, color="#666666", style="italic")
    eixos.text(0.0, 1.01, "tempo", transform=eixos.get_xaxis_transform(), va="bottom",
               fontsize=8, color="#888888")
    for pausa in pausas:
        _desenhar_pausa(eixos, pausa, 1.0)
    anterior = None
    for altura, linha in zip(alturas, linhas):
        _desenhar_pacote(eixos, linha, altura)
        hora = _ms(linha.pacote.tempo * 1000)
        if hora != anterior:
            eixos.text(0.0, altura + 0.1, hora, fontsize=7, color="#888888", va="center")
        anterior = hora
    for indice, nota in enumerate(frases):
        eixos.text(0.5, alturas[-1] + 1.0 + 0.5 * indice, nota, ha="center", va="center",
                   fontsize=8.5, color="#495057", style="italic")
    return figura


def tipo_da_seta(pacote):
    """``"dados"``, ``"controle"``, ``"so_ack"`` ou ``"icmp"``: define o traço da seta."""
    if pacote.protocolo == "ICMP":
        return "icmp"
    if pacote.so_ack:
        return "so_ack"
    if pacote.dados or pacote.protocolo == "UDP":
        return "dados"
    return "controle"


def rotulo_da_seta(linha):
    """O texto em cima da seta: ``"[PSH, ACK] seq=1 ack=1 len=16"``, ``"UDP len=3"``..."""
    pacote = linha.pacote
    if pacote.protocolo == "ICMP":
        return tipo_do_pacote(pacote)
    return f"{tipo_do_pacote(pacote)} {numeros_da_linha(linha)}"


def _titulo(protocolo):
    if protocolo == "TCP":
        return "TCP: os segmentos que atravessaram a rede (capturados)"
    if protocolo == "UDP":
        return "UDP: os datagramas que atravessaram a rede (capturados)"
    return "Os pacotes que atravessaram a rede (capturados)"


def _cor(linha, tipo):
    if tipo == "dados":
        return COR[("dados", linha.lado)]
    if tipo == "controle" and "RST" in linha.pacote.flags:
        return COR["rst"]
    return COR[tipo]


def _legenda(figura, linhas, y):
    """Uma amostra de cada traço (e de cada cor de dados) que aparece na figura, com o que quer dizer.

    As setas com dados têm a cor de quem enviou: uma amostra para os dados do
    cliente (azul) e outra para os do servidor (verde).
    """
    vistos = {(tipo_da_seta(l.pacote), l.lado if tipo_da_seta(l.pacote) == "dados" else None)
              for l in linhas}
    chaves = [("dados", lado) for lado in ("cliente", "servidor") if ("dados", lado) in vistos]
    chaves += [(tipo, None) for tipo in ESTILO if tipo != "dados" and (tipo, None) in vistos]
    amostras = [Line2D([], [], color=COR[("dados", lado)] if lado else COR[tipo],
                       linestyle=ESTILO[tipo]["linestyle"], linewidth=ESTILO[tipo]["linewidth"])
                for tipo, lado in chaves]
    textos = [LEGENDA_DOS_DADOS[lado] if lado else LEGENDA[tipo] for tipo, lado in chaves]
    figura.legend(amostras, textos, loc="center", bbox_to_anchor=(0.5, y), ncol=len(chaves),
                  frameon=False, fontsize=8.5, handlelength=3.2)


def _desenhar_pacote(eixos, linha, altura):
    """A seta de um pacote, o rótulo em cima e, embaixo, a carga ou o que ele faz."""
    tipo = tipo_da_seta(linha.pacote)
    estilo, cor = ESTILO[tipo], _cor(linha, tipo)
    outro = "servidor" if linha.lado == "cliente" else "cliente"
    x0, x1 = POSICAO[linha.lado], POSICAO[outro]
    y0, y1 = altura, altura + INCLINACAO
    eixos.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=dict(
        arrowstyle=estilo["arrowstyle"], color=cor, linewidth=estilo["linewidth"],
        linestyle=estilo["linestyle"], shrinkA=0, shrinkB=0))
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    eixos.text(xm, ym - 0.08, rotulo_da_seta(linha), ha="center", va="bottom", color=cor,
               fontsize=9, fontweight="bold" if tipo in ("controle", "icmp") else "normal")
    detalhe = _detalhe(linha.pacote, tipo)
    if detalhe:
        eixos.text(xm, ym + 0.1, detalhe, ha="center", va="top", fontsize=8,
                   color=cor if tipo == "dados" else "#666666",
                   style="normal" if tipo == "dados" else "italic", fontfamily=FONTE_SIMBOLOS)


def _detalhe(pacote, tipo):
    """O texto embaixo da seta: a carga, "só confirma" ou o datagrama que provocou o ICMP."""
    if tipo == "so_ack":
        return SO_CONFIRMA
    if tipo == "icmp":
        if pacote.citado and pacote.citado[1][1] is not None:
            return f"sobre o datagrama enviado à porta {pacote.citado[1][1]}"
        return ""
    return previa_da_carga(pacote.dados, limite=40)
