"""Exercícios da lição 10 (projeto final): um pequeno TCP sobre UDP, em três conferências.

1. ``projeto_receptor``: o receptor, com ACK cumulativo (o próximo pacote esperado),
   os pacotes adiantados guardados e entregues na ordem, e o FIN;
2. ``projeto_remetente``: o remetente, numa rede sem perdas: os pacotes, o arquivo
   inteiro, a janela que começa pequena e cresce, e nunca mais pacotes em voo do que
   a janela que ele registrou;
3. ``projeto_transporte``: o remetente e o receptor do aluno juntos, pela rede ruim
   da lição (perde, duplica, troca a ordem, atrasa, e tem um gargalo de 2 Mbit/s):
   o arquivo chega inteiro (SHA-256) dentro do prazo, a janela é respeitada, diminui
   depois das perdas, e o tempo limite não dispara à toa.

As peças do verificador (o arquivo, o receptor e o remetente de referência, a
comparação da janela com o que a rede viu) estão em
:mod:`ecolab.exercicios.projeto_final`.
"""

import threading
import time

from ..numeros import com_unidade, numero
from ..rede_instavel import RedeInstavel
from ..segmento import FIN, montar
from .bancada import Execucao, exercicio, segundos
from .bancada_rede import socket_udp
from .projeto_final import (
    Recepcao, arquivo_de_teste, enviar_de_referencia, estouros_da_janela, impressao_sha256,
    problema_no_registro, receber_de_referencia, reducoes_da_janela, resumo_da_confirmacao,
)

# ----- a rede e o arquivo da conferência final (os mesmos da lição) -----------------
# RTT de pelo menos 40 ms (20 ms em cada sentido) e um gargalo de 2 Mbit/s com fila de
# 20 datagramas: a janela que cabe no caminho é de uns 10 pacotes de 1.000 bytes, e a
# fila cheia também perde, como num roteador de verdade.
REDE_RUIM = {"perda": 0.03, "duplicacao": 0.02, "reordenacao": 0.02, "atraso": 0.02,
             "sentido": "ambos", "taxa": 2_000_000, "fila": 20}
SEMENTE_DA_REDE = 7
TAMANHO_DO_ARQUIVO = 250_000  # bytes: 250 pacotes de 1.000 bytes
TAMANHO_DO_PACOTE = 1000
# O prazo: o gargalo sozinho leva 1 s para passar o arquivo, e a solução de referência
# leva uns 2 s; 10 s dão folga para um computador ocupado. O pare e espere precisaria
# de 250 idas e voltas de pelo menos 44 ms, 11 s, sem contar as perdas: não cabe.
PRAZO = 10.0
SILENCIO = 0.5  # segundos que o receptor espera depois do fim

# ----- a rede da segunda conferência: sem perdas, só o atraso ------------------------
ARQUIVO_PEQUENO = 40_000  # bytes, em pacotes de 800 (o remetente usa o tamanho pedido)
TAMANHO_PEQUENO = 800
PRAZO_SEM_PERDAS = 5.0


# ----- 1: o receptor ---------------------------------------------------------------

PACOTES_DO_ROTEIRO = [b"Batatinha ", b"quando nasce ", b"espalha a rama ", b"pelo ch\xc3\xa3o."]
DICA_DO_ACK = ("confirme todo segmento, inclusive os repetidos e os adiantados, com "
               "montar(ack=esperado, flags=ACK): esperado é o próximo pacote que falta.")
DICA_DOS_ADIANTADOS = ("guarde os pacotes adiantados (seq > esperado) num dicionário e "
                       "entregue-os quando chegar a vez deles: o ACK pula por cima deles.")
DICA_DO_FIM = ("continue confirmando depois do FIN: se a confirmação se perder, o remetente "
               "reenvia o FIN. Só devolva os bytes depois de silencio segundos sem nada.")
ROTEIRO_DO_RECEPTOR = [
    (montar(seq=0, dados=PACOTES_DO_ROTEIRO[0]), "ACK ack=1",
     "o pacote 0: confirma com o próximo esperado", DICA_DO_ACK),
    (montar(seq=0, dados=PACOTES_DO_ROTEIRO[0]), "ACK ack=1",
     "o pacote 0 de novo (repetido): confirma de novo", DICA_DO_ACK),
    (montar(seq=2, dados=PACOTES_DO_ROTEIRO[2]), "ACK ack=1",
     "o pacote 2, adiantado (falta o 1): repete o ACK do que falta", DICA_DO_ACK),
    (montar(seq=3, dados=PACOTES_DO_ROTEIRO[3]), "ACK ack=1",
     "o pacote 3, adiantado: ainda falta o 1", DICA_DO_ACK),
    (montar(seq=1, dados=PACOTES_DO_ROTEIRO[1]), "ACK ack=4",
     "chega o 1, que faltava: o ACK pula para 4 (o 2 e o 3 estavam guardados)",
     DICA_DOS_ADIANTADOS),
    (montar(seq=2, dados=PACOTES_DO_ROTEIRO[2]), "ACK ack=4",
     "uma cópia velha do 2: confirma, não entrega", DICA_DO_ACK),
    (montar(seq=4, flags=FIN), "ACK ack=5", "o FIN (seq=4, depois de 4 pacotes)",
     "o FIN é o pacote n: quando esperado == fim_em, acabou, e o ACK é n + 1."),
    (montar(seq=4, flags=FIN), "ACK ack=5", "o FIN de novo (a confirmação se perdeu)",
     DICA_DO_FIM),
]


@exercicio(
    "projeto_receptor", "10", "Projeto final: o receptor", ["receber_arquivo"],
    dicas=[
        "Guarde esperado = 0 (o próximo pacote que falta) e um dicionário guardados = {} "
        "(seq -> dados). Para cada datagrama: segmento = ler(datagrama); ignore as "
        "confirmações (segmento.confirmacao).",
        "Um pacote de dados com seq >= esperado vai para guardados[seq]. Depois, while "
        "esperado in guardados: entregue guardados.pop(esperado) e some 1 a esperado. "
        "Assim os adiantados esperam a vez, e os repetidos (seq < esperado) não entram.",
        "O FIN é o pacote de número n: anote fim_em = segmento.seq; quando esperado == "
        "fim_em, acabou (esperado += 1). Responda todo segmento com um ACK de ack = "
        "esperado, para o endereço de quem enviou. Depois do fim, só devolva os bytes "
        "(juntos, na ordem) quando um recvfrom der TimeoutError (sock.settimeout(silencio)).",
    ],
    verificacoes=10,
)
def _conferir_receptor(v, receber_arquivo):
    receptor, remetente = socket_udp(), socket_udp(0.5)
    execucao = v.em_segundo_plano(receber_arquivo, receptor, 0.3)
    for enviado, esperado, descricao, dica in ROTEIRO_DO_RECEPTOR:
        remetente.sendto(enviado, receptor.getsockname())
        try:
            confirmacao = resumo_da_confirmacao(remetente.recvfrom(65_535)[0])
        except TimeoutError:
            confirmacao = None
        v.conferir_erro(execucao, descricao)
        v.conferir(f"{descricao}: {esperado}", esperado, confirmacao, dica)
    v.terminar(execucao, 1.5, f"depois do FIN e de {segundos(0.3)} de silêncio",
               dica_do_prazo="depois do fim, use sock.settimeout(silencio) e devolva os "
               "bytes no primeiro TimeoutError.")
    v.conferir("os bytes entregues: os 4 pacotes, na ordem, cada um uma vez",
               b"".join(PACOTES_DO_ROTEIRO), execucao.valor,
               "entregue só o pacote esperado, e depois os guardados que vêm em seguida; "
               "junte tudo com b\"\".join(partes).")
    _conferir_receptor_na_rede(v, receber_arquivo)


def _conferir_receptor_na_rede(v, receber_arquivo):
    dados = arquivo_de_teste(30_000, semente=3)
    receptor, remetente = socket_udp(), socket_udp()
    execucao = v.em_segundo_plano(receber_arquivo, receptor, 0.3)
    descricao = ("30.000 bytes pela RedeInstavel (perde, duplica e troca a ordem), com um "
                 "remetente Go-Back-N do verificador")
    with RedeInstavel(receptor.getsockname(), perda=0.1, duplicacao=0.1, reordenacao=0.1,
                      semente=11) as rede:
        try:
            enviar_de_referencia(remetente, rede.endereco, dados, prazo=4.0)
        except TimeoutError as erro:
            v.conferir_erro(execucao, descricao)
            v.desistir(f"{descricao}: o remetente do verificador desistiu ({erro})",
                       DICA_DO_ACK)
        v.terminar(execucao, 2.0, descricao)
    valor = execucao.valor
    v.conferir(f"{descricao}: o SHA-256 do que chegou é o do arquivo", impressao_sha256(dados),
               impressao_sha256(valor) if isinstance(valor, bytes) else valor,
               "entregue cada pacote uma vez, na ordem do seq, e devolva bytes.")
