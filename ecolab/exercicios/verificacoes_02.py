"""Exercícios da lição 02 (UDP): o que cada um pede e como a resposta é conferida.

1. ``udp_eco_cru``: um servidor UDP com socket cru que responde cada datagrama
   para quem o enviou;
2. ``udp_perguntar``: um cliente UDP com tempo limite, que devolve ``None``
   quando a resposta não vem;
3. ``udp_enviar_com_tentativas``: um cliente que envia de novo quando o tempo
   esgota, até um número máximo de tentativas, testado por uma rede que perde
   datagramas (:class:`~ecolab.RedeInstavel`);
4. ``udp_recusados``: numa lista de pacotes, os datagramas que voltaram com um
   ICMP "porta inalcançável" (montados na hora por
   :mod:`ecolab.exercicios.conversa_montada`).
"""

import random

from .bancada import exercicio, segundos
from .bancada_rede import ESPERA, socket_udp
from .conversa_montada import MENSAGENS as PALAVRAS
from .conversa_montada import montar_datagramas
from ..rede_instavel import RedeInstavel
from ..sockets import encerrar
from ..udp import ServidorUDP

# Com esta semente e perda=0.5 na ida, os dois primeiros datagramas se perdem e o
# terceiro passa (a sorte de cada datagrama depende só da semente e da ordem).
SEMENTE_PERDE_DOIS = 13


@exercicio(
    "udp_eco_cru", "02", "Servidor UDP de eco, com socket cru", ["servir_eco_udp"],
    dicas=[
        "O socket já vem pronto (bind feito). Num laço que roda quantos vezes: recvfrom, "
        "monte a resposta e sendto. Guarde cada texto recebido numa lista e devolva-a.",
        "recvfrom(65535) devolve dois valores: os bytes e o endereço de quem enviou. É "
        "para esse endereço que a resposta vai: sock.sendto(resposta, endereco).",
        "A lista guarda textos (str), não bytes: decodifique cada datagrama antes de "
        "guardá-lo, e codifique a resposta (\"eco: \" seguido do texto) antes do sendto. "
        "Responda cada datagrama para o endereço que veio com ELE no recvfrom, e não para "
        "o primeiro cliente: a Ana e o Beto falam com o mesmo socket do servidor.",
    ],
    verificacoes=4,
)
def _conferir_eco_cru(v, servir_eco_udp):
    servidor = socket_udp()
    execucao = v.em_segundo_plano(servir_eco_udp, servidor, 3)
    ana, beto = socket_udp(ESPERA), socket_udp(ESPERA)
    conversa = [("Ana", ana, "olá"), ("Beto", beto, "ação"), ("Ana", ana, "três")]
    for nome, cliente, texto in conversa:
        descricao = f"{nome} envia {texto!r}"
        cliente.sendto(texto.encode("utf-8"), servidor.getsockname())
        try:
            dados, _ = cliente.recvfrom(65_535)
        except TimeoutError:
            v.conferir_erro(execucao, descricao)
            v.desistir(f"{descricao}: nenhuma resposta chegou para {nome} em {segundos(ESPERA)}",
                       "responda para o endereço que recvfrom devolveu junto com os "
                       "dados: é o endereço de quem enviou aquele datagrama.")
        v.conferir(descricao, f"eco: {texto}", dados.decode("utf-8", errors="replace"),
                   "a resposta é \"eco: \" seguido do texto recebido, em UTF-8.")
    v.terminar(execucao, descricao="depois do terceiro datagrama",
               dica_do_prazo="a função deve parar depois de quantos datagramas "
               "(for _ in range(quantos)).")
    v.conferir("a função devolve os textos recebidos, na ordem", ["olá", "ação", "três"],
               execucao.valor, "devolva uma lista de str: decodifique os bytes com "
               "dados.decode(\"utf-8\").")
    for sock in (ana, beto, servidor):
        encerrar(sock)


@exercicio(
    "udp_perguntar", "02", "Um cliente UDP que não espera para sempre", ["perguntar_udp"],
    dicas=[
        "Os passos do cliente cru da Parte 1: socket(AF_INET, SOCK_DGRAM), "
        "settimeout(timeout), sendto do texto em UTF-8 para o endereco, recvfrom(65535).",
        "Quando o tempo esgota, recvfrom levanta TimeoutError. Capture-o com "
        "try/except TimeoutError e devolva None.",
        "O socket tem de ser fechado nos dois caminhos: quando a resposta chega e quando o "
        "tempo esgota (aí a função sai pelo except, no meio). Um bloco with em volta de "
        "tudo fecha o socket sozinho em qualquer saída. E devolva o texto decodificado, "
        "não os bytes.",
    ],
    verificacoes=4,
)
def _conferir_perguntar_udp(v, perguntar_udp):
    with ServidorUDP() as servidor:
        for texto in ("olá", "maçã"):
            resposta = v.chamar(perguntar_udp, servidor.endereco, texto, ESPERA,
                                descricao=f"perguntar {texto!r} ao ServidorUDP")
            v.conferir(f"a resposta do ServidorUDP para {texto!r}",
                       f"Resposta do servidor: {texto}", resposta,
                       "devolva o texto da resposta: dados.decode(\"utf-8\").")
    mudo = socket_udp()  # recebe e nunca responde, como um datagrama perdido
    resposta = v.chamar(
        perguntar_udp, mudo.getsockname(), "tem alguém aí?", 0.2,
        descricao="um servidor que nunca responde, com timeout=0.2",
        dica_do_prazo="use sock.settimeout(timeout) antes de recvfrom: sem isso, ele "
        "espera para sempre.",
        dica_do_erro="capture o TimeoutError (try/except TimeoutError) e devolva None.",
    )
    v.conferir(f"sem resposta em {segundos(0.2)}, a função devolve None", None, resposta,
               "capture o TimeoutError e devolva None.")
    encerrar(mudo)
    if v.vigia.sockets_do_aluno_abertos():
        v.falhou("o socket da função é fechado no fim",
                 "feche o socket em todos os caminhos (use with socket.socket(...) as sock:).")
    else:
        v.ok("o socket da função é fechado no fim")


@exercicio(
    "udp_enviar_com_tentativas", "02", "Cliente UDP que tenta de novo",
    ["enviar_com_tentativas"],
    dicas=[
        "É o perguntar_udp dentro de um laço: for tentativa in range(tentativas). Se a "
        "resposta chegou, devolva-a; se o tempo esgotou, o laço envia de novo.",
        "Depois do laço, todas as tentativas ficaram sem resposta: raise TimeoutError("
        "\"nenhuma resposta depois de ...\").",
        "Conte os envios: no máximo tentativas, nem um a mais. Cada volta do laço envia "
        "de novo a mesma mensagem e espera timeout segundos; a volta em que a resposta "
        "chega encerra a função. Um socket só, criado antes do laço, serve para todas as "
        "tentativas (e é fechado no fim). Só quando o laço acaba sem resposta a função "
        "desiste.",
    ],
    verificacoes=4,
)
def _conferir_tentativas(v, enviar_com_tentativas):
    with ServidorUDP() as servidor:
        with RedeInstavel(servidor.endereco, perda=0.5, sentido="ida",
                          semente=SEMENTE_PERDE_DOIS) as rede:
            resposta = v.chamar(enviar_com_tentativas, rede.endereco, "olá", 3, 0.2,
                                descricao="os dois primeiros datagramas se perdem",
                                dica_do_erro="quando o tempo esgotar, envie de novo: um laço "
                                "for tentativa in range(tentativas).")
            v.conferir("os dois primeiros datagramas se perdem: a resposta chega na terceira "
                       "tentativa", "Resposta do servidor: olá", resposta,
                       "envie de novo quando o tempo esgotar.")
            v.conferir("foram enviados 3 datagramas, nem mais nem menos", 3,
                       _enviados_por_clientes(rede),
                       "envie de novo só quando o tempo esgotar, e pare na primeira resposta.")
        with RedeInstavel(servidor.endereco, perda=1.0, sentido="ida") as rede:
            execucao = v.em_segundo_plano(enviar_com_tentativas, rede.endereco, "olá", 3, 0.2)
            v.terminar(execucao, 2.0, descricao="uma rede que perde tudo",
                       dica_do_prazo="pare depois de tentativas envios: for tentativa in "
                       "range(tentativas).", aceitar=(TimeoutError,))
            if isinstance(execucao.erro, TimeoutError):
                v.ok("uma rede que perde tudo: depois de 3 tentativas, levanta TimeoutError")
            else:
                v.falhou("uma rede que perde tudo: depois de 3 tentativas, levanta TimeoutError",
                         "depois do laço, levante TimeoutError: quem chamou precisa saber.",
                         "TimeoutError", execucao.valor)
            v.conferir("uma rede que perde tudo: foram 3 tentativas", 3,
                       _enviados_por_clientes(rede),
                       "o número de envios é o argumento tentativas.")


def _enviados_por_clientes(rede):
    """Quantos datagramas chegaram à rede vindos dos clientes (a ida)."""
    return sum(1 for e in rede.registro.eventos("recebeu") if e.endereco != rede.destino)


# ----- ler pacotes: o exercício 4 -------------------------------------------------------


@exercicio(
    "udp_recusados", "02", "Os datagramas recusados", ["datagramas_recusados"],
    dicas=[
        "Cada ICMP \"porta inalcançável\" fala de um datagrama: o atributo citado dele é o "
        "par (origem, destino) desse datagrama. Percorra a lista e pare em cada pacote "
        "cujo protocolo é \"ICMP\".",
        "O ICMP não chega necessariamente logo depois do datagrama que o provocou: outro "
        "datagrama pode passar no meio. Procure, entre os pacotes anteriores ao ICMP, o "
        "último datagrama UDP com a mesma origem e o mesmo destino do citado.",
        "Um datagrama sem resposta não foi necessariamente recusado: o servidor pode ter "
        "recebido e ficado calado. Devolva os textos (dados decodificados em UTF-8) numa "
        "lista, na ordem dos ICMP.",
    ],
    verificacoes=3,
)
def _conferir_recusados(v, datagramas_recusados):
    sorteio = random.Random()
    aberta, fechadas = 12002, sorteio.sample(range(12900, 12999), 2)
    palavras = sorteio.sample(PALAVRAS, 6)
    casos = [
        ("um datagrama para uma porta fechada, no meio de outros respondidos",
         [(palavras[0], aberta, "responde"), (palavras[1], fechadas[0], "fechada"),
          (palavras[2], aberta, "responde")], False),
        ("um servidor que não responde não é uma porta fechada",
         [(palavras[3], aberta, "mudo"), (palavras[4], fechadas[1], "fechada"),
          (palavras[5], aberta, "responde")], False),
        ("o ICMP chega depois do datagrama seguinte, e a mesma porta recusa duas vezes",
         [(palavras[0], fechadas[0], "fechada"), (palavras[1], aberta, "responde"),
          (palavras[2], fechadas[0], "fechada"), (palavras[3], aberta, "mudo")], True),
    ]
    for descricao, envios, atrasado in casos:
        pacotes, esperado = montar_datagramas(sorteio, envios, icmp_atrasado=atrasado)
        recebido = v.chamar(datagramas_recusados, list(pacotes), descricao=descricao)
        v.conferir(descricao, esperado, recebido, _dica_dos_recusados(recebido))


def _dica_dos_recusados(recebido):
    if isinstance(recebido, list) and any(isinstance(item, bytes) for item in recebido):
        return "devolva textos (str): decodifique os dados com .decode(\"utf-8\")."
    return ("para cada ICMP, o recusado é o último datagrama antes dele com a origem e o "
            "destino do citado; silêncio não é recusa.")
