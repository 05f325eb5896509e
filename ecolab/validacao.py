"""As conferências dos argumentos de servidores e clientes, antes de abrir qualquer socket.

Um argumento errado (uma porta entre aspas, um host com erro de digitação, um
``timeout=0``) é levantado na hora, na linha que o aluno escreveu, como
:class:`~ecolab.ArgumentoInvalido`, com uma mensagem que diz o que estava
errado e como escrever certo. Sem estas conferências, o erro apareceria mais
tarde, longe da causa: um ``TypeError`` do módulo ``socket``, um cliente que
espera para sempre, um servidor que responde ``ERRO`` a toda mensagem.

Para quem usa (``tcp.py``, ``udp.py`` e ``servidor.py``):
  - ``conferir_porta(porta, cliente)``: um número inteiro de 0 a 65535;
  - ``conferir_host(host, porta, tipo)``: os endereços do host, IPv4 primeiro;
  - ``conferir_timeout(timeout)``: um número de segundos maior que zero;
  - ``conferir_responder(responder)``: uma função (ou ``None``, a resposta padrão).
"""

import operator
import socket

from .erros import ArgumentoInvalido
from .numeros import com_unidade
from .sockets import enderecos

MAIOR_TIMEOUT = 86_400  # segundos (um dia): o Windows guarda o tempo limite em milissegundos


def _descrever(valor):
    """``'12000' (str)``: o valor e o tipo, para a mensagem de erro."""
    return f"{valor!r} ({type(valor).__name__})"


def conferir_porta(porta, cliente=False):
    """Devolve a porta como ``int``, ou levanta :class:`ArgumentoInvalido`.

    Um cliente não pode usar a porta 0: ela só quer dizer "o sistema escolhe"
    para quem escuta (o servidor).
    """
    try:
        if isinstance(porta, bool):  # True é 1 para o Python, mas não é uma porta
            raise TypeError
        numero = operator.index(porta)  # aceita int (e inteiros do numpy), não float
    except TypeError:
        raise ArgumentoInvalido(
            f"A porta precisa ser um número inteiro de 0 a 65535, mas recebi "
            f"{_descrever(porta)}. Escreva o número sem aspas, por exemplo porta=12000."
        ) from None
    if not 0 <= numero <= 65_535:
        raise ArgumentoInvalido(
            f"A porta {numero} não existe: as portas vão de 0 a 65535. Use, por "
            "exemplo, porta=12000 (ou porta=0 num servidor, para o sistema escolher)."
        )
    if cliente and numero == 0:
        raise ArgumentoInvalido(
            "O cliente precisa da porta do servidor, e porta=0 só serve para o "
            "servidor (quer dizer \"o sistema escolhe\"). Use a porta real, por "
            "exemplo porta=servidor.porta."
        )
    return numero


def conferir_host(host, porta, tipo):
    """Os endereços de ``host`` (lista de ``(família, endereço)``, IPv4 primeiro).

    ``tipo`` é ``socket.SOCK_STREAM`` (TCP) ou ``socket.SOCK_DGRAM`` (UDP).
    Levanta :class:`ArgumentoInvalido` se o host não é texto ou não existe.
    """
    if not isinstance(host, str):
        raise ArgumentoInvalido(
            f"O host precisa ser um texto, como '127.0.0.1', mas recebi {_descrever(host)}."
        )
    try:
        return enderecos(host, porta, tipo)
    except (socket.gaierror, UnicodeError) as erro:
        raise ArgumentoInvalido(
            f"Não encontrei o host {host!r} (o sistema respondeu: {erro}). Confira "
            "se o nome está escrito certo, ou use um endereço IP, como '127.0.0.1' "
            "(este computador)."
        ) from None


def conferir_timeout(timeout, nome="timeout"):
    """Devolve ``timeout`` (segundos, maior que zero e até um dia) ou levanta o erro.

    O ecolab nunca espera para sempre: ``None``, 0 e números negativos são
    recusados, em vez de virarem "sem limite" sem ninguém perceber.
    """
    exemplo = f"Use um número de segundos maior que zero, por exemplo {nome}=5 ou {nome}=0.5."
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise ArgumentoInvalido(
            f"O {nome} precisa ser um número de segundos, mas recebi {_descrever(timeout)}. "
            f"{exemplo} (O ecolab nunca espera para sempre.)"
        )
    if not 0 < timeout <= MAIOR_TIMEOUT:  # também recusa nan e infinito
        raise ArgumentoInvalido(
            f"O {nome} precisa ser maior que zero e de no máximo um dia "
            f"({com_unidade(MAIOR_TIMEOUT, 's')}), mas recebi {timeout!r}. {exemplo}"
        )
    return timeout


def conferir_responder(responder):
    """Devolve ``responder`` se é uma função (algo que se pode chamar), ou levanta o erro."""
    if not callable(responder):
        raise ArgumentoInvalido(
            "O responder precisa ser uma função que recebe a mensagem (str) e devolve "
            f"a resposta (str), mas recebi {_descrever(responder)}. Passe a função sem "
            "chamá-la: responder=minha_funcao, e não responder=minha_funcao()."
        )
    return responder
