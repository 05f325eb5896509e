"""Soluções comentadas da lição 05: o pinger e a transferência confiável sobre UDP.

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import socket
import time


# ----- udp_pinger ----------------------------------------------------------------

def pingar(endereco, vezes=10, timeout=1.0):
    rtts = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for numero in range(1, vezes + 1):
            ping = f"Ping {numero} {time.time():.3f}"
            inicio = time.perf_counter()
            sock.sendto(ping.encode("utf-8"), endereco)
            if esperar_o_eco(sock, ping, inicio + timeout):
                rtts.append(time.perf_counter() - inicio)  # em segundos
            else:
                rtts.append(None)  # como o ping: "tempo esgotado" e segue
    return rtts


def esperar_o_eco(sock, ping, prazo):
    """Espera até ``prazo`` (em ``perf_counter``) pelo eco **deste** ping.

    O servidor responde "Resposta do servidor: " + o ping. Um eco que termina
    com outro ping é velho (chegou depois do tempo limite do ping dele): não
    responde este, então é ignorado e a espera continua com o tempo que sobrou.
    """
    while True:
        resta = prazo - time.perf_counter()
        if resta <= 0:
            return False
        sock.settimeout(resta)
        try:
            dados, _ = sock.recvfrom(65535)
        except TimeoutError:
            return False
        if dados.decode("utf-8", errors="replace").endswith(ping):
            return True


# ----- udp_estatisticas_do_ping ----------------------------------------------------

def estatisticas_do_ping(rtts):
    tempos = [rtt * 1000 for rtt in rtts if rtt is not None]  # em milissegundos
    enviados, recebidos = len(rtts), len(tempos)
    return {
        "enviados": enviados,
        "recebidos": recebidos,
        "perda": 100 * (enviados - recebidos) / enviados,
        "minimo": min(tempos) if tempos else None,
        "media": sum(tempos) / recebidos if tempos else None,
        "maximo": max(tempos) if tempos else None,
    }


# ----- udp_receptor_confiavel -------------------------------------------------------

def receber_confiavel(sock, silencio=0.3):
    linhas = []  # o que já foi entregue, na ordem
    terminou = False
    sock.settimeout(silencio)
    while True:
        try:
            dados, remetente = sock.recvfrom(65535)
        except TimeoutError:
            if terminou:  # silêncio depois do fim: o remetente recebeu o último A
                return linhas
            continue
        tipo, _, resto = dados.decode("utf-8").partition("|")
        seq_texto, _, texto = resto.partition("|")
        seq = int(seq_texto)
        esperado = len(linhas)  # o próximo número que falta
        if seq > esperado:
            continue  # no pare-e-espere isso não acontece; ignoramos
        if tipo == "D" and seq == esperado and not terminou:
            linhas.append(texto)  # novidade: entrega
        elif tipo == "F" and seq == esperado:
            terminou = True
        # Confirma sempre, inclusive as cópias repetidas: a confirmação
        # anterior pode ter se perdido, e o remetente está esperando por ela.
        sock.sendto(f"A|{seq}".encode("utf-8"), remetente)


# ----- udp_remetente_confiavel ------------------------------------------------------

def enviar_confiavel(sock, destino, linhas, timeout=0.05, tentativas=20):
    sock.settimeout(timeout)
    mensagens = [f"D|{seq}|{linha}" for seq, linha in enumerate(linhas)]
    mensagens.append(f"F|{len(linhas)}")
    enviados = 0
    for seq, mensagem in enumerate(mensagens):
        for _ in range(tentativas):
            sock.sendto(mensagem.encode("utf-8"), destino)
            enviados += 1
            if esperar_confirmacao(sock, seq, timeout):
                break
        else:  # o for terminou sem break: nenhuma confirmação
            raise TimeoutError(f"a mensagem {seq} não foi confirmada em {tentativas} envios")
    return enviados


def esperar_confirmacao(sock, seq, timeout):
    """Espera A|seq por até ``timeout`` segundos; confirmações de outro número são ignoradas."""
    fim = time.perf_counter() + timeout
    while (restante := fim - time.perf_counter()) > 0:
        sock.settimeout(restante)
        try:
            dados, _ = sock.recvfrom(65535)
        except TimeoutError:
            return False
        if dados.decode("utf-8") == f"A|{seq}":
            return True
        # Uma confirmação velha ou repetida: ignora e continua esperando.
    return False
