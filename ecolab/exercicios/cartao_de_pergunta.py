"""O cartão de uma pergunta conceitual: o widget que ``pergunta(...)`` mostra.

Um cartão tem o enunciado, um botão por opção e, embaixo, a explicação da
opção escolhida. Clicar numa opção:

1. marca o botão (verde se é a certa, vermelho se não é) e mostra a explicação
   escrita para ela;
2. anota a resposta no arquivo de progresso (:mod:`.arquivo_de_progresso`):
   vale a **primeira** resposta; mudar de ideia depois só troca a última.

O aluno pode clicar em todas as opções e ler todas as explicações: é para isso
que elas existem.

**O texto no lugar do widget.** Quando o widget não pode aparecer (a lição
reaberta sem rodar, o nbval, um terminal), aparece o ``text/plain`` do cartão:
o enunciado e as opções, sempre o mesmo texto, sem ids que mudam. É ele que o
nbval compara; a parte do widget (``application/vnd.jupyter.widget-view+json``)
o nbval ignora. Nada aqui espera pelo aluno: "Run All" passa direto.

Para quem usa:
  - ``CartaoDePergunta(pergunta)``: o cartão (no Jupyter, basta deixá-lo como
    valor da célula);
  - ``escolher(letra)``: o que um clique faz (também serve fora do Jupyter);
  - ``texto()`` / ``str(cartao)``: o enunciado e as opções, em texto;
  - ``explicacao``: o texto da explicação mostrada agora (vazio antes do clique).
"""

import contextlib
import html
import io
import textwrap

from .arquivo_de_progresso import anotar_pergunta, ler_pergunta

LARGURA = 88
CORES = {True: "#2b8a3e", False: "#c92a2a"}
COMO_RESPONDER = "Escolha uma opção para ver a explicação dela."
NO_TEXTO = "(Execute esta célula para escolher uma opção e ver a explicação dela.)"


class CartaoDePergunta:
    """Uma pergunta de múltipla escolha com a explicação de cada opção."""

    def __init__(self, pergunta, anotar_progresso=True):
        self.pergunta = pergunta
        self.anotar_progresso = anotar_progresso
        self.escolhida = None
        self.explicacao = ""
        self.aviso = ""
        self._widget = None
        self._botoes = {}

    # ----- o que um clique faz -------------------------------------------------------

    def escolher(self, letra):
        """Escolhe a opção ``letra``: mostra a explicação e anota no progresso.

        Devolve ``True`` se a opção é a certa. Uma letra que não existe só
        explica quais existem.
        """
        opcao = self.pergunta.opcao(letra)
        if opcao is None:
            letras = ", ".join(o.letra for o in self.pergunta.opcoes)
            self.explicacao = f"Não há a opção {letra!r}: escolha uma destas: {letras}."
            self._atualizar()
            return False
        self.escolhida = opcao
        veredito = "Certo!" if opcao.certa else "Não é essa."
        self.explicacao = f"({opcao.letra}) {veredito} {opcao.explicacao}"
        self.aviso = self._anotar(opcao) if self.anotar_progresso else ""
        self._atualizar()
        return opcao.certa

    def _anotar(self, opcao):
        """Anota a resposta; devolve o aviso do arquivo de progresso, se houve algum."""
        saida = io.StringIO()
        with contextlib.redirect_stdout(saida):  # um aviso não pode se perder no log
            anotar_pergunta(self.pergunta.identificador, opcao.letra, opcao.certa)
        return saida.getvalue().strip()

    def primeira_resposta(self):
        """O registro da primeira resposta no progresso (ou ``None``)."""
        return ler_pergunta(self.pergunta.identificador)

    # ----- texto -------------------------------------------------------------------

    def texto(self):
        """O enunciado e as opções, em texto simples (sempre o mesmo)."""
        linhas = [f"Pergunta ({self.pergunta.identificador}):"]
        linhas += textwrap.wrap(self.pergunta.enunciado, LARGURA)
        for opcao in self.pergunta.opcoes:
            linhas += textwrap.wrap(opcao.texto, LARGURA, initial_indent=f"  ({opcao.letra}) ",
                                    subsequent_indent="      ")
        linhas.append(NO_TEXTO)
        return "\n".join(linhas)

    def __str__(self):
        if not self.explicacao:
            return self.texto()
        return "\n".join([self.texto(), "", *textwrap.wrap(self.explicacao, LARGURA)])

    def __repr__(self):
        return self.texto()

    # ----- o widget -------------------------------------------------------------------

    def _repr_mimebundle_(self, **opcoes):
        """O widget, com o texto do cartão no ``text/plain`` (e não ``VBox(children=...``)."""
        pacote = self.widget()._repr_mimebundle_(**opcoes)
        pacote["text/plain"] = self.texto()
        return pacote

    def widget(self):
        """O widget do cartão (criado na primeira vez)."""
        if self._widget is None:
            self._widget = self._montar_widget()
        return self._widget

    def _montar_widget(self):
        import ipywidgets as widgets

        itens = "".join(f"<li><b>({o.letra})</b> {html.escape(o.texto)}</li>"
                        for o in self.pergunta.opcoes)
        enunciado = widgets.HTML(
            f'<div style="white-space:normal"><b>{html.escape(self.pergunta.enunciado)}</b>'
            f'<ul style="list-style:none; padding-left:0.5em; margin:0.3em 0">{itens}</ul></div>')
        enunciado.add_class("ecolab-enunciado")
        botoes = []
        for opcao in self.pergunta.opcoes:  # botões curtos: o texto longo fica na lista acima
            botao = widgets.Button(description=f"({opcao.letra})", tooltip=opcao.texto,
                                   layout=widgets.Layout(width="4em"))
            botao.add_class("ecolab-opcao")
            botao.add_class(f"ecolab-opcao-{opcao.letra}")
            botao.on_click(lambda _botao, letra=opcao.letra: self._clicou(letra))
            self._botoes[opcao.letra] = botao
            botoes.append(botao)
        self._explicacao = widgets.HTML(f"<i>{html.escape(self._ja_respondida())}"
                                        f"{COMO_RESPONDER}</i>")
        self._explicacao.add_class("ecolab-explicacao")
        cartao = widgets.VBox([enunciado, widgets.HBox(botoes), self._explicacao],
                              layout=widgets.Layout(border="1px solid #ced4da",
                                                    padding="0.5em", margin="0.5em 0"))
        cartao.add_class("ecolab-pergunta")
        cartao.add_class(f"ecolab-pergunta-{self.pergunta.identificador}")
        return cartao

    def _ja_respondida(self):
        """"Você já respondeu (a), errada, da primeira vez. " ou "" (lido do progresso)."""
        try:
            registro = self.primeira_resposta() if self.anotar_progresso else None
        except Exception:  # um progresso ilegível não impede a pergunta de aparecer
            registro = None
        if not registro:
            return ""
        acerto = "certa" if registro.get("acertou") else "errada"
        return (f"Você já respondeu ({registro['primeira_resposta']}), {acerto}, da primeira "
                "vez. ")

    def _clicou(self, letra):
        try:
            self.escolher(letra)
        except Exception as erro:  # um erro num clique só apareceria no log do JupyterLab
            self.explicacao = (f"Não consegui mostrar a explicação ({type(erro).__name__}: "
                               f"{erro}). Execute a célula da pergunta de novo.")
            self._atualizar()

    def _atualizar(self):
        """Põe o estado atual (botão marcado, explicação) no widget, se ele existe."""
        if self._widget is None:
            return
        for letra, botao in self._botoes.items():
            escolhida = self.escolhida is not None and self.escolhida.letra == letra
            botao.button_style = ("success" if self.escolhida.certa else "danger") \
                if escolhida else ""
            for classe in ("ecolab-escolhida", "ecolab-certa", "ecolab-errada"):
                botao.remove_class(classe)
            if escolhida:
                botao.add_class("ecolab-escolhida")
                botao.add_class("ecolab-certa" if self.escolhida.certa else "ecolab-errada")
        cor = CORES[self.escolhida.certa] if self.escolhida else "#495057"
        aviso = f"<br><small>{html.escape(self.aviso)}</small>" if self.aviso else ""
        self._explicacao.value = (f'<div style="color:{cor}; white-space:normal">'
                                  f"{html.escape(self.explicacao)}{aviso}</div>")
