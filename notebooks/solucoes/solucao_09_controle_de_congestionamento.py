"""Soluções comentadas dos exercícios da lição 09 (controle de congestionamento).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""


# ----- reno_janela_de_congestionamento ----------------------------------------------
# O TCP Reno (RFC 5681; Kurose e Ross, seção 3.7), contado em pacotes. A cwnd diz
# quantos pacotes podem estar em voo; ela cresce enquanto a rede entrega tudo e
# diminui quando algo se perde. Dois jeitos de perceber uma perda:
#   - 3 ACKs duplicados: os pacotes seguintes chegaram, então a rede ainda entrega;
#     corta à METADE e retransmite já (retransmissão rápida);
#   - timeout: nada chega; a rede pode estar muito mal; volta a cwnd a 1 e recomeça
#     a partida lenta, agora só até a metade de antes (ssthresh).

class ControleReno:
    def __init__(self):
        self.cwnd = 1  # a partida lenta começa com 1 pacote
        self.ssthresh = 64  # "alto": a primeira perda é que vai dizer o limite
        self.duplicados = 0  # ACKs duplicados seguidos
        self.em_recuperacao = False  # entre o 3º duplicado e o próximo ACK novo

    def ao_confirmar(self):
        self.duplicados = 0  # um ACK novo quebra a sequência de duplicados
        if self.em_recuperacao:
            # A retransmissão chegou: a janela fica na metade (a "diminuição
            # multiplicativa"); os +3 e +1 da recuperação eram provisórios.
            self.em_recuperacao = False
            self.cwnd = self.ssthresh
        elif self.cwnd < self.ssthresh:
            self.cwnd += 1  # partida lenta: +1 por ACK, a janela dobra a cada RTT
        else:
            self.cwnd += 1 / self.cwnd  # aumento aditivo: +1 por janela, isto é, por RTT

    def ao_duplicado(self):
        self.duplicados += 1
        if self.duplicados == 3:
            # Retransmissão rápida. Os 3 duplicados são 3 pacotes que saíram da rede
            # (chegaram ao receptor): por isso o + 3.
            self.ssthresh = self._metade()
            self.cwnd = self.ssthresh + 3
            self.em_recuperacao = True
            return True  # o remetente retransmite a base agora
        if self.em_recuperacao:
            self.cwnd += 1  # mais um pacote saiu da rede: cabe mais um
        return False

    def ao_estourar(self):
        # Timeout: a perda mais grave. A cwnd volta a 1 (não à metade).
        self.ssthresh = self._metade()
        self.cwnd = 1
        self.duplicados = 0
        self.em_recuperacao = False

    def _metade(self):
        # O novo ssthresh, nas duas perdas: a metade da janela, sem arredondar, e
        # nunca menos que 2 pacotes (RFC 5681, equação 4).
        return max(self.cwnd / 2, 2)


# ----- reno_pode_enviar ---------------------------------------------------------------
# Pacotes em voo: os já enviados e ainda não confirmados, de base até proximo - 1,
# isto é, proximo - base. Mandar o proximo faz esse número crescer 1: só pode se
# ainda couber na janela, que é a MENOR entre a do congestionamento (cwnd, que
# protege a rede) e a do receptor (rwnd, que protege o receptor; lição 08).
# Cuidado com a cwnd com fração: com cwnd = 7,9, cabem 7 pacotes, não 8.

def pode_enviar(proximo, base, cwnd, rwnd):
    em_voo = proximo - base
    return em_voo + 1 <= min(cwnd, rwnd)


# ----- jain_divisao_justa -------------------------------------------------------------
# O índice de Jain: 1 quando todos têm a mesma vazão, 1/n quando um só leva tudo.
# Como numerador e denominador são "quadrados", multiplicar todas as vazões pelo
# mesmo número não muda nada: bit/s ou pacotes/s, tanto faz.

def indice_de_jain(vazoes):
    n = len(vazoes)
    return sum(vazoes) ** 2 / (n * sum(x * x for x in vazoes))
