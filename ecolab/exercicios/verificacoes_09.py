"""Exercícios da lição 09 (controle de congestionamento): o TCP Reno, a janela de envio e a justiça.

1. ``reno_janela_de_congestionamento``: a classe ``ControleReno`` (partida
   lenta, aumento aditivo, retransmissão rápida no 3º ACK duplicado, recuperação
   rápida, timeout). O verificador manda a mesma sequência de eventos à classe do
   aluno e à de referência (:class:`ecolab.reno.ControleReno`) e compara ``cwnd``,
   ``ssthresh`` e o que ``ao_duplicado`` devolve depois de **cada** evento; por
   fim, põe a classe no remetente do curso, pelo gargalo, e confere o dente de
   serra (pelo menos 3 reduções à metade) e, pela contagem da rede, que o
   remetente nunca passou da janela;
2. ``reno_pode_enviar``: a regra que o remetente consulta antes de mandar um
   pacote novo: cabe mais um em voo, pela ``cwnd`` e pela janela do receptor? O
   verificador a confere com números e depois a põe no remetente do curso, que
   atravessa o gargalo; a **rede** conta os pacotes em voo (``rede.em_voo``) e
   confere que nunca passaram da janela;
3. ``jain_divisao_justa``: o índice de justiça de Jain.
"""

import math
import random

from ..congestionamento import (
    RWND_DA_LICAO, estouros_da_janela, reducoes_a_metade, transferir_pelo_gargalo,
)
from ..numeros import numero
from ..reno import ControleReno as ReferenciaReno
from ..transporte import TransferenciaInterrompida
from .bancada import exercicio

TOLERANCIA = 1e-6  # cwnd e ssthresh são números com fração: comparados com esta folga

ACK, DUP, ESTOURO = "ACK novo", "ACK duplicado", "timeout"


# ----- 1. reno_janela_de_congestionamento ----------------------------------------


@exercicio(
    "reno_janela_de_congestionamento", "09", "A janela de congestionamento do TCP Reno",
    ["ControleReno"],
    dicas=[
        "Guarde quatro coisas em __init__: self.cwnd = 1, self.ssthresh = 64, um contador "
        "de ACKs duplicados e um indicador de \"estou em recuperação rápida\" (False).",
        "ao_confirmar: zere os duplicados. Se estava em recuperação, saia dela com "
        "cwnd = ssthresh; senão, se cwnd < ssthresh some 1 (partida lenta), e se não, some "
        "1 / cwnd (aumento aditivo).",
        "ao_duplicado: some 1 ao contador. Quando ele chegar a 3: ssthresh = max(cwnd / 2, 2), "
        "cwnd = ssthresh + 3, entre em recuperação e devolva True. Em recuperação, cada "
        "duplicado a mais soma 1 à cwnd. Nos outros casos, devolva False.",
        "ao_estourar: ssthresh = max(cwnd / 2, 2), cwnd = 1, zere os duplicados e saia da "
        "recuperação. Não arredonde nada: 21 / 2 é 10,5.",
    ],
    verificacoes=8,
)
def _conferir_reno(v, ControleReno):
    _conferir_roteiro(v, ControleReno, "no começo, cwnd = 1 e ssthresh = 64", [],
                      "comece com self.cwnd = 1 e self.ssthresh = 64 (em pacotes).")
    _conferir_roteiro(v, ControleReno, "partida lenta: cada ACK novo soma 1 (de 1 a 16)",
                      [ACK] * 15, "enquanto cwnd < ssthresh, cada ACK novo faz cwnd += 1: "
                      "a janela dobra a cada RTT.")
    _conferir_roteiro(v, ControleReno, "prevenção de congestionamento: a partir de "
                      "ssthresh, cada ACK novo soma 1 / cwnd", [ACK] * 63 + [ACK] * 70,
                      "quando cwnd >= ssthresh, cada ACK novo faz cwnd += 1 / cwnd: uma "
                      "janela inteira de ACKs soma cerca de 1.")
    _conferir_roteiro(v, ControleReno, "3º ACK duplicado: devolve True (retransmissão "
                      "rápida), ssthresh = cwnd / 2 e cwnd = ssthresh + 3",
                      [ACK] * 20 + [DUP] * 3, "os dois primeiros duplicados só contam "
                      "(devolvem False); no 3º, ssthresh = max(cwnd / 2, 2), "
                      "cwnd = ssthresh + 3, e a função devolve True.")
    _conferir_roteiro(v, ControleReno, "recuperação rápida: cada duplicado a mais soma 1; "
                      "o ACK novo seguinte deixa cwnd = ssthresh (a metade)",
                      [ACK] * 20 + [DUP] * 7 + [ACK] * 3, "depois do 3º duplicado, cada "
                      "duplicado a mais faz cwnd += 1 (e devolve False); o primeiro ACK "
                      "novo termina a recuperação com cwnd = ssthresh.")
    _conferir_roteiro(v, ControleReno, "timeout: ssthresh = cwnd / 2, cwnd volta a 1 e a "
                      "partida lenta recomeça", [ACK] * 20 + [ESTOURO] + [ACK] * 12,
                      "no timeout, ssthresh = max(cwnd / 2, 2), sem arredondar (21 / 2 é "
                      "10,5), e cwnd = 1 (não a metade: a metade é para o 3º duplicado); "
                      "depois, partida lenta até ssthresh.")
    _conferir_roteiro(v, ControleReno, "600 eventos sorteados (semente 9), com perdas "
                      "seguidas", _roteiro_sorteado(600, semente=9),
                      "confira os casos de canto: um ACK novo zera os duplicados; o timeout "
                      "também; ssthresh nunca fica abaixo de 2.")
    _conferir_serra(v, ControleReno)


PACOTES_DA_SERRA = 600
REDUCOES_PEDIDAS = 3


def _conferir_serra(v, ControleReno):
    """A classe do aluno no remetente do curso, pelo gargalo: o dente de serra e a janela."""
    descricao = (f"pelo gargalo, com {numero(PACOTES_DA_SERRA)} pacotes: o arquivo chega, a "
                 f"cwnd cai à metade pelo menos {REDUCOES_PEDIDAS} vezes e a rede nunca vê "
                 "mais pacotes em voo do que a janela")
    if not all(item.passou for item in v.itens):
        v.falhou(descricao, "acerte primeiro as regras dos itens acima: o remetente do curso "
                 "só atravessa o gargalo com a sua classe depois disso.")
        return
    transferencia = v.chamar(transferir_pelo_gargalo, ControleReno, PACOTES_DA_SERRA,
                             prazo=30.0, descricao="a transferência pelo gargalo")
    metades = sum(r.a_metade for r in reducoes_a_metade(transferencia.relatorio))
    estouros = estouros_da_janela(transferencia)
    if transferencia.intacto and metades >= REDUCOES_PEDIDAS and not estouros:
        v.ok(descricao)
    else:
        v.falhou(descricao, "no 3º ACK duplicado a janela tem de cair (ssthresh = cwnd / 2) e, "
                 "no ACK novo seguinte, ficar em ssthresh.",
                 f"arquivo inteiro, {REDUCOES_PEDIDAS} ou mais reduções, 0 estouros",
                 f"arquivo {'inteiro' if transferencia.intacto else 'incompleto'}, "
                 f"{metades} reduções, {len(estouros)} estouros")


def _conferir_roteiro(v, ControleReno, descricao, eventos, dica):
    """Roda ``eventos`` na classe do aluno e na de referência; anota a primeira diferença."""
    recebido = v.chamar(_rodar, ControleReno, eventos, prazo=3.0, descricao=descricao)
    esperado = _rodar(ReferenciaReno, eventos)
    for passo, (certo, do_aluno) in enumerate(zip(esperado, recebido)):
        if not _mesmo_estado(certo, do_aluno):
            quando = "no começo" if passo == 0 else f"depois de {_resumir(eventos[:passo])}"
            v.falhou(descricao, dica, f"{quando}: {_texto(certo)}",
                     f"{quando}: {_texto(do_aluno)}")
            return
    v.ok(descricao)


def _rodar(ControleReno, eventos):
    """O estado (cwnd, ssthresh, se foi duplicado, o que devolveu) no começo e a cada evento."""
    controle = ControleReno()
    estados = [(controle.cwnd, controle.ssthresh, False, None)]
    for evento in eventos:
        if evento == ACK:
            devolvido = controle.ao_confirmar()
        elif evento == DUP:
            devolvido = controle.ao_duplicado()
        else:
            devolvido = controle.ao_estourar()
        estados.append((controle.cwnd, controle.ssthresh, evento == DUP, devolvido))
    return estados


def _mesmo_estado(certo, do_aluno):
    mesma_janela = all(_perto(a, b) for a, b in zip(certo[:2], do_aluno[:2]))
    return mesma_janela and (not certo[2] or bool(do_aluno[3]) is certo[3])


def _perto(esperado, recebido):
    if isinstance(recebido, bool) or not isinstance(recebido, (int, float)):
        return False
    return math.isclose(esperado, recebido, rel_tol=TOLERANCIA, abs_tol=TOLERANCIA)


def _texto(estado):
    """``cwnd = 10,5, ssthresh = 10,5, ao_duplicado devolveu True``."""
    cwnd, ssthresh, foi_duplicado, devolvido = estado
    partes = [f"cwnd = {_valor(cwnd)}", f"ssthresh = {_valor(ssthresh)}"]
    if foi_duplicado:
        partes.append(f"ao_duplicado devolveu {devolvido!r}")
    return ", ".join(partes)


def _valor(x):
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return numero(round(x, 4))
    return repr(x)


def _resumir(eventos):
    """``["ACK novo"] * 20 + ["ACK duplicado"] * 3`` -> ``"20 ACKs novos, 3 ACKs duplicados"``."""
    grupos = []
    for evento in eventos:
        if grupos and grupos[-1][0] == evento:
            grupos[-1][1] += 1
        else:
            grupos.append([evento, 1])
    if len(grupos) > 4:
        return f"{len(eventos)} eventos (os últimos: {_resumir(eventos[-3:])})"
    return ", ".join(_plural(evento, vezes) for evento, vezes in grupos)


def _plural(evento, vezes):
    if vezes == 1:
        return f"1 {evento}"
    plurais = {ACK: "ACKs novos", DUP: "ACKs duplicados", ESTOURO: "timeouts"}
    return f"{vezes} {plurais[evento]}"


def _roteiro_sorteado(quantos, semente):
    """Eventos como os de uma transferência: muitos ACKs, rajadas de duplicados, timeouts."""
    sorte = random.Random(semente)
    eventos = []
    while len(eventos) < quantos:
        eventos += [ACK] * sorte.randint(1, 40)
        perda = sorte.random()
        if perda < 0.6:
            eventos += [DUP] * sorte.randint(1, 8)
        elif perda < 0.8:
            eventos += [ESTOURO] * sorte.randint(1, 3)
    return eventos[:quantos]


# ----- 2. reno_pode_enviar -------------------------------------------------------


@exercicio(
    "reno_pode_enviar", "09", "Cabe mais um pacote em voo?", ["pode_enviar"],
    dicas=[
        "Os pacotes em voo são os enviados e ainda não confirmados: de base até "
        "proximo - 1, ou seja, proximo - base pacotes.",
        "A janela é a menor das duas: min(cwnd, rwnd). A cwnd protege a rede; a rwnd, o "
        "receptor (lição 08).",
        "Enviar o proximo deixa proximo - base + 1 pacotes em voo, e esse número tem de "
        "caber na janela. Com cwnd = 7,9 cabem 7 pacotes, não 8.",
    ],
    verificacoes=6,
)
def _conferir_pode_enviar(v, pode_enviar):
    casos = [
        ("nada em voo, cwnd = 1: pode enviar", (5, 5, 1, 100), True,
         "com proximo == base não há nada em voo: cabe 1 pacote numa janela de 1."),
        ("1 pacote em voo, cwnd = 1: a janela está cheia", (6, 5, 1, 100), False,
         "em voo são proximo - base pacotes; enviar mais um tem de caber na janela."),
        ("7 em voo, cwnd = 7,9: não cabe o 8º", (12, 5, 7.9, 100), False,
         "com cwnd = 7,9 cabem 7 pacotes, não 8: compare proximo - base + 1 (os em voo "
         "depois de enviar) com a janela."),
        ("3 em voo, cwnd = 20 e rwnd = 3: o receptor manda parar", (8, 5, 20.0, 3), False,
         "a janela é min(cwnd, rwnd): o receptor também limita (controle de fluxo)."),
    ]
    for descricao, argumentos, esperado, dica in casos:
        recebido = v.chamar(pode_enviar, *argumentos, descricao=descricao)
        v.conferir(descricao, esperado, recebido, dica)
    _conferir_pela_rede(v, pode_enviar, RWND_DA_LICAO,
                        "pelo gargalo, com a cwnd do Reno: a rede nunca viu mais pacotes em "
                        "voo do que a janela", "com cwnd = 7,9 cabem 7 pacotes, não 8: o "
                        "pacote novo só sai se os em voo depois dele couberem na janela.")
    _conferir_pela_rede(v, pode_enviar, 4,
                        "pelo gargalo, com a janela do receptor em 4: a rede nunca viu mais "
                        "de 4 em voo", "a janela é min(cwnd, rwnd): com rwnd = 4, nunca mais "
                        "de 4 pacotes em voo, por maior que seja a cwnd.")


PACOTES_PELA_REDE = 250


def _conferir_pela_rede(v, pode_enviar, rwnd, descricao, dica):
    """O remetente do curso com a regra do aluno, pelo gargalo; a rede conta os em voo."""
    try:
        transferencia = transferir_pelo_gargalo(pacotes=PACOTES_PELA_REDE, prazo=8.0,
                                                pode_enviar=pode_enviar, rwnd=rwnd)
    except TransferenciaInterrompida:
        v.desistir(descricao, "a transferência parou no meio: confira se pode_enviar volta a "
                   "dizer True quando as confirmações chegam (os em voo são proximo - base).")
    estouros = estouros_da_janela(transferencia)
    if transferencia.intacto and not estouros:
        v.ok(descricao)
    elif not transferencia.intacto:
        v.falhou(descricao, "a transferência não chegou inteira.", "o arquivo inteiro",
                 "faltaram pacotes")
    else:
        amostra, janela = estouros[0]
        v.falhou(descricao, dica, f"no máximo {janela} em voo",
                 f"{amostra.em_voo} em voo quando saiu o pacote {amostra.seq} "
                 f"({len(estouros)} pacotes passaram da janela)")


# ----- 3. jain_divisao_justa ----------------------------------------------------


@exercicio(
    "jain_divisao_justa", "09", "O índice de justiça de Jain", ["indice_de_jain"],
    dicas=[
        "A fórmula: J = (x₁ + ... + xₙ)² / (n · (x₁² + ... + xₙ²)), com n = len(vazoes).",
        "O numerador é o quadrado da soma: some as vazões e só depois eleve ao quadrado. O "
        "denominador usa a soma dos quadrados: eleve cada vazão ao quadrado e só depois some "
        "(um sum com um gerador resolve). Os dois não são iguais: para [1, 3], 16 e 10.",
    ],
    verificacoes=5,
)
def _conferir_jain(v, indice_de_jain):
    casos = [
        ("duas vazões iguais, [5, 5]: divisão justa, J = 1", [5, 5], 1.0),
        ("um leva tudo, [10, 0]: J = 1/2", [10, 0], 0.5),
        ("três fluxos, [1, 2, 3]: J = 36/42", [1, 2, 3], 36 / 42),
        ("em bit/s, [1.000.000, 3.000.000]: o mesmo J de [1, 3], 0,8",
         [1_000_000, 3_000_000], 0.8),
        ("quatro fluxos, um com tudo, [0, 0, 7, 0]: J = 1/4", [0, 0, 7, 0], 0.25),
    ]
    for descricao, vazoes, esperado in casos:
        recebido = v.chamar(indice_de_jain, list(vazoes), descricao=descricao)
        if _perto(esperado, recebido):
            v.ok(descricao)
        else:
            v.falhou(descricao, "J = (soma das vazões)² / (n × soma dos quadrados das "
                     "vazões), com n o número de fluxos; devolva o número, sem arredondar.",
                     numero(round(esperado, 6)), _valor(recebido))
