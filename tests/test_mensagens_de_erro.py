"""As mensagens de erro inteiras, como o aluno as lê.

Os outros testes conferem um trecho de cada mensagem (o que importa para o
comportamento). Aqui a mensagem inteira é conferida uma vez: ela é parte da
lição (diz o que aconteceu e o que fazer), e uma palavra trocada, uma frase
cortada ou um valor errado nela ensinaria errado sem que nenhum outro teste
percebesse.
"""

import socket
import warnings

import pytest

from ecolab import (
    ArgumentoInvalido,
    AvisoRede,
    ClienteUDP,
    ErroNoServidor,
    MensagemInvalida,
    ServidorTCP,
    ServidorUDP,
)
from ecolab.mensagem import codificar, codificar_linha, decodificar, decodificar_linha
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


def test_host_com_dois_pontos_seguidos():
    """Um nome com um rótulo vazio nem chega ao DNS: o codec idna do Python o recusa
    (``UnicodeError``), e o aluno recebe a mesma explicação de um host que não existe."""
    texto = mensagem(conferir_host, "servidor..local", 80, socket.SOCK_DGRAM)
    assert texto.startswith("Não encontrei o host 'servidor..local' (o sistema respondeu: ")
    assert texto.endswith(
        "). Confira se o nome está escrito certo, ou use um endereço IP, como "
        "'127.0.0.1' (este computador).")


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


# ----- as regras de uma mensagem (ecolab.mensagem) ----------------------------


def mensagem_invalida(funcao, *argumentos):
    with pytest.raises(MensagemInvalida) as erro:
        funcao(*argumentos)
    return str(erro.value)


def test_mensagem_que_nao_e_texto():
    assert mensagem_invalida(codificar, b"oi", 10) == (
        "A mensagem precisa ser um texto (str), mas recebi bytes. Converta antes de "
        "enviar, por exemplo com str(valor).")


def test_mensagem_vazia_no_cliente():
    assert mensagem_invalida(codificar, "", 10) == (
        "A mensagem está vazia. Escreva algum texto antes de enviar.")


def test_mensagem_com_caractere_que_nao_existe_em_utf8():
    assert mensagem_invalida(codificar, "a\ud800", 10) == (
        "A mensagem tem um caractere que não existe em UTF-8 (surrogates not allowed). "
        "Remova-o e tente de novo.")


def test_mensagem_acima_do_limite_no_cliente_e_a_do_limite_exato_passa():
    assert codificar("ação", 6) == "ação".encode("utf-8")
    assert mensagem_invalida(codificar, "açãoo", 6) == (
        "A mensagem tem 7\u00a0bytes em UTF-8, mais que o limite de 6\u00a0bytes. "
        "Divida-a em partes menores.")


@pytest.mark.parametrize("texto", ["a\nb", "a\rb"])
def test_mensagem_tcp_com_quebra_de_linha(texto):
    assert mensagem_invalida(codificar_linha, texto) == (
        "A mensagem tem uma quebra de linha. No TCP do ecolab cada linha é uma "
        "mensagem: envie cada linha com um enviar() separado.")


def test_linha_tcp_acaba_com_o_fim_de_linha():
    assert codificar_linha("oi") == b"oi\n"


@pytest.mark.parametrize("dados, esperado", [
    (b"", "mensagem vazia; envie algum texto"),
    (b"abcdefg", "mensagem de 7\u00a0bytes, acima do limite de 6\u00a0bytes"),
    (b"\xff", "a mensagem não é texto UTF-8 válido; envie texto, não bytes soltos"),
])
def test_mensagem_recusada_pelo_servidor(dados, esperado):
    assert mensagem_invalida(decodificar, dados, 6) == esperado


def test_mensagem_do_tamanho_do_limite_chega_ao_servidor():
    assert decodificar(b"abcdef", 6) == "abcdef"


@pytest.mark.parametrize("linha, esperado", [
    (b"a\rb", "a linha tem um \\r (retorno de carro) no meio; no TCP do ecolab cada "
              "mensagem é uma linha, sem quebras"),
    (b"\r", "mensagem vazia; envie algum texto"),
])
def test_linha_recusada_pelo_servidor(linha, esperado):
    assert mensagem_invalida(decodificar_linha, linha) == esperado


def test_linha_do_telnet_perde_so_o_retorno_de_carro_do_fim():
    assert decodificar_linha(b"oi\r") == "oi"


# ----- o que o servidor diz quando o responder do aluno falha (ecolab.servidor) ----


@pytest.mark.parametrize("responder, erro", [
    (lambda mensagem: str(1 / len(mensagem[3:])), "ZeroDivisionError: division by zero"),
    (len, "TypeError: a função responder devolveu int, mas deveria devolver um texto (str)"),
], ids=["excecao", "resposta_que_nao_e_texto"])
def test_responder_que_falha_responde_erro_anota_e_parar_levanta(responder, erro):
    servidor = ServidorUDP(responder=responder).iniciar()
    try:
        with ClienteUDP(porta=servidor.porta) as cliente:
            assert cliente.enviar("oi") == f"ERRO: o servidor falhou ao responder ({erro})"
            endereco_do_cliente = ("127.0.0.1", cliente._sock.getsockname()[1])
        [anotado] = servidor.registro.eventos("erro")
        assert (anotado.endereco, anotado.texto) == (endereco_do_cliente, erro)
    finally:
        with pytest.raises(ErroNoServidor) as levantado:
            servidor.parar()
    assert str(levantado.value) == (
        f"<ServidorUDP em 127.0.0.1:{servidor.porta}, parado> teve 1 erro(s) inesperado(s) "
        f"enquanto rodava; o primeiro foi {erro}. Veja servidor.registro para os detalhes "
        "e corrija a função responder.")


@pytest.mark.parametrize("classe", [ServidorTCP, ServidorUDP])
def test_servidor_em_todas_as_interfaces_avisa(classe):
    """(A linha do aluno no aviso é conferida em test_exposicao.py: sob o mutmut o
    trampolim dele entra na pilha.)"""
    with warnings.catch_warnings(record=True) as avisos:
        warnings.simplefilter("always")
        servidor = classe(host="0.0.0.0").iniciar()
    servidor.parar()
    [aviso] = avisos
    assert aviso.category is AvisoRede
    assert str(aviso.message) == (
        f"{classe.__name__} vai escutar em todas as interfaces de rede ('0.0.0.0'): outras "
        "máquinas da rede poderão se conectar, e o firewall pode pedir permissão. Para usar "
        "só neste computador, use host='127.0.0.1'.")
