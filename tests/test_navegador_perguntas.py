"""Uma pergunta conceitual no navegador, como o aluno a usa: JupyterLab de verdade e Chromium.

O teste abre a lição 00 no JupyterLab, roda todas as células (menu Run → Run All
Cells) e, na pergunta ``porta_do_cliente``:

1. clica numa opção errada e vê a explicação escrita para ELA, com o botão marcado
   como errado;
2. clica na certa e vê o botão marcado como certo e a explicação dela;
3. confere no arquivo de progresso (o temporário dos testes) que a primeira
   resposta, a errada, continua anotada.

Precisa do Chromium do sistema e do playwright, como ``test_navegador.py``; quando
falha, guarda captura de tela, console e log em ``tests/artefatos/``.
"""

import json
import os
import re
from pathlib import Path

import pytest

from ecolab.exercicios.arquivo_de_progresso import VARIAVEL
from ecolab.exercicios.perguntas import PERGUNTAS
from navegador import JupyterLab, Licao, expect, guardar_artefatos_se_falhar

PASTA_DAS_LICOES = Path(__file__).parent.parent / "notebooks"
IDENTIFICADOR = "porta_do_cliente"


@pytest.fixture(scope="module")
def jupyterlab(chromium):
    servidor = JupyterLab(PASTA_DAS_LICOES)
    try:
        yield servidor.iniciar()
    finally:
        servidor.parar()


@pytest.mark.timeout(240)
def test_clicar_numa_opcao_mostra_a_explicacao_dela_e_a_certa_fica_marcada(chromium, jupyterlab):
    dados = PERGUNTAS[IDENTIFICADOR]
    errada = next(opcao for opcao in dados.opcoes if not opcao.certa)
    certa = dados.certa
    licao = Licao(chromium, jupyterlab, "00_introducao.ipynb")
    try:
        with guardar_artefatos_se_falhar(licao, "00_introducao-pergunta"):
            licao.abrir().rodar_tudo()
            licao.conferir_que_nenhuma_saida_mostra_problema()
            cartao = licao.notebook.locator(f".ecolab-pergunta-{IDENTIFICADOR}")
            expect(cartao, "a pergunta não apareceu como widget").to_be_visible()
            expect(cartao.locator(".ecolab-enunciado")).to_contain_text(dados.enunciado[:40])
            explicacao = cartao.locator(".ecolab-explicacao")

            cartao.locator(f".ecolab-opcao-{errada.letra}").click()
            expect(cartao.locator(f".ecolab-opcao-{errada.letra}")).to_have_class(
                re.compile(r"\becolab-errada\b"))
            expect(explicacao).to_contain_text("Não é essa")
            expect(explicacao).to_contain_text(errada.explicacao[:50])

            cartao.locator(f".ecolab-opcao-{certa.letra}").click()
            expect(cartao.locator(f".ecolab-opcao-{certa.letra}")).to_have_class(
                re.compile(r"\becolab-certa\b"))
            expect(cartao.locator(f".ecolab-opcao-{errada.letra}")).not_to_have_class(
                re.compile(r"\becolab-errada\b"))
            expect(explicacao).to_contain_text("Certo!")
            expect(explicacao).to_contain_text(certa.explicacao[:50])

            registro = json.loads(Path(os.environ[VARIAVEL]).read_text("utf-8"))
            anotada = registro["perguntas"][IDENTIFICADOR]
            assert anotada["primeira_resposta"] == errada.letra and anotada["acertou"] is False
            assert anotada["ultima_resposta"] == certa.letra
    finally:
        licao.fechar()
