"""Mede o desempenho do ecolab lado a lado com sockets puros, socketserver e asyncio.

Uso (da raiz do projeto)::

    python benchmarks/desempenho.py                  # tudo, em menos de 2 minutos
    python benchmarks/desempenho.py --sem-notebooks  # sem a parte 4
    python benchmarks/desempenho.py --rapido         # ensaio curto (usado nos testes)

Quatro medidas, na mesma execução, para que as razões comparem coisas medidas
nas mesmas condições:

1. **Ida e volta** de uma mensagem de 32 bytes, cliente e servidor no mesmo
   processo (o servidor numa thread de fundo, como num notebook), TCP e UDP:
   ecolab x ``socket`` puro (a referência) x ``socketserver`` x ``asyncio``;
   no TCP, também o socket puro com as camadas do ecolab acrescentadas uma a
   uma (linhas e texto; registro), para ver quanto custa cada uma. Tudo fica
   preso a um núcleo da CPU: acordar uma thread no outro núcleo custa mais que
   a própria ida e volta e esconderia as diferenças.
2. **Concorrência**: 10, 100, 500 e 1 000 clientes TCP ao mesmo tempo, 100
   mensagens cada um, com os clientes em outro processo.
3. **Iniciar e parar**: iniciar um servidor, trocar uma mensagem, parar e
   ocupar de novo a mesma porta.
4. **Notebooks**: quanto tempo cada notebook de ``notebooks/`` leva para rodar.

Só usa a interface de loopback (127.0.0.1), e todo servidor iniciado é parado.
Todos os servidores respondem a mesma coisa que o ecolab ("Resposta do
servidor: " + mensagem), para que o trabalho seja igual.
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import select
import selectors
import shutil
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import ecolab
from ecolab.tcp import ler_linhas

HOST = "127.0.0.1"
PREFIXO = b"Resposta do servidor: "
TEXTO = "ida e volta de 32 bytes: ecolab"  # 31 caracteres; o TCP acrescenta "\n"
DADOS_TCP = TEXTO.encode() + b"\n"  # 32 bytes
DADOS_UDP = TEXTO.encode() + b"!"  # 32 bytes
FILA = 1024  # backlog de listen para os servidores de comparação
PASTA_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


# ----- números e tabelas em português ------------------------------------


def num(valor, casas=1):
    """Formata ``1234.5`` como ``1.234,5`` (separadores do português)."""
    texto = f"{valor:,.{casas}f}"
    return texto.replace(",", "_").replace(".", ",").replace("_", ".")


def imprimir_tabela(cabecalho, linhas, alinhamento=None):
    """Imprime uma tabela alinhada; por padrão, primeira coluna à esquerda, o resto à direita.

    ``alinhamento`` tem um caractere por coluna: ``<`` (esquerda) ou ``>`` (direita).
    """
    alinhamento = alinhamento or "<" + ">" * (len(cabecalho) - 1)
    colunas = list(zip(cabecalho, *linhas))
    larguras = [max(len(str(celula)) for celula in coluna) for coluna in colunas]
    for linha in [cabecalho, *linhas]:
        celulas = [
            f"{str(celula):{lado}{largura}}"
            for celula, lado, largura in zip(linha, alinhamento, larguras)
        ]
        print("  " + "  ".join(celulas).rstrip())
    print()


def titulo(texto):
    print(f"\n{texto}\n{'=' * len(texto)}")


# ----- a máquina -----------------------------------------------------------


def modelo_da_cpu():
    try:
        for linha in Path("/proc/cpuinfo").read_text().splitlines():
            if linha.startswith("model name"):
                return linha.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "desconhecido"


def descrever_maquina():
    return (
        f"CPU: {modelo_da_cpu()}, {os.cpu_count()} núcleos; "
        f"Python {platform.python_version()} ({platform.python_implementation()}); "
        f"kernel {platform.system()} {platform.release()}"
    )


def carga_do_sistema():
    """A carga média (1, 5 e 15 minutos): quanto maior, mais ruidosas as medidas."""
    if not hasattr(os, "getloadavg"):
        return "carga do sistema: desconhecida"
    return "carga do sistema (1, 5, 15 min): " + " / ".join(num(c, 2) for c in os.getloadavg())


def aumentar_limite_de_arquivos():
    """Sobe o limite de arquivos abertos até o máximo: 1 000 clientes usam > 2 000."""
    try:
        import resource
    except ImportError:  # Windows
        return
    atual, maximo = resource.getrlimit(resource.RLIMIT_NOFILE)
    alvo = maximo if maximo != resource.RLIM_INFINITY else max(atual, 65_536)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (alvo, maximo))


def estado_do_processo():
    """(threads, memória RSS em bytes) deste processo, lidos de /proc (Linux)."""
    try:
        with open("/proc/self/status", "rb") as arquivo:
            campos = dict(linha.split(b":", 1) for linha in arquivo)
        return int(campos[b"Threads"]), int(campos[b"VmRSS"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return threading.active_count(), 0


# ----- servidores de comparação: socketserver ------------------------------


class _EcoDeLinhas(socketserver.StreamRequestHandler):
    def handle(self):
        for linha in self.rfile:
            self.wfile.write(PREFIXO + linha)


class _EcoDeDatagramas(socketserver.BaseRequestHandler):
    def handle(self):
        dados, sock = self.request
        sock.sendto(PREFIXO + dados, self.client_address)


class _ThreadingTCP(socketserver.ThreadingTCPServer):
    allow_reuse_address = True  # como http.server faz, para poder reabrir a porta
    daemon_threads = True
    request_queue_size = FILA  # o padrão (5) perde conexões numa rajada


class ServidorSocketserver:
    """``ThreadingTCPServer`` ou ``ThreadingUDPServer`` com iniciar/parar do ecolab."""

    def __init__(self, protocolo, porta=0, intervalo=0.5):
        self.protocolo, self._porta, self.intervalo = protocolo, porta, intervalo

    def iniciar(self):
        if self.protocolo == "TCP":
            self._servidor = _ThreadingTCP((HOST, self._porta), _EcoDeLinhas)
        else:
            self._servidor = socketserver.ThreadingUDPServer(
                (HOST, self._porta), _EcoDeDatagramas
            )
        self.porta = self._servidor.server_address[1]
        self._thread = threading.Thread(
            target=self._servidor.serve_forever, args=(self.intervalo,), daemon=True
        )
        self._thread.start()
        return self

    def parar(self):
        self._servidor.shutdown()  # espera o próximo "poll" (intervalo)
        self._servidor.server_close()
        self._thread.join()


# ----- servidores de comparação: asyncio ------------------------------------


class _EcoAsyncioUDP(asyncio.DatagramProtocol):
    def connection_made(self, transporte):
        self.transporte = transporte

    def datagram_received(self, dados, endereco):
        self.transporte.sendto(PREFIXO + dados, endereco)


async def _eco_asyncio_tcp(leitor, escritor):
    try:
        while linha := await leitor.readline():
            escritor.write(PREFIXO + linha)
            await escritor.drain()
    except ConnectionError:
        pass
    finally:
        escritor.close()


class ServidorAsyncio:
    """Servidor de eco com asyncio, num laço de eventos próprio numa thread de fundo."""

    def __init__(self, protocolo, porta=0):
        self.protocolo, self._porta = protocolo, porta

    def iniciar(self):
        self._laco = asyncio.new_event_loop()
        self._servidor = self._laco.run_until_complete(self._abrir())
        self._thread = threading.Thread(target=self._laco.run_forever, daemon=True)
        self._thread.start()
        return self

    async def _abrir(self):
        if self.protocolo == "TCP":
            servidor = await asyncio.start_server(
                _eco_asyncio_tcp, HOST, self._porta, backlog=FILA
            )
            self.porta = servidor.sockets[0].getsockname()[1]
            return servidor
        transporte, _ = await asyncio.get_running_loop().create_datagram_endpoint(
            _EcoAsyncioUDP, local_addr=(HOST, self._porta)
        )
        self.porta = transporte.get_extra_info("sockname")[1]
        return transporte

    def parar(self):
        asyncio.run_coroutine_threadsafe(self._fechar(), self._laco).result(5)
        self._laco.call_soon_threadsafe(self._laco.stop)
        self._thread.join()
        self._laco.close()

    async def _fechar(self):
        """Fecha a porta e dá às conversas em andamento um instante para terminar."""
        self._servidor.close()
        conversas = asyncio.all_tasks() - {asyncio.current_task()}
        if conversas:
            _, pendentes = await asyncio.wait(conversas, timeout=1.0)
            for conversa in pendentes:
                conversa.cancel()


# ----- servidores de referência: socket puro --------------------------------


class ServidorPuroTCP:
    """O pingue-pongue mais simples: aceita uma conexão, ``recv`` -> ``sendall``.

    Sem enquadramento por linhas: em loopback cada mensagem curta chega num só
    ``recv``. É o limite de velocidade de um servidor em Python puro.
    """

    def iniciar(self):
        self._sock = socket.create_server((HOST, 0))
        self.porta = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._atender, daemon=True)
        self._thread.start()
        return self

    def _atender(self):
        conexao, _ = self._sock.accept()
        with conexao:
            while dados := conexao.recv(65_536):
                conexao.sendall(PREFIXO + dados)

    def parar(self):
        self._thread.join(5)  # termina quando o cliente fecha a conexão
        self._sock.close()


class ServidorPuroUDP:
    """``recvfrom`` -> ``sendto``; um datagrama vazio manda parar."""

    def iniciar(self):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind((HOST, 0))
        self.porta = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._atender, daemon=True)
        self._thread.start()
        return self

    def _atender(self):
        while True:
            dados, endereco = self._sock.recvfrom(65_535)
            if not dados:
                return
            self._sock.sendto(PREFIXO + dados, endereco)

    def parar(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(b"", (HOST, self.porta))
        self._thread.join(5)
        self._sock.close()


class ServidorDeLinhasTCP(ServidorPuroTCP):
    """O mínimo de um servidor de linhas de texto: enquadrar, decodificar, codificar.

    Com um ``registro``, anota também "recebeu" e "respondeu", como o ecolab.
    Entre este servidor e o ``ServidorTCP`` sobram só as conferências do ecolab
    (mensagem vazia, grande demais, resposta com quebra de linha, erros do
    ``responder``): a tabela da parte 1 mostra quanto custa cada camada.
    """

    def __init__(self, registro=None):
        self.registro = registro

    def _atender(self):
        conexao, endereco = self._sock.accept()
        with conexao:
            for linha in ler_linhas(conexao):
                mensagem = linha.decode()
                if self.registro:
                    self.registro.anotar("recebeu", endereco, mensagem)
                resposta = "Resposta do servidor: " + mensagem
                if self.registro:
                    self.registro.anotar("respondeu", endereco, resposta)
                conexao.sendall(resposta.encode() + b"\n")


# ----- clientes de socket puro ------------------------------------------------


@contextlib.contextmanager
def cliente_puro_tcp(porta):
    """Uma função de ida e volta TCP com ``socket`` bloqueante, sem nada em volta."""
    with socket.create_connection((HOST, porta)) as sock:

        def ida_e_volta():
            sock.sendall(DADOS_TCP)
            resposta = sock.recv(65_536)
            while not resposta.endswith(b"\n"):
                resposta += sock.recv(65_536)
            return resposta

        yield ida_e_volta


@contextlib.contextmanager
def cliente_de_linhas_tcp(porta, registro=None):
    """Como :func:`cliente_puro_tcp`, mas com texto e linhas (e talvez registro)."""
    endereco = (HOST, porta)
    with socket.create_connection(endereco) as sock:
        linhas = ler_linhas(sock)

        def ida_e_volta():
            sock.sendall((TEXTO + "\n").encode())
            if registro:
                registro.anotar("enviou", endereco, TEXTO)
            resposta = next(linhas).decode()
            if registro:
                registro.anotar("recebeu", endereco, resposta)
            return resposta

        yield ida_e_volta


@contextlib.contextmanager
def cliente_puro_udp(porta):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        destino = (HOST, porta)

        def ida_e_volta():
            sock.sendto(DADOS_UDP, destino)
            return sock.recvfrom(65_535)[0]

        yield ida_e_volta


@contextlib.contextmanager
def rodando(servidor):
    servidor.iniciar()
    try:
        yield servidor
    finally:
        servidor.parar()


@contextlib.contextmanager
def par(protocolo, tipo):
    """Inicia o servidor ``tipo`` e devolve (função de ida e volta, resposta esperada)."""
    if tipo == "ecolab":
        classes = {
            "TCP": (ecolab.ServidorTCP, ecolab.ClienteTCP),
            "UDP": (ecolab.ServidorUDP, ecolab.ClienteUDP),
        }
        Servidor, Cliente = classes[protocolo]
        texto = TEXTO if protocolo == "TCP" else DADOS_UDP.decode()
        with Servidor() as servidor, Cliente(porta=servidor.porta) as cliente:

            def ida_e_volta():
                return cliente.enviar(texto)

            yield ida_e_volta, "Resposta do servidor: " + texto
        return
    if tipo in ("+ linhas e texto", "+ registro"):
        com_registro = tipo == "+ registro"  # um registro no servidor e outro no cliente
        servidor = ServidorDeLinhasTCP(ecolab.Registro() if com_registro else None)
        with rodando(servidor):
            registro = ecolab.Registro() if com_registro else None
            with cliente_de_linhas_tcp(servidor.porta, registro) as ida_e_volta:
                yield ida_e_volta, "Resposta do servidor: " + TEXTO
        return
    servidores = {
        "socket puro": lambda: ServidorPuroTCP() if protocolo == "TCP" else ServidorPuroUDP(),
        "socketserver": lambda: ServidorSocketserver(protocolo, intervalo=0.05),
        "asyncio": lambda: ServidorAsyncio(protocolo),
    }
    cliente = cliente_puro_tcp if protocolo == "TCP" else cliente_puro_udp
    dados = DADOS_TCP if protocolo == "TCP" else DADOS_UDP
    with rodando(servidores[tipo]()) as servidor, cliente(servidor.porta) as ida_e_volta:
        yield ida_e_volta, PREFIXO + dados


# ----- 1. ida e volta ----------------------------------------------------------

# "+ linhas e texto" e "+ registro" são o socket puro com as camadas do ecolab
# acrescentadas uma a uma (só TCP): mostram o piso do que o ecolab pode custar.
TIPOS = {
    "TCP": ["socket puro", "+ linhas e texto", "+ registro", "ecolab", "socketserver", "asyncio"],
    "UDP": ["socket puro", "ecolab", "socketserver", "asyncio"],
}


def fixar_num_nucleo(nucleo):
    """Prende esta thread (e as que ela criar depois) a um núcleo; devolve o conjunto anterior."""
    if not hasattr(os, "sched_setaffinity"):
        print("Não foi possível fixar a CPU neste sistema: as medidas ficam mais ruidosas.")
        return None
    anterior = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {nucleo})
    print(
        f"Cliente e servidores presos ao núcleo {nucleo} da CPU "
        f"(os.sched_setaffinity, como taskset -c {nucleo})."
    )
    return anterior


def medir_idas_e_voltas(protocolo, total, tamanho_lote):
    """Mediana, em segundos, de uma ida e volta para cada tipo de servidor.

    Os lotes dos vários tipos se alternam (um lote de cada, de novo e de novo):
    se outro programa atrapalhar por um instante, atrapalha todos por igual.
    """
    lotes = max(1, total // tamanho_lote)
    tempos = {tipo: [] for tipo in TIPOS[protocolo]}
    with contextlib.ExitStack() as pilha:
        funcoes = {}
        for tipo in TIPOS[protocolo]:
            ida_e_volta, esperada = pilha.enter_context(par(protocolo, tipo))
            for _ in range(200):  # aquecimento
                resposta = ida_e_volta()
            if resposta != esperada:
                raise RuntimeError(f"{tipo} {protocolo} respondeu {resposta!r}")
            funcoes[tipo] = ida_e_volta
        for _ in range(lotes):
            for tipo, ida_e_volta in funcoes.items():
                inicio = time.perf_counter()
                for _ in range(tamanho_lote):
                    ida_e_volta()
                tempos[tipo].append((time.perf_counter() - inicio) / tamanho_lote)
    return {tipo: statistics.median(valores) for tipo, valores in tempos.items()}, lotes


def secao_ida_e_volta(total, nucleo):
    titulo("1. Ida e volta de uma mensagem de 32 bytes (cliente e servidor no mesmo processo)")
    tamanho_lote = 500 if total >= 5000 else 50
    anterior = fixar_num_nucleo(nucleo)
    try:
        resultados = {}
        for protocolo in ("TCP", "UDP"):
            resultados[protocolo], lotes = medir_idas_e_voltas(protocolo, total, tamanho_lote)
    finally:
        if anterior is not None:
            os.sched_setaffinity(0, anterior)
    tamanho = total // lotes
    print(f"{lotes} lotes de {tamanho} idas e voltas por servidor, alternados; mediana dos lotes.")
    print("+ linhas e texto / + registro: o socket puro com as camadas do ecolab, uma a uma.\n")
    linhas = []
    for protocolo, medianas in resultados.items():
        referencia = medianas["socket puro"]
        for tipo in TIPOS[protocolo]:
            mediana = medianas[tipo]
            linhas.append(
                [f"{protocolo} {tipo}", num(mediana * 1e6, 2), num(mediana / referencia, 2) + "×"]
            )
    imprimir_tabela(["servidor", "mediana (µs)", "÷ socket puro"], linhas)
    return resultados


# ----- 2. concorrência -----------------------------------------------------------


def mensagem_de_carga(cliente, numero):
    """A linha de ``numero`` do ``cliente``: 32 bytes, diferente para cada um."""
    return f"cliente {cliente:04d} mensagem {numero:03d}".ljust(31, ".").encode() + b"\n"


class _Conexao:
    def __init__(self, indice, sock):
        self.indice, self.sock = indice, sock
        self.enviadas, self.recebidas, self.pendente = 0, 0, b""


def gerar_carga(porta, clientes, mensagens, prazo):
    """Abre ``clientes`` conexões de uma vez; cada uma troca ``mensagens`` linhas.

    Um laço só, com ``selectors`` e sockets não bloqueantes, para que mil
    clientes não precisem de mil threads (e o cliente não seja o gargalo).
    Devolve os números da rodada num dicionário.
    """
    seletor = selectors.DefaultSelector()
    erros, corrompidas, ativas = 0, 0, 0
    conexoes = []
    inicio = time.perf_counter()
    for indice in range(clientes):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex((HOST, porta))  # EINPROGRESS: termina em segundo plano
        conexao = _Conexao(indice, sock)
        conexoes.append(conexao)
        seletor.register(sock, selectors.EVENT_WRITE, conexao)
        ativas += 1
    limite = inicio + prazo
    while ativas and time.perf_counter() < limite:
        for chave, evento in seletor.select(timeout=1.0):
            conexao = chave.data
            try:
                if evento & selectors.EVENT_WRITE:  # conectou (ou falhou)
                    falha = conexao.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if falha:
                        raise OSError(falha, os.strerror(falha))
                    seletor.modify(conexao.sock, selectors.EVENT_READ, conexao)
                    conexao.sock.send(mensagem_de_carga(conexao.indice, 0))
                    conexao.enviadas = 1
                    continue
                dados = conexao.sock.recv(65_536)
                if not dados:
                    raise ConnectionError("o servidor fechou a conexão")
                linhas = (conexao.pendente + dados).split(b"\n")
                conexao.pendente = linhas.pop()
                for linha in linhas:
                    esperada = PREFIXO + mensagem_de_carga(conexao.indice, conexao.recebidas)[:-1]
                    corrompidas += linha != esperada
                    conexao.recebidas += 1
                if conexao.recebidas == mensagens:
                    seletor.unregister(conexao.sock)
                    conexao.sock.close()
                    ativas -= 1
                elif conexao.enviadas == conexao.recebidas:
                    conexao.sock.send(mensagem_de_carga(conexao.indice, conexao.enviadas))
                    conexao.enviadas += 1
            except OSError:
                erros += 1
                seletor.unregister(conexao.sock)
                conexao.sock.close()
                ativas -= 1
    tempo = time.perf_counter() - inicio
    for conexao in conexoes:
        conexao.sock.close()
    seletor.close()
    recebidas = sum(c.recebidas for c in conexoes)
    return {
        "tempo": tempo,
        "certas": recebidas - corrompidas,
        "corrompidas": corrompidas,
        "perdidas": clientes * mensagens - recebidas,
        "erros": erros,
    }


def processo_de_carga():
    """O outro processo: lê pedidos (JSON, um por linha) e devolve os resultados."""
    aumentar_limite_de_arquivos()
    for linha in sys.stdin:
        pedido = json.loads(linha)
        print(json.dumps(gerar_carga(**pedido)), flush=True)


def rodar_carga(processo, servidor, clientes, mensagens, prazo):
    """Manda o processo de carga agir e, enquanto espera, observa este processo."""
    threads_antes, memoria_antes = estado_do_processo()
    cpu_antes = time.process_time()
    pedido = {"porta": servidor.porta, "clientes": clientes, "mensagens": mensagens, "prazo": prazo}
    processo.stdin.write(json.dumps(pedido) + "\n")
    processo.stdin.flush()
    threads_pico, memoria_pico = threads_antes, memoria_antes
    fim = time.monotonic() + prazo + 10
    while not select.select([processo.stdout], [], [], 0.05)[0]:
        threads, memoria = estado_do_processo()
        threads_pico, memoria_pico = max(threads_pico, threads), max(memoria_pico, memoria)
        if time.monotonic() > fim:
            raise RuntimeError("o processo de carga não respondeu")
    resultado = json.loads(processo.stdout.readline())
    resultado["cpu"] = time.process_time() - cpu_antes
    resultado["threads"] = threads_pico
    resultado["memoria"] = memoria_pico - memoria_antes
    return resultado


SERVIDORES_DE_CARGA = {
    "ecolab": lambda: ecolab.ServidorTCP(),
    "socketserver": lambda: ServidorSocketserver("TCP", intervalo=0.05),
    "asyncio": lambda: ServidorAsyncio("TCP"),
}


def resumir(rodadas, mensagens_por_rodada):
    """Junta as repetições: medianas dos tempos, somas dos erros, picos do resto."""
    return {
        "tempo": statistics.median(r["tempo"] for r in rodadas),
        "vazao": statistics.median(r["certas"] / r["tempo"] for r in rodadas),
        "cpu": statistics.median(r["cpu"] for r in rodadas) / mensagens_por_rodada,
        "erros": sum(r["erros"] for r in rodadas),
        "falhas": sum(r["perdidas"] + r["corrompidas"] for r in rodadas),
        "threads": max(r["threads"] for r in rodadas),
        "memoria": max(r["memoria"] for r in rodadas),
    }


def medir_carga(processo, clientes, mensagens, repeticoes, prazo):
    """Cada servidor atende a mesma carga ``repeticoes`` vezes, em ordem alternada."""
    tipos = list(SERVIDORES_DE_CARGA)
    rodadas = {tipo: [] for tipo in tipos}
    for repeticao in range(repeticoes):
        vez = repeticao % len(tipos)
        for tipo in tipos[vez:] + tipos[:vez]:  # ninguém fica sempre em primeiro
            with rodando(SERVIDORES_DE_CARGA[tipo]()) as servidor:
                rodadas[tipo].append(rodar_carga(processo, servidor, clientes, mensagens, prazo))
    return {tipo: resumir(r, clientes * mensagens) for tipo, r in rodadas.items()}


def secao_concorrencia(quantidades, mensagens, repeticoes, prazo=30.0):
    titulo(f"2. Concorrência: muitos clientes TCP ao mesmo tempo, {mensagens} mensagens cada")
    print(
        "Clientes em outro processo (um laço com selectors); servidores neste processo.\n"
        f"socketserver e asyncio com fila de espera (backlog) de {FILA}. Mediana de\n"
        f"{repeticoes} rodada(s) em ordem alternada; erros e perdas somados; threads e\n"
        "memória (RSS a mais que antes de iniciar) são picos do processo do servidor;\n"
        "CPU = tempo de CPU do processo do servidor por mensagem.\n"
    )
    aumentar_limite_de_arquivos()
    comando = [sys.executable, str(Path(__file__).resolve()), "--processo-de-carga"]
    processo = subprocess.Popen(comando, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    linhas, resultados = [], {}
    try:
        for clientes in quantidades:
            medidas = medir_carga(processo, clientes, mensagens, repeticoes, prazo)
            referencia = medidas["socketserver"]["vazao"]
            for tipo, r in medidas.items():
                resultados[clientes, tipo] = r
                linhas.append([
                    f"{clientes} × {tipo}", num(r["tempo"], 2), num(r["vazao"], 0),
                    num(r["vazao"] / referencia, 2) + "×", r["erros"], r["falhas"],
                    r["threads"], num(r["memoria"] / 2**20, 1), num(r["cpu"] * 1e6, 1),
                ])
    finally:
        processo.stdin.close()  # o processo de carga termina quando a entrada acaba
        try:
            processo.wait(prazo)
        except subprocess.TimeoutExpired:
            processo.kill()
            processo.wait()
    imprimir_tabela(
        ["clientes × servidor", "tempo (s)", "mensagens/s", "÷ socketserver", "erros",
         "perdidas ou erradas", "threads", "memória (MiB)", "CPU (µs/msg)"],
        linhas,
    )
    return resultados


# ----- 3. iniciar e parar ------------------------------------------------------------


def trocar_uma_mensagem(protocolo, tipo, porta):
    if tipo == "ecolab":
        Cliente = ecolab.ClienteTCP if protocolo == "TCP" else ecolab.ClienteUDP
        with Cliente(porta=porta) as cliente:
            return cliente.enviar(TEXTO)
    cliente = cliente_puro_tcp if protocolo == "TCP" else cliente_puro_udp
    with cliente(porta) as ida_e_volta:
        return ida_e_volta()


def criar_servidor(protocolo, tipo, porta):
    if tipo == "ecolab":
        Servidor = ecolab.ServidorTCP if protocolo == "TCP" else ecolab.ServidorUDP
        return Servidor(porta=porta)
    if tipo == "asyncio":
        return ServidorAsyncio(protocolo, porta)
    return ServidorSocketserver(protocolo, porta)  # com o intervalo padrão, 0,5 s


def medir_ciclos(protocolo, tipo, ciclos):
    """Mediana de (iniciar + trocar uma mensagem + parar), sempre na mesma porta."""
    with rodando(criar_servidor(protocolo, tipo, 0)) as servidor:
        porta = servidor.porta  # uma porta livre, que os ciclos vão reocupar
    tempos = []
    for _ in range(ciclos):
        inicio = time.perf_counter()
        servidor = criar_servidor(protocolo, tipo, porta).iniciar()
        try:
            trocar_uma_mensagem(protocolo, tipo, porta)
        finally:
            servidor.parar()
        tempos.append(time.perf_counter() - inicio)
    return statistics.median(tempos)


def secao_iniciar_e_parar(ciclos):
    titulo("3. Iniciar, trocar uma mensagem, parar e reabrir a mesma porta")
    poucos = min(ciclos, 2)  # socketserver espera até 0,5 s para parar: só 2 vezes
    print(
        f"Mediana de {ciclos} ciclos; cada ciclo reabre a porta que o anterior usou.\n"
        f"socketserver: só {poucos}, porque shutdown() espera o poll_interval padrão, 0,5 s.\n"
    )
    linhas = []
    for protocolo in ("TCP", "UDP"):
        for tipo in ("ecolab", "asyncio", "socketserver"):
            mediana = medir_ciclos(protocolo, tipo, poucos if tipo == "socketserver" else ciclos)
            linhas.append([f"{protocolo} {tipo}", num(mediana * 1e3, 2)])
    imprimir_tabela(["servidor", "mediana (ms)"], linhas)
    return linhas


# ----- 4. notebooks ---------------------------------------------------------------------


def secao_notebooks(pasta=PASTA_NOTEBOOKS):
    titulo("4. Notebooks: tempo para executar cada um do começo ao fim")
    cadernos = sorted(pasta.glob("*.ipynb"))
    if not cadernos:
        print("nenhum notebook encontrado")
        return None
    import nbformat
    from nbclient import NotebookClient

    linhas, total = [], 0.0
    with tempfile.TemporaryDirectory() as temporaria:
        for caminho in cadernos:
            copia = Path(temporaria) / caminho.name  # o original não é alterado
            shutil.copy(caminho, copia)
            caderno = nbformat.read(copia, as_version=4)
            cliente = NotebookClient(
                caderno, timeout=120, kernel_name="python3",
                resources={"metadata": {"path": str(pasta)}},
            )
            inicio = time.perf_counter()
            try:
                # stderr do kernel descartado: só traz avisos do Jupyter; um erro
                # numa célula volta como exceção, com a mensagem.
                cliente.execute(stderr=subprocess.DEVNULL)
                situacao = "ok"
            except Exception as erro:  # mostrar e seguir para o próximo
                nome = getattr(erro, "ename", type(erro).__name__)
                situacao = f"falhou ({nome}: {str(getattr(erro, 'evalue', erro))[:60]})"
            tempo = time.perf_counter() - inicio
            total += tempo
            linhas.append([caminho.name, num(tempo, 1), situacao])
    linhas.append(["total", num(total, 1), ""])
    imprimir_tabela(["notebook", "tempo (s)", "situação"], linhas, "<><")
    if any(linha[2].startswith("falhou") for linha in linhas):
        print("Um notebook que falhou parou na célula com erro: o tempo dele é parcial.")
    return total


# ----- o programa ------------------------------------------------------------------------


def ler_argumentos():
    leitor = argparse.ArgumentParser(description="Mede o desempenho do ecolab.")
    leitor.add_argument("--rapido", action="store_true",
                        help="ensaio curto: poucas idas e voltas, 10 clientes, sem notebooks")
    leitor.add_argument("--sem-notebooks", action="store_true", help="pula a parte 4")
    leitor.add_argument(
        "--nucleo", type=int, default=0, help="núcleo da CPU da parte 1 (padrão: 0)"
    )
    leitor.add_argument("--processo-de-carga", action="store_true", help=argparse.SUPPRESS)
    return leitor.parse_args()


def main():
    argumentos = ler_argumentos()
    if argumentos.processo_de_carga:
        processo_de_carga()
        return
    inicio = time.perf_counter()
    print("Desempenho do ecolab")
    print(descrever_maquina())
    print(carga_do_sistema())
    if argumentos.rapido:
        secao_ida_e_volta(400, argumentos.nucleo)
        secao_concorrencia([10], 100, repeticoes=1)
        secao_iniciar_e_parar(1)
    else:
        secao_ida_e_volta(20_000, argumentos.nucleo)
        secao_concorrencia([10, 100, 500, 1000], 100, repeticoes=3)
        secao_iniciar_e_parar(50)
    if argumentos.rapido or argumentos.sem_notebooks:
        titulo("4. Notebooks: pulados (--rapido ou --sem-notebooks)")
    else:
        secao_notebooks()
    sobrando = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    print(f"Servidores parados; threads ainda vivas: {len(sobrando)} {sobrando or ''}")
    print(carga_do_sistema())
    print(f"Tempo total: {num(time.perf_counter() - inicio, 1)} s")


if __name__ == "__main__":
    main()
