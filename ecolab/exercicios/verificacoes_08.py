"""Exercícios da lição 08 (controle de fluxo, buffers e Nagle): o que cada um pede e como é conferido.

1. ``tcp_enviar_tudo``: o ``sendall`` escrito à mão, num socket **não
   bloqueante**: ``send`` envia só o que cabe e devolve quantos bytes foram, ou
   levanta ``BlockingIOError`` quando não cabe nada. O verificador dá um socket
   com buffers pequenos e um receptor que demora a ler, e confere que tudo
   chega, na ordem e sem repetição;
2. ``udp_contar_perdidos``: um receptor UDP que **não** supõe que tudo chega:
   lê datagramas numerados até um silêncio e devolve os números que faltaram.
   O verificador envia com buracos de propósito e também inunda um buffer
   pequeno (perda de verdade, no loopback);
3. ``tcp_pedido_sem_trava``: um pedido em duas partes (cabeçalho e corpo) e a
   espera pela resposta, sem cair na trava de Nagle com ACK atrasado (cerca de
   40 ms por pedido no Linux). O verificador mede a mediana de vários pedidos
   na mesma conexão, depois de aquecê-la.
"""

import socket
import statistics
import threading
import time

from .bancada import exercicio
from .bancada_rede import ESPERA, ouvir_tcp, socket_udp
from ..fluxo import conectar_par
from ..inundacao import enviar_rajada, numerado
from ..numeros import com_unidade
from ..sockets import encerrar

BUFFER_PEQUENO = 16 * 1024  # pedido ao sistema: assim o buffer enche com pouco
ATRASO_DO_LEITOR = 0.3  # segundos até o receptor do verificador começar a ler


# ----- 1. tcp_enviar_tudo ----------------------------------------------------------


@exercicio(
    "tcp_enviar_tudo", "08", "Enviar tudo com send, num socket não bloqueante",
    ["enviar_tudo"],
    dicas=[
        "send(dados) não promete enviar tudo: ele devolve quantos bytes couberam no buffer "
        "de envio. Guarde esse número num contador, enviados, e repita enquanto "
        "enviados < len(dados).",
        "A cada volta, envie só o que falta: sock.send(dados[enviados:]). Mandar dados "
        "inteiro de novo repete bytes que já foram.",
        "Num socket não bloqueante, quando não cabe nada, send levanta BlockingIOError. Não "
        "é erro: capture-o e espere o socket ter espaço com select.select, pondo sock na "
        "segunda lista (a de quem quer escrever) e um prazo de 1 s; depois, tente de novo. "
        "No fim, devolva enviados.",
    ],
    verificacoes=4,
)
def _conferir_enviar_tudo(v, enviar_tudo):
    pequeno = "oi, tudo bem?".encode()
    v.conferir("poucos bytes (cabem de uma vez): o receptor recebe todos", pequeno,
               _enviar_e_receber(v, enviar_tudo, pequeno)[1],
               "envie os bytes recebidos no argumento dados com sock.send.")
    grande = _linhas_numeradas(1_000_000)
    devolvido, recebido = _enviar_e_receber(v, enviar_tudo, grande)
    tamanho = com_unidade(len(grande), "bytes")
    v.conferir(f"{tamanho} com buffers pequenos: a função devolve quantos bytes enviou",
               len(grande), devolvido, "devolva o total enviado (a soma do que cada send "
               "devolveu), que no fim tem de ser len(dados).")
    v.conferir(f"o receptor recebe os {tamanho}", tamanho,
               com_unidade(len(recebido), "bytes"),
               "send devolve quantos bytes foram, e pode ser menos que len(dados): some "
               "essas contagens e continue enviando o resto, dados[enviados:], até acabar.")
    v.conferir("os bytes que chegaram estão na ordem, sem repetição", True,
               recebido == grande[:len(recebido)],
               "envie só o que falta, dados[enviados:]: mandar dados inteiro de novo "
               "repete o começo.")


def _enviar_e_receber(v, enviar_tudo, dados):
    """Roda ``enviar_tudo`` num socket não bloqueante; devolve (valor, bytes recebidos)."""
    remetente, receptor = conectar_par(envio=BUFFER_PEQUENO, recepcao=BUFFER_PEQUENO)
    recebido = bytearray()
    leitor = threading.Thread(target=_ler_depois, args=(receptor, recebido),
                              name="ecolab-verificador-receptor", daemon=True)
    leitor.start()
    try:
        remetente.setblocking(False)
        valor = v.chamar(
            enviar_tudo, remetente, dados, prazo=5 * ESPERA,
            descricao=f"enviar {com_unidade(len(dados), 'bytes')}",
            dica_do_prazo="espere com select.select([], [sock], [], 1.0) quando não couber "
            "nada, e pare quando enviados chegar a len(dados).",
            dica_do_erro="num socket não bloqueante, send levanta BlockingIOError quando o "
            "buffer de envio está cheio: capture-o, espere com select.select([], [sock], [], "
            "1.0) e tente de novo.")
        remetente.shutdown(socket.SHUT_WR)  # o receptor lê o resto e vê o fim
        leitor.join(5 * ESPERA)
    finally:
        remetente.close()
        leitor.join(ESPERA)
        receptor.close()
    return valor, bytes(recebido)


def _ler_depois(receptor, recebido):
    """O receptor do verificador: espera um pouco (o buffer enche) e lê até o fim."""
    time.sleep(ATRASO_DO_LEITOR)
    receptor.settimeout(5 * ESPERA)
    try:
        while pedaco := receptor.recv(65_536):
            recebido += pedaco
    except OSError:
        pass


def _linhas_numeradas(tamanho):
    """``tamanho`` bytes (ou pouco mais) de linhas numeradas: a ordem pode ser conferida."""
    linhas = (f"{numero:08d} ".encode() + b"." * 54 + b"\n" for numero in range(tamanho // 64 + 1))
    return b"".join(linhas)


# ----- 2. udp_contar_perdidos ------------------------------------------------------


@exercicio(
    "udp_contar_perdidos", "08", "Receptor UDP que conta os datagramas perdidos",
    ["contar_perdidos"],
    dicas=[
        "Não dá para ler enviados datagramas: os perdidos nunca chegam, e o recv esperaria "
        "para sempre. Use sock.settimeout(silencio) e leia num laço até o recv levantar "
        "TimeoutError: aí não vem mais nada.",
        "Cada datagrama começa com o seu número e um espaço, como b\"17 .....\": "
        "int(dados.split(b\" \")[0]) dá o número. Guarde os números que chegaram num set.",
        "No fim, os perdidos são os números de 0 a enviados - 1 que não estão no set: "
        "[n for n in range(enviados) if n not in chegaram], que já sai em ordem.",
    ],
    verificacoes=3,
)
def _conferir_contar_perdidos(v, contar_perdidos):
    v.conferir("20 datagramas, todos chegam: nenhum perdido", [],
               _rodar_contagem(v, contar_perdidos, 20, faltando=()),
               "devolva a lista dos números que não chegaram: se todos chegaram, a lista "
               "vazia.")
    faltando = (3, 7, 8, 19)
    v.conferir("20 datagramas, sem o 3, o 7, o 8 e o 19: esses são os perdidos",
               list(faltando), _rodar_contagem(v, contar_perdidos, 20, faltando),
               "datagramas se perdem, e ninguém avisa: compare os números que chegaram com "
               "0, 1, ..., enviados - 1 e devolva os que faltaram, em ordem (até os do fim).")
    perdidos = _rodar_contagem(v, contar_perdidos, 2000, faltando=(), recepcao=4096)
    descricao = ("2.000 datagramas de verdade para um buffer de recepção pequeno: os que "
                 "não couberam aparecem como perdidos")
    if _lista_de_perdidos_plausivel(perdidos, 2000):
        v.ok(descricao)
    else:
        v.falhou(descricao, "o UDP não tem controle de fluxo: com o buffer cheio, o sistema "
                 "descarta datagramas. A lista tem de ter os que faltaram, em ordem, sem "
                 "repetição.", "uma lista em ordem, nem vazia nem com os 2.000",
                 _resumir(perdidos))


def _rodar_contagem(v, contar_perdidos, enviados, faltando, recepcao=None):
    """Envia ``enviados`` datagramas (menos os de ``faltando``) e chama a função do aluno."""
    sock = socket_udp()
    if recepcao is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, recepcao)
    try:
        destino = sock.getsockname()
        if faltando:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as remetente:
                for numero in range(enviados):
                    if numero not in faltando:
                        remetente.sendto(numerado(numero, 100), destino)
        else:
            enviar_rajada(destino, enviados, 100)
        return v.chamar(
            contar_perdidos, sock, enviados, 0.2, prazo=3 * ESPERA,
            descricao=f"{enviados} datagramas enviados",
            dica_do_prazo="datagramas se perdem: não espere por todos. Use "
            "sock.settimeout(silencio) e pare quando o recv levantar TimeoutError.",
            dica_do_erro="o TimeoutError do recv quer dizer \"não vem mais nada\": capture-o "
            "(try/except TimeoutError) e saia do laço.")
    finally:
        encerrar(sock)


def _lista_de_perdidos_plausivel(perdidos, enviados):
    if not isinstance(perdidos, list) or not 0 < len(perdidos) < enviados:
        return False
    return perdidos == sorted(set(perdidos)) and all(0 <= n < enviados for n in perdidos)


def _resumir(perdidos):
    if isinstance(perdidos, list) and len(perdidos) > 6:
        return f"uma lista com {len(perdidos)} números: {perdidos[:3]} ... {perdidos[-3:]}"
    return perdidos


# ----- 3. tcp_pedido_sem_trava ---------------------------------------------------

CABECALHO = b"PEDIDO 10\n"
CORPO = b"0123456789"
AQUECIMENTO = 4  # pedidos não medidos: no começo da conexão, o Linux confirma na hora
MEDIDOS = 10
LIMITE_MS = 15  # a mediana aceita; a trava custa cerca de 40 ms por pedido no Linux


@exercicio(
    "tcp_pedido_sem_trava", "08", "Pedido em duas partes sem a trava de Nagle",
    ["pedir"],
    dicas=[
        "Dois send pequenos seguidos de uma espera pela resposta (escreve, escreve, lê) "
        "caem na trava: o segundo send espera a confirmação do primeiro (Nagle), e o "
        "servidor atrasa essa confirmação (ACK atrasado) porque ainda não tem o pedido "
        "inteiro para responder.",
        "Há dois consertos: juntar tudo num envio só, sock.sendall(cabecalho + corpo), ou "
        "desligar o Nagle com sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1).",
        "Depois de enviar, leia até o \\n (a resposta pode vir em pedaços) e devolva o "
        "texto sem o \\n, decodificado. Não feche o socket: o verificador faz vários "
        "pedidos na mesma conexão.",
    ],
    verificacoes=3,
)
def _conferir_pedido_sem_trava(v, pedir):
    escuta = ouvir_tcp()
    servidor = threading.Thread(target=_responder_pedidos, args=(escuta,),
                                name="ecolab-verificador-servidor-de-pedidos", daemon=True)
    servidor.start()
    cliente = socket.create_connection(escuta.getsockname(), timeout=2 * ESPERA)
    try:
        respostas, tempos = [], []
        for numero in range(AQUECIMENTO + MEDIDOS):
            inicio = time.perf_counter()
            respostas.append(v.chamar(pedir, cliente, CABECALHO, CORPO, prazo=2 * ESPERA,
                                      descricao=f"o pedido {numero + 1}"))
            tempos.append(time.perf_counter() - inicio)
        v.conferir(f"{AQUECIMENTO + MEDIDOS} pedidos na mesma conexão: a resposta de cada um "
                   "é \"ok 1\", \"ok 2\"...",
                   [f"ok {n}" for n in range(1, AQUECIMENTO + MEDIDOS + 1)], respostas,
                   "envie o cabeçalho e o corpo, leia a resposta até o \\n e devolva o texto "
                   "sem o \\n.")
        _conferir_trava(v, tempos[AQUECIMENTO:])
        v.conferir("a conexão continua aberta depois dos pedidos", True, cliente.fileno() >= 0,
                   "não feche o socket dentro de pedir: ele é do verificador.")
    finally:
        cliente.close()
        encerrar(escuta)
        servidor.join(ESPERA)


def _conferir_trava(v, tempos):
    mediana_ms = statistics.median(tempos) * 1000
    descricao = (f"depois de {AQUECIMENTO} pedidos de aquecimento, a mediana de {MEDIDOS} "
                 f"pedidos fica abaixo de {com_unidade(LIMITE_MS, 'ms')}")
    if mediana_ms < LIMITE_MS:
        v.ok(descricao)
    else:
        v.falhou(descricao, "escreve-escreve-lê trava: o segundo send pequeno espera o ACK "
                 "do primeiro (Nagle), e o servidor atrasa o ACK (ACK atrasado). Envie o "
                 "pedido inteiro num sendall só, ou ligue TCP_NODELAY no socket.",
                 f"menos de {com_unidade(LIMITE_MS, 'ms')}",
                 com_unidade(mediana_ms, "ms", 1))


def _responder_pedidos(escuta):
    """O servidor do verificador: a cada pedido inteiro (cabeçalho + corpo), ``ok N\\n``."""
    escuta.settimeout(3 * ESPERA)
    try:
        conexao, _ = escuta.accept()
    except OSError:
        return
    tamanho, pendente, atendidos = len(CABECALHO) + len(CORPO), b"", 0
    with conexao:
        conexao.settimeout(3 * ESPERA)
        try:
            while pedaco := conexao.recv(4096):
                pendente += pedaco
                while len(pendente) >= tamanho:
                    pendente, atendidos = pendente[tamanho:], atendidos + 1
                    conexao.sendall(f"ok {atendidos}\n".encode())
        except OSError:
            pass
