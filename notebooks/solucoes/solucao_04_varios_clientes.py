"""Soluções comentadas dos exercícios da lição 04 (vários clientes).

Abra este arquivo depois de tentar. Há muitas respostas certas; esta é uma.
"""

import selectors
import threading


# ----- tcp_servidor_com_threads --------------------------------------------------

def servir_em_threads(sock_servidor, atender):
    while True:
        try:
            conexao, _ = sock_servidor.accept()
        except OSError:  # o socket do servidor foi fechado: hora de parar
            return
        # Cada conexão ganha a sua thread; esta volta na hora para o accept.
        threading.Thread(target=atender, args=(conexao,), daemon=True).start()


# ----- tcp_eco_com_selectors -----------------------------------------------------

def servir_com_selectors(sock_servidor, parar):
    seletor = selectors.DefaultSelector()
    seletor.register(sock_servidor, selectors.EVENT_READ)
    while not parar.is_set():
        # Espera até algum socket ter algo para ler (no máximo 0,1 s, para
        # conferir parar de vez em quando).
        for chave, _ in seletor.select(timeout=0.1):
            if chave.fileobj is sock_servidor:  # um cliente novo quer conectar
                conexao, _ = sock_servidor.accept()
                seletor.register(conexao, selectors.EVENT_READ)
                continue
            conexao = chave.fileobj  # um cliente enviou bytes (ou saiu)
            dados = conexao.recv(4096)
            if dados:
                conexao.sendall(dados)  # eco: os mesmos bytes, como chegaram
            else:
                seletor.unregister(conexao)
                conexao.close()
    for chave in list(seletor.get_map().values()):  # fecha quem sobrou
        if chave.fileobj is not sock_servidor:
            chave.fileobj.close()
    seletor.close()


# ----- tcp_bate_papo -------------------------------------------------------------

def servir_bate_papo(sock_servidor, parar):
    seletor = selectors.DefaultSelector()
    seletor.register(sock_servidor, selectors.EVENT_READ)
    pendente = {}  # conexão -> bytes recebidos que ainda não formam uma linha

    def sair(conexao):
        seletor.unregister(conexao)
        del pendente[conexao]
        conexao.close()

    while not parar.is_set():
        for chave, _ in seletor.select(timeout=0.1):
            if chave.fileobj is sock_servidor:
                conexao, _ = sock_servidor.accept()
                seletor.register(conexao, selectors.EVENT_READ)
                pendente[conexao] = b""
                continue
            conexao = chave.fileobj
            if conexao not in pendente:  # já saiu nesta mesma volta do laço
                continue
            dados = conexao.recv(4096)
            if not dados:
                sair(conexao)
                continue
            # Só linhas inteiras seguem; o pedaço final espera o resto.
            *linhas, pendente[conexao] = (pendente[conexao] + dados).split(b"\n")
            for linha in linhas:
                for outra in list(pendente):
                    if outra is conexao:
                        continue
                    try:
                        outra.sendall(linha + b"\n")
                    except OSError:  # esta saiu sem avisar
                        sair(outra)
    for conexao in list(pendente):
        sair(conexao)
    seletor.close()
