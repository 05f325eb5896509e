"""Soluções comentadas dos exercícios da lição 08 (controle de fluxo, buffers e Nagle).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import select


# ----- tcp_enviar_tudo -----------------------------------------------------------
# send não promete enviar tudo: ele copia para o buffer de envio o que couber
# agora e devolve quantos bytes copiou. Num socket não bloqueante, quando não
# cabe nada, ele levanta BlockingIOError ("tente depois"). O sendall do Python
# é este mesmo laço, escrito em C: repete send com o resto até acabar.

def enviar_tudo(sock, dados):
    enviados = 0
    while enviados < len(dados):
        try:
            enviados += sock.send(dados[enviados:])  # só o que falta
        except BlockingIOError:
            # Buffer de envio cheio: espera (no máximo 1 s) até caber mais.
            # Sem o select, o laço giraria sem parar, gastando processador à toa.
            select.select([], [sock], [], 1.0)
    return enviados


# ----- udp_contar_perdidos ---------------------------------------------------------
# O UDP não tem controle de fluxo: com o buffer de recepção cheio, o sistema
# descarta datagramas e ninguém avisa. Um receptor que espera "enviados"
# datagramas esperaria para sempre pelos perdidos. Este lê até um silêncio e
# compara os números que chegaram com os que foram enviados.

def contar_perdidos(sock, enviados, silencio):
    chegaram = set()
    sock.settimeout(silencio)
    while True:
        try:
            dados = sock.recv(65_535)  # o maior datagrama possível: nada é cortado
        except TimeoutError:  # silencio segundos sem nada: não vem mais
            break
        chegaram.add(int(dados.split(b" ")[0]))
    return [numero for numero in range(enviados) if numero not in chegaram]


# ----- tcp_pedido_sem_trava --------------------------------------------------------
# Escreve, escreve, lê: o segundo send pequeno fica esperando o ACK do primeiro
# (algoritmo de Nagle, RFC 896), e o servidor atrasa esse ACK (RFC 1122), porque
# ainda não tem o pedido inteiro para responder. Juntar as partes num envio só
# resolve sem mexer no socket. (A outra saída é desligar o Nagle:
# sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1).)

def pedir(sock, cabecalho, corpo):
    sock.sendall(cabecalho + corpo)  # um envio só: nada espera ACK
    resposta = b""
    while not resposta.endswith(b"\n"):  # a resposta pode chegar em pedaços
        pedaco = sock.recv(1024)
        if not pedaco:
            raise ConnectionError("o servidor fechou a conexão antes de responder")
        resposta += pedaco
    return resposta[:-1].decode("utf-8")

