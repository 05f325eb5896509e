"""As lições no navegador, como o aluno usa: JupyterLab de verdade e Chromium.

Um painel que funciona quando o Python o chama direto ainda pode falhar na
tela: o widget vira texto ("VBox(children=...)"), o Enter não faz nada, um erro
aparece numa célula. Só um navegador mostra isso. Para cada lição com painel
(01_tcp e 02_udp), os testes:

1. abrem a lição no JupyterLab, limpam as saídas e rodam todas as células
   (menu Run → Run All Cells), esperando o kernel terminar;
2. conferem que nenhuma célula mostra erro e que o painel apareceu como widget;
3. escrevem ``Olá, servidor!`` no painel, teclam Enter e esperam a resposta;
4. param o servidor numa célula nova no fim (``servidor.parar()``), enviam de
   novo e esperam o aviso em português no painel, que continua respondendo.

Os testes de uma lição usam a mesma aba, na ordem acima. Precisam do Chromium
do sistema (``apt-get install chromium``) e do pacote ``playwright``; sem eles
os testes pulam, mas no CI (``CI=true``) falham. Quando um teste falha, a
mensagem diz onde ficaram a captura de tela, o console do navegador e o log do
JupyterLab (em ``tests/artefatos/``, fora do git).
"""

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from navegador import (
    JupyterLab,
    Licao,
    com_artefatos_se_falhar,
    expect,
    guardar_artefatos_se_falhar,
)

PASTA_DAS_LICOES = Path(__file__).parent.parent / "notebooks"
PRAZO_POR_TESTE = 180  # segundos; o primeiro teste de cada lição inclui subir tudo
PRAZO_DA_RESPOSTA_MS = 20_000  # o painel UDP espera até 2 s por resposta


class LicaoComPainel(NamedTuple):
    arquivo: str
    protocolo: str
    aviso_sem_servidor: str  # o que o painel diz quando o servidor parou


LICOES = [
    pytest.param(LicaoComPainel("01_tcp.ipynb", "TCP", "servidor indisponível"), id="01_tcp"),
    pytest.param(LicaoComPainel("02_udp.ipynb", "UDP", "sem resposta"), id="02_udp"),
]


@pytest.fixture(scope="module")
def jupyterlab(chromium):  # depois do chromium: sem navegador, nem sobe
    servidor = JupyterLab(PASTA_DAS_LICOES)
    try:
        yield servidor.iniciar()
    finally:
        servidor.parar()


@pytest.fixture(scope="module", params=LICOES)
def licao(request, chromium, jupyterlab):
    """A lição aberta numa aba, com todas as células já rodadas (Run All)."""
    dados = request.param
    aba = Licao(chromium, jupyterlab, dados.arquivo)
    aba.dados = dados
    try:
        with guardar_artefatos_se_falhar(aba, f"{Path(dados.arquivo).stem}-rodar_tudo"):
            aba.abrir().rodar_tudo()
        yield aba
    finally:
        aba.fechar()


def enviar_pelo_painel(painel, texto):
    """O aluno clica na caixa do painel, digita letra por letra e tecla Enter."""
    entrada = painel.locator(".ecolab-entrada input")
    expect(entrada, "o painel não tem caixa de texto: ele apareceu como widget?").to_be_editable()
    entrada.click()
    entrada.fill("")  # a caixa começa vazia, como a de um painel que funciona
    entrada.press_sequentially(texto)
    entrada.press("Enter")
    expect(entrada, "o painel não esvaziou a caixa: o Enter não enviou o texto").to_have_value("")


@pytest.mark.timeout(PRAZO_POR_TESTE)
@com_artefatos_se_falhar
def test_rodar_tudo_nao_mostra_erro_e_o_painel_aparece_como_widget(licao):
    licao.conferir_que_nenhuma_saida_mostra_problema()
    painel = licao.painel(licao.dados.protocolo)
    expect(painel, "o painel de conversa não apareceu como widget").to_be_visible()
    expect(painel.locator(".ecolab-titulo")).to_contain_text(
        f"Cliente {licao.dados.protocolo}"
    )
    expect(painel.locator(".ecolab-entrada input")).to_be_editable()
    expect(painel.locator(".ecolab-enviar")).to_be_enabled()


@pytest.mark.timeout(PRAZO_POR_TESTE)
@com_artefatos_se_falhar
def test_enter_no_painel_mostra_a_resposta_do_servidor(licao):
    painel = licao.painel(licao.dados.protocolo)
    linhas = painel.locator(".ecolab-historico .ecolab-linha")
    # A lição já conversou pelo painel: a resposta nova é a que vier depois destas.
    antes = linhas.count()
    enviar_pelo_painel(painel, "Olá, servidor!")
    expect(linhas, "o histórico não ganhou a mensagem e a resposta").to_have_count(
        antes + 2, timeout=PRAZO_DA_RESPOSTA_MS
    )
    expect(linhas.nth(antes)).to_have_class(re.compile(r"\becolab-enviada\b"))
    expect(linhas.nth(antes)).to_contain_text("você: Olá, servidor!")
    expect(linhas.nth(antes + 1)).to_have_class(re.compile(r"\becolab-recebida\b"))
    expect(linhas.nth(antes + 1)).to_contain_text(
        "servidor: Resposta do servidor: Olá, servidor!"
    )
    licao.conferir_que_nenhuma_saida_mostra_problema()


@pytest.mark.timeout(PRAZO_POR_TESTE)
@com_artefatos_se_falhar
def test_com_o_servidor_parado_o_painel_avisa_em_portugues_e_nao_trava(licao):
    licao.rodar_celula_nova_no_fim("servidor.parar()")
    licao.conferir_que_nenhuma_saida_mostra_problema()
    painel = licao.painel(licao.dados.protocolo)
    avisos = painel.locator(".ecolab-historico .ecolab-linha.ecolab-aviso")
    aviso = licao.dados.aviso_sem_servidor
    antes = avisos.count()
    for tentativa in (1, 2):  # a segunda mostra que o painel continua atendendo
        enviar_pelo_painel(painel, f"Ainda está aí? ({tentativa})")
        expect(avisos, "o painel não avisou que o servidor não respondeu").to_have_count(
            antes + tentativa, timeout=PRAZO_DA_RESPOSTA_MS
        )
        expect(avisos.last).to_contain_text(f"aviso: {aviso}")
        expect(painel.locator(".ecolab-status")).to_contain_text(aviso)
        expect(painel.locator(".ecolab-linha").last).to_have_class(
            re.compile(r"\becolab-aviso\b")
        )
    licao.conferir_que_nenhuma_saida_mostra_problema()
