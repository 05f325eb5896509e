"""Onde não há como capturar: ``CapturaIndisponivel`` diz o que fazer naquele sistema."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import dpkt
import pytest
from ajudantes_captura import exigir_root
from conftest import threads_do_ecolab

from ecolab import ErroEcolab
from ecolab.captura import CapturaIndisponivel, ao_vivo, capturar, programas

RAIZ = Path(__file__).resolve().parent.parent


def nada_funciona(monkeypatch, sistema):
    """Simula um computador ``sistema`` sem privilégio e sem programa de captura."""

    def negado(porta):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(ao_vivo.platform, "system", lambda: sistema)
    monkeypatch.setattr(ao_vivo, "SocketDePacotes", negado)
    monkeypatch.setattr(programas, "programas_de_captura", lambda sistema: [])


def mensagem_em(monkeypatch, sistema):
    nada_funciona(monkeypatch, sistema)
    with pytest.raises(CapturaIndisponivel) as erro:
        with capturar(porta=12001):
            pytest.fail("o bloco não pode rodar sem captura")
    return str(erro.value)


def test_capturaindisponivel_e_do_ecolab():
    assert isinstance(CapturaIndisponivel("Linux", []), ErroEcolab)


def test_no_linux_diz_root_setcap_ou_grupo_wireshark(monkeypatch):
    mensagem = mensagem_em(monkeypatch, "Linux")
    assert "CAP_NET_RAW" in mensagem and "root" in mensagem
    assert f'sudo setcap cap_net_raw=eip "$(readlink -f {sys.executable})"' in mensagem
    assert "sudo usermod -aG wireshark $USER" in mensagem
    assert "o socket de pacotes pede root ou CAP_NET_RAW" in mensagem
    assert "nem dumpcap nem tcpdump estão instalados" in mensagem


def test_no_macos_diz_wireshark_com_chmodbpf(monkeypatch):
    mensagem = mensagem_em(monkeypatch, "Darwin")
    assert "ChmodBPF" in mensagem and "/dev/bpf" in mensagem
    assert "socket de pacotes" not in mensagem  # só existe no Linux: nem foi tentado


def test_no_windows_diz_npcap_com_suporte_a_loopback(monkeypatch):
    mensagem = mensagem_em(monkeypatch, "Windows")
    assert "Npcap" in mensagem and "Support loopback traffic" in mensagem


@pytest.mark.parametrize("sistema", ["Linux", "Darwin", "Windows"])
def test_toda_mensagem_aponta_as_capturas_gravadas(monkeypatch, sistema):
    mensagem = mensagem_em(monkeypatch, sistema)
    assert 'ecolab.captura.captura_gravada("01_tcp")' in mensagem
    assert "02_udp" in mensagem and "03_cabecalhos" in mensagem


def test_sem_captura_nada_fica_rodando(monkeypatch):
    mensagem_em(monkeypatch, "Linux")
    assert not threads_do_ecolab()


def test_no_windows_sem_o_adaptador_de_loopback_diz_qual_falta(monkeypatch):
    nada_funciona(monkeypatch, "Windows")
    monkeypatch.setattr(programas, "programas_de_captura", lambda s: [("dumpcap", "dumpcap.exe")])
    monkeypatch.setattr(
        programas, "lista_de_interfaces", lambda caminho: "1. \\Device\\NPF_{X} (Ethernet)\n")
    with pytest.raises(CapturaIndisponivel, match="não achou o adaptador de loopback do Npcap"):
        capturar(porta=12001).iniciar()


CAPTURAR_SEM_PRIVILEGIO = """
from ecolab.captura import CapturaIndisponivel, capturar
try:
    with capturar(porta=12001):
        print("CAPTUROU AO VIVO")
except CapturaIndisponivel as erro:
    print(erro)
"""


@pytest.fixture
def pacotes_legiveis_por_todos():
    """Uma cópia do ``ecolab`` e do ``dpkt`` numa pasta que o usuário ``nobody`` lê.

    O clone do projeto (e o ``.venv`` dentro dele) pode estar numa pasta só do
    root (``mktemp -d`` cria pastas 700): sem esta cópia, ``nobody`` nem acharia
    o ``ecolab``, e o teste falharia pelo motivo errado.
    """
    pasta = Path(tempfile.mkdtemp(prefix="ecolab-nobody-"))
    try:
        sem_cache = shutil.ignore_patterns("__pycache__")
        shutil.copytree(RAIZ / "ecolab", pasta / "ecolab", ignore=sem_cache)
        shutil.copytree(Path(dpkt.__file__).parent, pasta / "dpkt", ignore=sem_cache)
        for caminho in [pasta, *pasta.rglob("*")]:
            caminho.chmod(0o755 if caminho.is_dir() else 0o644)
        yield pasta
    finally:
        shutil.rmtree(pasta, ignore_errors=True)


def test_usuario_sem_privilegio_de_verdade_recebe_a_explicacao(pacotes_legiveis_por_todos):
    exigir_root()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("sem o setpriv (util-linux) para derrubar os privilégios")
    python = os.path.realpath(sys.executable)  # o do sistema, fora do .venv do clone
    feito = subprocess.run(
        [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
         python, "-s", "-c", CAPTURAR_SEM_PRIVILEGIO],
        cwd=pacotes_legiveis_por_todos,
        env={**os.environ, "HOME": "/tmp", "PYTHONPATH": str(pacotes_legiveis_por_todos)},
        capture_output=True, text=True, timeout=40,
    )
    if "Permission denied" in feito.stderr and "ecolab" not in feito.stdout:
        pytest.skip(f"o usuário nobody não abre o Python ou o ecolab: {feito.stderr[-300:]}")
    assert feito.returncode == 0, feito.stderr
    assert "CAPTUROU AO VIVO" not in feito.stdout
    assert "Não consigo capturar pacotes neste computador" in feito.stdout
    assert "o socket de pacotes pede root ou CAP_NET_RAW" in feito.stdout
    for programa in ("tcpdump", "dumpcap"):
        if shutil.which(programa):  # o programa tentou e disse por que não pôde
            assert f"{programa} não pôde capturar: " in feito.stdout
            assert "permission" in feito.stdout.lower()
