"""Soluções comentadas dos exercícios da lição 06 (janelas deslizantes).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

from ecolab.segmento import ACK, FIN, SELETIVA, ler, montar


# ----- utilizacao_do_remetente ----------------------------------------------------
# L/R é o tempo de pôr o pacote no fio (o atraso de transmissão). Um ciclo do
# remetente vai do início do envio à chegada da confirmação: RTT + L/R. Nesse
# ciclo, com janela N, ele transmite N pacotes, ocupando o enlace N·L/R segundos.
# Com N grande a conta passa de 1, mas o enlace não fica ocupado mais que 100%.

def utilizacao(L, R, rtt, janela=1):
    transmissao = L * 8 / R  # L em bytes, R em bits por segundo
    return min(1, janela * transmissao / (rtt + transmissao))


# ----- gbn_remetente ---------------------------------------------------------------
# O estado do Go-Back-N são dois números: base (o mais antigo sem confirmação) e
# proximo (o próximo a enviar). O ACK é cumulativo: ack = n confirma todos antes
# de n. O receptor descarta o que chega fora de ordem, então, quando o tempo
# esgota, o remetente volta ao base e reenvia a janela inteira ("volta N").
#
# O temporizador aqui é simples: cada recvfrom espera no máximo timeout. O do
# livro é um só, o do pacote mais antigo, e recomeça a cada ACK novo; os ACKs
# repetidos também o recomeçam aqui, o que só atrasa um pouco a retransmissão.

def enviar_gbn(sock, destino, pacotes, janela, timeout):
    base = proximo = 0
    sock.settimeout(timeout)
    while base < len(pacotes):
        while proximo < len(pacotes) and proximo < base + janela:  # enche a janela
            sock.sendto(montar(seq=proximo, dados=pacotes[proximo]), destino)
            proximo += 1
        try:
            dados, _ = sock.recvfrom(65_535)
        except TimeoutError:
            proximo = base  # volta N: o laço reenvia base, base + 1, ...
            continue
        s = ler(dados)
        if s.flags & ACK and s.ack > base:  # um ACK novo anda com a janela
            base = s.ack
            proximo = max(proximo, base)  # um ACK atrasado pode passar do proximo
    for _ in range(20):  # o fim: FIN até ser confirmado
        sock.sendto(montar(seq=len(pacotes), flags=FIN), destino)
        try:
            s = ler(sock.recvfrom(65_535)[0])
        except TimeoutError:
            continue
        if s.flags & ACK and s.ack == len(pacotes) + 1:
            return


# ----- sr_receptor -----------------------------------------------------------------
# Na Repetição Seletiva o receptor guarda o que chega fora de ordem (dentro da
# janela) e confirma cada pacote sozinho. Ele só ENTREGA na ordem: quando chega o
# pacote base, entrega ele e todos os seguintes que já estavam guardados.
# Um pacote abaixo do base já foi entregue, mas a confirmação dele pode ter se
# perdido: confirma de novo (senão o remetente o retransmitiria para sempre).

def receber_sr(sock, janela, silencio):
    base, guardados, entregues = 0, {}, []
    acabou = False
    sock.settimeout(silencio)
    while True:
        try:
            dados, remetente = sock.recvfrom(65_535)
        except TimeoutError:
            if acabou:
                return b"".join(entregues)
            continue
        s = ler(dados)
        if s.flags & FIN:
            if s.seq == base:  # tudo entregue: o fim
                acabou = True
                sock.sendto(montar(ack=s.seq, flags=SELETIVA), remetente)
            continue
        if base <= s.seq < base + janela:
            guardados[s.seq] = s.dados
            while base in guardados:  # entrega na ordem o que puder
                entregues.append(guardados.pop(base))
                base += 1
        elif s.seq >= base + janela:
            continue  # além da janela: não há onde guardar
        sock.sendto(montar(ack=s.seq, flags=SELETIVA), remetente)


# ----- estimador_de_rtt ------------------------------------------------------------
# RFC 6298, seção 2. A ordem importa: RTTVAR compara a amostra nova com o SRTT
# ANTIGO (o que se esperava antes dela); por isso vem primeiro. Kurose e Ross
# escrevem EstimatedRTT antes de DevRTT, e o desvio sai um pouco menor.

class EstimadorDeRTT:
    def __init__(self, inicial=1.0, minimo=0.2, maximo=60.0):
        self.minimo, self.maximo = minimo, maximo
        self.srtt = None
        self.rttvar = None
        self.timeout = inicial  # antes da primeira amostra (a RFC diz 1 s)

    def amostra(self, rtt):
        if self.srtt is None:  # a primeira
            self.srtt = rtt
            self.rttvar = rtt / 2
        else:
            self.rttvar = 3 / 4 * self.rttvar + 1 / 4 * abs(self.srtt - rtt)  # β = 1/4
            self.srtt = 7 / 8 * self.srtt + 1 / 8 * rtt  # α = 1/8
        self.timeout = min(max(self.srtt + 4 * self.rttvar, self.minimo), self.maximo)  # K = 4


# ----- regra_de_karn -----------------------------------------------------------------
# Um pacote enviado duas vezes e confirmado uma: a confirmação responde ao
# primeiro envio (que só atrasou) ou ao segundo? Não há como saber. Medir a
# partir do primeiro dá um RTT grande demais se ela responde ao segundo; a partir
# do último, pequeno demais se ela responde ao primeiro. Karn e Partridge (1987):
# não meça (RFC 6298, seção 3).

def amostra_de_rtt(envios, seq, agora):
    if len(envios.get(seq, [])) != 1:  # retransmitido, ou nunca enviado
        return None
    return agora - envios[seq][0]
