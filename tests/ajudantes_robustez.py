"""Ajudantes dos testes de robustez (fuzzing, carga, laboratório de duas máquinas).

Aqui ficam as peças que mais de um arquivo de teste usa: um socket "cru" (o
papel do ``nc``), a leitura de tudo o que o servidor mandou, a espera limitada
por uma condição e a regra do que o servidor deve responder a cada linha.
"""

import os
import socket
import time

from ecolab import LIMITE_TCP, LIMITE_UDP

PREFIXO = "Resposta do servidor: "


def conectar_cru(endereco, timeout=5.0):
    """Um socket TCP puro ligado ao servidor, como o ``nc`` faria."""
    sock = socket.create_connection(endereco, timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # cada send sai na hora
    return sock


def ler_ate_o_fim(sock):
    """Lê até o servidor fechar a conexão e devolve tudo o que chegou (em bytes)."""
    partes = []
    while True:
        try:
            pedaco = sock.recv(65_536)
        except ConnectionResetError:
            break  # o servidor fechou com dados nossos ainda não lidos
        if not pedaco:
            break
        partes.append(pedaco)
    return b"".join(partes)


def ler_linhas(sock, quantas):
    """Lê exatamente ``quantas`` linhas (sem o ``\\n``); menos se a conexão fechar."""
    dados = b""
    while dados.count(b"\n") < quantas:
        pedaco = sock.recv(65_536)
        if not pedaco:
            break
        dados += pedaco
    return dados.split(b"\n")[:quantas]


def esperar(condicao, limite=5.0):
    """Espera até ``condicao()`` ser verdadeira, por no máximo ``limite`` segundos."""
    fim = time.monotonic() + limite
    while not condicao():
        if time.monotonic() > fim:
            return False
        time.sleep(0.01)
    return True


def descritores_abertos():
    """Quantos arquivos e sockets este processo tem abertos agora (Linux)."""
    return len(os.listdir("/proc/self/fd"))


def resposta_tcp_esperada(linha):
    """O que o servidor TCP padrão deve responder a ``linha`` (bytes, sem o ``\\n``).

    Devolve o texto exato da resposta, ou ``None`` quando a resposta certa é uma
    linha de erro (``"ERRO: ..."``). É a regra do enquadramento do ecolab:
    um ``\\r`` final é do telnet e sai; a linha tem que ser texto UTF-8, não
    vazio, sem outro ``\\r`` e com no máximo ``LIMITE_TCP`` bytes.
    """
    if linha.endswith(b"\r"):
        linha = linha[:-1]
    if not linha or b"\r" in linha or len(linha) > LIMITE_TCP:
        return None
    try:
        return PREFIXO + linha.decode("utf-8")
    except UnicodeDecodeError:
        return None


def resposta_udp_esperada(datagrama):
    """O que o servidor UDP padrão deve responder (``None``: uma linha de erro)."""
    if not datagrama or len(datagrama) > LIMITE_UDP:
        return None
    try:
        return PREFIXO + datagrama.decode("utf-8")
    except UnicodeDecodeError:
        return None


def confere_resposta(recebida, esperada):
    """Diz se a resposta ``recebida`` (texto) é a ``esperada`` (ou um erro, se ``None``)."""
    if esperada is None:
        return recebida.startswith("ERRO: ")
    return recebida == esperada
