"""Exercícios substituídos: o resultado antigo do aluno fica guardado, mas não vira o novo.

Na lição 04, ``tcp_servidor_com_threads`` e ``tcp_eco_com_selectors`` (cópias de
células da lição) deram lugar a ``tcp_threads_com_limite`` e ``tcp_eco_sem_bloquear``,
que pedem outra coisa. Na lição 03, ``udp_medir_perda`` (que repetia o 02-3, enviar e
esperar com tempo limite) deu lugar a ``udp_resposta_deste_pedido`` (casar a resposta
com o pedido por um número, com um prazo só). Um exercício substituído não é o mesmo
exercício: não entra em ``RENOMEADOS``, e quem tinha feito o antigo começa o novo do zero.
"""

import json

import pytest

from ecolab.exercicios import arquivo_de_progresso as modulo
from ecolab.exercicios import anotar, progresso
from ecolab.exercicios.bancada import CATALOGO

SUBSTITUIDOS = {
    "tcp_servidor_com_threads": "tcp_threads_com_limite",
    "tcp_eco_com_selectors": "tcp_eco_sem_bloquear",
    "udp_medir_perda": "udp_resposta_deste_pedido",
}


@pytest.fixture(autouse=True)
def caminho(tmp_path, monkeypatch):
    caminho = tmp_path / "dados" / "progresso.json"
    monkeypatch.setenv(modulo.VARIAVEL, str(caminho))
    return caminho


def test_exercicio_substituido_sai_do_catalogo_e_nao_e_renomeacao():
    for antigo, novo in SUBSTITUIDOS.items():
        assert antigo not in CATALOGO
        assert novo in CATALOGO
        assert antigo not in modulo.RENOMEADOS


@pytest.mark.parametrize("antigo, novo", SUBSTITUIDOS.items())
def test_o_resultado_do_antigo_fica_no_arquivo_e_o_novo_comeca_do_zero(caminho, antigo, novo):
    caminho.parent.mkdir(parents=True)
    caminho.write_text(json.dumps({"versao": 2, "perguntas": {}, "exercicios": {
        antigo: {"estado": "feito", "tentativas": 3, "ultima": "2026-05-01T10:00:00"}}}),
        "utf-8")
    tabela = str(progresso())
    assert antigo not in tabela
    linha_do_novo = next(l for l in tabela.splitlines() if novo in l)
    assert linha_do_novo.split()[0] == CATALOGO[novo].licao
    assert "não começado" in linha_do_novo
    for passou, estado in ((False, "tentado"), (True, "feito")):
        anotar(novo, passou=passou, impressao=f"fonte:{passou}")
        guardado = json.loads(caminho.read_text("utf-8"))["exercicios"]
        assert guardado[antigo]["estado"] == "feito"
        assert guardado[novo]["estado"] == estado
