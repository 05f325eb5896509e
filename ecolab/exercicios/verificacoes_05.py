"""Exercícios da lição 05 (transferência confiável sobre UDP): o pinger UDP e a transferência confiável.

1. ``udp_pinger``: dez pings por uma rede que perde datagramas, com o tempo de
   ida e volta de cada um (ou ``None`` quando o tempo esgota); cada eco é casado
   com o seu ping, e um eco atrasado de um ping anterior não conta;
2. ``udp_estatisticas_do_ping``: o resumo, como o ``ping`` mostra no fim;
3. ``udp_receptor_confiavel`` e 4. ``udp_remetente_confiavel``: o protocolo
   "pare e espere" (*stop-and-wait*), com números de sequência, confirmações,
   tempo limite e retransmissão.

O protocolo da transferência está em :mod:`ecolab.exercicios.pare_e_espere`, com a versão
do verificador do remetente e do receptor: cada metade da resposta do aluno é
conferida contra a outra metade do verificador, e depois contra um receptor (ou
remetente) que engana de propósito (confirmações velhas, cópias repetidas).
"""

import math
import threading

from ..numeros import numero
from .bancada import Execucao, exercicio, segundos
from .bancada_rede import socket_udp
from .pare_e_espere import ReceptorQueEngana, enviar_de_referencia, receber_de_referencia
from ..rede_instavel import RedeInstavel
from ..sockets import encerrar
from ..udp import ServidorUDP

TEXTO_DE_TESTE = [
    "Batatinha quando nasce",
    "espalha a rama pelo chão;",
    "a menina quando dorme",
    "põe a mão no coração.",
    "Ação, reação | e números: 1, 2, 3",
]
REDE_DE_TESTE = {"perda": 0.2, "duplicacao": 0.2, "reordenacao": 0.2}
TIMEOUT_DO_PING = 0.25  # segundos; folgado, para um computador ocupado não parecer perda
# Ecos atrasados: cada um chega 0,16 s depois do ping, com tempo limite de 0,1 s, isto é,
# 0,06 s depois do ping seguinte (folga de 60 ms para os dois lados).
TIMEOUT_DOS_ATRASADOS = 0.1
ATRASO_DOS_ECOS = 0.16


# ----- 1 e 2: o pinger ---------------------------------------------------------


@exercicio(
    "udp_pinger", "05", "Pinger UDP", ["pingar"],
    dicas=[
        "Um socket UDP. Para cada número de 1 a vezes: anote inicio = time.perf_counter(), "
        "envie f\"Ping {numero}\" e espere o eco DESTE ping; anote o tempo, ou None.",
        "O eco é \"Resposta do servidor: \" + o seu ping. Um eco de outro número é velho "
        "(chegou atrasado): ignore-o e continue esperando, com o tempo que sobrar: "
        "prazo = inicio + timeout e sock.settimeout(prazo - time.perf_counter()) antes "
        "de cada recvfrom.",
        "Se o eco certo chegou, o tempo é time.perf_counter() - inicio (em segundos); se "
        "recvfrom levantou TimeoutError (ou o prazo acabou), anote None e siga para o "
        "próximo ping. Junte tudo numa lista e devolva-a; feche o socket "
        "(with socket.socket(...) as sock:).",
    ],
    verificacoes=4,
)
def _conferir_pinger(v, pingar):
    with ServidorUDP() as servidor:
        with RedeInstavel(servidor.endereco, perda=0.3, atraso=0.02, sentido="ida",
                          semente=4) as rede:
            rtts = v.chamar(pingar, rede.endereco, 10, TIMEOUT_DO_PING, prazo=3.0,
                            descricao=f"pingar(endereco, 10, timeout={TIMEOUT_DO_PING})",
                            dica_do_prazo="use sock.settimeout(timeout): um ping perdido "
                            "não pode travar o pinger.")
            perdidos = {_numero_do_ping(e.texto) for e in rede.registro.eventos("perdeu")}
            recebidos = [e.texto for e in rede.registro.eventos("recebeu")
                         if e.endereco != rede.destino]
        v.conferir("foram enviados 10 pings, \"Ping 1\" a \"Ping 10\"", list(range(1, 11)),
                   [_numero_do_ping(t) for t in recebidos],
                   "envie f\"Ping {numero}\", com numero de 1 a vezes, um depois do outro.")
        if not isinstance(rtts, list) or len(rtts) != 10:
            v.desistir("a função devolve uma lista com 10 itens, um por ping", "anote um item "
                       "por ping (o tempo, ou None), inclusive os perdidos.",
                       "lista com 10 itens", rtts)
        v.conferir("os pings perdidos pela rede viram None",
                   sorted(perdidos), [n for n, rtt in enumerate(rtts, 1) if rtt is None],
                   "quando o tempo esgota, anote None e siga para o próximo ping.")
        tempos = [rtt for rtt in rtts if rtt is not None]
        descricao = ("os tempos dos pings respondidos estão em segundos "
                     f"(a rede atrasa {segundos(0.02)})")
        if all(isinstance(t, float) and 0.02 <= t < TIMEOUT_DO_PING for t in tempos):
            v.ok(descricao)
        else:
            v.falhou(descricao, "meça com time.perf_counter() antes de enviar e depois de "
                     "receber, sem converter: o resultado já está em segundos.",
                     f"números entre {numero(0.02)} e {numero(TIMEOUT_DO_PING)}", tempos)
        _conferir_ecos_atrasados(v, pingar, servidor)


def _conferir_ecos_atrasados(v, pingar, servidor):
    """Todo eco chega depois do tempo limite, logo depois do ping seguinte.

    Quem aceita o primeiro eco que aparece mede, para o ping 2, o tempo do eco
    atrasado do ping 1: um tempo que não existe.
    """
    with RedeInstavel(servidor.endereco, atraso=ATRASO_DOS_ECOS, sentido="volta") as rede:
        rtts = v.chamar(pingar, rede.endereco, 4, TIMEOUT_DOS_ATRASADOS, prazo=3.0,
                        descricao=f"pingar(endereco, 4, timeout={TIMEOUT_DOS_ATRASADOS}) "
                        "com os ecos atrasados")
    descricao = (f"cada eco chega {segundos(ATRASO_DOS_ECOS)} depois do ping (tempo limite "
                 f"{segundos(TIMEOUT_DOS_ATRASADOS)}): os quatro viram None")
    v.conferir(descricao, [None] * 4, rtts,
               "um eco de outro ping é uma resposta velha (chegou atrasada): ele não "
               "responde o ping atual. Confira o número no eco; se não for o deste ping, "
               "ignore-o e continue esperando até o fim do tempo limite.")


def _numero_do_ping(texto):
    partes = texto.split()
    return int(partes[1]) if len(partes) > 1 and partes[0] == "Ping" and partes[1].isdigit() \
        else texto


@exercicio(
    "udp_estatisticas_do_ping", "05", "As estatísticas do ping", ["estatisticas_do_ping"],
    dicas=[
        "Separe primeiro os tempos que não são None (uma compreensão de lista com if). "
        "enviados conta todos os itens de rtts; recebidos, só os tempos.",
        "perda é uma porcentagem: 100 * (enviados - recebidos) / enviados. Os tempos "
        "chegam em segundos e o resumo é em milissegundos: multiplique por 1000.",
        "Sem nenhuma resposta, min() de uma lista vazia dá erro e não há média: nesse caso "
        "minimo, media e maximo valem None.",
    ],
    verificacoes=3,
)
def _conferir_estatisticas(v, estatisticas_do_ping):
    casos = [
        ("três de quatro respondidos", [0.010, None, 0.030, 0.020],
         {"enviados": 4, "recebidos": 3, "perda": 25.0, "minimo": 10.0, "media": 20.0,
          "maximo": 30.0}),
        ("nenhum perdido", [0.0015, 0.0025],
         {"enviados": 2, "recebidos": 2, "perda": 0.0, "minimo": 1.5, "media": 2.0,
          "maximo": 2.5}),
        ("todos perdidos", [None, None, None],
         {"enviados": 3, "recebidos": 0, "perda": 100.0, "minimo": None, "media": None,
          "maximo": None}),
    ]
    for descricao, rtts, esperado in casos:
        recebido = v.chamar(estatisticas_do_ping, list(rtts),
                            descricao=f"estatisticas_do_ping({rtts})")
        dica = _dica_das_estatisticas(recebido, esperado)
        if _quase_igual(recebido, esperado):
            v.ok(f"{descricao}: {rtts}")
        else:
            v.falhou(f"{descricao}: {rtts}", dica, esperado, recebido)


def _quase_igual(recebido, esperado):
    if not isinstance(recebido, dict) or set(recebido) != set(esperado):
        return False
    for chave, valor in esperado.items():
        outro = recebido[chave]
        if valor is None or outro is None:
            if valor is not outro:
                return False
        elif not isinstance(outro, (int, float)) or not math.isclose(outro, valor, abs_tol=1e-6):
            return False
    return True


def _dica_das_estatisticas(recebido, esperado):
    if not isinstance(recebido, dict) or set(recebido) != set(esperado):
        return ("devolva um dicionário com as chaves enviados, recebidos, perda, minimo, "
                "media e maximo.")
    media = recebido.get("media")
    if esperado["media"] and isinstance(media, (int, float)) and \
            math.isclose(media * 1000, esperado["media"]):
        return "os tempos estão em segundos: multiplique por 1000 para ter milissegundos."
    if isinstance(recebido.get("perda"), (int, float)) and \
            math.isclose(recebido["perda"] * 100, esperado["perda"]) and esperado["perda"]:
        return "a perda é uma porcentagem (25.0 para um em quatro), não uma fração."
    return "confira cada chave: perda em %, tempos em milissegundos, None sem respostas."


# ----- 3 e 4: a transferência confiável ----------------------------------------

ROTEIRO_DO_RECEPTOR = [
    ("D|0|primeira", "A|0", "a primeira mensagem"),
    ("D|0|primeira", "A|0", "a mesma mensagem de novo (duplicada): confirma de novo"),
    ("D|1|segunda", "A|1", "a segunda mensagem"),
    ("D|0|primeira", "A|0", "uma cópia velha da primeira (atrasada): confirma, não entrega"),
    ("F|2", "A|2", "o fim"),
    ("F|2", "A|2", "o fim de novo (a confirmação anterior se perdeu)"),
]


@exercicio(
    "udp_receptor_confiavel", "05", "Transferência confiável: o receptor",
    ["receber_confiavel"],
    dicas=[
        "Guarde linhas = [] e esperado = 0 (o próximo número de sequência). Para cada "
        "datagrama: tipo, seq, texto = dados.decode(\"utf-8\").split(\"|\", 2) (o F não "
        "tem texto: use partition, ou confira o tipo antes).",
        "Se é D com seq == esperado: linhas.append(texto) e esperado += 1. Se seq < "
        "esperado, é uma cópia repetida: não entregue de novo, mas confirme (a "
        "confirmação anterior pode ter se perdido). Confirme com sock.sendto(f\"A|{seq}\""
        ".encode(), remetente).",
        "Ao receber F|esperado, confirme e marque que acabou, mas não saia ainda: use "
        "sock.settimeout(silencio) e só devolva as linhas quando um recvfrom der "
        "TimeoutError depois do fim.",
    ],
    verificacoes=8,
)
def _conferir_receptor(v, receber_confiavel):
    receptor, remetente = socket_udp(), socket_udp(0.5)
    execucao = v.em_segundo_plano(receber_confiavel, receptor, 0.3)
    for enviado, esperado, descricao in ROTEIRO_DO_RECEPTOR:
        remetente.sendto(enviado.encode("utf-8"), receptor.getsockname())
        try:
            confirmacao = remetente.recvfrom(65_535)[0].decode("utf-8", errors="replace")
        except TimeoutError:
            confirmacao = None
        v.conferir_erro(execucao, descricao)
        v.conferir(f"{descricao}: {enviado!r} é confirmado com {esperado!r}", esperado,
                   confirmacao, "confirme todo D e todo F com A|seq, inclusive os repetidos, "
                   "e continue confirmando por silencio segundos depois do fim.")
    v.terminar(execucao, 1.5, f"depois do fim e de {segundos(0.3)} de silêncio",
               dica_do_prazo="depois do fim, use sock.settimeout(silencio) e devolva as "
               "linhas no primeiro TimeoutError.")
    v.conferir("as linhas entregues, na ordem e sem repetição", ["primeira", "segunda"],
               execucao.valor, "entregue cada número de sequência uma vez só, na ordem.")
    encerrar(remetente)
    _conferir_receptor_na_rede(v, receber_confiavel)


def _conferir_receptor_na_rede(v, receber_confiavel):
    receptor, remetente = socket_udp(), socket_udp()
    execucao = v.em_segundo_plano(receber_confiavel, receptor, 0.3)
    descricao = "o texto de teste pela RedeInstavel (perde, duplica e troca a ordem)"
    with RedeInstavel(receptor.getsockname(), semente=11, **REDE_DE_TESTE) as rede:
        try:
            enviar_de_referencia(remetente, rede.endereco, TEXTO_DE_TESTE, timeout=0.1)
        except TimeoutError as erro:
            if not execucao.terminou or "mensagem 5" not in str(erro):  # 5 = o fim
                v.conferir_erro(execucao, descricao)
                v.desistir(f"{descricao}: o remetente do verificador desistiu ({erro})",
                           "confirme toda mensagem de dados com A|seq, inclusive as "
                           "repetidas.")
        v.terminar(execucao, 2.0, descricao)
    v.conferir(f"{descricao}: as linhas chegam inteiras e na ordem", TEXTO_DE_TESTE,
               execucao.valor, "entregue só a mensagem com o número esperado, uma vez.")


@exercicio(
    "udp_remetente_confiavel", "05", "Transferência confiável: o remetente",
    ["enviar_confiavel"],
    dicas=[
        "sock.settimeout(timeout). Para cada linha (seq = 0, 1, 2...): envie "
        "f\"D|{seq}|{linha}\" e espere a confirmação A|seq. Depois das linhas, faça o "
        "mesmo com f\"F|{len(linhas)}\". Conte cada sendto.",
        "Esperar a confirmação: repita recvfrom até chegar exatamente A|seq. Uma "
        "confirmação com outro número é velha (ou repetida): ignore-a. Se recvfrom der "
        "TimeoutError, envie a mesma mensagem de novo.",
        "Limite as tentativas: for tentativa in range(tentativas) em volta do envio; se o "
        "laço terminar sem confirmação (o else do for), raise TimeoutError(...). No fim, "
        "return o total de envios.",
    ],
    verificacoes=8,
)
def _conferir_remetente(v, enviar_confiavel):
    _conferir_remetente_roteirizado(v, enviar_confiavel)
    _conferir_remetente_na_rede(v, enviar_confiavel)
    _conferir_remetente_desiste(v, enviar_confiavel)


def _conferir_remetente_roteirizado(v, enviar_confiavel):
    receptor = ReceptorQueEngana()
    try:
        enviados = v.chamar(enviar_confiavel, socket_udp(), receptor.sock.getsockname(),
                            ["um", "dois", "três"], 0.05, 10, prazo=2.0,
                            descricao="enviar ['um', 'dois', 'três']",
                            dica_do_erro="quando recvfrom der TimeoutError, envie a mesma "
                            "mensagem de novo (no máximo tentativas vezes).")
    finally:
        receptor.parar()
    recebidos = receptor.recebidos
    dados = [m for m in recebidos if m.startswith("D|")]
    v.conferir("as mensagens de dados, no formato D|seq|texto",
               ["D|0|um", "D|1|dois", "D|2|três"], list(dict.fromkeys(dados)),
               "numere as linhas a partir de 0: f\"D|{seq}|{linha}\".")
    primeiro_d2 = recebidos.index("D|2|três") if "D|2|três" in recebidos else len(recebidos)
    reenviou_1 = primeiro_d2 > _segunda(recebidos, "D|1|dois")
    if reenviou_1:
        v.ok("uma confirmação velha (A|0 depois de D|1) é ignorada e D|1 é reenviada")
    else:
        v.falhou("uma confirmação velha (A|0 depois de D|1) é ignorada e D|1 é reenviada",
                 "só A|seq da mensagem atual confirma; ignore as outras e, quando o tempo "
                 "esgotar, reenvie.", recebido=recebidos)
    v.conferir("a mensagem 2, sem resposta, é enviada de novo depois do tempo limite",
               True, recebidos.count("D|2|três") >= 2, "quando recvfrom der TimeoutError, "
               "envie a mesma mensagem de novo.")
    v.conferir("no fim, o remetente envia F|3", True, "F|3" in recebidos,
               "depois das linhas, envie f\"F|{len(linhas)}\" e espere A|{len(linhas)}.")
    v.conferir("a função devolve quantos datagramas enviou", len(recebidos), enviados,
               "conte cada sendto, inclusive as retransmissões.")


def _segunda(lista, item):
    posicoes = [i for i, x in enumerate(lista) if x == item]
    return posicoes[1] if len(posicoes) > 1 else len(lista)


def _conferir_remetente_na_rede(v, enviar_confiavel):
    receptor = socket_udp()
    parar = threading.Event()
    recepcao = Execucao(receber_de_referencia, (receptor, 0.3, parar)).iniciar()
    descricao = "o texto de teste pela RedeInstavel (perde, duplica e troca a ordem)"
    try:
        with RedeInstavel(receptor.getsockname(), semente=21, **REDE_DE_TESTE) as rede:
            v.chamar(enviar_confiavel, socket_udp(), rede.endereco, TEXTO_DE_TESTE, 0.1,
                     30, prazo=4.0, descricao=descricao)
        recepcao.esperar(1.0)  # o receptor termina depois de 0,3 s de silêncio
    finally:
        parar.set()
        recepcao.esperar(1.0)
    v.conferir(f"{descricao}: as linhas chegam inteiras e na ordem", TEXTO_DE_TESTE,
               recepcao.valor, "espere a confirmação da mensagem atual antes de seguir.")


def _conferir_remetente_desiste(v, enviar_confiavel):
    receptor = socket_udp()
    with RedeInstavel(receptor.getsockname(), perda=1.0, sentido="ida") as rede:
        execucao = v.em_segundo_plano(enviar_confiavel, socket_udp(), rede.endereco,
                                      ["perdida"], 0.05, 3)
        v.terminar(execucao, 1.5, "uma rede que perde tudo, com tentativas=3",
                   dica_do_prazo="limite as tentativas: for tentativa in range(tentativas).",
                   aceitar=(TimeoutError,))
        enviados = sum(1 for e in rede.registro.eventos("recebeu"))
    encerrar(receptor)
    if isinstance(execucao.erro, TimeoutError):
        v.ok("uma rede que perde tudo: levanta TimeoutError")
    else:
        v.falhou("uma rede que perde tudo: levanta TimeoutError", "depois de tentativas "
                 "envios sem confirmação, raise TimeoutError(...).", "TimeoutError",
                 execucao.valor)
    v.conferir("uma rede que perde tudo: foram 3 envios", 3, enviados,
               "o número de envios de cada mensagem é no máximo tentativas.")
