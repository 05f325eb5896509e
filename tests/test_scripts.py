"""Os quatro scripts do exemplo original, rodando como processos de verdade."""

import os
import re
import signal
import subprocess
import sys

import pytest

from test_udp import porta_udp_livre
from test_tcp import porta_livre

AMBIENTE = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
DIALOGO = (
    "Digite uma mensagem: Mensagem enviada para o servidor: Olá, servidor!\n"
    "Resposta do servidor: Resposta do servidor: Olá, servidor!\n"
    "Digite uma mensagem: "
)


def iniciar_script(modulo, *argumentos, **opcoes):
    return subprocess.Popen(
        [sys.executable, "-m", f"ecolab.{modulo}", *argumentos],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8", env=AMBIENTE, **opcoes,
    )


@pytest.fixture(params=["tcp", "udp"])
def servidor_script(request):
    """Um ``python -m ecolab.servidor_X --porta 0`` rodando; devolve (protocolo, porta, processo)."""
    processo = iniciar_script(f"servidor_{request.param}", "--porta", "0")
    try:
        primeira_linha = processo.stdout.readline()
        achado = re.search(r"escutando em 127\.0\.0\.1:(\d+)", primeira_linha)
        assert achado, f"o servidor não disse onde escuta: {primeira_linha!r}"
        yield request.param, int(achado.group(1)), processo
    finally:
        if processo.poll() is None:
            processo.kill()
        processo.communicate(timeout=10)


def rodar_cliente(protocolo, porta, entrada, *extras):
    return subprocess.run(
        [sys.executable, "-m", f"ecolab.cliente_{protocolo}", "--porta", str(porta), *extras],
        input=entrada, capture_output=True, text=True, encoding="utf-8",
        env=AMBIENTE, timeout=30,
    )


def test_dialogo_original_e_fim_com_linha_vazia(servidor_script):
    protocolo, porta, _ = servidor_script
    resultado = rodar_cliente(protocolo, porta, "Olá, servidor!\n\n")
    assert resultado.stdout == DIALOGO
    assert resultado.returncode == 0 and resultado.stderr == ""


@pytest.mark.parametrize("fim", ["sair\n", ""], ids=["sair", "fim_da_entrada"])
def test_cliente_termina_com_sair_ou_fim_da_entrada(servidor_script, fim):
    protocolo, porta, _ = servidor_script
    resultado = rodar_cliente(protocolo, porta, "Olá, servidor!\n" + fim)
    assert resultado.stdout.startswith(DIALOGO)
    assert resultado.returncode == 0 and "Traceback" not in resultado.stderr


def test_servidor_mostra_cada_mensagem_e_para_com_ctrl_c(servidor_script):
    protocolo, porta, processo = servidor_script
    rodar_cliente(protocolo, porta, "Olá, servidor!\n")
    assert processo.stdout.readline() == "Mensagem recebida: Olá, servidor!\n"
    processo.send_signal(signal.SIGINT)
    saida, erros = processo.communicate(timeout=10)
    assert processo.returncode == 0
    assert "Servidor encerrado." in saida and "Traceback" not in erros


def test_cliente_para_com_ctrl_c_sem_traceback(servidor_script):
    protocolo, porta, _ = servidor_script
    cliente = iniciar_script(f"cliente_{protocolo}", "--porta", str(porta))
    cliente.stdin.write("Olá, servidor!\n")
    cliente.stdin.flush()
    assert cliente.stdout.readline().endswith("Olá, servidor!\n")
    cliente.stdout.readline()  # a linha da resposta
    prompt = "Digite uma mensagem: "
    assert cliente.stdout.read(len(prompt)) == prompt  # o cliente voltou ao input()
    cliente.send_signal(signal.SIGINT)
    _, erros = cliente.communicate(timeout=10)
    assert "Traceback" not in erros and cliente.returncode == 0


def test_cliente_tcp_sem_servidor_explica_e_sai_com_1():
    resultado = rodar_cliente("tcp", porta_livre(), "Olá, servidor!\n")
    assert resultado.returncode == 1
    assert "Servidor indisponível" in resultado.stderr and "Traceback" not in resultado.stderr


def test_cliente_udp_sem_servidor_explica_e_sai_com_1():
    resultado = rodar_cliente("udp", porta_udp_livre(), "Olá, servidor!\n", "--timeout", "0.3")
    assert resultado.returncode == 1
    assert "Tempo esgotado" in resultado.stderr and "Traceback" not in resultado.stderr


def test_servidor_em_porta_ocupada_explica_e_sai_com_1(servidor_script):
    protocolo, porta, _ = servidor_script
    segundo = iniciar_script(f"servidor_{protocolo}", "--porta", str(porta))
    saida, erros = segundo.communicate(timeout=10)
    assert segundo.returncode == 1
    assert "já está em uso" in erros and "Traceback" not in erros
    assert f"--porta {porta + 1}" in erros


def test_porta_padrao_e_12000_e_nao_5000():
    ajuda = subprocess.run(
        [sys.executable, "-m", "ecolab.cliente_tcp", "--help"],
        capture_output=True, text=True, env=AMBIENTE, timeout=30,
    )
    assert "12000" in ajuda.stdout and "--host" in ajuda.stdout
