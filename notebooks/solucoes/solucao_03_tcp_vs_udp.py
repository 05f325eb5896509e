"""Soluções comentadas dos exercícios da lição 03 (TCP e UDP lado a lado).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import socket
import struct
import time


# ----- udp_resposta_deste_pedido ------------------------------------------------

def perguntar_numerado(sock, destino, numero, texto, timeout=1.0):
    # O número vai junto com o pedido, e o servidor o devolve na resposta: é
    # assim que uma resposta diz a que pedido responde (o UDP não diz).
    sock.sendto(f"{numero}|{texto}".encode("utf-8"), destino)
    # UM prazo para o pedido inteiro, contado a partir do envio. Cada resposta
    # velha ignorada gasta um pouco dele; ela não ganha um tempo limite novo.
    fim = time.monotonic() + timeout
    while True:
        falta = fim - time.monotonic()
        if falta <= 0:
            return None  # o prazo acabou: só chegaram respostas velhas
        sock.settimeout(falta)  # espera só o que falta até o fim do prazo
        try:
            dados, _ = sock.recvfrom(65535)
        except TimeoutError:
            return None  # o prazo acabou sem a resposta deste pedido
        numero_da_resposta, _, resposta = dados.decode("utf-8").partition("|")
        # "12|..." também começa com "1": comparamos o número inteiro.
        if numero_da_resposta == str(numero):
            return resposta
        # Outro número: uma cópia, ou a resposta atrasada de um pedido anterior.
        # Ela não responde este pedido; o laço lê a próxima.


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


# ----- aproveitamento_do_fio ---------------------------------------------------

def aproveitamento(pacotes, protocolo):
    # Todos os pacotes do protocolo contam no fio, também os que não levam
    # dados: no TCP, o SYN, os ACK e os FIN.
    do_protocolo = [p for p in pacotes if p.protocolo == protocolo]
    dados = sum(len(p.dados) for p in do_protocolo)  # o que a aplicação enviou
    no_fio = sum(p.tamanho for p in do_protocolo)  # dados + cabeçalhos IP e TCP/UDP
    return dados / no_fio  # uma fração entre 0 e 1
