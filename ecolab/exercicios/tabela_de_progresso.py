"""A tabela que ``progresso()`` mostra: HTML no Jupyter, texto no terminal.

Uma linha por exercício do curso, com o estado ("feito", "tentado" ou "não
começado") e as tentativas (quantas respostas **diferentes** foram
conferidas: um "Run All" com a mesma resposta não conta). Depois, as
perguntas conceituais, com colunas próprias: a primeira resposta (a letra) e
se ela estava certa ("certa", "errada" ou "não respondida"). O rodapé usa as
mesmas palavras das tabelas::

    16 exercícios: 2 feitos, 1 tentado, 13 não começados; 5 tentativas ao todo.
    24 perguntas: 3 certas de primeira, 1 errada de primeira, 20 não respondidas.
    Arquivo: ~/.local/share/ecolab/progresso.json
"""

import html
from pathlib import Path

from ..numeros import numero

ESTADOS = {"feito": "feito", "tentado": "tentado", None: "não começado"}
PLURAIS = {"feito": "feitos", "tentado": "tentados", None: "não começados"}
CORES = {"feito": "#2b8a3e", "tentado": "#e8590c", None: "#868e96"}
ACERTOS = {True: "certa", False: "errada", None: "não respondida"}
PLURAIS_DE_ACERTOS = {True: "certas", False: "erradas", None: "não respondidas"}
CORES_DE_ACERTOS = {True: "#2b8a3e", False: "#c92a2a", None: "#868e96"}


class Tabela:
    """A tabela de progresso: HTML no Jupyter, texto no terminal (``print``).

    ``linhas``: lista de ``(licao, identificador, titulo, estado, tentativas)``,
    com ``estado`` igual a "feito", "tentado" ou ``None`` (não começado).
    ``perguntas``: lista de ``(licao, identificador, primeira_resposta, acertou)``,
    com ``acertou`` ``True``, ``False`` ou ``None`` (não respondida).
    Para quem usa: ``contar(estado)``, ``tentativas()``, ``contar_perguntas(acertou)``,
    ``str(tabela)``.
    """

    def __init__(self, linhas, caminho, perguntas=()):
        self.linhas = list(linhas)
        self.caminho = caminho
        self.perguntas = list(perguntas)

    def contar_perguntas(self, acertou):
        """Quantas perguntas com a primeira resposta certa (``True``), errada ou sem resposta."""
        return sum(1 for linha in self.perguntas if linha[3] is acertou)

    def _resumo_das_perguntas(self):
        partes = []
        for acertou, sufixo in ((True, " de primeira"), (False, " de primeira"), (None, "")):
            quantas = self.contar_perguntas(acertou)
            nome = (ACERTOS if quantas == 1 else PLURAIS_DE_ACERTOS)[acertou]
            partes.append(f"{numero(quantas)} {nome}{sufixo}")
        return f"{numero(len(self.perguntas))} perguntas: {', '.join(partes)}."

    def contar(self, estado):
        return sum(1 for linha in self.linhas if linha[3] == estado)

    def tentativas(self):
        """A soma da coluna "tentativas"."""
        return sum(linha[4] for linha in self.linhas)

    def _resumo(self):
        partes = []
        for estado in ("feito", "tentado", None):
            quantos = self.contar(estado)
            partes.append(f"{numero(quantos)} {(ESTADOS if quantos == 1 else PLURAIS)[estado]}")
        tentativas = self.tentativas()
        palavra = "tentativa" if tentativas == 1 else "tentativas"
        return (f"{numero(len(self.linhas))} exercícios: {', '.join(partes)}; "
                f"{numero(tentativas)} {palavra} ao todo.")

    def _arquivo(self):
        return f"Arquivo: {caminho_legivel(self.caminho)}"

    def __str__(self):
        cabecalho = f"{'lição':<6}{'exercício':<30}{'estado':<14}tentativas"
        linhas = [cabecalho, "-" * len(cabecalho)]
        for licao, identificador, _, estado, tentativas in self.linhas:
            linhas.append(f"{licao:<6}{identificador:<30}{ESTADOS[estado]:<14}{tentativas}")
        rodape = [self._resumo()]
        if self.perguntas:
            titulo = f"{'lição':<6}{'pergunta':<30}{'1ª resposta':<13}acertou de primeira"
            linhas += ["", titulo, "-" * len(titulo)]
            for licao, identificador, resposta, acertou in self.perguntas:
                linhas.append(f"{licao:<6}{identificador:<30}{resposta or '-':<13}"
                              f"{ACERTOS[acertou]}")
            rodape.append(self._resumo_das_perguntas())
        return "\n".join([*linhas, "", *rodape, self._arquivo()])

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        resumo_das_perguntas = (f"{html.escape(self._resumo_das_perguntas())}<br>"
                                if self.perguntas else "")
        celulas = "".join(
            f"<tr><td>{licao}</td><td><code>{identificador}</code></td>"
            f"<td>{html.escape(titulo)}</td>"
            f'<td style="color:{CORES[estado]}"><b>{ESTADOS[estado]}</b></td>'
            f"<td>{tentativas}</td></tr>"
            for licao, identificador, titulo, estado, tentativas in self.linhas
        )
        return (
            '<table class="ecolab-progresso"><thead><tr><th>lição</th><th>exercício</th>'
            "<th>o que pede</th><th>estado</th><th>tentativas</th></tr></thead>"
            f"<tbody>{celulas}</tbody></table>{self._html_das_perguntas()}"
            f"<p>{html.escape(self._resumo())}<br>{resumo_das_perguntas}"
            f"{html.escape(self._arquivo())}</p>"
        )

    def _html_das_perguntas(self):
        if not self.perguntas:
            return ""
        celulas = "".join(
            f"<tr><td>{licao}</td><td><code>{identificador}</code></td>"
            f"<td>{html.escape(resposta or '-')}</td>"
            f'<td style="color:{CORES_DE_ACERTOS[acertou]}"><b>{ACERTOS[acertou]}</b></td></tr>'
            for licao, identificador, resposta, acertou in self.perguntas
        )
        return ('<table class="ecolab-progresso-perguntas"><thead><tr><th>lição</th>'
                "<th>pergunta</th><th>1ª resposta</th><th>acertou de primeira</th></tr></thead>"
                f"<tbody>{celulas}</tbody></table>")


def caminho_legivel(caminho):
    """O caminho com ``~`` no lugar da pasta do usuário (``~/.local/share/...``).

    Com ``/`` em todo sistema: ``~/AppData/Roaming/ecolab/progresso.json`` também
    funciona no PowerShell do Windows.
    """
    caminho, casa = Path(caminho), Path.home()
    if caminho.is_relative_to(casa):
        return "~/" + caminho.relative_to(casa).as_posix()
    return str(caminho)
