"""O caminho de um aluno de verdade, do começo ao fim, sem que os testes estraguem nada.

O aluno abre o curso com o lançador (a cópia dele vai para ``~/ecolab-curso``),
estuda a lição 01, resolve um exercício (uma resposta errada, depois a certa) e
salva o notebook. Depois roda o comando de teste do README. Os testes têm que
passar (eles usam as lições originais de ``notebooks/``, não a cópia dele), e o
progresso e o notebook salvos do aluno têm que continuar idênticos, byte a byte.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
VARIAVEIS_DOS_TESTES = ("HOME", "USERPROFILE", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                        "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA", "ECOLAB_PROGRESSO",
                        "ECOLAB_TESTES_PROGRESSO_REAL")

ESTUDAR = '''
import sys
import nbformat
from nbclient import NotebookClient

caminho, resposta = sys.argv[1], sys.argv[2]
notebook = nbformat.read(caminho, as_version=4)
[celula] = [c for c in notebook.cells
            if c.cell_type == "code" and c.source.startswith("def responder(mensagem):")]
celula.source = "def responder(mensagem):\\n    return " + resposta
NotebookClient(notebook, timeout=60, kernel_name="python3",
               resources={"metadata": {"path": str(sys.argv[3])}}).execute()
nbformat.write(notebook, caminho)  # o aluno salva (Ctrl+S)
'''


def ambiente_do_aluno(casa):
    """O ambiente de quem estuda: a casa dele, nenhuma variável dos testes."""
    ambiente = {k: v for k, v in os.environ.items() if k not in VARIAVEIS_DOS_TESTES}
    ambiente["HOME"] = ambiente["USERPROFILE"] = str(casa)
    ambiente["PYTHONDONTWRITEBYTECODE"] = "1"
    return ambiente


def rodar(comando, ambiente, timeout=240):
    resultado = subprocess.run(comando, env=ambiente, cwd=RAIZ, capture_output=True,
                               text=True, timeout=timeout)
    assert resultado.returncode == 0, resultado.stdout[-3000:] + resultado.stderr[-3000:]
    return resultado.stdout


@pytest.mark.timeout(400)
def test_estudar_resolver_e_depois_rodar_os_testes_nao_toca_no_trabalho_do_aluno(tmp_path):
    casa = tmp_path / "casa da aluna"
    ambiente = ambiente_do_aluno(casa)
    rodar([sys.executable, "-m", "ecolab", "--so-copiar"], ambiente)
    pasta = casa / "ecolab-curso"
    licao = pasta / "01_tcp.ipynb"
    assert licao.exists() and (pasta / "solucoes").is_dir()

    for resposta in ("mensagem.capitalize()", "mensagem.upper()"):  # errou, depois acertou
        rodar([sys.executable, "-c", ESTUDAR, str(licao), resposta, str(pasta)], ambiente)
    progresso = casa / ".local" / "share" / "ecolab" / "progresso.json"
    if sys.platform == "darwin":
        progresso = casa / "Library" / "Application Support" / "ecolab" / "progresso.json"
    texto = progresso.read_text("utf-8")
    assert '"tcp_eco_maiusculas"' in texto and '"feito"' in texto and '"tentativas": 2' in texto
    progresso_antes, licao_antes = progresso.read_bytes(), licao.read_bytes()

    saida = rodar([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                   # o notebook das soluções passa nos exercícios da lição 05: sem a
                   # proteção dos testes, ele anotaria "feito" no progresso da aluna
                   "notebooks/01_tcp.ipynb", "notebooks/solucoes/solucao_05_transferencia_confiavel.ipynb",
                   "tests/test_exercicios.py", "-k", "ipynb or tcp_eco_maiusculas"],
                  ambiente, timeout=380)
    assert " passed" in saida and "failed" not in saida

    assert progresso.read_bytes() == progresso_antes, "os testes mexeram no progresso da aluna"
    assert licao.read_bytes() == licao_antes, "os testes mexeram na lição salva da aluna"
