"""O mapa do curso: o caminho pelas lições, quanto tempo cada uma leva e onde você está.

``mapa_do_curso()`` lê os notebooks que o curso tem **agora** (as lições
``NN_nome.ipynb`` instaladas com o ``ecolab``): uma lição nova entra no mapa
sozinha, sem ninguém editar nada. Para cada lição, o mapa mostra:

- o título e o que ela ensina (a primeira linha do notebook, ``# Lição NN — ...``);
- quanto tempo leva: a **leitura**, contando as palavras das células (de texto
  e de código) a ``PALAVRAS_POR_MINUTO`` palavras por minuto, mais a
  **execução** das células, medida quando quem mantém o curso gravou as saídas
  (``ferramentas/executar_notebooks.py`` guarda os segundos nos metadados do
  notebook, em ``ecolab.segundos_para_rodar``). O tempo de escrever os
  exercícios não entra: ele é de cada um;
- os exercícios (do catálogo de :mod:`.bancada`) e as perguntas conceituais
  (de :mod:`.perguntas`);
- onde **você** está, lido do seu arquivo de progresso: exercícios feitos e
  perguntas respondidas em cada lição, e a próxima lição sugerida (a primeira
  que ainda tem algo por fazer, depois da última em que você mexeu).

Para quem usa: ``mapa_do_curso()`` devolve um :class:`Mapa` (tabela HTML no
Jupyter, texto com ``print``); ``Mapa.licoes`` é a lista de :class:`Licao`.
"""

import html
import textwrap
import importlib.resources
import json
import math
import re
from typing import NamedTuple

from .arquivo_de_progresso import caminho_do_progresso, carregar
from .bancada import CATALOGO
from .perguntas import PERGUNTAS
from ..numeros import numero

PALAVRAS_POR_MINUTO = 150  # leitura atenta de texto técnico com código (estimativa declarada)
TITULO = re.compile(r"^#\s*Lição\s+(\d\d)\s*[—-]\s*(.+)$", re.M)


class Licao(NamedTuple):
    """Uma lição no mapa: o que ela é e o que você já fez nela."""

    numero: str
    arquivo: str
    titulo: str
    palavras: int
    segundos_para_rodar: float | None
    exercicios: tuple
    perguntas: tuple
    feitos: int
    respondidas: int

    @property
    def minutos_de_leitura(self):
        return max(1, math.ceil(self.palavras / PALAVRAS_POR_MINUTO))

    @property
    def minutos(self):
        """Leitura mais execução, em minutos inteiros."""
        return self.minutos_de_leitura + round((self.segundos_para_rodar or 0) / 60)

    @property
    def comecada(self):
        return self.feitos + self.respondidas > 0

    @property
    def completa(self):
        return self.feitos == len(self.exercicios) and self.respondidas == len(self.perguntas)


def ler_licao(nome, texto, progresso):
    """A :class:`Licao` do notebook ``nome`` (o JSON em ``texto``), com o seu progresso."""
    notebook = json.loads(texto)
    fontes = ["".join(c.get("source", "")) for c in notebook.get("cells", [])]
    achado = TITULO.search(fontes[0] if fontes else "")
    numero_da_licao = nome[:2]
    titulo = achado.group(2).strip() if achado else nome.removesuffix(".ipynb")
    exercicios = tuple(i for i, e in CATALOGO.items() if e.licao == numero_da_licao)
    perguntas = tuple(i for i, p in PERGUNTAS.items() if p.licao == numero_da_licao)
    feitos = sum(progresso["exercicios"].get(i, {}).get("estado") == "feito" for i in exercicios)
    respondidas = sum(i in progresso["perguntas"] for i in perguntas)
    segundos = notebook.get("metadata", {}).get("ecolab", {}).get("segundos_para_rodar")
    return Licao(numero_da_licao, nome, titulo, sum(len(f.split()) for f in fontes),
                 segundos, exercicios, perguntas, feitos, respondidas)


def notebooks_do_curso():
    """``{nome: texto}`` das lições instaladas (``NN_nome.ipynb``), em ordem."""
    raiz = importlib.resources.files("ecolab.licoes")
    nomes = sorted(item.name for item in raiz.iterdir()
                   if re.fullmatch(r"\d\d_\w+\.ipynb", item.name))
    return {nome: (raiz / nome).read_text("utf-8") for nome in nomes}


def mapa_do_curso(notebooks=None, caminho=None):
    """O mapa do curso, com as lições presentes e o seu progresso.

    ``notebooks`` (``{nome: texto}``) e ``caminho`` (do progresso) servem aos testes;
    sem eles, valem as lições instaladas e o seu arquivo de progresso.
    """
    caminho = caminho or caminho_do_progresso()
    progresso = carregar(caminho)
    notebooks = notebooks_do_curso() if notebooks is None else notebooks
    return Mapa([ler_licao(nome, texto, progresso) for nome, texto in notebooks.items()])


class Mapa:
    """As lições do curso em ordem; HTML no Jupyter, texto no terminal (``print``)."""

    def __init__(self, licoes):
        self.licoes = list(licoes)

    def proxima(self):
        """A lição sugerida: a primeira com algo por fazer, depois da última começada."""
        comecadas = [i for i, licao in enumerate(self.licoes) if licao.comecada]
        if not comecadas:
            return self.licoes[0] if self.licoes else None
        for licao in self.licoes[comecadas[-1]:]:
            if not licao.completa:
                return licao
        return None

    def _tempo(self, licao):
        rodar = licao.segundos_para_rodar
        execucao = ("execução não medida" if rodar is None
                    else f"{numero(math.ceil(rodar))} s rodando")
        return f"~{numero(licao.minutos)} min ({licao.minutos_de_leitura} de leitura, {execucao})"

    def _voce(self, licao):
        partes = []
        if licao.exercicios:
            partes.append(f"{licao.feitos} de {len(licao.exercicios)} exercícios feitos")
        if licao.perguntas:
            partes.append(f"{licao.respondidas} de {len(licao.perguntas)} perguntas respondidas")
        return ", ".join(partes) or "nada para anotar nesta lição"

    def _rodape(self):
        total = sum(licao.minutos for licao in self.licoes)
        proxima = self.proxima()
        onde = (f"Próxima lição sugerida: {proxima.arquivo}." if proxima
                else "Você fez tudo o que o curso tem até agora.")
        return [f"{len(self.licoes)} lições, ~{numero(total)} min ao todo (leitura a "
                f"{PALAVRAS_POR_MINUTO} palavras por minuto, mais a execução das células; "
                "sem o tempo de escrever os exercícios).", onde]

    def __str__(self):
        proxima = self.proxima()
        linhas = []
        for licao in self.licoes:
            marca = "→ " if licao is proxima else "  "
            linhas += [f"{marca}{licao.numero}  {licao.titulo}",
                       f"      {licao.arquivo} · {self._tempo(licao)}",
                       *_lista("exercícios", licao.exercicios, "nenhum"),
                       *_lista("perguntas", licao.perguntas, "nenhuma"),
                       f"      você: {self._voce(licao)}"]
        return "\n".join([*linhas, "", *self._rodape()])

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        proxima = self.proxima()
        linhas = []
        for licao in self.licoes:
            estilo = ' style="background:#fff3bf"' if licao is proxima else ""
            marca = " ← próxima" if licao is proxima else ""
            linhas.append(
                f"<tr{estilo}><td><b>{licao.numero}</b></td>"
                f"<td><a href=\"{html.escape(licao.arquivo)}\">{html.escape(licao.titulo)}</a>"
                f"</td><td>{html.escape(self._tempo(licao))}</td>"
                f"<td>{len(licao.exercicios)}</td><td>{len(licao.perguntas)}</td>"
                f"<td>{html.escape(self._voce(licao))}{marca}</td></tr>")
        rodape = "<br>".join(html.escape(texto) for texto in self._rodape())
        return ('<table class="ecolab-mapa"><thead><tr><th>lição</th><th>o que ensina</th>'
                "<th>tempo</th><th>exercícios</th><th>perguntas</th><th>você</th></tr></thead>"
                f"<tbody>{''.join(linhas)}</tbody></table><p>{rodape}</p>")


def _lista(nome, identificadores, nada):
    """``      exercícios: a, b, c`` quebrado em linhas de até 88 caracteres."""
    return textwrap.wrap(f"{nome}: {', '.join(identificadores) or nada}", 88,
                         initial_indent="      ", subsequent_indent="        ")
