"""O script que mede o custo da captura continua rodando (um ensaio curto, sem medir velocidade)."""

import subprocess
import sys
from pathlib import Path

import pytest
from ajudantes_captura import exigir_root

RAIZ = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(120)
def test_ensaio_rapido_imprime_uma_linha_por_captura_e_a_leitura():
    exigir_root()
    feito = subprocess.run(
        [sys.executable, str(RAIZ / "benchmarks" / "captura.py"), "--rapido"],
        capture_output=True, text=True, timeout=110, cwd=RAIZ,
    )
    assert feito.returncode == 0, feito.stderr
    for linha in ("| socket de pacotes |", "| tcpdump |", "| dumpcap |", "ler_captura:"):
        assert linha in feito.stdout
    socket_de_pacotes = next(
        linha for linha in feito.stdout.splitlines() if "socket de pacotes" in linha)
    pacotes = int(socket_de_pacotes.split("|")[2].replace(".", ""))
    assert pacotes >= 2 * 201 + 6  # cada mensagem (e a de aquecimento) vai e volta; abrir e fechar
