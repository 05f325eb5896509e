"""Soluções comentadas dos exercícios da lição 01 (TCP).

Abra este arquivo depois de tentar: comparar a sua resposta com outra que
funciona ensina mais do que copiar. Há muitas respostas certas; esta é uma.
"""

import socket


# ----- tcp_eco_maiusculas ------------------------------------------------------

def responder(mensagem):
    # O ServidorTCP cuida da rede: recebe a linha, chama responder e envia o
    # que ela devolver. Aqui só transformamos o texto. upper() também sabe
    # colocar acentos em maiúsculas: "ação" vira "AÇÃO".
    return mensagem.upper()


# ----- tcp_contar_clientes -----------------------------------------------------

def atender_clientes(sock_servidor, quantos):
    # O socket já vem com bind e listen feitos: começamos no accept.
    for numero in range(1, quantos + 1):
        conexao, _ = sock_servidor.accept()  # espera o próximo cliente
        with conexao:  # o with fecha a conexão no fim do bloco
            conexao.recv(1024)  # a mensagem do cliente (aqui não usamos o texto)
            resposta = f"Você é o cliente número {numero}"
            conexao.sendall(resposta.encode("utf-8"))
        # Fechar a conexão avisa o cliente de que a resposta terminou.
    return quantos


# ----- tcp_perguntar -----------------------------------------------------------

def perguntar(endereco, texto, timeout=2.0):
    # create_connection faz socket + connect; com timeout, nenhuma espera é eterna.
    with socket.create_connection(endereco, timeout=timeout) as sock:
        sock.sendall((texto + "\n").encode("utf-8"))
        # Um recv devolve o que chegou até agora: juntamos pedaços até o \n.
        # Se o tempo esgotar, recv levanta TimeoutError, que sobe para quem chamou.
        dados = b""
        while b"\n" not in dados:
            pedaco = sock.recv(1024)
            if not pedaco:  # o servidor fechou antes de terminar a linha
                break
            dados += pedaco
    # Só agora decodificamos: um "ç" partido entre dois recv já foi juntado.
    return dados.split(b"\n")[0].decode("utf-8")
