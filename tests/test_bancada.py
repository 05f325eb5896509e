"""As peças da bancada do verificador: como um erro do aluno é descrito e que dica recebe.

Os testes de ``test_exercicios.py`` passam por aqui com respostas erradas de
verdade (e levam mais de um minuto); estes conferem as mesmas regras direto,
com erros montados no próprio teste.
"""

import selectors
import socket
import sys
import threading

import pytest


from ecolab.exercicios import bancada
from ecolab.exercicios.bancada import (
    NADA,
    Execucao,
    Exercicio,
    Falha,
    Item,
    NaoRespondido,
    Relatorio,
    descrever_erro,
    dica_para_o_erro,
    exercicio,
    segundos,
    sem_resposta,
)


def erro_de(funcao):
    try:
        funcao()
    except BaseException as erro:
        return erro
    raise AssertionError("a função não levantou nada")


def test_erro_com_mensagem_mostra_o_tipo_a_mensagem_e_a_linha_do_aluno():
    def resposta():
        return int("dez")

    erro = erro_de(resposta)
    assert descrever_erro(erro) == (
        "ValueError: invalid literal for int() with base 10: 'dez' "
        "(na linha " + str(resposta.__code__.co_firstlineno + 1) + ": return int(\"dez\"))")


def test_erro_sem_mensagem_mostra_so_o_tipo():
    def resposta():
        raise KeyError

    erro = erro_de(resposta)
    linha = resposta.__code__.co_firstlineno + 1
    assert descrever_erro(erro) == f"KeyError (na linha {linha}: raise KeyError)"


def test_a_linha_citada_e_a_do_aluno_e_nao_a_do_modulo_socket():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        porta = sock.getsockname()[1]  # fechada logo abaixo: ninguém escuta

    def resposta():
        return socket.create_connection(("127.0.0.1", porta), timeout=2)

    erro = erro_de(resposta)
    linha = resposta.__code__.co_firstlineno + 1
    assert descrever_erro(erro).endswith(
        f"(na linha {linha}: return socket.create_connection((\"127.0.0.1\", porta), timeout=2))")


def ajudante_do_aluno():
    raise LookupError("no ajudante")


def test_a_linha_citada_e_a_mais_funda_do_aluno():
    def resposta():
        ajudante_do_aluno()

    erro = erro_de(resposta)
    linha = ajudante_do_aluno.__code__.co_firstlineno + 1
    assert descrever_erro(erro) == (
        f"LookupError: no ajudante (na linha {linha}: raise LookupError(\"no ajudante\"))")


def chamar_threading():
    return threading.Event().wait("um segundo")  # o erro nasce em threading.py


def chamar_selectors():
    return selectors.DefaultSelector().register("x", selectors.EVENT_READ)  # em selectors.py


@pytest.mark.parametrize("resposta", [chamar_threading, chamar_selectors])
def test_as_linhas_do_ecolab_e_da_biblioteca_nao_sao_citadas(resposta):
    erro = erro_de(resposta)
    linha = resposta.__code__.co_firstlineno + 1
    assert f"(na linha {linha}: return " in descrever_erro(erro)


def test_linha_sem_codigo_fonte_nao_e_citada():
    """Código sem fonte conhecida (``exec`` de um texto): nada de "na linha" vazio."""
    contexto = {}
    exec(compile("def resposta():\n    raise ValueError('sem fonte')\n", "<aluno>", "exec"),
         contexto)
    erro = erro_de(contexto["resposta"])
    assert descrever_erro(erro) == "ValueError: sem fonte"


def test_erro_sem_nenhuma_linha_do_aluno_fica_sem_linha():
    assert descrever_erro(ValueError("solto")) == "ValueError: solto"


@pytest.mark.parametrize("erro, comeco", [
    (TypeError("'NoneType' object is not subscriptable"), "um None entrou"),
    (TypeError("a bytes-like object is required, not 'str'"), "sockets enviam e recebem bytes"),
    (TypeError("can only concatenate str (not \"bytes\") to str"), "confira se você misturou"),
    (ZeroDivisionError("division by zero"), "uma divisão por zero"),
    (ValueError("max() arg is an empty sequence"), "min() ou max() de uma lista vazia"),
    (ConnectionRefusedError(111, "Connection refused"), "ninguém escutava nesse endereço"),
    (TimeoutError("timed out"), "o tempo limite esgotou"),
    (OSError(9, "Bad file descriptor"), "um erro do sistema ao usar o socket"),
])
def test_cada_erro_comum_recebe_a_sua_dica(erro, comeco):
    assert dica_para_o_erro(erro).startswith(comeco)


@pytest.mark.parametrize("erro", [ValueError("outro"), TypeError("unhashable type: 'list'"),
                                  KeyError("x")])
def test_erro_sem_dica_conhecida_fica_sem_dica(erro):
    assert dica_para_o_erro(erro) == ""


def test_nao_respondido_diz_quais_respostas_faltam():
    erro = NaoRespondido(["responder", "cliente"])
    assert str(erro) == "responder, cliente" and erro.nomes == ["responder", "cliente"]


def test_o_decorador_registra_o_exercicio_no_catalogo(monkeypatch):
    catalogo = {}
    monkeypatch.setattr(bancada, "CATALOGO", catalogo)

    def conferir(relatorio, responder):
        relatorio.ok("respondeu")

    registrar = exercicio("eco", "01", "Um eco", ["responder"], ["use return", "return m"], 1)
    assert registrar(conferir) is conferir
    assert catalogo == {"eco": Exercicio("eco", "01", "Um eco", ("responder",),
                                         ("use return", "return m"), conferir, 1)}
    assert type(catalogo["eco"].respostas) is tuple and type(catalogo["eco"].dicas) is tuple


# ----- o relatório: o que o aluno lê item por item ------------------------


def test_relatorio_sem_itens_nao_passou():
    assert not Relatorio("ex").passou


def test_relatorio_com_todos_os_itens_certos_passou():
    relatorio = Relatorio("ex")
    assert relatorio.ok("a soma está certa") is True
    assert relatorio.conferir("o eco", "OI", "OI") is True
    assert relatorio.passou
    assert relatorio.itens == [Item(True, "a soma está certa"), Item(True, "o eco")]


def test_um_item_errado_ou_uma_interrupcao_e_o_relatorio_nao_passou():
    relatorio = Relatorio("ex")
    relatorio.ok("primeiro")
    assert relatorio.falhou("segundo") is False
    assert not relatorio.passou
    interrompido = Relatorio("ex")
    interrompido.ok("primeiro")
    interrompido.interrompido = True
    assert not interrompido.passou


def test_falha_anota_descricao_dica_esperado_e_recebido():
    relatorio = Relatorio("ex")
    relatorio.falhou("sem dica")
    relatorio.falhou("a resposta", "use upper()", "OI", "oi")
    assert relatorio.itens == [Item(False, "sem dica", NADA, NADA, ""),
                               Item(False, "a resposta", "OI", "oi", "use upper()")]


def test_conferir_sem_dica_anota_a_falha_sem_dica():
    relatorio = Relatorio("ex")
    assert relatorio.conferir("a soma", 5, 4) is False
    assert relatorio.itens == [Item(False, "a soma", 5, 4, "")]


@pytest.mark.parametrize("esperado, recebido", [("OI", "oi"), (1, 1.0), (1, True), ([1], (1,))],
                         ids=["outro_texto", "float_no_lugar_de_int", "bool_no_lugar_de_int",
                              "tupla_no_lugar_de_lista"])
def test_conferir_exige_o_mesmo_valor_e_o_mesmo_tipo(esperado, recebido):
    relatorio = Relatorio("ex")
    assert relatorio.conferir("o valor", esperado, recebido, "confira o tipo") is False
    assert relatorio.itens == [Item(False, "o valor", esperado, recebido, "confira o tipo")]


def test_desistir_anota_a_falha_e_interrompe_a_verificacao():
    relatorio = Relatorio("ex")
    with pytest.raises(Falha) as erro:
        relatorio.desistir("o servidor não respondeu", "inicie o servidor", "OI", None)
    assert str(erro.value) == "o servidor não respondeu"
    assert relatorio.itens == [Item(False, "o servidor não respondeu", "OI", None,
                                    "inicie o servidor")]
    with pytest.raises(Falha):
        relatorio.desistir("sem mais nada")
    assert relatorio.itens[-1] == Item(False, "sem mais nada", NADA, NADA, "")


# ----- rodar o código do aluno com prazo ----------------------------------


def test_chamar_devolve_o_valor_da_funcao_do_aluno():
    relatorio = Relatorio("ex")
    assert relatorio.chamar(lambda a, b: a + b, 2, 3) == 5
    assert relatorio.itens == []


def test_funcao_que_passa_do_prazo_vira_falha_com_o_prazo_e_a_dica():
    parar = threading.Event()

    def laco_sem_fim():
        parar.wait(10)

    relatorio = Relatorio("ex")
    try:
        with pytest.raises(Falha):
            relatorio.chamar(laco_sem_fim, prazo=0.2, descricao="responder('oi')")
        with pytest.raises(Falha):
            relatorio.chamar(laco_sem_fim, prazo=0.2, descricao="de novo",
                             dica_do_prazo="o servidor precisa de settimeout")
    finally:
        parar.set()
    assert relatorio.itens == [
        Item(False, "responder('oi'): a função não terminou em 0,2\u00a0s", dica=(
            "confira se há um laço que nunca termina ou uma espera sem tempo limite "
            "(use sock.settimeout).")),
        Item(False, "de novo: a função não terminou em 0,2\u00a0s",
             dica="o servidor precisa de settimeout"),
    ]


def dividir_por_zero():
    return 1 / 0


def test_funcao_que_levanta_vira_falha_com_o_erro_a_linha_e_a_dica():
    relatorio = Relatorio("ex")
    with pytest.raises(Falha):
        relatorio.chamar(dividir_por_zero, descricao="media([])")
    linha = dividir_por_zero.__code__.co_firstlineno + 1
    assert relatorio.itens == [Item(
        False, f"media([]): a sua função levantou ZeroDivisionError: division by zero "
               f"(na linha {linha}: return 1 / 0)",
        dica="uma divisão por zero: confira o caso em que não há nenhum item para contar "
             "(uma lista vazia).")]


def test_a_dica_do_erro_dada_pela_verificacao_vale_mais_que_a_dica_geral():
    relatorio = Relatorio("ex")
    with pytest.raises(Falha):
        relatorio.chamar(dividir_por_zero, descricao="media([])",
                         dica_do_erro="uma lista vazia tem média 0")
    assert relatorio.itens[0].dica == "uma lista vazia tem média 0"


def test_not_implemented_error_quer_dizer_que_a_celula_nao_foi_respondida():
    def responder(mensagem):
        raise NotImplementedError

    relatorio = Relatorio("ex")
    with pytest.raises(NaoRespondido) as erro:
        relatorio.chamar(responder, "oi")
    assert erro.value.nomes == ["responder"] and relatorio.itens == []


def test_terminar_e_conferir_erro_sem_dica_usam_as_dicas_gerais():
    """Várias verificações chamam ``terminar`` e ``conferir_erro`` direto, sem dica própria."""
    parar = threading.Event()
    relatorio = Relatorio("ex")
    servidor = relatorio.em_segundo_plano(parar.wait, 10)
    try:
        with pytest.raises(Falha):
            relatorio.terminar(servidor, 0.2, "depois do último cliente")
    finally:
        parar.set()
    com_erro = relatorio.em_segundo_plano(dividir_por_zero)
    assert com_erro.esperar(5)
    with pytest.raises(Falha):
        relatorio.terminar(com_erro, 1, "o servidor")
    with pytest.raises(Falha):
        relatorio.conferir_erro(com_erro, "a Carla se conecta")
    assert [item.dica for item in relatorio.itens] == [
        "confira se há um laço que nunca termina ou uma espera sem tempo limite "
        "(use sock.settimeout).",
        "uma divisão por zero: confira o caso em que não há nenhum item para contar "
        "(uma lista vazia).",
        "uma divisão por zero: confira o caso em que não há nenhum item para contar "
        "(uma lista vazia).",
    ]
    assert relatorio.itens[2].descricao.startswith(
        "a Carla se conecta: a sua função levantou ZeroDivisionError")


def test_terminar_aceita_os_erros_que_a_verificacao_espera():
    def servidor_fechado_pelo_verificador():
        raise OSError(9, "Bad file descriptor")

    relatorio = Relatorio("ex")
    execucao = relatorio.em_segundo_plano(servidor_fechado_pelo_verificador)
    relatorio.terminar(execucao, aceitar=(OSError,))
    assert relatorio.itens == [] and isinstance(execucao.erro, OSError)


def test_conferir_erro_de_uma_funcao_que_ainda_roda_nao_anota_nada():
    parar = threading.Event()
    relatorio = Relatorio("ex")
    execucao = relatorio.em_segundo_plano(parar.wait, 10)
    try:
        relatorio.conferir_erro(execucao, "o servidor")
        assert relatorio.itens == [] and not execucao.terminou
    finally:
        parar.set()
    assert execucao.esperar(5) and execucao.valor is True


def test_a_thread_da_execucao_leva_o_nome_da_funcao_do_aluno_e_nao_segura_o_notebook():
    def servidor_do_aluno():
        return "pronto"

    execucao = Execucao(servidor_do_aluno, ())
    assert execucao.thread.name == "exercicio-servidor_do_aluno" and execucao.thread.daemon
    assert not execucao.terminou
    execucao.iniciar()
    assert execucao.esperar(5) and execucao.terminou and execucao.valor == "pronto"


def test_uma_resposta_sem_nome_aparece_como_resposta():
    class Chamavel:
        def __call__(self):
            return 1

    assert Execucao(Chamavel(), ()).thread.name == "exercicio-resposta"


def test_prazo_com_virgula_decimal_e_espaco_que_nao_quebra():
    assert segundos(1.5) == "1,5\u00a0s"


# ----- esboços: a célula ainda não foi respondida -------------------------


def so_reticencias(mensagem):
    ...


def so_pass(mensagem):
    pass


def com_docstring(mensagem):
    """Devolve a mensagem em maiúsculas."""
    ...


def levanta_nao_implementado(mensagem):
    raise NotImplementedError


def levanta_nao_implementado_com_texto(mensagem):
    raise NotImplementedError("responda aqui")


class ClasseSoDeEsboco:
    def enviar(self, mensagem):
        ...

    def fechar(self):
        pass


@pytest.mark.parametrize("esboco", [
    None, ..., so_reticencias, so_pass, com_docstring, levanta_nao_implementado,
    levanta_nao_implementado_com_texto, ClasseSoDeEsboco])
def test_o_esboco_da_celula_conta_como_sem_resposta(esboco):
    assert sem_resposta(esboco)


def responde(mensagem):
    return mensagem.upper()


def levanta_outro_erro(mensagem):
    raise ValueError


def comeca_e_depois_desiste(mensagem):
    print(mensagem)
    raise NotImplementedError


def comeca_sem_chamar_funcao_e_depois_desiste(mensagem):
    resposta = mensagem.upper()
    raise NotImplementedError


def devolve_zero(mensagem):
    return 0


class ClasseMeioRespondida:
    def enviar(self, mensagem):
        return mensagem

    def fechar(self):
        ...


@pytest.mark.parametrize("resposta", [
    responde, levanta_outro_erro, comeca_e_depois_desiste,
    comeca_sem_chamar_funcao_e_depois_desiste, devolve_zero, ClasseMeioRespondida,
    0, "texto"])
def test_uma_resposta_de_verdade_nao_conta_como_sem_resposta(resposta):
    assert not sem_resposta(resposta)
