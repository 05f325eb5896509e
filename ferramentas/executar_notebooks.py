"""Executa as lições de novo e guarda as saídas novas (para quem mantém o curso).

O nbval compara cada célula com a saída guardada no notebook. Depois de mudar o
código de uma lição (ou do pacote ``ecolab``), execute este script para gravar as
saídas novas, confira a diferença com ``git diff`` e rode os testes::

    .venv/bin/python ferramentas/executar_notebooks.py                 # todas
    .venv/bin/python ferramentas/executar_notebooks.py 01_tcp 03_tcp_vs_udp

Cada notebook roda num kernel ``python3`` novo, a partir da pasta ``notebooks/``
(como no JupyterLab). Um erro em qualquer célula interrompe tudo, sem gravar. Os
segundos que cada lição levou para rodar ficam nos metadados do notebook
(``ecolab.segundos_para_rodar``): o mapa do curso da lição 00 os usa.
"""

import argparse
import copy
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

PASTA = Path(__file__).resolve().parent.parent / "notebooks"


def executar(caminho):
    """Executa um notebook do começo ao fim e o grava com as saídas novas."""
    notebook = nbformat.read(caminho, as_version=4)
    metadados = copy.deepcopy(notebook.metadata)  # sem a versão exata do Python daqui
    inicio = time.perf_counter()
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(caminho.parent)}},
    ).execute()
    segundos = time.perf_counter() - inicio
    notebook.metadata = metadados
    # O mapa do curso (ecolab.exercicios.mapa_do_curso) soma este tempo ao de leitura.
    notebook.metadata.setdefault("ecolab", {})["segundos_para_rodar"] = math.ceil(segundos)
    for celula in notebook.cells:
        celula.metadata.pop("execution", None)  # horários: só mudariam o diff
    nbformat.write(notebook, caminho)
    print(f"{caminho.relative_to(PASTA.parent)}: {segundos:.1f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nomes", nargs="*", help="lições (sem .ipynb); sem nomes: todas")
    args = parser.parse_args(argv)
    todos = sorted(PASTA.glob("[0-9][0-9]_*.ipynb")) + sorted(PASTA.glob("solucoes/*.ipynb"))
    escolhidos = [c for c in todos if not args.nomes or c.stem in args.nomes]
    if not escolhidos:
        print(f"Nenhuma lição com esses nomes em {PASTA}.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="ecolab-regravar-") as pasta:
        # O notebook das soluções passa nos exercícios: o progresso que ele anota vai
        # para uma casa temporária, nunca para o progresso de quem mantém o curso. A
        # tabela de progresso() mostra então o caminho padrão (~/.local/share/...),
        # o mesmo que ela mostra nos testes.
        os.environ["HOME"] = pasta
        for variavel in ("ECOLAB_PROGRESSO", "XDG_DATA_HOME"):
            os.environ.pop(variavel, None)
        for caminho in escolhidos:
            executar(caminho)
    return 0


if __name__ == "__main__":
    sys.exit(main())
