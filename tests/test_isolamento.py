"""Os testes nunca tocam os arquivos do aluno (veja o ``conftest.py`` da raiz).

Quem estuda roda os testes no próprio computador, onde já existe um arquivo de
progresso de verdade. Aqui se prova que:

- dentro da suíte, a casa e o progresso são temporários (e um teste que anota
  progresso sem fixture nenhuma escreve lá, não no arquivo real);
- um pedaço da suíte (exercícios e uma lição pelo nbval), rodado num
  subprocesso com uma casa plantada, deixa o progresso plantado idêntico byte a byte;
- a guarda falha de verdade quando um teste, ou uma célula sob o nbval, escreve
  no arquivo real.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from ecolab.exercicios import arquivo_de_progresso, progresso

RAIZ = Path(__file__).resolve().parent.parent
VARIAVEL_DO_CAMINHO_REAL = "ECOLAB_TESTES_PROGRESSO_REAL"  # escrita pelo conftest.py da raiz
VARIAVEIS_DA_CASA = ("HOME", "USERPROFILE", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                     "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA")
PROGRESSO_PLANTADO = (
    '{"versao": 1, "exercicios": {"tcp_perguntar": {"estado": "feito", '
    '"tentativas": 3, "ultima": "2026-01-02T03:04:05"}}}\n'
).encode("utf-8")


def caminho_real():
    return Path(os.environ[VARIAVEL_DO_CAMINHO_REAL])


def conteudo_e_data(caminho):
    """O conteúdo e o ``mtime_ns`` (``None`` se o arquivo não existe)."""
    if not caminho.exists():
        return None
    return caminho.read_bytes(), caminho.stat().st_mtime_ns


def test_a_casa_e_o_progresso_da_sessao_sao_temporarios():
    casa = Path(os.environ["HOME"])
    assert casa.name.startswith("ecolab-testes-casa-")
    assert Path.home() == casa
    assert arquivo_de_progresso.caminho_do_progresso().is_relative_to(casa)
    assert not caminho_real().is_relative_to(casa)
    # o mesmo texto em todo sistema, para o nbval comparar a tabela da lição 00
    assert "Arquivo: ~/.local/share/ecolab/progresso.json" in str(progresso())


def test_anotar_sem_fixture_escreve_no_progresso_temporario_e_nao_no_real():
    real_antes = conteudo_e_data(caminho_real())
    assert arquivo_de_progresso.anotar("udp_pinger", passou=False, impressao="sonda")
    assert "udp_pinger" in arquivo_de_progresso.carregar()["exercicios"]
    assert conteudo_e_data(caminho_real()) == real_antes


def ambiente_com_casa_plantada(casa):
    """O ambiente de um aluno com a casa ``casa`` (sem nenhuma variável dos testes)."""
    ambiente = {nome: valor for nome, valor in os.environ.items()
                if nome not in VARIAVEIS_DA_CASA
                and nome not in (arquivo_de_progresso.VARIAVEL, VARIAVEL_DO_CAMINHO_REAL)}
    ambiente["HOME"] = ambiente["USERPROFILE"] = str(casa)
    ambiente["PYTHONPATH"] = str(RAIZ)
    ambiente["PYTHONDONTWRITEBYTECODE"] = "1"
    return ambiente


def plantar_progresso(casa, ambiente):
    """Escreve ``PROGRESSO_PLANTADO`` onde o ecolab procuraria, com o ``ambiente`` dado."""
    caminho = subprocess.run(
        [sys.executable, "-c", "from ecolab.exercicios.arquivo_de_progresso import "
         "caminho_do_progresso as c; print(c())"],
        env=ambiente, capture_output=True, text=True, check=True,
    ).stdout.strip()
    caminho = Path(caminho)
    assert caminho.is_relative_to(casa)
    caminho.parent.mkdir(parents=True)
    caminho.write_bytes(PROGRESSO_PLANTADO)
    return caminho


def rodar_pytest(argumentos, ambiente, pasta):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *argumentos],
        env=ambiente, cwd=pasta, capture_output=True, text=True, timeout=280,
    )


@pytest.mark.timeout(300)
def test_parte_da_suite_com_nbval_deixa_o_progresso_plantado_identico(tmp_path):
    casa = tmp_path / "casa do aluno"
    ambiente = ambiente_com_casa_plantada(casa)
    plantado = plantar_progresso(casa, ambiente)
    antes = plantado.stat().st_mtime_ns
    sonda = tmp_path / "sonda_do_kernel.ipynb"
    escrever_notebook(sonda, CELULAS_QUE_ANOTAM_NO_KERNEL)
    resultado = rodar_pytest([
        "-o", "addopts=", "--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=60",
        "-rA",
        "tests/test_exercicios.py::test_a_solucao_de_referencia_passa_e_fica_anotada_como_feita",
        "tests/test_exercicios.py::test_tentativa_so_conta_quando_a_resposta_muda",
        "tests/test_isolamento.py::"
        "test_anotar_sem_fixture_escreve_no_progresso_temporario_e_nao_no_real",
        "notebooks/01_tcp.ipynb", str(sonda),
    ], ambiente, RAIZ)
    saida = resultado.stdout
    assert resultado.returncode == 0, saida[-3000:] + resultado.stderr[-2000:]
    assert "PASSED notebooks/01_tcp.ipynb::Cell" in saida
    assert "PASSED ::Cell 1" in saida  # a sonda (fora do repositório: sem caminho no nome)
    assert plantado.read_bytes() == PROGRESSO_PLANTADO
    assert plantado.stat().st_mtime_ns == antes
    assert sorted(p.name for p in plantado.parent.iterdir()) == ["progresso.json"]


# Um kernel (como os do nbval) herda a casa temporária e anota o progresso lá.
CELULAS_QUE_ANOTAM_NO_KERNEL = [
    "import os\nassert 'ecolab-testes-casa-' in os.environ['HOME'], os.environ['HOME']",
    "from ecolab.exercicios import verificar\n\n\ndef responder(mensagem):\n"
    "    return mensagem.upper()\n\n\nverificar('tcp_eco_maiusculas', responder)",
]


def escrever_notebook(caminho, celulas):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(codigo, execution_count=i + 1)
        for i, codigo in enumerate(celulas)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, caminho)


TESTE_QUE_ESCREVE_NO_REAL = '''
import os
from pathlib import Path


def test_escreve_no_progresso_real():
    Path(os.environ["ECOLAB_TESTES_PROGRESSO_REAL"]).write_text("{}", "utf-8")


def test_nao_escreve_nada():
    assert True
'''
CELULA_QUE_ESCREVE_NO_REAL = (
    "import os\nfrom pathlib import Path\n"
    "Path(os.environ['ECOLAB_TESTES_PROGRESSO_REAL']).write_text('{\"nb\": 1}', 'utf-8')"
)


def montar_suite_de_sonda(pasta):
    """Uma cópia em miniatura do repositório: o conftest.py da raiz, um teste e um notebook."""
    shutil.copy(RAIZ / "conftest.py", pasta / "conftest.py")
    (pasta / "tests").mkdir()
    (pasta / "tests" / "test_sonda.py").write_text(TESTE_QUE_ESCREVE_NO_REAL, "utf-8")
    (pasta / "notebooks").mkdir()
    escrever_notebook(pasta / "notebooks" / "sonda.ipynb", [CELULA_QUE_ESCREVE_NO_REAL])


@pytest.mark.timeout(120)
def test_a_guarda_falha_o_teste_e_a_celula_do_nbval_que_escrevem_no_progresso_real(tmp_path):
    casa = tmp_path / "casa do aluno"
    ambiente = ambiente_com_casa_plantada(casa)
    plantado = plantar_progresso(casa, ambiente)
    pasta = tmp_path / "suite"
    pasta.mkdir()
    montar_suite_de_sonda(pasta)
    resultado = rodar_pytest(["--nbval", "--nbval-current-env", "-rA", "tests", "notebooks"],
                             ambiente, pasta)
    saida = resultado.stdout
    assert resultado.returncode == pytest.ExitCode.TESTS_FAILED, saida
    assert "escreveu no arquivo de progresso REAL" in saida
    assert "ERROR tests/test_sonda.py::test_escreve_no_progresso_real" in saida
    assert "ERROR notebooks/sonda.ipynb::Cell 0" in saida
    assert "PASSED tests/test_sonda.py::test_nao_escreve_nada" in saida
    assert plantado.read_text("utf-8") == '{"nb": 1}'  # as sondas escreveram mesmo: a guarda viu
