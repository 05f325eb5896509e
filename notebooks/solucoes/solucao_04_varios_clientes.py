"""Soluções comentadas dos exercícios da lição 04 (vários clientes).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import selectors
import threading


# ----- tcp_threads_com_limite ----------------------------------------------------
# Cada conexão custa uma thread; um limite protege o servidor de uma multidão.
# O contador é compartilhado: a thread principal soma, as de atendimento
# subtraem. "atendendo += 1" é ler, somar e escrever: duas threads fazendo isso
# ao mesmo tempo podem perder uma conta. A trava (Lock) deixa uma de cada vez.

CHEIO = b"servidor cheio, tente mais tarde\n"


def servir_com_limite(sock_servidor, atender, maximo):
    trava = threading.Lock()
    estado = {"atendendo": 0}  # num dicionário, as funções internas podem mudá-lo

    def atender_e_devolver_a_vaga(conexao):
        try:
            atender(conexao)
        finally:  # mesmo se atender der erro, a vaga volta
            with trava:
                estado["atendendo"] -= 1

    while True:
        try:
            conexao, _ = sock_servidor.accept()
        except OSError:  # o socket do servidor foi fechado: hora de parar
            return
        with trava:
            tem_vaga = estado["atendendo"] < maximo
            if tem_vaga:
                estado["atendendo"] += 1
        if not tem_vaga:  # recusa com educação: avisa e fecha
            with conexao:
                conexao.sendall(CHEIO)
            continue
        threading.Thread(target=atender_e_devolver_a_vaga, args=(conexao,),
                         daemon=True).start()


# ----- tcp_eco_sem_bloquear ------------------------------------------------------
# A regra do laço de eventos: nada dentro dele pode esperar. Um sendall espera
# enquanto o cliente não lê (o buffer do sistema enche), e com ele esperaria o
# laço inteiro. Por isso cada conexão é não bloqueante e tem um buffer de saída
# (um bytearray): o que chega vai para o buffer, e send envia o que couber.

def servir_sem_bloquear(sock_servidor, parar):
    seletor = selectors.DefaultSelector()
    seletor.register(sock_servidor, selectors.EVENT_READ)
    saida = {}  # conexão -> bytes que ainda falta enviar a ela

    def sair(conexao):
        seletor.unregister(conexao)
        del saida[conexao]
        conexao.close()

    def pedir_eventos(conexao):
        # EVENT_WRITE só enquanto houver o que enviar; pedir sempre faria o
        # select voltar na hora, toda vez, e o laço giraria sem parar.
        eventos = selectors.EVENT_READ
        if saida[conexao]:
            eventos |= selectors.EVENT_WRITE
        seletor.modify(conexao, eventos)

    while not parar.is_set():
        for chave, eventos in seletor.select(timeout=0.1):
            if chave.fileobj is sock_servidor:  # um cliente novo quer conectar
                conexao, _ = sock_servidor.accept()
                conexao.setblocking(False)  # recv e send nunca esperam
                seletor.register(conexao, selectors.EVENT_READ)
                saida[conexao] = bytearray()
                continue
            conexao = chave.fileobj
            try:
                if eventos & selectors.EVENT_READ:
                    dados = conexao.recv(4096)
                    if not dados:  # o cliente saiu
                        sair(conexao)
                        continue
                    saida[conexao] += dados  # eco: vai para a fila de saída
                if eventos & selectors.EVENT_WRITE:
                    enviados = conexao.send(saida[conexao])  # o que couber agora
                    del saida[conexao][:enviados]
            except BlockingIOError:  # nada coube agora: tenta na próxima volta
                pass
            except OSError:  # o cliente sumiu (ConnectionResetError, BrokenPipeError)
                sair(conexao)
                continue
            pedir_eventos(conexao)
    for conexao in list(saida):  # fecha quem sobrou
        sair(conexao)
    seletor.close()


# ----- tcp_bate_papo -------------------------------------------------------------
# O mesmo laço que nunca bloqueia, com duas coisas a mais: o pedaço de linha
# pendente de cada conexão, e cada linha completa vai para o buffer de saída
# de todas as outras.

def servir_bate_papo(sock_servidor, parar):
    seletor = selectors.DefaultSelector()
    seletor.register(sock_servidor, selectors.EVENT_READ)
    pendente = {}  # conexão -> bytes recebidos que ainda não formam uma linha
    saida = {}  # conexão -> bytes que ainda falta enviar a ela

    def sair(conexao):
        seletor.unregister(conexao)
        del pendente[conexao], saida[conexao]
        conexao.close()

    def pedir_eventos(conexao):
        eventos = selectors.EVENT_READ
        if saida[conexao]:
            eventos |= selectors.EVENT_WRITE
        seletor.modify(conexao, eventos)

    def repassar(origem, linha):
        for outra in saida:
            if outra is not origem:
                saida[outra] += linha + b"\n"
                pedir_eventos(outra)

    def receber(conexao):
        dados = conexao.recv(4096)
        if not dados:
            sair(conexao)
            return
        # Só linhas inteiras seguem; o pedaço final espera o resto.
        *linhas, pendente[conexao] = (pendente[conexao] + dados).split(b"\n")
        for linha in linhas:
            repassar(conexao, linha)

    while not parar.is_set():
        for chave, eventos in seletor.select(timeout=0.1):
            if chave.fileobj is sock_servidor:
                conexao, _ = sock_servidor.accept()
                conexao.setblocking(False)
                seletor.register(conexao, selectors.EVENT_READ)
                pendente[conexao], saida[conexao] = b"", bytearray()
                continue
            conexao = chave.fileobj
            if conexao not in saida:  # já saiu nesta mesma volta do laço
                continue
            try:
                if eventos & selectors.EVENT_READ:
                    receber(conexao)
                if conexao in saida and eventos & selectors.EVENT_WRITE:
                    enviados = conexao.send(saida[conexao])
                    del saida[conexao][:enviados]
            except BlockingIOError:
                pass
            except OSError:  # saiu sem avisar (ConnectionResetError, BrokenPipeError)
                sair(conexao)
                continue
            if conexao in saida:
                pedir_eventos(conexao)
    for conexao in list(saida):
        sair(conexao)
    seletor.close()
