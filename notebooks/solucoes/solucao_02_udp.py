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


# ----- udp_recusados -----------------------------------------------------------

def datagramas_recusados(pacotes):
    recusados = []
    for posicao, pacote in enumerate(pacotes):
        if pacote.protocolo != "ICMP":
            continue
        # O ICMP cita a origem e o destino do datagrama que o provocou. Ele pode
        # chegar depois de outros datagramas: procuramos, para trás, o último
        # datagrama UDP com esse mesmo par (origem, destino).
        for anterior in reversed(pacotes[:posicao]):
            if anterior.protocolo == "UDP" and (anterior.origem, anterior.destino) == pacote.citado:
                recusados.append(anterior.dados.decode("utf-8"))
                break
    # Um datagrama sem resposta e sem ICMP não entra: o servidor pode só ter
    # ficado calado (ou o datagrama se perdeu); recusa é o ICMP que diz.
    return recusados
