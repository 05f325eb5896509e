"""O registro conta exatamente o que aconteceu, na ordem, com quem e com que texto.

É o registro que o aluno lê (``print(servidor.registro)``, as tabelas do painel)
para entender uma conversa: um tipo de evento trocado, um endereço que some ou
um texto errado ali ensinaria errado. Cada teste percorre um caminho (conversa
normal, conexão recusada, prazo esgotado, servidor que fecha) e confere o
registro inteiro, não só um evento.
"""

import errno
import socket
import threading
import time

import pytest

import ecolab
from ecolab import (
    ClienteTCP,
    ClienteUDP,
    ServidorIndisponivel,
    ServidorTCP,
    ServidorUDP,
    TempoEsgotado,
)
from ecolab import tcp

from test_tcp import (conectar_cru, esperar, ipv6_disponivel, ler_linha, porta_livre,
                      servidor_apressado)

PREFIXO = "Resposta do servidor: "


def eventos(registro):
    """O registro sem os horários: ``[(tipo, endereço, texto), ...]``."""
    return [(e.tipo, e.endereco, e.texto) for e in registro.eventos()]


# ----- o cliente TCP -----------------------------------------------------------


def test_cliente_tcp_anota_conexao_envio_resposta_e_fechamento():
    with ServidorTCP() as servidor:
        endereco = ("127.0.0.1", servidor.porta)
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == PREFIXO + "oi"
            assert repr(cliente) == f"<ClienteTCP para 127.0.0.1:{servidor.porta}, conectado>"
        assert repr(cliente) == f"<ClienteTCP para 127.0.0.1:{servidor.porta}, desconectado>"
    assert eventos(cliente.registro) == [
        ("conectou", endereco, "conexão aberta"),
        ("enviou", endereco, "oi"),
        ("recebeu", endereco, PREFIXO + "oi"),
        ("fechou", endereco, "conexão fechada"),
    ]


def test_cliente_tcp_sem_servidor_anota_conexao_recusada_e_diz_por_que():
    porta = porta_livre()
    cliente = ClienteTCP(porta=porta)
    with pytest.raises(ServidorIndisponivel) as erro:
        cliente.enviar("oi")
    assert str(erro.value) == (
        f"Servidor indisponível em 127.0.0.1:{porta}: conexão recusada: nenhum programa "
        "escuta nessa porta. Verifique se o servidor foi iniciado (por exemplo, execute a "
        "célula com servidor.iniciar()) e se o host e a porta estão certos.")
    assert eventos(cliente.registro) == [("erro", ("127.0.0.1", porta), "conexão recusada")]


def test_cliente_tcp_com_host_que_nao_existe_diz_que_nao_achou_o_host(monkeypatch):
    def sem_nome(*_args, **_kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", sem_nome)
    cliente = ClienteTCP(porta=12999)
    with pytest.raises(ServidorIndisponivel) as erro:
        cliente.conectar()
    assert str(erro.value).startswith(
        "Servidor indisponível em 127.0.0.1:12999: não consegui encontrar esse host "
        "(confira o nome ou use um IP). Verifique")


def test_cliente_tcp_com_outra_falha_de_conexao_cita_o_erro(monkeypatch):
    falha = OSError(errno.ENETUNREACH, "Network is unreachable")

    def rede_fora(*_args, **_kwargs):
        raise falha

    monkeypatch.setattr(socket, "create_connection", rede_fora)
    with pytest.raises(ServidorIndisponivel) as erro:
        ClienteTCP(porta=12999).conectar()
    assert f"não foi possível conectar ({falha})" in str(erro.value)


def test_cliente_tcp_com_prazo_esgotado_ao_conectar_anota_o_prazo(monkeypatch):
    def connect_descartado(*_args, **_kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", connect_descartado)
    cliente = ClienteTCP(porta=12999, timeout=0.2)
    with pytest.raises(TempoEsgotado):
        cliente.conectar()
    assert eventos(cliente.registro) == [
        ("erro", ("127.0.0.1", 12999), "tempo esgotado ao conectar")]


def test_cliente_tcp_tenta_cada_endereco_do_host_com_o_prazo_dele(monkeypatch):
    """``localhost`` tem dois endereços: o primeiro recusa, o segundo atende."""
    pedidos = []
    conectar_de_verdade = socket.create_connection

    def create_connection(destino, timeout=None):
        pedidos.append((destino, timeout))
        if len(pedidos) < 3:
            raise ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
        return conectar_de_verdade(("127.0.0.1", destino[1]), timeout=timeout)

    with ServidorTCP() as servidor:
        cliente = ClienteTCP(porta=servidor.porta, timeout=2)
        cliente._destinos = [  # três endereços, como um nome com IPv4 e IPv6
            (socket.AF_INET, ("127.0.0.2", servidor.porta)),
            (socket.AF_INET6, ("::1", servidor.porta, 0, 0)),
            (socket.AF_INET, ("127.0.0.1", servidor.porta)),
        ]
        monkeypatch.setattr(socket, "create_connection", create_connection)
        with cliente:
            assert cliente.enviar("oi") == PREFIXO + "oi"
    assert pedidos == [(("127.0.0.2", servidor.porta), 2), (("::1", servidor.porta), 2),
                       (("127.0.0.1", servidor.porta), 2)]


def test_cliente_tcp_quando_o_servidor_cai_anota_o_erro_e_fecha():
    with ServidorTCP() as servidor:
        endereco = ("127.0.0.1", servidor.porta)
        cliente = ClienteTCP(porta=servidor.porta)
        cliente.conferir_apos = 60.0  # sem conferir antes: o fim chega no lugar da resposta
        assert cliente.enviar("um") == PREFIXO + "um"
    with pytest.raises(ServidorIndisponivel):
        cliente.enviar("dois")
    assert not cliente.conectado
    assert eventos(cliente.registro) == [
        ("conectou", endereco, "conexão aberta"),
        ("enviou", endereco, "um"),
        ("recebeu", endereco, PREFIXO + "um"),
        ("enviou", endereco, "dois"),
        ("erro", endereco, "o servidor encerrou a conexão: o servidor foi parado"),
        ("fechou", endereco, "conexão fechada"),
    ]


def test_cliente_tcp_parado_confere_a_conexao_antes_de_usar_e_anota_o_aviso():
    with ServidorTCP() as servidor:
        endereco = ("127.0.0.1", servidor.porta)
        with ClienteTCP(porta=servidor.porta) as cliente:
            cliente.conferir_apos = 0.0
            assert cliente.enviar("um") == PREFIXO + "um"
            with servidor._trava_conexoes:
                (conexao,) = servidor._conexoes
            conexao.shutdown(socket.SHUT_RDWR)  # o servidor encerra sem aviso
            esperar(lambda: servidor.conexoes == 0)
            assert cliente.enviar("dois") == PREFIXO + "dois"
    assert eventos(cliente.registro)[3:6] == [
        ("aviso", endereco, "o servidor fechou"),
        ("fechou", endereco, "conexão fechada"),
        ("conectou", endereco, "conexão aberta"),
    ]


def test_cliente_tcp_parado_anota_o_aviso_de_ociosidade_que_o_servidor_mandou():
    servidor = ServidorTCP()
    servidor.tempo_ocioso = 0.2
    with servidor:
        endereco = ("127.0.0.1", servidor.porta)
        with ClienteTCP(porta=servidor.porta) as cliente:
            cliente.conferir_apos = 0.0
            assert cliente.enviar("um") == PREFIXO + "um"
            esperar(lambda: servidor.conexoes == 0)  # o servidor fechou por ociosidade
            assert cliente.enviar("dois") == PREFIXO + "dois"
    assert eventos(cliente.registro)[3:6] == [
        ("aviso", endereco,
         "ERRO: conexão encerrada: 0,2\u00a0s sem mensagens (limite tempo_ocioso)"),
        ("fechou", endereco, "conexão fechada"),
        ("conectou", endereco, "conexão aberta"),
    ]


# ----- o servidor TCP ----------------------------------------------------------


def test_servidor_tcp_anota_o_aviso_do_barra_n_com_quem_foi_avisado():
    with servidor_apressado() as servidor:
        with conectar_cru(servidor) as sock:
            quem = sock.getsockname()[:2]
            sock.sendall(b"sem fim")
            assert ler_linha(sock).startswith("ERRO: a mensagem chegou sem o \\n no fim.")
            sock.sendall(b"\n")
            assert ler_linha(sock) == PREFIXO + "sem fim\n"
        esperar(lambda: servidor.registro.contar("desconectou") == 1)
    assert eventos(servidor.registro)[1:5] == [
        ("conectou", quem, "conexão aberta"),
        ("aviso", quem, "linha sem \\n: o cliente foi avisado"),
        ("recebeu", quem, "sem fim"),
        ("respondeu", quem, PREFIXO + "sem fim"),
    ]


def test_servidor_tcp_anota_do_inicio_ao_fim_de_uma_conversa():
    with ServidorTCP() as servidor:
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == PREFIXO + "oi"
            quem = cliente._sock.getsockname()[:2]
        esperar(lambda: servidor.registro.contar("desconectou") == 1)
    proprio = ("127.0.0.1", servidor.porta)
    assert eventos(servidor.registro) == [
        ("iniciou", proprio, "TCP escutando"),
        ("conectou", quem, "conexão aberta"),
        ("recebeu", quem, "oi"),
        ("respondeu", quem, PREFIXO + "oi"),
        ("desconectou", quem, "o cliente fechou a conexão"),
        ("parou", proprio, "servidor parado"),
    ]


def test_servidor_tcp_sem_poder_aceitar_anota_o_motivo_espera_e_volta_a_aceitar(monkeypatch):
    """Um ``accept`` que falha (arquivos abertos demais) não derruba o servidor.

    O motivo vai para o registro; o servidor pausa (não tenta de novo na hora, o
    que encheria o registro); depois atende o cliente que esperava na fila.
    """
    falhas = []
    aceitar_de_verdade = socket.socket.accept

    def accept(sock):
        if not falhas:
            falhas.append(time.monotonic())
            raise OSError(errno.EMFILE, "Too many open files")
        return aceitar_de_verdade(sock)

    monkeypatch.setattr(socket.socket, "accept", accept)
    monkeypatch.setattr(tcp, "PAUSA_APOS_FALHA", 0.3)
    with ServidorTCP() as servidor:
        with ClienteTCP(porta=servidor.porta, timeout=5) as cliente:
            assert cliente.enviar("voltou?") == PREFIXO + "voltou?"
        (erro,) = servidor.registro.eventos("erro")
    limite = (f" (ulimit -n = {tcp.resource.getrlimit(tcp.resource.RLIMIT_NOFILE)[0]})"
              if tcp.resource else "")  # no Windows não há ulimit
    assert erro.endereco is None
    assert erro.texto == (
        f"o processo chegou ao limite de arquivos abertos{limite}, e cada conexão ocupa "
        "um; as conexões novas esperam na fila até algum cliente sair. Feche os clientes "
        "que não usa ou aumente o limite")


def test_servidor_tcp_parado_durante_a_pausa_depois_de_um_accept_que_falhou(monkeypatch):
    """``parar()`` acorda a pausa na hora, sem erro (o despertador é só espiado)."""
    falha = OSError(errno.ECONNABORTED, "Software caused connection abort")

    def accept(_sock):
        raise falha

    # Pausa e prazo maiores que o limite de cada teste (60 s): um parar() que não
    # acordasse a pausa prenderia o teste até o pytest-timeout derrubá-lo.
    monkeypatch.setattr(tcp, "PAUSA_APOS_FALHA", 120.0)
    servidor = ServidorTCP()
    servidor.tempo_para_parar = 120.0
    servidor.iniciar()
    monkeypatch.setattr(socket.socket, "accept", accept)
    with socket.create_connection(servidor.endereco, timeout=2):
        esperar(lambda: servidor.registro.contar("erro") == 1)
        servidor.parar()  # não levanta: a thread terminou a tempo
    erros = servidor.registro.eventos("erro")
    # uma falha, a pausa, e talvez mais uma (a conexão ainda na fila, vista junto
    # com o despertador); sem a pausa, seriam centenas
    assert 1 <= len(erros) <= 2
    assert erros[0].texto == f"não consegui aceitar uma conexão nova ({falha})"


def test_servidor_tcp_lotado_anota_a_recusa_com_quem_foi_recusado():
    servidor = ServidorTCP()
    servidor.max_conexoes = 1
    motivo = ("servidor lotado: já atende 1 conexões (limite max_conexoes); tente de novo "
              "daqui a pouco")
    with servidor, ClienteTCP(porta=servidor.porta) as primeiro:
        primeiro.enviar("oi")
        with conectar_cru(servidor) as segundo:
            assert ler_linha(segundo) == f"ERRO: {motivo}\n"
            quem = segundo.getsockname()[:2]
    assert [(e.endereco, e.texto) for e in servidor.registro.eventos("recusou")] == [
        (quem, motivo)]


def test_servidor_tcp_sem_poder_criar_a_thread_recusa_o_cliente_e_continua(monkeypatch):
    """Sem memória para outra thread ("can't start new thread"), o cliente novo
    recebe a recusa, e o servidor continua atendendo quando o sistema deixa."""
    start_de_verdade = threading.Thread.start
    recusadas = []

    def start(thread):
        if thread.name.startswith("ecolab-TCP-conexao") and not recusadas:
            recusadas.append(thread.name)
            raise RuntimeError("can't start new thread")
        return start_de_verdade(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    motivo = ("o sistema não deixou criar outra thread (can't start new thread); tente de "
              "novo daqui a pouco")
    with ServidorTCP() as servidor:
        with conectar_cru(servidor) as sock:
            assert ler_linha(sock) == f"ERRO: {motivo}\n"
            quem = sock.getsockname()[:2]
        with ClienteTCP(porta=servidor.porta) as cliente:
            assert cliente.enviar("e agora?") == PREFIXO + "e agora?"
    assert [(e.endereco, e.texto) for e in servidor.registro.eventos("recusou")] == [
        (quem, motivo)]


def test_servidor_tcp_parado_com_cliente_conectado_anota_que_foi_parado():
    servidor = ServidorTCP().iniciar()
    with conectar_cru(servidor) as sock:
        sock.sendall(b"oi\n")
        assert ler_linha(sock) == PREFIXO + "oi\n"
        quem = sock.getsockname()[:2]
        servidor.parar()
    assert eventos(servidor.registro)[-2:] == [
        ("desconectou", quem, "o servidor foi parado"),
        ("parou", ("127.0.0.1", servidor.porta), "servidor parado"),
    ]


def test_servidor_tcp_em_ipv6_anota_o_endereco_do_cliente_sem_fluxo_nem_escopo():
    if not ipv6_disponivel():
        pytest.skip("IPv6 desligado nesta máquina")
    with ServidorTCP(host="::1") as servidor:
        with ClienteTCP(host="::1", porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == PREFIXO + "oi"
            quem = ("::1", cliente._sock.getsockname()[1])
        esperar(lambda: servidor.registro.contar("desconectou") == 1)
    assert {e.endereco for e in servidor.registro.eventos() if e.tipo != "iniciou"
            and e.tipo != "parou"} == {quem}


@pytest.mark.parametrize("limite, texto", [
    ((1024, 524_288), " (ulimit -n = 1024)"),  # o limite que vale é o primeiro (soft)
    (None, ""),  # Windows: sem o módulo resource, sem ulimit
], ids=["linux_macos", "windows"])
def test_motivo_do_accept_sem_arquivos_cita_o_ulimit_onde_ele_existe(monkeypatch, limite, texto):
    class Resource:
        RLIMIT_NOFILE = 7

        @staticmethod
        def getrlimit(recurso):
            assert recurso == Resource.RLIMIT_NOFILE
            return limite

    monkeypatch.setattr(tcp, "resource", Resource if limite else None)
    assert tcp._motivo_da_falha_no_accept(OSError(errno.EMFILE, "Too many open files")) == (
        f"o processo chegou ao limite de arquivos abertos{texto}, e cada conexão ocupa "
        "um; as conexões novas esperam na fila até algum cliente sair. Feche os clientes "
        "que não usa ou aumente o limite")


# ----- UDP ---------------------------------------------------------------------


def test_cliente_e_servidor_udp_anotam_a_conversa():
    with ServidorUDP() as servidor:
        proprio = ("127.0.0.1", servidor.porta)
        with ClienteUDP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == PREFIXO + "oi"
            quem = ("127.0.0.1", cliente._sock.getsockname()[1])
            assert repr(cliente) == f"<ClienteUDP para 127.0.0.1:{servidor.porta}>"
    assert eventos(cliente.registro) == [
        ("enviou", proprio, "oi"),
        ("recebeu", proprio, PREFIXO + "oi"),
    ]
    assert eventos(servidor.registro) == [
        ("iniciou", proprio, "UDP escutando"),
        ("recebeu", quem, "oi"),
        ("respondeu", quem, PREFIXO + "oi"),
        ("parou", proprio, "servidor parado"),
    ]


def test_cliente_udp_sem_resposta_anota_o_prazo_e_troca_de_socket():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as calado:
        calado.bind(("127.0.0.1", 0))
        porta = calado.getsockname()[1]
        cliente = ClienteUDP(porta=porta, timeout=0.1)
        with pytest.raises(TempoEsgotado):
            cliente.enviar("alô?")
        assert cliente._sock is None  # fechado: a resposta atrasada iria para a porta velha
    assert eventos(cliente.registro) == [
        ("enviou", ("127.0.0.1", porta), "alô?"),
        ("sem resposta", ("127.0.0.1", porta), "tempo esgotado"),
    ]


def test_servidor_udp_com_datagrama_invalido_anota_o_erro_e_responde_o_motivo():
    with ServidorUDP() as servidor:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(5)
            sock.sendto(b"\xff\xfe", servidor.endereco)
            resposta, _ = sock.recvfrom(65_535)
            quem = ("127.0.0.1", sock.getsockname()[1])
    (erro,) = servidor.registro.eventos("erro")
    assert erro.endereco == quem
    assert resposta.decode("utf-8") == f"ERRO: {erro.texto}"
    assert "UTF-8" in erro.texto


def test_cliente_udp_tem_porta_e_prazo_padrao_do_curso():
    cliente = ClienteUDP()
    assert cliente.endereco == ("127.0.0.1", 12000) and cliente.timeout == 5.0
    cliente_tcp = ClienteTCP()
    assert cliente_tcp.endereco == ("127.0.0.1", 12000) and cliente_tcp.timeout == 5.0


def test_resposta_udp_com_caractere_fora_do_utf8_chega_trocada_por_interrogacao():
    with ServidorUDP(responder=lambda mensagem: mensagem + "\ud800") as servidor:
        with ClienteUDP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == "oi?"


def test_cliente_udp_recebe_bytes_que_nao_sao_utf8_como_caractere_de_substituicao():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as servidor_cru:
        servidor_cru.bind(("127.0.0.1", 0))
        servidor_cru.settimeout(5)
        with ClienteUDP(porta=servidor_cru.getsockname()[1]) as cliente:
            cliente._socket().sendto(b"", servidor_cru.getsockname())  # abre a porta do cliente
            _, quem = servidor_cru.recvfrom(100)
            servidor_cru.sendto(b"\xffok", quem)  # chega antes: é descartada como atrasada
            esperar(lambda: bool(cliente._sock) and _tem_algo(cliente._sock))
            assert cliente.registro.eventos() == []
            resposta = _enviar_e_responder(cliente, servidor_cru, b"\xfeok")
    assert resposta == "\ufffdok"
    (descarte,) = cliente.registro.eventos("descartou")
    assert descarte.texto == "\ufffdok"


def _tem_algo(sock):
    from ecolab.sockets import chegou_algo
    return chegou_algo(sock, 0)


def _enviar_e_responder(cliente, servidor_cru, resposta):
    import threading

    def responder():
        _, quem = servidor_cru.recvfrom(100)
        servidor_cru.sendto(resposta, quem)

    thread = threading.Thread(target=responder)
    thread.start()
    try:
        return cliente.enviar("oi")
    finally:
        thread.join(5)


def test_resposta_udp_do_tamanho_do_limite_de_resposta_ainda_vai_inteira():
    from ecolab.mensagem import LIMITE_RESPOSTA_UDP

    with ServidorUDP(responder=lambda _m: "x" * LIMITE_RESPOSTA_UDP) as servidor:
        with ClienteUDP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == "x" * LIMITE_RESPOSTA_UDP


def test_resposta_udp_grande_demais_vira_erro_com_a_mensagem_inteira():
    with ServidorUDP(responder=lambda _m: "x" * 9_217) as servidor:
        with ClienteUDP(porta=servidor.porta) as cliente:
            resposta = cliente.enviar("oi")
            quem = ("127.0.0.1", cliente._sock.getsockname()[1])
        (falha,) = servidor._falhas
        (erro,) = servidor.registro.eventos("erro")
        servidor._falhas.clear()
    motivo = ("a resposta do responder tem 9.217\u00a0bytes, acima do limite de "
              "9.216\u00a0bytes por datagrama de resposta; devolva um texto menor")
    assert resposta == "ERRO: " + motivo and str(falha) == motivo
    assert (erro.endereco, erro.texto) == (quem, "ValueError: " + motivo)


def test_servidor_udp_que_nao_consegue_responder_anota_e_segue(monkeypatch):
    import threading

    enviar_de_verdade = socket.socket.sendto
    falha = OSError(errno.EHOSTUNREACH, "No route to host")

    def sendto(sock, *argumentos):
        if threading.current_thread().name.startswith("ecolab-UDP"):
            raise falha
        return enviar_de_verdade(sock, *argumentos)

    with ServidorUDP() as servidor:
        monkeypatch.setattr(socket.socket, "sendto", sendto)
        with ClienteUDP(porta=servidor.porta, timeout=0.3) as cliente:
            with pytest.raises(TempoEsgotado):
                cliente.enviar("oi")
        esperar(lambda: servidor.registro.contar("erro") == 1)
        monkeypatch.undo()
    (erro,) = servidor.registro.eventos("erro")
    assert erro.endereco is not None and erro.endereco[0] == "127.0.0.1"
    assert erro.texto == f"a resposta não foi enviada ({falha})"


def test_cliente_udp_com_aviso_do_sistema_anota_o_erro(monkeypatch):
    falha = ConnectionResetError(10054, "An existing connection was forcibly closed")

    def recvfrom(_sock, *_argumentos):
        raise falha

    cliente = ClienteUDP(porta=12999)
    cliente._socket()
    monkeypatch.setattr(socket.socket, "recvfrom", recvfrom)
    with pytest.raises(ServidorIndisponivel):
        cliente.enviar("oi")
    monkeypatch.undo()
    cliente.fechar()
    assert eventos(cliente.registro) == [
        ("enviou", ("127.0.0.1", 12999), "oi"),
        ("erro", ("127.0.0.1", 12999), str(falha)),
    ]


@pytest.mark.skipif(not socket.has_ipv6, reason="sem IPv6")
def test_servidor_udp_em_ipv6_anota_o_endereco_do_cliente_sem_fluxo_nem_escopo():
    with ServidorUDP(host="::1") as servidor:
        with ClienteUDP(host="::1", porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == PREFIXO + "oi"
            quem = ("::1", cliente._sock.getsockname()[1])
    (recebeu,) = servidor.registro.eventos("recebeu")
    assert recebeu.endereco == quem


# ----- o ciclo de vida comum (ecolab.servidor) ---------------------------------


@pytest.mark.parametrize("quantas, quais", [(1, "uma thread"), (3, "3 threads")])
def test_parar_que_desiste_explica_quantas_threads_ficaram(quantas, quais):
    servidor = ServidorTCP()
    servidor.tempo_para_parar = 0.5
    assert servidor._desisti_de_esperar(quantas) == (
        f"parar() desistiu de esperar por {quais} do servidor depois de 0,5\u00a0s: a "
        "função responder não voltou (um laço sem fim? uma espera por algo que não "
        "chega?). A porta já foi fechada; a thread continua em segundo plano até o "
        "responder voltar")


def test_erro_no_responder_fica_no_registro_com_o_endereco_de_quem_pediu():
    def responder(_mensagem):
        raise ZeroDivisionError("divisão por zero")

    servidor = ServidorTCP(responder=responder).iniciar()
    with ClienteTCP(porta=servidor.porta) as cliente:
        cliente.enviar("oi")
        quem = ("127.0.0.1", cliente._sock.getsockname()[1])
    with pytest.raises(ecolab.ErroNoServidor):
        servidor.parar()
    (erro,) = servidor.registro.eventos("erro")
    assert (erro.endereco, erro.texto) == (quem, "ZeroDivisionError: divisão por zero")


def test_servidor_substituido_mostra_o_erro_que_guardava(capsys):
    def responder(_mensagem):
        raise ValueError("ruim")

    antigo = ServidorUDP(responder=responder).iniciar()
    with ClienteUDP(porta=antigo.porta) as cliente:
        cliente.enviar("oi")
    with ServidorUDP(porta=antigo.porta):  # reexecutar a célula: o antigo é parado
        pass
    saida = capsys.readouterr()
    assert saida.out == (f"Aviso: um ServidorUDP anterior ainda usava a porta {antigo.porta}; "
                         "ele foi parado para dar lugar a este.\n")
    assert saida.err.startswith(f"Aviso: <ServidorUDP em 127.0.0.1:{antigo.porta}, parado> "
                                "teve 1 erro(s) inesperado(s)")


@pytest.mark.parametrize("sem_msg_dontwait", [False, True], ids=["linux_macos", "windows"])
def test_cliente_udp_descarta_e_anota_a_resposta_velha_com_ou_sem_msg_dontwait(
        monkeypatch, sem_msg_dontwait):
    """No Windows não há ``MSG_DONTWAIT``: a fila é espiada com ``chegou_algo(sock, 0)``."""
    if sem_msg_dontwait:
        monkeypatch.delattr(socket, "MSG_DONTWAIT", raising=False)
    with ServidorUDP() as servidor:
        proprio = ("127.0.0.1", servidor.porta)
        with ClienteUDP(porta=servidor.porta, timeout=2) as cliente:
            assert cliente.enviar("um") == PREFIXO + "um"  # a fila vazia não trava o envio
            cliente._sock.sendto(b"ok", cliente._sock.getsockname())  # uma "resposta" velha
            esperar(lambda: _tem_algo(cliente._sock))
            assert cliente.enviar("dois") == PREFIXO + "dois"
    assert eventos(cliente.registro)[2:] == [
        ("descartou", proprio, "ok"),
        ("enviou", proprio, "dois"),
        ("recebeu", proprio, PREFIXO + "dois"),
    ]
