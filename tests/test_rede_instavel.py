"""A RedeInstavel: um intermediário UDP que perde, duplica, reordena e atrasa datagramas."""

import socket
import threading

import pytest

import ecolab
from ecolab import ClienteUDP, RedeInstavel, TempoEsgotado
from ecolab.sockets import SO_MEMINFO

from test_tcp import esperar

# O Linux conta os transbordados (0 aqui); os outros sistemas não sabem (None).
NENHUM_TRANSBORDADO = None if SO_MEMINFO is None else 0


@pytest.fixture
def receptor():
    """Um socket UDP cru no lugar do servidor: só recebe, para vermos o que chega."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(0.3)
        yield sock


def enviar_numerados(rede, quantos):
    """Envia os datagramas "0", "1", "2"... para a rede, um atrás do outro."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for numero in range(quantos):
            sock.sendto(str(numero).encode(), rede.endereco)


def receber_todos(sock):
    """Os textos que chegam até passar o tempo limite do socket sem nada novo."""
    textos = []
    for _ in range(1000):
        try:
            textos.append(sock.recv(65_535).decode())
        except TimeoutError:
            break
    return textos


def textos(rede, tipo):
    return [evento.texto for evento in rede.registro.eventos(tipo)]


def test_sem_atrapalhar_tudo_chega_e_as_respostas_voltam(servidor_udp):
    with RedeInstavel(servidor_udp.endereco) as rede, ClienteUDP(porta=rede.porta) as cliente:
        for numero in range(5):
            assert cliente.enviar(f"Olá {numero}") == f"Resposta do servidor: Olá {numero}"
    assert rede.contagem == {
        "recebidos": 10, "entregues": 10, "perdidos": 0, "descartados": 0, "duplicados": 0,
        "reordenados": 0, "atrasados": 0, "pendentes": 0, "transbordados": NENHUM_TRANSBORDADO,
    }


def test_com_perda_total_o_cliente_recebe_tempo_esgotado(servidor_udp):
    with RedeInstavel(servidor_udp.endereco, perda=1.0) as rede:
        with ClienteUDP(porta=rede.porta, timeout=0.2) as cliente:
            with pytest.raises(TempoEsgotado):
                cliente.enviar("Olá, servidor!")
    assert servidor_udp.registro.contar("recebeu") == 0
    assert textos(rede, "perdeu") == ["Olá, servidor!"]
    assert rede.contagem["perdidos"] == 1


def test_com_perda_so_na_volta_o_servidor_recebe_mas_a_resposta_se_perde(servidor_udp):
    with RedeInstavel(servidor_udp.endereco, perda=1.0, sentido="volta") as rede:
        with ClienteUDP(porta=rede.porta, timeout=0.2) as cliente:
            with pytest.raises(TempoEsgotado):
                cliente.enviar("chegou?")
    assert [e.texto for e in servidor_udp.registro.eventos("recebeu")] == ["chegou?"]
    perdido = rede.registro.eventos("perdeu")[0]
    assert perdido.texto == "Resposta do servidor: chegou?"
    assert perdido.endereco == servidor_udp.endereco  # veio do servidor


def perdidos_com_a_semente(semente, receptor):
    """Envia 20 datagramas pela rede e diz quais números não chegaram."""
    with RedeInstavel(receptor.getsockname(), perda=0.4, semente=semente) as rede:
        enviar_numerados(rede, 20)
        chegaram = receber_todos(receptor)
    faltaram = sorted(set(map(str, range(20))) - set(chegaram), key=int)
    assert faltaram == textos(rede, "perdeu")  # o registro conta a mesma história
    return faltaram


def test_a_mesma_semente_perde_os_mesmos_datagramas(receptor):
    primeira_vez = perdidos_com_a_semente(7, receptor)
    assert 0 < len(primeira_vez) < 20
    assert perdidos_com_a_semente(7, receptor) == primeira_vez
    assert perdidos_com_a_semente(8, receptor) != primeira_vez  # outra semente, outra sorte


def perguntas_perdidas(destino, semente):
    """Envia 20 perguntas, uma de cada vez, esperando a resposta (ou desistindo) antes
    da próxima; devolve quais perguntas a rede perdeu (as respostas perdidas não contam)."""
    with RedeInstavel(destino, perda=0.4, semente=semente) as rede:
        with ClienteUDP(porta=rede.porta, timeout=0.1) as cliente:
            for numero in range(20):
                try:
                    cliente.enviar(str(numero))
                except TempoEsgotado:
                    pass
    return [texto for texto in textos(rede, "perdeu") if not texto.startswith("Resposta")]


def test_as_respostas_nao_mudam_a_sorte_das_perguntas(servidor_udp, receptor):
    """A documentação promete sorteios separados para a ida e a volta: a mesma
    semente perde as mesmas perguntas com um servidor que responde (as respostas
    também passam pela rede e também são sorteadas) e com um que nunca responde."""
    com_respostas = perguntas_perdidas(servidor_udp.endereco, semente=5)
    sem_respostas = perguntas_perdidas(receptor.getsockname(), semente=5)
    assert 0 < len(sem_respostas) < 20
    assert com_respostas == sem_respostas


def test_duplicacao_faz_o_servidor_receber_cada_datagrama_duas_vezes(servidor_udp):
    with RedeInstavel(servidor_udp.endereco, duplicacao=1.0, sentido="ida") as rede:
        enviar_numerados(rede, 3)
        esperar(lambda: servidor_udp.registro.contar("recebeu") == 6)
    recebidos = [e.texto for e in servidor_udp.registro.eventos("recebeu")]
    assert recebidos == ["0", "0", "1", "1", "2", "2"]
    assert textos(rede, "duplicou") == ["0", "1", "2"]


def test_reordenacao_faz_um_receptor_ver_os_datagramas_fora_de_ordem(receptor):
    with RedeInstavel(receptor.getsockname(), reordenacao=1.0) as rede:
        enviar_numerados(rede, 6)
        chegaram = receber_todos(receptor)
    assert chegaram == ["1", "0", "3", "2", "5", "4"]  # cada um ultrapassa o anterior
    assert textos(rede, "reordenou") == ["0", "2", "4"]


def test_todo_datagrama_marcado_reordenou_chegou_depois_de_um_seguinte(receptor):
    rede = RedeInstavel(receptor.getsockname(), reordenacao=0.5, atraso=(0, 0.1), semente=4)
    rede.retencao_maxima = 0.05  # menor que alguns atrasos: o segurado pode sair antes
    with rede:
        enviar_numerados(rede, 20)
        chegaram = [int(texto) for texto in receber_todos(receptor)]
    assert sorted(chegaram) == list(range(20))
    ultrapassados = {
        numero for posicao, numero in enumerate(chegaram) if numero < max(chegaram[:posicao + 1])
    }
    reordenados = {int(texto) for texto in textos(rede, "reordenou")}
    assert reordenados and reordenados <= ultrapassados


def test_o_segurado_espera_quem_o_ultrapassa_mesmo_que_este_atrase(receptor):
    # Semente 30: o "0" é segurado (atraso de 13 ms); o "1" atrasa 99 ms, mais que
    # os 13 + 50 ms que o "0" esperaria sozinho. Mesmo assim o "0" sai depois do "1".
    rede = RedeInstavel(receptor.getsockname(), reordenacao=0.5, atraso=(0, 0.1), semente=30)
    rede.retencao_maxima = 0.05
    with rede:
        enviar_numerados(rede, 2)
        assert receber_todos(receptor) == ["1", "0"]
    assert textos(rede, "reordenou") == ["0"]


def test_datagrama_segurado_sem_ninguem_para_ultrapassar_sai_sozinho(receptor):
    rede = RedeInstavel(receptor.getsockname(), reordenacao=1.0)
    rede.retencao_maxima = 0.05
    with rede:
        enviar_numerados(rede, 1)
        assert receber_todos(receptor) == ["0"]
    assert rede.contagem["reordenados"] == 0 and rede.contagem["entregues"] == 1


def test_atraso_nao_impede_a_resposta_e_fica_contado(servidor_udp):
    with RedeInstavel(servidor_udp.endereco, atraso=(0.01, 0.05)) as rede:
        with ClienteUDP(porta=rede.porta) as cliente:
            assert cliente.enviar("devagar") == "Resposta do servidor: devagar"
    assert textos(rede, "atrasou") == ["devagar", "Resposta do servidor: devagar"]


def test_a_contagem_fecha_as_contas(receptor):
    rede = RedeInstavel(
        receptor.getsockname(), perda=0.3, duplicacao=0.3, reordenacao=0.3,
        atraso=(0, 0.02), semente=3,
    )
    with rede:
        enviar_numerados(rede, 30)
        chegaram = receber_todos(receptor)
        contagem = rede.contagem
    assert contagem["recebidos"] == 30 and contagem["pendentes"] == 0
    assert contagem["recebidos"] + contagem["duplicados"] == (
        contagem["entregues"] + contagem["perdidos"] + contagem["descartados"]
    )
    assert len(chegaram) == contagem["entregues"]
    for chave, tipo in [("perdidos", "perdeu"), ("duplicados", "duplicou"),
                        ("reordenados", "reordenou"), ("atrasados", "atrasou")]:
        assert contagem[chave] > 0 and rede.registro.contar(tipo) == contagem[chave]


def test_parar_com_datagramas_a_caminho_conta_os_como_perdidos(receptor):
    with RedeInstavel(receptor.getsockname(), atraso=30) as rede:
        enviar_numerados(rede, 2)
        esperar(lambda: rede.contagem["pendentes"] == 2)
    assert rede.contagem["perdidos"] == 2 and rede.contagem["pendentes"] == 0
    assert sorted(textos(rede, "perdeu")) == ["0", "1"]


def test_varios_clientes_ao_mesmo_tempo_recebem_cada_um_a_sua_resposta(servidor_udp):
    erradas = []

    def conversar(nome):
        with ClienteUDP(porta=rede.porta) as cliente:
            for numero in range(10):
                if cliente.enviar(f"{nome}-{numero}") != f"Resposta do servidor: {nome}-{numero}":
                    erradas.append((nome, numero))

    with RedeInstavel(servidor_udp.endereco) as rede:
        threads = [threading.Thread(target=conversar, args=(n,)) for n in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(5)
    assert erradas == [] and rede.contagem["entregues"] == 100


def test_ciclo_de_vida_como_o_dos_servidores(servidor_udp):
    antes = set(threading.enumerate())
    rede = RedeInstavel(servidor_udp.endereco)
    assert rede.iniciar() is rede and rede.rodando and rede.porta > 0
    assert rede.iniciar() is rede  # iniciar de novo não abre outra porta
    assert "->" in repr(rede) and "rodando" in repr(rede)
    rede.parar()
    rede.parar()
    assert not rede.rodando and set(threading.enumerate()) <= antes


def test_reexecutar_a_celula_na_mesma_porta_substitui_a_rede_antiga(servidor_udp, capsys):
    antiga = RedeInstavel(servidor_udp.endereco).iniciar()
    nova = RedeInstavel(servidor_udp.endereco, porta=antiga.porta).iniciar()
    assert not antiga.rodando and nova.rodando
    assert "anterior" in capsys.readouterr().out
    ecolab.parar_todos()
    assert not nova.rodando


@pytest.mark.parametrize(
    "opcoes, trecho",
    [
        ({"perda": 1.5}, "entre 0 e 1"),
        ({"duplicacao": -0.1}, "entre 0 e 1"),
        ({"atraso": (0.2, 0.1)}, "(menor, maior)"),
        ({"sentido": "para lá"}, "'ida'"),
        ({"taxa": 0}, "bits por segundo"),
        ({"taxa": 1e6, "fila": 0}, "a partir de 1"),
    ],
    ids=["perda_acima_de_1", "duplicacao_negativa", "atraso_invertido", "sentido_desconhecido",
         "taxa_zero", "fila_vazia"],
)
def test_opcoes_invalidas_dao_erro_em_portugues(opcoes, trecho):
    with pytest.raises(ValueError, match=trecho.replace("(", r"\(").replace(")", r"\)")):
        RedeInstavel(("127.0.0.1", 12000), **opcoes)


# ----- perdas que ninguém escolheu: o buffer de recepção da rede transborda -------


class RegistroQueSegura(ecolab.Registro):
    """Depois de ``armar()``, segura a thread da rede no próximo evento até ``soltar()``
    (no máximo 10 s): enquanto isso ninguém lê os sockets da rede."""

    def __init__(self):
        super().__init__()
        self._armado = False
        self._solto = threading.Event()

    def armar(self):
        self._armado = True

    def soltar(self):
        self._solto.set()

    def anotar(self, *evento):
        if self._armado:
            self._solto.wait(10)
        super().anotar(*evento)


def datagrama_de_1000_bytes(numero):
    return b"%04d" % numero + b"." * 996


@pytest.mark.skipif(SO_MEMINFO is None, reason="só o Linux conta os descartes por socket")
def test_rajada_num_buffer_pequeno_transborda_e_a_rede_conta_exatamente_o_que_faltou(receptor):
    """A rede para no primeiro datagrama (o registro a segura) enquanto chegam mais 300:
    o buffer de 4 KiB enche e o sistema descarta o resto, de verdade. Nada foi
    sorteado (perda=0): tudo o que não chegou ao receptor é transbordado, e a rede
    diz quantos foram."""
    enviados = 300
    rede = RedeInstavel(receptor.getsockname())
    rede.buffer_de_recepcao = 4096
    with rede:
        rede.registro = segurador = RegistroQueSegura()
        segurador.armar()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            for numero in range(enviados):
                sock.sendto(datagrama_de_1000_bytes(numero), rede.endereco)
        segurador.soltar()
        esperar(lambda: sum(rede.contagem[c] for c in ("entregues", "transbordados")) == enviados)
        chegaram = receber_todos(receptor)
        contagem = rede.contagem
    assert contagem["perdidos"] == 0 and contagem["descartados"] == 0
    assert len(chegaram) == contagem["recebidos"] == contagem["entregues"]
    assert contagem["transbordados"] == enviados - len(chegaram) > 0
    assert rede.contagem["transbordados"] == contagem["transbordados"]  # vale depois de parar


@pytest.mark.skipif(SO_MEMINFO is None, reason="só o Linux conta os descartes por socket")
def test_transbordados_na_volta_contam_e_nao_somem_quando_o_cliente_e_esquecido(receptor):
    """O servidor (aqui, o receptor) responde com uma rajada enquanto a rede está
    segura: transborda o socket que a rede abriu para o cliente. Depois um segundo
    cliente faz a rede esquecer o primeiro (max_clientes=1) e fechar esse socket:
    a conta dos transbordados continua a mesma."""
    respostas = 300
    rede = RedeInstavel(receptor.getsockname())
    rede.buffer_de_recepcao, rede.max_clientes = 4096, 1
    with rede, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as cliente:
        cliente.settimeout(0.3)
        cliente.sendto(b"oi", rede.endereco)
        _, socket_da_rede = receptor.recvfrom(65_535)  # o socket da rede para este cliente
        rede.registro = segurador = RegistroQueSegura()
        segurador.armar()
        for numero in range(respostas):
            receptor.sendto(datagrama_de_1000_bytes(numero), socket_da_rede)
        segurador.soltar()
        esperar(lambda: rede.contagem["recebidos"] + rede.contagem["transbordados"]
                == 1 + respostas)
        voltaram = receber_todos(cliente)
        transbordados = rede.contagem["transbordados"]
        assert transbordados == respostas - len(voltaram) > 0
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as outro:
            outro.sendto(b"oi", rede.endereco)  # a rede esquece o primeiro cliente
            receptor.recv(65_535)
        assert rede.contagem["transbordados"] == transbordados
    assert rede.contagem["transbordados"] == transbordados


@pytest.mark.skipif(SO_MEMINFO is None, reason="a regra do dobro é do Linux")
def test_o_linux_da_a_rede_o_dobro_do_buffer_pedido_limitado_pelo_rmem_max(receptor):
    with open("/proc/sys/net/core/rmem_max") as arquivo:
        rmem_max = int(arquivo.read())
    with RedeInstavel(receptor.getsockname()) as rede:
        obtido = rede.buffer_de_recepcao_obtido
    assert obtido == 2 * min(RedeInstavel.buffer_de_recepcao, rmem_max)
    assert rede.buffer_de_recepcao_obtido is None  # parada
