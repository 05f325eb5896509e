"""Exercícios da lição 06 (janelas deslizantes): o que cada um pede e como é conferido.

1. ``utilizacao_do_remetente``: a fórmula ``U = N·(L/R) / (RTT + L/R)``, no máximo
   1, com ``L`` em bytes e ``R`` em bits por segundo; conferida com o exemplo de
   Kurose e Ross e com a rede da lição (tolerância relativa de 10⁻⁶);
2. ``gbn_remetente``: o remetente Go-Back-N. Um receptor do verificador segura
   as confirmações até chegarem ``janela`` pacotes (o remetente tem de encher a
   janela), "perde" a primeira cópia do pacote 2 (depois do timeout o remetente
   tem de voltar ao 2 e reenviar **todos** os que vieram depois) e confere que
   nenhum pacote novo passou da janela. Depois, o arquivo de teste pela
   :class:`~ecolab.RedeInstavel` com o receptor de referência;
3. ``sr_receptor``: o receptor da Repetição Seletiva, conferido pacote a pacote
   (confirmação individual, buffer dos fora de ordem, confirmação de novo dos
   repetidos e dos já entregues, nada além da janela) e pela rede instável com o
   remetente de referência: os bytes saem inteiros e **na ordem**;
4. ``estimador_de_rtt``: ``EstimadorDeRTT`` da RFC 6298 (RTTVAR antes de SRTT,
   α = 1/8, β = 1/4, K = 4, ``inicial``, ``minimo`` e ``maximo``), conferido contra
   :mod:`ecolab.estimador_de_rtt` com tolerância de 1 µs;
5. ``regra_de_karn``: a amostra de RTT de uma confirmação, ou ``None`` quando o
   pacote foi enviado mais de uma vez.
"""

import math
import threading
import time

from .bancada import Execucao, exercicio, segundos
from .bancada_rede import socket_udp
from ..estimador_de_rtt import EstimadorDeRTT as EstimadorDeReferencia
from ..numeros import numero
from ..rede_instavel import RedeInstavel
from ..segmento import FIN, SELETIVA, ler, montar
from ..transporte import Receptor, Remetente, fatiar

REDE_DE_TESTE = dict(perda=0.15, duplicacao=0.1, reordenacao=0.15, atraso=0.002)
ARQUIVO_DE_TESTE = b"".join(f"{n:04d} janelas deslizantes\n".encode() for n in range(600))
TAMANHO_DO_PACOTE = 500  # 33 pacotes de teste
TOLERANCIA_DO_TIMEOUT = 1e-6  # segundos


# ----- 1. utilizacao_do_remetente ---------------------------------------------------


CASOS_DA_UTILIZACAO = [
    ("o exemplo do livro: 1.000\u00a0bytes a 1\u00a0Gbit/s, RTT de 30\u00a0ms",
     (1000, 1e9, 0.030, 1),
     "L/R é o tempo de pôr o pacote no fio: L está em bytes e R em bits por segundo, então "
     "L/R = L * 8 / R."),
    ("a rede da lição: 1.012\u00a0bytes a 2\u00a0Mbit/s, RTT de 40\u00a0ms",
     (1012, 2e6, 0.040, 1),
     "U = (L/R) / (RTT + L/R): o denominador é o tempo de um ciclo, do envio do pacote à "
     "chegada da confirmação, que é RTT + L/R."),
    ("a rede da lição com janela 4", (1012, 2e6, 0.040, 4),
     "com janela N, o remetente manda N pacotes por ciclo: U = N * (L/R) / (RTT + L/R)."),
    ("a rede da lição com janela 32: a fórmula dá mais de 1", (1012, 2e6, 0.040, 32),
     "o enlace não pode ficar ocupado mais de 100% do tempo: devolva min(1, ...)."),
]


def utilizacao_de_referencia(L, R, rtt, janela=1):
    transmissao = L * 8 / R
    return min(1.0, janela * transmissao / (rtt + transmissao))


@exercicio(
    "utilizacao_do_remetente", "06", "A utilização do remetente", ["utilizacao"],
    dicas=[
        "Primeiro o tempo de transmissão, L/R, em segundos: L está em bytes e R em bits "
        "por segundo, então converta L para bits (vezes 8) antes de dividir.",
        "Um ciclo dura rtt + L/R; nele, o remetente passa janela vezes L/R transmitindo. U "
        "é a razão entre os dois.",
        "Com uma janela grande, a razão passa de 1, mas o enlace não fica ocupado mais que "
        "100% do tempo: limite o resultado com min.",
    ],
    verificacoes=4,
)
def _conferir_utilizacao(v, utilizacao):
    for descricao, argumentos, dica in CASOS_DA_UTILIZACAO:
        esperado = utilizacao_de_referencia(*argumentos)
        recebido = v.chamar(utilizacao, *argumentos, prazo=1.0, descricao=descricao)
        certo = isinstance(recebido, (int, float)) and math.isclose(
            recebido, esperado, rel_tol=1e-6)
        if certo:
            v.ok(f"{descricao}: U = {numero(esperado, 5)}")
        else:
            v.falhou(descricao, dica, numero(esperado, 5), _como_numero(recebido))


def _como_numero(valor):
    return numero(valor, 5) if isinstance(valor, (int, float)) else valor


# ----- 2. gbn_remetente --------------------------------------------------------------


class ReceptorDoVerificador(Receptor):
    """O receptor de referência com três truques para conferir um remetente.

    - ``perder``: números cuja **primeira** cópia ele finge que se perdeu;
    - ``segurar``: segura as confirmações até chegarem tantos pacotes de dados,
      no começo e de novo a partir da segunda cópia de um perdido (assim, só
      passa quem envia a janela inteira sem esperar confirmação);
    - anota cada pacote que chega (``chegadas``: ``(seq, maior ack já enviado)``),
      para conferir a janela: o remetente não pode saber de confirmações que o
      receptor ainda não enviou.
    """

    def __init__(self, sock, modo, perder=(), segurar=0):
        super().__init__(sock, modo, prazo=10.0, silencio=0.3)
        self.perder, self.segurar, self.segurar_ate = set(perder), segurar, segurar
        self.chegadas, self.retidas, self.maior_ack = [], [], 0
        self.perdidos, self.reenviados = set(), set()

    def _tratar(self, segmento, origem):
        if not segmento.confirmacao and not segmento.fim:
            self.chegadas.append((segmento.seq, self.maior_ack))
            if segmento.seq in self.perder - self.perdidos:
                self.perdidos.add(segmento.seq)
                return
            if segmento.seq in self.perdidos - self.reenviados:
                self.reenviados.add(segmento.seq)
                self.segurar_ate = len(self.chegadas) - 1 + self.segurar
        super()._tratar(segmento, origem)

    def _confirmar(self, datagrama, origem):
        self.retidas.append((datagrama, origem))
        if len(self.chegadas) < self.segurar_ate:
            return
        for retida, destino in self.retidas:
            self.maior_ack = max(self.maior_ack, ler(retida).ack)
            self.sock.sendto(retida, destino)
        self.retidas.clear()


def _receber_em_segundo_plano(receptor):
    parar = threading.Event()
    execucao = Execucao(receptor.receber, (parar,))
    execucao.thread.name = "ecolab-verificador-receptor"
    return execucao.iniciar(), parar


@exercicio(
    "gbn_remetente", "06", "O remetente Go-Back-N", ["enviar_gbn"],
    dicas=[
        "Guarde base = 0 (o mais antigo sem confirmação) e proximo = 0 (o próximo a "
        "enviar). Num laço enquanto base < len(pacotes): primeiro encha a janela "
        "(enquanto proximo < len(pacotes) e proximo < base + janela, envie "
        "montar(seq=proximo, dados=pacotes[proximo]) e some 1 em proximo); depois espere "
        "um datagrama com sock.settimeout(timeout).",
        "Chegou uma confirmação: s = ler(dados); se s.flags & ACK e s.ack > base, então "
        "base = s.ack (o ACK é cumulativo: confirma todos antes de s.ack). Um ACK repetido "
        "(s.ack == base) não muda nada.",
        "Deu TimeoutError: volte N! proximo = base, e o laço reenvia todos os pacotes da "
        "janela. Quando base chegar a len(pacotes), envie montar(seq=len(pacotes), "
        "flags=FIN) até chegar um ACK com ack == len(pacotes) + 1 (no máximo umas 20 vezes).",
    ],
    verificacoes=6,
)
def _conferir_gbn(v, enviar_gbn):
    pacotes = [f"pacote {n}".encode() for n in range(10)]
    receptor = ReceptorDoVerificador(socket_udp(), "gbn", perder={2}, segurar=4)
    execucao, parar = _receber_em_segundo_plano(receptor)
    try:
        v.chamar(enviar_gbn, socket_udp(), receptor.sock.getsockname(), pacotes, 4, 0.1,
                 prazo=5.0, descricao="10 pacotes, janela 4, o pacote 2 se perde uma vez",
                 dica_do_prazo="o laço termina quando base chega a len(pacotes); no timeout, "
                 "volte proximo para base e continue.")
    finally:
        parar.set()
        execucao.esperar(1.0)
    chegadas = [seq for seq, _ in receptor.chegadas]
    v.conferir("a janela se enche: 4 pacotes (0 a 3) saem antes da primeira confirmação",
               [0, 1, 2, 3], chegadas[:4], "envie enquanto proximo < base + janela, sem "
               "esperar confirmação: é isso que faz a janela deslizante ser rápida.")
    depois = _reenviados_depois_da_perda(chegadas, 2)
    v.conferir("depois do timeout, o remetente volta ao 2 e reenvia os que vieram depois",
               [2, 3, 4, 5], depois[:4], "no Go-Back-N o receptor descarta o que chega fora "
               "de ordem: no timeout, faça proximo = base e reenvie toda a janela, não só o "
               "pacote perdido.")
    _conferir_janela(v, receptor.chegadas, 4)
    v.conferir("os 10 pacotes chegam ao receptor, na ordem", pacotes, receptor.pacotes,
               "envie montar(seq=n, dados=pacotes[n]) para cada n, a partir de 0.")
    v.conferir("no fim, o FIN (seq = 10) é enviado e confirmado", True, receptor.completo,
               "depois do último ACK, envie montar(seq=len(pacotes), flags=FIN) até chegar o "
               "ACK com ack == len(pacotes) + 1.")
    _conferir_gbn_na_rede(v, enviar_gbn)


def _reenviados_depois_da_perda(chegadas, perdido):
    """O que chegou a partir da segunda cópia do pacote ``perdido``."""
    copias = [i for i, seq in enumerate(chegadas) if seq == perdido]
    return chegadas[copias[1]:] if len(copias) > 1 else []


def _conferir_janela(v, chegadas, janela):
    vistos, excessos = set(), []
    for seq, maior_ack in chegadas:
        if seq not in vistos and seq >= maior_ack + janela:
            excessos.append(seq)
        vistos.add(seq)
    descricao = f"nenhum pacote novo passa da janela ({janela} a caminho, no máximo)"
    if excessos:
        v.falhou(descricao, "só envie o pacote proximo se proximo < base + janela, e só "
                 "aumente base quando chegar um ACK.", "nenhum",
                 f"pacotes enviados além da janela: {excessos[:5]}")
    else:
        v.ok(descricao)


def _conferir_gbn_na_rede(v, enviar_gbn):
    pacotes = fatiar(ARQUIVO_DE_TESTE, TAMANHO_DO_PACOTE)
    receptor = Receptor(socket_udp(), "gbn", prazo=10.0, silencio=0.3)
    execucao, parar = _receber_em_segundo_plano(receptor)
    descricao = (f"{len(pacotes)} pacotes pela RedeInstavel (perde, duplica e troca a "
                 f"ordem), janela 6")
    try:
        with RedeInstavel(receptor.sock.getsockname(), semente=6, **REDE_DE_TESTE) as rede:
            v.chamar(enviar_gbn, socket_udp(), rede.endereco, pacotes, 6, 0.05, prazo=8.0,
                     descricao=descricao)
    finally:
        parar.set()
        execucao.esperar(1.0)
    v.conferir(f"{descricao}: o arquivo chega inteiro e na ordem", True,
               b"".join(receptor.pacotes) == ARQUIVO_DE_TESTE,
               "ignore ACKs velhos (s.ack <= base) e, no timeout, reenvie a janela inteira.")


# ----- 3. sr_receptor ------------------------------------------------------------------

ROTEIRO_DO_RECEPTOR = [
    (0, b"zero ", 0, "o pacote 0"),
    (2, b"dois ", 2, "o pacote 2, fora de ordem: confirma só o 2"),
    (2, b"dois ", 2, "o 2 de novo (repetido): confirma de novo"),
    (1, b"um ", 1, "o pacote 1, que faltava"),
    (0, b"zero ", 0, "uma cópia velha do 0 (já entregue): confirma de novo"),
    (7, b"sete ", None, "o 7 está além da janela (3 a 6): nem guarda, nem confirma"),
    (3, b"tres", 3, "o pacote 3"),
]


@exercicio(
    "sr_receptor", "06", "O receptor da Repetição Seletiva", ["receber_sr"],
    dicas=[
        "Guarde base = 0 (o próximo a entregar), um dicionário guardados (seq -> dados) e "
        "uma lista entregues. Para cada segmento s = ler(dados): se base <= s.seq < base + "
        "janela, guarde os dados no dicionário e confirme esse pacote sozinho: um segmento "
        "com ack igual a s.seq e a flag SELETIVA, enviado a quem mandou.",
        "Depois de guardar, entregue na ordem: enquanto o pacote base estiver no "
        "dicionário, tire-o de lá (pop), ponha-o no fim de entregues e some 1 em base. Um "
        "s.seq < base já foi entregue: não entregue de novo, mas confirme (a confirmação "
        "anterior pode ter se perdido). Um s.seq >= base + janela: ignore.",
        "O FIN (s.flags & FIN) com s.seq == base: confirme-o como um pacote (SELETIVA, ack "
        "igual a s.seq) e marque que acabou. Use sock.settimeout(silencio) e, depois do "
        "fim, no primeiro TimeoutError devolva os pacotes de entregues juntados em bytes.",
    ],
    verificacoes=10,
)
def _conferir_sr(v, receber_sr):
    receptor, remetente = socket_udp(), socket_udp(0.15)
    execucao = v.em_segundo_plano(receber_sr, receptor, 4, 0.3)
    destino = receptor.getsockname()
    for seq, dados, esperado, descricao in ROTEIRO_DO_RECEPTOR:
        remetente.sendto(montar(seq=seq, dados=dados), destino)
        recebido = _confirmacao(remetente)
        v.conferir_erro(execucao, descricao)
        v.conferir(f"{descricao}: {_como_confirmacao(esperado)}", _como_confirmacao(esperado),
                   _como_confirmacao(recebido), _dica_do_roteiro(esperado))
    remetente.sendto(montar(seq=4, flags=FIN), destino)
    v.conferir("o FIN (seq = 4): SELETIVA ack=4", "SELETIVA ack=4",
               _como_confirmacao(_confirmacao(remetente)),
               "confirme o FIN com montar(ack=s.seq, flags=SELETIVA) quando s.seq == base.")
    v.terminar(execucao, 1.5, f"depois do FIN e de {segundos(0.3)} de silêncio",
               dica_do_prazo="depois do FIN, use sock.settimeout(silencio) e devolva os bytes "
               "no primeiro TimeoutError.")
    remetente.close()
    v.conferir("os bytes entregues, inteiros e na ordem (0, 1, 2, 3), sem o 7",
               b"zero um dois tres", execucao.valor,
               "não entregue o que chega fora de ordem: guarde num dicionário e entregue só "
               "quando o pacote base chegar (while base in guardados).")
    _conferir_sr_na_rede(v, receber_sr)


def _confirmacao(sock):
    """O ``ack`` da confirmação ``SELETIVA`` que chegar a ``sock`` (ou o que chegou)."""
    try:
        segmento = ler(sock.recv(65_535))
    except (TimeoutError, ConnectionError):
        return None
    except ValueError:
        return "outra"
    return segmento.ack if segmento.flags & SELETIVA else f"não SELETIVA ({segmento})"


def _como_confirmacao(ack):
    if ack is None:
        return "nenhuma confirmação"
    return f"SELETIVA ack={ack}" if isinstance(ack, int) else str(ack)


def _dica_do_roteiro(esperado):
    if esperado is None:
        return "só aceite base <= s.seq < base + janela; o que está além é ignorado."
    return ("na Repetição Seletiva, cada pacote é confirmado sozinho: "
            "montar(ack=s.seq, flags=SELETIVA), inclusive os repetidos e os já entregues.")


def _conferir_sr_na_rede(v, receber_sr):
    receptor, remetente = socket_udp(), socket_udp()
    execucao = v.em_segundo_plano(receber_sr, receptor, 16, 0.3)
    descricao = "o arquivo de teste pela RedeInstavel (perde, duplica e troca a ordem), janela 8"
    with RedeInstavel(receptor.getsockname(), semente=8, **REDE_DE_TESTE) as rede:
        envio = Execucao(Remetente(remetente, rede.endereco, "sr", 8, prazo=5.0).enviar,
                         (fatiar(ARQUIVO_DE_TESTE, TAMANHO_DO_PACOTE),))
        envio.thread.name = "ecolab-verificador-remetente"
        envio.iniciar().esperar(6.0)
        v.terminar(execucao, 2.0, descricao)
    remetente.close()
    v.conferir(f"{descricao}: os bytes saem inteiros e na ordem", True,
               execucao.valor == ARQUIVO_DE_TESTE,
               "entregue só na ordem (while base in guardados) e confirme cada pacote, "
               "inclusive os repetidos.")


# ----- 4. estimador_de_rtt --------------------------------------------------------------

AMOSTRAS_DE_TESTE = [0.045, 0.050, 0.120, 0.046, 0.044, 0.300, 0.047, 0.045, 0.046, 0.044]


@exercicio(
    "estimador_de_rtt", "06", "O timeout adaptativo (RFC 6298)", ["EstimadorDeRTT"],
    dicas=[
        "No __init__(self, inicial=1.0, minimo=0.2, maximo=60.0): guarde minimo e maximo, "
        "self.srtt = None, self.rttvar = None e self.timeout = inicial.",
        "Em amostra(self, rtt): se self.srtt is None (a primeira), srtt = rtt e rttvar = "
        "rtt / 2. Senão, NESTA ordem: rttvar = 3/4 * rttvar + 1/4 * abs(srtt - rtt), e só "
        "depois srtt = 7/8 * srtt + 1/8 * rtt.",
        "No fim de amostra, o timeout é srtt + 4 * rttvar, mas nunca abaixo de minimo nem "
        "acima de maximo (use max e min).",
    ],
    verificacoes=6,
)
def _conferir_estimador(v, EstimadorDeRTT):
    estimador = v.chamar(EstimadorDeRTT, prazo=1.0, descricao="EstimadorDeRTT()")
    v.conferir("antes de qualquer amostra: timeout = inicial (1\u00a0s)", 1.0,
               getattr(estimador, "timeout", None), "no __init__, self.timeout = inicial.")
    outro = v.chamar(EstimadorDeRTT, 3.0, 0.2, 60.0, prazo=1.0,
                     descricao="EstimadorDeRTT(3.0, 0.2, 60.0)")
    v.conferir("EstimadorDeRTT(inicial=3.0): timeout = 3\u00a0s", 3.0,
               getattr(outro, "timeout", None),
               "use o argumento inicial, não um número fixo.")
    _conferir_contas(v, EstimadorDeRTT, "a primeira amostra, 0,1\u00a0s: SRTT = R, RTTVAR = R/2",
                     [0.1], "na primeira amostra, srtt = rtt e rttvar = rtt / 2.")
    _conferir_contas(v, EstimadorDeRTT, "a segunda amostra, 0,3\u00a0s: RTTVAR antes de SRTT",
                     [0.1, 0.3], "a RFC 6298 atualiza rttvar primeiro, com o srtt antigo: "
                     "rttvar = 3/4 * rttvar + 1/4 * abs(srtt - rtt); só depois srtt = 7/8 * "
                     "srtt + 1/8 * rtt (Kurose escreve na ordem contrária).")
    _conferir_contas(v, EstimadorDeRTT, "dez amostras de 45\u00a0ms a 300\u00a0ms, uma a uma",
                     AMOSTRAS_DE_TESTE, "α = 1/8, β = 1/4 e K = 4; confira também o mínimo.")
    _conferir_contas(v, EstimadorDeRTT, "amostras de 1\u00a0ms: o timeout não fica abaixo do "
                     "mínimo (0,2\u00a0s); uma de 100\u00a0s: nem acima do máximo (60\u00a0s)",
                     [0.001] * 5 + [100.0], "timeout = min(max(srtt + 4 * rttvar, minimo), "
                     "maximo).")


def _conferir_contas(v, EstimadorDeRTT, descricao, amostras, dica):
    referencia = EstimadorDeReferencia()
    estimador = v.chamar(EstimadorDeRTT, prazo=1.0, descricao="EstimadorDeRTT()")
    for rtt in amostras:
        referencia.amostra(rtt)
        v.chamar(estimador.amostra, rtt, prazo=1.0, descricao=f"amostra({numero(rtt)})")
        recebido = tuple(getattr(estimador, nome, None) for nome in ("srtt", "rttvar", "timeout"))
        esperado = (referencia.srtt, referencia.rttvar, referencia.timeout)
        if not _perto(recebido, esperado):
            v.falhou(f"{descricao}: depois da amostra {numero(rtt)} s",
                     _dica_das_contas(recebido, esperado, dica),
                     _contas_em_texto(esperado), _contas_em_texto(recebido))
            return
    v.ok(f"{descricao}: timeout = {numero(referencia.timeout, 6)} s")


DICAS_DAS_CONTAS = {
    "srtt": "srtt errado: na primeira amostra, srtt = rtt; depois, srtt = 7/8 * srtt + 1/8 * "
            "rtt (α = 1/8).",
    "rttvar": "rttvar errado: na primeira amostra, rttvar = rtt / 2; depois, rttvar = 3/4 * "
              "rttvar + 1/4 * abs(srtt - rtt) (β = 1/4), com o srtt ANTIGO: atualize rttvar "
              "antes de srtt (a ordem da RFC 6298; Kurose escreve na ordem contrária).",
}


def _dica_das_contas(recebido, esperado, dica):
    """A dica do primeiro atributo errado (srtt, depois rttvar); só o timeout: ``dica``."""
    for nome, r, e in zip(("srtt", "rttvar"), recebido, esperado):
        if not _perto((r,), (e,)):
            return DICAS_DAS_CONTAS[nome]
    return dica


def _perto(recebido, esperado):
    return all(isinstance(r, (int, float)) and abs(r - e) <= TOLERANCIA_DO_TIMEOUT
               for r, e in zip(recebido, esperado))


def _contas_em_texto(valores):
    nomes = ("srtt", "rttvar", "timeout")
    return ", ".join(f"{nome} = {numero(valor, 6) if isinstance(valor, (int, float)) else valor}"
                     for nome, valor in zip(nomes, valores))


# ----- 5. regra_de_karn ------------------------------------------------------------------


@exercicio(
    "regra_de_karn", "06", "A regra de Karn", ["amostra_de_rtt"],
    dicas=[
        "envios[seq] é a lista das horas em que o pacote seq foi enviado: uma hora por "
        "envio, a primeira é a do envio original.",
        "Se o pacote foi enviado uma vez só (a lista tem um item), a amostra é o tempo "
        "entre esse envio e agora.",
        "Se foi retransmitido (mais de um envio), não há como saber a qual envio a "
        "confirmação responde: return None. Se seq nem está em envios, também None.",
    ],
    verificacoes=4,
)
def _conferir_karn(v, amostra_de_rtt):
    agora = time.monotonic()
    envios = {0: [agora - 0.05], 1: [agora - 0.3, agora - 0.1], 2: [agora - 0.02]}
    casos = [
        ("o pacote 0, enviado uma vez há 50\u00a0ms: a amostra é 0,05\u00a0s", 0, 0.05,
         "a amostra é agora - envios[seq][0]."),
        ("o pacote 2, enviado uma vez há 20\u00a0ms: a amostra é 0,02\u00a0s", 2, 0.02,
         "a amostra é agora - envios[seq][0]."),
        ("o pacote 1, enviado duas vezes: nenhuma amostra (None)", 1, None,
         "regra de Karn: a confirmação de um pacote retransmitido pode ser do primeiro envio "
         "ou do segundo; não use nenhum dos dois, devolva None."),
        ("o pacote 9, nunca enviado: nenhuma amostra (None)", 9, None,
         "uma confirmação de um pacote que não está em envios não dá amostra: devolva None."),
    ]
    for descricao, seq, esperado, dica in casos:
        recebido = v.chamar(amostra_de_rtt, {k: list(t) for k, t in envios.items()}, seq, agora,
                            prazo=1.0, descricao=descricao)
        certo = (recebido is None if esperado is None else
                 isinstance(recebido, (int, float)) and math.isclose(recebido, esperado,
                                                                      abs_tol=1e-9))
        if certo:
            v.ok(descricao)
        else:
            v.falhou(descricao, dica, esperado if esperado is None else numero(esperado),
                     _como_numero(recebido))
