"""O servidor e o cliente TCP, como um aluno e um professor os usariam."""

import errno
import os
import re
import select
import signal
import struct
import socket
import subprocess
import sys
import threading
import time

import pytest

import ecolab
from ecolab import (
    ClienteTCP,
    ErroNoServidor,
    MensagemInvalida,
    PortaEmUso,
    ServidorIndisponivel,
    ServidorTCP,
    TempoEsgotado,
)

from conftest import threads_do_ecolab


def conectar_cru(servidor):
    """Um socket TCP puro ligado ao servidor (o papel do nc ou do telnet)."""
    sock = socket.create_connection(servidor.endereco, timeout=5)
    return sock


def ler_linha(sock):
    dados = b""
    while not dados.endswith(b"\n"):
        pedaco = sock.recv(4096)
        if not pedaco:
            break
        dados += pedaco
    return dados.decode("utf-8")


def test_cliente_recebe_a_resposta_do_exemplo_original(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        assert cliente.enviar("Olá, servidor!") == "Resposta do servidor: Olá, servidor!"


def test_iniciar_devolve_o_servidor_com_a_porta_real_e_thread_daemon():
    servidor = ServidorTCP(porta=0)
    try:
        assert servidor.iniciar() is servidor
        assert servidor.rodando
        assert servidor.endereco == ("127.0.0.1", servidor.porta)
        assert servidor.porta > 0
        assert all(t.daemon for t in threads_do_ecolab())
    finally:
        servidor.parar()
    assert not servidor.rodando


def test_threads_das_conexoes_tambem_sao_daemon(servidor_tcp):
    """Um cliente conectado não impede o programa (ou o kernel do notebook) de terminar."""
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("oi")
        conexoes = [t for t in threads_do_ecolab() if "conexao" in t.name]
        assert len(conexoes) == 1 and conexoes[0].daemon


def test_dois_servidores_sem_porta_escolhida_convivem():
    with ServidorTCP() as primeiro, ServidorTCP() as segundo:
        assert primeiro.rodando and segundo.rodando and primeiro.porta != segundo.porta
        for servidor in (primeiro, segundo):
            with ClienteTCP(porta=servidor.porta) as cliente:
                assert cliente.enviar("oi") == "Resposta do servidor: oi"


def test_parar_duas_vezes_nao_da_erro(servidor_tcp):
    servidor_tcp.parar()
    servidor_tcp.parar()
    assert not servidor_tcp.rodando


def test_with_inicia_e_para():
    with ServidorTCP() as servidor:
        assert servidor.rodando
    assert not servidor.rodando


def test_responder_personalizado_define_a_resposta():
    with ServidorTCP(responder=str.upper) as servidor, ClienteTCP(porta=servidor.porta) as c:
        assert c.enviar("ação") == "AÇÃO"


def test_conexao_fica_aberta_entre_mensagens(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        for i in range(5):
            assert cliente.enviar(f"m{i}") == f"Resposta do servidor: m{i}"
    assert servidor_tcp.registro.contar("conectou") == 1


def test_muitos_clientes_ao_mesmo_tempo_recebem_cada_um_suas_respostas(servidor_tcp):
    erros = []

    def conversar(n):
        try:
            with ClienteTCP(porta=servidor_tcp.porta) as cliente:
                for i in range(20):
                    texto = f"cliente {n} mensagem {i}"
                    if cliente.enviar(texto) != "Resposta do servidor: " + texto:
                        erros.append((n, i))
        except Exception as erro:  # qualquer falha conta
            erros.append(erro)

    threads = [threading.Thread(target=conversar, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert erros == []
    assert servidor_tcp.registro.contar("recebeu") == 50 * 20


def test_acento_partido_entre_dois_recv_chega_inteiro(servidor_tcp):
    dados = "ação não\n".encode("utf-8")  # "ç" ocupa 2 bytes: partimos no meio dele
    corte = dados.index("ç".encode()) + 1
    with conectar_cru(servidor_tcp) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(dados[:corte])
        time.sleep(0.05)
        sock.sendall(dados[corte:])
        assert ler_linha(sock) == "Resposta do servidor: ação não\n"


def test_duas_linhas_num_unico_send_recebem_duas_respostas(servidor_tcp):
    with conectar_cru(servidor_tcp) as sock:
        sock.sendall(b"um\ndois\n")
        respostas = b""
        while respostas.count(b"\n") < 2:
            respostas += sock.recv(4096)
    assert respostas.decode() == "Resposta do servidor: um\nResposta do servidor: dois\n"


def test_linha_terminada_em_crlf_como_no_telnet(servidor_tcp):
    with conectar_cru(servidor_tcp) as sock:
        sock.sendall(b"oi\r\n")
        assert ler_linha(sock) == "Resposta do servidor: oi\n"


@pytest.mark.parametrize(
    "enviado, trecho_do_erro",
    [(b"\xff\xfe lixo\n", "UTF-8"), (b"\n", "vazia")],
    ids=["utf8_invalido", "linha_vazia"],
)
def test_entrada_ruim_recebe_erro_em_portugues_e_a_conexao_continua(
    servidor_tcp, enviado, trecho_do_erro
):
    with conectar_cru(servidor_tcp) as sock:
        sock.sendall(enviado)
        resposta = ler_linha(sock)
        assert resposta.startswith("ERRO: ") and trecho_do_erro in resposta
        sock.sendall(b"depois\n")
        assert ler_linha(sock) == "Resposta do servidor: depois\n"
    assert servidor_tcp.registro.contar("erro") == 1


def test_linha_grande_demais_fecha_so_aquela_conexao(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as vizinho, conectar_cru(servidor_tcp) as sock:
        vizinho.enviar("oi")
        try:
            sock.sendall(b"x" * (ecolab.LIMITE_TCP + 100_000))
        except OSError:
            pass  # o servidor pode fechar antes de recebermos tudo
        resposta = ler_linha(sock)
        assert "ERRO: conexão encerrada" in resposta and "1.048.576\u00a0bytes" in resposta
        assert vizinho.enviar("ainda aqui?") == "Resposta do servidor: ainda aqui?"


def test_cliente_que_some_no_meio_da_linha_fica_no_registro(servidor_tcp):
    with conectar_cru(servidor_tcp) as sock:
        sock.sendall(b"metade sem fim de linha")
    esperar(lambda: servidor_tcp.registro.contar("desconectou") == 1)
    (fim,) = servidor_tcp.registro.eventos("desconectou")
    assert "no meio de uma linha" in fim.texto and "23 bytes" in fim.texto


# ----- o cliente do livro: mensagens sem \n ----------------------------------


def cliente_do_livro(servidor, mensagem):
    """O primeiro cliente TCP do Kurose: connect, send sem \\n, recv(1024)."""
    cliente = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    cliente.settimeout(10)  # o do livro não tem: aqui o teste não pode travar
    cliente.connect(("127.0.0.1", servidor.porta))
    cliente.send(mensagem.encode())
    resposta = cliente.recv(1024)
    return cliente, resposta.decode()


def test_cliente_do_livro_sem_barra_n_recebe_um_erro_que_ensina_e_nao_silencio(servidor_tcp):
    cliente, resposta = cliente_do_livro(servidor_tcp, "Olá, servidor!")
    with cliente:
        assert resposta.startswith("ERRO: a mensagem chegou sem o \\n")
        assert "lição 03" in resposta and resposta.endswith("\n")
        cliente.sendall(b"\n")  # o fim da linha chega depois: a linha é respondida
        assert ler_linha(cliente) == "Resposta do servidor: Olá, servidor!\n"
    assert servidor_tcp.registro.contar("respondeu") == 1


def servidor_apressado():
    """Um ServidorTCP que avisa da linha sem \\n depois de 0,05 s (para os testes)."""
    servidor = ServidorTCP()
    servidor.espera_pelo_fim_de_linha = 0.05
    return servidor


def test_aviso_do_barra_n_vem_uma_vez_so_por_conexao():
    with servidor_apressado() as servidor, conectar_cru(servidor) as sock:
        sock.sendall(b"um ")
        assert ler_linha(sock).startswith("ERRO: a mensagem chegou sem o \\n")
        sock.sendall(b"dois ")
        time.sleep(0.3)  # tempo de sobra para um segundo aviso, que não deve vir
        sock.sendall(b"tres\n")
        assert ler_linha(sock) == "Resposta do servidor: um dois tres\n"


def test_depois_do_primeiro_barra_n_uma_linha_lenta_nao_recebe_aviso():
    with servidor_apressado() as servidor, conectar_cru(servidor) as sock:
        sock.sendall(b"primeira\n")
        assert ler_linha(sock) == "Resposta do servidor: primeira\n"
        sock.sendall(b"digitando devagar")
        time.sleep(0.3)
        sock.sendall(b"...\n")
        assert ler_linha(sock) == "Resposta do servidor: digitando devagar...\n"


def test_cliente_do_livro_com_shutdown_recebe_a_resposta_da_ultima_linha(servidor_tcp):
    with socket.create_connection(servidor_tcp.endereco, timeout=10) as cliente:
        cliente.sendall("Olá, servidor!".encode())
        cliente.shutdown(socket.SHUT_WR)  # "terminei de enviar"; ainda dá para receber
        recebido = b""
        while pedaco := cliente.recv(1024):
            recebido += pedaco
    assert recebido.decode() == "Resposta do servidor: Olá, servidor!\n"
    esperar(lambda: servidor_tcp.registro.contar("desconectou") == 1)
    (fim,) = servidor_tcp.registro.eventos("desconectou")
    assert fim.texto == ("o cliente encerrou o envio no meio de uma linha (15 bytes sem \\n, "
                         "respondidos como a última mensagem)")


def test_nc_sem_barra_n_no_fim_recebe_a_resposta(servidor_tcp):
    from conftest import exigir_programa

    nc = exigir_programa("nc", "netcat-openbsd")
    resultado = subprocess.run(
        [nc, "-N", "127.0.0.1", str(servidor_tcp.porta)],
        input="um\nÚltima, sem fim de linha".encode(), capture_output=True, timeout=20,
    )
    assert resultado.stdout.decode() == (
        "Resposta do servidor: um\nResposta do servidor: Última, sem fim de linha\n"
    )


# ----- parar() se despede de quem está conectado ----------------------------


def test_parar_manda_a_linha_de_fim_a_cada_cliente_conectado():
    servidor = ServidorTCP().iniciar()
    socks = [conectar_cru(servidor) for _ in range(3)]
    for sock in socks:
        sock.sendall(b"oi\n")
        assert ler_linha(sock) == "Resposta do servidor: oi\n"
    servidor.parar()
    for sock in socks:
        with sock:
            assert ler_linha(sock) == "ERRO: conexão encerrada: o servidor foi parado\n"
            assert sock.recv(10) == b""


def test_nc_conectado_ouve_a_linha_de_fim_quando_o_servidor_para():
    from conftest import exigir_programa

    nc = exigir_programa("nc", "netcat-openbsd")
    servidor = ServidorTCP().iniciar()
    processo = subprocess.Popen(
        [nc, "127.0.0.1", str(servidor.porta)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        processo.stdin.write(b"oi\n")
        processo.stdin.flush()
        assert processo.stdout.readline() == b"Resposta do servidor: oi\n"
        servidor.parar()
        assert processo.stdout.readline().decode() == (
            "ERRO: conexão encerrada: o servidor foi parado\n"
        )
    finally:
        servidor.parar()
        processo.stdin.close()
        processo.wait(10)
        processo.stdout.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT não se envia assim no Windows")
def test_ctrl_c_no_script_do_servidor_manda_a_linha_de_fim_aos_clientes():
    processo = subprocess.Popen(
        [sys.executable, "-m", "ecolab.servidor_tcp", "--porta", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"},
    )
    try:
        achado = re.search(r"127\.0\.0\.1:(\d+)", processo.stdout.readline())
        assert achado, "o servidor não disse em que porta escuta"
        with socket.create_connection(("127.0.0.1", int(achado.group(1))), timeout=10) as sock:
            sock.sendall(b"oi\n")
            assert ler_linha(sock) == "Resposta do servidor: oi\n"
            processo.send_signal(signal.SIGINT)  # o Ctrl+C do terminal
            assert ler_linha(sock) == "ERRO: conexão encerrada: o servidor foi parado\n"
    finally:
        if processo.poll() is None:
            processo.kill()
        processo.communicate(timeout=10)


def test_cliente_tcp_depois_de_parar_diz_que_o_servidor_foi_parado(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta, timeout=2) as cliente:
        cliente.enviar("oi")
        servidor_tcp.parar()
        with pytest.raises(ServidorIndisponivel, match="o servidor foi parado"):
            cliente.enviar("de novo")


# ----- localhost: IPv4 primeiro ---------------------------------------------


def localhost_com_ipv6_primeiro(monkeypatch):
    """Faz ``localhost`` resolver para ``::1`` primeiro, como acontece no Windows."""
    getaddrinfo_de_verdade = socket.getaddrinfo

    def getaddrinfo_ipv6_primeiro(host, porta, *args, **kwargs):
        if host != "localhost":
            return getaddrinfo_de_verdade(host, porta, *args, **kwargs)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", porta, 0, 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", porta)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo_ipv6_primeiro)


def test_localhost_tenta_ipv4_antes_de_ipv6_como_no_windows(monkeypatch, servidor_tcp):
    """No Windows, ``localhost`` pode dar ``::1`` primeiro, e cada recusa custa ~2 s."""
    connect_de_verdade = socket.socket.connect
    tentativas = []

    def connect_que_demora_a_recusar_ipv6(sock, endereco):
        tentativas.append(endereco[0])
        if endereco[0] == "::1":  # o ServidorTCP escuta só em 127.0.0.1
            time.sleep(2)  # o Windows insiste no SYN antes de desistir
            raise ConnectionRefusedError(10061, "conexão recusada")
        return connect_de_verdade(sock, endereco)

    localhost_com_ipv6_primeiro(monkeypatch)
    monkeypatch.setattr(socket.socket, "connect", connect_que_demora_a_recusar_ipv6)
    with ClienteTCP("localhost", servidor_tcp.porta) as cliente:
        assert cliente.enviar("oi") == "Resposta do servidor: oi"
    assert tentativas == ["127.0.0.1"]


def ipv6_disponivel():
    """Diz se este sistema escuta em ``::1`` (sem IPv6, os testes de IPv6 são pulados)."""
    if not socket.has_ipv6:
        return False
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        return False
    return True


def test_servidor_so_em_ipv6_ainda_e_alcancado_por_localhost(monkeypatch):
    """IPv4 primeiro não tira o IPv6: se ninguém escuta no IPv4, o próximo endereço é tentado."""
    if not ipv6_disponivel():
        pytest.skip("IPv6 desligado nesta máquina")
    servidor = ServidorTCP(host="::1").iniciar()
    localhost_com_ipv6_primeiro(monkeypatch)
    with servidor, ClienteTCP("localhost", servidor.porta) as cliente:
        assert cliente.enviar("oi") == "Resposta do servidor: oi"


def test_cliente_calado_nao_atrapalha_os_outros(servidor_tcp):
    with conectar_cru(servidor_tcp), ClienteTCP(porta=servidor_tcp.porta, timeout=2) as c:
        assert c.enviar("oi") == "Resposta do servidor: oi"


def test_conexao_ociosa_e_encerrada_com_aviso():
    servidor = ServidorTCP()
    servidor.tempo_ocioso = 0.2
    with servidor, conectar_cru(servidor) as sock:
        resposta = ler_linha(sock)
        assert resposta.startswith("ERRO: conexão encerrada") and "tempo_ocioso" in resposta
        assert sock.recv(10) == b""


def test_acima_do_maximo_de_conexoes_o_cliente_recebe_recusa_clara():
    servidor = ServidorTCP()
    servidor.max_conexoes = 1
    with servidor, ClienteTCP(porta=servidor.porta) as primeiro:
        primeiro.enviar("oi")
        with conectar_cru(servidor) as segundo:
            resposta = ler_linha(segundo)
    assert resposta.startswith("ERRO: servidor lotado") and "max_conexoes" in resposta


def test_registro_conta_a_conversa_com_horario_e_endereco(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("oi")
        porta_cliente = cliente._sock.getsockname()[1]
    esperar(lambda: servidor_tcp.registro.contar("desconectou") == 1)
    tipos = [e.tipo for e in servidor_tcp.registro.eventos()]
    assert tipos == ["iniciou", "conectou", "recebeu", "respondeu", "desconectou"]
    recebeu = servidor_tcp.registro.eventos("recebeu")[0]
    assert recebeu.endereco == ("127.0.0.1", porta_cliente)
    assert recebeu.texto == "oi" and abs(recebeu.momento - time.time()) < 60
    assert [e.tipo for e in cliente.registro.eventos()] == [
        "conectou", "enviou", "recebeu", "fechou"
    ]


def test_erro_no_responder_vai_ao_cliente_e_parar_o_levanta():
    def responder(mensagem):
        return str(1 / 0)

    servidor = ServidorTCP(responder=responder).iniciar()
    with ClienteTCP(porta=servidor.porta) as cliente:
        resposta = cliente.enviar("oi")
    assert resposta.startswith("ERRO: o servidor falhou") and "ZeroDivisionError" in resposta
    assert "ZeroDivisionError" in servidor.registro.eventos("erro")[0].texto
    with pytest.raises(ErroNoServidor, match="responder") as erro:
        servidor.parar()
    assert isinstance(erro.value.__cause__, ZeroDivisionError)
    servidor.parar()  # o erro já foi mostrado: a segunda vez fica quieta


def test_responder_que_nao_devolve_texto_e_um_erro_explicado():
    servidor = ServidorTCP(responder=len, porta=0).iniciar()
    with ClienteTCP(porta=servidor.porta) as cliente:
        assert "deveria devolver um texto" in cliente.enviar("oi")
    # O cliente recebeu a linha de erro; o aluno vê a exceção quando para o servidor.
    with pytest.raises(ecolab.ErroNoServidor, match="devolveu int"):
        servidor.parar()


def test_parar_espera_a_conversa_em_andamento_terminar():
    """Uma resposta que está sendo calculada quando ``parar()`` é chamado termina
    antes de ``parar()`` voltar: nenhuma thread de conexão fica para trás."""
    comecou, pode_terminar, terminou = threading.Event(), threading.Event(), threading.Event()

    def responder_devagar(mensagem):
        comecou.set()
        pode_terminar.wait(2)
        terminou.set()
        return mensagem

    servidor = ServidorTCP(responder=responder_devagar, porta=0).iniciar()
    with socket.create_connection(("127.0.0.1", servidor.porta), timeout=2) as sock:
        sock.sendall(b"oi\n")
        assert comecou.wait(2)
        threading.Timer(0.2, pode_terminar.set).start()
        servidor.parar()
        assert terminou.is_set()
    assert not [t for t in threads_do_ecolab() if "conexao" in t.name]


def test_parar_fecha_conexoes_e_o_cliente_recebe_servidor_indisponivel(servidor_tcp):
    cliente = ClienteTCP(porta=servidor_tcp.porta, timeout=2)
    cliente.enviar("oi")
    servidor_tcp.parar()
    with pytest.raises(ServidorIndisponivel) as erro:
        cliente.enviar("de novo")
    assert isinstance(erro.value, ConnectionError)
    cliente.fechar()


def test_cliente_reconecta_quando_o_servidor_volta():
    with ServidorTCP() as servidor:
        porta = servidor.porta
        cliente = ClienteTCP(porta=porta, timeout=2)
        cliente.enviar("antes")
    with pytest.raises(ServidorIndisponivel):
        cliente.enviar("durante")
    with ServidorTCP(porta=porta):
        assert cliente.enviar("depois") == "Resposta do servidor: depois"
    cliente.fechar()


def test_nada_fica_para_tras_depois_de_parar():
    antes_threads = len(threads_do_ecolab())
    antes_fds = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        with ServidorTCP() as servidor:
            clientes = [ClienteTCP(porta=servidor.porta) for _ in range(3)]
            for c in clientes:
                c.enviar("oi")
        for c in clientes:
            c.fechar()
    assert len(threads_do_ecolab()) == antes_threads
    assert len(os.listdir("/proc/self/fd")) == antes_fds


def test_sem_servidor_o_cliente_recebe_erro_que_diz_o_que_fazer():
    porta = porta_livre()
    with pytest.raises(ServidorIndisponivel) as erro:
        ClienteTCP(porta=porta).enviar("oi")
    texto = str(erro.value)
    assert f"127.0.0.1:{porta}" in texto and "iniciado" in texto
    assert isinstance(erro.value, ConnectionError) and isinstance(erro.value, ecolab.ErroEcolab)


def test_servidor_lento_da_tempo_esgotado_em_vez_de_travar():
    liberar = threading.Event()

    def responder(mensagem):
        liberar.wait(5)
        return mensagem

    with ServidorTCP(responder=responder) as servidor:
        with pytest.raises(TempoEsgotado) as erro:
            ClienteTCP(porta=servidor.porta, timeout=0.2).enviar("oi")
        liberar.set()
    assert isinstance(erro.value, TimeoutError) and "0,2\u00a0s" in str(erro.value)


@pytest.mark.parametrize("ajuste", ["tempo_ocioso", "espera_pelo_fim_de_linha"])
def test_ajuste_de_tempo_invalido_e_recusado_ao_iniciar_com_o_nome_do_ajuste(ajuste):
    servidor = ServidorTCP()
    setattr(servidor, ajuste, 0)
    with pytest.raises(ecolab.ArgumentoInvalido) as erro:
        servidor.iniciar()
    assert str(erro.value) == (
        f"O {ajuste} precisa ser maior que zero e de no máximo um dia (86.400\u00a0s), mas "
        f"recebi 0. Use um número de segundos maior que zero, por exemplo {ajuste}=5 ou "
        f"{ajuste}=0.5.")
    assert not servidor.rodando


def test_porta_ocupada_por_outro_programa_da_porta_em_uso():
    with socket.socket() as outro_programa:
        outro_programa.bind(("127.0.0.1", 0))
        outro_programa.listen()
        porta = outro_programa.getsockname()[1]
        with pytest.raises(PortaEmUso) as erro:
            ServidorTCP(porta=porta).iniciar()
    assert isinstance(erro.value, OSError) and "porta=0" in str(erro.value)
    assert str(erro.value).startswith(f"A porta TCP {porta} em 127.0.0.1 já está em uso")
    assert erro.value.protocolo == "TCP"
    with ServidorTCP(porta=erro.value.porta_livre) as servidor:  # a sugestão funciona
        assert servidor.porta == erro.value.porta_livre


def test_reexecutar_a_celula_substitui_o_servidor_da_mesma_porta(capsys):
    porta = porta_livre()
    primeiro = ServidorTCP(porta=porta).iniciar()
    segundo = ServidorTCP(porta=porta).iniciar()
    try:
        assert not primeiro.rodando and segundo.rodando
        assert "foi parado para dar lugar" in capsys.readouterr().out
        with ClienteTCP(porta=porta) as cliente:
            assert cliente.enviar("oi") == "Resposta do servidor: oi"
    finally:
        segundo.parar()


def test_parar_todos_para_cada_servidor_do_processo():
    servidores = [ServidorTCP().iniciar(), ecolab.ServidorUDP().iniciar()]
    ecolab.parar_todos()
    assert not any(s.rodando for s in servidores)


def test_escutar_em_todas_as_interfaces_exige_pedido_e_avisa():
    with pytest.warns(ecolab.AvisoRede, match="outras máquinas"):
        servidor = ServidorTCP(host="0.0.0.0").iniciar()
    try:
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == "Resposta do servidor: oi"
    finally:
        servidor.parar()


def test_servidor_e_cliente_em_ipv6_loopback():
    if not ipv6_disponivel():
        pytest.skip("IPv6 desligado nesta máquina")
    servidor = ServidorTCP(host="::1").iniciar()
    with servidor, ClienteTCP(host="::1", porta=servidor.porta) as cliente:
        assert cliente.enviar("oi") == "Resposta do servidor: oi"


@pytest.mark.parametrize(
    "mensagem, trecho",
    [
        (42, r"texto \(str\)"),
        ("duas\nlinhas", "quebra de linha"),
        ("a\rb", "quebra de linha"),
        ("", "vazia"),
        ("x" * (ecolab.LIMITE_TCP + 1), "limite"),
        ("\ud800", "UTF-8"),
    ],
    ids=["nao_e_texto", "quebra_de_linha", "retorno_de_carro", "vazia", "grande_demais",
         "surrogate"],
)
def test_mensagem_invalida_e_recusada_antes_de_sair_do_cliente(servidor_tcp, mensagem, trecho):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        with pytest.raises(MensagemInvalida, match=trecho) as erro:
            cliente.enviar(mensagem)
        assert isinstance(erro.value, ValueError)
        assert cliente.enviar("ok") == "Resposta do servidor: ok"
    # Nada da mensagem recusada chegou ao servidor: só o "ok".
    assert [evento.texto for evento in servidor_tcp.registro.eventos("recebeu")] == ["ok"]


def test_mensagem_de_quase_1_mib_vai_e_volta():
    grande = "é" * (ecolab.LIMITE_TCP // 2 - 10)  # 2 bytes cada em UTF-8
    with ServidorTCP(responder=lambda m: str(len(m))) as servidor:
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar(grande) == str(len(grande))


def porta_livre():
    """Uma porta TCP que ninguém está usando agora."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def esperar(condicao, segundos=5.0):
    """Espera ``condicao()`` ficar verdadeira (eventos chegam por outra thread)."""
    limite = time.monotonic() + segundos
    while not condicao():
        assert time.monotonic() < limite, "a condição não aconteceu a tempo"
        time.sleep(0.01)


def test_conexao_sem_resposta_da_tempo_esgotado_que_fala_do_pedido_de_conexao(monkeypatch):
    """Um firewall que descarta o SYN: ninguém aceita nem recusa, o connect expira."""
    def connect_descartado(endereco, timeout=None, *args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", connect_descartado)
    cliente = ClienteTCP(porta=12999, timeout=0.2)
    with pytest.raises(TempoEsgotado) as erro:
        cliente.enviar("tem alguém aí?")
    assert erro.value.ao_conectar and not cliente.conectado
    assert "ninguém respondeu ao pedido de conexão para 127.0.0.1:12999" in str(erro.value)
    assert "firewall" in str(erro.value)


# ----- o limite de uma linha, byte a byte -------------------------------------------


class SocketDePedacos:
    """Um socket de mentira: cada ``recv`` devolve o próximo pedaço; depois, b"" (fim)."""

    def __init__(self, *pedacos):
        self.pedacos = list(pedacos)

    def recv(self, _tamanho):
        return self.pedacos.pop(0) if self.pedacos else b""


def test_linha_de_exatamente_o_limite_com_o_fim_de_linha_noutro_recv_e_aceita():
    from ecolab.tcp import ler_linhas

    linhas = list(ler_linhas(SocketDePedacos(b"a" * 10, b"\n"), limite=10))

    assert linhas == [b"a" * 10]


def test_linha_um_byte_acima_do_limite_e_recusada_antes_do_fim_de_linha():
    from ecolab.tcp import LinhaLongaDemais, ler_linhas

    with pytest.raises(LinhaLongaDemais):
        list(ler_linhas(SocketDePedacos(b"a" * 11, b"\n"), limite=10))


def test_um_erro_no_proprio_laco_de_accept_nao_some(monkeypatch):
    """Se o laço do ``accept`` quebrar (um defeito do ecolab, não do aluno), a thread
    morre; o erro tem de aparecer em ``parar()``, e não ser engolido."""
    def quebrar(_servidor):
        raise RuntimeError("defeito no laço do accept")

    monkeypatch.setattr(ServidorTCP, "_aceitar", quebrar)
    servidor = ServidorTCP(porta=0).iniciar()
    with socket.create_connection(("127.0.0.1", servidor.porta), timeout=2):
        nome = f"ecolab-TCP-{servidor.porta}"
        esperar(lambda: not [t for t in threads_do_ecolab() if t.name == nome])

    with pytest.raises(ecolab.ErroNoServidor, match="defeito no laço do accept"):
        servidor.parar()


# ----- a linha de resposta: o que o cliente lê, inteiro ---------------------------


def test_linha_que_nao_e_utf8_recebe_o_motivo_inteiro_e_fica_no_registro_com_quem_mandou(
        servidor_tcp):
    motivo = "a mensagem não é texto UTF-8 válido; envie texto, não bytes soltos"
    with conectar_cru(servidor_tcp) as sock:
        sock.sendall(b"\xff\xfe lixo\n")
        assert ler_linha(sock) == f"ERRO: {motivo}\n"
        quem = sock.getsockname()[:2]
    assert [(e.endereco, e.texto) for e in servidor_tcp.registro.eventos("erro")] == [
        (quem, motivo)]


@pytest.mark.parametrize("resposta", ["a\nb", "a\rb", "fim\r\n"],
                         ids=["barra_n", "barra_r", "crlf"])
def test_resposta_com_quebra_de_linha_vira_erro_no_cliente_e_em_parar(resposta):
    servidor = ServidorTCP(responder=lambda _mensagem: resposta).iniciar()
    with ClienteTCP(porta=servidor.porta) as cliente:
        assert cliente.enviar("oi") == "ERRO: a resposta do servidor tinha quebra de linha"
        quem = cliente._sock.getsockname()[:2]
    with pytest.raises(ErroNoServidor, match="ValueError: a resposta do responder tem "
                       "quebra de linha") as erro:
        servidor.parar()
    assert isinstance(erro.value.__cause__, ValueError)
    (anotado,) = servidor.registro.eventos("erro")
    assert (anotado.endereco, anotado.texto) == (
        quem, "ValueError: a resposta do responder tem quebra de linha")


def test_resposta_com_caractere_fora_do_utf8_chega_com_interrogacao_no_lugar():
    with ServidorTCP(responder=lambda _mensagem: "a\ud800b") as servidor:
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == "a?b"


def test_resposta_de_exatamente_o_limite_chega_inteira():
    with ServidorTCP(responder=lambda _mensagem: "x" * ecolab.LIMITE_TCP) as servidor:
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == "x" * ecolab.LIMITE_TCP


def test_resposta_um_byte_acima_do_limite_vira_erro_que_diz_os_dois_tamanhos():
    servidor = ServidorTCP(responder=lambda _mensagem: "é" + "x" * (ecolab.LIMITE_TCP - 1))
    servidor.iniciar()
    motivo = ("a resposta do responder tem 1.048.577\u00a0bytes, acima do limite de "
              "1.048.576\u00a0bytes por linha")
    with ClienteTCP(porta=servidor.porta) as cliente:
        assert cliente.enviar("oi") == f"ERRO: {motivo}"
        quem = cliente._sock.getsockname()[:2]
        assert cliente.enviar("de novo") == f"ERRO: {motivo}"  # a conexão continua
    with pytest.raises(ErroNoServidor, match=f"2 erro\\(s\\).*ValueError: {motivo}") as erro:
        servidor.parar()
    assert isinstance(erro.value.__cause__, ValueError)
    assert [(e.endereco, e.texto) for e in servidor.registro.eventos("erro")] == [
        (quem, f"ValueError: {motivo}")] * 2


# ----- o cliente diante de um servidor que não é o do ecolab ---------------------


class ServidorCru:
    """Um servidor TCP escrito à mão, que faz o que o ``ServidorTCP`` nunca faz.

    Atende uma conexão por vez, na ordem em que chegam, cada uma com a próxima
    função de ``conversas`` (que recebe o socket da conexão, já aceita).
    """

    def __init__(self, *conversas):
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.porta = self._sock.getsockname()[1]
        self.endereco = ("127.0.0.1", self.porta)
        self._conversas = list(conversas)
        self.atendidas = 0
        self._thread = threading.Thread(target=self._atender, name="servidor-cru", daemon=True)
        self._thread.start()

    def _atender(self):
        for conversa in self._conversas:
            try:
                conexao, _ = self._sock.accept()
            except OSError:  # __exit__ fechou a porta
                return
            with conexao:
                conversa(conexao)
            self.atendidas += 1

    def __enter__(self):
        return self

    def __exit__(self, *erro):
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # acorda o accept
        except OSError:
            pass
        self._sock.close()
        self._thread.join(5)


def ler_uma_linha(conexao):
    conexao.settimeout(5)
    assert ler_linha(conexao).endswith("\n")


def derrubar(conexao):
    """Fecha com RST em vez de FIN (SO_LINGER com espera 0): a conexão "cai"."""
    conexao.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_resposta_que_nao_e_utf8_chega_ao_cliente_com_o_caractere_de_substituicao():
    def responder_bytes_soltos(conexao):
        ler_uma_linha(conexao)
        conexao.sendall(b"\xffok\n")

    with ServidorCru(responder_bytes_soltos) as servidor:
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == "\ufffdok"


def test_servidor_que_fecha_sem_responder_da_servidor_indisponivel_que_diz_isso():
    with ServidorCru(ler_uma_linha) as servidor:
        cliente = ClienteTCP(porta=servidor.porta)
        with pytest.raises(ServidorIndisponivel) as erro:
            cliente.enviar("oi")
    assert str(erro.value) == (
        f"Servidor indisponível em 127.0.0.1:{servidor.porta}: o servidor encerrou a "
        "conexão. Verifique se o servidor foi iniciado (por exemplo, execute a célula "
        "com servidor.iniciar()) e se o host e a porta estão certos.")
    assert erro.value.endereco == servidor.endereco
    assert not cliente.conectado
    assert [(e.tipo, e.texto) for e in cliente.registro.eventos()][-2:] == [
        ("erro", "o servidor encerrou a conexão"), ("fechou", "conexão fechada")]


@pytest.mark.skipif(sys.platform == "win32", reason="o texto do erro do Windows é outro")
def test_conexao_que_cai_esperando_a_resposta_da_servidor_indisponivel_com_o_erro():
    def ler_e_derrubar(conexao):
        ler_uma_linha(conexao)
        derrubar(conexao)

    caiu = str(ConnectionResetError(errno.ECONNRESET, os.strerror(errno.ECONNRESET)))
    with ServidorCru(ler_e_derrubar) as servidor:
        cliente = ClienteTCP(porta=servidor.porta)
        with pytest.raises(ServidorIndisponivel) as erro:
            cliente.enviar("oi")
    assert str(erro.value).startswith(
        f"Servidor indisponível em 127.0.0.1:{servidor.porta}: a conexão caiu ({caiu}). ")
    assert erro.value.endereco == servidor.endereco
    assert not cliente.conectado
    assert [(e.tipo, e.texto) for e in cliente.registro.eventos()][-2:] == [
        ("erro", caiu), ("fechou", "conexão fechada")]


def test_cliente_parado_ve_o_aviso_que_chegou_fora_de_hora_mesmo_sem_utf8():
    respondido = threading.Event()

    def responder_e_se_despedir(conexao):
        ler_uma_linha(conexao)
        conexao.sendall(b"ok\n")
        respondido.wait(5)  # a despedida chega depois, com o cliente parado
        conexao.sendall(b"\xff adeus\n")

    def responder(conexao):
        ler_uma_linha(conexao)
        conexao.sendall(b"de novo\n")

    with ServidorCru(responder_e_se_despedir, responder) as servidor:
        with ClienteTCP(porta=servidor.porta) as cliente:
            cliente.conferir_apos = 0.0
            assert cliente.enviar("um") == "ok"
            respondido.set()
            esperar(lambda: servidor.atendidas == 1)
            assert cliente.enviar("dois") == "de novo"
    assert [(e.tipo, e.texto) for e in cliente.registro.eventos()][3:6] == [
        ("aviso", "\ufffd adeus"), ("fechou", "conexão fechada"),
        ("conectou", "conexão aberta")]


@pytest.mark.skipif(sys.platform == "win32", reason="o texto do erro do Windows é outro")
def test_cliente_parado_cuja_conexao_caiu_anota_o_erro_e_conecta_de_novo():
    def responder_e_derrubar(conexao):
        ler_uma_linha(conexao)
        conexao.sendall(b"ok\n")
        derrubar(conexao)

    def responder(conexao):
        ler_uma_linha(conexao)
        conexao.sendall(b"de novo\n")

    caiu = str(ConnectionResetError(errno.ECONNRESET, os.strerror(errno.ECONNRESET)))
    with ServidorCru(responder_e_derrubar, responder) as servidor:
        with ClienteTCP(porta=servidor.porta) as cliente:
            cliente.conferir_apos = 0.0
            assert cliente.enviar("um") == "ok"
            esperar(lambda: servidor.atendidas == 1)
            assert cliente.enviar("dois") == "de novo"
    assert [(e.tipo, e.texto) for e in cliente.registro.eventos()][3:6] == [
        ("aviso", caiu), ("fechou", "conexão fechada"), ("conectou", "conexão aberta")]


def test_cliente_que_confere_a_conexao_antes_de_cada_envio_segue_na_mesma_conexao(
        servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.conferir_apos = 0.0  # confere sempre: a conexão boa não tem nada a ler
        for texto in ("um", "dois", "três"):
            assert cliente.enviar(texto) == "Resposta do servidor: " + texto
    assert servidor_tcp.registro.contar("conectou") == 1
    assert cliente.registro.contar("aviso") == 0


def test_sem_aviso_do_barra_n_quando_o_tempo_ocioso_chega_antes():
    """Com ``espera_pelo_fim_de_linha`` igual a ``tempo_ocioso``, quem fala primeiro
    é o fim por ociosidade: o aviso do ``\\n`` viria junto com o fim, e não ajudaria."""
    servidor = ServidorTCP()
    servidor.tempo_ocioso = servidor.espera_pelo_fim_de_linha = 0.2
    with servidor, conectar_cru(servidor) as sock:
        sock.sendall(b"sem fim de linha")
        assert ler_linha(sock) == (
            "ERRO: conexão encerrada: 0,2\u00a0s sem mensagens (limite tempo_ocioso)\n")
        assert sock.recv(10) == b""
    assert servidor.registro.contar("aviso") == 0


def test_servidor_aceita_linha_de_exatamente_o_limite_com_o_fim_de_linha_noutro_recv():
    servidor = ServidorTCP()
    servidor.espera_pelo_fim_de_linha = servidor.tempo_ocioso  # sem o aviso do \n
    conexao = SocketDePedacos(b"a" * ecolab.LIMITE_TCP, b"\n")

    linhas = list(servidor._ler_linhas(conexao, ("127.0.0.1", 50000)))

    assert linhas == [b"a" * ecolab.LIMITE_TCP]


def test_ler_linhas_diz_quantos_bytes_ficaram_sem_fim_de_linha():
    from ecolab.tcp import LinhaIncompleta, LinhaLongaDemais, ler_linhas

    with pytest.raises(LinhaIncompleta) as incompleta:
        list(ler_linhas(SocketDePedacos(b"um\ndois")))
    with pytest.raises(LinhaLongaDemais) as longa:
        list(ler_linhas(SocketDePedacos(b"um\n" + b"a" * 11), limite=10))
    assert incompleta.value.args == (4,) and longa.value.args == (11,)


def test_cliente_conectado_antes_do_primeiro_envio_envia_normalmente(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        assert cliente.conectar() is cliente and cliente.conectado
        assert cliente.enviar("oi") == "Resposta do servidor: oi"
        assert cliente.enviar("de novo") == "Resposta do servidor: de novo"
    assert servidor_tcp.registro.contar("conectou") == 1


def test_cliente_que_nao_le_as_respostas_nao_segura_parar():
    """Um cliente que pede e não lê enche os buffers: a thread da conexão fica presa
    no ``sendall``. ``parar()`` tenta a linha de fim por pouco tempo e segue em frente."""
    servidor = ServidorTCP(responder=lambda _mensagem: "y" * 1_000_000).iniciar()
    with socket.create_connection(servidor.endereco, timeout=10) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(b"x\n" * 50)  # 50 MB de respostas, que ninguém lê
        esperar(lambda: servidor.conexoes == 1)
        with servidor._trava_conexoes:
            (conexao,) = servidor._conexoes
        esperar(lambda: not select.select([], [conexao], [], 0)[1])  # o buffer encheu
        parando = threading.Thread(target=servidor.parar)
        parando.start()
        parando.join(20)
        assert not parando.is_alive(), "parar() ficou preso no cliente que não lê"
    assert not servidor.rodando and servidor.conexoes == 0
