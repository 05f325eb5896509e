"""Soluções comentadas dos exercícios da lição 07 (a vida de uma conexão TCP).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import socket
import sys


# ----- tcp_servidor_que_reinicia ---------------------------------------------------
# Quem fecha a conexão primeiro passa por TIME-WAIT: o sistema guarda a quádrupla
# por um tempo (60 s no Linux) depois que o programa já fechou o socket. Se o
# servidor fechou primeiro, a porta dele continua "em uso" nesse tempo, e o
# Linux e o macOS recusam um bind novo nela (EADDRINUSE). SO_REUSEADDR, ligado
# ANTES do bind, diz "pode ligar, mesmo com conexões velhas em TIME-WAIT". Ele
# não deixa dois servidores escutarem na mesma porta: isso seria SO_REUSEPORT.
#
# No Linux, a opção tem de estar ligada também no socket que fechou (as
# conexões aceitas herdam as opções do servidor): por isso ela vai em todo
# servidor, desde a primeira vez, e não só "quando der erro".
#
# No Windows é diferente: o bind já funciona com conexões em TIME-WAIT, e
# SO_REUSEADDR lá deixaria outro programa tomar a porta de um servidor que está
# escutando. socket.create_server faz exatamente isto (leia o código dele).

def abrir_servidor(porta):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sys.platform != "win32":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", porta))
    sock.listen()
    return sock


# ----- tcp_ler_ate_o_fim -----------------------------------------------------------
# O TCP entrega um fluxo de bytes, sem fronteiras: um recv devolve o que chegou
# até agora, que pode ser um pedaço do pedido. Num protocolo sem enquadramento,
# o fim do pedido é o meio-fechamento do cliente (shutdown(SHUT_WR) manda um
# FIN): do lado de cá, recv devolve b"" e nunca mais dados. A conexão continua
# aberta no outro sentido: o servidor ainda envia a resposta, e fecha no fim
# (o seu FIN é o "acabou a resposta" para o cliente).

def atender_pedido(conexao):
    with conexao:  # fecha no fim, em qualquer caminho
        pedido = b""
        while True:
            pedaco = conexao.recv(4096)
            if not pedaco:  # b"": o cliente meio-fechou, o pedido acabou
                break
            pedido += pedaco  # junte bytes; decodifique só no fim (um "ç" tem 2 bytes)
        conexao.sendall(pedido.decode("utf-8").upper().encode("utf-8"))


# ----- tcp_perguntar_e_fechar ------------------------------------------------------
# O outro lado do mesmo protocolo. shutdown(SHUT_WR) fecha só o sentido de
# envio: o socket continua lendo. Depois, ler até b"" (o servidor fechou) e
# fechar o socket. Um socket esquecido aberto continua ocupando um descritor do
# programa; na tabela ele já está em TIME-WAIT (o shutdown mandou o FIN, e o
# servidor fechou depois), como na seção 3 da lição.

def perguntar(endereco, pedido):
    with socket.create_connection(endereco, timeout=2) as sock:
        sock.sendall(pedido.encode("utf-8"))
        sock.shutdown(socket.SHUT_WR)  # "acabou o pedido"; ainda posso ler
        resposta = b""
        while True:
            pedaco = sock.recv(4096)
            if not pedaco:  # o servidor fechou: a resposta acabou
                break
            resposta += pedaco
    return resposta.decode("utf-8")
