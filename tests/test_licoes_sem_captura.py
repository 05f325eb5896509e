"""Sem permissão para capturar, as lições 01 a 03 e a 07 mostram as capturas gravadas, sem erro.

No CI (root), as lições capturam ao vivo. Um aluno sem privilégio cai na
captura gravada: aqui, ``capturar`` é trocado por uma função que levanta
``CapturaIndisponivel`` (como num computador sem permissão), cada lição roda
inteira e as células que leem os pacotes (as que o nbval compara) mostram o
mesmo que a captura ao vivo guardada no notebook.
"""

import nbformat
import pytest
from nbclient import NotebookClient

from test_notebooks import PASTA, erros_nas_saidas

SEM_CAPTURA = """
import ecolab.captura
from ecolab.erros import CapturaIndisponivel


def _sem_permissao(porta):
    raise CapturaIndisponivel("Linux", ["simulado: sem permissão para capturar"])


ecolab.captura.capturar = _sem_permissao
"""


def textos(celula):
    return "".join(saida.get("text", "") for saida in celula.get("outputs", []))


def leem_pacotes(notebook):
    """Os índices das células comparadas pelo nbval que usam a lista ``pacotes``."""
    return [i for i, celula in enumerate(notebook.cells)
            if celula.cell_type == "code" and "pacotes" in celula.source
            and "nbval-ignore-output" not in celula.metadata.get("tags", [])
            and celula.get("outputs")]


@pytest.mark.timeout(180)
@pytest.mark.parametrize("nome", ["01_tcp", "02_udp", "03_tcp_vs_udp", "07_vida_de_uma_conexao",
                                  "08_controle_de_fluxo"])
def test_licao_sem_captura_usa_a_gravada_e_mostra_o_mesmo(nome):
    guardado = nbformat.read(PASTA / f"{nome}.ipynb", as_version=4)
    notebook = nbformat.read(PASTA / f"{nome}.ipynb", as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(SEM_CAPTURA))
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(PASTA)}}).execute()
    notebook.cells.pop(0)
    assert erros_nas_saidas(notebook) == []
    assert any("captura GRAVADA" in textos(celula) for celula in notebook.cells)
    comparadas = leem_pacotes(guardado)
    assert comparadas, "a lição deveria ter células estáveis que leem os pacotes"
    for i in comparadas:
        assert textos(notebook.cells[i]) == textos(guardado.cells[i]), f"célula {i}"
