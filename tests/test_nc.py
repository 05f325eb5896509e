"""Um cliente que ninguém daqui escreveu: o nc (netcat-openbsd) conversa com o ecolab."""

import subprocess

from conftest import exigir_programa


def test_nc_como_cliente_tcp(servidor_tcp):
    nc = exigir_programa("nc", "netcat-openbsd")
    resultado = subprocess.run(
        [nc, "-N", "127.0.0.1", str(servidor_tcp.porta)],
        input="Olá, servidor!\nsegunda linha\n".encode(), capture_output=True, timeout=20,
    )
    assert resultado.stdout.decode() == (
        "Resposta do servidor: Olá, servidor!\nResposta do servidor: segunda linha\n"
    )


def test_nc_como_cliente_udp(servidor_udp):
    nc = exigir_programa("nc", "netcat-openbsd")
    resultado = subprocess.run(
        [nc, "-u", "-w", "1", "127.0.0.1", str(servidor_udp.porta)],
        input="Olá, servidor!".encode(), capture_output=True, timeout=20,
    )
    assert resultado.stdout.decode() == "Resposta do servidor: Olá, servidor!"
    assert servidor_udp.registro.eventos("recebeu")[0].endereco[0] == "127.0.0.1"
