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


# ----- tcp_numeros_iniciais ----------------------------------------------------

def numeros_iniciais(pacotes):
    # O número de sequência inicial (ISN) de cada lado é o seq do primeiro
    # segmento que ele envia, o que leva a flag SYN: o cliente manda SYN
    # sozinho, e o servidor responde SYN,ACK. Escolhemos pelas flags, e não
    # pela posição: a captura pode ter começado no meio de outra conexão.
    syn = next(p for p in pacotes if p.flags == "SYN")
    # O SYN-ACK certo é o que volta para quem mandou o SYN.
    syn_ack = next(p for p in pacotes if p.flags == "SYN,ACK" and p.destino == syn.origem)
    return (syn.seq, syn_ack.seq)  # absolutos, como estão no fio


# ----- tcp_bytes_confirmados ---------------------------------------------------

def bytes_confirmados(pacotes, numero):
    segmento = pacotes[numero - 1]  # o nº da tabela começa em 1; a lista, em 0
    # O ack confirma bytes do OUTRO lado, que é o destino deste segmento: o
    # número de partida é o ISN dele, o seq do SYN que ele enviou.
    syn_do_outro = next(p for p in pacotes if "SYN" in p.flags and p.origem == segmento.destino)
    # O SYN gasta um número de sequência: o 1º byte de dados é o ISN + 1. O ack
    # é o próximo byte esperado, então ack - (ISN + 1) números já chegaram. Os
    # números têm 32 bits e dão a volta: o % 2**32 corrige a subtração.
    confirmados = (segmento.ack - (syn_do_outro.seq + 1)) % 2**32
    # O FIN também gasta um número sem ser dado. Se o outro lado já mandou o
    # FIN e este ack o confirma (é o número logo depois dele), desconte-o.
    fin_do_outro = next((p for p in pacotes[:numero - 1]
                         if "FIN" in p.flags.split(",") and p.origem == segmento.destino), None)
    if fin_do_outro and segmento.ack == (fin_do_outro.seq + len(fin_do_outro.dados) + 1) % 2**32:
        confirmados -= 1
    return confirmados


# ----- tcp_quem_fechou_primeiro ------------------------------------------------

def quem_fechou_primeiro(pacotes):
    syn = next(p for p in pacotes if p.flags == "SYN")  # o cliente é quem manda o SYN
    # Quem fecha envia um FIN; as flags vêm juntas num texto, como "FIN,ACK":
    # split(",") separa as flags, e o "in" pergunta se o FIN está entre elas.
    primeiro_fin = next(p for p in pacotes if "FIN" in p.flags.split(","))
    return "cliente" if primeiro_fin.origem == syn.origem else "servidor"
