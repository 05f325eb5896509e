"""A regra dos números: vírgula decimal, ponto nos milhares, % colado, unidade que não se separa."""

import textwrap

from ecolab.numeros import ESPACO_FIRME, com_unidade, numero, porcentagem


def test_virgula_decimal_e_ponto_nos_milhares():
    assert numero(1234.5, 1) == "1.234,5"
    assert numero(39145) == "39.145"
    assert numero(8192) == "8.192"
    assert numero(0.046, 3) == "0,046"
    assert numero(-1234567.891, 2) == "-1.234.567,89"


def test_sem_casas_usa_o_minimo_que_o_valor_precisa():
    assert numero(1.5) == "1,5"
    assert numero(2.0) == "2"
    assert numero(12345.75) == "12.345,8"
    assert numero(1e-7) == "1e-07"


def test_porcentagem_colada_no_numero():
    assert porcentagem(53.2) == "53%"
    assert porcentagem(30, 1) == "30,0%"


def test_numero_e_unidade_nunca_se_separam_numa_quebra_de_linha():
    texto = "esperei " + com_unidade(1.5, "s") + " pela resposta " * 10
    for largura in range(10, 40):
        for linha in textwrap.wrap(texto, largura):
            assert not linha.endswith("1,5"), (largura, linha)
    assert com_unidade(1.5, "s") == f"1,5{ESPACO_FIRME}s"


def textos_do_aluno():
    """(nome, texto) de tudo o que o aluno lê: README, células e saídas das lições, docstrings."""
    import json
    from pathlib import Path

    raiz = Path(__file__).resolve().parent.parent
    yield "README.md", (raiz / "README.md").read_text("utf-8")
    for caminho in sorted((raiz / "notebooks").rglob("*.ipynb")):
        for i, celula in enumerate(json.loads(caminho.read_text("utf-8"))["cells"]):
            yield f"{caminho.name} célula {i}", "".join(celula["source"])
            for saida in celula.get("outputs", []):
                texto = saida.get("text") or saida.get("data", {}).get("text/plain", "")
                yield f"{caminho.name} saída {i}", "".join(texto)
    for caminho in sorted((raiz / "ecolab").rglob("*.py")):
        yield str(caminho.relative_to(raiz)), caminho.read_text("utf-8")


def test_uma_regra_so_em_tudo_o_que_o_aluno_le():
    import re

    milhar_com_espaco = re.compile(r"\b\d{1,3}(?:[ \u00a0\u202f]\d{3})+\b")
    porcentagem_separada = re.compile(r"\d %")
    problemas = [
        f"{nome}: {achado.group(0)!r}"
        for nome, texto in textos_do_aluno()
        for regra in (milhar_com_espaco, porcentagem_separada)
        for achado in regra.finditer(texto)
    ]
    assert problemas == [], "números fora da regra de ecolab/numeros.py:\n" + "\n".join(problemas)
