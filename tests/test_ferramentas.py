"""A ferramenta de quem mantém o curso: executar uma lição e gravar as saídas novas."""

import importlib.util
import shutil
from pathlib import Path

import nbformat
import pytest

RAIZ = Path(__file__).resolve().parent.parent
especificacao = importlib.util.spec_from_file_location(
    "executar_notebooks", RAIZ / "ferramentas" / "executar_notebooks.py"
)
executar_notebooks = importlib.util.module_from_spec(especificacao)
especificacao.loader.exec_module(executar_notebooks)


@pytest.mark.timeout(120)
def test_executar_grava_saidas_novas_sem_horarios_nem_versao_do_python(tmp_path, monkeypatch):
    copia = tmp_path / "00_introducao.ipynb"
    shutil.copy(RAIZ / "notebooks" / "00_introducao.ipynb", copia)
    original = nbformat.read(copia, as_version=4)
    for celula in original.cells:
        if celula.cell_type == "code":
            celula.outputs, celula.execution_count = [], None
    nbformat.write(original, copia)
    monkeypatch.setattr(executar_notebooks, "PASTA", tmp_path)

    executar_notebooks.executar(copia)

    gravado = nbformat.read(copia, as_version=4)
    codigo = [c for c in gravado.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in codigo)
    assert any("Resposta do servidor: Olá, servidor!" in str(c.outputs) for c in codigo)
    assert all("execution" not in c.metadata for c in gravado.cells)
    assert "version" not in gravado.metadata.language_info
