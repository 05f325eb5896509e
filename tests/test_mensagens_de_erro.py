"""As mensagens de erro inteiras, como o aluno as lê.

Os outros testes conferem um trecho de cada mensagem (o que importa para o
comportamento). Aqui a mensagem inteira é conferida uma vez: ela é parte da
lição (diz o que aconteceu e o que fazer), e uma palavra trocada, uma frase
cortada ou um valor errado nela ensinaria errado sem que nenhum outro teste
percebesse.
"""

import socket

import pytest

from ecolab import ArgumentoInvalido
from ecolab.validacao import (
    conferir_host,
    conferir_porta,
    conferir_responder,
    conferir_timeout,
)


def mensagem(funcao, *argumentos):
    with pytest.raises(ArgumentoInvalido) as erro:
        funcao(*argumentos)
    return str(erro.value)


def test_porta_que_nao_e_inteiro():
    assert mensagem(conferir_porta, "12000") == (
        "A porta precisa ser um número inteiro de 0 a 65535, mas recebi '12000' (str). "
        "Escreva o número sem aspas, por exemplo porta=12000.")


@pytest.mark.parametrize("porta", [-1, 65_536])
def test_porta_fora_da_faixa(porta):
    assert mensagem(conferir_porta, porta) == (
        f"A porta {porta} não existe: as portas vão de 0 a 65535. Use, por exemplo, "
        "porta=12000 (ou porta=0 num servidor, para o sistema escolher).")


def test_as_portas_das_pontas_da_faixa_existem():
    assert conferir_porta(0) == 0 and conferir_porta(65_535) == 65_535
    assert conferir_porta(1, cliente=True) == 1


def test_porta_zero_num_cliente():
    assert mensagem(conferir_porta, 0, True) == (
        "O cliente precisa da porta do servidor, e porta=0 só serve para o servidor "
        "(quer dizer \"o sistema escolhe\"). Use a porta real, por exemplo "
        "porta=servidor.porta.")


def test_host_que_nao_e_texto():
    assert mensagem(conferir_host, 127, 80, socket.SOCK_STREAM) == (
        "O host precisa ser um texto, como '127.0.0.1', mas recebi 127 (int).")


def test_host_que_nao_existe(monkeypatch):
    falha = socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def getaddrinfo(*_argumentos, **_opcoes):
        raise falha

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    assert mensagem(conferir_host, "servidro", 80, socket.SOCK_STREAM) == (
        f"Não encontrei o host 'servidro' (o sistema respondeu: {falha}). Confira se o "
        "nome está escrito certo, ou use um endereço IP, como '127.0.0.1' (este "
        "computador).")


def test_timeout_que_nao_e_numero():
    assert mensagem(conferir_timeout, "5") == (
        "O timeout precisa ser um número de segundos, mas recebi '5' (str). Use um "
        "número de segundos maior que zero, por exemplo timeout=5 ou timeout=0.5. "
        "(O ecolab nunca espera para sempre.)")


@pytest.mark.parametrize("segundos", [0, -1, 86_401])
def test_timeout_fora_da_faixa_diz_o_nome_do_ajuste(segundos):
    assert mensagem(conferir_timeout, segundos, "tempo_ocioso") == (
        "O tempo_ocioso precisa ser maior que zero e de no máximo um dia "
        f"(86.400\u00a0s), mas recebi {segundos!r}. Use um número de segundos maior que "
        "zero, por exemplo tempo_ocioso=5 ou tempo_ocioso=0.5.")


def test_timeout_de_um_dia_exatamente_e_aceito():
    assert conferir_timeout(86_400) == 86_400
    assert conferir_timeout(0.001) == 0.001


def test_responder_que_nao_e_funcao():
    assert mensagem(conferir_responder, "Olá!") == (
        "O responder precisa ser uma função que recebe a mensagem (str) e devolve a "
        "resposta (str), mas recebi 'Olá!' (str). Passe a função sem chamá-la: "
        "responder=minha_funcao, e não responder=minha_funcao().")
