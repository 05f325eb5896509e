"""Peças comuns dos testes da captura: conversas, privilégio e o tcpdump independente."""

import contextlib
import os
import signal
import subprocess
import time

from conftest import exigir_programa, falhar_ou_pular

from ecolab import ClienteTCP, ServidorTCP

MENSAGENS = ["Olá, servidor!", "Tudo bem?"]


def exigir_root():
    """Capturar com o socket de pacotes (e rodar tcpdump/dumpcap) pede root, como no CI."""
    if os.geteuid() != 0:
        falhar_ou_pular("a captura ao vivo precisa de root (ou CAP_NET_RAW); o CI roda como root")


def conversa_tcp(porta, mensagens=MENSAGENS):
    """Um ``ClienteTCP`` manda as ``mensagens`` a quem escuta em ``porta`` e fecha."""
    with ClienteTCP(porta=porta) as cliente:
        for mensagem in mensagens:
            cliente.enviar(mensagem)


@contextlib.contextmanager
def servidor_tcp_em_porta_livre():
    with ServidorTCP(porta=0) as servidor:
        yield servidor


def sequencia(pacotes, porta_do_servidor):
    """``[(sentido, flags, dados)]``: ``"→"`` do cliente para o servidor, ``"←"`` ao contrário."""
    return [
        ("→" if p.destino[1] == porta_do_servidor else "←", p.flags, p.dados)
        for p in pacotes
    ]


@contextlib.contextmanager
def tcpdump_gravando(arquivo, porta, interface="lo"):
    """O tcpdump do Debian grava ``port P`` em ``arquivo`` enquanto o bloco roda.

    Espera o "listening on" antes de o bloco começar; no fim, dá um instante
    para os últimos pacotes e para o tcpdump com SIGINT (que fecha o arquivo).
    """
    tcpdump = exigir_programa("tcpdump", "tcpdump")
    processo = subprocess.Popen(
        [tcpdump, "-i", interface, "--immediate-mode", "-U", "-n", "-Z", "root",
         "-w", str(arquivo), f"port {porta}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        for linha in processo.stderr:  # termina quando o tcpdump fecha a saída de erros
            if "listening on" in linha:
                break
        assert processo.poll() is None, "o tcpdump não começou a capturar"
        yield
        time.sleep(0.3)
    finally:
        processo.send_signal(signal.SIGINT)
        try:
            processo.wait(timeout=10)
        except subprocess.TimeoutExpired:
            processo.kill()
            processo.wait(timeout=10)
        processo.stderr.close()
