"""A RedeFragmentadora: um intermediário TCP que picota e cola o fluxo de bytes."""

import socket
import struct
import threading
import time

import pytest

import ecolab
from ecolab import ClienteTCP, RedeFragmentadora, ServidorIndisponivel

from test_udp import porta_udp_livre


class ServidorIngenuo:
    """Servidor TCP cru que decodifica cada ``recv`` sozinho, como muito código de exemplo.

    Atende uma conexão e guarda o que cada ``recv`` devolveu, até receber
    ``linhas`` quebras de linha ou a conexão fechar.
    """

    def __init__(self, linhas=1):
        self.linhas = linhas
        self.leituras = []  # bytes de cada recv
        self.erros = []  # UnicodeDecodeError de cada recv que não deu para decodificar
        self.fechou = threading.Event()  # recv devolveu b"": o outro lado fechou
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.endereco = self.sock.getsockname()
        self.thread = threading.Thread(target=self._atender, daemon=True)

    def _atender(self):
        self.sock.settimeout(2)
        try:
            conexao, _ = self.sock.accept()
            with conexao:
                conexao.settimeout(2)
                self._ler(conexao)
        except OSError:
            pass  # o teste vai reclamar do que faltou

    def _ler(self, conexao):
        while b"".join(self.leituras).count(b"\n") < self.linhas:
            dados = conexao.recv(1024)
            if not dados:
                self.fechou.set()
                return
            self.leituras.append(dados)
            try:
                dados.decode("utf-8")
            except UnicodeDecodeError as erro:
                self.erros.append(erro)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *erro):
        self.thread.join(3)
        self.sock.close()


def conectar(rede):
    """Um cliente TCP cru, conectado à rede."""
    return socket.create_connection(rede.endereco, timeout=2)


def repassados(rede, endereco):
    """Os pedaços (como o Python mostra bytes) que a rede repassou vindos de ``endereco``."""
    return [e.texto for e in rede.registro.eventos("repassou") if e.endereco == endereco]


def cliente_endereco(rede):
    """O endereço do (primeiro) cliente que passou pela rede."""
    return rede.registro.eventos("conectou")[0].endereco


def test_servidor_tcp_atras_da_rede_responde_certo_mesmo_com_acentos(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco, semente=2) as rede:
        with ClienteTCP(porta=rede.porta) as cliente:
            assert cliente.enviar("ação, não, coração") == (
                "Resposta do servidor: ação, não, coração"
            )
            assert cliente.enviar("olá") == "Resposta do servidor: olá"
    assert rede.contagem["envios"] > rede.contagem["leituras"]  # picotou mesmo
    assert servidor_tcp.registro.contar("erro") == 0


def test_servidor_ingenuo_recebe_uma_mensagem_em_varios_recv():
    mensagem = "Olá, mundo!\n".encode()
    with ServidorIngenuo() as ingenuo, RedeFragmentadora(ingenuo.endereco) as rede:
        with conectar(rede) as cliente:
            cliente.sendall(mensagem)  # um único send
            ingenuo.thread.join(3)
    assert len(ingenuo.leituras) > 1
    assert b"".join(ingenuo.leituras) == mensagem  # TCP não perde nem troca nada


def test_o_cedilha_partido_da_unicode_decode_error_no_servidor_ingenuo():
    mensagem = "ação, não, coração\n".encode()
    with ServidorIngenuo() as ingenuo:
        with RedeFragmentadora(ingenuo.endereco, semente=2, pausa=0.02) as rede:
            with conectar(rede) as cliente:
                cliente.sendall(mensagem)
                ingenuo.thread.join(3)
    # Com a semente 2, o primeiro pedaço é "a" mais metade do "ç".
    assert repassados(rede, cliente_endereco(rede))[0] == repr(b"a\xc3")
    assert ingenuo.erros and "can't decode" in str(ingenuo.erros[0])
    assert b"".join(ingenuo.leituras) == mensagem


def test_uma_leitura_vira_no_maximo_max_pedacos_e_o_ultimo_leva_o_resto(servidor_tcp):
    rede = RedeFragmentadora(servidor_tcp.endereco, tamanho=1, pausa=0, sentido="ida")
    rede.max_pedacos = 5
    with rede:
        with ClienteTCP(porta=rede.porta) as cliente:
            # Um send de 11 bytes chega à rede num recv só (uma leitura por sentido).
            assert cliente.enviar("abcdefghij") == "Resposta do servidor: abcdefghij"
    assert rede.contagem["leituras"] == 2
    assert repassados(rede, cliente_endereco(rede)) == [
        repr(pedaco) for pedaco in (b"a", b"b", b"c", b"d", b"efghij\n")
    ]


def test_a_mesma_semente_corta_a_mesma_mensagem_nos_mesmos_pontos(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco, semente=5, pausa=0) as rede:
        for _ in range(2):
            with ClienteTCP(porta=rede.porta) as cliente:
                cliente.enviar("coração de estudante")
    clientes = [e.endereco for e in rede.registro.eventos("conectou")]
    primeira, segunda = [repassados(rede, endereco) for endereco in clientes]
    assert len(primeira) > 1 and primeira == segunda


def test_colar_junta_tres_envios_num_recv_so():
    with ServidorIngenuo(linhas=3) as ingenuo:
        with RedeFragmentadora(ingenuo.endereco, colar=True, janela=0.3) as rede:
            with conectar(rede) as cliente:
                for palavra in ("um", "dois", "três"):
                    cliente.sendall(f"{palavra}\n".encode())
                    time.sleep(0.01)  # três send separados no tempo
                ingenuo.thread.join(3)
    assert ingenuo.leituras == ["um\ndois\ntrês\n".encode()]
    assert rede.contagem["leituras"] == 3 and rede.contagem["envios"] == 1


def test_quando_o_cliente_fecha_o_servidor_ve_a_conexao_fechar():
    with ServidorIngenuo() as ingenuo, RedeFragmentadora(ingenuo.endereco) as rede:
        with conectar(rede) as cliente:
            cliente.sendall(b"tchau")  # sem \n: o servidor continua lendo
        assert ingenuo.fechou.wait(3)
        ingenuo.thread.join(3)
        assert b"".join(ingenuo.leituras) == b"tchau"
    assert rede.registro.eventos("desconectou")[0].texto == "o cliente fechou a conexão"


def test_quando_o_servidor_fecha_o_cliente_ve_a_conexao_fechar():
    with socket.create_server(("127.0.0.1", 0)) as servidor:
        with RedeFragmentadora(servidor.getsockname()) as rede:
            with conectar(rede) as cliente:
                servidor.settimeout(2)
                conexao, _ = servidor.accept()
                conexao.close()
                assert cliente.recv(1024) == b""
    assert rede.registro.eventos("desconectou")[0].texto == "o servidor fechou a conexão"


def test_sem_servidor_no_destino_o_cliente_e_desconectado_e_o_registro_explica():
    porta_fechada = porta_udp_livre()  # quase sempre livre também em TCP
    with RedeFragmentadora(("127.0.0.1", porta_fechada)) as rede:
        with conectar(rede) as cliente:
            try:
                assert cliente.recv(1024) == b""
            except ConnectionResetError:
                pass  # também é "a conexão foi fechada"
    assert "não consegui conectar ao destino" in rede.registro.eventos("erro")[0].texto


def test_sentido_ida_nao_picota_as_respostas(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco, sentido="ida") as rede:
        with ClienteTCP(porta=rede.porta) as cliente:
            assert cliente.enviar("ação") == "Resposta do servidor: ação"
    respostas = repassados(rede, servidor_tcp.endereco)
    assert respostas == [repr("Resposta do servidor: ação\n".encode())]
    assert len(repassados(rede, cliente_endereco(rede))) > 1


def test_parar_fecha_as_conexoes_e_nao_deixa_threads(servidor_tcp):
    antes = set(threading.enumerate())
    rede = RedeFragmentadora(servidor_tcp.endereco)
    assert rede.iniciar() is rede and rede.rodando and rede.porta > 0
    with ClienteTCP(porta=rede.porta) as cliente:
        assert cliente.enviar("oi") == "Resposta do servidor: oi"
        assert rede.conexoes == 1
        rede.parar()
        rede.parar()
        with pytest.raises(ServidorIndisponivel):
            cliente.enviar("ainda aí?")
    assert not rede.rodando
    assert rede.registro.eventos("desconectou")[0].texto == "a rede foi parada"
    # A thread do servidor que atendia a rede só acaba quando ele lê o fim da
    # conexão, um pouco depois; parar o servidor a recolhe. O que sobrar é da rede.
    servidor_tcp.parar()
    assert set(threading.enumerate()) <= antes


def test_reexecutar_a_celula_na_mesma_porta_substitui_a_rede_antiga(servidor_tcp, capsys):
    antiga = RedeFragmentadora(servidor_tcp.endereco).iniciar()
    nova = RedeFragmentadora(servidor_tcp.endereco, porta=antiga.porta).iniciar()
    assert not antiga.rodando and nova.rodando and "->" in repr(nova)
    assert "anterior" in capsys.readouterr().out
    ecolab.parar_todos()
    assert not nova.rodando


@pytest.mark.parametrize(
    "opcoes, trecho",
    [
        ({"tamanho": 0}, "a partir de 1"),
        ({"tamanho": (3, 1)}, "menor, maior"),
        ({"pausa": -1}, "segundos"),
        ({"sentido": "volta e meia"}, "'ambos'"),
    ],
    ids=["tamanho_zero", "tamanho_invertido", "pausa_negativa", "sentido_desconhecido"],
)
def test_opcoes_invalidas_dao_erro_em_portugues(opcoes, trecho):
    with pytest.raises(ValueError) as erro:
        RedeFragmentadora(("127.0.0.1", 12000), **opcoes)
    assert trecho in str(erro.value)


def test_conexao_parada_por_tempo_ocioso_diz_o_tempo_com_virgula(servidor_tcp):
    rede = RedeFragmentadora(servidor_tcp.endereco)
    rede.tempo_ocioso = 0.2  # o ajuste herdado do ServidorTCP
    with rede:
        with socket.create_connection(("127.0.0.1", rede.porta), timeout=5) as sock:
            assert sock.recv(1) == b""  # a rede fecha a conexão parada
        prazo = time.monotonic() + 5
        while not rede.registro.eventos("desconectou") and time.monotonic() < prazo:
            time.sleep(0.01)
    (fim,) = rede.registro.eventos("desconectou")
    assert fim.texto == "0,2\u00a0s sem dados (limite tempo_ocioso)"


# ----- o que o aluno lê: repr, registro e contagem ---------------------------------


def test_repr_diz_de_onde_para_onde_e_se_esta_rodando(servidor_tcp):
    rede = RedeFragmentadora(servidor_tcp.endereco)
    destino = f"127.0.0.1:{servidor_tcp.porta}"
    with rede:
        assert repr(rede) == f"<RedeFragmentadora 127.0.0.1:{rede.porta} -> {destino}, rodando>"
    assert repr(rede) == f"<RedeFragmentadora 127.0.0.1:{rede.porta} -> {destino}, parada>"


def test_registro_e_contagem_de_uma_conversa_pela_rede(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco, tamanho=2, pausa=0) as rede:
        with ClienteTCP(porta=rede.porta) as cliente:
            assert cliente.enviar("abc") == "Resposta do servidor: abc"
            quem = ("127.0.0.1", cliente._sock.getsockname()[1])
        esperar_por(lambda: rede.registro.contar("desconectou") == 1)
        contagem = rede.contagem
    destino = f"127.0.0.1:{servidor_tcp.porta}"
    (conectou,) = rede.registro.eventos("conectou")
    assert (conectou.endereco, conectou.texto) == (quem, f"ligado a {destino}")
    (desconectou,) = rede.registro.eventos("desconectou")
    assert (desconectou.endereco, desconectou.texto) == (quem, "o cliente fechou a conexão")
    ida = [e.texto for e in rede.registro.eventos("repassou") if e.endereco == quem]
    assert ida == ["b'ab'", "b'c\\n'"]
    resposta = len("Resposta do servidor: abc\n")
    assert contagem["conexoes"] == 1 and contagem["bytes"] == 4 + resposta


def test_destino_em_ipv6_guarda_so_host_e_porta():
    rede = RedeFragmentadora(("::1", 12000, 0, 0))
    assert rede.destino == ("::1", 12000)


@pytest.mark.parametrize("opcao", ["janela", "pausa"])
def test_segundos_invalidos_dizem_o_nome_da_opcao(opcao):
    with pytest.raises(ValueError) as erro:
        RedeFragmentadora(("127.0.0.1", 12000), **{opcao: -1})
    assert str(erro.value) == f"{opcao} precisa ser um número de segundos (0 ou mais); recebi -1."


def test_segundos_que_sao_texto_sao_recusados():
    with pytest.raises(ValueError):
        RedeFragmentadora(("127.0.0.1", 12000), pausa="1")


def test_tamanho_invalido_diz_o_nome_da_opcao():
    with pytest.raises(ValueError, match="^tamanho "):
        RedeFragmentadora(("127.0.0.1", 12000), tamanho=0)


def esperar_por(condicao, segundos=5.0):
    limite = time.monotonic() + segundos
    while not condicao():
        assert time.monotonic() < limite, "a condição não aconteceu a tempo"
        time.sleep(0.01)


# ----- valores padrão, sentidos e o registro de cada fim de conexão --------------


def test_sem_opcoes_a_rede_usa_os_valores_da_documentacao():
    rede = RedeFragmentadora(("127.0.0.1", 12000))
    assert (rede.tamanho, rede.colar, rede.pausa, rede.sentido) == ((1, 3), False, 0.005, "ambos")
    assert rede.janela == 0.05 and rede.porta == 0  # a porta real só sai no iniciar()
    colando = RedeFragmentadora(("127.0.0.1", 12000), colar=True)
    assert colando.tamanho is None and colando.janela == 0.05


def test_colar_deixa_a_conversa_seguir_depois_de_cada_janela(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco, colar=True, janela=0.05) as rede:
        with ClienteTCP(porta=rede.porta) as cliente:
            assert cliente.enviar("um") == "Resposta do servidor: um"
            time.sleep(0.1)  # a janela da primeira mensagem já acabou
            assert cliente.enviar("dois") == "Resposta do servidor: dois"


def test_sentido_ida_com_colar_deixa_as_respostas_passarem_como_chegaram():
    with socket.create_server(("127.0.0.1", 0)) as servidor:
        destino = servidor.getsockname()
        with RedeFragmentadora(destino, colar=True, janela=0.5, sentido="ida") as rede:
            with conectar(rede) as cliente:
                servidor.settimeout(2)
                conexao, _ = servidor.accept()
                with conexao:
                    conexao.sendall(b"um\n")
                    time.sleep(0.05)  # dois send separados no tempo
                    conexao.sendall(b"dois\n")
                    recebido = b""
                    while recebido.count(b"\n") < 2:
                        recebido += cliente.recv(1024)
                esperar_por(lambda: len(repassados(rede, destino)) >= 2)
    assert recebido == b"um\ndois\n"
    assert repassados(rede, destino) == [repr(b"um\n"), repr(b"dois\n")]


def test_sentido_volta_picota_so_as_respostas(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco, sentido="volta") as rede:
        with ClienteTCP(porta=rede.porta) as cliente:
            assert cliente.enviar("ação") == "Resposta do servidor: ação"
    assert repassados(rede, cliente_endereco(rede)) == [repr("ação\n".encode())]
    assert len(repassados(rede, servidor_tcp.endereco)) > 1


def test_sem_servidor_no_destino_o_registro_diz_qual_cliente_caiu_e_o_que_fazer():
    porta_fechada = porta_udp_livre()  # quase sempre livre também em TCP
    with RedeFragmentadora(("127.0.0.1", porta_fechada)) as rede:
        with conectar(rede) as cliente:
            quem = cliente.getsockname()
            try:
                cliente.recv(1024)
            except ConnectionResetError:
                pass  # também é "a conexão foi fechada"
    (erro,) = rede.registro.eventos("erro")
    assert erro.endereco == quem
    assert erro.texto.startswith(f"não consegui conectar ao destino 127.0.0.1:{porta_fechada} (")
    assert erro.texto.endswith(
        "); o cliente foi desconectado. Confira se o servidor foi iniciado."
    )


def test_cliente_que_cai_sem_fechar_aparece_como_conexao_perdida(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco) as rede:
        cliente = conectar(rede)
        esperar_por(lambda: rede.registro.contar("conectou") == 1)
        # SO_LINGER com tempo 0: o close manda um RST, como um cliente que caiu.
        cliente.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        cliente.close()
        esperar_por(lambda: rede.registro.contar("desconectou") == 1)
    (fim,) = rede.registro.eventos("desconectou")
    assert fim.texto.startswith("conexão perdida (")


def test_depois_que_o_cliente_sai_a_rede_nao_o_conta_mais(servidor_tcp):
    with RedeFragmentadora(servidor_tcp.endereco) as rede:
        with ClienteTCP(porta=rede.porta) as cliente:
            assert cliente.enviar("oi") == "Resposta do servidor: oi"
            assert rede.conexoes == 1
        esperar_por(lambda: rede.conexoes == 0)
