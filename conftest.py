"""A proteção do aluno: os testes nunca tocam os arquivos dele.

Este arquivo fica na raiz do repositório, e não em ``tests/``, para valer para
**todo** item que o pytest roda: os testes de ``tests/`` e as células dos
notebooks sob o nbval (``notebooks/``), inclusive com ``pytest notebooks/``.

Antes de qualquer teste (e antes de qualquer kernel do nbval, do nbclient ou do
JupyterLab dos testes no navegador), ``pytest_configure``:

1. anota onde fica o arquivo de progresso **de verdade** (calculado com o
   ambiente original: ``ECOLAB_PROGRESSO``, ``HOME``, ``XDG_DATA_HOME``...),
   na variável ``ECOLAB_TESTES_PROGRESSO_REAL``;
2. aponta ``HOME``, ``USERPROFILE``, ``XDG_DATA_HOME``, ``XDG_CONFIG_HOME``,
   ``XDG_CACHE_HOME``, ``APPDATA``, ``LOCALAPPDATA`` e ``ECOLAB_PROGRESSO``
   para uma pasta temporária desta sessão. Subprocessos e kernels herdam o
   ambiente, então tudo o que eles escreverem vai para lá. (A configuração do
   pip do usuário continua valendo, só para leitura, por ``PIP_CONFIG_FILE``.)

A guarda confere, em volta de **cada** item (as células do nbval não usam
fixtures: por isso são ganchos, e não uma fixture), um retrato do arquivo de
progresso real e da pasta dele (existe? tamanho, ``mtime_ns``, sha256): se
mudou, o item falha. No fim da sessão, o retrato é conferido mais uma vez
(para o que escreve ao desligar).
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ecolab.exercicios import arquivo_de_progresso

# Um subprocesso de teste (xdist, por exemplo) herda a casa temporária: o caminho
# real vem do processo que começou a sessão, por esta variável.
VARIAVEL_DO_CAMINHO_REAL = "ECOLAB_TESTES_PROGRESSO_REAL"
VARIAVEIS_DA_CASA = ("HOME", "USERPROFILE", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                     "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA")

_CHAVE_DO_RETRATO = pytest.StashKey()
CAMINHO_REAL_DO_PROGRESSO = None  # preenchido por pytest_configure
_retrato_do_inicio = None
_casa_temporaria = None  # só no processo que a criou (que também a apaga)


def pytest_configure(config):
    """Anota o progresso real e muda a casa para uma pasta temporária da sessão."""
    global CAMINHO_REAL_DO_PROGRESSO, _retrato_do_inicio, _casa_temporaria
    real = os.environ.get(VARIAVEL_DO_CAMINHO_REAL)
    if real is None:
        real = str(arquivo_de_progresso.caminho_do_progresso())
        os.environ[VARIAVEL_DO_CAMINHO_REAL] = real
        _casa_temporaria = _mudar_para_casa_temporaria()
    CAMINHO_REAL_DO_PROGRESSO = Path(real)
    _retrato_do_inicio = retrato(CAMINHO_REAL_DO_PROGRESSO)


def _mudar_para_casa_temporaria():
    _manter_configuracao_do_pip()
    casa = Path(tempfile.mkdtemp(prefix="ecolab-testes-casa-"))
    os.environ["HOME"] = os.environ["USERPROFILE"] = str(casa)
    os.environ["XDG_DATA_HOME"] = str(casa / ".local" / "share")
    os.environ["XDG_CONFIG_HOME"] = str(casa / ".config")
    os.environ["XDG_CACHE_HOME"] = str(casa / ".cache")
    os.environ["APPDATA"] = str(casa / "AppData" / "Roaming")
    os.environ["LOCALAPPDATA"] = str(casa / "AppData" / "Local")
    # O mesmo caminho em todo sistema, para a tabela de progresso() mostrar o mesmo
    # texto ("~/.local/share/ecolab/progresso.json") que o nbval compara.
    temporario = casa / ".local" / "share" / "ecolab" / "progresso.json"
    os.environ[arquivo_de_progresso.VARIAVEL] = str(temporario)
    return casa


def _manter_configuracao_do_pip():
    """O pip dos testes continua lendo a configuração do usuário (índices, pasta de wheels).

    Só leitura: ``PIP_CONFIG_FILE`` aponta para o arquivo que já existe.
    """
    if "PIP_CONFIG_FILE" in os.environ:
        return
    casa = Path.home()
    candidatos = [
        Path(os.environ.get("XDG_CONFIG_HOME") or casa / ".config") / "pip" / "pip.conf",
        casa / ".pip" / "pip.conf",
        casa / "Library" / "Application Support" / "pip" / "pip.conf",
        Path(os.environ.get("APPDATA") or casa / "AppData" / "Roaming") / "pip" / "pip.ini",
    ]
    for candidato in candidatos:
        if candidato.is_file():
            os.environ["PIP_CONFIG_FILE"] = str(candidato)
            return


def pytest_unconfigure(config):
    if _casa_temporaria is not None:
        shutil.rmtree(_casa_temporaria, ignore_errors=True)


def retrato(caminho):
    """O que se vê do arquivo (e da pasta dele): muda se alguém escrever ali."""
    pasta = caminho.parent
    vizinhos = sorted(p.name for p in pasta.iterdir()) if pasta.is_dir() else None
    if not caminho.exists():
        return {"existe": False, "pasta": vizinhos}
    estado = caminho.stat()
    return {"existe": True, "tamanho": estado.st_size, "mtime_ns": estado.st_mtime_ns,
            "sha256": hashlib.sha256(caminho.read_bytes()).hexdigest(), "pasta": vizinhos}


def _mensagem_da_guarda(quem):
    return (f"{quem} escreveu no arquivo de progresso REAL do aluno "
            f"({CAMINHO_REAL_DO_PROGRESSO}) ou na pasta dele. Testes devem usar o "
            f"progresso temporário (variável {arquivo_de_progresso.VARIAVEL}).")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.stash[_CHAVE_DO_RETRATO] = retrato(CAMINHO_REAL_DO_PROGRESSO)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    antes = item.stash.get(_CHAVE_DO_RETRATO, None)
    if antes is not None and retrato(CAMINHO_REAL_DO_PROGRESSO) != antes:
        pytest.fail(_mensagem_da_guarda(f"O teste {item.nodeid}"), pytrace=False)


def pytest_sessionfinish(session):
    if _retrato_do_inicio is None or retrato(CAMINHO_REAL_DO_PROGRESSO) == _retrato_do_inicio:
        return
    print("\n" + _mensagem_da_guarda("Algum teste (ou o fim da sessão)"))
    session.exitstatus = pytest.ExitCode.TESTS_FAILED

