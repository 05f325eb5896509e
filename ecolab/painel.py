"""Um painel de conversa no notebook: escreva, tecle Enter, veja a resposta.

O painel é um cliente TCP ou UDP com cara de bate-papo, feito com ipywidgets::

    ┌ Cliente TCP conversando com 127.0.0.1:12000 ───────────────┐
    │ 10:15:02  você: Olá, servidor!                             │
    │ 10:15:02  servidor: Resposta do servidor: Olá, servidor!   │
    │ [ escreva uma mensagem e tecle Enter      ] [ Enviar ]     │
    │ conectado                                                  │
    └────────────────────────────────────────────────────────────┘

Numa célula::

    from ecolab import ServidorTCP, conversar

    servidor = ServidorTCP(porta=12000).iniciar()
    painel = conversar(servidor)   # lê do servidor o endereço e o protocolo
    painel                         # mostra o painel

Duas ideias guiam o código:

- **O notebook nunca trava.** Um datagrama UDP perdido faz o cliente esperar
  até o tempo limite. Por isso quem envia e espera é uma thread de fundo (uma
  só, que atende as mensagens em ordem); a célula e os widgets continuam livres,
  e a linha de status diz "aguardando resposta" enquanto isso.
- **Todo erro aparece embaixo do painel, em português.** Um erro dentro do
  código de um widget iria só para o console de log do JupyterLab, onde ninguém
  olha. Aqui ele vira uma linha no histórico e na linha de status.

Uma mensagem vazia (ou só de espaços) não é enviada: a linha de status diz
"mensagem vazia" e o que fazer. Numa lição reaberta sem executar, o painel
ainda não existe (ele vive no kernel); no lugar dele aparece um texto que
diz como trazê-lo de volta.

Para código e testes (sem navegador), o painel também é dados comuns:
``painel.enviar(texto)``, ``painel.esperar()``, ``painel.historico`` (lista de
:class:`Linha`), ``painel.status`` e ``painel.texto_do_historico()``. Num
notebook conferido pelo nbval, a célula que mostra o painel leva a etiqueta
(tag) ``nbval-ignore-output`` (o widget não é comparado), e uma célula seguinte
confere o resultado em texto puro, que sai igual toda vez::

    painel.enviar("Olá, servidor!")
    painel.esperar()
    print(painel.texto_do_historico())
"""

import html
import math
import queue
import threading
import time
from collections import deque
from typing import NamedTuple

import ipywidgets as widgets

from .erros import MensagemInvalida, ServidorIndisponivel, TempoEsgotado, _endereco_legivel
from .medidas import quantas
from .servidor import HOSTS_DE_TODAS_AS_INTERFACES
from .tcp import ClienteTCP
from .udp import ClienteUDP

CLIENTES = {"TCP": ClienteTCP, "UDP": ClienteUDP}
ROTULOS = {"enviada": "você", "recebida": "servidor", "aviso": "aviso"}
CORES = {"enviada": "#1f6fb2", "recebida": "#2b8a3e", "aviso": "#c92a2a"}
# "anywhere" quebra até no meio de uma palavra sem espaços; "break-word" é o
# mesmo pedido para navegadores antigos que não conhecem o "anywhere".
QUEBRAR_PALAVRAS_LONGAS = "overflow-wrap:anywhere; word-break:break-word"
PRONTO = "pronto: escreva uma mensagem e tecle Enter (ou clique em Enviar)"
VAZIA = ("mensagem vazia", "escreva algo na caixa e tecle Enter (ou clique em Enviar)")
PARA_APARECER = "para ele aparecer, execute de novo esta célula e as de cima"


class Linha(NamedTuple):
    """Uma linha do histórico do painel."""

    hora: str  # "HH:MM:SS", a hora local em que aconteceu
    direcao: str  # "enviada", "recebida" ou "aviso" (erro, sem resposta...)
    texto: str


class PainelCliente:
    """Um cliente TCP ou UDP com caixa de texto, botão, histórico e status.

    Para quem usa:
      - mostrar: deixe ``painel`` como última linha da célula (ou ``display(painel)``);
      - ``enviar(texto)``: envia como se o texto fosse digitado;
      - ``esperar(timeout=10.0)``: espera os envios pendentes terminarem;
        devolve ``True`` se todos terminaram;
      - ``historico``: lista de :class:`Linha` (hora, direcao, texto);
      - ``texto_do_historico()``: o histórico sem horários, bom para ``print``;
      - ``status`` e ``detalhe``: o estado atual em poucas palavras e a explicação;
      - ``fechar()``: fecha o cliente e os widgets;
      - ``cliente``: o :class:`~ecolab.ClienteTCP` ou :class:`~ecolab.ClienteUDP` usado;
      - ``widget`` (o painel inteiro), ``entrada``, ``botao``, ``widget_historico``
        e ``widget_status``: os widgets, para testes e ajustes. Classes CSS, para
        testes no navegador: ``ecolab-painel`` (mais ``ecolab-tcp`` ou
        ``ecolab-udp``), ``ecolab-titulo``, ``ecolab-entrada``, ``ecolab-enviar``,
        ``ecolab-historico`` e ``ecolab-status``.

    Ajustes (atributos da classe): ``limite_de_linhas``, quantas linhas o
    histórico guarda (as mais antigas saem); ``espera_pela_caixa``, por quantos
    segundos um Enter ou clique com a caixa vazia espera um texto antes de dar a
    dica de mensagem vazia (veja :meth:`_conferir_depois`).
    """

    limite_de_linhas = 200
    espera_pela_caixa = 0.3

    def __init__(self, porta=12000, protocolo="TCP", host="127.0.0.1", timeout=2.0):
        protocolo = _conferir_protocolo(protocolo)
        self.cliente = CLIENTES[protocolo](host, porta, timeout)
        self.protocolo = protocolo
        self.status, self.detalhe = PRONTO, ""
        self._linhas = deque(maxlen=self.limite_de_linhas)
        self._trava = threading.Condition()  # protege histórico, status e pendentes
        self._pendentes = 0
        self._fila = queue.Queue()
        self._trabalhador = None
        self._fechado = False
        self._saiu_da_caixa = -math.inf  # time.monotonic() do último texto enviado pela caixa
        self._conferencia = None  # o threading.Timer que decide se a caixa vazia pede a dica
        self._montar_widgets()

    # ----- os widgets ----------------------------------------------------

    def _montar_widgets(self):
        endereco = _endereco_legivel(self.cliente.endereco)
        titulo = widgets.HTML(
            f"<b>Cliente {self.protocolo}</b> conversando com {html.escape(endereco)}"
        )
        # continuous_update=False: o valor só chega ao Python com Enter (ou
        # quando a caixa perde o foco), e não a cada letra digitada.
        self.entrada = widgets.Text(
            placeholder="escreva uma mensagem e tecle Enter",
            continuous_update=False,
            layout=widgets.Layout(flex="1 1 auto", width="auto"),
        )
        self.botao = widgets.Button(description="Enviar", icon="paper-plane")
        self.widget_historico = widgets.HTML()
        self.widget_status = widgets.HTML()
        self.widget = widgets.VBox([
            titulo,
            self.widget_historico,
            widgets.HBox([self.entrada, self.botao]),
            self.widget_status,
        ])
        for elemento, classe in [
            (self.widget, "ecolab-painel"),
            (self.widget, f"ecolab-{self.protocolo.lower()}"),
            (titulo, "ecolab-titulo"),
            (self.entrada, "ecolab-entrada"),
            (self.botao, "ecolab-enviar"),
            (self.widget_historico, "ecolab-historico"),
            (self.widget_status, "ecolab-status"),
        ]:
            elemento.add_class(classe)
        self.entrada.observe(self._ao_mudar_o_texto, names="value")
        self.entrada.on_msg(self._ao_receber_da_caixa)
        self.botao.on_click(self._ao_clicar)
        self._desenhar()

    def _ao_mudar_o_texto(self, mudanca):
        """Enter (ou a caixa perdendo o foco) com texto novo: enviar.

        A caixa vazia ("") é a que nós mesmos esvaziamos depois de enviar.
        """
        if mudanca["new"]:
            self._enviar_o_que_esta_na_caixa()

    def _ao_receber_da_caixa(self, _caixa, conteudo, _buffers):
        """O Enter também chega como o aviso ``{"event": "submit"}``, antes do texto.

        Com a caixa vazia, esse aviso é o único sinal do Enter (o valor não
        mudou, então nada mais chega): é por ele que o Enter vazio ganha a dica.
        """
        if conteudo.get("event") == "submit" and not self.entrada.value:
            self._conferir_depois()

    def _ao_clicar(self, _botao):
        self._enviar_o_que_esta_na_caixa()

    def _enviar_o_que_esta_na_caixa(self):
        """Esvazia a caixa e envia o texto que estava nela.

        Os dois caminhos (Enter e botão) passam por aqui. Como a caixa fica
        vazia logo depois, um mesmo texto nunca sai duas vezes: ao clicar em
        Enviar, a caixa primeiro perde o foco (e o texto sai por esse caminho);
        quando o clique chega, a caixa já está vazia e não há nada a enviar.
        Esvaziar também faz o mesmo texto, digitado de novo, contar como uma
        mudança (sem isso, o segundo Enter não avisaria ninguém).
        """
        try:
            texto = self.entrada.value
            if not texto:
                self._conferir_depois()
                return
            self.entrada.value = ""
            if not texto.strip():
                self._dar_a_dica()
                return
            self._saiu_da_caixa = time.monotonic()
            self.enviar(texto)
        except Exception as erro:  # um erro aqui iria só para o log do JupyterLab
            self._mostrar_problema(_descrever_erro_inesperado(erro), "")

    def _conferir_depois(self):
        """Enter ou clique com a caixa vazia: dá a dica se nenhum texto sair perto dele.

        Um gesto do aluno chega ao Python em mensagens separadas, e a caixa vazia
        sozinha não diz se a mensagem era vazia: no Enter, o aviso "submit" chega
        *antes* do texto digitado; no clique em Enviar, o texto chega (e sai)
        *antes* do clique, quando a caixa perde o foco. Por isso esperamos
        ``espera_pela_caixa`` segundos e só damos a dica se nenhum texto saiu da
        caixa nesse intervalo, antes ou depois do gesto.
        """
        momento = time.monotonic()
        if self._conferencia is not None:
            self._conferencia.cancel()  # o gesto novo decide no lugar do anterior
        self._conferencia = threading.Timer(
            self.espera_pela_caixa, self._dar_a_dica_se_nada_saiu, (momento,)
        )
        self._conferencia.name = f"ecolab-painel-dica-{self.cliente.endereco[1]}"
        self._conferencia.daemon = True
        self._conferencia.start()

    def _dar_a_dica_se_nada_saiu(self, momento):
        if abs(self._saiu_da_caixa - momento) > self.espera_pela_caixa:
            self._dar_a_dica()

    def _dar_a_dica(self):
        """A dica de mensagem vazia, só na linha de status (o histórico é da conversa)."""
        with self._trava:
            if not self._fechado:
                self._mudar_status(*VAZIA)

    def _desenhar(self):
        """Atualiza o HTML do histórico e do status (chamado com a trava)."""
        linhas = "".join(_linha_em_html(linha) for linha in self._linhas)
        # column-reverse mantém a rolagem presa no fim: a linha nova fica à vista.
        # overflow-wrap: uma palavra longa sem espaços quebra em vez de sair do painel.
        self.widget_historico.value = (
            '<div style="display:flex; flex-direction:column-reverse; '
            'max-height:16em; overflow-y:auto; font-family:monospace; line-height:1.5; '
            f'{QUEBRAR_PALAVRAS_LONGAS}">'
            f"<div>{linhas or '<i>(nenhuma mensagem ainda)</i>'}</div></div>"
        )
        detalhe = f" — {html.escape(self.detalhe)}" if self.detalhe else ""
        self.widget_status.value = (
            f'<div style="{QUEBRAR_PALAVRAS_LONGAS}"><b>{html.escape(self.status)}</b>'
            f"{detalhe}</div>"
        )

    def _repr_mimebundle_(self, **opcoes):
        """Faz o painel aparecer quando é o valor da célula.

        O ``text/plain`` é o que o JupyterLab mostra quando não consegue
        desenhar o painel, como numa lição reaberta sem executar (o painel vive
        no kernel, que ainda não o criou): por isso ele diz o que fazer.
        """
        if self._fechado:
            return {"text/plain": self._texto_no_lugar_do_painel()}
        pacote = self.widget._repr_mimebundle_(**opcoes)
        pacote["text/plain"] = self._texto_no_lugar_do_painel()  # e não "VBox(children=..."
        return pacote

    def _texto_no_lugar_do_painel(self):
        """``Painel de conversa (TCP, 127.0.0.1:12001): para ele aparecer, execute…``"""
        nome = f"Painel de conversa ({self.protocolo}, {_endereco_legivel(self.cliente.endereco)})"
        if self._fechado:
            return f"{nome} fechado: para outro, use conversar(...)."
        return f"{nome}: {PARA_APARECER}."

    # ----- para quem usa -------------------------------------------------

    @property
    def historico(self):
        """As linhas do histórico (no máximo ``limite_de_linhas``), da mais antiga à mais nova."""
        with self._trava:
            return list(self._linhas)

    def texto_do_historico(self):
        """O histórico como texto, uma linha por evento e sem horários.

        Sem horários, o texto sai igual toda vez que o notebook roda: é ele
        que uma célula conferida pelo nbval deve imprimir.
        """
        linhas = [f"{ROTULOS[linha.direcao]}: {linha.texto}" for linha in self.historico]
        return "\n".join(linhas) if linhas else "(nenhuma mensagem ainda)"

    def enviar(self, texto):
        """Põe ``texto`` na fila de envio, como se tivesse sido digitado.

        Volta na hora. A thread de fundo envia as mensagens da fila uma de cada
        vez, em ordem: cada uma entra no histórico quando sai de verdade, e a
        resposta aparece logo abaixo quando chegar (use :meth:`esperar` para
        esperá-la no código).
        """
        if self._fechado:
            raise RuntimeError("Este painel já foi fechado: crie outro com conversar(...).")
        with self._trava:
            self._pendentes += 1
            self._mudar_status("aguardando resposta", self._descrever_fila())
            if self._trabalhador is None:
                self._trabalhador = threading.Thread(
                    target=self._trabalhar,
                    name=f"ecolab-painel-{self.protocolo}-{self.cliente.endereco[1]}",
                    daemon=True,
                )
                self._trabalhador.start()
        self._fila.put(texto)

    def esperar(self, timeout=10.0):
        """Espera até não haver envio pendente; ``True`` se conseguiu a tempo.

        Também espera a decisão sobre a dica de mensagem vazia, se houver uma por vir.
        """
        prazo = time.monotonic() + timeout
        conferencia = self._conferencia
        if conferencia is not None:
            conferencia.join(timeout)
        with self._trava:
            restante = max(0.0, prazo - time.monotonic())
            return self._trava.wait_for(lambda: self._pendentes == 0, restante)

    def fechar(self):
        """Fecha o cliente e os widgets (pode ser chamado mais de uma vez).

        Mensagens que ainda estavam na fila são descartadas; uma que já estava
        esperando resposta espera no máximo o tempo limite do cliente.
        """
        if self._fechado:
            return
        self._fechado = True
        if self._conferencia is not None:
            self._conferencia.cancel()
            self._conferencia.join()
        self._descartar_fila()
        if self._trabalhador is not None:
            self._fila.put(None)  # o sinal para a thread terminar
            self._trabalhador.join(2 * self.cliente.timeout + 1)
        self.cliente.fechar()
        with self._trava:
            self._mudar_status("painel fechado", "")
        for elemento in [self.widget, *self._todos_os_widgets()]:
            elemento.close()

    def __repr__(self):
        endereco = _endereco_legivel(self.cliente.endereco)
        fechado = " (fechado)" if self._fechado else ""
        return f"<PainelCliente {self.protocolo} para {endereco}{fechado}>"

    # ----- a thread de fundo: enviar e esperar a resposta ----------------

    def _trabalhar(self):
        """Corpo da thread: atende a fila, em ordem, até receber ``None``."""
        while (texto := self._fila.get()) is not None:
            try:
                with self._trava:  # a linha entra no histórico quando sai de verdade
                    self._anotar("enviada", texto)
                    self._mudar_status("aguardando resposta", self._descrever_fila())
                self._conversar(texto)
            except Exception as erro:  # nenhum erro pode matar a thread em silêncio
                self._mostrar_problema(_descrever_erro_inesperado(erro), "")
            finally:
                with self._trava:
                    self._pendentes -= 1
                    self._trava.notify_all()

    def _conversar(self, texto):
        """Envia um texto e mostra a resposta, ou o motivo de não haver resposta."""
        try:
            resposta = self.cliente.enviar(texto)
        except TempoEsgotado as erro:
            self._mostrar_problema("sem resposta (tempo esgotado)", str(erro))
        except ServidorIndisponivel as erro:
            self._mostrar_problema("servidor indisponível", str(erro))
        except MensagemInvalida as erro:
            self._mostrar_problema("mensagem não enviada", str(erro))
        else:
            # UDP não tem conexão: para ele, "conectado" seria falso.
            estado = "conectado" if self.protocolo == "TCP" else "resposta recebida"
            with self._trava:
                self._anotar("recebida", resposta)
                self._mudar_status(estado, "")

    def _mostrar_problema(self, resumo, explicacao):
        """Mostra um problema no status e deixa o resumo no histórico."""
        with self._trava:
            self._anotar("aviso", resumo)
            self._mudar_status(resumo, explicacao)

    def _descartar_fila(self):
        while True:
            try:
                self._fila.get_nowait()
            except queue.Empty:
                return
            with self._trava:
                self._pendentes -= 1
                self._trava.notify_all()

    # ----- ajudantes (chamados com a trava) ------------------------------

    def _anotar(self, direcao, texto):
        self._linhas.append(Linha(time.strftime("%H:%M:%S"), direcao, texto))
        self._desenhar()

    def _mudar_status(self, status, detalhe):
        self.status, self.detalhe = status, detalhe
        self._desenhar()

    def _descrever_fila(self):
        na_fila = self._pendentes - 1  # uma delas é a que espera resposta agora
        if not na_fila:
            return ""
        return f"mais {quantas(na_fila, 'mensagem', 'mensagens')} na fila, enviadas uma de cada vez"

    def _todos_os_widgets(self):
        pilha, encontrados = list(self.widget.children), []
        while pilha:
            elemento = pilha.pop()
            encontrados.append(elemento)
            pilha.extend(getattr(elemento, "children", ()))
        return encontrados


def conversar(servidor_ou_porta, protocolo=None, host="127.0.0.1", timeout=2.0):
    """Cria um :class:`PainelCliente` para um servidor do ecolab ou para uma porta.

    - ``conversar(servidor)``: usa o endereço e o protocolo do servidor;
    - ``conversar(12000, "UDP")``: uma porta (e o protocolo; o padrão é TCP).

    Devolve o painel; para vê-lo, deixe-o como última linha da célula.
    """
    if isinstance(servidor_ou_porta, int):
        return PainelCliente(servidor_ou_porta, protocolo or "TCP", host, timeout)
    if not hasattr(servidor_ou_porta, "endereco"):
        raise TypeError(
            "conversar() precisa de um servidor do ecolab (ServidorTCP ou ServidorUDP) "
            f"ou de um número de porta, mas recebeu {type(servidor_ou_porta).__name__}."
        )
    servidor = servidor_ou_porta
    host, porta = servidor.endereco[0], servidor.endereco[1]
    if porta == 0:
        raise ValueError(
            "O servidor ainda não foi iniciado, então não tem porta. "
            "Chame servidor.iniciar() antes de conversar(servidor)."
        )
    if host in HOSTS_DE_TODAS_AS_INTERFACES:  # não dá para conectar em 0.0.0.0
        host = "::1" if ":" in host else "127.0.0.1"
    return PainelCliente(porta, protocolo or servidor.protocolo, host, timeout)


def _conferir_protocolo(protocolo):
    nome = str(protocolo).upper()
    if nome not in CLIENTES:
        raise ValueError(
            f"Protocolo desconhecido: {protocolo!r}. Use \"TCP\" ou \"UDP\"."
        )
    return nome


def _descrever_erro_inesperado(erro):
    return f"erro: {type(erro).__name__}: {erro}"


def _linha_em_html(linha):
    # html.escape: um aluno que digita <b> deve ver <b>, não texto em negrito.
    return (
        f'<div class="ecolab-linha ecolab-{linha.direcao}">'
        f'<span style="color:#868e96">{linha.hora}</span> '
        f'<b style="color:{CORES[linha.direcao]}">{ROTULOS[linha.direcao]}:</b> '
        f"{html.escape(linha.texto)}</div>"
    )
