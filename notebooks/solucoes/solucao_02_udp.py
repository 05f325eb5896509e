"""Soluções comentadas dos exercícios da lição 02 (UDP).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import socket


# ----- udp_eco_cru -------------------------------------------------------------

def servir_eco_udp(sock, quantos):
    textos = []
    for _ in range(quantos):
        # recvfrom devolve os bytes E o endereço de quem enviou: é para lá que
        # a resposta vai. Um socket UDP atende qualquer número de clientes.
        dados, endereco = sock.recvfrom(65535)
        texto = dados.decode("utf-8")
        textos.append(texto)
        sock.sendto(("eco: " + texto).encode("utf-8"), endereco)
    return textos


# ----- udp_perguntar -----------------------------------------------------------

def perguntar_udp(endereco, texto, timeout=1.0):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)  # sem isto, um datagrama perdido trava para sempre
        sock.sendto(texto.encode("utf-8"), endereco)
        try:
            dados, _ = sock.recvfrom(65535)
        except TimeoutError:
            # Um datagrama perdido só se percebe pelo silêncio. (Se ninguém escuta
            # na porta, o Linux e o macOS também ficam em silêncio; o Windows faz
            # este recvfrom levantar ConnectionResetError, o erro 10054.)
            return None
    return dados.decode("utf-8")


# ----- udp_enviar_com_tentativas -------------------------------------------------

def enviar_com_tentativas(endereco, texto, tentativas=3, timeout=0.2):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        for _ in range(tentativas):
            sock.sendto(texto.encode("utf-8"), endereco)
            try:
                dados, _ = sock.recvfrom(65535)
            except TimeoutError:
                continue  # perdeu (a ida ou a volta): tenta de novo
            return dados.decode("utf-8")
    raise TimeoutError(f"nenhuma resposta depois de {tentativas} tentativas")
