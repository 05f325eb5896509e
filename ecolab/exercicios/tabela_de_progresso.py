"""A tabela que ``progresso()`` mostra: HTML no Jupyter, texto no terminal.

Uma linha por exercício do curso, com o estado ("feito", "tentado" ou "não
começado") e as tentativas (quantas respostas **diferentes** foram
conferidas: um "Run All" com a mesma resposta não conta). O rodapé usa as
mesmas palavras da tabela::

    16 exercícios: 2 feitos, 1 tentado, 13 não começados; 5 tentativas ao todo.
    Arquivo: ~/.local/share/ecolab/progresso.json
"""

import html
from pathlib import Path

from ..numeros import numero

ESTADOS = {"feito": "feito", "tentado": "tentado", None: "não começado"}
PLURAIS = {"feito": "feitos", "tentado": "tentados", None: "não começados"}
CORES = {"feito": "#2b8a3e", "tentado": "#e8590c", None: "#868e96"}


class Tabela:
    """A tabela de progresso: HTML no Jupyter, texto no terminal (``print``).

    ``linhas``: lista de ``(licao, identificador, titulo, estado, tentativas)``,
    com ``estado`` igual a "feito", "tentado" ou ``None`` (não começado).
    Para quem usa: ``contar(estado)``, ``tentativas()``, ``str(tabela)``.
    """

    def __init__(self, linhas, caminho):
        self.linhas = list(linhas)
        self.caminho = caminho

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
        return "\n".join([*linhas, "", self._resumo(), self._arquivo()])

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
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
            f"<tbody>{celulas}</tbody></table>"
            f"<p>{html.escape(self._resumo())}<br>{html.escape(self._arquivo())}</p>"
        )


def caminho_legivel(caminho):
    """O caminho com ``~`` no lugar da pasta do usuário (``~/.local/share/...``).

    Com ``/`` em todo sistema: ``~/AppData/Roaming/ecolab/progresso.json`` também
    funciona no PowerShell do Windows.
    """
    caminho, casa = Path(caminho), Path.home()
    if caminho.is_relative_to(casa):
        return "~/" + caminho.relative_to(casa).as_posix()
    return str(caminho)
