"""Exercícios da lição 04 (vários clientes): o que cada um pede e como é conferido.

1. ``tcp_servidor_com_threads``: o laço de ``accept`` que inicia uma thread por
   conexão (o atendimento de cada conexão vem pronto);
2. ``tcp_eco_com_selectors``: um servidor de eco com ``selectors``, numa thread
   só, que atende vários clientes ao mesmo tempo;
3. ``tcp_bate_papo``: um bate-papo de verdade: cada linha de um cliente vai
   para todos os outros, na hora.

Nos três, o verificador cria o socket do servidor (``bind`` e ``listen``
feitos) e faz o papel dos clientes.
"""

import threading
import time

from .bancada import exercicio
from .bancada_rede import ESPERA, Linhas, conectar, ler_ate_fechar, ler_exatamente, ouvir_tcp
from ..soquete import encerrar
from ..tcp import ler_linhas


def atender_em_maiusculas(conexao):
    """O atendimento de uma conexão: cada linha recebida volta em maiúsculas.

    Só volta quando o cliente fecha a conexão (ou depois de 5 s sem mensagens).
    """
    with conexao:
        conexao.settimeout(5 * ESPERA)
        try:
            for linha in ler_linhas(conexao):
                conexao.sendall(linha.decode("utf-8", errors="replace").upper().encode() + b"\n")
        except Exception:
            pass  # o cliente sumiu, ou a linha veio estragada: fim do atendimento


@exercicio(
    "tcp_servidor_com_threads", "04", "Uma thread por conexão", ["servir_em_threads"],
    dicas=[
        "O laço é sempre o mesmo: conexao, _ = sock_servidor.accept() e, logo em seguida, "
        "uma thread nova que chama atender(conexao). A thread principal volta direto para "
        "o accept, livre para o próximo cliente.",
        "threading.Thread(target=atender, args=(conexao,), daemon=True).start(): repare na "
        "vírgula em (conexao,), que faz dela uma tupla.",
        "Para terminar: accept levanta OSError quando o socket do servidor é fechado. "
        "Envolva o accept em try/except OSError: return.",
    ],
    verificacoes=5,
)
def _conferir_servidor_com_threads(v, servir_em_threads):
    escuta = ouvir_tcp()
    execucao = v.em_segundo_plano(servir_em_threads, escuta, atender_em_maiusculas)
    clientes = {}
    try:
        for nome in ("Ana", "Beto", "Carla"):
            clientes[nome] = Linhas(conectar(escuta.getsockname()))
            texto = f"oi, aqui é {'o' if nome == 'Beto' else 'a'} {nome}"
            clientes[nome].enviar(texto + "\n")
            resposta = clientes[nome].proxima(ESPERA)
            v.conferir_erro(execucao, f"{nome} conecta")
            anteriores = len(clientes) - 1
            if resposta is None and anteriores:
                v.desistir(f"{nome} conecta enquanto {anteriores} cliente(s) continuam "
                           "conectados: a resposta não chegou",
                           "não chame atender(conexao) direto (ele só volta quando o "
                           "cliente sai): inicie uma thread para cada conexão.")
            v.conferir(f"{nome} recebe a resposta com outros clientes conectados",
                       texto.upper(), resposta)
        clientes["Ana"].enviar("ainda estou aqui\n")
        v.conferir("a Ana, a primeira, continua sendo atendida", "AINDA ESTOU AQUI",
                   clientes["Ana"].proxima(ESPERA))
    finally:
        for cliente in clientes.values():
            cliente.sock.close()
    encerrar(escuta)
    v.terminar(execucao, ESPERA, "quando o socket do servidor é fechado",
               dica_do_prazo="quando o socket do servidor é fechado, accept levanta "
               "OSError: capture-o e termine a função (return).", aceitar=(OSError,))
    v.ok("a função termina quando o socket do servidor é fechado")


@exercicio(
    "tcp_eco_com_selectors", "04", "Eco com selectors, numa thread só",
    ["servir_com_selectors"],
    dicas=[
        "seletor = selectors.DefaultSelector(); seletor.register(sock_servidor, "
        "selectors.EVENT_READ). Num laço while not parar.is_set(): for chave, _ in "
        "seletor.select(timeout=0.1): ...",
        "Se chave.fileobj é o sock_servidor, alguém quer conectar: accept e registre a "
        "conexão nova. Senão, é uma conexão com dados: dados = chave.fileobj.recv(4096) e "
        "sendall(dados) de volta.",
        "recv devolvendo b\"\" quer dizer que o cliente saiu: seletor.unregister(conexao) e "
        "conexao.close(). Depois do laço, feche as conexões que sobraram (estão em "
        "seletor.get_map()) e o seletor.",
    ],
    verificacoes=6,
)
def _conferir_eco_com_selectors(v, servir_com_selectors):
    escuta, parar = ouvir_tcp(), threading.Event()
    antes = set(threading.enumerate())
    execucao = v.em_segundo_plano(servir_com_selectors, escuta, parar)
    ana, beto, carla = (conectar(escuta.getsockname()) for _ in range(3))
    try:
        _conferir_eco(v, execucao, ana, "Ana", "oi".encode())
        _conferir_eco(v, execucao, beto, "Beto", "olá, com a Ana conectada".encode(),
                      "a Ana continua conectada e o Beto ficou sem eco: com selectors, "
                      "um laço só atende todos os clientes; não fique preso no recv de um.")
        ana.close()
        _conferir_eco(v, execucao, carla, "Carla", "a Ana saiu; e eu?".encode(),
                      "quando recv devolve b\"\", o cliente saiu: unregister e close, e o "
                      "laço continua.")
        carla.sendall("a".encode() + "ção".encode()[:1])  # o "ç" partido em dois envios
        time.sleep(0.05)
        _conferir_eco(v, execucao, carla, "Carla", "ção".encode()[1:],
                      prefixo=b"a" + "ção".encode()[:1])
        novas = [t for t in threading.enumerate()
                 if t not in antes and t is not execucao.thread and not t.name.startswith("ecolab-")]
        v.conferir("o servidor usa uma thread só", [], [t.name for t in novas],
                   "com selectors não é preciso criar threads: o laço de eventos atende todos.")
        parar.set()
        v.terminar(execucao, ESPERA, "depois de parar.set()",
                   dica_do_prazo="use seletor.select(timeout=0.1) e confira parar.is_set() a "
                   "cada volta do laço.")
        if ler_ate_fechar(beto, 0.5)[1]:
            v.ok("ao terminar, a função fecha as conexões")
        else:
            v.falhou("ao terminar, a função fecha as conexões",
                     "depois do laço, feche cada conexão registrada e o seletor.")
    finally:
        parar.set()
        for sock in (ana, beto, carla):
            sock.close()
        encerrar(escuta)


def _conferir_eco(v, execucao, sock, nome, dados, dica="", prefixo=b""):
    sock.sendall(dados)
    esperado = prefixo + dados
    recebido = ler_exatamente(sock, len(esperado), ESPERA)
    descricao = f"{nome} envia {esperado!r} e recebe de volta os mesmos bytes"
    dica = dica or "devolva exatamente os bytes recebidos, com sendall."
    v.conferir_erro(execucao, descricao)
    if not recebido:  # sem eco nenhum, as verificações seguintes não teriam sentido
        v.desistir(descricao, dica, esperado, recebido)
    v.conferir(descricao, esperado, recebido, dica)


@exercicio(
    "tcp_bate_papo", "04", "Bate-papo: uma linha para todos", ["servir_bate_papo"],
    dicas=[
        "Comece do eco com selectors. Guarde um dicionário pendente = {conexao: b\"\"} com "
        "os bytes de cada cliente que ainda não formam uma linha inteira.",
        "A cada recv: *linhas, pendente[conexao] = (pendente[conexao] + dados).split(b\"\\n\")."
        " Cada linha completa vai, com o b\"\\n\", para todas as conexões de pendente menos "
        "a que enviou.",
        "Quem sai (recv devolve b\"\", ou sendall dá OSError) deve sair do seletor e de "
        "pendente, senão o próximo envio falha. No fim, feche todas as conexões.",
    ],
    verificacoes=6,
)
def _conferir_bate_papo(v, servir_bate_papo):
    escuta, parar = ouvir_tcp(), threading.Event()
    execucao = v.em_segundo_plano(servir_bate_papo, escuta, parar)
    ana, beto, carla = (Linhas(conectar(escuta.getsockname())) for _ in range(3))
    try:
        _esperar_todos_entrarem(v, execucao, ana, [beto, carla])
        _conferir_bate_papo_conversa(v, execucao, ana, beto, carla)
        parar.set()
        v.terminar(execucao, ESPERA, "depois de parar.set()",
                   dica_do_prazo="use seletor.select(timeout=0.1) e confira parar.is_set().")
        ana.todas(0.3)
        beto.todas(0.05)
        if ana.fechou and beto.fechou:
            v.ok("ao terminar, a função fecha as conexões")
        else:
            v.falhou("ao terminar, a função fecha as conexões",
                     "depois do laço, feche cada conexão e o seletor.")
    finally:
        parar.set()
        for cliente in (ana, beto, carla):
            cliente.sock.close()
        encerrar(escuta)


def _esperar_todos_entrarem(v, execucao, quem_fala, quem_ouve):
    """A Ana repete um sinal até todos ouvirem: aí o servidor já aceitou todo mundo."""
    for tentativa in range(8):
        sinal = f"sinal {tentativa}"
        quem_fala.enviar(sinal + "\n")
        ouviram = [_ouvir(c, sinal) for c in quem_ouve]
        v.conferir_erro(execucao, "os clientes entram")
        if all(ouviram):
            for cliente in (quem_fala, *quem_ouve):
                cliente.todas(0.03)
            return
    v.desistir("a Ana envia uma linha: ela não chegou aos outros clientes",
               "cada linha completa recebida de um cliente deve ir, com o \\n, para todos "
               "os outros clientes conectados.")


def _ouvir(cliente, sinal, espera=0.15):
    while (linha := cliente.proxima(espera)) is not None:
        if linha == sinal:
            return True
    return False


def _conferir_bate_papo_conversa(v, execucao, ana, beto, carla):
    ana.enviar("olá, turma\n")
    v.conferir("a Ana envia \"olá, turma\": o Beto e a Carla recebem",
               [["olá, turma"], ["olá, turma"]], [beto.receber(1), carla.receber(1)])
    v.conferir("quem envia não recebe a própria linha de volta", [], ana.todas(0.2),
               "envie para todos os outros, menos a conexão de onde a linha veio.")
    beto.enviar("ação ".encode()[:2])  # meia linha, com o "ç" partido
    time.sleep(0.15)
    carla.enviar("oi\n")
    time.sleep(0.15)
    beto.enviar("ação ".encode()[2:] + "em pedaços\n".encode())
    v.conferir("o Beto envia uma linha em dois pedaços e a Carla fala no meio: a Ana "
               "recebe linhas inteiras", ["oi", "ação em pedaços"], ana.receber(2),
               "só encaminhe linhas completas: guarde o pedaço de cada cliente até chegar "
               "o \\n (um buffer por conexão).")
    carla.receber(1)
    beto.receber(1)
    carla.enviar("um\ndois\n")
    v.conferir("a Carla envia duas linhas num envio só: o Beto recebe as duas",
               ["um", "dois"], beto.receber(2), "um recv pode trazer várias linhas.")
    ana.receber(2)
    carla.sock.close()
    time.sleep(0.05)
    ana.enviar("a Carla saiu?\n")
    v.conferir("a Carla sai e a Ana continua falando com o Beto", ["a Carla saiu?"],
               beto.receber(1), "quando um cliente sai, tire-o do seletor e da lista de "
               "quem recebe; o servidor continua.")
    v.conferir_erro(execucao, "depois que a Carla saiu")
