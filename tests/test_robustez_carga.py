"""Carga: clientes lentos e calados, inundações, vazamentos, memória e parada.

Um servidor que fica ligado a aula inteira encontra clientes que conectam e
não dizem nada, notebooks que dormem no meio da conversa, o laço de um colega
mandando datagramas sem parar. Estes testes conferem que:

- clientes calados não impedem os outros de serem atendidos, e os limites
  (``tempo_ocioso``, ``max_conexoes``, arquivos abertos) são explicados em
  português, para o cliente e no registro;
- uma inundação de datagramas não derruba o servidor UDP;
- iniciar e parar mil vezes não deixa threads nem descritores de arquivo para trás;
- a memória não cresce com o número de mensagens;
- ``parar()`` com clientes no meio da conversa volta logo, e os clientes
  recebem ``ServidorIndisponivel``, não ficam pendurados.

Rode com ``-s`` para ver os números medidos.
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc

import pytest

import ecolab
from ajudantes_robustez import (
    PREFIXO,
    conectar_cru,
    descritores_abertos,
    esperar,
    ler_ate_o_fim,
    ler_linhas,
)
from ecolab import (
    ClienteTCP,
    ClienteUDP,
    ServidorIndisponivel,
    ServidorTCP,
    ServidorUDP,
)

so_no_linux = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="usa /proc e limites do Linux"
)


def servidor_tcp_com(**ajustes):
    """Um ServidorTCP com ajustes só nesta instância (a classe fica como está)."""
    servidor = ServidorTCP()
    for nome, valor in ajustes.items():
        setattr(servidor, nome, valor)
    return servidor


# ----- clientes lentos e calados ---------------------------------------------


def test_200_clientes_calados_ou_com_meia_linha_nao_impedem_um_cliente_normal():
    with ServidorTCP() as servidor:
        calados = [conectar_cru(servidor.endereco) for _ in range(200)]
        try:
            for sock in calados[::2]:
                sock.sendall(b"meia linh")  # e nunca manda o resto
            assert esperar(lambda: servidor.conexoes == 200)
            with ClienteTCP(porta=servidor.porta, timeout=2) as normal:
                assert normal.enviar("tem alguém aí?") == PREFIXO + "tem alguém aí?"
        finally:
            for sock in calados:
                sock.close()
        assert esperar(lambda: servidor.conexoes == 0)


@pytest.mark.parametrize("enviado", [b"", b"meia linh"], ids=["calado", "meia_linha"])
def test_cliente_ocioso_recebe_linha_que_cita_o_tempo_ocioso_e_depois_o_fim(enviado):
    with servidor_tcp_com(tempo_ocioso=0.3) as servidor:
        with conectar_cru(servidor.endereco) as sock:
            sock.sendall(enviado)
            recebido = ler_ate_o_fim(sock).decode("utf-8")
        assert recebido == (
            "ERRO: conexão encerrada: 0,3\u00a0s sem mensagens (limite tempo_ocioso)\n"
        )
        assert esperar(lambda: servidor.registro.contar("desconectou") == 1)
        (fim,) = servidor.registro.eventos("desconectou")
        assert "tempo_ocioso" in fim.texto


def test_cliente_tcp_parado_alem_do_tempo_ocioso_reconecta_e_guarda_o_aviso():
    with servidor_tcp_com(tempo_ocioso=0.3) as servidor:
        with ClienteTCP(porta=servidor.porta, timeout=2) as cliente:
            cliente.conferir_apos = 0.2  # o padrão (1 s) deixaria o teste lento
            assert cliente.enviar("oi") == PREFIXO + "oi"
            assert esperar(lambda: servidor.registro.contar("desconectou") == 1)
            assert cliente.enviar("voltei") == PREFIXO + "voltei"
            (aviso,) = cliente.registro.eventos("aviso")
            assert aviso.texto.startswith("ERRO: conexão encerrada") and "tempo_ocioso" in aviso.texto
            assert servidor.registro.contar("conectou") == 2


def test_acima_de_max_conexoes_o_cliente_recebe_recusa_clara_e_a_vaga_volta():
    with servidor_tcp_com(max_conexoes=3) as servidor:
        primeiros = [ClienteTCP(porta=servidor.porta, timeout=2) for _ in range(3)]
        for cliente in primeiros:
            assert cliente.enviar("oi") == PREFIXO + "oi"
        with conectar_cru(servidor.endereco) as quarto:
            recebido = ler_ate_o_fim(quarto).decode("utf-8")
        assert recebido == (
            "ERRO: servidor lotado: já atende 3 conexões (limite max_conexoes); "
            "tente de novo daqui a pouco\n"
        )
        (recusa,) = servidor.registro.eventos("recusou")
        assert "max_conexoes" in recusa.texto
        primeiros[0].fechar()
        assert esperar(lambda: servidor.conexoes == 2)
        with ClienteTCP(porta=servidor.porta, timeout=2) as depois:
            assert depois.enviar("tem vaga?") == PREFIXO + "tem vaga?"
        for cliente in primeiros:
            cliente.fechar()


SERVIDOR_COM_POUCOS_ARQUIVOS = textwrap.dedent("""
    import json, resource, sys
    _, maximo = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, ({limite}, maximo))
    from ecolab import ServidorTCP
    servidor = ServidorTCP().iniciar()
    print(servidor.porta, flush=True)
    sys.stdin.readline()  # o teste encheu o servidor de conexões
    erros = [e.texto for e in servidor.registro.eventos("erro")]
    print(json.dumps({{"rodando": servidor.rodando, "erros": erros,
                      "iniciou": servidor.registro.contar("iniciou")}}), flush=True)
    sys.stdin.readline()  # o teste já conferiu que o servidor voltou a atender
    servidor.parar()
""")


@so_no_linux
def test_servidor_sem_arquivos_livres_continua_de_pe_e_explica_no_registro():
    limite = 64  # arquivos abertos permitidos ao processo do servidor
    filho = subprocess.Popen(
        [sys.executable, "-c", SERVIDOR_COM_POUCOS_ARQUIVOS.format(limite=limite)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    conexoes = []
    try:
        porta = int(filho.stdout.readline())
        for _ in range(limite + 20):  # mais conexões do que o servidor pode abrir
            conexoes.append(conectar_cru(("127.0.0.1", porta)))
        time.sleep(1)  # tempo para o servidor tentar (e não conseguir) aceitar
        filho.stdin.write("relatório\n")
        filho.stdin.flush()
        relatorio = json.loads(filho.stdout.readline())
        for sock in conexoes:
            sock.close()
        with ClienteTCP(porta=porta, timeout=5) as cliente:
            assert cliente.enviar("voltou?") == PREFIXO + "voltou?"
        filho.stdin.write("fim\n")
        filho.stdin.flush()
        assert filho.wait(10) == 0
    finally:
        for sock in conexoes:
            sock.close()
        filho.kill()
        filho.wait()
    print(f"\nsem arquivos livres: {len(relatorio['erros'])} erro(s) no registro; "
          f"o primeiro: {relatorio['erros'][:1]}")
    assert relatorio["rodando"]
    assert relatorio["erros"], "o registro não contou que faltaram arquivos"
    assert "limite de arquivos abertos" in relatorio["erros"][0]
    assert f"ulimit -n = {limite}" in relatorio["erros"][0]
    # sem laço desenfreado: o registro não foi inundado pela mesma falha
    assert len(relatorio["erros"]) <= 20 and relatorio["iniciou"] == 1


def test_sem_poder_criar_thread_o_cliente_recebe_recusa_e_o_servidor_continua(monkeypatch):
    iniciar_de_verdade = threading.Thread.start

    def iniciar_sem_recursos(thread):
        if thread.name.startswith("ecolab-TCP-conexao"):  # só as threads das conexões
            raise RuntimeError("can't start new thread")
        iniciar_de_verdade(thread)

    with ServidorTCP() as servidor:
        monkeypatch.setattr(threading.Thread, "start", iniciar_sem_recursos)
        with conectar_cru(servidor.endereco) as sock:
            recebido = ler_ate_o_fim(sock).decode("utf-8")
        monkeypatch.undo()
        assert recebido.startswith("ERRO: o sistema não deixou criar outra thread")
        assert servidor.rodando and servidor.conexoes == 0
        with ClienteTCP(porta=servidor.porta, timeout=2) as cliente:
            assert cliente.enviar("e agora?") == PREFIXO + "e agora?"
    assert servidor.registro.contar("recusou") == 1


# ----- inundação UDP --------------------------------------------------------


@pytest.mark.skipif(not hasattr(socket, "MSG_DONTWAIT"), reason="precisa de MSG_DONTWAIT")
def test_inundacao_de_10000_datagramas_nao_derruba_o_servidor_udp():
    total = 10_000
    respondidos = set()

    def recolher(sock):
        """Lê, sem esperar, as respostas que já chegaram."""
        while True:
            try:
                dados = sock.recv(65_535, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            texto = dados.decode("utf-8")
            assert texto.startswith(PREFIXO + "p"), texto
            numero = int(texto[len(PREFIXO) + 1:])
            assert numero not in respondidos, "a mesma mensagem foi respondida duas vezes"
            respondidos.add(numero)

    vistos = []  # as mensagens que o responder do servidor tratou, na ordem

    def responder(mensagem):
        vistos.append(mensagem)
        return PREFIXO + mensagem

    servidor = ServidorUDP(responder=responder).iniciar()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as inundador:
        for i in range(total):  # o mais rápido que um remetente consegue
            inundador.sendto(f"p{i}".encode(), servidor.endereco)
            recolher(inundador)
        fim = time.monotonic() + 5
        while time.monotonic() < fim and len(respondidos) < total:
            antes = len(respondidos)
            time.sleep(0.2)
            recolher(inundador)
            if len(respondidos) == antes:
                break  # 0,2 s sem respostas novas: o resto se perdeu
        assert servidor.rodando
        with ClienteUDP(porta=servidor.porta, timeout=2) as normal:
            for i in range(3):
                assert normal.enviar(f"depois {i}") == PREFIXO + f"depois {i}"
        servidor.parar()
        recolher(inundador)  # as últimas respostas, enviadas antes de parar()
    tratados = [int(m[1:]) for m in vistos if m.startswith("p")]
    print(f"\ninundação UDP: {total} datagramas enviados, {len(tratados)} tratados pelo "
          f"servidor, {len(respondidos)} respondidos ({100 * len(respondidos) / total:.1f} %)")
    # Numa inundação, o UDP perde de verdade: pedidos na fila de recepção do servidor
    # e, às vezes, respostas na do inundador. O que não pode acontecer: tratar uma
    # mensagem duas vezes, ou chegar uma resposta a algo que o servidor não tratou.
    assert len(tratados) == len(set(tratados)), "o servidor tratou uma mensagem duas vezes"
    assert respondidos <= set(tratados), sorted(respondidos - set(tratados))[:10]
    assert 0 < len(respondidos) <= len(tratados) <= total


# ----- vazamentos ------------------------------------------------------------


def ciclo_tcp():
    with ServidorTCP() as servidor, ClienteTCP(porta=servidor.porta, timeout=2) as cliente:
        assert cliente.enviar("oi") == PREFIXO + "oi"


def ciclo_udp():
    with ServidorUDP() as servidor, ClienteUDP(porta=servidor.porta, timeout=2) as cliente:
        assert cliente.enviar("oi") == PREFIXO + "oi"


@so_no_linux
@pytest.mark.parametrize("ciclo", [ciclo_tcp, ciclo_udp], ids=["tcp", "udp"])
def test_mil_ciclos_de_iniciar_e_parar_nao_deixam_threads_nem_descritores(ciclo):
    for _ in range(20):  # aquecimento: importações e caches preguiçosos
        ciclo()
    esperar(lambda: threading.active_count() == 1, limite=2)
    threads_antes, descritores_antes = threading.active_count(), descritores_abertos()
    for _ in range(1_000):
        ciclo()
    # a thread de uma conexão que o cliente fechou pode levar um instante para sair
    esperar(lambda: threading.active_count() <= threads_antes, limite=2)
    threads_depois, descritores_depois = threading.active_count(), descritores_abertos()
    print(f"\n{ciclo.__name__}: threads {threads_antes} -> {threads_depois}, "
          f"descritores {descritores_antes} -> {descritores_depois}")
    assert threads_depois == threads_antes
    assert descritores_depois == descritores_antes
    assert ecolab.servidor._ativos == {}


# ----- memória ---------------------------------------------------------------


def memoria_do_ecolab():
    """Bytes alocados por código do ecolab que ainda estão vivos (tracemalloc)."""
    fotografia = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(True, "*" + os.sep + "ecolab" + os.sep + "*")]
    )
    return sum(estatistica.size for estatistica in fotografia.statistics("filename"))


def memoria_residente():
    """Memória residente (RSS) do processo, em bytes (Linux)."""
    with open("/proc/self/statm") as arquivo:
        return int(arquivo.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def conversar_em_rajadas(servidor, mensagens, clientes=4, por_envio=1_000):
    """Envia ``mensagens`` linhas em rajadas (muitas por sendall) e confere as respostas."""
    erros = []

    def conversar(numero):
        try:
            with conectar_cru(servidor.endereco) as sock:
                for inicio in range(0, mensagens // clientes, por_envio):
                    textos = [f"cliente {numero} mensagem {inicio + i}" for i in range(por_envio)]
                    sock.sendall("".join(t + "\n" for t in textos).encode())
                    respostas = ler_linhas(sock, por_envio)
                    if respostas != [(PREFIXO + t).encode() for t in textos]:
                        erros.append(numero)
        except OSError as erro:
            erros.append(erro)

    threads = [threading.Thread(target=conversar, args=(n,)) for n in range(clientes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert erros == []


@so_no_linux
def test_memoria_depois_de_200000_mensagens_e_a_mesma_de_depois_de_20000():
    tracemalloc.start()
    try:
        with ServidorTCP() as servidor:
            conversar_em_rajadas(servidor, 20_000)
            ecolab_20k, rss_20k = memoria_do_ecolab(), memoria_residente()
            conversar_em_rajadas(servidor, 180_000)
            ecolab_200k, rss_200k = memoria_do_ecolab(), memoria_residente()
            assert len(servidor.registro) == ecolab.registro.LIMITE_PADRAO
    finally:
        tracemalloc.stop()
    print(f"\nmemória alocada pelo ecolab: {ecolab_20k / 1e6:.2f} MB após 20 000 mensagens, "
          f"{ecolab_200k / 1e6:.2f} MB após 200 000; RSS do processo: "
          f"{rss_20k / 1e6:.1f} MB -> {rss_200k / 1e6:.1f} MB")
    assert ecolab_200k - ecolab_20k < 2_000_000


def test_registro_guarda_so_o_comeco_de_um_texto_longo_e_diz_quanto_cortou():
    registro = ecolab.Registro()
    registro.anotar("recebeu", None, "x" * (ecolab.registro.TEXTO_MAXIMO + 4_000))
    (evento,) = registro.eventos()
    assert evento.texto == "x" * ecolab.registro.TEXTO_MAXIMO + "... (+4000 caracteres)"


@pytest.mark.parametrize("dados", [
    "Olá".encode(),
    "á".encode() * ecolab.registro.TEXTO_MAXIMO,  # 2.000 bytes, guardados sem decodificar
    b"x" * (ecolab.registro.BYTES_MAXIMOS + 1),  # decodificados e cortados já na anotação
    b"\xff\xfe quebrado",
], ids=["curto", "mil_acentos", "longo", "utf8_invalido"])
def test_registro_de_bytes_mostra_o_mesmo_texto_que_o_registro_do_texto_decodificado(dados):
    de_bytes, de_texto = ecolab.Registro(), ecolab.Registro()
    de_bytes.anotar("recebeu", None, dados)
    de_texto.anotar("recebeu", None, dados.decode("utf-8", errors="replace"))
    assert de_bytes.eventos()[0].texto == de_texto.eventos()[0].texto
    assert isinstance(de_bytes.eventos()[0].texto, str)


def test_registro_de_mensagens_grandes_nao_guarda_os_textos_inteiros():
    texto = "x" * 100_000
    tracemalloc.start()
    try:
        with ServidorTCP() as servidor, ClienteTCP(porta=servidor.porta) as cliente:
            cliente.enviar("aquecimento")
            antes = memoria_do_ecolab()
            for _ in range(100):
                assert cliente.enviar(texto) == PREFIXO + texto
            depois = memoria_do_ecolab()
            guardado = servidor.registro.eventos("recebeu")[-1].texto
    finally:
        tracemalloc.stop()
    print(f"\n100 mensagens de 100 000 caracteres: o ecolab guardou "
          f"{(depois - antes) / 1e6:.2f} MB a mais")
    assert guardado.startswith("xxx") and len(guardado) < 2_000
    assert depois - antes < 2_000_000  # guardando os textos inteiros, seriam 40 MB


# ----- parar com clientes conectados -----------------------------------------


def test_parar_com_20_clientes_no_meio_da_conversa_volta_logo_e_avisa_os_clientes():
    servidor = ServidorTCP().iniciar()
    todos_conversando = threading.Barrier(21, timeout=10)
    parado = threading.Event()
    finais = []

    def conversar(numero):
        with ClienteTCP(porta=servidor.porta, timeout=5) as cliente:
            cliente.enviar(f"cliente {numero} chegou")
            todos_conversando.wait()
            try:
                for i in range(100_000):  # continua falando até o servidor parar
                    cliente.enviar(f"cliente {numero} mensagem {i}")
                    if parado.is_set():  # já parou: o próximo enviar tem que falhar
                        cliente.enviar("e agora?")
                finais.append("continuou respondendo")
            except Exception as erro:  # o teste confere o tipo abaixo
                finais.append(erro)

    threads = [threading.Thread(target=conversar, args=(n,)) for n in range(20)]
    try:
        for thread in threads:
            thread.start()
        todos_conversando.wait()
        inicio = time.monotonic()
        servidor.parar()
        duracao = time.monotonic() - inicio
        parado.set()
        for thread in threads:
            thread.join(10)
    finally:
        servidor.parar()
    print(f"\nparar() com 20 clientes conversando levou {duracao * 1000:.1f} ms")
    assert duracao < 2  # parar() leva milissegundos; 2 s é só um teto generoso
    assert len(finais) == 20
    assert all(isinstance(final, ServidorIndisponivel) for final in finais), finais
