"""A conversa entre um cliente e um servidor, remontada a partir dos registros.

Cada lado anota só o que viu no seu próprio :class:`~ecolab.Registro`: o
cliente sabe o que enviou e o que recebeu; o servidor, o que chegou até ele e o
que respondeu; a :class:`~ecolab.RedeInstavel`, o que ela perdeu, duplicou,
atrasou ou reordenou no caminho. Nenhum deles sozinho conta a história toda.
Este módulo junta os registros numa lista de :class:`Passo`, em ordem de tempo:

1. o registro do **cliente** é o fio da meada: cada evento dele vira um passo
   (a conexão, cada mensagem, cada resposta, cada "sem resposta", o FIN);
2. cada mensagem é ligada à chegada correspondente no **servidor** pelo texto
   e pela ordem no tempo; se ela nunca chegou, foi a ida que se perdeu; se
   chegou e a resposta não voltou, foi a volta;
3. o registro da **rede**, se houver, diz o que aconteceu no caminho;
4. o que só o servidor viu (ele fechou a conexão, recusou, teve um erro)
   entra no fim, na hora em que aconteceu.

Quando uma mensagem não chegou, o passo diz o que os registros permitem saber
(``desfecho``): ``"perdido"`` quando a rede (ou o servidor) mostra que ela não
chegou; "tarde demais" quando a rede a atrasou e ela chegou depois de o cliente
desistir; "descartado no destino (porta fechada)" quando o servidor já estava
parado (o computador de destino a recebeu e a descartou, respondendo com um
ICMP "porta inalcançável": ela não se perdeu na rede); "sem resposta" quando só
há o registro do cliente, que não tem como saber o que houve.

As setas da conexão TCP (SYN, SYN-ACK, ACK, FIN) são **esquemáticas**
(``esquematico=True``): os registros só dizem quando o cliente se conectou e
fechou; os segmentos em si não foram capturados, só desenhados para explicar.

Para quem chama:
  - :func:`passos_da_conversa`: a lista de :class:`Passo`, boa para imprimir a
    conversa como texto::

        for passo in passos_da_conversa(cliente, servidor):
            print(f"{passo.lado:>8}  {passo.tipo:<9} {passo.rotulo}")

  - :func:`reconstruir_conversa`: os mesmos passos numa :class:`Conversa`,
    junto com o protocolo e os endereços dos dois lados.

O desenho fica em :mod:`ecolab.figuras` (:func:`~ecolab.diagrama_de_sequencia`
transforma cada passo numa seta ou numa nota). Aqui não se desenha nada, e o
matplotlib não é carregado.
"""

from typing import NamedTuple, Optional, Tuple

from .medidas import quantas

PERDIDO = "perdido"  # a rede (ou o registro do servidor) mostra que não chegou
DESCARTADO_NO_DESTINO = "descartado no destino\n(porta fechada)"
ATRASADA = "tarde demais"  # a rede a entregou depois de o cliente desistir
SEM_RESPOSTA = "sem resposta"  # só o registro do cliente: não dá para saber o que houve
FOLGA = 1.0  # segundos: o servidor pode anotar a chegada antes de o cliente anotar o envio
JUNTOS = 0.1  # segundos: cliente e servidor fechando "ao mesmo tempo" é um fechamento só


class Passo(NamedTuple):
    """Um momento da conversa: algo que atravessou a rede, ou uma nota.

    No diagrama de sequência, cada passo é uma linha: uma seta entre os dois
    lados ou uma nota ao lado de um deles.
    """

    momento: float  # segundos desde 1970, como em Evento.momento
    lado: str  # de onde sai a seta ("cliente"/"servidor"), ou onde fica a nota (ou "centro")
    tipo: str  # "controle", "mensagem", "resposta" ou "nota"
    rotulo: str
    perdida: bool = False
    detalhe: str = ""  # texto pequeno embaixo da seta
    desfecho: str = ""  # se não chegou: "perdido" (na rede), "descartado no destino…"
    esquematico: bool = False  # desenhado para explicar, não visto nos registros: sem hora


class Conversa(NamedTuple):
    """A conversa remontada: os passos e quem conversou."""

    passos: list  # de Passo, em ordem de tempo
    protocolo: str  # "TCP" ou "UDP"
    endereco_cliente: Optional[Tuple[str, int]]  # como o servidor o viu (None: não se sabe)
    endereco_servidor: Optional[Tuple[str, int]]


def passos_da_conversa(cliente, servidor=None, rede=None, *, max_mensagens=5,
                       detalhar_tcp=False):
    """Remonta a conversa entre ``cliente`` e ``servidor`` e devolve a lista de :class:`Passo`.

    - ``cliente``, ``servidor``: os objetos do ecolab (qualquer coisa com
      ``.registro``), os próprios :class:`~ecolab.Registro` ou listas de
      :class:`~ecolab.Evento`. O servidor é opcional, mas sem ele não dá para
      saber se foi a ida ou a volta que se perdeu;
    - ``rede``: opcional, um intermediário como a :class:`~ecolab.RedeInstavel`,
      cujo registro tem eventos ``"perdeu"``, ``"duplicou"``, ``"atrasou"`` e
      ``"reordenou"``, cada um com o texto do datagrama afetado;
    - ``max_mensagens``: só as primeiras mensagens entram, seguidas de uma nota
      dizendo quantas ficaram de fora e do fim da conexão (``None``: todas);
    - ``detalhar_tcp=True``: cada segmento do aperto de mão (SYN, SYN-ACK,
      ACK) e do fim da conexão (FIN, ACK) vira um passo.
    """
    return reconstruir_conversa(cliente, servidor, rede, max_mensagens=max_mensagens,
                                detalhar_tcp=detalhar_tcp).passos


def reconstruir_conversa(cliente, servidor=None, rede=None, *, max_mensagens=5,
                         detalhar_tcp=False):
    """Como :func:`passos_da_conversa`, mas devolve uma :class:`Conversa`.

    Além dos passos, diz o protocolo (o do cliente, ou ``"TCP"`` se houve
    conexão) e os endereços dos dois lados, quando os registros os mostram.
    """
    if max_mensagens is not None and (not isinstance(max_mensagens, int) or max_mensagens < 1):
        raise ValueError(
            "max_mensagens precisa ser um inteiro maior que zero (ou None), "
            f"não {max_mensagens!r}."
        )
    eventos = _eventos(cliente, "cliente")
    do_servidor = _outro_lado(servidor, "servidor")
    da_rede = None if rede is None else _Rede(rede)
    passos = _conversa(eventos, do_servidor, da_rede, detalhar_tcp)
    return Conversa(
        passos=_limitar(passos, max_mensagens),
        protocolo=_protocolo(cliente, servidor, eventos),
        endereco_cliente=_endereco_do_cliente(do_servidor, rede),
        endereco_servidor=_endereco_do_servidor(cliente, servidor, rede, do_servidor),
    )


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
            chegada, desfecho = _ida(evento, desde, do_servidor, da_rede, enderecos)
            ida_perdida = bool(desfecho)
            passo = Passo(momento, "cliente", "mensagem", texto, ida_perdida, desfecho=desfecho)
            passos += _com_efeitos_da_rede(passo, da_rede, desde)
        elif tipo == "recebeu":
            passos += _volta(evento, chegada, do_servidor, da_rede, desde)
        elif tipo == "sem resposta":
            if do_servidor is None and da_rede is None:
                _marcar_ultima_ida_como_perdida(passos)
            elif not ida_perdida:
                passos.append(_volta_perdida(momento, chegada, do_servidor, da_rede, desde))
            nota = _nota_sem_resposta(do_servidor, da_rede)
            passos.append(Passo(momento, "cliente", "nota", nota))
        elif tipo == "descartou":
            passos.append(Passo(momento, "cliente", "nota",
                                f"resposta velha descartada: “{texto}”"))
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
    """Acha a chegada da mensagem ao servidor e decide se ela se perdeu.

    Com uma rede no meio, quem sabe é ela: se o registro da rede diz que
    entregou a mensagem, ela não se perdeu, ache-se ou não a chegada no servidor.
    """
    entregue = None
    if da_rede is not None:
        if da_rede.ida.procurar("perdeu", desde, evento.texto):
            return None, PERDIDO
        entregue = da_rede.ida.procurar("entregou", desde, evento.texto)
    if do_servidor is None:
        return None, ""  # sem o servidor, só "sem resposta" dirá algo
    endereco = enderecos[-1] if enderecos else None
    chegada = do_servidor.procurar("recebeu", desde, evento.texto, endereco)
    if chegada is None and endereco is not None:  # o cliente pode ter trocado de porta
        chegada = do_servidor.procurar("recebeu", desde, evento.texto)
    if chegada is not None and chegada.endereco not in enderecos:
        enderecos.append(chegada.endereco)
    if chegada is not None or entregue is not None:
        return chegada, ""
    if _servidor_parado(do_servidor, evento.momento):
        return None, DESCARTADO_NO_DESTINO
    return None, PERDIDO


def _servidor_parado(do_servidor, momento):
    """Se o registro do servidor diz que ele já estava parado em ``momento``.

    O datagrama chegou ao computador de destino, mas nenhum programa escutava a
    porta: o sistema o descartou (e respondeu com um ICMP "porta inalcançável").
    Ele não se perdeu na rede.
    """
    estado = None
    for evento in do_servidor.eventos:
        if evento.momento > momento:
            break
        if evento.tipo in ("iniciou", "parou"):
            estado = evento.tipo
    return estado == "parou"


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
            passos[indice] = passos[indice]._replace(perdida=True, desfecho=SEM_RESPOSTA)
            return


def _resposta_do_servidor(chegada, do_servidor):
    """Marca como usada a resposta que o servidor deu a ``chegada``."""
    if chegada is not None and do_servidor is not None:
        return do_servidor.procurar("respondeu", chegada.momento, endereco=chegada.endereco)
    return None


def _volta_perdida(momento, chegada, do_servidor, da_rede, desde):
    """A resposta que saiu do servidor e não chegou ao cliente.

    Ela fica na hora em que saiu (pelo registro do servidor ou da rede), e não
    na hora em que o cliente desistiu de esperar, ``momento``: entre as duas
    passou o tempo limite inteiro. Sem nenhum dos dois registros, só resta ``momento``.
    """
    resposta = _resposta_do_servidor(chegada, do_servidor)
    detalhe, desfecho = "", PERDIDO
    if da_rede is not None:
        texto = resposta.texto if resposta is not None else None
        perdeu = da_rede.volta.procurar("perdeu", desde, texto)
        atrasou = da_rede.volta.procurar("atrasou", desde, texto)
        resposta = resposta or perdeu or atrasou  # sem o servidor, a rede diz o texto
        if atrasou and not perdeu:
            detalhe = "atrasada pela rede: chegou depois do tempo esgotado"
            desfecho = ATRASADA
    if resposta is None:
        return Passo(momento, "servidor", "resposta", "resposta", perdida=True, detalhe=detalhe,
                     desfecho=desfecho)
    return Passo(resposta.momento, "servidor", "resposta", resposta.texto, perdida=True,
                 detalhe=detalhe, desfecho=desfecho)


def _nota_sem_resposta(do_servidor, da_rede):
    if do_servidor is None and da_rede is None:
        return ("sem resposta: tempo esgotado\n(a ida ou a volta se perdeu, "
                "ou ninguém escuta no destino)")
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
    """As setas da conexão. Os registros só dizem **quando** o cliente se
    conectou: os segmentos (SYN, SYN-ACK, ACK) não foram vistos, só desenhados
    para explicar. Por isso são esquemáticos e não têm hora."""
    if not detalhar_tcp:
        return [Passo(momento, "cliente", "controle", "conexão", esquematico=True,
                      detalhe="aperto de mão em 3 vias: SYN, SYN-ACK, ACK")]
    return [
        Passo(momento, "cliente", "controle", "SYN", detalhe="conexão: 1) pedido",
              esquematico=True),
        Passo(momento, "servidor", "controle", "SYN-ACK", detalhe="2) aceite",
              esquematico=True),
        Passo(momento, "cliente", "controle", "ACK", detalhe="3) conexão aberta",
              esquematico=True),
    ]


def _fechar_conexao(momento, quem_fecha, detalhar_tcp, motivo="fim da conexão"):
    """As setas do fim da conexão: esquemáticas, como as da abertura."""
    outro = "servidor" if quem_fecha == "cliente" else "cliente"
    if not detalhar_tcp:
        return [Passo(momento, quem_fecha, "controle", "FIN", detalhe=motivo, esquematico=True)]
    return [
        Passo(momento, quem_fecha, "controle", "FIN", detalhe=motivo, esquematico=True),
        Passo(momento, outro, "controle", "ACK", esquematico=True),
        Passo(momento, outro, "controle", "FIN", esquematico=True),
        Passo(momento, quem_fecha, "controle", "ACK", detalhe="conexão fechada",
              esquematico=True),
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
    quantas_escondidas = quantas(escondidas, "mensagem não mostrada", "mensagens não mostradas")
    aviso = Passo(passos[corte].momento, "centro", "nota",
                  f"⋯ mais {quantas_escondidas} (max_mensagens={max_mensagens})")
    resto = passos[corte:]
    ultima = max(i for i, passo in enumerate(resto) if passo.tipo in ("mensagem", "resposta"))
    finais = [passo for passo in resto[ultima + 1:] if passo.tipo == "controle"]
    return passos[:corte] + [aviso] + finais


def _e_mensagem(passo):
    return passo.tipo == "mensagem" and not passo.detalhe.startswith("cópia")


def _endereco_do_cliente(do_servidor, rede):
    """O endereço de onde vieram as mensagens ligadas a este cliente.

    Com uma rede no meio, o servidor vê o endereço da rede, não o do cliente.
    """
    if do_servidor is None or rede is not None:
        return None
    chegadas = [do_servidor.eventos[i] for i in sorted(do_servidor.usados)]
    return next((e.endereco for e in chegadas if e.tipo == "recebeu"), None)


def _endereco_do_servidor(cliente, servidor, rede, do_servidor):
    """O endereço do servidor: o dele, o do último "iniciou" ou aquele a que o cliente fala."""
    endereco = getattr(servidor, "endereco", None)
    if endereco is None and do_servidor is not None:
        inicios = [e.endereco for e in do_servidor.eventos if e.tipo == "iniciou"]
        endereco = inicios[-1] if inicios else None
    if endereco is None and rede is None:  # com uma rede no meio, o cliente fala com a rede
        endereco = getattr(cliente, "endereco", None)
    return endereco
