"""A vigia do verificador: no fim de cada verificação, o que o código do aluno abriu é
fechado e as threads que ele deixou rodando param, sem deixar erro na tela.

Os exercícios de ``test_exercicios.py`` usam a vigia de ponta a ponta; aqui cada
promessa dela é conferida sozinha, inclusive o caminho dos sistemas em que
``shutdown()`` não acorda um ``accept`` ou um ``recvfrom`` parado (macOS, Windows),
imitado no Linux com um ``shutdown`` que não faz nada.
"""

import socket
import sys
import threading
import time

import pytest

from ecolab.exercicios import vigia as modulo
from ecolab.exercicios.vigia import Vigia

PRAZO_DA_THREAD = 3.0  # segundos: uma thread de teste nunca passa disto, mesmo se a vigia falhar


def iniciar(alvo, *argumentos, nome=None):
    thread = threading.Thread(target=alvo, args=argumentos, name=nome, daemon=True)
    thread.start()
    return thread


def esperar(chamada, *argumentos):
    """Como o aluno espera num socket: o erro de quando a vigia o fecha não é mostrado."""
    try:
        chamada(*argumentos)
    except OSError:
        pass


def laco_sem_fim(parar):
    """Um laço que só termina com ``parar`` (o teste o liga no fim, se a vigia falhou)."""
    while not parar.is_set():
        pass


@pytest.fixture
def parar():
    evento = threading.Event()
    yield evento
    evento.set()


@pytest.fixture
def shutdown_que_nao_acorda(monkeypatch):
    """Como no macOS e no Windows: ``shutdown()`` não acorda quem espera no socket."""
    monkeypatch.setattr(socket.socket, "shutdown", lambda self, como: None)


@pytest.fixture
def ganchos_novos(monkeypatch):
    """Os ganchos da vigia instalados de novo neste teste, sobre um excepthook que anota.

    Devolve ``(ganchos de auditoria instalados, erros que chegaram ao excepthook)``.
    O gancho de auditoria só é anotado, não instalado: um gancho de auditoria nunca
    sai do processo, e um segundo ficaria valendo para todos os testes seguintes.
    """
    auditoria, erros = [], []
    monkeypatch.setattr(threading, "excepthook", erros.append)
    monkeypatch.setattr(sys, "addaudithook", auditoria.append)
    monkeypatch.setattr(modulo, "_instalado", False)
    return auditoria, erros


def test_laco_sem_fim_do_aluno_e_parado_sem_erro_na_tela(parar, ganchos_novos):
    _, erros = ganchos_novos
    with Vigia() as vigia:
        laco = iniciar(laco_sem_fim, parar)
    laco.join(PRAZO_DA_THREAD)
    assert vigia.sobraram == [] and not laco.is_alive()
    assert erros == []  # o Interrompido não é erro de ninguém


def test_outro_erro_numa_thread_do_aluno_continua_aparecendo(ganchos_novos):
    _, erros = ganchos_novos

    def dividir_por_zero():
        return 1 / 0

    with Vigia() as vigia:
        iniciar(dividir_por_zero).join(PRAZO_DA_THREAD)
    assert vigia.sobraram == []
    assert [erro.exc_type for erro in erros] == [ZeroDivisionError]


def test_os_ganchos_sao_instalados_uma_vez_so(ganchos_novos):
    auditoria, _ = ganchos_novos
    with Vigia():
        gancho = threading.excepthook
    with Vigia():
        pass
    assert auditoria == [modulo._ao_auditar]
    assert threading.excepthook is gancho


def test_o_finally_do_aluno_tem_tempo_de_terminar_antes_de_outra_interrupcao(
        parar, ganchos_novos):
    _, erros = ganchos_novos
    terminou = threading.Event()

    def laco_com_finally():
        try:
            laco_sem_fim(parar)
        finally:
            time.sleep(modulo.INTERVALO_ENTRE_INTERRUPCOES / 2)  # arruma a casa
            terminou.set()

    with Vigia() as vigia:
        laco = iniciar(laco_com_finally)
    laco.join(PRAZO_DA_THREAD)
    assert vigia.sobraram == [] and terminou.is_set()
    assert erros == []


def test_sem_nada_para_parar_a_vigia_nao_espera_o_prazo(monkeypatch):
    # com um prazo de minutos, esperá-lo à toa estouraria o tempo do teste
    monkeypatch.setattr(modulo, "TEMPO_PARA_LIMPAR", 600.0)
    with Vigia() as vigia:
        iniciar(lambda: None).join(PRAZO_DA_THREAD)
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    assert vigia.sobraram == []


def test_socket_esquecido_aberto_pelo_aluno_e_apontado_e_depois_fechado():
    do_aluno = []
    with Vigia() as vigia:
        iniciar(lambda: do_aluno.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))) \
            .join(PRAZO_DA_THREAD)
        da_verificacao = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        assert vigia.sockets_do_aluno_abertos() == do_aluno
        do_aluno[0].close()
        assert vigia.sockets_do_aluno_abertos() == []  # fechado pelo aluno: tudo certo
    assert da_verificacao.fileno() == -1  # a vigia fecha também os da verificação


def test_accept_parado_acorda_mesmo_onde_shutdown_nao_acorda(shutdown_que_nao_acorda):
    with Vigia() as vigia:
        servidor = socket.create_server(("127.0.0.1", 0))
        servidor.settimeout(PRAZO_DA_THREAD)
        aceitar = iniciar(esperar, servidor.accept)
        time.sleep(0.05)  # tempo para a thread chegar ao accept
    aceitar.join(PRAZO_DA_THREAD)
    assert vigia.sobraram == []  # acordou com a conexão de mentira e terminou
    assert servidor.fileno() == -1


def test_recvfrom_parado_acorda_mesmo_onde_shutdown_nao_acorda(shutdown_que_nao_acorda):
    recebidos = []
    with Vigia() as vigia:
        receptor = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        receptor.bind(("127.0.0.1", 0))
        endereco = receptor.getsockname()
        # sem prazo: o recvfrom volta só quando chega um datagrama
        receber = iniciar(esperar, lambda: recebidos.append(receptor.recvfrom(100)[0]))
        time.sleep(0.05)  # tempo para a thread chegar ao recvfrom
    try:
        assert vigia.sobraram == []
        # acordou com um datagrama vazio, nunca com dados (se a thread chegou ao recvfrom
        # só depois de a vigia fechar o socket, ela recebeu um erro: também vale)
        assert recebidos in ([b""], [])
        assert receptor.fileno() == -1
    finally:
        if receber.is_alive():  # a vigia falhou: um datagrama solta a thread
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as soltar:
                soltar.sendto(b"", endereco)
        receber.join(PRAZO_DA_THREAD)


def test_accept_e_recv_parados_acordam_no_linux_com_shutdown():
    with Vigia() as vigia:
        servidor = socket.create_server(("127.0.0.1", 0))
        cliente = socket.create_connection(servidor.getsockname())
        conexao, _ = servidor.accept()
        threads = [iniciar(esperar, servidor.accept), iniciar(esperar, cliente.recv, 100)]
        time.sleep(0.05)  # tempo para as threads chegarem ao accept e ao recv
    for thread in threads:
        thread.join(PRAZO_DA_THREAD)
    assert vigia.sobraram == []
    assert [servidor.fileno(), cliente.fileno(), conexao.fileno()] == [-1, -1, -1]


def test_servidores_do_ecolab_seguem_rodando_e_as_ajudantes_do_verificador_param(parar):
    do_servidor = []

    def servidor_do_ecolab():
        do_servidor.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
        parar.wait(PRAZO_DA_THREAD)

    de_antes = iniciar(parar.wait, PRAZO_DA_THREAD, nome="de-antes-da-verificacao")
    with Vigia() as vigia:
        servidor = iniciar(servidor_do_ecolab, nome="ecolab-servidor-teste")
        ajudante = iniciar(laco_sem_fim, parar, nome=modulo.AJUDANTES + "teste")
        assert set(vigia.threads_novas()) == {ajudante}
    try:
        assert vigia.sobraram == [] and not ajudante.is_alive()
        assert servidor.is_alive() and de_antes.is_alive()
        assert do_servidor[0].fileno() != -1  # o servidor do ecolab fecha os seus
    finally:
        parar.set()
        do_servidor[0].close()
    servidor.join(PRAZO_DA_THREAD)
    de_antes.join(PRAZO_DA_THREAD)


def test_so_ha_vigia_ativa_durante_a_verificacao_mesmo_se_ela_levantar():
    assert Vigia.ativa is None
    with pytest.raises(ValueError):
        with Vigia() as vigia:
            assert Vigia.ativa is vigia
            raise ValueError("o verificador tem um defeito")
    assert Vigia.ativa is None


def test_accept_parado_em_ipv6_tambem_acorda_onde_shutdown_nao_acorda(shutdown_que_nao_acorda):
    if not socket.has_ipv6:
        pytest.skip("sem IPv6")
    with Vigia() as vigia:
        servidor = socket.create_server(("::1", 0), family=socket.AF_INET6)
        servidor.settimeout(PRAZO_DA_THREAD)
        aceitar = iniciar(esperar, servidor.accept)
        time.sleep(0.05)  # tempo para a thread chegar ao accept
    aceitar.join(PRAZO_DA_THREAD)
    assert vigia.sobraram == []
    assert servidor.fileno() == -1


def test_servidor_do_aluno_com_a_fila_cheia_nao_trava_a_vigia(shutdown_que_nao_acorda, monkeypatch):
    # Ninguém chama accept e a fila (listen(0)) está cheia: o sistema ignora uma conexão
    # nova em vez de recusá-la. A conexão de mentira desiste sozinha, e a vigia termina.
    monkeypatch.setattr(modulo, "TEMPO_PARA_LIMPAR", 600.0)  # o prazo não a salvaria
    with Vigia() as vigia:
        servidor = socket.create_server(("127.0.0.1", 0), backlog=0)
        for _ in range(3):
            cliente = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            cliente.setblocking(False)
            cliente.connect_ex(servidor.getsockname())
    assert vigia.sobraram == []
    assert servidor.fileno() == -1


def test_socket_sem_endereco_no_windows_tambem_e_fechado(monkeypatch):
    # no Windows, getsockname de um socket que nunca foi ligado a um endereço falha
    def sem_endereco(self):
        raise OSError(10022, "Um argumento inválido foi fornecido")

    monkeypatch.setattr(socket.socket, "getsockname", sem_endereco)
    do_aluno = []
    with Vigia():
        iniciar(lambda: do_aluno.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))) \
            .join(PRAZO_DA_THREAD)
    assert do_aluno[0].fileno() == -1


@pytest.mark.parametrize("getsockopt_falha", [False, True],
                         ids=["sistema_diz_quem_escuta", "sistema_nao_diz_quem_escuta"])
def test_conexao_aceita_pelo_aluno_nao_vira_conexao_de_mentira_para_o_servidor(
        shutdown_que_nao_acorda, monkeypatch, getsockopt_falha):
    # A conexão aceita tem o mesmo endereço local que o servidor que a aceitou. A vigia
    # só bate na porta de um socket que ela sabe que escuta: um servidor de fora da
    # verificação não recebe uma conexão de mentira por causa da conexão do aluno.
    servidor = socket.create_server(("127.0.0.1", 0))
    cliente = socket.create_connection(servidor.getsockname())
    try:
        if getsockopt_falha:
            def sem_resposta(self, *argumentos):
                raise OSError(92, "Protocol not available")
            monkeypatch.setattr(socket.socket, "getsockopt", sem_resposta)
        aceitas = []
        with Vigia() as vigia:
            iniciar(lambda: aceitas.append(servidor.accept()[0])).join(PRAZO_DA_THREAD)
        monkeypatch.undo()
        assert vigia.sobraram == [] and aceitas[0].fileno() == -1
        servidor.settimeout(0.2)
        with pytest.raises(TimeoutError):
            servidor.accept()[0].close()
    finally:
        cliente.close()
        servidor.close()


def test_primeiro_fecha_os_sockets_e_o_except_do_aluno_roda_inteiro():
    # Quem espera num accept acorda com um OSError e termina sozinho, pelo caminho que o
    # aluno escreveu; o Interrompido fica só para quem não terminou assim.
    avisos = []

    def anotar(texto):  # uma função Python: um Interrompido pendente cairia aqui
        avisos.append(texto)

    def servidor_do_aluno(servidor):
        try:
            servidor.accept()
        except OSError:
            anotar("o servidor parou")

    with Vigia() as vigia:
        servidor = socket.create_server(("127.0.0.1", 0))
        aceitar = iniciar(servidor_do_aluno, servidor)
        time.sleep(0.05)  # tempo para a thread chegar ao accept
    aceitar.join(PRAZO_DA_THREAD)
    assert vigia.sobraram == []
    assert avisos == ["o servidor parou"]
