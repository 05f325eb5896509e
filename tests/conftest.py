"""Peças comuns dos testes: servidores que sempre param e a ferramenta nc."""

import os
import shutil
import threading

import pytest

import ecolab

NO_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def exigir_programa(nome, pacote):
    """Devolve o caminho de um programa; sem ele, pula o teste (ou falha, no CI)."""
    caminho = shutil.which(nome)
    if caminho is None:
        mensagem = f"{nome} não está instalado (no Debian/Ubuntu: apt-get install {pacote})"
        if NO_CI:
            pytest.fail(mensagem)
        pytest.skip(mensagem)
    return caminho


@pytest.fixture
def servidor_tcp():
    with ecolab.ServidorTCP() as servidor:
        yield servidor


@pytest.fixture
def servidor_udp():
    with ecolab.ServidorUDP() as servidor:
        yield servidor


@pytest.fixture(autouse=True)
def nenhum_servidor_esquecido():
    """Depois de cada teste, nenhum servidor do ecolab pode continuar rodando."""
    yield
    with ecolab.servidor._trava_ativos:
        esquecidos = list(ecolab.servidor._ativos.values())
    ecolab.parar_todos()
    assert not esquecidos, f"o teste deixou servidores rodando: {esquecidos}"


def threads_do_ecolab():
    return [t for t in threading.enumerate() if t.name.startswith("ecolab")]
