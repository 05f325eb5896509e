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
