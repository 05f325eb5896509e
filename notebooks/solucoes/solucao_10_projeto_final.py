"""Soluções comentadas da lição 10 (projeto final): um pequeno TCP sobre UDP.

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.

São quatro peças, na ordem em que o remetente as usa:

- ``EstimadorDeRTT`` (da lição 06): o tempo limite que se adapta ao RTT (RFC 6298);
- ``ControleReno`` (da lição 09): a janela de congestionamento do TCP Reno (RFC 5681);
- ``receber_arquivo``: o receptor, com ACK cumulativo e os pacotes fora de ordem guardados;
- ``enviar_arquivo``: o remetente, com a janela deslizante, o relógio de retransmissão,
  a retransmissão rápida e o registro da janela.

Todos os segmentos usam o cabeçalho de :mod:`ecolab.segmento` (``seq`` conta pacotes).
"""

import time

from ecolab.erros import SegmentoInvalido
from ecolab.segmento import ACK, FIN, ler, montar


# ----- projeto_transporte ----------------------------------------------------------------
# A parte 3 junta o receptor e o remetente (mais abaixo) na rede ruim. O que a faz
# passar no prazo são as duas peças das lições 06 e 09, que o remetente usa: o tempo
# limite que acompanha o RTT (sem disparar à toa) e a janela que cresce até a rede
# perder e então recua.

# EstimadorDeRTT (lição 06).
# RFC 6298, seção 2: na primeira amostra R, SRTT = R e RTTVAR = R/2; depois,
# RTTVAR primeiro (ele usa o SRTT antigo) e SRTT depois, com α = 1/8 e β = 1/4.
# O tempo limite é SRTT + 4·RTTVAR, nunca abaixo do mínimo nem acima do máximo.
# (A RFC pede mínimo de 1 s; o curso usa 0,2 s, como o Linux, porque a rede é rápida.)

class EstimadorDeRTT:
    def __init__(self, inicial=1.0, minimo=0.2, maximo=60.0):
        self.srtt = None
        self.rttvar = None
        self.timeout = inicial  # antes da primeira amostra, o valor inicial
        self.minimo, self.maximo = minimo, maximo

    def amostra(self, rtt):
        if self.srtt is None:
            self.srtt, self.rttvar = rtt, rtt / 2
        else:
            self.rttvar = 3 / 4 * self.rttvar + 1 / 4 * abs(self.srtt - rtt)  # antes do SRTT
            self.srtt = 7 / 8 * self.srtt + 1 / 8 * rtt
        self.timeout = min(max(self.srtt + 4 * self.rttvar, self.minimo), self.maximo)


# ControleReno (lição 09).
# cwnd e ssthresh em pacotes. Partida lenta (cwnd < ssthresh): +1 por ACK novo, a
# janela dobra a cada RTT. Prevenção de congestionamento: +1/cwnd por ACK, +1 por RTT
# (o "aumento aditivo"). Três ACKs duplicados: metade (a "diminuição multiplicativa")
# e recuperação rápida; tempo esgotado: volta a 1 pacote.

class ControleReno:
    def __init__(self):
        self.cwnd = 1.0
        self.ssthresh = 64.0
        self.duplicados = 0
        self.em_recuperacao = False  # na recuperação rápida (fast recovery)?

    def ao_confirmar(self):
        self.duplicados = 0
        if self.em_recuperacao:  # o ACK novo encerra a recuperação rápida
            self.cwnd, self.em_recuperacao = self.ssthresh, False
        elif self.cwnd < self.ssthresh:
            self.cwnd += 1
        else:
            self.cwnd += 1 / self.cwnd

    def ao_duplicado(self):
        self.duplicados += 1
        if self.duplicados == 3:  # retransmissão rápida
            self.ssthresh = max(self.cwnd / 2, 2)
            self.cwnd, self.em_recuperacao = self.ssthresh + 3, True
            return True
        if self.em_recuperacao:
            self.cwnd += 1  # cada duplicado é um pacote que saiu da rede
        return False

    def ao_estourar(self):
        self.ssthresh = max(self.cwnd / 2, 2)
        self.cwnd, self.duplicados, self.em_recuperacao = 1.0, 0, False


# ----- projeto_receptor --------------------------------------------------------------
# Como o receptor do TCP: confirma cada segmento com o próximo pacote esperado (ACK
# cumulativo), guarda os que chegam adiantados e só entrega na ordem. O FIN é o
# pacote de número n (n = quantos pacotes de dados): ele só "chega" quando todos
# antes dele chegaram, e é confirmado com ack = n + 1.

def receber_arquivo(sock, silencio=0.5):
    guardados = {}  # seq -> dados que chegaram antes da vez deles
    partes = []  # os dados já entregues, na ordem
    esperado = 0  # o próximo pacote que falta
    fim_em = None  # o seq do FIN, quando ele aparecer
    acabou = False
    sock.settimeout(silencio)
    while True:
        try:
            datagrama, remetente = sock.recvfrom(65_535)
        except TimeoutError:
            if acabou:  # silencio segundos sem nada depois do fim: o remetente se foi
                return b"".join(partes)
            continue
        except ConnectionResetError:  # Windows (10054): um ACK foi para uma porta fechada
            continue
        try:
            segmento = ler(datagrama)
        except SegmentoInvalido:
            continue  # lixo: ignora
        if segmento.confirmacao:
            continue
        if segmento.fim:
            fim_em = segmento.seq
        elif segmento.seq >= esperado and not acabou:
            guardados[segmento.seq] = segmento.dados  # repetido ou adiantado: fica guardado
        while esperado in guardados:  # entrega tudo o que já pode, na ordem
            partes.append(guardados.pop(esperado))
            esperado += 1
        if fim_em == esperado:  # o FIN é o próximo: a transferência acabou
            esperado, acabou = esperado + 1, True
        # Confirma sempre, inclusive os repetidos: a confirmação anterior pode ter se perdido.
        sock.sendto(montar(ack=esperado, flags=ACK), remetente)


# ----- projeto_remetente ----------------------------------------------------------------
# A janela deslizante: no máximo janela pacotes em voo (enviados e não confirmados),
# com janela = int(cwnd) do Reno. Um só relógio de retransmissão, o do pacote mais
# antigo sem confirmação (RFC 6298, seção 5). Cada mudança da janela vai para o
# registro, com a hora: é por ele que o verificador confere a janela.

def enviar_arquivo(sock, destino, dados, tamanho=1000):
    pacotes = [dados[i:i + tamanho] for i in range(0, len(dados), tamanho)]
    rtt, reno = EstimadorDeRTT(), ControleReno()
    registro = [(time.monotonic(), janela_de(reno))]
    envios = Envios(sock, destino, pacotes)
    base = proximo = 0  # base: o mais antigo sem confirmação; proximo: o próximo a enviar
    estouros = 0  # tempos esgotados seguidos: dobram o tempo limite (RFC 6298, 5.5)
    relogio = None  # hora em que o relógio de retransmissão dispara (None: parado)
    while base < len(pacotes):
        while proximo < len(pacotes) and proximo - base < janela_de(reno):
            envios.enviar(proximo)
            proximo += 1
            if relogio is None:
                relogio = time.monotonic() + rtt.timeout * 2**estouros
        segmento = esperar_segmento(sock, relogio)
        if segmento is None:  # o relógio disparou: o pacote base se perdeu
            estouros += 1
            if estouros > 8:
                raise TimeoutError(f"o pacote {base} não foi confirmado depois de 8 tentativas")
            reno.ao_estourar()
            # Como o TCP depois de um estouro: volta ao base e recomeça dali, em partida
            # lenta. O que o receptor já guardou volta confirmado de uma vez pelo ACK.
            proximo, relogio = base, None
        elif segmento.flags & ACK and segmento.ack > base:  # ACK novo
            rtt_medido = envios.amostra(base, segmento.ack)
            if rtt_medido is not None:
                rtt.amostra(rtt_medido)
            base, proximo, estouros = segmento.ack, max(proximo, segmento.ack), 0
            reno.ao_confirmar()
            relogio = time.monotonic() + rtt.timeout if base < proximo else None
        elif segmento.flags & ACK and segmento.ack == base and proximo > base:  # duplicado
            if reno.ao_duplicado():  # o 3º: retransmissão rápida, sem esperar o relógio
                envios.enviar(base)
        anotar_janela(registro, reno)
    terminar(sock, destino, len(pacotes), rtt)
    return registro


class Envios:
    """Envia os pacotes e lembra a hora de cada um, para as amostras de RTT."""

    def __init__(self, sock, destino, pacotes):
        self.sock, self.destino, self.pacotes = sock, destino, pacotes
        self.enviado_em = {}  # seq -> hora do primeiro envio
        self.reenviados = set()  # enviados mais de uma vez

    def enviar(self, seq):
        if seq in self.enviado_em:
            self.reenviados.add(seq)
        else:
            self.enviado_em[seq] = time.monotonic()
        self.sock.sendto(montar(seq=seq, dados=self.pacotes[seq]), self.destino)

    def amostra(self, base, ack):
        """O RTT do pacote ack - 1, se nenhum dos que este ACK confirma foi reenviado.

        Regra de Karn: o ACK de um pacote reenviado pode ser do primeiro envio ou do
        segundo; a amostra seria um chute. Sem amostra, o estimador fica como está.
        """
        if any(seq in self.reenviados for seq in range(base, ack)):
            return None
        return time.monotonic() - self.enviado_em[ack - 1]


def janela_de(reno):
    """Quantos pacotes podem estar em voo: a parte inteira da cwnd, pelo menos 1."""
    return max(1, int(reno.cwnd))


def anotar_janela(registro, reno):
    if janela_de(reno) != registro[-1][1]:  # só as mudanças
        registro.append((time.monotonic(), janela_de(reno)))


def esperar_segmento(sock, relogio):
    """O próximo segmento que chegar, ou ``None`` se o relógio disparar antes."""
    restante = relogio - time.monotonic()
    if restante <= 0:
        return None
    sock.settimeout(restante)
    try:
        return ler(sock.recv(65_535))
    except TimeoutError:
        return None
    except SegmentoInvalido:
        return esperar_segmento(sock, relogio)


def terminar(sock, destino, n, rtt):
    """Envia o FIN (seq = n) até ele ser confirmado (ack = n + 1), no máximo 10 vezes."""
    for _ in range(10):
        sock.sendto(montar(seq=n, flags=FIN), destino)
        relogio = time.monotonic() + rtt.timeout
        while (segmento := esperar_segmento(sock, relogio)) is not None:
            if segmento.flags & ACK and segmento.ack == n + 1:
                return
