"""Listas de ``Pacote`` montadas à mão, com números absolutos como os de uma captura.

Uma conversa TCP completa (aperto de mão, uma mensagem e a resposta com os
ACKs, o fechamento com um FIN de cada lado e uma pausa longa antes dele) e
um datagrama UDP para uma porta fechada com o ICMP que volta.
"""

from ecolab.captura import Pacote

CLIENTE = ("127.0.0.1", 52344)
SERVIDOR = ("127.0.0.1", 12001)
ISN_CLIENTE = 4294967290  # perto do fim dos 32 bits: os números relativos dão a volta
ISN_SERVIDOR = 3500000000
MENSAGEM = "Olá, servidor!\n".encode()  # 16 bytes: o "á" ocupa dois
RESPOSTA = "Resposta do servidor: Olá, servidor!\n".encode()  # 38 bytes
CABECALHOS_TCP = 52  # IP (20) + TCP com opções de carimbo de tempo (32)


def _tcp(tempo, origem, destino, flags, seq, ack, dados=b"", janela=65483):
    return Pacote(tempo, "TCP", origem, destino, flags, seq % 2**32, ack % 2**32, janela,
                  dados, CABECALHOS_TCP + len(dados))


def conversa_tcp():
    """10 segmentos: SYN, SYN-ACK, ACK; dados + ACK nos dois sentidos; FIN, FIN, ACK."""
    c, s = ISN_CLIENTE, ISN_SERVIDOR
    m, r = len(MENSAGEM), len(RESPOSTA)
    return [
        _tcp(0.000000, CLIENTE, SERVIDOR, "SYN", c, 0, janela=65495),
        _tcp(0.000021, SERVIDOR, CLIENTE, "SYN,ACK", s, c + 1),
        _tcp(0.000035, CLIENTE, SERVIDOR, "ACK", c + 1, s + 1),
        _tcp(0.000300, CLIENTE, SERVIDOR, "PSH,ACK", c + 1, s + 1, MENSAGEM),
        _tcp(0.000310, SERVIDOR, CLIENTE, "ACK", s + 1, c + 1 + m),
        _tcp(0.000500, SERVIDOR, CLIENTE, "PSH,ACK", s + 1, c + 1 + m, RESPOSTA),
        _tcp(0.000510, CLIENTE, SERVIDOR, "ACK", c + 1 + m, s + 1 + r),
        _tcp(0.700000, CLIENTE, SERVIDOR, "FIN,ACK", c + 1 + m, s + 1 + r),  # 0,7 s depois
        _tcp(0.700100, SERVIDOR, CLIENTE, "FIN,ACK", s + 1 + r, c + 2 + m),
        _tcp(0.700120, CLIENTE, SERVIDOR, "ACK", c + 2 + m, s + 2 + r),
    ]


PORTA_FECHADA = ("127.0.0.1", 12999)
CLIENTE_UDP = ("127.0.0.1", 40000)


def udp_para_porta_fechada():
    """Um datagrama que ninguém recebe e o ICMP "porta inalcançável" que volta."""
    return [
        Pacote(0.0, "UDP", CLIENTE_UDP, PORTA_FECHADA, dados=b"tem alguem?", tamanho=39),
        Pacote(0.00004, "ICMP", ("127.0.0.1", None), ("127.0.0.1", None), tamanho=67,
               icmp="porta inalcançável", citado=(CLIENTE_UDP, PORTA_FECHADA)),
    ]


def udp_pergunta_e_resposta():
    """Um datagrama de ida e um de volta, entre o cliente e um servidor UDP."""
    servidor = ("127.0.0.1", 12002)
    return [
        Pacote(0.0, "UDP", CLIENTE_UDP, servidor, dados=b"oi", tamanho=30),
        Pacote(0.00008, "UDP", servidor, CLIENTE_UDP, dados=b"Resposta do servidor: oi",
               tamanho=52),
    ]
