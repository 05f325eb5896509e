"""O lançador no navegador: ``python -m ecolab`` abre o JupyterLab em português.

Como o aluno faz: HOME vazio (temporário), ``python -m ecolab --pasta ...
--no-browser --port ...``, e o Chromium abre o endereço. O teste confere as
palavras do próprio JupyterLab — o título da aba "Launcher" e a coluna "Name"
do navegador de arquivos — na tradução do pacote de idioma instalado (tiradas
do catálogo dele, não escritas aqui), que as lições copiadas estão lá, que a
pergunta "Jupyter news?" está desligada e, no fim, que um aluno que escolhe
inglês no menu Settings continua em inglês.

O lançador grava as preferências do curso no ``sys.prefix`` deste ambiente,
como faz sempre (veja :mod:`ecolab.preferencias_do_jupyterlab`); nada além
disso sai das pastas temporárias.
"""

import importlib.resources
import json
import re
import urllib.request

import pytest

from conftest import falhar_ou_pular
from navegador import (
    JupyterLabDoLancador,
    expect,
    guardar_artefatos_se_falhar,
)

PRAZO_POR_TESTE = 180  # segundos; inclui subir o JupyterLab numa máquina ocupada
TRADUCAO = "@jupyterlab/translation-extension:plugin"
NOTIFICACOES = "@jupyterlab/apputils-extension:notification"
ABA_ATUAL = "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel"


def catalogo_pt_br():
    """O catálogo de traduções do JupyterLab no pacote de idioma instalado."""
    try:
        pacote = importlib.resources.files("jupyterlab_language_pack_pt_BR")
    except ModuleNotFoundError:
        falhar_ou_pular(
            "o pacote de idioma não está instalado: pip install jupyterlab-language-pack-pt-br"
        )
    arquivo = pacote / "locale" / "pt_BR" / "LC_MESSAGES" / "jupyterlab.json"
    return json.loads(arquivo.read_text(encoding="utf-8"))


def configuracao(jupyterlab, plugin, escolha=None):
    """Lê (ou, com ``escolha``, grava como o usuário) as configurações de uma extensão."""
    dados = None if escolha is None else json.dumps({"raw": json.dumps(escolha)}).encode()
    pedido = urllib.request.Request(
        jupyterlab.url(f"lab/api/settings/{plugin}"), data=dados,
        method="GET" if escolha is None else "PUT",
    )
    with urllib.request.urlopen(pedido, timeout=10) as resposta:
        corpo = resposta.read()
    return json.loads(corpo) if corpo else None


@pytest.fixture(scope="module")
def jupyterlab(chromium):
    servidor = JupyterLabDoLancador()
    try:
        yield servidor.iniciar()
    finally:
        servidor.parar()


class Aba:
    """O JupyterLab aberto numa aba, com o que o teste lê nele."""

    def __init__(self, navegador, jupyterlab):
        self.jupyterlab = jupyterlab
        self.arquivo = "lancador"  # o nome dos artefatos, se algo falhar
        self.console = []
        self.pagina = navegador.new_page(viewport={"width": 1400, "height": 1000})
        self.pagina.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))

    def abrir(self):
        self.pagina.goto(self.jupyterlab.url("lab"))
        self.pagina.locator(".jp-LauncherCard").first.wait_for(timeout=60_000)
        return self

    def guardar(self, nome):
        from navegador import Licao

        return Licao.guardar(self, nome)


@pytest.fixture
def aba(chromium, jupyterlab):
    aberta = Aba(chromium, jupyterlab)
    yield aberta
    aberta.pagina.close()


@pytest.mark.timeout(PRAZO_POR_TESTE)
def test_lancador_abre_o_jupyterlab_em_portugues_com_as_licoes_do_aluno(aba):
    catalogo = catalogo_pt_br()
    iniciador, nome = catalogo["Launcher"][0], catalogo["Name"][0]
    with guardar_artefatos_se_falhar(aba, "lancador-portugues"):
        aba.abrir()
        pagina = aba.pagina
        expect(pagina.locator(ABA_ATUAL)).to_have_text(iniciador)
        expect(pagina.locator(".jp-DirListing-headerItemText").first).to_have_text(nome)
        expect(pagina.locator(".jp-DirListing-item", has_text="01_tcp.ipynb")).to_have_count(1)
        expect(pagina.locator(".jp-DirListing-item", has_text="solucoes")).to_have_count(1)


@pytest.mark.timeout(PRAZO_POR_TESTE)
def test_lancador_desliga_a_pergunta_sobre_novidades(jupyterlab):
    notificacoes = configuracao(jupyterlab, NOTIFICACOES)
    # Nenhuma escolha do usuário; os padrões que o JupyterLab usa vêm do lançador.
    assert notificacoes["settings"] == {}
    padroes = notificacoes["schema"]["properties"]
    assert padroes["fetchNews"]["default"] == "false"
    assert padroes["checkForUpdates"]["default"] is False


@pytest.mark.timeout(PRAZO_POR_TESTE)
def test_aluno_que_escolhe_ingles_continua_em_ingles(aba, jupyterlab):
    # O que o menu Settings → Language → English faz: grava a escolha do usuário.
    configuracao(jupyterlab, TRADUCAO, {"locale": "en"})
    with guardar_artefatos_se_falhar(aba, "lancador-ingles"):
        aba.abrir()
        expect(aba.pagina.locator(ABA_ATUAL)).to_have_text(re.compile(r"^Launcher$"))
        expect(aba.pagina.locator(".jp-DirListing-headerItemText").first).to_have_text("Name")
