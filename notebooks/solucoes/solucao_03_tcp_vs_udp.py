"""Soluções comentadas dos exercícios da lição 03 (TCP e UDP lado a lado).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import socket
import struct
import time


# ----- udp_medir_perda ---------------------------------------------------------

def medir_perda(endereco, quantas=20, timeout=0.1):
    perdidas = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for numero in range(quantas):
            pedido = f"mensagem {numero}"  # o número casa a resposta com o pedido
            sock.sendto(pedido.encode("utf-8"), endereco)
            if not esperar_a_resposta(sock, pedido, timeout):
                perdidas += 1  # perdeu a ida ou a volta: para o cliente, tanto faz
    return perdidas / quantas  # uma fração: 0.25 quer dizer 25%


def esperar_a_resposta(sock, pedido, timeout):
    """Espera até ``timeout`` segundos pela resposta **deste** pedido.

    O servidor responde "Resposta do servidor: " + o pedido. Uma resposta que
    termina com outro pedido é velha (atrasada, ou uma cópia): ela não responde
    este, então é ignorada, e a espera continua com o tempo que sobrou.
    """
    prazo = time.monotonic() + timeout
    while True:
        resta = prazo - time.monotonic()
        if resta <= 0:
            return False
        sock.settimeout(resta)
        try:
            dados, _ = sock.recvfrom(65535)
        except TimeoutError:
            return False
        if dados.decode("utf-8", errors="replace").endswith(pedido):
            return True


# ----- tcp_leitor_de_linhas ----------------------------------------------------

class LeitorDeLinhas:
    """Entrega uma linha por vez, não importa como os bytes cheguem."""

    def __init__(self, sock):
        self.sock = sock
        self.pendente = b""  # bytes que chegaram e ainda não formam uma linha

    def ler_linha(self):
        while b"\n" not in self.pendente:
            pedaco = self.sock.recv(4096)
            if not pedaco:  # o outro lado fechou: não há mais linhas inteiras
                return None
            self.pendente += pedaco
        # A primeira linha sai; o resto (talvez outras linhas) fica para depois.
        linha, self.pendente = self.pendente.split(b"\n", 1)
        # Só decodificamos a linha inteira: um "ç" partido já foi juntado.
        return linha.decode("utf-8")


# ----- tcp_prefixo_de_tamanho --------------------------------------------------

def enviar_mensagem(sock, texto):
    dados = texto.encode("utf-8")
    # "!I": inteiro de 4 bytes sem sinal, na ordem de rede (o mais significativo
    # primeiro). O tamanho é o dos BYTES: "ação" tem 4 letras e 6 bytes.
    sock.sendall(struct.pack("!I", len(dados)) + dados)


def receber_exatamente(sock, tamanho):
    """Repete recv até juntar ``tamanho`` bytes; None se a conexão fechar antes."""
    dados = b""
    while len(dados) < tamanho:
        pedaco = sock.recv(tamanho - len(dados))
        if not pedaco:
            return None
        dados += pedaco
    return dados


def receber_mensagem(sock):
    cabecalho = receber_exatamente(sock, 4)  # um recv(4) pode trazer menos de 4!
    if cabecalho is None:
        return None
    (tamanho,) = struct.unpack("!I", cabecalho)
    dados = receber_exatamente(sock, tamanho)
    return None if dados is None else dados.decode("utf-8")
