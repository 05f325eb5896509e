"""Onde estão os programas de captura e qual é a interface de loopback em cada sistema.

Sem o socket de pacotes (só no Linux e com privilégio), o ecolab captura com um
programa que o sistema já deixa capturar:

- ``tcpdump``: vem no macOS e na maioria dos Linux (no Linux, só com
  privilégio). É o primeiro a tentar porque grava cada pacote na hora;
- ``dumpcap``: o capturador do Wireshark. No Linux, quem está no grupo
  ``wireshark`` pode usá-lo; no Windows ele usa o Npcap; no macOS, o ChmodBPF.

A interface de loopback tem um nome diferente em cada sistema: ``lo`` no
Linux, ``lo0`` no macOS (e nos BSD) e, no Windows, o adaptador de loopback do
Npcap, cujo nome (``\\Device\\NPF_Loopback``, ou ``\\Device\\NPF_{...}`` nas versões
antigas) se descobre na lista de ``dumpcap -D``.
"""

import os
import re
import shutil
import subprocess

PRAZO_DA_LISTA = 10  # segundos para ``dumpcap -D`` responder


def programas_de_captura(sistema):
    """``[(nome, caminho), ...]``: os programas de captura achados, na ordem de tentar."""
    nomes = ["dumpcap"] if sistema == "Windows" else ["tcpdump", "dumpcap"]
    achados = []
    for nome in nomes:
        caminho = shutil.which(nome) or _no_lugar_de_instalacao(sistema, nome)
        if caminho:
            achados.append((nome, caminho))
    return achados


def _no_lugar_de_instalacao(sistema, nome):
    """O Wireshark nem sempre põe o dumpcap no PATH: procura onde o instalador o põe."""
    if nome != "dumpcap":
        return None
    if sistema == "Windows":
        pastas = [os.environ.get("ProgramFiles", r"C:\Program Files")]
        candidatos = [os.path.join(pasta, "Wireshark", "dumpcap.exe") for pasta in pastas]
    elif sistema == "Darwin":
        candidatos = ["/Applications/Wireshark.app/Contents/MacOS/dumpcap"]
    else:
        return None
    return next((caminho for caminho in candidatos if os.path.isfile(caminho)), None)


def interface_de_loopback(sistema, lista_do_dumpcap=""):
    """O nome da interface de loopback: ``"lo"``, ``"lo0"`` ou o adaptador do Npcap.

    No Windows, ``lista_do_dumpcap`` é a saída de ``dumpcap -D``, uma interface
    por linha, no formato ``1. \\Device\\NPF_Loopback (Adapter for loopback traffic
    capture)``; a escolhida é a primeira cuja linha fala em loopback. Devolve
    ``None`` se nenhuma fala (o Npcap foi instalado sem suporte a loopback).
    """
    if sistema == "Linux":
        return "lo"
    if sistema != "Windows":
        return "lo0"
    for linha in lista_do_dumpcap.splitlines():
        encontrado = re.match(r"\s*\d+\.\s+(\S+)(.*)", linha)
        if encontrado and "loopback" in linha.lower():
            return encontrado.group(1)
    return None


def lista_de_interfaces(caminho_do_dumpcap):
    """A saída de ``dumpcap -D`` (texto vazio se ele falhar ou demorar)."""
    try:
        feito = subprocess.run(
            [caminho_do_dumpcap, "-D"],
            capture_output=True,
            text=True,
            timeout=PRAZO_DA_LISTA,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return feito.stdout
