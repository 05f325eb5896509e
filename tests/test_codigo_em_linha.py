"""O código em linha das lições aparece como o aluno o digitaria.

Dentro de crases, o Markdown não interpreta barras invertidas: `\\n` escrito na
célula aparece com duas barras, e o aluno copiaria um texto errado.
"""

import json
import re
from pathlib import Path

import pytest

LICOES = sorted(Path(__file__).resolve().parent.parent.glob("notebooks/*.ipynb"))
CERCA = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)  # blocos de código
CODIGO_EM_LINHA = re.compile(r"(`+)(.+?)\1", re.DOTALL)


def codigos_em_linha(markdown):
    """Os trechos entre crases de um texto Markdown, fora dos blocos de código."""
    return [trecho for _, trecho in CODIGO_EM_LINHA.findall(CERCA.sub("", markdown))]


def test_codigos_em_linha_acha_os_trechos_fora_dos_blocos():
    texto = "Use `b'a\\xc3'` e ``x`y``.\n```python\nprint('`dentro`')\n```\nFim `\\n`."
    assert codigos_em_linha(texto) == ["b'a\\xc3'", "x`y", "\\n"]


@pytest.mark.parametrize("licao", LICOES, ids=lambda caminho: caminho.stem)
def test_codigo_em_linha_nao_tem_barra_invertida_dobrada(licao):
    celulas = json.loads(licao.read_text(encoding="utf-8"))["cells"]
    dobradas = [
        (numero, trecho)
        for numero, celula in enumerate(celulas)
        if celula["cell_type"] == "markdown"
        for trecho in codigos_em_linha("".join(celula["source"]))
        if "\\\\" in trecho
    ]
    assert not dobradas, f"barra invertida dobrada em código em linha (célula, trecho): {dobradas}"
