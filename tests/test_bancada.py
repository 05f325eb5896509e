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


from ecolab.exercicios.bancada import NaoRespondido, descrever_erro, dica_para_o_erro


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
