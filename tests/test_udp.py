"""O servidor e o cliente UDP: datagramas, sem conexão, com tempo limite."""

import socket
import threading

import pytest

import ecolab
from ecolab import (
    ClienteUDP,
    MensagemInvalida,
    PortaEmUso,
    ServidorIndisponivel,
    ServidorUDP,
    TempoEsgotado,
)

from conftest import threads_do_ecolab
from test_tcp import esperar


def trocar_datagrama(servidor, dados):
    """Envia bytes crus num datagrama e devolve o datagrama de resposta."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.sendto(dados, servidor.endereco)
        return sock.recvfrom(65_535)[0].decode("utf-8")


def porta_udp_livre():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_cliente_recebe_a_resposta_do_exemplo_original(servidor_udp):
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        assert cliente.enviar("Olá, servidor!") == "Resposta do servidor: Olá, servidor!"


def test_iniciar_parar_e_with_como_no_tcp():
    servidor = ServidorUDP()
    assert servidor.iniciar() is servidor and servidor.rodando and servidor.porta > 0
    assert all(t.daemon for t in threads_do_ecolab())
    servidor.parar()
    servidor.parar()
    assert not servidor.rodando
    with ServidorUDP() as outro:
        assert outro.rodando
    assert not outro.rodando


def test_servidor_udp_sem_porta_ganha_do_sistema_uma_porta_livre():
    with ServidorUDP() as um, ServidorUDP() as outro:  # porta=0: o sistema escolhe
        assert um.porta != outro.porta
        assert um.porta >= 1024 and outro.porta >= 1024  # nunca uma porta reservada


def test_sem_servidor_o_cliente_recebe_tempo_esgotado_e_nao_recusa():
    with ClienteUDP(porta=porta_udp_livre(), timeout=0.2) as cliente:
        with pytest.raises(TempoEsgotado, match="UDP") as erro:
            cliente.enviar("alguém aí?")
    assert isinstance(erro.value, TimeoutError) and "0,2\u00a0s" in str(erro.value)
    assert [e.tipo for e in cliente.registro.eventos()] == ["enviou", "sem resposta"]


def test_um_datagrama_e_uma_mensagem_mesmo_com_quebra_de_linha(servidor_udp):
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        assert cliente.enviar("linha 1\nlinha 2") == "Resposta do servidor: linha 1\nlinha 2"
    assert servidor_udp.registro.contar("recebeu") == 1


@pytest.mark.parametrize(
    "dados, trecho",
    [
        (b"\xff\xfe", "UTF-8"),
        (b"", "vazia"),
        (b"x" * (ecolab.LIMITE_UDP + 1), "limite de 8.192\u00a0bytes"),
    ],
    ids=["utf8_invalido", "vazio", "grande_demais"],
)
def test_datagrama_ruim_recebe_erro_e_o_servidor_continua(servidor_udp, dados, trecho):
    resposta = trocar_datagrama(servidor_udp, dados)
    assert resposta.startswith("ERRO: ") and trecho in resposta
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        assert cliente.enviar("oi") == "Resposta do servidor: oi"


def test_datagrama_no_limite_de_8192_bytes_passa(servidor_udp):
    with ServidorUDP(responder=lambda m: str(len(m.encode()))) as servidor:
        with ClienteUDP(porta=servidor.porta) as cliente:
            assert cliente.enviar("ç" * 4096) == "8192"


def test_mensagem_invalida_e_recusada_no_cliente():
    cliente = ClienteUDP(porta=porta_udp_livre())
    with pytest.raises(MensagemInvalida, match="8.193\u00a0bytes"):
        cliente.enviar("x" * 8193)
    with pytest.raises(MensagemInvalida, match="str"):
        cliente.enviar(b"bytes")
    cliente.fechar()


def test_varios_clientes_ao_mesmo_tempo(servidor_udp):
    erros = []

    def conversar(n):
        with ClienteUDP(porta=servidor_udp.porta, timeout=5) as cliente:
            for i in range(20):
                if cliente.enviar(f"{n}-{i}") != f"Resposta do servidor: {n}-{i}":
                    erros.append((n, i))

    threads = [threading.Thread(target=conversar, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert erros == [] and servidor_udp.registro.contar("respondeu") == 400


def test_registro_do_servidor_udp(servidor_udp):
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        cliente.enviar("oi")
    tipos = [e.tipo for e in servidor_udp.registro.eventos()]
    assert tipos == ["iniciou", "recebeu", "respondeu"]
    servidor_udp.parar()
    assert servidor_udp.registro.eventos()[-1].tipo == "parou"


def test_porta_udp_ocupada_da_porta_em_uso():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as outro_programa:
        outro_programa.bind(("127.0.0.1", 0))
        porta = outro_programa.getsockname()[1]
        with pytest.raises(PortaEmUso) as erro:
            ServidorUDP(porta=porta).iniciar()
    assert str(erro.value).startswith(
        f"A porta UDP {porta} em 127.0.0.1 já está em uso por outro processo. ")
    assert erro.value.protocolo == "UDP"
    with ServidorUDP(porta=erro.value.porta_livre) as servidor:  # a sugestão funciona
        assert servidor.porta == erro.value.porta_livre


def test_reexecutar_a_celula_substitui_o_servidor_udp(capsys):
    porta = porta_udp_livre()
    primeiro = ServidorUDP(porta=porta).iniciar()
    with ServidorUDP(porta=porta) as segundo:
        assert not primeiro.rodando and segundo.rodando
        with ClienteUDP(porta=porta) as cliente:
            assert cliente.enviar("oi") == "Resposta do servidor: oi"
    assert "foi parado para dar lugar" in capsys.readouterr().out


def test_servidor_udp_nao_usa_so_reuseaddr(servidor_udp):
    assert servidor_udp._sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) == 0


def test_erro_no_responder_udp_e_guardado_e_levantado_no_parar():
    servidor = ServidorUDP(responder=lambda m: m[100]).iniciar()
    with ClienteUDP(porta=servidor.porta) as cliente:
        assert "IndexError" in cliente.enviar("oi")
    with pytest.raises(ecolab.ErroNoServidor):
        servidor.parar()


def test_parar_com_o_servidor_ocupado_recebendo(servidor_udp):
    parar_envio = threading.Event()

    def inundar():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            for _ in range(5000):
                if parar_envio.is_set():
                    return
                sock.sendto(b"x", servidor_udp.endereco)

    enviador = threading.Thread(target=inundar)
    enviador.start()
    esperar(lambda: servidor_udp.registro.contar("recebeu") > 10)
    servidor_udp.parar()
    parar_envio.set()
    enviador.join(10)
    assert not servidor_udp.rodando
    assert not [t for t in threads_do_ecolab() if "UDP" in t.name]


# ----- o que o Windows faz de diferente (simulado) ------------------------------


def test_servidor_udp_segue_atendendo_depois_do_erro_10054_do_windows(monkeypatch, servidor_udp):
    """No Windows, depois de um datagrama para uma porta fechada, o próximo recvfrom
    levanta ConnectionResetError (10054). O servidor não pode morrer por isso."""
    recvfrom_de_verdade = socket.socket.recvfrom
    erros_simulados = []

    def recvfrom_como_no_windows(sock, tamanho, *args):
        if sock is servidor_udp._sock and not erros_simulados:
            erros_simulados.append(10054)
            raise ConnectionResetError(10054, "Uma conexão existente foi forçadamente cancelada")
        return recvfrom_de_verdade(sock, tamanho, *args)

    monkeypatch.setattr(socket.socket, "recvfrom", recvfrom_como_no_windows)
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        # O servidor já esperava no recvfrom de verdade: depois de responder a
        # este datagrama, o próximo recvfrom dele é o que levanta o 10054.
        assert cliente.enviar("um") == "Resposta do servidor: um"
        assert cliente.enviar("dois") == "Resposta do servidor: dois"
    assert erros_simulados == [10054]


def test_cliente_udp_com_erro_10054_diz_que_o_servidor_nao_esta_la(monkeypatch):
    def recvfrom_como_no_windows(sock, tamanho, *args):
        raise ConnectionResetError(10054, "Uma conexão existente foi forçadamente cancelada")

    monkeypatch.setattr(socket.socket, "recvfrom", recvfrom_como_no_windows)
    with ClienteUDP(porta=porta_udp_livre(), timeout=1) as cliente:
        with pytest.raises(ServidorIndisponivel, match="10054"):
            cliente.enviar("alguém aí?")


def test_cliente_udp_com_localhost_envia_para_o_ipv4_do_servidor(monkeypatch, servidor_udp):
    getaddrinfo_de_verdade = socket.getaddrinfo

    def getaddrinfo_ipv6_primeiro(host, porta, *args, **kwargs):
        if host != "localhost":
            return getaddrinfo_de_verdade(host, porta, *args, **kwargs)
        return [
            (socket.AF_INET6, socket.SOCK_DGRAM, 17, "", ("::1", porta, 0, 0)),
            (socket.AF_INET, socket.SOCK_DGRAM, 17, "", ("127.0.0.1", porta)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo_ipv6_primeiro)
    with ClienteUDP("localhost", servidor_udp.porta, timeout=2) as cliente:
        assert cliente.enviar("oi") == "Resposta do servidor: oi"


# ----- respostas atrasadas -------------------------------------------------------


def servidor_cru(roteiro):
    """Um servidor UDP cru numa thread: ``roteiro(sock)`` decide o que responder.

    Devolve ``(endereco, terminou)``; ``terminou`` é um Event que o roteiro marca.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5)
    terminou = threading.Event()

    def rodar():
        with sock:
            roteiro(sock, terminou)

    threading.Thread(target=rodar, daemon=True).start()
    return sock.getsockname(), terminou


@pytest.mark.parametrize("com_msg_dontwait", [True, False], ids=["linux_e_macos", "windows"])
def test_cliente_udp_descarta_a_copia_que_ja_estava_na_fila_antes_de_enviar(
        monkeypatch, com_msg_dontwait):
    """O Windows não tem ``MSG_DONTWAIT``: lá o cliente olha a fila (``select``) antes de
    ler; o descarte tem de ser o mesmo nos dois caminhos."""
    if not com_msg_dontwait:
        monkeypatch.delattr(socket, "MSG_DONTWAIT", raising=False)
    def responder_duas_vezes_a_primeira(sock, terminou):
        dados, cliente = sock.recvfrom(100)
        sock.sendto(b"R:" + dados, cliente)
        sock.sendto(b"R:" + dados, cliente)  # a cópia (como uma rede que duplica)
        terminou.set()
        dados, cliente = sock.recvfrom(100)
        sock.sendto(b"R:" + dados, cliente)

    endereco, terminou = servidor_cru(responder_duas_vezes_a_primeira)
    with ClienteUDP(porta=endereco[1], timeout=2) as cliente:
        assert cliente.enviar("um") == "R:um"
        assert terminou.wait(5)  # a cópia já está na fila do cliente
        assert cliente.enviar("dois") == "R:dois"
    tipos = [(e.tipo, e.texto) for e in cliente.registro.eventos()]
    assert tipos == [("enviou", "um"), ("recebeu", "R:um"), ("descartou", "R:um"),
                     ("enviou", "dois"), ("recebeu", "R:dois")]
    assert {e.endereco for e in cliente.registro.eventos()} == {("127.0.0.1", endereco[1])}


def test_depois_do_tempo_esgotado_a_resposta_atrasada_nao_vira_a_resposta_da_proxima():
    enderecos = []

    def responder_a_primeira_atrasada(sock, terminou):
        primeira, cliente_1 = sock.recvfrom(100)
        segunda, cliente_2 = sock.recvfrom(100)  # o cliente já desistiu da primeira
        enderecos.extend([cliente_1, cliente_2])
        sock.sendto(b"R:" + primeira, cliente_1)  # atrasada: depois do próximo sendto
        sock.sendto(b"R:" + segunda, cliente_2)
        terminou.set()

    endereco, terminou = servidor_cru(responder_a_primeira_atrasada)
    with ClienteUDP(porta=endereco[1], timeout=0.2) as cliente:
        with pytest.raises(TempoEsgotado):
            cliente.enviar("um")
        assert cliente.enviar("dois") == "R:dois"
    assert terminou.wait(5)
    assert enderecos[0] != enderecos[1], "depois do tempo esgotado, o socket é outro"


def test_tempo_esgotado_como_no_windows_fecha_e_reabre_o_socket(monkeypatch, servidor_udp):
    """No Windows, um socket cujo SO_RCVTIMEO esgotou fica em estado indeterminado
    (documentação do setsockopt da Microsoft): o cliente não pode reusá-lo."""
    recvfrom_de_verdade = socket.socket.recvfrom
    esgotados = []

    def recvfrom_como_no_windows(sock, tamanho, *args):
        if sock is not servidor_udp._sock and not args and not esgotados:  # o do cliente
            esgotados.append(sock)
            erro = TimeoutError(10060, "O tempo limite da conexão se esgotou")
            erro.winerror = 10060
            raise erro
        return recvfrom_de_verdade(sock, tamanho, *args)

    monkeypatch.setattr(socket.socket, "recvfrom", recvfrom_como_no_windows)
    with ClienteUDP(porta=servidor_udp.porta, timeout=1) as cliente:
        with pytest.raises(TempoEsgotado):
            cliente.enviar("um")
        assert esgotados[0].fileno() == -1, "o socket do tempo esgotado foi fechado"
        assert cliente.enviar("dois") == "Resposta do servidor: dois"
        assert cliente._sock is not esgotados[0]


# ----- parar() onde shutdown() não acorda o recvfrom (macOS, Windows) -----------------


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "::"])
def test_parar_funciona_onde_shutdown_nao_acorda_o_recvfrom(monkeypatch, host):
    """No Linux, ``shutdown`` acorda um ``recvfrom`` parado; no macOS e no Windows,
    não (no macOS ainda levanta ENOTCONN num socket UDP). Com ``shutdown`` sem
    efeito, quem acorda a thread é o datagrama vazio que o servidor manda a si
    mesmo, e ela tem de sair em vez de tratá-lo como uma mensagem. Um servidor em
    todas as interfaces manda esse datagrama para o loopback da mesma família:
    no Windows, enviar para 0.0.0.0 ou :: falha (WinError 10049)."""
    def shutdown_que_nao_acorda(_sock, _como):
        raise OSError(57, "Socket is not connected")  # ENOTCONN do macOS

    sendto_de_verdade = socket.socket.sendto

    def sendto_como_no_windows(sock, dados, endereco):
        if endereco[0] in ("0.0.0.0", "::"):
            raise OSError(10049, "O endereço solicitado não é válido no contexto")
        return sendto_de_verdade(sock, dados, endereco)

    if host == "::" and not socket.has_ipv6:
        pytest.skip("este Python não tem IPv6")
    servidor = ServidorUDP(host=host, porta=0)
    servidor.tempo_para_parar = 1.0  # um servidor que não acorda falha rápido
    if host == "127.0.0.1":
        servidor.iniciar()
    else:
        with pytest.warns(ecolab.AvisoRede):
            servidor.iniciar()
    loopback = "::1" if host == "::" else "127.0.0.1"
    with ClienteUDP(host=loopback, porta=servidor.porta) as cliente:
        assert cliente.enviar("oi") == "Resposta do servidor: oi"
    monkeypatch.setattr(socket.socket, "shutdown", shutdown_que_nao_acorda)
    monkeypatch.setattr(socket.socket, "sendto", sendto_como_no_windows)

    servidor.parar()  # não levanta: a thread saiu

    assert not servidor.rodando
    assert [evento.texto for evento in servidor.registro.eventos("recebeu")] == ["oi"]
    assert not [t for t in threads_do_ecolab() if str(servidor.porta) in t.name]


def test_um_erro_no_proprio_laco_do_servidor_nao_some(monkeypatch):
    """Se o laço do servidor (não o responder do aluno) quebrar, a thread morre; o erro
    tem de aparecer em ``verificar()`` e em ``parar()``, e não ser engolido."""
    def quebrar(_servidor, _dados, _endereco):
        raise RuntimeError("defeito no laço do servidor")

    monkeypatch.setattr(ServidorUDP, "_responder_datagrama", quebrar)
    servidor = ServidorUDP(porta=0).iniciar()
    with ClienteUDP(porta=servidor.porta, timeout=0.3) as cliente:
        with pytest.raises(ecolab.TempoEsgotado):
            cliente.enviar("oi")
    esperar(lambda: not [t for t in threads_do_ecolab() if str(servidor.porta) in t.name])

    with pytest.raises(ecolab.ErroNoServidor, match="defeito no laço do servidor"):
        servidor.parar()


def test_mensagem_grande_demais_diz_os_tamanhos_com_a_regra_dos_numeros():
    from ecolab.mensagem import codificar

    with pytest.raises(MensagemInvalida) as erro:
        codificar("x" * 10000, ecolab.LIMITE_UDP)
    assert "10.000\u00a0bytes em UTF-8, mais que o limite de 8.192\u00a0bytes" in str(erro.value)
