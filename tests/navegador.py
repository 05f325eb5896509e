"""Ajudantes dos testes no navegador: um JupyterLab de verdade e o Chromium.

Os testes de ``test_navegador.py`` fazem o que um aluno faz: abrem uma lição no
JupyterLab, rodam todas as células, escrevem no painel de conversa e teclam
Enter. Para isso precisam de três peças, todas montadas aqui:

- :class:`JupyterLab`: um servidor só para o teste, em 127.0.0.1, numa porta
  livre, com token, servindo uma CÓPIA temporária de ``notebooks/`` (o
  JupyterLab grava no que abre) e com pastas de configuração temporárias (as
  configurações do usuário de quem roda os testes não entram);
  :class:`JupyterLabDoLancador` é o mesmo servidor aberto pelo lançador
  (``python -m ecolab``), como o aluno abre;
- :func:`abrir_chromium`: o Chromium do sistema (``/usr/bin/chromium`` no
  Debian), sem interface, guiado pelo pacote ``playwright``. Nunca use
  ``playwright install``: os testes usam o Chromium instalado pelo apt;
- :class:`Licao`: uma aba com um notebook aberto e o que o aluno faz nela
  (rodar tudo, achar o painel, criar uma célula no fim e rodá-la).

Tudo espera por condições (``expect`` e ``wait_for_function`` do playwright,
com prazo), nunca por um tempo fixo. Quando algo falha, :meth:`Licao.guardar`
deixa em ``tests/artefatos/`` (fora do git) a captura de tela, o console do
navegador e o log do JupyterLab, e a mensagem de erro diz onde estão.
"""

import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from ecolab.painel import PARA_APARECER

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # sem playwright, os testes pulam (ou falham, no CI)
    expect = sync_playwright = None

PASTA_DE_ARTEFATOS = Path(__file__).parent / "artefatos"

ARGUMENTOS_DO_CHROMIUM = [
    "--no-sandbox",  # os testes rodam como root no CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# As duas configurações que tiram armadilhas do caminho:
# - sem o aviso de novidades/atualizações, que cobre parte da página;
# - sem a renderização preguiçosa ("windowing"), que deixa fora do DOM as
#   células fora da tela (e "a última célula" vira outra).
CONFIGURACOES_DO_USUARIO = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

PRAZO_PARA_O_JUPYTERLAB_SUBIR = 90.0  # segundos; a máquina do CI pode estar ocupada
PRAZO_PARA_RODAR_TUDO_MS = 120_000
PRAZO_DE_UMA_ACAO_MS = 30_000


def faltando_para_o_navegador():
    """O que falta para rodar os testes no navegador, com como instalar; ``None`` se nada."""
    if sync_playwright is None:
        return (
            "o pacote playwright não está instalado: pip install playwright "
            '(ou pip install -e ".[test]"). Não rode "playwright install": '
            "os testes usam o Chromium do sistema."
        )
    if shutil.which("chromium") is None:
        return (
            "o Chromium não está instalado (no Debian/Ubuntu: apt-get install chromium). "
            'Não rode "playwright install": os testes usam o Chromium do sistema.'
        )
    return None


def porta_livre():
    with socket.socket() as sondagem:
        sondagem.bind(("127.0.0.1", 0))
        return sondagem.getsockname()[1]


class JupyterLab:
    """Um servidor JupyterLab só para os testes; ``parar()`` o encerra com os kernels.

    ``url(caminho)`` dá o endereço de um arquivo servido, já com o token;
    ``log`` é o arquivo com a saída do servidor.
    """

    def __init__(self, pasta_das_licoes):
        self._temporaria = Path(tempfile.mkdtemp(prefix="ecolab-navegador-"))
        self.raiz = self._temporaria / "licoes"
        shutil.copytree(
            pasta_das_licoes, self.raiz, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
        self.porta = porta_livre()
        self.token = os.urandom(16).hex()
        self.log = self._temporaria / "jupyterlab.log"
        self._processo = None

    def iniciar(self):
        configuracoes = self._temporaria / "configuracoes"
        for nome, valores in CONFIGURACOES_DO_USUARIO.items():
            arquivo = configuracoes / f"{nome}.jupyterlab-settings"
            arquivo.parent.mkdir(parents=True, exist_ok=True)
            arquivo.write_text(json.dumps(valores), encoding="utf-8")
        comando = [
            # sys.executable: o mesmo ambiente dos testes, e portanto o kernel
            # "python3" dele, com o ecolab e o ipywidgets que estão sendo testados.
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.porta}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.raiz}",
            "--ServerApp.allow_root=True",
            f"--LabApp.user_settings_dir={configuracoes}",
            f"--LabApp.workspaces_dir={self._temporaria / 'areas_de_trabalho'}",
            # Rede de segurança, se o pytest morrer sem parar o servidor: kernels
            # sem navegador conectado e, depois, o servidor ocioso se encerram.
            "--MappingKernelManager.cull_idle_timeout=600",
            "--MappingKernelManager.cull_interval=60",
            "--ServerApp.shutdown_no_activity_timeout=600",
        ]
        return self._rodar(comando, self._ambiente())

    def _ambiente(self):
        """As variáveis do ambiente, com as pastas do Jupyter dentro da pasta temporária."""
        ambiente = dict(os.environ)
        for variavel, pasta in [
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "dados"),
            ("JUPYTER_RUNTIME_DIR", "execucao"),
            ("IPYTHONDIR", "ipython"),
        ]:
            ambiente[variavel] = str(self._temporaria / pasta)
        return ambiente

    def _rodar(self, comando, ambiente):
        with open(self.log, "wb") as saida:
            self._processo = subprocess.Popen(
                comando, stdout=saida, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=ambiente, cwd=self._temporaria, start_new_session=True,
            )
        self._esperar_responder()
        return self

    def url(self, caminho=""):
        return f"http://127.0.0.1:{self.porta}/{caminho}?token={self.token}"

    def api(self, caminho, metodo="GET"):
        pedido = urllib.request.Request(self.url(f"api/{caminho}"), method=metodo)
        with urllib.request.urlopen(pedido, timeout=10) as resposta:
            corpo = resposta.read()
        return json.loads(corpo) if corpo else None

    def _esperar_responder(self):
        limite = time.monotonic() + PRAZO_PARA_O_JUPYTERLAB_SUBIR
        while time.monotonic() < limite:
            if self._processo.poll() is not None:
                raise RuntimeError(
                    f"O JupyterLab terminou ao iniciar (código {self._processo.returncode}). "
                    f"Veja o log:\n{self.fim_do_log()}"
                )
            try:
                self.api("status")
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)  # sondagem com prazo: o servidor ainda está subindo
        raise RuntimeError(
            f"O JupyterLab não respondeu em {PRAZO_PARA_O_JUPYTERLAB_SUBIR:.0f} s. "
            f"Veja o log:\n{self.fim_do_log()}"
        )

    def fim_do_log(self, linhas=30):
        texto = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(texto.splitlines()[-linhas:])

    def parar(self):
        """Desliga os kernels, o servidor e o que sobrar deles; apaga a pasta temporária.

        Os kernels rodam em sessões próprias (um sinal para o grupo do servidor
        não os alcança) e seguram as portas fixas das lições (12001, 12002...):
        primeiro eles são desligados pela API, depois o servidor é terminado e,
        no fim, qualquer processo descendente que ainda exista é morto.
        """
        if self._processo is not None:
            descendentes = _descendentes(self._processo.pid)
            if self._processo.poll() is None:
                self._desligar_os_kernels()
                self._processo.terminate()
                try:
                    self._processo.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self._processo.kill()
                    self._processo.wait(timeout=15)
            for processo in descendentes:
                _matar_e_esperar(processo)
            self._processo = None
        shutil.rmtree(self._temporaria, ignore_errors=True)

    def _desligar_os_kernels(self):
        try:
            for kernel in self.api("kernels"):
                self.api(f"kernels/{kernel['id']}", metodo="DELETE")
        except (urllib.error.URLError, OSError):
            pass  # o servidor já não responde: o SIGTERM e o SIGKILL resolvem


class JupyterLabDoLancador(JupyterLab):
    """O JupyterLab aberto como o aluno abre: ``python -m ecolab`` numa pasta vazia.

    O HOME e as pastas do Jupyter (onde ficam as escolhas do usuário, como o
    idioma) são temporários; ``raiz`` é a pasta do curso que o lançador cria.
    Nenhuma configuração é escrita antes: o que aparece na tela é o que o
    lançador fez. ``parar()`` é o mesmo de :class:`JupyterLab`.
    """

    def __init__(self):
        self._temporaria = Path(tempfile.mkdtemp(prefix="ecolab-lancador-"))
        self.raiz = self._temporaria / "ecolab-curso"
        self.porta = porta_livre()
        self.token = os.urandom(16).hex()
        self.log = self._temporaria / "jupyterlab.log"
        self._processo = None

    def iniciar(self):
        ambiente = self._ambiente()
        ambiente["HOME"] = ambiente["USERPROFILE"] = str(self._temporaria / "casa")
        comando = [
            sys.executable, "-m", "ecolab",
            "--pasta", str(self.raiz),
            # daqui em diante, opções que o lançador passa ao JupyterLab
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.porta}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.allow_root=True",
            "--ServerApp.shutdown_no_activity_timeout=600",
        ]
        return self._rodar(comando, ambiente)


def _descendentes(pid):
    import psutil  # vem com o ipykernel

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _matar_e_esperar(processo):
    import psutil

    try:
        processo.kill()
        processo.wait(timeout=10)
    except psutil.NoSuchProcess:
        pass


@contextmanager
def abrir_chromium():
    """O Chromium do sistema, sem interface; fechado na saída do ``with``."""
    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=ARGUMENTOS_DO_CHROMIUM,
            headless=True,
        )
        try:
            yield navegador
        finally:
            navegador.close()


# ----- uma lição aberta numa aba ---------------------------------------------

# O notebook acabou de rodar quando o kernel está ocioso, nenhuma célula está
# na fila ([*]) e todas têm número, ou quando uma delas mostra um erro (o
# JupyterLab então cancela as seguintes, que ficam sem número).
_TERMINOU_DE_RODAR = """() => {
    const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!notebook) return false;
    const indicador = notebook.querySelector('.jp-Notebook-ExecutionIndicator');
    if (!indicador || indicador.getAttribute('data-status') !== 'idle') return false;
    const marcas = [...notebook.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .map(e => e.textContent.trim());
    if (marcas.length === 0 || marcas.some(m => m.includes('*'))) return false;
    const comErro = [...notebook.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .some(e => /Traceback|Error|Exception/.test(e.textContent));
    return comErro || marcas.every(m => /^\\[\\d+\\]:?$/.test(m));
}"""

_SAIDAS = """() => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]
    .map(e => ({tipo: e.getAttribute('data-mime-type') || '', texto: e.innerText}))"""

# Sinais de problema numa saída: um traceback, um erro ou aviso do Python, ou um
# widget que não virou widget (o texto de reserva que o navegador mostra então).
_PROBLEMA_NO_STDERR = re.compile(r"Traceback|\b\w*(Error|Exception|Warning)\b")
# O painel que não renderizou mostra o seu text/plain, que ensina a trazê-lo de volta.
_WIDGET_QUE_NAO_RENDERIZOU = re.compile(
    rf"<PainelCliente|{re.escape(PARA_APARECER)}|VBox\(|Error displaying widget"
)


class Licao:
    """Uma lição aberta no JupyterLab, numa aba nova do navegador.

    Para os testes:
      - ``rodar_tudo()``: limpa as saídas e roda todas as células pelo menu Run
        (achado pelo ``data-command``, que não muda com o idioma da interface);
      - ``problemas_nas_saidas()``: as saídas com erro, aviso ou widget em texto;
      - ``painel(protocolo)``: o painel de conversa (o primeiro daquele protocolo);
      - ``rodar_celula_nova_no_fim(codigo)``: cria uma célula no fim, escreve e roda;
      - ``guardar(nome)``: salva captura de tela, console e log em ``tests/artefatos/``;
      - ``pagina``: a página do playwright; ``console``: as linhas do console.
    """

    def __init__(self, navegador, jupyterlab, arquivo):
        self.jupyterlab = jupyterlab
        self.arquivo = arquivo
        self.console = []
        self.pagina = navegador.new_page(viewport={"width": 1400, "height": 1000})
        self.pagina.set_default_timeout(PRAZO_DE_UMA_ACAO_MS)
        self.pagina.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))
        self.pagina.on("pageerror", lambda erro: self.console.append(f"[pageerror] {erro}"))
        # O notebook à vista (as abas escondidas têm a classe lm-mod-hidden).
        self.notebook = self.pagina.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

    def abrir(self):
        # Uma área de trabalho (workspace) por lição: sem ela, a aba nova
        # reabriria também os notebooks que a aba anterior deixou abertos.
        area = re.sub(r"\W+", "-", self.arquivo)
        self.pagina.goto(self.jupyterlab.url(f"lab/workspaces/{area}/tree/{self.arquivo}"))
        self.notebook.locator(".jp-Cell").first.wait_for()
        self.ativar()
        return self

    def ativar(self):
        """Clica no notebook e espera o JupyterLab tomá-lo como o "atual".

        Os itens de menu que agem sobre o notebook (limpar saídas, rodar tudo)
        ficam desativados enquanto o JupyterLab não marca a aba com
        ``jp-mod-current``; logo depois de a página carregar isso pode demorar.
        """
        self.notebook.locator(".jp-Cell .jp-InputPrompt").first.click()
        nome = Path(self.arquivo).name
        aba = self.pagina.locator(".lm-DockPanel .lm-TabBar-tab.jp-mod-current")
        expect(aba.filter(has_text=nome)).to_have_count(1, timeout=PRAZO_DE_UMA_ACAO_MS)

    def fechar(self):
        self.pagina.close()

    def executar_do_menu(self, comando, tentativas=3):
        """Abre cada menu da barra até achar o item com ``data-command=comando`` e clica.

        Um item desativado (``lm-mod-disabled``) não faz nada quando clicado:
        nesse caso o menu fecha, o notebook é ativado de novo e tenta outra
        vez, no máximo ``tentativas`` vezes.
        """
        for _ in range(tentativas):
            item = self._abrir_o_menu_com(comando)
            if "lm-mod-disabled" not in (item.get_attribute("class") or ""):
                item.click()
                return
            self.pagina.keyboard.press("Escape")
            self.ativar()
        raise AssertionError(
            f"o item de menu {comando!r} continuou desativado depois de {tentativas} tentativas"
        )

    def _abrir_o_menu_com(self, comando):
        menus = self.pagina.locator(".lm-MenuBar-item")
        for indice in range(menus.count()):
            menus.nth(indice).click()
            item = self.pagina.locator(f'.lm-Menu .lm-Menu-item[data-command="{comando}"]')
            if item.count():
                return item.first
            self.pagina.keyboard.press("Escape")
        raise AssertionError(f"nenhum menu do JupyterLab tem o comando {comando!r}")

    def rodar_tudo(self):
        """Limpa as saídas guardadas (para não confundir com as novas) e roda tudo."""
        self.executar_do_menu("editmenu:clear-all")
        expect(self.notebook.locator(".jp-CodeCell .jp-InputPrompt").first).to_have_text(
            re.compile(r"\[\s*\]"), timeout=PRAZO_DE_UMA_ACAO_MS
        )
        self.executar_do_menu("runmenu:run-all")
        self.esperar_o_kernel()
        self.conferir_que_todas_as_celulas_rodaram()

    def esperar_o_kernel(self):
        self.pagina.wait_for_function(_TERMINOU_DE_RODAR, timeout=PRAZO_PARA_RODAR_TUDO_MS)

    def conferir_que_todas_as_celulas_rodaram(self):
        marcas = self.notebook.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        sem_numero = [
            str(posicao) for posicao, marca in enumerate(marcas, 1)
            if not re.search(r"\[\d+\]", marca)
        ]
        problemas = "\n---\n".join(self.problemas_nas_saidas()) or "(nenhum erro à vista)"
        assert not sem_numero, (
            f"{self.arquivo}: Run All não rodou as células de código nº "
            f"{', '.join(sem_numero)} (contando só as de código). O que as saídas "
            f"mostram:\n{problemas}"
        )

    def problemas_nas_saidas(self):
        """Textos das saídas que mostram erro, aviso, ou um widget que não renderizou."""
        problemas = []
        for saida in self.pagina.evaluate(_SAIDAS):
            stderr = saida["tipo"] == "application/vnd.jupyter.stderr"
            if (stderr and _PROBLEMA_NO_STDERR.search(saida["texto"])) or (
                _WIDGET_QUE_NAO_RENDERIZOU.search(saida["texto"])
            ):
                problemas.append(saida["texto"].strip()[:2000])
        return problemas

    def conferir_que_nenhuma_saida_mostra_problema(self):
        problemas = self.problemas_nas_saidas()
        assert not problemas, (
            f"{self.arquivo}: saídas com erro, aviso ou widget mostrado como texto:\n"
            + "\n---\n".join(problemas)
        )

    def painel(self, protocolo):
        return self.notebook.locator(f".ecolab-painel.ecolab-{protocolo.lower()}").first

    def rodar_celula_nova_no_fim(self, codigo):
        """Como o aluno: seleciona a última célula, insere outra abaixo, escreve, Ctrl+Enter."""
        celulas = self.notebook.locator(".jp-Notebook .jp-Cell")
        quantas = celulas.count()
        celulas.last.locator(".jp-InputPrompt").click()
        self.notebook.locator(
            '.jp-NotebookPanel-toolbar [data-command="notebook:insert-cell-below"]'
        ).first.click()
        expect(celulas).to_have_count(quantas + 1)
        nova = celulas.last
        nova.locator(".cm-content").click()  # o cursor entra na célula nova
        self.pagina.keyboard.type(codigo)
        expect(nova.locator(".cm-content")).to_have_text(codigo)
        self.pagina.keyboard.press("Control+Enter")
        expect(nova.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"))
        self.esperar_o_kernel()
        return nova

    def guardar(self, nome):
        """Salva captura de tela, console e log do JupyterLab; devolve os caminhos."""
        PASTA_DE_ARTEFATOS.mkdir(exist_ok=True)
        base = PASTA_DE_ARTEFATOS / re.sub(r"[^\w-]+", "_", nome)
        caminhos = {
            "captura de tela": base.with_suffix(".png"),
            "console do navegador": base.with_suffix(".console.txt"),
            "log do JupyterLab": base.with_suffix(".jupyterlab.log"),
        }
        try:
            self.pagina.screenshot(path=caminhos["captura de tela"], full_page=True)
        except Exception as erro:  # a página pode ter morrido: o resto ainda vale
            caminhos["captura de tela"] = f"(não foi possível: {erro})"
        caminhos["console do navegador"].write_text(
            "\n".join(self.console) + "\n", encoding="utf-8"
        )
        shutil.copyfile(self.jupyterlab.log, caminhos["log do JupyterLab"])
        return caminhos


def com_artefatos_se_falhar(teste):
    """Decora um teste que recebe ``licao``: se ele falhar, guarda os artefatos.

    (Uma fixture não serve: o pytest não repassa às fixtures a exceção do teste.)
    """

    @functools.wraps(teste)
    def envolvido(**fixtures):
        licao = fixtures["licao"]
        with guardar_artefatos_se_falhar(licao, f"{Path(licao.arquivo).stem}-{teste.__name__}"):
            return teste(**fixtures)

    return envolvido


@contextmanager
def guardar_artefatos_se_falhar(licao, nome):
    """Se o bloco falhar, salva os artefatos e acrescenta os caminhos à mensagem.

    Pega também ``pytest.fail.Exception``, que é como o pytest-timeout avisa
    que o prazo acabou.
    """
    try:
        yield
    except (Exception, pytest.fail.Exception) as erro:
        caminhos = licao.guardar(nome)
        onde = "Artefatos desta falha (em tests/artefatos/, fora do git):\n" + "\n".join(
            f"  {rotulo}: {caminho}" for rotulo, caminho in caminhos.items()
        )
        if not hasattr(erro, "add_note"):  # Python 3.10: sem notas nas exceções
            raise AssertionError(f"{erro}\n\n{onde}") from erro
        erro.add_note(onde)  # o pytest mostra a nota logo abaixo do erro
        raise
