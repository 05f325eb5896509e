"""As figuras do curso: o diagrama de sequência e o gráfico dos tempos.

Duas figuras que dizem mais que uma tabela de números:

- :func:`diagrama_de_sequencia` desenha a conversa entre um cliente e um
  servidor a partir dos registros dos dois (``cliente.registro`` e
  ``servidor.registro``): uma linha vertical para cada lado, o tempo correndo
  para baixo e uma seta para cada coisa que atravessou a rede. No TCP aparecem
  a conexão (o aperto de mão de três vias: SYN, SYN-ACK, ACK) e o fim dela
  (FIN); no UDP, só os datagramas, e os que se perderam param no meio do
  caminho com um ✗.
- :func:`grafico_latencias` mostra os tempos de ida e volta medidos com
  :func:`ecolab.medir_rtt`: como eles se distribuem, onde fica a mediana e
  quanto levou cada mensagem.

As duas devolvem uma figura do matplotlib (``matplotlib.figure.Figure``) de
tamanho fixo, sem usar ``pyplot``: no Jupyter, a figura aparece quando é o
valor da célula (uma vez só), e ``figura.savefig("arquivo.png")`` a guarda
num arquivo.
"""

import io
import math
import statistics
from typing import NamedTuple

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from .erros import _endereco_legivel
from .medidas import formatar_ms, quantas, separar_perdidas

TAMANHO_DIAGRAMA = (9, 6.5)  # polegadas, sempre o mesmo, com poucos ou muitos eventos
TAMANHO_LATENCIAS = (11, 4.2)
TAMANHO_SO_HISTOGRAMA = (6.5, 4.2)

POSICAO = {"cliente": 0.22, "rede": 0.52, "servidor": 0.82}  # x das linhas da vida (rede no meio)
INCLINACAO = 0.35  # quanto uma seta desce: a mensagem leva tempo para atravessar
FOLGA = 1.0  # segundos: o servidor pode anotar a chegada antes de o cliente anotar o envio
LIMITE_ROTULO = 44  # caracteres; textos maiores são encurtados com "…"
LINHAS_MINIMAS = 10  # com poucos passos, as setas ficam no alto, com o espaçamento de sempre
JUNTOS = 0.1  # segundos: cliente e servidor fechando "ao mesmo tempo" é um fechamento só

COR = {
    "mensagem": "#1f5fa8",
    "resposta": "#2b8a3e",
    "controle": "#666666",
    "perdida": "#c92a2a",
}
COR_PROTOCOLO = {"TCP": "#1f5fa8", "UDP": "#e8590c"}
OUTRAS_CORES = ("#7048e8", "#2b8a3e", "#c2255c", "#0c8599")
FONTE_SIMBOLOS = "DejaVu Sans"  # vem com o matplotlib e tem o ✗


class Figura(Figure):
    """Uma ``Figure`` do matplotlib que o Jupyter sabe mostrar sozinha.

    Sem ``pyplot``, o Jupyter mostraria só o texto ``<Figure size …>``;
    ``_repr_png_`` entrega a imagem. Fora isso, é uma ``Figure`` comum.
    """

    def _repr_png_(self):
        imagem = io.BytesIO()
        self.savefig(imagem, format="png", dpi=100, bbox_inches="tight")
        return imagem.getvalue()


# ----- diagrama de sequência --------------------------------------------


class Passo(NamedTuple):
    """Uma linha do diagrama: uma seta entre os dois lados, ou uma nota."""

    momento: float
    lado: str  # de onde sai a seta ("cliente"/"servidor"), ou onde fica a nota
    tipo: str  # "controle", "mensagem", "resposta" ou "nota"
    rotulo: str
    perdida: bool = False
    detalhe: str = ""  # texto pequeno embaixo da seta


def diagrama_de_sequencia(cliente, servidor=None, rede=None, *, max_mensagens=5,
                          detalhar_tcp=False, protocolo=None, titulo=None):
    """Desenha a conversa entre ``cliente`` e ``servidor`` e devolve a figura.

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

    As setas seguem a ordem do registro do cliente; cada uma é ligada ao evento
    correspondente do servidor pelo texto e pela ordem no tempo.
    """
    if max_mensagens is not None and (not isinstance(max_mensagens, int) or max_mensagens < 1):
        raise ValueError(
            "max_mensagens precisa ser um inteiro maior que zero (ou None), "
            f"não {max_mensagens!r}."
        )
    eventos = _eventos(cliente, "cliente")
    protocolo = protocolo or _protocolo(cliente, servidor, eventos)
    do_servidor = _outro_lado(servidor, "servidor")
    da_rede = None if rede is None else _Rede(rede)
    passos = _conversa(eventos, do_servidor, da_rede, detalhar_tcp)
    passos = _limitar(passos, max_mensagens)
    figura = Figura(figsize=TAMANHO_DIAGRAMA)
    eixos = figura.add_subplot()
    cabecalhos = _cabecalhos(cliente, servidor, rede, do_servidor)
    _desenhar_diagrama(eixos, passos, cabecalhos)
    figura.suptitle(titulo or _titulo_diagrama(protocolo), fontsize=12, y=0.985)
    figura.subplots_adjust(left=0.02, right=0.98, top=0.86, bottom=0.02)
    return figura


def _eventos(objeto, papel):
    """A lista de eventos de um objeto do ecolab, de um Registro ou de uma lista."""
    registro = getattr(objeto, "registro", objeto)
    if hasattr(registro, "eventos"):
        return registro.eventos()
    if isinstance(registro, (list, tuple)):
        return list(registro)
    raise TypeError(
        f"Não sei ler os eventos do {papel}: passe o objeto do ecolab (com "
        f".registro) ou o próprio registro, não {type(objeto).__name__}."
    )


def _outro_lado(objeto, papel):
    """Os eventos do servidor; um registro vazio (ou limpo) é como não ter o servidor."""
    eventos = [] if objeto is None else _eventos(objeto, papel)
    return _EventosDoOutroLado(eventos) if eventos else None


class _Rede:
    """Os eventos de um intermediário (como a RedeInstavel), separados por sentido.

    A RedeInstavel anota cada evento com o texto do datagrama e o endereço de
    onde ele veio: o servidor (``rede.destino``) na volta, o cliente na ida.
    Sem ``destino``, os dois sentidos ficam juntos.
    """

    def __init__(self, rede):
        eventos = _eventos(rede, "rede")
        destino = getattr(rede, "destino", None)
        if destino is None:
            self.ida = self.volta = _EventosDoOutroLado(eventos)
        else:
            destino = tuple(destino)
            self.ida = _EventosDoOutroLado([e for e in eventos if e.endereco != destino])
            self.volta = _EventosDoOutroLado([e for e in eventos if e.endereco == destino])


def _protocolo(cliente, servidor, eventos):
    for objeto in (cliente, servidor):
        if getattr(objeto, "protocolo", None) in ("TCP", "UDP"):
            return objeto.protocolo
    return "TCP" if any(evento.tipo == "conectou" for evento in eventos) else "UDP"


class _EventosDoOutroLado:
    """Os eventos do servidor (ou da rede), para achar o par de cada evento do cliente.

    Cada evento só pode ser usado uma vez: assim a segunda mensagem "oi" é
    ligada à segunda chegada de "oi", e não de novo à primeira.
    """

    def __init__(self, eventos):
        self.eventos = eventos
        self.usados = set()
        self._por_tipo = {}  # tipo -> posições dos eventos desse tipo, em ordem
        for indice, evento in enumerate(eventos):
            self._por_tipo.setdefault(evento.tipo, []).append(indice)
        self._primeiro_livre = dict.fromkeys(self._por_tipo, 0)

    def procurar(self, tipo, desde, texto=None, endereco=None):
        """O primeiro evento ainda não usado desse tipo a partir de ``desde``."""
        indices = self._por_tipo.get(tipo, [])
        # Os eventos costumam ser usados em ordem: pular os já usados do começo
        # evita reler a lista inteira a cada mensagem de uma conversa longa.
        inicio = self._primeiro_livre.get(tipo, 0)
        while inicio < len(indices) and indices[inicio] in self.usados:
            inicio += 1
        self._primeiro_livre[tipo] = inicio
        for posicao in range(inicio, len(indices)):
            indice = indices[posicao]
            evento = self.eventos[indice]
            if (
                indice not in self.usados
                and evento.momento >= desde
                and texto in (None, evento.texto)
                and endereco in (None, evento.endereco)
            ):
                self.usados.add(indice)
                return evento
        return None

    def sobras(self, tipos, enderecos):
        """Os eventos não usados desses tipos, vindos desses endereços."""
        return [
            evento
            for indice, evento in enumerate(self.eventos)
            if indice not in self.usados and evento.tipo in tipos and evento.endereco in enderecos
        ]


def _conversa(eventos, do_servidor, da_rede, detalhar_tcp):
    """Transforma os registros numa lista de :class:`Passo`, em ordem de tempo."""
    passos = []
    enderecos = []  # endereços do cliente vistos pelo servidor (um por conexão TCP)
    fechadas = {}  # endereço -> momento em que o cliente fechou essa conexão
    inicio_da_conexao = 0
    chegada = None  # o evento "recebeu" do servidor para a última mensagem enviada
    ida_perdida = False
    desde = eventos[0].momento - FOLGA if eventos else 0.0
    for evento in eventos:
        momento, tipo, texto = evento.momento, evento.tipo, evento.texto
        if tipo == "conectou":
            passos += _abrir_conexao(momento, detalhar_tcp)
            inicio_da_conexao = len(enderecos)
        elif tipo == "enviou":
            chegada, ida_perdida = _ida(evento, desde, do_servidor, da_rede, enderecos)
            passos += _com_efeitos_da_rede(
                Passo(momento, "cliente", "mensagem", texto, ida_perdida), da_rede, desde
            )
        elif tipo == "recebeu":
            passos += _volta(evento, chegada, do_servidor, da_rede, desde)
        elif tipo == "sem resposta":
            if do_servidor is None and da_rede is None:
                _marcar_ultima_ida_como_perdida(passos)
            elif not ida_perdida:
                passos.append(_volta_perdida(momento, chegada, do_servidor, da_rede, desde))
            nota = _nota_sem_resposta(do_servidor, da_rede)
            passos.append(Passo(momento, "cliente", "nota", nota))
        elif tipo == "erro":
            passos.append(Passo(momento, "cliente", "nota", f"erro: {texto}"))
        elif tipo == "fechou":
            passos += _fechar_conexao(momento, "cliente", detalhar_tcp)
            if len(enderecos) > inicio_da_conexao:
                fechadas[enderecos[-1]] = momento
        desde = momento
    if do_servidor is not None:
        passos += _passos_so_do_servidor(do_servidor, enderecos, fechadas, detalhar_tcp)
    return sorted(passos, key=lambda passo: passo.momento)


def _ida(evento, desde, do_servidor, da_rede, enderecos):
    """Acha a chegada da mensagem ao servidor e decide se ela se perdeu."""
    if da_rede is not None and da_rede.ida.procurar("perdeu", desde, evento.texto):
        return None, True
    if do_servidor is None:
        return None, False  # sem o servidor, só "sem resposta" dirá algo
    endereco = enderecos[-1] if enderecos else None
    chegada = do_servidor.procurar("recebeu", desde, evento.texto, endereco)
    if chegada is None and endereco is not None:  # o cliente pode ter trocado de porta
        chegada = do_servidor.procurar("recebeu", desde, evento.texto)
    if chegada is not None and chegada.endereco not in enderecos:
        enderecos.append(chegada.endereco)
    return chegada, chegada is None


def _volta(evento, chegada, do_servidor, da_rede, desde):
    """A resposta que chegou ao cliente; no UDP, pode ser a de outra mensagem."""
    passo = Passo(evento.momento, "servidor", "resposta", evento.texto)
    resposta = _resposta_do_servidor(chegada, do_servidor)
    if resposta is not None and resposta.texto != evento.texto:
        passo = passo._replace(detalhe="não é a resposta desta mensagem (atrasada ou repetida)")
    return _com_efeitos_da_rede(passo, da_rede, desde)


def _marcar_ultima_ida_como_perdida(passos):
    """Sem os outros registros, a mensagem sem resposta é desenhada como perdida."""
    for indice in range(len(passos) - 1, -1, -1):
        if passos[indice].tipo == "mensagem":
            passos[indice] = passos[indice]._replace(perdida=True)
            return


def _resposta_do_servidor(chegada, do_servidor):
    """Marca como usada a resposta que o servidor deu a ``chegada``."""
    if chegada is not None and do_servidor is not None:
        return do_servidor.procurar("respondeu", chegada.momento, endereco=chegada.endereco)
    return None


def _volta_perdida(momento, chegada, do_servidor, da_rede, desde):
    """A resposta que saiu do servidor e não chegou ao cliente."""
    resposta = _resposta_do_servidor(chegada, do_servidor)
    detalhe = ""
    if da_rede is not None:
        texto = resposta.texto if resposta is not None else None
        perdeu = da_rede.volta.procurar("perdeu", desde, texto)
        atrasou = da_rede.volta.procurar("atrasou", desde, texto)
        resposta = resposta or perdeu or atrasou  # sem o servidor, a rede diz o texto
        if atrasou and not perdeu:
            detalhe = "atrasada pela rede: chegou depois do tempo esgotado"
    texto = resposta.texto if resposta is not None else "resposta"
    return Passo(momento, "servidor", "resposta", texto, perdida=True, detalhe=detalhe)


def _nota_sem_resposta(do_servidor, da_rede):
    if do_servidor is None and da_rede is None:
        return "sem resposta: tempo esgotado\n(a ida ou a volta se perdeu)"
    return "sem resposta: tempo esgotado"


def _com_efeitos_da_rede(passo, da_rede, desde):
    """Acrescenta ao passo o que a rede instável fez com ele (atraso, ordem, cópia)."""
    if da_rede is None or passo.perdida:
        return [passo]
    ida = passo.lado == "cliente"
    sentido = da_rede.ida if ida else da_rede.volta
    efeitos = [passo.detalhe] if passo.detalhe else []
    efeitos += [
        nome
        for tipo, nome in (("atrasou", "atrasado pela rede"), ("reordenou", "fora de ordem"))
        if sentido.procurar(tipo, desde, passo.rotulo)
    ]
    duplicou = sentido.procurar("duplicou", desde, passo.rotulo)
    if duplicou and not ida:  # a cópia chega depois, como resposta de outra mensagem
        efeitos.append("duplicada pela rede")
    passo = passo._replace(detalhe=", ".join(efeitos))
    if duplicou and ida:  # o servidor recebe duas vezes (e responde duas vezes)
        return [passo, passo._replace(detalhe="cópia feita pela rede")]
    return [passo]


def _abrir_conexao(momento, detalhar_tcp):
    if not detalhar_tcp:
        return [Passo(momento, "cliente", "controle", "conexão",
                      detalhe="aperto de mão em 3 vias: SYN, SYN-ACK, ACK")]
    return [
        Passo(momento, "cliente", "controle", "SYN", detalhe="conexão: 1) pedido"),
        Passo(momento, "servidor", "controle", "SYN-ACK", detalhe="2) aceite"),
        Passo(momento, "cliente", "controle", "ACK", detalhe="3) conexão aberta"),
    ]


def _fechar_conexao(momento, quem_fecha, detalhar_tcp, motivo="fim da conexão"):
    outro = "servidor" if quem_fecha == "cliente" else "cliente"
    if not detalhar_tcp:
        return [Passo(momento, quem_fecha, "controle", "FIN", detalhe=motivo)]
    return [
        Passo(momento, quem_fecha, "controle", "FIN", detalhe=motivo),
        Passo(momento, outro, "controle", "ACK"),
        Passo(momento, outro, "controle", "FIN"),
        Passo(momento, quem_fecha, "controle", "ACK", detalhe="conexão fechada"),
    ]


def _passos_so_do_servidor(do_servidor, enderecos, fechadas, detalhar_tcp):
    """O que só o servidor viu: ele fechou a conexão, recusou ou teve um erro.

    Quando o cliente fecha primeiro, o servidor também fecha o seu lado logo
    depois; esse FIN já está no fechamento desenhado para o cliente.
    """
    passos = []
    for evento in do_servidor.sobras(("desconectou", "recusou", "erro"), enderecos):
        if evento.tipo == "desconectou":
            fechou = fechadas.get(evento.endereco)
            if fechou is None or fechou > evento.momento + JUNTOS:
                passos += _fechar_conexao(evento.momento, "servidor", detalhar_tcp, evento.texto)
        else:
            nota = f"{evento.tipo}: {evento.texto}"
            passos.append(Passo(evento.momento, "servidor", "nota", nota))
    return passos


def _limitar(passos, max_mensagens):
    """Corta depois da mensagem número ``max_mensagens`` e avisa quantas ficaram de fora."""
    inicios = [i for i, passo in enumerate(passos) if _e_mensagem(passo)]
    if max_mensagens is None or len(inicios) <= max_mensagens:
        return passos
    corte = inicios[max_mensagens]
    escondidas = len(inicios) - max_mensagens
    aviso = Passo(passos[corte].momento, "centro", "nota",
                  f"⋯ mais {escondidas} mensagens não mostradas (max_mensagens={max_mensagens})")
    resto = passos[corte:]
    ultima = max(i for i, passo in enumerate(resto) if passo.tipo in ("mensagem", "resposta"))
    finais = [passo for passo in resto[ultima + 1:] if passo.tipo == "controle"]
    return passos[:corte] + [aviso] + finais


def _e_mensagem(passo):
    return passo.tipo == "mensagem" and not passo.detalhe.startswith("cópia")


def _cabecalhos(cliente, servidor, rede, do_servidor):
    """Os nomes no alto de cada linha da vida, com os endereços conhecidos."""
    endereco_cliente = None  # com uma rede no meio, o servidor vê o endereço da rede
    if do_servidor is not None and rede is None:
        chegadas = [do_servidor.eventos[i] for i in sorted(do_servidor.usados)]
        endereco_cliente = next((e.endereco for e in chegadas if e.tipo == "recebeu"), None)
    endereco_servidor = getattr(servidor, "endereco", None)
    if endereco_servidor is None and do_servidor is not None:
        inicios = [e.endereco for e in do_servidor.eventos if e.tipo == "iniciou"]
        endereco_servidor = inicios[-1] if inicios else None
    if endereco_servidor is None and rede is None:
        endereco_servidor = getattr(cliente, "endereco", None)
    cabecalhos = {
        "cliente": _nome_com_endereco("Cliente", endereco_cliente),
        "servidor": _nome_com_endereco("Servidor", endereco_servidor),
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
    linhas = max(len(passos), LINHAS_MINIMAS)
    escala = min(1.0, 14 / linhas)  # muitas linhas: letras menores
    eixos.set_xlim(0, 1)
    eixos.set_ylim(linhas + 0.1, -0.6)  # o tempo corre para baixo
    eixos.axis("off")
    _desenhar_linhas_da_vida(eixos, cabecalhos, linhas)
    if not passos:
        eixos.text(0.5, 0.5, "Nenhum evento no registro do cliente:\n"
                   "envie uma mensagem e desenhe de novo.", ha="center", va="center",
                   fontsize=11, color=COR["controle"])
        return
    inicio = passos[0].momento
    eixos.text(0.0, 1.01, "tempo", transform=eixos.get_xaxis_transform(), va="bottom",
               fontsize=8, color="#888888")
    anterior = None
    for linha, passo in enumerate(passos):
        if passo.tipo == "nota":
            _desenhar_nota(eixos, passo, linha, escala)
        else:
            _desenhar_seta(eixos, passo, linha, escala)
        # Segmentos anotados juntos (o aperto de mão) mostram a hora só uma vez.
        if passo.lado != "centro" and passo.momento != anterior:
            eixos.text(0.0, linha + 0.1, formatar_ms((passo.momento - inicio) * 1000),
                       fontsize=7 * escala, color="#888888", va="center")
        anterior = passo.momento


def _desenhar_linhas_da_vida(eixos, cabecalhos, linhas):
    """Uma linha vertical por participante, com o nome numa caixa logo acima."""
    for lado, nome in cabecalhos.items():
        x = POSICAO[lado]
        estilo = ":" if lado == "rede" else "--"
        eixos.plot([x, x], [-0.6, linhas], color="#999999", linestyle=estilo, linewidth=1)
        eixos.text(x, 1.01, nome, transform=eixos.get_xaxis_transform(), ha="center",
                   va="bottom", fontsize=10,
                   fontweight="bold" if lado != "rede" else "normal",
                   bbox=dict(boxstyle="round,pad=0.4", facecolor="#f1f3f5", edgecolor="#868e96"))


def _desenhar_seta(eixos, passo, linha, escala):
    destino = "servidor" if passo.lado == "cliente" else "cliente"
    x0, x1 = POSICAO[passo.lado], POSICAO[destino]
    y0, y1 = linha, linha + INCLINACAO
    if passo.perdida:  # para no meio do caminho, onde fica a rede
        x1, y1 = POSICAO["rede"], (y0 + y1) / 2
    cor = COR["perdida"] if passo.perdida else COR[passo.tipo]
    eixos.annotate(
        "", xy=(x1, y1), xytext=(x0, y0),
        arrowprops=dict(arrowstyle="-" if passo.perdida else "-|>", color=cor,
                        linewidth=1.6, linestyle="--" if passo.perdida else "-",
                        shrinkA=0, shrinkB=0),
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
        eixos.text(x1, y1 + 0.22, "perdido", ha="center", va="top", color=cor,
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
    só; por isso o eixo vai só até pouco depois de 98 % das medidas.
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
                      label=f"{serie.nome}: mediana {formatar_ms(mediana)}")
    if fora:  # uma linha da legenda sem desenho, só com o aviso
        eixos.plot([], [], linestyle="none",
                   label=f"fora do gráfico: {quantas(fora, 'medida')}\n"
                   f"acima de {formatar_ms(limite)}")
    eixos.set_xlim(inicio, limite)
    eixos.set_xlabel("tempo de ida e volta (ms)")
    eixos.set_ylabel("quantidade de mensagens")
    eixos.set_title("Como os tempos se distribuem", fontsize=10)
    eixos.xaxis.set_major_formatter(FuncFormatter(_virgula))
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
    eixos.yaxis.set_major_formatter(FuncFormatter(_virgula))
    eixos.legend(fontsize=8, loc="best")


def _espalhados_demais(series):
    """Se a mais lenta levou mais de 20 vezes a mediana, a escala linear esconderia o resto.

    Na escala logarítmica, cada marca do eixo vale 10 vezes a anterior: os
    tempos típicos e os raros, muito maiores, cabem no mesmo gráfico.
    """
    todos = [valor for serie in series for valor in serie.milis]
    return bool(todos) and max(todos) > 20 * statistics.median(todos)


def _virgula(valor, _posicao):
    """Marcas dos eixos com vírgula decimal: 0,05 em vez de 0.05."""
    return f"{valor:g}".replace(".", ",")
