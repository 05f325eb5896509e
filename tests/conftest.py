"""Peças comuns dos testes: servidores que sempre param e a ferramenta nc.

A casa e o progresso temporários (e a guarda do progresso real do aluno) ficam
no ``conftest.py`` da raiz do repositório, que vale também para os notebooks.
"""

import os
import shutil
import threading

import pytest

import ecolab

NO_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def falhar_ou_pular(motivo):
    """No CI a falta de uma ferramenta é falha; no computador de alguém, só um pulo."""
    if NO_CI:
        pytest.fail(motivo)
    pytest.skip(motivo)


def exigir_programa(nome, pacote):
    """Devolve o caminho de um programa; sem ele, pula o teste (ou falha, no CI)."""
    caminho = shutil.which(nome)
    if caminho is None:
        falhar_ou_pular(f"{nome} não está instalado (no Debian/Ubuntu: apt-get install {pacote})")
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


@pytest.fixture(scope="module")
def chromium():
    """Um Chromium (do Debian, via playwright) por arquivo de testes no navegador."""
    from navegador import abrir_chromium, faltando_para_o_navegador

    falta = faltando_para_o_navegador()
    if falta:
        falhar_ou_pular(f"Os testes no navegador precisam de: {falta}")
    with abrir_chromium() as navegador:
        yield navegador
