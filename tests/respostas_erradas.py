"""Respostas erradas plausíveis, do tipo que um aluno escreve, para cada exercício.

Cada uma erra de um jeito que o verificador precisa pegar e explicar. O
dicionário ``ERRADAS`` liga cada exercício às suas respostas erradas e a um
trecho da dica que o aluno deve ver.
"""

import select
import selectors
import socket
import struct
import threading
import time

from ecolab.reno import ControleReno as ControleRenoCerto

# ----- 01: TCP ---------------------------------------------------------------------


def responder_so_a_primeira_maiuscula(mensagem):
    return mensagem.capitalize()


def responder_sem_return(mensagem):
    mensagem.upper()


def responder_em_laco_sem_fim(mensagem):
    while True:
        pass


def atender_sem_fechar(sock_servidor, quantos):
    abertas = []  # guardar a conexão numa lista a mantém aberta
    for numero in range(1, quantos + 1):
        conexao, _ = sock_servidor.accept()
        conexao.recv(1024)
        conexao.sendall(f"Você é o cliente número {numero}".encode("utf-8"))
        abertas.append(conexao)
    return quantos


def atender_sem_contar(sock_servidor, quantos):
    for _ in range(quantos):
        conexao, _ = sock_servidor.accept()
        conexao.recv(1024)
        conexao.sendall("Você é o cliente número 1".encode("utf-8"))
        conexao.close()
    return quantos


def atender_para_sempre(sock_servidor, quantos):
    numero = 0
    while True:  # nunca para: depois do último cliente, fica preso no accept
        conexao, _ = sock_servidor.accept()
        numero += 1
        conexao.recv(1024)
        conexao.sendall(f"Você é o cliente número {numero}".encode("utf-8"))
        conexao.close()


def atender_enviando_texto(sock_servidor, quantos):
    for numero in range(1, quantos + 1):
        conexao, _ = sock_servidor.accept()
        conexao.recv(1024)
        conexao.sendall(f"Você é o cliente número {numero}")  # str, não bytes
        conexao.close()
    return quantos


def perguntar_com_um_recv(endereco, texto, timeout=2.0):
    with socket.create_connection(endereco, timeout=timeout) as sock:
        sock.sendall((texto + "\n").encode("utf-8"))
        return sock.recv(1024).decode("utf-8", errors="replace").strip()


def perguntar_sem_timeout(endereco, texto, timeout=2.0):
    with socket.create_connection(endereco) as sock:
        sock.settimeout(None)
        sock.sendall((texto + "\n").encode("utf-8"))
        dados = b""
        while b"\n" not in dados:
            dados += sock.recv(1024)
        return dados.split(b"\n")[0].decode("utf-8")


def perguntar_engolindo_o_tempo_esgotado(endereco, texto, timeout=2.0):
    try:
        with socket.create_connection(endereco, timeout=timeout) as sock:
            sock.sendall((texto + "\n").encode("utf-8"))
            dados = b""
            while b"\n" not in dados:
                dados += sock.recv(1024)
            return dados.split(b"\n")[0].decode("utf-8")
    except TimeoutError:
        return ""


# Ler pacotes (exercícios 4 a 6 da lição 01).


def isns_dos_dois_primeiros(pacotes):
    return (pacotes[0].seq, pacotes[1].seq)  # a captura pode começar em outra conexão


def isns_relativos(pacotes):
    return (0, 0)  # o que a tabela mostra, e não o que está no fio


def isns_trocados(pacotes):
    syn = next(p for p in pacotes if p.flags == "SYN")
    syn_ack = next(p for p in pacotes if p.flags == "SYN,ACK")
    return (syn_ack.seq, syn.seq)


def confirmados_sem_descontar_o_syn(pacotes, numero):
    segmento = pacotes[numero - 1]
    syn = next(p for p in pacotes if "SYN" in p.flags and p.origem == segmento.destino)
    return (segmento.ack - syn.seq) % 2**32


def confirmados_contando_o_fin(pacotes, numero):
    segmento = pacotes[numero - 1]
    syn = next(p for p in pacotes if "SYN" in p.flags and p.origem == segmento.destino)
    return (segmento.ack - (syn.seq + 1)) % 2**32


def confirmados_pela_carga_do_segmento(pacotes, numero):
    return len(pacotes[numero - 1].dados)


def confirmados_sem_a_volta(pacotes, numero):
    segmento = pacotes[numero - 1]
    syn = next(p for p in pacotes if "SYN" in p.flags and p.origem == segmento.destino)
    return segmento.ack - (syn.seq + 1)


def sempre_o_cliente_fecha(pacotes):
    return "cliente"


def fechou_quem_mandou_o_ultimo_fin(pacotes):
    syn = next(p for p in pacotes if p.flags == "SYN")
    ultimo_fin = [p for p in pacotes if "FIN" in p.flags][-1]
    return "cliente" if ultimo_fin.origem == syn.origem else "servidor"


def fechou_com_flags_iguais_a_fin(pacotes):
    syn = next(p for p in pacotes if p.flags == "SYN")
    fin = next((p for p in pacotes if p.flags == "FIN"), None)  # o FIN vem como "FIN,ACK"
    return "cliente" if fin is not None and fin.origem == syn.origem else "servidor"


# ----- 02: UDP ---------------------------------------------------------------------


def eco_para_o_primeiro_cliente(sock, quantos):
    textos, primeiro = [], None
    for _ in range(quantos):
        dados, endereco = sock.recvfrom(65535)
        primeiro = primeiro or endereco
        textos.append(dados.decode("utf-8"))
        sock.sendto(b"eco: " + dados, primeiro)  # responde sempre para o primeiro
    return textos


def eco_devolvendo_bytes(sock, quantos):
    recebidos = []
    for _ in range(quantos):
        dados, endereco = sock.recvfrom(65535)
        recebidos.append(dados)
        sock.sendto(b"eco: " + dados, endereco)
    return recebidos


def perguntar_udp_sem_timeout(endereco, texto, timeout=1.0):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(texto.encode("utf-8"), endereco)
        return sock.recvfrom(65535)[0].decode("utf-8")


def perguntar_udp_sem_capturar(endereco, texto, timeout=1.0):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(texto.encode("utf-8"), endereco)
        return sock.recvfrom(65535)[0].decode("utf-8")


def perguntar_udp_sem_fechar(endereco, texto, timeout=1.0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(timeout)
    sock.sendto(texto.encode("utf-8"), endereco)
    try:
        return sock.recvfrom(65535)[0].decode("utf-8")
    except TimeoutError:
        return None


def tentar_uma_vez(endereco, texto, tentativas=3, timeout=0.2):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(texto.encode("utf-8"), endereco)
        return sock.recvfrom(65535)[0].decode("utf-8")


def tentar_para_sempre(endereco, texto, tentativas=3, timeout=0.2):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        while True:
            sock.sendto(texto.encode("utf-8"), endereco)
            try:
                return sock.recvfrom(65535)[0].decode("utf-8")
            except TimeoutError:
                continue


def tentar_uma_vez_a_mais(endereco, texto, tentativas=3, timeout=0.2):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        for _ in range(tentativas + 1):  # uma a mais
            sock.sendto(texto.encode("utf-8"), endereco)
            try:
                return sock.recvfrom(65535)[0].decode("utf-8")
            except TimeoutError:
                continue
    raise TimeoutError("sem resposta")


# Ler pacotes (exercício 4 da lição 02).


def recusado_e_o_de_logo_antes_do_icmp(pacotes):
    return [pacotes[i - 1].dados.decode("utf-8") for i, p in enumerate(pacotes)
            if p.protocolo == "ICMP"]


def recusados_sao_os_sem_resposta(pacotes):
    respondidos = {p.dados.decode("utf-8").removeprefix("eco: ") for p in pacotes
                   if p.protocolo == "UDP" and p.dados.startswith(b"eco: ")}
    return [p.dados.decode("utf-8") for p in pacotes if p.protocolo == "UDP"
            and not p.dados.startswith(b"eco: ") and p.dados.decode("utf-8") not in respondidos]


def recusados_em_bytes(pacotes):
    recusados = []
    for posicao, pacote in enumerate(pacotes):
        if pacote.protocolo == "ICMP":
            for anterior in reversed(pacotes[:posicao]):
                if (anterior.origem, anterior.destino) == pacote.citado:
                    recusados.append(anterior.dados)
                    break
    return recusados


def recusado_e_o_primeiro_com_o_destino_citado(pacotes):
    return [next(a.dados.decode("utf-8") for a in pacotes
                 if a.protocolo == "UDP" and (a.origem, a.destino) == p.citado)
            for p in pacotes if p.protocolo == "ICMP"]


# ----- 03: TCP e UDP lado a lado ------------------------------------------------------


def _perguntar_numerado(sock, destino, numero, texto, timeout, e_deste, recomecar=False):
    """Envia o pedido numerado e lê até ``e_deste(resposta)``; devolve o texto ou None."""
    sock.sendto(f"{numero}|{texto}".encode("utf-8"), destino)
    fim = time.monotonic() + timeout
    while True:
        falta = timeout if recomecar else fim - time.monotonic()
        if falta <= 0:
            return None
        sock.settimeout(falta)
        try:
            resposta = sock.recvfrom(65535)[0].decode("utf-8")
        except TimeoutError:
            return None
        if e_deste(resposta, numero, texto):
            return resposta.partition("|")[2]


def perguntar_aceitando_qualquer_resposta(sock, destino, numero, texto, timeout=1.0):
    return _perguntar_numerado(sock, destino, numero, texto, timeout, lambda *_: True)


def perguntar_casando_pelo_texto(sock, destino, numero, texto, timeout=1.0):
    # Casa pelo texto, como a antiga medir_perda: o mesmo texto duas vezes engana.
    return _perguntar_numerado(sock, destino, numero, texto, timeout,
                               lambda resposta, _, texto: resposta.endswith(texto))


def perguntar_comparando_o_comeco(sock, destino, numero, texto, timeout=1.0):
    # "12|..." também começa com "1".
    return _perguntar_numerado(sock, destino, numero, texto, timeout,
                               lambda resposta, numero, _: resposta.startswith(str(numero)))


def perguntar_recomecando_o_timeout(sock, destino, numero, texto, timeout=1.0):
    # settimeout(timeout) a cada volta: cada resposta velha ganha um tempo limite novo.
    return _perguntar_numerado(sock, destino, numero, texto, timeout, _e_deste, recomecar=True)


def perguntar_devolvendo_com_o_numero(sock, destino, numero, texto, timeout=1.0):
    resposta = _perguntar_numerado(sock, destino, numero, texto, timeout, _e_deste)
    return None if resposta is None else f"{numero}|{resposta}"


def perguntar_levantando_o_tempo_esgotado(sock, destino, numero, texto, timeout=1.0):
    resposta = _perguntar_numerado(sock, destino, numero, texto, timeout, _e_deste)
    if resposta is None:
        raise TimeoutError("sem resposta")
    return resposta


def perguntar_fechando_o_socket(sock, destino, numero, texto, timeout=1.0):
    with sock:  # o socket é de quem chamou: o segundo pedido já não tem socket
        return _perguntar_numerado(sock, destino, numero, texto, timeout, _e_deste)


def _e_deste(resposta, numero, _):
    return resposta.partition("|")[0] == str(numero)


class LeitorQueDecodificaCadaPedaco:
    def __init__(self, sock):
        self.sock = sock
        self.pendente = ""

    def ler_linha(self):
        while "\n" not in self.pendente:
            pedaco = self.sock.recv(4096)
            if not pedaco:
                return None
            self.pendente += pedaco.decode("utf-8")  # quebra com um "ç" partido
        linha, self.pendente = self.pendente.split("\n", 1)
        return linha


class LeitorDeUmRecvPorLinha:
    def __init__(self, sock):
        self.sock = sock

    def ler_linha(self):
        dados = self.sock.recv(4096)
        if not dados:
            return None
        return dados.decode("utf-8", errors="replace").split("\n")[0]


def enviar_com_tamanho_em_letras(sock, texto):
    sock.sendall(struct.pack("!I", len(texto)) + texto.encode("utf-8"))


def enviar_com_ordem_errada(sock, texto):
    dados = texto.encode("utf-8")
    sock.sendall(struct.pack("<I", len(dados)) + dados)


def enviar_certo(sock, texto):
    dados = texto.encode("utf-8")
    sock.sendall(struct.pack("!I", len(dados)) + dados)


def receber_confiando_no_recv(sock):
    cabecalho = sock.recv(4)  # pode trazer menos de 4 bytes
    if not cabecalho:
        return None
    (tamanho,) = struct.unpack("!I", cabecalho)
    return sock.recv(tamanho).decode("utf-8")


def receber_certo(sock):
    def exatamente(n):
        dados = b""
        while len(dados) < n:
            pedaco = sock.recv(n - len(dados))
            if not pedaco:
                return None
            dados += pedaco
        return dados

    cabecalho = exatamente(4)
    if cabecalho is None:
        return None
    return exatamente(struct.unpack("!I", cabecalho)[0]).decode("utf-8")


# Ler pacotes (exercício 4 da lição 03).


def aproveitamento_so_dos_pacotes_com_dados(pacotes, protocolo):
    com_dados = [p for p in pacotes if p.protocolo == protocolo and p.dados]
    return sum(len(p.dados) for p in com_dados) / sum(p.tamanho for p in com_dados)


def aproveitamento_de_todos_os_protocolos(pacotes, protocolo):
    return sum(len(p.dados) for p in pacotes) / sum(p.tamanho for p in pacotes)


def aproveitamento_em_porcentagem(pacotes, protocolo):
    do_protocolo = [p for p in pacotes if p.protocolo == protocolo]
    return 100 * sum(len(p.dados) for p in do_protocolo) / sum(p.tamanho for p in do_protocolo)


def fracao_de_cabecalhos(pacotes, protocolo):
    do_protocolo = [p for p in pacotes if p.protocolo == protocolo]
    cabecalhos = sum(p.tamanho - len(p.dados) for p in do_protocolo)
    return cabecalhos / sum(p.tamanho for p in do_protocolo)


# ----- 04: vários clientes ---------------------------------------------------------


def servir_um_de_cada_vez(sock_servidor, atender, maximo):
    while True:
        try:
            conexao, _ = sock_servidor.accept()
        except OSError:
            return
        atender(conexao)  # só volta quando o cliente sai: os outros esperam


def servir_sem_limite(sock_servidor, atender, maximo):
    while True:  # a célula 12 da lição, copiada: uma thread por conexão, sem limite
        try:
            conexao, _ = sock_servidor.accept()
        except OSError:
            return
        threading.Thread(target=atender, args=(conexao,), daemon=True).start()


def _servir_com_limite(sock_servidor, atender, maximo, devolver=True, fechar=True,
                       terminar=True):
    trava, estado = threading.Lock(), {"atendendo": 0}

    def atender_e_devolver(conexao):
        atender(conexao)
        if devolver:
            with trava:
                estado["atendendo"] -= 1

    while True:
        try:
            conexao, _ = sock_servidor.accept()
        except OSError:
            if terminar:
                return
            continue  # o socket foi fechado, mas o laço continua: gira para sempre
        with trava:
            tem_vaga = estado["atendendo"] < maximo
            estado["atendendo"] += tem_vaga
        if tem_vaga:
            threading.Thread(target=atender_e_devolver, args=(conexao,), daemon=True).start()
        else:
            conexao.sendall(b"servidor cheio, tente mais tarde\n")
            if fechar:
                conexao.close()


def servir_sem_devolver_a_vaga(sock_servidor, atender, maximo):
    _servir_com_limite(sock_servidor, atender, maximo, devolver=False)


def servir_sem_fechar_a_recusada(sock_servidor, atender, maximo):
    _servir_com_limite(sock_servidor, atender, maximo, fechar=False)


def servir_sem_parar(sock_servidor, atender, maximo):
    _servir_com_limite(sock_servidor, atender, maximo, terminar=False)


def eco_preso_num_cliente(sock_servidor, parar):
    sock_servidor.settimeout(0.1)
    while not parar.is_set():
        try:
            conexao, _ = sock_servidor.accept()
        except TimeoutError:
            continue
        with conexao:
            while dados := conexao.recv(4096):  # preso aqui até este cliente sair
                conexao.sendall(dados)


def eco_com_threads(sock_servidor, parar):
    def atender(conexao):
        with conexao:
            while dados := conexao.recv(4096):
                conexao.sendall(dados)

    sock_servidor.settimeout(0.1)
    while not parar.is_set():
        try:
            conexao, _ = sock_servidor.accept()
        except TimeoutError:
            continue
        threading.Thread(target=atender, args=(conexao,), daemon=True).start()


def eco_com_sendall(sock_servidor, parar):
    """O laço de eventos da lição: sendall num socket bloqueante, dentro do laço."""
    seletor = selectors.DefaultSelector()
    seletor.register(sock_servidor, selectors.EVENT_READ)
    while not parar.is_set():
        for chave, _ in seletor.select(timeout=0.1):
            if chave.fileobj is sock_servidor:
                conexao, _ = sock_servidor.accept()
                seletor.register(conexao, selectors.EVENT_READ)
            elif dados := chave.fileobj.recv(4096):
                chave.fileobj.sendall(dados)  # espera o cliente ler: o laço para junto
            else:
                seletor.unregister(chave.fileobj)
                chave.fileobj.close()
    for chave in list(seletor.get_map().values()):
        if chave.fileobj is not sock_servidor:
            chave.fileobj.close()
    seletor.close()


def _eco_sem_bloquear(sock_servidor, parar, guardar_o_resto=True, fechar_no_fim=True,
                      sempre_escrita=False):
    seletor = selectors.DefaultSelector()
    seletor.register(sock_servidor, selectors.EVENT_READ)
    saida = {}
    while not parar.is_set():
        for chave, eventos in seletor.select(timeout=0.1):
            conexao = chave.fileobj
            if conexao is sock_servidor:
                conexao, _ = sock_servidor.accept()
                conexao.setblocking(False)
                seletor.register(conexao, selectors.EVENT_READ)
                saida[conexao] = bytearray()
                continue
            try:
                if eventos & selectors.EVENT_READ:
                    if not (dados := conexao.recv(4096)):
                        seletor.unregister(conexao)
                        del saida[conexao]
                        conexao.close()
                        continue
                    saida[conexao] += dados
                if eventos & selectors.EVENT_WRITE:
                    enviados = conexao.send(saida[conexao])
                    del saida[conexao][:enviados if guardar_o_resto else len(saida[conexao])]
            except BlockingIOError:
                if not guardar_o_resto:
                    saida[conexao].clear()  # não coube: joga fora
            escrever = saida[conexao] or sempre_escrita  # sempre: o select nunca dorme
            seletor.modify(conexao, selectors.EVENT_READ | (selectors.EVENT_WRITE if escrever else 0))
    if fechar_no_fim:
        for conexao in saida:
            conexao.close()
    else:
        time.sleep(0.6)  # termina sem fechar as conexões (e elas continuam vivas)
    seletor.close()


def eco_perdendo_o_que_nao_coube(sock_servidor, parar):
    _eco_sem_bloquear(sock_servidor, parar, guardar_o_resto=False)


def eco_sem_fechar_no_fim(sock_servidor, parar):
    _eco_sem_bloquear(sock_servidor, parar, fechar_no_fim=False)


def eco_pedindo_escrita_sempre(sock_servidor, parar):
    _eco_sem_bloquear(sock_servidor, parar, sempre_escrita=True)


def _bate_papo(sock_servidor, parar, para_todos, por_pedaco):
    seletor = selectors.DefaultSelector()
    seletor.register(sock_servidor, selectors.EVENT_READ)
    pendente = {}
    while not parar.is_set():
        for chave, _ in seletor.select(timeout=0.1):
            if chave.fileobj is sock_servidor:
                conexao, _ = sock_servidor.accept()
                seletor.register(conexao, selectors.EVENT_READ)
                pendente[conexao] = b""
                continue
            conexao = chave.fileobj
            dados = conexao.recv(4096)
            if not dados:
                seletor.unregister(conexao)
                del pendente[conexao]
                conexao.close()
                continue
            if por_pedaco:
                linhas = [dados]
            else:
                *linhas, pendente[conexao] = (pendente[conexao] + dados).split(b"\n")
                linhas = [linha + b"\n" for linha in linhas]
            for linha in linhas:
                for outra in pendente:
                    if para_todos or outra is not conexao:
                        outra.sendall(linha)
    for conexao in pendente:
        conexao.close()
    seletor.close()


def bate_papo_com_eco_para_quem_enviou(sock_servidor, parar):
    _bate_papo(sock_servidor, parar, para_todos=True, por_pedaco=False)


def bate_papo_repassando_pedacos(sock_servidor, parar):
    _bate_papo(sock_servidor, parar, para_todos=False, por_pedaco=True)


def bate_papo_com_sendall(sock_servidor, parar):
    _bate_papo(sock_servidor, parar, para_todos=False, por_pedaco=False)


# ----- 05: transferência confiável ------------------------------------------------------------


def pingar_sem_timeout(endereco, vezes=10, timeout=1.0):
    rtts = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for numero in range(1, vezes + 1):
            inicio = time.perf_counter()
            sock.sendto(f"Ping {numero}".encode(), endereco)
            sock.recvfrom(65535)
            rtts.append(time.perf_counter() - inicio)
    return rtts


def pingar_parando_na_primeira_perda(endereco, vezes=10, timeout=1.0):
    rtts = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        for numero in range(1, vezes + 1):
            inicio = time.perf_counter()
            sock.sendto(f"Ping {numero}".encode(), endereco)
            try:
                sock.recvfrom(65535)
            except TimeoutError:
                break
            rtts.append(time.perf_counter() - inicio)
    return rtts


def pingar_sem_casar_as_respostas(endereco, vezes=10, timeout=1.0):
    # A solução antiga: a primeira resposta que chega vale, mesmo a de um ping anterior.
    rtts = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        for numero in range(1, vezes + 1):
            inicio = time.perf_counter()
            sock.sendto(f"Ping {numero}".encode(), endereco)
            try:
                sock.recvfrom(65535)
            except TimeoutError:
                rtts.append(None)
                continue
            rtts.append(time.perf_counter() - inicio)
    return rtts


def pingar_em_milissegundos(endereco, vezes=10, timeout=1.0):
    rtts = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        for numero in range(1, vezes + 1):
            inicio = time.perf_counter()
            sock.sendto(f"Ping {numero}".encode(), endereco)
            try:
                sock.recvfrom(65535)
            except TimeoutError:
                rtts.append(None)
                continue
            rtts.append(1000 * (time.perf_counter() - inicio))
    return rtts


def estatisticas_em_segundos(rtts):
    tempos = [t for t in rtts if t is not None]
    return {"enviados": len(rtts), "recebidos": len(tempos),
            "perda": 100 * (len(rtts) - len(tempos)) / len(rtts),
            "minimo": min(tempos) if tempos else None,
            "media": sum(tempos) / len(tempos) if tempos else None,
            "maximo": max(tempos) if tempos else None}


def estatisticas_com_divisao_por_zero(rtts):
    tempos = [1000 * t for t in rtts if t is not None]
    return {"enviados": len(rtts), "recebidos": len(tempos),
            "perda": 100 * (len(rtts) - len(tempos)) / len(rtts),
            "minimo": min(tempos), "media": sum(tempos) / len(tempos), "maximo": max(tempos)}


def _receber(sock, silencio, entregar_repetidas=False, confirmar_repetidas=True,
             esperar_silencio=True):
    linhas, terminou = [], False
    sock.settimeout(silencio)
    while True:
        try:
            dados, remetente = sock.recvfrom(65535)
        except TimeoutError:
            if terminou:
                return linhas
            continue
        tipo, _, resto = dados.decode().partition("|")
        seq_texto, _, texto = resto.partition("|")
        seq = int(seq_texto)
        nova = seq == len(linhas)
        if tipo == "D" and (nova or entregar_repetidas):
            linhas.append(texto)
        elif tipo == "F":
            terminou = True
        if nova or confirmar_repetidas or tipo == "F":
            sock.sendto(f"A|{seq}".encode(), remetente)
        if terminou and not esperar_silencio:
            return linhas


def receber_entregando_repetidas(sock, silencio=0.3):
    return _receber(sock, silencio, entregar_repetidas=True)


def receber_sem_confirmar_repetidas(sock, silencio=0.3):
    return _receber(sock, silencio, confirmar_repetidas=False)


def receber_saindo_no_fim(sock, silencio=0.3):
    return _receber(sock, silencio, esperar_silencio=False)


def enviar_aceitando_qualquer_confirmacao(sock, destino, linhas, timeout=0.05, tentativas=20):
    sock.settimeout(timeout)
    mensagens = [f"D|{seq}|{linha}" for seq, linha in enumerate(linhas)] + [f"F|{len(linhas)}"]
    enviados = 0
    for mensagem in mensagens:
        for _ in range(tentativas):
            sock.sendto(mensagem.encode(), destino)
            enviados += 1
            try:
                sock.recvfrom(65535)  # qualquer confirmação serve (errado!)
                break
            except TimeoutError:
                continue
        else:
            raise TimeoutError("sem confirmação")
    return enviados


def enviar_sem_retransmitir(sock, destino, linhas, timeout=0.05, tentativas=20):
    sock.settimeout(timeout)
    mensagens = [f"D|{seq}|{linha}" for seq, linha in enumerate(linhas)] + [f"F|{len(linhas)}"]
    for seq, mensagem in enumerate(mensagens):
        sock.sendto(mensagem.encode(), destino)
        while sock.recvfrom(65535)[0].decode() != f"A|{seq}":
            pass  # espera a confirmação certa, mas nunca reenvia
    return len(mensagens)


def enviar_sem_desistir(sock, destino, linhas, timeout=0.05, tentativas=20):
    sock.settimeout(timeout)
    mensagens = [f"D|{seq}|{linha}" for seq, linha in enumerate(linhas)] + [f"F|{len(linhas)}"]
    enviados = 0
    for seq, mensagem in enumerate(mensagens):
        while True:  # tenta para sempre
            sock.sendto(mensagem.encode(), destino)
            enviados += 1
            try:
                if sock.recvfrom(65535)[0].decode() == f"A|{seq}":
                    break
            except TimeoutError:
                continue
    return enviados

# ----- 06: janelas deslizantes ---------------------------------------------------------


def utilizacao_sem_os_bits(L, R, rtt, janela=1):
    transmissao = L / R  # L em bytes dividido por bits por segundo
    return min(1, janela * transmissao / (rtt + transmissao))


def utilizacao_sem_o_teto(L, R, rtt, janela=1):
    transmissao = L * 8 / R
    return janela * transmissao / (rtt + transmissao)


def utilizacao_so_pelo_rtt(L, R, rtt, janela=1):
    return min(1, janela * (L * 8 / R) / rtt)


def _gbn(sock, destino, pacotes, janela, timeout, no_timeout, folga=0):
    """Um Go-Back-N com duas peças trocáveis, para errar de um jeito de cada vez."""
    from ecolab.segmento import ACK, FIN, ler, montar

    base = proximo = 0
    sock.settimeout(timeout)
    while base < len(pacotes):
        while proximo < len(pacotes) and proximo < base + janela + folga:
            sock.sendto(montar(seq=proximo, dados=pacotes[proximo]), destino)
            proximo += 1
        try:
            s = ler(sock.recvfrom(65_535)[0])
        except TimeoutError:
            proximo = no_timeout(sock, destino, pacotes, base, proximo)
            continue
        if s.flags & ACK and s.ack > base:
            base = s.ack
            proximo = max(proximo, base)
    for _ in range(20):
        sock.sendto(montar(seq=len(pacotes), flags=FIN), destino)
        try:
            s = ler(sock.recvfrom(65_535)[0])
        except TimeoutError:
            continue
        if s.flags & ACK and s.ack == len(pacotes) + 1:
            return


def _volta_n(sock, destino, pacotes, base, proximo):
    return base


def _so_o_perdido(sock, destino, pacotes, base, proximo):
    from ecolab.segmento import montar

    sock.sendto(montar(seq=base, dados=pacotes[base]), destino)  # só o mais antigo
    return proximo


def enviar_gbn_reenviando_so_o_perdido(sock, destino, pacotes, janela, timeout):
    _gbn(sock, destino, pacotes, janela, timeout, _so_o_perdido)


def enviar_gbn_um_de_cada_vez(sock, destino, pacotes, janela, timeout):
    _gbn(sock, destino, pacotes, 1, timeout, _volta_n)  # ignora a janela: pare e espere


def enviar_gbn_com_um_a_mais(sock, destino, pacotes, janela, timeout):
    _gbn(sock, destino, pacotes, janela, timeout, _volta_n, folga=1)  # <= no lugar de <


def _sr(sock, janela, silencio, em_ordem=True, seletiva=True, repetidos=True):
    """Um receptor da Repetição Seletiva com três peças trocáveis."""
    from ecolab.segmento import ACK, FIN, SELETIVA, ler, montar

    base, guardados, entregues, acabou = 0, {}, [], False
    sock.settimeout(silencio)
    while True:
        try:
            dados, remetente = sock.recvfrom(65_535)
        except TimeoutError:
            if acabou:
                return b"".join(entregues)
            continue
        s = ler(dados)
        if s.flags & FIN:
            if s.seq == base:
                acabou = True
                sock.sendto(montar(ack=s.seq, flags=SELETIVA), remetente)
            continue
        if base <= s.seq < base + janela:
            if not em_ordem and s.seq not in guardados and s.seq >= base:
                entregues.append(s.dados)  # entrega na hora em que chega
            guardados[s.seq] = s.dados
            while base in guardados:
                pacote = guardados.pop(base)
                if em_ordem:
                    entregues.append(pacote)
                base += 1
        elif s.seq >= base + janela or not repetidos:
            continue
        if seletiva:
            sock.sendto(montar(ack=s.seq, flags=SELETIVA), remetente)
        else:
            sock.sendto(montar(ack=base, flags=ACK), remetente)


def receber_sr_entregando_fora_de_ordem(sock, janela, silencio):
    return _sr(sock, janela, silencio, em_ordem=False)


def receber_sr_com_ack_cumulativo(sock, janela, silencio):
    return _sr(sock, janela, silencio, seletiva=False)


def receber_sr_sem_confirmar_os_ja_entregues(sock, janela, silencio):
    return _sr(sock, janela, silencio, repetidos=False)


class EstimadorNaOrdemDoLivro:
    """Kurose: primeiro EstimatedRTT, depois DevRTT já com a média nova."""

    def __init__(self, inicial=1.0, minimo=0.2, maximo=60.0):
        self.minimo, self.maximo = minimo, maximo
        self.srtt = self.rttvar = None
        self.timeout = inicial

    def amostra(self, rtt):
        if self.srtt is None:
            self.srtt, self.rttvar = rtt, rtt / 2
        else:
            self.srtt = 7 / 8 * self.srtt + 1 / 8 * rtt
            self.rttvar = 3 / 4 * self.rttvar + 1 / 4 * abs(self.srtt - rtt)
        self.timeout = min(max(self.srtt + 4 * self.rttvar, self.minimo), self.maximo)


class EstimadorSemMinimo(EstimadorNaOrdemDoLivro):
    def amostra(self, rtt):
        if self.srtt is None:
            self.srtt, self.rttvar = rtt, rtt / 2
        else:
            self.rttvar = 3 / 4 * self.rttvar + 1 / 4 * abs(self.srtt - rtt)
            self.srtt = 7 / 8 * self.srtt + 1 / 8 * rtt
        self.timeout = min(self.srtt + 4 * self.rttvar, self.maximo)


class EstimadorComVariacaoInicialErrada(EstimadorNaOrdemDoLivro):
    def amostra(self, rtt):
        if self.srtt is None:
            self.srtt, self.rttvar = rtt, rtt  # a RFC diz rtt / 2
        else:
            self.rttvar = 3 / 4 * self.rttvar + 1 / 4 * abs(self.srtt - rtt)
            self.srtt = 7 / 8 * self.srtt + 1 / 8 * rtt
        self.timeout = min(max(self.srtt + 4 * self.rttvar, self.minimo), self.maximo)


class EstimadorComInicialFixo(EstimadorSemMinimo):
    def __init__(self, inicial=1.0, minimo=0.2, maximo=60.0):
        super().__init__(1.0, minimo, maximo)  # ignora o inicial pedido


def amostra_do_ultimo_envio(envios, seq, agora):
    if seq not in envios:
        return None
    return agora - envios[seq][-1]  # mede a partir da retransmissão


def amostra_do_primeiro_envio(envios, seq, agora):
    if seq not in envios:
        return None
    return agora - envios[seq][0]  # mede a partir do envio original, mesmo retransmitido



# ----- 07: a vida de uma conexão ---------------------------------------------------


def abrir_sem_reuseaddr(porta):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", porta))
    sock.listen()
    return sock


def abrir_com_reuseport(porta):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", porta))
    sock.listen()
    return sock


def abrir_sem_listen(porta):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", porta))
    return sock


def atender_com_um_recv(conexao):
    with conexao:
        pedido = conexao.recv(4096)  # o primeiro recv tomado pelo pedido inteiro
        conexao.sendall(pedido.decode("utf-8", errors="replace").upper().encode("utf-8"))


def atender_sem_fechar_a_conexao(conexao):
    pedido = b""
    while pedaco := conexao.recv(4096):
        pedido += pedaco
    conexao.sendall(pedido.decode("utf-8").upper().encode("utf-8"))


def atender_decodificando_cada_pedaco(conexao):
    with conexao:
        pedido = ""
        while pedaco := conexao.recv(4096):
            pedido += pedaco.decode("utf-8")
        conexao.sendall(pedido.upper().encode("utf-8"))


def perguntar_sem_meio_fechar(endereco, pedido):
    # Prazo do socket bem acima do prazo do verificador (2 s): quem trava é a
    # conversa (cada lado espera o FIN do outro), e o verificador corta.
    with socket.create_connection(endereco, timeout=10) as sock:
        sock.sendall(pedido.encode("utf-8"))
        resposta = b""
        while pedaco := sock.recv(4096):
            resposta += pedaco
    return resposta.decode("utf-8")


def perguntar_com_um_recv_depois_do_meio_fechamento(endereco, pedido):
    with socket.create_connection(endereco, timeout=2) as sock:
        sock.sendall(pedido.encode("utf-8"))
        sock.shutdown(socket.SHUT_WR)
        return sock.recv(4096).decode("utf-8")


def perguntar_sem_fechar_o_socket(endereco, pedido):
    sock = socket.create_connection(endereco, timeout=2)
    sock.sendall(pedido.encode("utf-8"))
    sock.shutdown(socket.SHUT_WR)
    resposta = b""
    while pedaco := sock.recv(4096):
        resposta += pedaco
    return resposta.decode("utf-8")


# ----- 08: controle de fluxo, buffers e Nagle ---------------------------------------


def enviar_ignorando_a_contagem(sock, dados):
    """Confia que send enviou tudo (e devolve len(dados) sem conferir)."""
    sock.send(dados)
    return len(dados)


def enviar_sem_esperar_espaco(sock, dados):
    """Soma as contagens, mas não trata o BlockingIOError do buffer cheio."""
    enviados = 0
    while enviados < len(dados):
        enviados += sock.send(dados[enviados:])
    return enviados


def enviar_repetindo_do_comeco(sock, dados):
    """Soma as contagens, mas manda dados inteiro de novo a cada volta."""
    enviados = 0
    while enviados < len(dados):
        try:
            enviados += sock.send(dados)
        except BlockingIOError:
            select.select([], [sock], [], 1.0)
    return min(enviados, len(dados))


def contar_supondo_que_nada_se_perde(sock, enviados, silencio):
    """Espera um datagrama por número enviado: os perdidos nunca chegam."""
    for _ in range(enviados):
        sock.recv(65_535)
    return []


def contar_devolvendo_lista_vazia(sock, enviados, silencio):
    """Lê até o silêncio, mas supõe que tudo o que foi enviado chegou."""
    sock.settimeout(silencio)
    try:
        while True:
            sock.recv(65_535)
    except TimeoutError:
        return []


def contar_deixando_o_timeout_subir(sock, enviados, silencio):
    chegaram = set()
    sock.settimeout(silencio)
    while True:
        chegaram.add(int(sock.recv(65_535).split(b" ")[0]))


def pedir_escreve_escreve_le(sock, cabecalho, corpo):
    """Dois send pequenos e depois a espera pela resposta, sem TCP_NODELAY: trava."""
    sock.sendall(cabecalho)
    sock.sendall(corpo)
    resposta = b""
    while not resposta.endswith(b"\n"):
        resposta += sock.recv(1024)
    return resposta[:-1].decode()


def pedir_com_o_n_no_fim(sock, cabecalho, corpo):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.sendall(cabecalho)
    sock.sendall(corpo)
    return sock.recv(1024).decode()


# ----- 09: controle de congestionamento ---------------------------------------------
# As classes erradas herdam a de referência e trocam só o método em que o aluno erra.


class RenoQueNuncaDiminui(ControleRenoCerto):
    """Percebe a perda (devolve True no 3º duplicado), mas não mexe na janela."""

    def ao_duplicado(self):
        self.duplicados += 1
        return self.duplicados == 3

    def ao_estourar(self):
        self.duplicados = 0


class RenoComTimeoutNaMetade(ControleRenoCerto):
    """Trata o timeout como o 3º duplicado: corta à metade, sem voltar a 1."""

    def ao_estourar(self):
        self.ssthresh = max(self.cwnd / 2, 2)
        self.cwnd = self.ssthresh
        self.duplicados = 0
        self.em_recuperacao = False


class RenoSemRetransmissaoRapida(ControleRenoCerto):
    """Conta os duplicados, mas nunca pede a retransmissão rápida (só o timeout reage)."""

    def ao_duplicado(self):
        self.duplicados += 1
        return False


class RenoSemRecuperacaoRapida(ControleRenoCerto):
    """No 3º duplicado vai direto para a metade, sem os + 3 e + 1 da recuperação."""

    def ao_duplicado(self):
        self.duplicados += 1
        if self.duplicados == 3:
            self.ssthresh = self.cwnd = max(self.cwnd / 2, 2)
            return True
        return False


class RenoQueArredonda(ControleRenoCerto):
    """Corta a janela com divisão inteira: 21 // 2 dá 10, e não 10,5."""

    def ao_estourar(self):
        super().ao_estourar()
        self.ssthresh = int(self.ssthresh)


class RenoQueNaoZeraOsDuplicados(ControleRenoCerto):
    """Esquece de zerar a contagem de duplicados quando chega um ACK novo."""

    def ao_confirmar(self):
        duplicados = self.duplicados
        super().ao_confirmar()
        self.duplicados = duplicados


def pode_enviar_comparando_com_a_cwnd(proximo, base, cwnd, rwnd):
    return proximo - base < min(cwnd, rwnd)  # com cwnd = 7,9, deixa ir o 8º


def pode_enviar_sem_a_janela_do_receptor(proximo, base, cwnd, rwnd):
    return proximo - base + 1 <= cwnd


def pode_enviar_contando_do_zero(proximo, base, cwnd, rwnd):
    return proximo < min(cwnd, rwnd)  # esquece a base: trava depois da primeira janela


def jain_sem_o_quadrado_da_soma(vazoes):
    return sum(vazoes) / (len(vazoes) * sum(x * x for x in vazoes))


def jain_como_media_sobre_maximo(vazoes):
    return sum(vazoes) / len(vazoes) / max(vazoes)


def jain_com_n_ao_quadrado(vazoes):
    return sum(vazoes) ** 2 / (len(vazoes) ** 2 * sum(x * x for x in vazoes))


# ----- 10: projeto final ------------------------------------------------------------------
# Um receptor e um remetente com chaves para errar de um jeito de cada vez.


def _receber_arquivo(sock, silencio=0.3, guardar_adiantados=True, so_os_novos=True,
                     ack_do_ultimo=False, sair_no_fim=False):
    from ecolab.segmento import ACK, ler, montar
    guardados, partes, esperado, fim_em, acabou = {}, [], 0, None, False
    sock.settimeout(silencio)
    while True:
        try:
            datagrama, remetente = sock.recvfrom(65_535)
        except TimeoutError:
            if acabou:
                return b"".join(partes)
            continue
        segmento = ler(datagrama)
        if segmento.fim:
            fim_em = segmento.seq
        elif not so_os_novos:
            partes.append(segmento.dados)  # entrega tudo o que chega, como chega
            esperado = max(esperado, segmento.seq + 1)
        elif segmento.seq == esperado or (guardar_adiantados and segmento.seq > esperado):
            guardados[segmento.seq] = segmento.dados
        while esperado in guardados:
            partes.append(guardados.pop(esperado))
            esperado += 1
        if fim_em is not None and fim_em == esperado:
            esperado, acabou = esperado + 1, True
        ack = segmento.seq if ack_do_ultimo and not segmento.fim else esperado
        sock.sendto(montar(ack=ack, flags=ACK), remetente)
        if acabou and sair_no_fim:
            return b"".join(partes)


def receber_entregando_tudo(sock, silencio=0.3):
    return _receber_arquivo(sock, silencio, so_os_novos=False)


def receber_descartando_os_adiantados(sock, silencio=0.3):
    return _receber_arquivo(sock, silencio, guardar_adiantados=False)


def receber_confirmando_o_ultimo(sock, silencio=0.3):
    return _receber_arquivo(sock, silencio, ack_do_ultimo=True)


def receber_saindo_no_fin(sock, silencio=0.3):
    return _receber_arquivo(sock, silencio, sair_no_fim=True)


def receber_fora_de_ordem(sock, silencio=0.3):
    """Entrega cada pacote novo na hora em que chega: os adiantados passam na frente."""
    from ecolab.segmento import ACK, ler, montar
    vistos, partes, esperado, fim_em, acabou = set(), [], 0, None, False
    sock.settimeout(silencio)
    while True:
        try:
            datagrama, remetente = sock.recvfrom(65_535)
        except TimeoutError:
            if acabou:
                return b"".join(partes)
            continue
        segmento = ler(datagrama)
        if segmento.fim:
            fim_em = segmento.seq
        elif segmento.seq >= esperado and segmento.seq not in vistos:
            vistos.add(segmento.seq)
            partes.append(segmento.dados)
        while esperado in vistos:
            esperado += 1
        if fim_em == esperado:
            esperado, acabou = esperado + 1, True
        sock.sendto(montar(ack=esperado, flags=ACK), remetente)


def receber_arquivo_certo(sock, silencio=0.3):
    return _receber_arquivo(sock, silencio)


class _Reno:
    """A janela de congestionamento do Reno, com a chave ``diminui`` para errar."""

    def __init__(self, diminui=True, inicial=1.0):
        self.cwnd, self.ssthresh, self.duplicados, self.diminui = inicial, 64.0, 0, diminui

    def ao_confirmar(self):
        self.duplicados = 0
        self.cwnd += 1 if self.cwnd < self.ssthresh else 1 / self.cwnd

    def ao_duplicado(self):
        self.duplicados += 1
        if self.duplicados == 3 and self.diminui:
            self.ssthresh = self.cwnd = max(self.cwnd / 2, 2)
        return self.duplicados == 3

    def ao_estourar(self):
        if self.diminui:
            self.ssthresh, self.cwnd = max(self.cwnd / 2, 2), 1.0


def _enviar_arquivo(sock, destino, dados, tamanho=1000, vezes_a_janela=1, diminui=True,
                    relogio=time.monotonic, tamanho_fixo=None,
                    janela_inicial=1.0, com_fin=True, janela_maxima=None):
    from ecolab.segmento import ACK, FIN, ler, montar
    tamanho = tamanho_fixo or tamanho
    pacotes = [dados[i:i + tamanho] for i in range(0, len(dados), tamanho)]
    reno, srtt, timeout = _Reno(diminui, janela_inicial), None, 1.0
    janela = lambda: max(1, min(int(reno.cwnd), janela_maxima or int(reno.cwnd)))  # noqa: E731
    registro = [(relogio(), janela())]
    base = proximo = 0
    enviado_em = {}
    while base < len(pacotes):
        while proximo < len(pacotes) and proximo - base < janela() * vezes_a_janela:
            sock.sendto(montar(seq=proximo, dados=pacotes[proximo]), destino)
            enviado_em[proximo] = time.monotonic()
            proximo += 1
        sock.settimeout(timeout)
        try:
            segmento = ler(sock.recv(65_535))
        except TimeoutError:
            reno.ao_estourar()
            proximo = base  # volta ao base, como o TCP depois de um estouro
            enviado_em.clear()
        else:
            if segmento.flags & ACK and segmento.ack > base:
                if segmento.ack - 1 in enviado_em:
                    amostra = time.monotonic() - enviado_em[segmento.ack - 1]
                    srtt = amostra if srtt is None else 0.875 * srtt + 0.125 * amostra
                    timeout = max(0.2, 2 * srtt)
                base, proximo = segmento.ack, max(proximo, segmento.ack)
                reno.ao_confirmar()
            elif segmento.flags & ACK and segmento.ack == base and reno.ao_duplicado():
                sock.sendto(montar(seq=base, dados=pacotes[base]), destino)
                enviado_em.pop(base, None)
        if janela() != registro[-1][1]:
            registro.append((relogio(), janela()))
    if not com_fin:
        sock.settimeout(None)
        while True:  # espera uma confirmação que não vem: nunca termina
            sock.recv(65_535)
    for _ in range(10):
        sock.sendto(montar(seq=len(pacotes), flags=FIN), destino)
        sock.settimeout(0.3)
        try:
            if ler(sock.recv(65_535)).ack == len(pacotes) + 1:
                break
        except TimeoutError:
            pass
    return registro


def enviar_arquivo_certo(sock, destino, dados, tamanho=1000):
    return _enviar_arquivo(sock, destino, dados, tamanho)


def enviar_estourando_a_janela(sock, destino, dados, tamanho=1000):
    return _enviar_arquivo(sock, destino, dados, tamanho, vezes_a_janela=2)


def enviar_sem_fin(sock, destino, dados, tamanho=1000):
    return _enviar_arquivo(sock, destino, dados, tamanho, com_fin=False)


def enviar_com_time_time(sock, destino, dados, tamanho=1000):
    return _enviar_arquivo(sock, destino, dados, tamanho, relogio=time.time)


def enviar_pacotes_de_mil_bytes(sock, destino, dados, tamanho=1000):
    return _enviar_arquivo(sock, destino, dados, tamanho, tamanho_fixo=1000)


def enviar_sem_partida_lenta(sock, destino, dados, tamanho=1000):
    return _enviar_arquivo(sock, destino, dados, tamanho, janela_inicial=16.0)


def enviar_com_cwnd_que_nunca_diminui(sock, destino, dados, tamanho=1000):
    # Sem diminuir, a janela cresceria até afogar o gargalo; o teto de 24 (como uma janela
    # do receptor) a deixa terminar depressa, e só a conferência da janela que diminui falha.
    return _enviar_arquivo(sock, destino, dados, tamanho, diminui=False, janela_maxima=24)



# ----- o mapa: exercício -> [(nome do caso, respostas, trecho da dica)] ---------------
# As respostas que travam (laço sem fim, accept ou recvfrom sem fim) ficam em TRAVAM:
# o teste delas também confere que nada ficou aberto depois.

TRAVAM = [
    ("tcp_eco_maiusculas", "laço sem fim", responder_em_laco_sem_fim, "laço que nunca termina"),
    ("tcp_contar_clientes", "accept para sempre", atender_para_sempre,
     "sem esperar outro accept"),
    ("udp_perguntar", "recvfrom sem timeout", perguntar_udp_sem_timeout,
     "settimeout(timeout) antes de recvfrom"),
    ("tcp_threads_com_limite", "laço de accept que gira", servir_sem_parar,
     "capture-o e termine"),
    ("tcp_perguntar_e_fechar", "sem meio-fechar", perguntar_sem_meio_fechar,
     "chame sock.shutdown(socket.SHUT_WR)"),
    ("projeto_remetente", "nunca termina", enviar_sem_fin, "envie o FIN até ele ser confirmado"),
]

ERRADAS = {
    "tcp_eco_maiusculas": [
        ("só a primeira maiúscula", [responder_so_a_primeira_maiuscula], "maiúsculas"),
        ("sem return", [responder_sem_return], "sem return, ela devolve None"),
    ],
    "tcp_contar_clientes": [
        ("não fecha a conexão", [atender_sem_fechar], "conexao.close()"),
        ("não conta", [atender_sem_contar], "aumenta 1 a cada cliente"),
        ("envia str", [atender_enviando_texto], "texto.encode('utf-8')"),
    ],
    "tcp_perguntar": [
        ("um recv só", [perguntar_com_um_recv], "repita recv até chegar o \\n"),
        ("sem timeout", [perguntar_sem_timeout], "settimeout(timeout)"),
        ("engole o TimeoutError", [perguntar_engolindo_o_tempo_esgotado],
         "deixe o TimeoutError subir"),
    ],
    "tcp_numeros_iniciais": [
        ("os dois primeiros da lista", [isns_dos_dois_primeiros], "escolha pelas flags"),
        ("relativos", [isns_relativos], "números relativos"),
        ("trocados", [isns_trocados], "a ordem é (do cliente, do servidor)"),
    ],
    "tcp_bytes_confirmados": [
        ("sem descontar o SYN", [confirmados_sem_descontar_o_syn], "os dados começam no ISN + 1"),
        ("conta o FIN como dado", [confirmados_contando_o_fin], "confirma o FIN do outro lado"),
        ("a carga do próprio segmento", [confirmados_pela_carga_do_segmento],
         "não é a carga deste segmento"),
        ("sem a volta dos 32 bits", [confirmados_sem_a_volta], "dão a volta em 2**32"),
    ],
    "tcp_quem_fechou_primeiro": [
        ("sempre o cliente", [sempre_o_cliente_fecha], "o primeiro FIN da lista"),
        ("o último FIN", [fechou_quem_mandou_o_ultimo_fin], "o primeiro FIN da lista"),
        ("flags iguais a FIN", [fechou_com_flags_iguais_a_fin], "o primeiro FIN da lista"),
    ],
    "udp_eco_cru": [
        ("responde ao primeiro cliente", [eco_para_o_primeiro_cliente],
         "o endereço que recvfrom devolveu"),
        ("devolve bytes", [eco_devolvendo_bytes], "decodifique os bytes"),
    ],
    "udp_recusados": [
        ("o de logo antes do ICMP", [recusado_e_o_de_logo_antes_do_icmp], "o último datagrama antes"),
        ("os sem resposta", [recusados_sao_os_sem_resposta], "silêncio não é recusa"),
        ("em bytes", [recusados_em_bytes], "decodifique os dados"),
        ("o primeiro com o destino citado", [recusado_e_o_primeiro_com_o_destino_citado],
         "o último datagrama antes"),
    ],
    "udp_perguntar": [
        ("não captura o TimeoutError", [perguntar_udp_sem_capturar], "devolva None"),
        ("não fecha o socket", [perguntar_udp_sem_fechar], "feche o socket"),
    ],
    "udp_enviar_com_tentativas": [
        ("uma tentativa só", [tentar_uma_vez], "envie de novo"),
        ("tenta para sempre", [tentar_para_sempre], "pare depois de tentativas envios"),
        ("uma tentativa a mais", [tentar_uma_vez_a_mais], "o número de envios"),
    ],
    "udp_resposta_deste_pedido": [
        ("aceita qualquer resposta", [perguntar_aceitando_qualquer_resposta],
         "ignore a resposta e leia de novo"),
        ("casa pelo texto", [perguntar_casando_pelo_texto], "com o mesmo texto"),
        ("compara só o começo do número", [perguntar_comparando_o_comeco],
         "\"12|...\" também começa com \"1\""),
        ("recomeça o timeout", [perguntar_recomecando_o_timeout], "não pode recomeçar"),
        ("devolve com o número", [perguntar_devolvendo_com_o_numero], "sem o número"),
        ("levanta TimeoutError", [perguntar_levantando_o_tempo_esgotado], "devolva None"),
        ("fecha o socket", [perguntar_fechando_o_socket], "não feche o socket"),
    ],
    "aproveitamento_do_fio": [
        ("só os pacotes com dados", [aproveitamento_so_dos_pacotes_com_dados],
         "conte também os pacotes sem dados"),
        ("todos os protocolos", [aproveitamento_de_todos_os_protocolos], "use só os pacotes"),
        ("em porcentagem", [aproveitamento_em_porcentagem], "não uma porcentagem"),
        ("a fração de cabeçalhos", [fracao_de_cabecalhos], "não a de cabeçalhos"),
    ],
    "tcp_leitor_de_linhas": [
        ("decodifica cada pedaço", [LeitorQueDecodificaCadaPedaco], "partido"),
        ("um recv por linha", [LeitorDeUmRecvPorLinha], "guarde o que sobrou"),
    ],
    "tcp_prefixo_de_tamanho": [
        ("tamanho em letras", [enviar_com_tamanho_em_letras, receber_certo], "bytes em UTF-8"),
        ("ordem errada", [enviar_com_ordem_errada, receber_certo], "ordem de rede"),
        ("confia no recv(4)", [enviar_certo, receber_confiando_no_recv],
         "recv(n) pode devolver menos de n bytes"),
    ],
    "tcp_threads_com_limite": [
        ("um de cada vez", [servir_um_de_cada_vez], "inicie uma thread para cada conexão"),
        ("sem limite", [servir_sem_limite], "conte quantos clientes estão sendo atendidos"),
        ("não devolve a vaga", [servir_sem_devolver_a_vaga], "subtraia 1 num finally"),
        ("não fecha a recusada", [servir_sem_fechar_a_recusada], "feche a conexão"),
    ],
    "tcp_eco_sem_bloquear": [
        ("preso num cliente", [eco_preso_num_cliente], "não fique preso no recv"),
        ("sendall no laço", [eco_com_sendall], "espera o Zé para sempre"),
        ("perde o que não coube", [eco_perdendo_o_que_nao_coube], "nenhum byte pode se perder"),
        ("com threads", [eco_com_threads], "não é preciso criar threads"),
        ("não fecha no fim", [eco_sem_fechar_no_fim], "feche cada conexão"),
        ("pede EVENT_WRITE sempre", [eco_pedindo_escrita_sempre],
         "peça EVENT_WRITE só enquanto"),
    ],
    "tcp_bate_papo": [
        ("eco para quem enviou", [bate_papo_com_eco_para_quem_enviou], "menos a conexão"),
        ("repassa pedaços", [bate_papo_repassando_pedacos], "só encaminhe linhas completas"),
        ("sendall no laço", [bate_papo_com_sendall], "espera o Zé para sempre"),
    ],
    "udp_pinger": [
        ("sem timeout", [pingar_sem_timeout], "settimeout(timeout)"),
        ("para na primeira perda", [pingar_parando_na_primeira_perda], "inclusive os perdidos"),
        ("em milissegundos", [pingar_em_milissegundos], "já está em segundos"),
        ("conta a resposta velha", [pingar_sem_casar_as_respostas], "resposta velha"),
    ],
    "udp_estatisticas_do_ping": [
        ("em segundos", [estatisticas_em_segundos], "multiplique por 1000"),
        ("divide por zero", [estatisticas_com_divisao_por_zero], "lista vazia"),
    ],
    "udp_receptor_confiavel": [
        ("entrega repetidas", [receber_entregando_repetidas], "uma vez"),
        ("não confirma repetidas", [receber_sem_confirmar_repetidas], "inclusive os repetidos"),
        ("sai no fim", [receber_saindo_no_fim], "continue confirmando"),
    ],
    "udp_remetente_confiavel": [
        ("aceita qualquer confirmação", [enviar_aceitando_qualquer_confirmacao],
         "só A|seq da mensagem atual"),
        ("não retransmite", [enviar_sem_retransmitir], "envie a mesma mensagem de novo"),
        ("não desiste", [enviar_sem_desistir], "limite as tentativas"),
    ],
    "utilizacao_do_remetente": [
        ("L em bytes como se fosse bits", [utilizacao_sem_os_bits], "L/R = L * 8 / R"),
        ("sem o teto de 100%", [utilizacao_sem_o_teto], "devolva min(1, ...)"),
        ("só o RTT no denominador", [utilizacao_so_pelo_rtt], "que é RTT + L/R"),
    ],
    "gbn_remetente": [
        ("reenvia só o perdido", [enviar_gbn_reenviando_so_o_perdido],
         "não só o pacote perdido"),
        ("um de cada vez", [enviar_gbn_um_de_cada_vez], "sem esperar confirmação"),
        ("um além da janela", [enviar_gbn_com_um_a_mais], "se proximo < base + janela"),
    ],
    "sr_receptor": [
        ("entrega fora de ordem", [receber_sr_entregando_fora_de_ordem],
         "não entregue o que chega fora de ordem"),
        ("ACK cumulativo", [receber_sr_com_ack_cumulativo], "cada pacote é confirmado sozinho"),
        ("não confirma os já entregues", [receber_sr_sem_confirmar_os_ja_entregues],
         "inclusive os repetidos e os já entregues"),
    ],
    "estimador_de_rtt": [
        ("na ordem do livro", [EstimadorNaOrdemDoLivro], "Kurose escreve na ordem contrária"),
        ("sem o mínimo", [EstimadorSemMinimo], "confira também o mínimo"),
        ("RTTVAR inicial errado", [EstimadorComVariacaoInicialErrada], "rttvar = rtt / 2"),
        ("inicial fixo", [EstimadorComInicialFixo], "use o argumento inicial"),
    ],
    "regra_de_karn": [
        ("mede do último envio", [amostra_do_ultimo_envio], "devolva None"),
        ("mede do primeiro envio", [amostra_do_primeiro_envio], "não use nenhum dos dois"),
    ],
    "tcp_servidor_que_reinicia": [
        ("sem SO_REUSEADDR", [abrir_sem_reuseaddr], "ligue SO_REUSEADDR antes do bind"),
        ("com SO_REUSEPORT", [abrir_com_reuseport], "não use SO_REUSEPORT"),
        ("sem listen", [abrir_sem_listen], "chame listen()"),
    ],
    "tcp_ler_ate_o_fim": [
        ("um recv só", [atender_com_um_recv], "o primeiro recv não é a mensagem inteira"),
        ("não fecha a conexão", [atender_sem_fechar_a_conexao], "feche a conexão depois"),
        ("decodifica cada pedaço", [atender_decodificando_cada_pedaco], "partido em dois recv"),
    ],
    "tcp_perguntar_e_fechar": [
        ("um recv depois do meio-fechamento",
         [perguntar_com_um_recv_depois_do_meio_fechamento], "repita recv até ele devolver"),
        ("não fecha o socket", [perguntar_sem_fechar_o_socket],
         "continua ocupando um descritor do programa"),
    ],
    "tcp_enviar_tudo": [
        ("ignora a contagem de send", [enviar_ignorando_a_contagem],
         "send devolve quantos bytes foram"),
        ("não espera espaço", [enviar_sem_esperar_espaco], "capture-o, espere com select"),
        ("repete do começo", [enviar_repetindo_do_comeco], "mandar dados inteiro de novo"),
    ],
    "udp_contar_perdidos": [
        ("supõe que nada se perde", [contar_supondo_que_nada_se_perde], "não espere por todos"),
        ("devolve lista vazia", [contar_devolvendo_lista_vazia], "datagramas se perdem"),
        ("deixa o TimeoutError subir", [contar_deixando_o_timeout_subir],
         "capture-o (try/except TimeoutError)"),
    ],
    "projeto_receptor": [
        ("entrega tudo o que chega", [receber_entregando_tudo], "cada pacote uma vez"),
        ("entrega fora de ordem", [receber_fora_de_ordem], "na ordem do seq"),
        ("descarta os adiantados", [receber_descartando_os_adiantados],
         "guarde os pacotes adiantados"),
        ("confirma o último recebido", [receber_confirmando_o_ultimo],
         "esperado é o próximo pacote que falta"),
        ("sai no FIN", [receber_saindo_no_fin], "continue confirmando depois do FIN"),
    ],
    "projeto_remetente": [
        ("estoura a janela", [enviar_estourando_a_janela], "só enquanto proximo - base < janela"),
        ("tempos de time.time()", [enviar_com_time_time], "use time.monotonic()"),
        ("pacotes de 1.000 bytes", [enviar_pacotes_de_mil_bytes], "dados[i:i + tamanho]"),
        ("sem partida lenta", [enviar_sem_partida_lenta], "comece com cwnd = 1"),
    ],
    "projeto_transporte": [
        ("cwnd que nunca diminui", [enviar_com_cwnd_que_nunca_diminui, receber_arquivo_certo],
         "ao_duplicado() corta a cwnd pela metade"),
        ("estoura a janela", [enviar_estourando_a_janela, receber_arquivo_certo],
         "só enquanto proximo - base < janela"),
        ("receptor fora de ordem", [enviar_arquivo_certo, receber_fora_de_ordem],
         "confira as duas metades sozinhas"),
    ],
    "tcp_pedido_sem_trava": [
        ("escreve-escreve-lê", [pedir_escreve_escreve_le], "ligue TCP_NODELAY"),
        ("devolve com o \\n", [pedir_com_o_n_no_fim], "sem o \\n"),
    ],
    "reno_janela_de_congestionamento": [
        ("cwnd que nunca diminui", [RenoQueNuncaDiminui], "cwnd = ssthresh + 3"),
        ("timeout que não volta a 1", [RenoComTimeoutNaMetade], "cwnd = 1 (não a metade"),
        ("sem retransmissão rápida", [RenoSemRetransmissaoRapida], "a função devolve True"),
        ("sem recuperação rápida", [RenoSemRecuperacaoRapida], "cada duplicado a mais"),
        ("ssthresh arredondado", [RenoQueArredonda],
         "recebido: 'depois de 20 ACKs novos, 1 timeout: cwnd = 1, ssthresh = 10' "
         "dica: no timeout, ssthresh = max(cwnd / 2, 2), sem arredondar"),
        ("ACK novo não zera os duplicados", [RenoQueNaoZeraOsDuplicados],
         "um ACK novo zera os duplicados"),
    ],
    "reno_pode_enviar": [
        ("compara os em voo com a cwnd", [pode_enviar_comparando_com_a_cwnd], "cabem 7"),
        ("sem a janela do receptor", [pode_enviar_sem_a_janela_do_receptor], "min(cwnd, rwnd)"),
        ("esquece a base", [pode_enviar_contando_do_zero], "não há nada em voo"),
    ],
    "jain_divisao_justa": [
        ("sem o quadrado da soma", [jain_sem_o_quadrado_da_soma], "(soma das vazões)²"),
        ("média sobre o máximo", [jain_como_media_sobre_maximo], "(soma das vazões)²"),
        ("n ao quadrado", [jain_com_n_ao_quadrado], "n × soma dos quadrados"),
    ],
}
