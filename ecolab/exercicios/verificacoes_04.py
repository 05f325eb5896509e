"""Exercícios da lição 04 (vários clientes): o que cada um pede e como é conferido.

1. ``tcp_threads_com_limite``: o laço de ``accept`` que inicia uma thread por
   conexão, com no máximo ``maximo`` atendimentos ao mesmo tempo: um contador
   compartilhado entre threads, protegido por um ``threading.Lock``; quem chega
   com o servidor cheio é recusado. O atendimento de cada conexão vem pronto;
2. ``tcp_eco_sem_bloquear``: um servidor de eco com ``selectors``, numa thread
   só, que nunca bloqueia: sockets não bloqueantes e um buffer de saída por
   conexão. Um cliente que envia muito e não lê não trava os outros, e com
   todos quietos o laço dorme no ``select`` (``EVENT_WRITE`` só quando há o que
   enviar);
3. ``tcp_bate_papo``: um bate-papo de verdade: cada linha de um cliente vai
   para todos os outros, na hora, também sem bloquear.

Nos três, o verificador cria o socket do servidor (``bind`` e ``listen``
feitos) e faz o papel dos clientes. No 2 e no 3, um dos clientes (o Zé) para
de ler: é ele que mostra se o laço bloqueia.

Os exercícios 1 e 2 substituíram ``tcp_servidor_com_threads`` e
``tcp_eco_com_selectors``, que eram cópias de células da lição (e o segundo
bloqueava). Pedem outra coisa, então não são os mesmos exercícios e não entram
em ``RENOMEADOS``: o resultado antigo do aluno fica no arquivo de progresso,
fora da tabela (veja :mod:`.arquivo_de_progresso`).
"""

import select
import socket
import threading
import time

from .bancada import exercicio
from .bancada_rede import ESPERA, Linhas, conectar, ler_ate_fechar, ler_exatamente, ouvir_tcp
from ..numeros import com_unidade, porcentagem
from ..sockets import encerrar
from ..tcp import ler_linhas

# O cliente que não lê: para ele travar um servidor bloqueante depressa, os buffers do
# sistema são pedidos pequenos (16 KiB; no loopback do Linux, sem isso, cabem cerca de
# 9 MB até travar). Com eles, um servidor bloqueante trava depois de uns 100 KB; o
# Zé tenta enviar muito mais que isso.
BUFFER_PEQUENO = 16 * 1024
INUNDACAO = 2 * 1024 * 1024  # bytes que o Zé (o cliente que não lê) tenta enviar
PARADO = 0.3  # segundos sem conseguir enviar nada: do outro lado, ninguém está lendo


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


CHEIO = "servidor cheio, tente mais tarde"


@exercicio(
    "tcp_threads_com_limite", "04", "Uma thread por conexão, no máximo N ao mesmo tempo",
    ["servir_com_limite"],
    dicas=[
        "Comece da uma_thread_por_conexao da lição e guarde quantos clientes estão sendo "
        "atendidos num contador compartilhado (um dicionário, por exemplo "
        "estado = {\"atendendo\": 0}), com uma trava = threading.Lock() ao lado.",
        "Depois do accept, com a trava (with trava:), veja se atendendo < maximo: se "
        "sim, some 1 e inicie a thread; se não, envie a linha de servidor cheio e feche "
        "a conexão. A thread não pode rodar atender direto: escreva uma função interna "
        "que chama atender(conexao) e, num finally, com a trava, subtrai 1.",
        "Sem a trava, a thread principal (que soma) e as de atendimento (que subtraem) "
        "podem ler o mesmo valor ao mesmo tempo e uma das contas se perde. Para terminar: "
        "accept levanta OSError quando o socket do servidor é fechado; capture-o e dê "
        "return.",
    ],
    verificacoes=6,
)
def _conferir_threads_com_limite(v, servir_com_limite):
    escuta = ouvir_tcp()
    execucao = v.em_segundo_plano(servir_com_limite, escuta, atender_em_maiusculas, 2)
    clientes = []
    try:
        for nome in ("Ana", "Beto"):
            resposta = _falar(clientes, escuta, nome)
            v.conferir_erro(execucao, f"{nome} se conecta")
            if resposta is None and nome == "Beto":
                v.desistir("o Beto se conecta enquanto a Ana continua conectada: a resposta "
                           "não chegou",
                           "não chame atender(conexao) direto (ele só volta quando o "
                           "cliente sai): inicie uma thread para cada conexão.")
            v.conferir(f"{nome} recebe a resposta (limite: 2 clientes)",
                       _maiusculas(nome), resposta)
        _conferir_recusa(v, execucao, clientes, escuta)
        clientes[0].sock.close()  # a Ana sai: a vaga dela tem de voltar
        v.conferir("a Ana sai e a Dani se conecta: é atendida", _maiusculas("Dani"),
                   _falar_ate_ser_atendido(clientes, escuta, "Dani"),
                   "quando um atendimento termina, a vaga volta: subtraia 1 num finally, "
                   "depois de atender(conexao), dentro da thread (e com a trava).")
    finally:
        for cliente in clientes:
            cliente.sock.close()
    encerrar(escuta)
    v.terminar(execucao, ESPERA, "quando o socket do servidor é fechado",
               dica_do_prazo="quando o socket do servidor é fechado, accept levanta "
               "OSError: capture-o e termine a função (return).", aceitar=(OSError,))
    v.ok("a função termina quando o socket do servidor é fechado")


def _conferir_recusa(v, execucao, clientes, escuta):
    """A Carla, a terceira, recebe a linha de servidor cheio e a conexão fecha."""
    resposta = _falar(clientes, escuta, "Carla")
    v.conferir_erro(execucao, "a Carla se conecta")
    descricao = f"com a Ana e o Beto conectados, a Carla (a terceira) recebe \"{CHEIO}\""
    if resposta != CHEIO:  # sem recusa, a conferência do fechamento não tem sentido
        v.desistir(descricao, "conte quantos clientes estão sendo atendidos: com maximo "
                   f"deles, quem chega recebe a linha \"{CHEIO}\" (com o \\n) em vez de "
                   "uma thread.", CHEIO, resposta)
    v.ok(descricao)
    carla = clientes[-1]
    carla.proxima(ESPERA / 2)
    v.conferir("e a conexão da Carla é fechada pelo servidor", True, carla.fechou,
               "depois de enviar a linha de servidor cheio, feche a conexão (close).")


def _falar(clientes, escuta, nome, espera=ESPERA):
    """Conecta mais um cliente, que envia a sua linha; devolve a resposta (ou ``None``)."""
    cliente = Linhas(conectar(escuta.getsockname()))
    clientes.append(cliente)
    cliente.enviar(f"oi, aqui é {nome}\n")
    return cliente.proxima(espera)


def _falar_ate_ser_atendido(clientes, escuta, nome):
    """Tenta de novo enquanto ouvir "servidor cheio" (a vaga volta logo depois do fim)."""
    fim = time.monotonic() + ESPERA
    resposta = _falar(clientes, escuta, nome)
    while resposta == CHEIO and time.monotonic() < fim:
        time.sleep(0.05)
        resposta = _falar(clientes, escuta, nome)
    return resposta


def _maiusculas(nome):
    return f"oi, aqui é {nome}".upper()


@exercicio(
    "tcp_eco_sem_bloquear", "04", "Eco com selectors que nunca bloqueia",
    ["servir_sem_bloquear"],
    dicas=[
        "Parta do laco_de_eventos da lição, com duas mudanças: cada conexão aceita fica "
        "não bloqueante (conexao.setblocking(False)) e ganha um buffer de saída, "
        "saida[conexao] = bytearray(). O que chega com recv vai para o fim desse buffer, "
        "em vez de ir direto para sendall.",
        "send (não sendall) envia o que couber agora e devolve quantos bytes foram: "
        "apague do começo do buffer só esses bytes (del com uma fatia). Com o "
        "buffer do sistema cheio, send levanta BlockingIOError: não é erro, é \"tente "
        "depois\".",
        "Peça EVENT_WRITE só enquanto o buffer de saída tiver bytes: "
        "seletor.modify(conexao, EVENT_READ | EVENT_WRITE) quando ele deixa de estar "
        "vazio, e de volta a EVENT_READ quando esvazia (pedir sempre faz o laço girar sem "
        "parar). recv vazio ou OSError: unregister e close.",
    ],
    verificacoes=8,
)
def _conferir_eco_sem_bloquear(v, servir_sem_bloquear):
    escuta, parar = ouvir_com_buffers_pequenos(), threading.Event()
    antes = set(threading.enumerate())
    execucao = v.em_segundo_plano(servir_sem_bloquear, escuta, parar)
    ana, beto, carla, ze = (conectar_com_buffers_pequenos(escuta.getsockname())
                            for _ in range(4))
    try:
        _conferir_eco(v, execucao, ana, "Ana", "oi".encode())
        _conferir_eco(v, execucao, beto, "Beto", "olá, com a Ana conectada".encode(),
                      "a Ana continua conectada e o Beto ficou sem eco: com selectors, "
                      "um laço só atende todos os clientes; não fique preso no recv de um.")
        ana.close()
        _conferir_eco(v, execucao, carla, "Carla", "a Ana saiu; e eu?".encode(),
                      "quando recv devolve b\"\", o cliente saiu: unregister e close, e o "
                      "laço continua.")
        _conferir_cliente_que_nao_le(v, execucao, ze, carla)
        _conferir_laco_descansa(v, execucao)
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
        for sock in (ana, beto, carla, ze):
            sock.close()
        encerrar(escuta)


def _conferir_cliente_que_nao_le(v, execucao, ze, carla):
    """O Zé envia muito e não lê; a Carla tem de continuar sendo atendida."""
    inundacao = _linhas_do_ze(INUNDACAO)
    enviados = encher(ze, inundacao)
    _conferir_eco(v, execucao, carla, "Carla",
                  "e agora, com o Zé sem ler?".encode(),
                  "o Zé parou de ler e o eco dele encheu os buffers do sistema: um sendall "
                  "(ou um socket bloqueante) espera o Zé para sempre, e o laço inteiro para "
                  "junto. Use setblocking(False), guarde o que não coube num buffer de saída "
                  "da conexão e envie quando o seletor disser EVENT_WRITE.",
                  descricao=f"o Zé envia {_tamanho(enviados)} e não lê nada: a Carla envia "
                  "e recebe o eco na hora")
    recebido = ler_exatamente(ze, enviados, 5 * ESPERA)
    v.conferir_erro(execucao, "o Zé volta a ler")
    v.conferir(f"o Zé volta a ler e recebe os {_tamanho(enviados)} de volta, na ordem",
               _tamanho(enviados), _tamanho_e_ordem(recebido, inundacao[:enviados]),
               "nenhum byte pode se perder: o que send não conseguiu enviar fica no buffer "
               "de saída da conexão (send devolve quantos bytes foram) e sai depois, na "
               "mesma ordem.")


def _conferir_laco_descansa(v, execucao, janela=0.5):
    """Com todos quietos, o laço deve dormir no select, não girar sem parar.

    Mede o tempo de processador do laço durante ``janela`` segundos: um laço que
    pede EVENT_WRITE sempre gasta quase um núcleo inteiro; um laço parado no
    select, quase nada (aqui, menos de 1%). O limite (10%) deixa folga.
    """
    relogio = _relogio_de_processador(execucao.thread)
    antes = relogio()
    time.sleep(janela)
    uso = 100 * (relogio() - antes) / janela
    v.conferir_erro(execucao, "com todos os clientes quietos")
    descricao = "com todos os clientes quietos, o laço descansa no select"
    if uso < 10:
        v.ok(descricao)
    else:
        v.falhou(descricao, "peça EVENT_WRITE só enquanto o buffer de saída da conexão "
                 "tiver bytes (seletor.modify): um socket com espaço para enviar está "
                 "sempre pronto para escrita, e o select volta na hora, toda vez.",
                 "o laço parado no select", f"o laço girando: {porcentagem(uso)} de um núcleo")


def _relogio_de_processador(thread):
    """O tempo de processador só da ``thread`` (Linux) ou, onde não dá, do processo todo."""
    try:
        relogio = time.pthread_getcpuclockid(thread.ident)
    except (AttributeError, OSError):  # sistemas sem esse relógio, como o Windows
        return time.process_time

    def agora():
        try:
            return time.clock_gettime(relogio)
        except OSError:  # a thread já terminou: quem confere o erro é conferir_erro
            return 0.0

    return agora


def ouvir_com_buffers_pequenos():
    """O socket do servidor; as conexões aceitas herdam dele os buffers pequenos."""
    escuta = ouvir_tcp()
    _buffers_pequenos(escuta)
    return escuta


def conectar_com_buffers_pequenos(endereco):
    """Um cliente do verificador com buffers pequenos (pedidos antes de conectar)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    _buffers_pequenos(sock)
    sock.settimeout(ESPERA)
    sock.connect(endereco[:2])
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _buffers_pequenos(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, BUFFER_PEQUENO)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER_PEQUENO)


def encher(sock, dados, prazo=5 * ESPERA):
    """Envia ``dados`` sem nunca esperar mais que ``PARADO`` s; devolve quantos bytes foram.

    Para antes do fim quando o outro lado deixa de ler (passam ``PARADO``
    segundos sem espaço no buffer de envio) ou quando acaba o ``prazo``.
    """
    enviados, fim = 0, time.monotonic() + prazo
    sock.setblocking(False)
    try:
        while enviados < len(dados) and time.monotonic() < fim:
            if not select.select([], [sock], [], PARADO)[1]:
                break
            try:
                enviados += sock.send(dados[enviados:enviados + 65_536])
            except BlockingIOError:
                continue
            except OSError:
                break
    finally:
        sock.settimeout(ESPERA)
    return enviados


def _linhas_do_ze(tamanho):
    """``tamanho`` bytes de linhas numeradas (a ordem de chegada pode ser conferida)."""
    linhas, total, numero = [], 0, 0
    while total < tamanho:
        linha = f"zé {numero:07d} ".encode() + b"." * 100 + b"\n"
        linhas.append(linha)
        total += len(linha)
        numero += 1
    return b"".join(linhas)


def _tamanho(quantos):
    return com_unidade(quantos, "bytes")


def _tamanho_e_ordem(recebido, enviado):
    """O que o verificador mostra como recebido: o tamanho, e se a ordem se perdeu."""
    if len(recebido) == len(enviado) and recebido != enviado:
        return f"{_tamanho(len(recebido))}, mas fora de ordem"
    return _tamanho(len(recebido))


def _conferir_eco(v, execucao, sock, nome, dados, dica="", descricao=""):
    sock.sendall(dados)
    recebido = ler_exatamente(sock, len(dados), ESPERA)
    descricao = descricao or f"{nome} envia {dados!r} e recebe de volta os mesmos bytes"
    dica = dica or "devolva exatamente os bytes recebidos."
    v.conferir_erro(execucao, descricao)
    if not recebido:  # sem eco nenhum, as verificações seguintes não teriam sentido
        v.desistir(descricao, dica, dados, recebido)
    v.conferir(descricao, dados, recebido, dica)


@exercicio(
    "tcp_bate_papo", "04", "Bate-papo: uma linha para todos", ["servir_bate_papo"],
    dicas=[
        "Comece do seu eco que nunca bloqueia (exercício 2). Além do buffer de saída, "
        "cada conexão guarda os bytes que ainda não formam uma linha inteira: "
        "pendente = {conexao: b\"\"}.",
        "A cada recv, junte os dados ao pendente da conexão e separe nos b\"\\n\": os "
        "pedaços antes do último são linhas completas; o último (talvez vazio) volta a ser "
        "o pendente. Cada linha completa, com o b\"\\n\", vai para o fim do buffer de "
        "saída de todas as outras conexões (e cada uma delas passa a pedir EVENT_WRITE). "
        "Nada de sendall: um cliente que não lê travaria todos.",
        "Quem sai (recv devolve b\"\", ou recv/send dá OSError) deve sair do seletor, de "
        "pendente e dos buffers, senão o próximo envio falha. No fim, feche todas as conexões.",
    ],
    verificacoes=9,
)
def _conferir_bate_papo(v, servir_bate_papo):
    escuta, parar = ouvir_com_buffers_pequenos(), threading.Event()
    execucao = v.em_segundo_plano(servir_bate_papo, escuta, parar)
    ana, beto, carla = (Linhas(conectar_com_buffers_pequenos(escuta.getsockname()))
                        for _ in range(3))  # a Ana trava logo, se o servidor parar de ler
    ze = None
    try:
        _esperar_todos_entrarem(v, execucao, ana, [beto, carla])
        _conferir_bate_papo_conversa(v, execucao, ana, beto, carla)
        ze = Linhas(conectar_com_buffers_pequenos(escuta.getsockname()))
        _conferir_bate_papo_com_quem_nao_le(v, execucao, ana, beto, ze)
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
        for cliente in (ana, beto, carla, ze):
            if cliente is not None:
                cliente.sock.close()
        encerrar(escuta)


def _conferir_bate_papo_com_quem_nao_le(v, execucao, ana, beto, ze):
    """O Zé entra e não lê; a Ana fala muito; o Beto e a Ana continuam conversando."""
    _esperar_todos_entrarem(v, execucao, ana, [beto, ze])
    inundacao = _linhas_do_ze(INUNDACAO).replace("zé".encode(), b"ana")
    enviados = encher(ana.sock, inundacao)
    beto.enviar("alguém aí?\n")
    resposta = ana.proxima(ESPERA)
    v.conferir_erro(execucao, "com o Zé sem ler")
    descricao = (f"o Zé não lê nada e a Ana envia {_tamanho(enviados)}: o Beto "
                 "escreve \"alguém aí?\" e a Ana recebe na hora")
    dica = ("o Zé parou de ler e os buffers do sistema encheram: um sendall (ou um socket "
            "bloqueante) espera o Zé para sempre, e o bate-papo inteiro para junto. Use "
            "setblocking(False) e um buffer de saída por conexão, enviado quando o seletor "
            "disser EVENT_WRITE.")
    if resposta is None:
        v.desistir(descricao, dica, "alguém aí?", resposta)
    v.conferir(descricao, "alguém aí?", resposta, dica)
    recebido = ler_exatamente(beto.sock, enviados, 5 * ESPERA)
    v.conferir("o Beto recebe tudo o que a Ana enviou, na ordem", _tamanho(enviados),
               _tamanho_e_ordem(recebido, inundacao[:enviados]),
               "nenhum byte pode se perder: o que send não conseguiu enviar fica no buffer "
               "de saída da conexão e sai depois, na mesma ordem.")
    ze.sock.close()  # sai sem ter lido: o sistema avisa o servidor com um RST
    time.sleep(0.05)
    ana.enviar("o Zé saiu?\n")
    v.conferir("o Zé sai sem ter lido nada e a Ana continua falando com o Beto",
               ["o Zé saiu?"], beto.receber(1),
               "quem sai com dados por ler faz recv ou send levantar ConnectionResetError "
               "(ou BrokenPipeError): capture OSError, tire essa conexão do seletor e dos "
               "buffers, e o servidor continua.")
    v.conferir_erro(execucao, "depois que o Zé saiu")


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
