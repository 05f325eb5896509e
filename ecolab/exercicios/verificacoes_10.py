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
from ..vazao import limite_do_gargalo, mbits, vazao_do_pare_e_espere
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
# leva de 2 a 4 s (benchmarks/projeto_final.py); 10 s dão folga para um computador
# ocupado. O pare e espere precisaria de 250 idas e voltas de pelo menos 44 ms, 11 s,
# sem contar as perdas: não cabe.
PRAZO = 10.0
SILENCIO = 0.5  # segundos que o receptor espera depois do fim

# ----- a rede da segunda conferência: sem perdas, só o atraso ------------------------
ARQUIVO_PEQUENO = 40_000  # bytes, em pacotes de 800 (o remetente usa o tamanho pedido)
TAMANHO_PEQUENO = 800
PRAZO_SEM_PERDAS = 5.0
# Quando o remetente levanta uma exceção: muitas vezes ela vem das duas classes que ele usa.
DICA_DO_ERRO_NO_REMETENTE = (
    "veja em que linha o erro aconteceu. Se foi em EstimadorDeRTT ou em ControleReno (um "
    "AttributeError como 'no attribute timeout', por exemplo), responda as duas classes e "
    "execute as células delas antes de verificar: enviar_arquivo as usa. Um ValueError de "
    "settimeout é um tempo negativo: o relógio já tinha disparado.")


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


# ----- 2: o remetente numa rede sem perdas ---------------------------------------------

DICAS_DO_REMETENTE = [
    "Corte o arquivo em pacotes de tamanho bytes (o último pode ser menor): o pacote "
    "seq leva dados[seq * tamanho:(seq + 1) * tamanho]. Guarde base (o mais antigo sem "
    "confirmação) e proximo (o próximo a enviar). Envie enquanto proximo - base < "
    "janela; depois espere um ACK.",
    "A janela é a parte inteira da cwnd do seu ControleReno, nunca menos de 1. Registre "
    "registro = [(time.monotonic(), janela)] antes do primeiro envio, e acrescente um "
    "par a cada mudança. Um ACK com "
    "ack > base é novo (base = ack; reno.ao_confirmar()); com ack == base, é duplicado "
    "(reno.ao_duplicado(): no 3º, reenvie o pacote base).",
    "Um só relógio, o do pacote base: sock.settimeout(relogio - time.monotonic()) (se "
    "a conta der zero ou menos, o relógio já disparou). No "
    "TimeoutError, reno.ao_estourar() e volte ao base. Amostras de RTT só de pacotes "
    "nunca reenviados (Karn). Quando base chegar ao fim, envie montar(seq=n, flags=FIN) "
    "até chegar o ACK n + 1, e return registro.",
]


@exercicio(
    "projeto_remetente", "10", "Projeto final: o remetente, sem perdas", ["enviar_arquivo"],
    dicas=DICAS_DO_REMETENTE,
    verificacoes=6,
)
def _conferir_remetente(v, enviar_arquivo):
    dados = arquivo_de_teste(ARQUIVO_PEQUENO, semente=5)
    n = ARQUIVO_PEQUENO // TAMANHO_PEQUENO
    receptor, parar, recepcao = socket_udp(), threading.Event(), Recepcao()
    execucao = Execucao(receber_de_referencia, (receptor, recepcao, 0.3, parar)).iniciar()
    descricao = (f"{numero(ARQUIVO_PEQUENO)} bytes em pacotes de {TAMANHO_PEQUENO}, numa rede "
                 f"sem perdas com {com_unidade(20, 'ms')} de atraso em cada sentido")
    try:
        with RedeInstavel(receptor.getsockname(), atraso=0.02, sentido="ambos",
                          semente=5) as rede:
            antes = time.monotonic()
            registro = v.chamar(enviar_arquivo, socket_udp(), rede.endereco, dados,
                                TAMANHO_PEQUENO, prazo=PRAZO_SEM_PERDAS, descricao=descricao,
                                dica_do_prazo="depois do último pacote, envie o FIN até ele "
                                "ser confirmado e devolva o registro; toda espera precisa "
                                "de tempo limite (sock.settimeout).",
                                dica_do_erro=DICA_DO_ERRO_NO_REMETENTE)
            depois = time.monotonic()
            amostras, inicio = rede.em_voo(), rede.inicio
        execucao.esperar(1.5)  # o receptor termina depois de 0,3 s de silêncio
    finally:
        parar.set()
        execucao.esperar(1.0)
    _conferir_o_registro(v, registro, antes, depois)
    v.conferir(f"os pacotes de dados: seq 0 a {n - 1}, cada um com {TAMANHO_PEQUENO} bytes",
               _resumo_dos_pacotes(list(range(n)), [TAMANHO_PEQUENO] * n),
               _resumo_dos_pacotes(recepcao.seqs, recepcao.tamanhos),
               "seq conta pacotes (0, 1, 2...), e cada pacote leva dados[i:i + tamanho].")
    v.conferir(f"{descricao}: o SHA-256 do que chegou é o do arquivo",
               impressao_sha256(dados), impressao_sha256(recepcao.dados),
               "envie cada pedaço do arquivo com montar(seq=seq, dados=pacotes[seq]).")
    v.conferir(f"no fim, o remetente envia o FIN (seq={n}) e o receptor o recebe", n,
               recepcao.fim, "depois do último pacote confirmado, envie montar(seq=n, "
               "flags=FIN) até chegar o ACK n + 1.")
    _conferir_partida_lenta(v, registro)
    _conferir_janela(v, registro, amostras, inicio)


def _resumo_dos_pacotes(seqs, tamanhos):
    """``"50 pacotes (seq 0 a 49), de 800 bytes"``: o que chegou, sem repetições."""
    if not seqs:
        return "nenhum pacote de dados"
    por_seq = dict(zip(seqs, tamanhos))
    medidas = " ou ".join(str(m) for m in sorted(set(por_seq.values())))
    buracos = "" if len(por_seq) == max(por_seq) - min(por_seq) + 1 else ", com buracos"
    return (f"{len(por_seq)} pacotes (seq {min(por_seq)} a {max(por_seq)}{buracos}), "
            f"de {medidas} bytes")


def _conferir_o_registro(v, registro, antes, depois):
    descricao = "a função devolve o registro da janela: uma lista de pares (tempo, janela)"
    problema = problema_no_registro(registro, antes, depois)
    if problema is not None:
        v.desistir(descricao, f"{problema}. Comece com registro = [(time.monotonic(), "
                   "janela)] antes do primeiro envio e acrescente um par a cada mudança.",
                   recebido=registro if not isinstance(registro, list) else registro[:3])
    v.ok(descricao)


def _conferir_partida_lenta(v, registro):
    janelas = [janela for _, janela in registro]
    v.conferir("a janela começa pequena (de 1 a 4 pacotes) e cresce até pelo menos 8 "
               "(partida lenta)", True, janelas[0] <= 4 and max(janelas) >= 8,
               "comece com cwnd = 1 e some 1 a cada ACK novo enquanto cwnd < ssthresh: "
               "a janela dobra a cada RTT.")


def _conferir_janela(v, registro, amostras, inicio):
    """Nenhum pacote novo chegou à rede com mais pacotes em voo do que a janela."""
    estouros = estouros_da_janela(registro, amostras, inicio)
    descricao = (f"nunca mais pacotes em voo do que a janela registrada "
                 f"({numero(len(amostras))} pacotes vistos pela rede)")
    if not estouros:
        return v.ok(descricao)
    amostra, permitida = estouros[0]
    return v.falhou(descricao, "envie um pacote novo só enquanto proximo - base < janela, "
                    "e registre cada mudança da janela antes de usá-la.",
                    f"no máximo {permitida} em voo" if permitida else "um registro antes "
                    "do primeiro envio",
                    f"o pacote {amostra.seq} chegou à rede com {amostra.em_voo} em voo "
                    f"({numero(len(estouros))} pacotes passaram da janela)")


# ----- 3: o transporte inteiro, na rede ruim --------------------------------------------


@exercicio(
    "projeto_transporte", "10", "Projeto final: o transporte inteiro, na rede ruim",
    ["enviar_arquivo", "receber_arquivo"],
    dicas=[
        "Confira antes as duas metades sozinhas: verificar(\"projeto_receptor\", ...) e "
        "verificar(\"projeto_remetente\", ...). Aqui elas conversam entre si, pela rede "
        "que perde, duplica, troca a ordem e tem um gargalo.",
        "Se a janela nunca diminui: no 3º ACK duplicado, ao_duplicado() corta a cwnd pela "
        "metade; no tempo esgotado, ao_estourar() a leva a 1. Registre a janela depois de "
        "cada ACK e de cada tempo esgotado.",
        "Se há retransmissões demais: o tempo limite vem do EstimadorDeRTT (SRTT + 4·RTTVAR, "
        "no mínimo 0,2 s), não de um número fixo pequeno; e o relógio recomeça a cada ACK "
        "novo. Se não termina no prazo: confira a retransmissão rápida e o FIN.",
    ],
    verificacoes=5,
)
def _conferir_transporte(v, enviar_arquivo, receber_arquivo):
    dados = arquivo_de_teste(TAMANHO_DO_ARQUIVO)
    n = TAMANHO_DO_ARQUIVO // TAMANHO_DO_PACOTE
    receptor, remetente = socket_udp(), socket_udp()
    recepcao = v.em_segundo_plano(receber_arquivo, receptor, SILENCIO)
    with RedeInstavel(receptor.getsockname(), semente=SEMENTE_DA_REDE, **REDE_RUIM) as rede:
        antes = time.monotonic()
        registro = v.chamar(
            enviar_arquivo, remetente, rede.endereco, dados, TAMANHO_DO_PACOTE, prazo=PRAZO,
            descricao=f"{numero(TAMANHO_DO_ARQUIVO)} bytes pela rede ruim",
            dica_do_prazo="o pare e espere não cabe no prazo: mantenha a janela cheia, use a "
            "retransmissão rápida no 3º ACK duplicado e termine com o FIN.",
            dica_do_erro=DICA_DO_ERRO_NO_REMETENTE)
        depois = time.monotonic()
        amostras, inicio = rede.em_voo(), rede.inicio
        _relatar_a_vazao(v, depois - antes)
        # A rede fica aberta até o receptor terminar: uma confirmação atrasada para uma
        # porta já fechada daria ao receptor, no Windows, um ConnectionResetError (10054).
        v.terminar(recepcao, SILENCIO + 2.0, "o seu receptor, depois do fim",
                   dica_do_prazo="depois do FIN, o receptor devolve os bytes no primeiro "
                   "TimeoutError (sock.settimeout(silencio)).")
    valor = recepcao.valor
    v.conferir("o SHA-256 do que o seu receptor devolveu é o do arquivo",
               impressao_sha256(dados),
               impressao_sha256(valor) if isinstance(valor, bytes) else valor,
               "confira as duas metades sozinhas, com projeto_receptor e projeto_remetente.")
    problema = problema_no_registro(registro, antes, depois)
    if problema is None:
        _conferir_janela(v, registro, amostras, inicio)
        _conferir_reducoes(v, registro)
    else:
        for descricao in ("nunca mais pacotes em voo do que a janela registrada",
                          "a janela diminui depois das perdas"):
            v.falhou(descricao, f"{problema}: devolva o registro da janela, como em "
                     "projeto_remetente.")
    _conferir_retransmissoes(v, amostras, n)


def _relatar_a_vazao(v, duracao):
    rtt = 2 * REDE_RUIM["atraso"]
    v.ok(f"{numero(TAMANHO_DO_ARQUIVO)} bytes em {com_unidade(duracao, 's', 1)}, dentro do "
         f"prazo de {segundos(PRAZO)}: {mbits(TAMANHO_DO_ARQUIVO * 8 / duracao)} (o limite "
         f"do gargalo é {mbits(limite_do_gargalo(REDE_RUIM['taxa'], TAMANHO_DO_PACOTE))}; o "
         f"pare e espere, mesmo sem perdas, faria "
         f"{mbits(vazao_do_pare_e_espere(REDE_RUIM['taxa'], rtt, TAMANHO_DO_PACOTE))})")


def _conferir_reducoes(v, registro):
    reducoes = reducoes_da_janela(registro)
    v.conferir(f"a janela diminui depois das perdas (diminuiu {numero(reducoes)} vezes)",
               True, reducoes >= 1,
               "no 3º ACK duplicado, ao_duplicado() corta a cwnd pela metade; no tempo "
               "esgotado, ao_estourar() a leva a 1 pacote. Sem isso, o remetente afoga "
               "o gargalo.")


def _conferir_retransmissoes(v, amostras, n):
    repetidos = sum(1 for amostra in amostras if not amostra.nova)
    limite = n // 2
    v.conferir(f"o tempo limite se adapta ao RTT: {numero(repetidos)} retransmissões para "
               f"{numero(n)} pacotes (no máximo {numero(limite)})", True, repetidos <= limite,
               "retransmissões demais: o tempo limite deve vir do EstimadorDeRTT (SRTT + "
               "4·RTTVAR, no mínimo 0,2 s), e não de um número menor que o RTT.")
