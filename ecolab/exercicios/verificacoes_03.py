"""Exercícios da lição 03 (TCP e UDP lado a lado): o que cada um pede e como é conferido.

1. ``udp_resposta_deste_pedido``: casar a resposta com o pedido por um número,
   num socket UDP que já tem respostas velhas na fila (uma cópia que a rede
   duplicou, a resposta atrasada de um pedido anterior), com um prazo só para
   o pedido inteiro;
2. ``tcp_leitor_de_linhas``: o enquadramento por linhas, que sobrevive a
   leituras partidas e coladas (testado pela :class:`~ecolab.RedeFragmentadora`,
   com um "ç" partido entre dois ``recv``);
3. ``tcp_prefixo_de_tamanho``: o enquadramento pelo tamanho, com ``struct``;
4. ``aproveitamento_do_fio``: numa lista de pacotes (montada na hora por
   :mod:`ecolab.exercicios.conversa_montada`), que fração dos bytes que um
   protocolo pôs no fio foi de dados.

O exercício 1 substituiu ``udp_medir_perda``, que repetia o 02-3 (enviar e
esperar com tempo limite) e era repetido pelo pinger da lição 05. Pede outra
coisa, então não é o mesmo exercício e não entra em ``RENOMEADOS``: o resultado
antigo do aluno fica no arquivo de progresso, fora da tabela (veja
:mod:`.arquivo_de_progresso`).
"""

import random
import struct
import time

from .bancada import exercicio, segundos
from .bancada_rede import ESPERA, conectar, ler_exatamente, ouvir_tcp, remetente_tcp, socket_udp
from .conversa_montada import MENSAGENS, montar_conversa, montar_datagramas
from ..fragmentador import RedeFragmentadora
from ..rede_instavel import RedeInstavel
from ..udp import ServidorUDP

# Pedaços escolhidos a dedo (cada um num send, com uma pausa entre eles): o "ç"
# de "ação" e o de "maçã" chegam partidos, e uma linha termina no meio de um pedaço.
PEDACOS_DE_LINHAS = [b"a\xc3", b"\xa7\xc3\xa3o\nma", b"\xc3", b"\xa7\xc3\xa3\nfim\n"]
LINHAS_DE_TESTE = [
    ("leitura direta, várias linhas num recv só", None, ["olá", "tudo bem?", "até logo"]),
    ("o \"ç\" partido entre dois recv", "cortes", ["ação", "maçã", "fim"]),
    ("um byte por recv: o \"ç\" chega partido", {"tamanho": 1},
     ["ação", "maçã", "coração"]),
    ("pedaços de 2 a 5 bytes (semente 7)", {"tamanho": (2, 5), "semente": 7},
     ["primeira linha", "", "terceira, depois de uma vazia", "pé de moleque"]),
]
MENSAGENS_DE_TESTE = ["olá", "duas\nlinhas", "ação " * 200, "fim"]

# ----- 1: a resposta deste pedido ---------------------------------------------------
# Resposta atrasada: chega 0,16 s depois do pedido; com tempo limite de 0,1 s, o
# primeiro pedido fica sem resposta, e ela chega 0,06 s depois do segundo pedido
# (que espera até 0,3 s pela sua, que chega aos 0,16 s).
TIMEOUT_CURTO, ATRASO, TIMEOUT_LONGO = 0.1, 0.16, 0.3
# O prazo total: oito respostas velhas chegam uma a cada 0,05 s (a primeira 0,05 s
# depois do pedido), e a resposta certa só aos 0,45 s. Com tempo limite de 0,2 s,
# quem mantém um prazo só desiste aos 0,2 s; quem recomeça o tempo limite a cada
# resposta velha nunca fica 0,2 s sem nada e acaba recebendo a certa.
VELHAS, INTERVALO, ATRASO_DA_CERTA, TIMEOUT_DO_PRAZO = 8, 0.05, 0.45, 0.2


def responder_numerado(mensagem):
    """O servidor de eco numerado: ``"7|olá"`` -> ``"7|Resposta do servidor: olá"``."""
    numero, _, texto = mensagem.partition("|")
    return f"{numero}|Resposta do servidor: {texto}"


@exercicio(
    "udp_resposta_deste_pedido", "03", "A resposta deste pedido, e não a de outro",
    ["perguntar_numerado"],
    dicas=[
        "Depois do sendto, leia num laço. Uma resposta com outro número é velha (uma cópia "
        "que a rede duplicou, ou a resposta atrasada de um pedido anterior): ela não "
        "responde este pedido, então ignore-a e leia de novo. Com o seu número, devolva o "
        "texto que vem depois da \"|\". O socket é de quem chamou: não o feche.",
        "str.partition(\"|\") separa o texto em três partes: o que vem antes da primeira "
        "\"|\", a própria \"|\" e o resto. Compare o número inteiro, e não só o começo: "
        "\"12|...\" também começa com \"1\".",
        "O prazo é um só, para o pedido inteiro: anote a hora do fim uma vez, antes do "
        "laço (com time.monotonic()), e antes de cada recvfrom dê ao socket só o tempo "
        "que ainda falta até essa hora. Um settimeout(timeout) dentro do laço recomeça a "
        "espera a cada resposta velha. Se não falta tempo, ou se recvfrom levantar "
        "TimeoutError, o prazo acabou: devolva None.",
    ],
    verificacoes=6,
)
def _conferir_resposta_deste_pedido(v, perguntar_numerado):
    with ServidorUDP(responder=responder_numerado) as servidor:
        _conferir_resposta_certa(v, perguntar_numerado, servidor)
        _conferir_resposta_atrasada(v, perguntar_numerado, servidor)
        _conferir_duplicata(v, perguntar_numerado, servidor)
        _conferir_prazo_total(v, perguntar_numerado, servidor)


def _perguntar(v, perguntar_numerado, sock, destino, numero, texto, timeout, descricao):
    return v.chamar(perguntar_numerado, sock, destino, numero, texto, timeout, prazo=2.0,
                    descricao=f"{descricao}: perguntar_numerado(sock, destino, {numero}, "
                    f"{texto!r}, {timeout})",
                    dica_do_prazo="use sock.settimeout com o tempo que falta: nenhuma "
                    "espera pode passar do prazo.",
                    dica_do_erro="quando o prazo acabar, devolva None (sem levantar "
                    "TimeoutError); e não feche o socket: ele é de quem chamou e vai ser "
                    "usado de novo.")


def _conferir_resposta_certa(v, perguntar_numerado, servidor):
    with RedeInstavel(servidor.endereco) as rede, socket_udp() as sock:
        resposta = _perguntar(v, perguntar_numerado, sock, rede.endereco, 1, "olá", ESPERA,
                              "uma rede sem problemas")
        enviados = _enviados(rede)
    v.conferir("o pedido número 1, com o texto \"olá\", sai como \"1|olá\"", ["1|olá"],
               enviados, "envie um datagrama só, com o número, uma \"|\" e o texto: "
               "f\"{numero}|{texto}\", em UTF-8.")
    v.conferir("a resposta \"1|Resposta do servidor: olá\" é devolvida sem o número",
               "Resposta do servidor: olá", resposta,
               _dica_do_texto(resposta, 1) or "devolva o texto que vem depois da \"|\".")


def _conferir_resposta_atrasada(v, perguntar_numerado, servidor):
    """A resposta do pedido 1 chega atrasada, depois do envio do pedido 2."""
    with RedeInstavel(servidor.endereco, atraso=ATRASO, sentido="volta") as rede, \
            socket_udp() as sock:
        primeira = _perguntar(v, perguntar_numerado, sock, rede.endereco, 1, "um",
                              TIMEOUT_CURTO, "a rede atrasa as respostas")
        segunda = _perguntar(v, perguntar_numerado, sock, rede.endereco, 2, "dois",
                             TIMEOUT_LONGO, "a rede atrasa as respostas")
    v.conferir(f"a resposta chega {segundos(ATRASO)} depois do pedido, com tempo limite de "
               f"{segundos(TIMEOUT_CURTO)}: o prazo acaba e a função devolve None", None,
               primeira, "quando o prazo acabar (recvfrom levanta TimeoutError), devolva "
               "None.")
    v.conferir("a resposta velha do pedido 1 chega antes da resposta do pedido 2: a função "
               "devolve a do 2", "Resposta do servidor: dois", segunda,
               _dica_da_velha(segunda, 2, "a resposta atrasada do pedido anterior"))


def _conferir_duplicata(v, perguntar_numerado, servidor):
    """A rede duplica cada resposta, e o mesmo texto é pedido duas vezes.

    As duas respostas têm o mesmo texto: o que mostra qual delas o pedido 2 leu é
    o que sobra na fila do socket. Quem lê a cópia da resposta 1 deixa na fila a
    resposta 2 e a cópia dela; quem lê a certa deixa só a cópia.
    """
    with RedeInstavel(servidor.endereco, duplicacao=1.0, sentido="volta") as rede, \
            socket_udp() as sock:
        respostas = [_perguntar(v, perguntar_numerado, sock, rede.endereco, numero, "de novo",
                                ESPERA, "a rede duplica as respostas")
                     for numero in (1, 2)]
        sobraram = _o_que_sobrou(sock)
    descricao = ("a rede duplica cada resposta e o texto \"de novo\" é pedido duas vezes "
                 "(pedidos 1 e 2): só o número distingue a resposta do 2 da cópia da do 1")
    certa = "Resposta do servidor: de novo"
    if respostas == [certa, certa] and sobraram == [f"2|{certa}"]:
        v.ok(descricao)
        return
    dica = ("a cópia da resposta do pedido 1 fica na fila do socket e é a primeira que o "
            "pedido 2 lê, com o mesmo texto: confira o número que vem antes da \"|\" e "
            "ignore a cópia.")
    if respostas != [certa, certa]:
        dica = _dica_do_texto(respostas[0], 1) or _dica_do_texto(respostas[1], 2) or dica
        v.falhou(descricao, dica, [certa, certa], respostas)
    else:  # o texto certo, mas lido da cópia: a resposta do 2 ficou na fila
        v.falhou(descricao, dica, f"na fila do socket, só a cópia da resposta 2: ['2|{certa}']",
                 f"na fila do socket: {sobraram}")


def _o_que_sobrou(sock, espera=0.05):
    """Os datagramas que ficaram na fila do socket (esperando ``espera`` s pelos últimos)."""
    sobraram = []
    sock.settimeout(espera)
    try:
        while True:
            sobraram.append(sock.recvfrom(65_535)[0].decode("utf-8", errors="replace"))
    except (TimeoutError, OSError):
        return sobraram


def _conferir_prazo_total(v, perguntar_numerado, servidor):
    """Respostas velhas chegam uma atrás da outra, e a certa só depois do prazo.

    As oito velhas são pedidas antes (o mesmo socket envia os pedidos 10 a 17, um
    a cada 0,05 s, e a rede atrasa toda resposta em 0,45 s): elas chegam durante a
    espera do pedido 1, a cada 0,05 s, e a resposta dele chega aos 0,45 s.
    """
    with RedeInstavel(servidor.endereco, atraso=ATRASO_DA_CERTA, sentido="volta") as rede, \
            socket_udp() as sock:
        for numero in range(10, 10 + VELHAS):
            sock.sendto(f"{numero}|velho".encode(), rede.endereco)
            time.sleep(INTERVALO)
        resposta = _perguntar(v, perguntar_numerado, sock, rede.endereco, 1, "agora",
                              TIMEOUT_DO_PRAZO, "respostas velhas a cada "
                              f"{segundos(INTERVALO)}")
    descricao = (f"tempo limite de {segundos(TIMEOUT_DO_PRAZO)}, respostas velhas (dos pedidos "
                 f"10 a 17) chegando a cada {segundos(INTERVALO)} e a resposta certa só aos "
                 f"{segundos(ATRASO_DA_CERTA)}: o prazo acaba antes, e a função devolve None")
    if resposta == "Resposta do servidor: agora":
        dica = ("o prazo é um só, contado a partir do envio: cada resposta velha não pode "
                "recomeçar o tempo limite. Anote a hora do fim antes do laço e, a cada "
                "recvfrom, espere só o que falta até ela.")
    else:
        dica = _dica_da_velha(resposta, 1, "uma resposta velha")
    v.conferir(descricao, None, resposta, dica)


def _enviados(rede):
    return [e.texto for e in rede.registro.eventos("recebeu") if e.endereco != rede.destino]


def _dica_do_texto(resposta, numero):
    """A dica para uma resposta certa que veio no formato errado (``None`` se não é o caso)."""
    if isinstance(resposta, str) and resposta.startswith(f"{numero}|"):
        return "devolva só o texto que vem depois da \"|\", sem o número."
    if isinstance(resposta, bytes):
        return "decodifique os bytes: dados.decode(\"utf-8\")."
    return None


def _dica_da_velha(resposta, numero, qual):
    dica_do_texto = _dica_do_texto(resposta, numero)
    if dica_do_texto:
        return dica_do_texto
    if isinstance(resposta, str) and "velho" in resposta:
        return (f"essa é {qual} (de um dos pedidos 10 a 17), e não a do pedido 1. Compare "
                "o número inteiro antes da \"|\" com o seu: \"12|...\" também começa "
                "com \"1\".")
    return (f"a primeira resposta que chega é {qual}, de outro número: confira o número "
            "antes da \"|\"; se não for o deste pedido, ignore a resposta e leia de novo, "
            "até o fim do prazo.")


@exercicio(
    "tcp_leitor_de_linhas", "03", "Enquadramento por linhas", ["LeitorDeLinhas"],
    dicas=[
        "Guarde em self.pendente (bytes) o que chegou e ainda não foi entregue. ler_linha "
        "repete recv até aparecer b\"\\n\" em self.pendente; aí separa a primeira linha e "
        "guarda o resto para a próxima chamada.",
        "bytes.split(b\"\\n\", 1) separa os bytes em duas partes: a primeira linha e o "
        "resto (que volta para self.pendente). Só decodifique a linha inteira: decodificar "
        "cada pedaço quebra com um \"ç\" partido.",
        "Quando recv devolver b\"\" (o outro lado fechou) e não houver linha completa em "
        "self.pendente, devolva None.",
    ],
    verificacoes=4,
)
def _conferir_leitor_de_linhas(v, LeitorDeLinhas):
    for descricao, rede, linhas in LINHAS_DE_TESTE:
        dados = "".join(linha + "\n" for linha in linhas).encode("utf-8")
        destino = remetente_tcp(PEDACOS_DE_LINHAS if rede == "cortes" else dados)
        if rede in (None, "cortes"):
            _ler_linhas_de(v, LeitorDeLinhas, destino, linhas, descricao)
            continue
        with RedeFragmentadora(destino, sentido="volta", pausa=0.002, **rede) as fragmentadora:
            _ler_linhas_de(v, LeitorDeLinhas, fragmentadora.endereco, linhas, descricao)


def _ler_linhas_de(v, LeitorDeLinhas, endereco, linhas, descricao):
    with conectar(endereco) as sock:
        leitor = v.chamar(LeitorDeLinhas, sock, descricao=f"{descricao}: LeitorDeLinhas(sock)")
        recebidas = []
        for _ in range(len(linhas) + 1):
            recebidas.append(v.chamar(leitor.ler_linha, descricao=f"{descricao}: ler_linha()",
                                      dica_do_prazo="no fim da conexão (recv devolve b\"\"), "
                                      "devolva None."))
            if recebidas[-1] is None:
                break
    v.conferir(f"{descricao}: as linhas e depois None", [*linhas, None], recebidas,
               "guarde o que sobrou depois do \\n para a próxima chamada e decodifique só "
               "linhas inteiras; no fim da conexão, devolva None.")


@exercicio(
    "tcp_prefixo_de_tamanho", "03", "Enquadramento pelo tamanho, com struct",
    ["enviar_mensagem", "receber_mensagem"],
    dicas=[
        "Para enviar: o tamanho vai antes dos dados, em 4 bytes, e é o dos BYTES em UTF-8, "
        "não o número de letras (\"ação\" tem 4 letras e 6 bytes). Codifique primeiro, meça "
        "depois, e envie tamanho e dados juntos num sendall.",
        "Para receber, escreva antes uma função receber_exatamente(sock, n) que repete recv "
        "até juntar n bytes (e devolve None se a conexão fechar antes). Um recv(4) pode "
        "devolver só 1, 2 ou 3 bytes.",
        "receber_mensagem lê em dois passos, os dois com receber_exatamente: primeiro os 4 "
        "bytes do tamanho (struct.unpack devolve uma tupla de um item), depois exatamente "
        "esse número de bytes. Se um dos passos der None, a conexão acabou: devolva None.",
    ],
    verificacoes=5,
)
def _conferir_prefixo(v, enviar_mensagem, receber_mensagem):
    _conferir_envio_com_prefixo(v, enviar_mensagem)
    quadros = b"".join(_quadro(texto) for texto in MENSAGENS_DE_TESTE)
    casos = [("várias mensagens num recv só", None),
             ("o tamanho chega partido, 2 bytes num recv e 2 no outro", "cortes"),
             ("pedaços de 1 a 3 bytes (RedeFragmentadora)", {"tamanho": (1, 3), "semente": 5})]
    for descricao, rede in casos:
        destino = remetente_tcp([quadros[:2], quadros[2:]] if rede == "cortes" else quadros)
        if rede in (None, "cortes"):
            _receber_mensagens(v, receber_mensagem, destino, descricao)
            continue
        with RedeFragmentadora(destino, sentido="volta", pausa=0.001, **rede) as fragmentadora:
            _receber_mensagens(v, receber_mensagem, fragmentadora.endereco, descricao)


def _quadro(texto):
    dados = texto.encode("utf-8")
    return struct.pack("!I", len(dados)) + dados


def _conferir_envio_com_prefixo(v, enviar_mensagem):
    escuta = ouvir_tcp()
    with escuta, conectar(escuta.getsockname()) as lado_do_aluno:
        conexao, _ = escuta.accept()
        with conexao:
            for texto in ("ação", "duas\nlinhas"):
                v.chamar(enviar_mensagem, lado_do_aluno, texto,
                         descricao=f"enviar_mensagem(sock, {texto!r})")
                esperado = _quadro(texto)
                recebido = ler_exatamente(conexao, len(esperado), ESPERA / 2)
                v.conferir(f"enviar_mensagem(sock, {texto!r}): os bytes enviados", esperado,
                           recebido, _dica_do_prefixo(texto, recebido))


def _dica_do_prefixo(texto, recebido):
    if recebido[:4] == struct.pack("!I", len(texto)):
        return "o tamanho é o dos bytes em UTF-8 (len(texto.encode())), não o de letras."
    if recebido[:4] == struct.pack("<I", len(texto.encode("utf-8"))):
        return "use \"!I\" (ordem de rede, o byte mais significativo primeiro)."
    return "4 bytes de tamanho com struct.pack(\"!I\", len(dados)), seguidos dos dados."


def _receber_mensagens(v, receber_mensagem, endereco, descricao):
    with conectar(endereco) as sock:
        recebidas = []
        for _ in range(len(MENSAGENS_DE_TESTE) + 1):
            recebidas.append(v.chamar(
                receber_mensagem, sock, descricao=f"{descricao}: receber_mensagem(sock)",
                dica_do_erro="recv(n) pode devolver menos de n bytes: repita recv até "
                "juntar exatamente n (escreva receber_exatamente(sock, n)).",
            ))
            if recebidas[-1] is None:
                break
    v.conferir(f"{descricao}: as mensagens e depois None", [*MENSAGENS_DE_TESTE, None],
               recebidas, "recv(n) pode devolver menos de n bytes: leia exatamente 4 bytes "
               "e depois exatamente o tamanho indicado, repetindo recv; no fim da conexão, "
               "devolva None.")


# ----- ler pacotes: o exercício 4 ------------------------------------------------------


@exercicio(
    "aproveitamento_do_fio", "03", "Quanto do fio é dado", ["aproveitamento"],
    dicas=[
        "Separe os pacotes do protocolo pedido (o atributo protocolo) e some duas coisas: "
        "os bytes de dados (len(p.dados)) e os bytes no fio (p.tamanho).",
        "Conte todos os pacotes do protocolo, também os que não levam dados: o SYN, os "
        "ACK e os FIN do TCP ocupam o fio do mesmo jeito.",
        "O resultado é uma fração entre 0 e 1 (dados divididos pelo total no fio), não "
        "uma porcentagem; e é a fração de dados, não a de cabeçalhos.",
    ],
    verificacoes=3,
)
def _conferir_aproveitamento(v, aproveitamento):
    sorteio = random.Random()
    tcp, _ = montar_conversa(sorteio, mensagens=sorteio.randint(1, 3))
    udp, _ = montar_datagramas(sorteio, [(texto, 12030, "responde")
                                         for texto in sorteio.sample(MENSAGENS, 2)])
    grande, _ = montar_conversa(sorteio, textos=["x" * sorteio.randint(1200, 1400)])
    casos = [("TCP", tcp + udp, "a conversa TCP de uma lista com TCP e UDP"),
             ("UDP", tcp + udp, "os datagramas UDP da mesma lista"),
             ("TCP", grande, "uma conversa TCP com uma mensagem de mais de 1.000 bytes")]
    for protocolo, pacotes, descricao in casos:
        recebido = v.chamar(aproveitamento, list(pacotes), protocolo,
                            descricao=f'{descricao} ("{protocolo}")')
        esperado = _fracao_de_dados([p for p in pacotes if p.protocolo == protocolo])
        if isinstance(recebido, (int, float)) and abs(recebido - esperado) < 1e-9:
            v.ok(f'{descricao} ("{protocolo}")')
        else:
            v.falhou(f'{descricao} ("{protocolo}")',
                     _dica_do_aproveitamento(recebido, esperado, pacotes, protocolo),
                     round(esperado, 4), recebido)


def _fracao_de_dados(pacotes):
    return sum(len(p.dados) for p in pacotes) / sum(p.tamanho for p in pacotes)


def _dica_do_aproveitamento(recebido, esperado, pacotes, protocolo):
    if not isinstance(recebido, (int, float)):
        return "devolva um número (float): bytes de dados divididos pelos bytes no fio."
    so_com_dados = _fracao_de_dados([p for p in pacotes if p.protocolo == protocolo and p.dados])
    if abs(recebido - so_com_dados) < 1e-9:
        return "conte também os pacotes sem dados (SYN, ACK, FIN): eles ocupam o fio."
    if abs(recebido - 100 * esperado) < 1e-6:
        return "devolva uma fração entre 0 e 1, não uma porcentagem."
    if abs(recebido - (1 - esperado)) < 1e-9:
        return "é a fração de dados, não a de cabeçalhos."
    return f"use só os pacotes cujo protocolo é \"{protocolo}\", todos eles."
