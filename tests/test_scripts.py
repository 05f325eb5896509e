"""Os quatro scripts do exemplo original, rodando como processos de verdade.

Todo processo iniciado aqui é morto no fim do teste (mesmo se o teste falhar), e
toda espera tem limite. Os scripts não aceitam porta 0 no cliente, então cada
teste escolhe uma porta livre com um socket temporário.
"""

import os
import re
import signal
import socket
import subprocess
import sys
from contextlib import contextmanager

import pytest

from conftest import exigir_programa
from test_argumentos import INGLES
from test_tcp import porta_livre
from test_udp import porta_udp_livre

AMBIENTE = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}
PROMPT = "Digite uma mensagem: "
DIALOGO = (
    f"{PROMPT}Mensagem enviada para o servidor: Olá, servidor!\n"
    "Resposta do servidor: Resposta do servidor: Olá, servidor!\n"
    f"{PROMPT}"
)
SCRIPTS = ["cliente_tcp", "cliente_udp", "servidor_tcp", "servidor_udp"]
CONSELHOS_DE_NOTEBOOK = ("célula", "servidor.iniciar()", "porta=0")
MOTIVO_DA_PARADA = "o servidor foi parado"


def iniciar(comando):
    return subprocess.Popen(
        comando, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8", env=AMBIENTE,
    )


def iniciar_script(modulo, *argumentos):
    return iniciar([sys.executable, "-m", f"ecolab.{modulo}", *argumentos])


@contextmanager
def rodando(processo):
    """Entrega o processo e, no fim, mata-o se ainda estiver vivo."""
    try:
        yield processo
    finally:
        if processo.poll() is None:
            processo.kill()
        processo.communicate(timeout=10)


@contextmanager
def servidor_em(protocolo, porta):
    """Um ``python -m ecolab.servidor_X --porta P`` escutando; entrega (porta, processo)."""
    with rodando(iniciar_script(f"servidor_{protocolo}", "--porta", str(porta))) as processo:
        primeira_linha = processo.stdout.readline()
        achado = re.search(r"escutando em 127\.0\.0\.1:(\d+)", primeira_linha)
        assert achado, f"o servidor não disse onde escuta: {primeira_linha!r}"
        yield int(achado.group(1)), processo


@pytest.fixture(params=["tcp", "udp"])
def servidor_script(request):
    """Um servidor de linha de comando numa porta escolhida pelo sistema.

    Entrega (protocolo, porta, processo).
    """
    with servidor_em(request.param, 0) as (porta, processo):
        yield request.param, porta, processo


def rodar_cliente(protocolo, porta, entrada, *extras):
    return subprocess.run(
        [sys.executable, "-m", f"ecolab.cliente_{protocolo}", "--porta", str(porta), *extras],
        input=entrada, capture_output=True, text=True, encoding="utf-8",
        env=AMBIENTE, timeout=30,
    )


def ler_ate_o_prompt(cliente):
    """Lê a saída do cliente até ele perguntar ``Digite uma mensagem:``; devolve o que leu."""
    lido = ""
    while not lido.endswith(PROMPT):
        letra = cliente.stdout.read(1)
        assert letra, f"o cliente terminou sem perguntar de novo: {lido!r}"
        lido += letra
    return lido


def digitar(processo, linha):
    processo.stdin.write(linha + "\n")
    processo.stdin.flush()


def sem_conselho_de_notebook(texto):
    return not any(conselho in texto for conselho in CONSELHOS_DE_NOTEBOOK)


# ----- o diálogo do exemplo original -------------------------------------


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
    with rodando(iniciar_script(f"cliente_{protocolo}", "--porta", str(porta))) as cliente:
        ler_ate_o_prompt(cliente)
        digitar(cliente, "Olá, servidor!")
        assert cliente.stdout.readline().endswith("Olá, servidor!\n")
        cliente.stdout.readline()  # a linha da resposta
        ler_ate_o_prompt(cliente)  # o cliente voltou ao input()
        cliente.send_signal(signal.SIGINT)
        _, erros = cliente.communicate(timeout=10)
    assert "Traceback" not in erros and cliente.returncode == 0


# ----- sem servidor, o cliente explica e continua ------------------------


def test_cliente_tcp_sem_servidor_avisa_ao_iniciar_e_continua_perguntando():
    porta = porta_livre()
    resultado = rodar_cliente("tcp", porta, "Olá, servidor!\nde novo\n")
    assert resultado.stdout.startswith(
        f"Nenhum servidor TCP escuta em 127.0.0.1:{porta} (conexão recusada).\n"
        f"Inicie-o em outro terminal:  python -m ecolab.servidor_tcp --porta {porta}\n"
    )
    assert resultado.stdout.count(PROMPT) == 3  # as duas mensagens e o fim da entrada
    assert resultado.stdout.count("Mensagem não enviada: nenhum servidor TCP escuta") == 2
    assert sem_conselho_de_notebook(resultado.stdout)
    assert resultado.returncode == 0 and resultado.stderr == ""


def test_cliente_udp_sem_servidor_diz_que_nada_chegou_e_continua_perguntando():
    porta = porta_udp_livre()
    resultado = rodar_cliente("udp", porta, "Olá, servidor!\nde novo\n", "--timeout", "0,3")
    assert "Mensagem enviada para o servidor: de novo\n" in resultado.stdout
    assert resultado.stdout.count(f"Nenhuma resposta de 127.0.0.1:{porta} em 0,3\xa0s.") == 2
    assert f"inicie-o em outro terminal:  python -m ecolab.servidor_udp --porta {porta}\n" in (
        resultado.stdout
    )
    assert resultado.stdout.count(PROMPT) == 3
    assert sem_conselho_de_notebook(resultado.stdout)
    assert resultado.returncode == 0 and resultado.stderr == ""


def test_cliente_tcp_com_servidor_mudo_diz_que_o_tempo_esgotou_e_continua_perguntando():
    with socket.create_server(("127.0.0.1", 0)) as mudo:  # aceita conexões, nunca responde
        porta = mudo.getsockname()[1]
        resultado = rodar_cliente("tcp", porta, "Olá, servidor!\nde novo\n", "--timeout", "0,3")
    enviada = "Mensagem enviada para o servidor: Olá, servidor!\n"
    assert resultado.stdout.startswith(PROMPT + enviada)
    assert resultado.stdout.count(f"Nenhuma resposta de 127.0.0.1:{porta} em 0,3\xa0s.\n") == 2
    assert "aumente --timeout" in resultado.stdout
    assert resultado.stdout.count(PROMPT) == 3
    assert resultado.returncode == 0 and resultado.stderr == ""


@pytest.mark.parametrize("protocolo", ["tcp", "udp"])
def test_cliente_usa_o_servidor_que_aparece_depois(protocolo):
    porta = porta_livre() if protocolo == "tcp" else porta_udp_livre()
    with rodando(iniciar_script(f"cliente_{protocolo}", "--porta", str(porta))) as cliente:
        inicio = ler_ate_o_prompt(cliente)
        assert ("Nenhum servidor TCP escuta" in inicio) == (protocolo == "tcp")
        with servidor_em(protocolo, porta):
            digitar(cliente, "Olá, servidor!")
            assert ler_ate_o_prompt(cliente) == DIALOGO.removeprefix(PROMPT)
            saida, erros = cliente.communicate(timeout=10)
    assert cliente.returncode == 0 and erros == ""


# ----- ajuda e argumentos em português -----------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_ajuda_de_cada_script_em_portugues(script):
    ajuda = subprocess.run(
        [sys.executable, "-m", f"ecolab.{script}", "--help"],
        capture_output=True, text=True, encoding="utf-8", env=AMBIENTE, timeout=30,
    )
    assert ajuda.returncode == 0 and ajuda.stderr == ""
    assert ajuda.stdout.startswith(f"uso: python -m ecolab.{script} [-h]")
    assert "opções:" in ajuda.stdout and "-h, --help" in ajuda.stdout
    assert "mostra esta ajuda e sai" in ajuda.stdout
    assert "12000" in ajuda.stdout and "--host" in ajuda.stdout  # a porta padrão não é 5000
    assert not INGLES.search(ajuda.stdout), ajuda.stdout


@pytest.mark.parametrize("script, argumentos, trecho", [
    ("cliente_tcp", ["--porta", "x"], "argumento --porta: a porta é um número inteiro de 0 a"),
    ("servidor_udp", ["--porta", "70000"], "a porta é um número inteiro de 0 a 65535"),
    ("cliente_tcp", ["--porta"], "argumento --porta: falta o valor depois da opção"),
    ("cliente_udp", ["--timeout", "0"], "argumento --timeout: o tempo é um número de segundos"),
    ("servidor_tcp", ["--xyz"], "argumentos desconhecidos: --xyz"),
    ("cliente_udp", ["--porta", "0"], "a porta 0 só serve para o servidor"),
])
def test_argumento_errado_da_mensagem_em_portugues_e_codigo_2(script, argumentos, trecho):
    resultado = subprocess.run(
        [sys.executable, "-m", f"ecolab.{script}", *argumentos],
        capture_output=True, text=True, encoding="utf-8", env=AMBIENTE, timeout=30,
    )
    assert resultado.returncode == 2 and resultado.stdout == ""
    assert resultado.stderr.startswith(f"uso: python -m ecolab.{script} [-h]")
    assert f"python -m ecolab.{script}: erro: " in resultado.stderr
    assert trecho in resultado.stderr
    assert not INGLES.search(resultado.stderr), resultado.stderr


# ----- o servidor: porta em uso e Ctrl+C ---------------------------------


def test_servidor_em_porta_ocupada_sugere_uma_porta_livre_de_verdade(servidor_script):
    protocolo, porta, _ = servidor_script
    segundo = iniciar_script(f"servidor_{protocolo}", "--porta", str(porta))
    _, erros = segundo.communicate(timeout=10)
    assert segundo.returncode == 1
    assert "já está em uso" in erros and "Traceback" not in erros
    sugerida = int(re.search(r"--porta (\d+)", erros).group(1))
    assert sugerida != porta
    assert f"python -m ecolab.cliente_{protocolo} --porta {sugerida}" in erros
    tipo = socket.SOCK_STREAM if protocolo == "tcp" else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET, tipo) as sock:
        sock.bind(("127.0.0.1", sugerida))  # a sugerida está mesmo livre
    assert sem_conselho_de_notebook(erros)


def test_servidor_aberto_para_a_rede_avisa_em_palavras_de_terminal():
    with servidor_em("tcp", 0) as (_, servidor):
        servidor.send_signal(signal.SIGINT)
        _, erros = servidor.communicate(timeout=10)
    assert erros == ""  # com o padrão, 127.0.0.1, nenhum aviso
    with rodando(iniciar_script("servidor_tcp", "--host", "0.0.0.0", "--porta", "0")) as servidor:
        assert "escutando em 0.0.0.0:" in servidor.stdout.readline()
        servidor.send_signal(signal.SIGINT)
        _, erros = servidor.communicate(timeout=10)
    assert erros.startswith("Aviso: com --host '0.0.0.0', outras máquinas da rede")
    assert "AvisoRede" not in erros and "host='127.0.0.1'" not in erros


def test_ctrl_c_no_servidor_manda_a_linha_de_encerramento_ao_nc_e_ao_cliente():
    programa_nc = exigir_programa("nc", "netcat-openbsd")
    with servidor_em("tcp", 0) as (porta, servidor), \
            rodando(iniciar([programa_nc, "-N", "127.0.0.1", str(porta)])) as nc, \
            rodando(iniciar_script("cliente_tcp", "--porta", str(porta))) as cliente:
        digitar(nc, "Olá, servidor!")
        assert nc.stdout.readline() == "Resposta do servidor: Olá, servidor!\n"
        ler_ate_o_prompt(cliente)
        digitar(cliente, "Olá, servidor!")
        assert ler_ate_o_prompt(cliente) == DIALOGO.removeprefix(PROMPT)

        servidor.send_signal(signal.SIGINT)
        saida, _ = servidor.communicate(timeout=10)
        assert servidor.returncode == 0 and "Servidor encerrado." in saida

        assert nc.stdout.readline() == f"ERRO: conexão encerrada: {MOTIVO_DA_PARADA}\n"
        digitar(cliente, "de novo")
        assert ler_ate_o_prompt(cliente) == (
            f"Aviso do servidor: conexão encerrada: {MOTIVO_DA_PARADA}\n"
            f"Mensagem não enviada: nenhum servidor TCP escuta em 127.0.0.1:{porta} "
            "(conexão recusada).\n"
            f"Inicie-o em outro terminal:  python -m ecolab.servidor_tcp --porta {porta}\n"
            + PROMPT
        )
