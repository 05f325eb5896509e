"""Os scripts de benchmarks/ continuam funcionando (ensaios curtos, sem medir velocidade).

Medir velocidade é tarefa do próprio script; aqui só conferimos que ele roda do
começo ao fim, imprime todas as partes e que os servidores responderam certo.
"""

import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
SCRIPT = RAIZ / "benchmarks" / "desempenho.py"


def rodar_ensaio_rapido():
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--rapido", "--sem-notebooks"],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=RAIZ,
    )


def trecho(saida, de, ate):
    """O texto entre o título ``de`` e o título ``ate``."""
    return saida.split(de, 1)[1].split(ate, 1)[0]


def linha_da_tabela(texto, inicio):
    linhas = [linha.split() for linha in texto.splitlines() if linha.strip().startswith(inicio)]
    assert len(linhas) == 1, f"esperava uma linha começando com {inicio!r} em:\n{texto}"
    return linhas[0]


@pytest.mark.timeout(120)
def test_ensaio_rapido_do_desempenho_imprime_todas_as_partes_sem_erros():
    resultado = rodar_ensaio_rapido()

    assert resultado.returncode == 0, resultado.stderr
    assert "Traceback" not in resultado.stderr, resultado.stderr
    saida = resultado.stdout
    for parte in (
        "CPU:",
        "1. Ida e volta",
        "2. Concorrência",
        "3. Iniciar, trocar uma mensagem, parar",
        "4. Notebooks",
        "Tempo total:",
    ):
        assert parte in saida, f"faltou a parte {parte!r} na saída:\n{saida}"
    ida_e_volta = trecho(saida, "1. Ida e volta", "2. Concorrência")
    concorrencia = trecho(saida, "2. Concorrência", "3. Iniciar")
    iniciar_e_parar = trecho(saida, "3. Iniciar", "4. Notebooks")
    for protocolo in ("TCP", "UDP"):
        for servidor in ("socket puro", "ecolab", "socketserver", "asyncio"):
            linha_da_tabela(ida_e_volta, f"{protocolo} {servidor} ")
        for servidor in ("ecolab", "asyncio", "socketserver"):
            linha_da_tabela(iniciar_e_parar, f"{protocolo} {servidor} ")
    # 10 clientes × 100 mensagens: colunas "erros" e "perdidas ou erradas" zeradas
    for servidor in ("ecolab", "socketserver", "asyncio"):
        colunas = linha_da_tabela(concorrencia, f"10 × {servidor} ")
        assert colunas[6:8] == ["0", "0"], f"{servidor} teve erros ou perdas: {colunas}"


@pytest.mark.timeout(120)
def test_ensaio_rapido_do_benchmark_da_rede_roda_e_a_rede_conta_tudo_o_que_faltou():
    resultado = subprocess.run(
        [sys.executable, str(RAIZ / "benchmarks" / "rede.py"), "--rapido"],
        capture_output=True, text=True, timeout=110, cwd=RAIZ,
    )

    assert resultado.returncode == 0, resultado.stderr
    saida = resultado.stdout
    for parte in ("1. Rajada de", "2. ", "loopback direto", "RedeInstavel, buffer pedido",
                  "## A rede em outro processo", "pela rede à parte", "ACK a cada 2 pacotes",
                  "cada um no seu processo"):
        assert parte in saida, f"faltou a parte {parte!r} na saída:\n{saida}"
    for linha in saida.splitlines():
        if linha.startswith("| RedeInstavel") and sys.platform.startswith("linux"):
            _, _, _, _, faltaram, transbordados, _, _ = linha.split("|")
            assert faltaram.strip() == transbordados.strip(), linha  # nada sem explicação
