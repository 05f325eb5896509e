"""Gera a tabela de exercícios do README a partir do catálogo (para quem mantém o curso).

A tabela fica no README entre os marcadores ``<!-- tabela-de-exercicios ... -->`` e
``<!-- fim-da-tabela-de-exercicios -->``. Ela vem do catálogo dos exercícios
(``ecolab.exercicios.CATALOGO``) e dos nomes das lições em ``notebooks/``, então
nunca fica velha: ``tests/test_readme.py`` falha se o README não bater com o
catálogo. Depois de acrescentar ou renomear um exercício::

    .venv/bin/python ferramentas/tabela_de_exercicios.py      # reescreve o README
"""

import re
import sys
from pathlib import Path

from ecolab.exercicios import CATALOGO
from ecolab.numeros import numero

RAIZ = Path(__file__).resolve().parent.parent
README = RAIZ / "README.md"
MARCADOR = re.compile(r"(<!-- tabela-de-exercicios[^>]*-->\n)(.*?)(<!-- fim-da-tabela-de-exercicios -->)",
                      re.S)


def nome_da_licao(numero_da_licao):
    """``"01"`` -> ``"01_tcp"`` (o nome do notebook da lição, sem ``.ipynb``)."""
    [caminho] = sorted((RAIZ / "notebooks").glob(f"{numero_da_licao}_*.ipynb"))
    return caminho.stem


def tabela():
    """O texto Markdown da tabela: uma linha por lição, e o total no fim."""
    por_licao = {}
    for identificador, exercicio in CATALOGO.items():
        por_licao.setdefault(exercicio.licao, []).append(identificador)
    linhas = ["| lição | exercícios |", "|---|---|"]
    for licao, identificadores in sorted(por_licao.items()):
        lista = ", ".join(f"`{i}`" for i in identificadores)
        linhas.append(f"| `{nome_da_licao(licao)}` ({numero(len(identificadores))}) | {lista} |")
    linhas.append("")
    linhas.append(f"São {numero(len(CATALOGO))} exercícios ao todo.")
    return "\n".join(linhas) + "\n"


def readme_com_tabela(texto):
    """O README com a tabela atual no lugar da antiga."""
    if not MARCADOR.search(texto):
        raise SystemExit("O README não tem os marcadores da tabela de exercícios.")
    return MARCADOR.sub(lambda m: m.group(1) + tabela() + m.group(3), texto)


def main():
    README.write_text(readme_com_tabela(README.read_text("utf-8")), "utf-8")
    print(f"Tabela de exercícios gravada em {README}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
