"""As regras de uma mensagem do ecolab: o que pode ser enviado e com que tamanho.

- Uma mensagem é um texto (``str``), não vazio, enviado em UTF-8.
- **TCP**: cada mensagem é uma linha terminada por ``\\n``. Por isso a mensagem
  não pode conter quebra de linha, e cada linha tem no máximo
  ``LIMITE_TCP`` bytes (1 MiB).
- **UDP**: cada mensagem é um datagrama de no máximo ``LIMITE_UDP`` bytes
  (8.192). O protocolo aceitaria até 65.507, mas o macOS corta em 9.216 por
  padrão; com 8.192 o curso se comporta igual no Linux, no macOS e no Windows.
  A resposta do servidor pode ter até ``LIMITE_RESPOSTA_UDP`` bytes (9.216, o
  teto do macOS): assim a resposta padrão ("Resposta do servidor: " mais a
  mensagem) a uma mensagem de 8.192 bytes ainda cabe.
"""

from .erros import MensagemInvalida
from .numeros import com_unidade

LIMITE_TCP = 1_048_576  # bytes por linha
LIMITE_UDP = 8_192  # bytes por datagrama
LIMITE_RESPOSTA_UDP = 9_216  # bytes por datagrama de resposta (o teto do macOS)


def codificar(mensagem, limite):
    """Confere a mensagem e devolve seus bytes em UTF-8 (sem ``\\n``)."""
    if not isinstance(mensagem, str):
        raise MensagemInvalida(
            f"A mensagem precisa ser um texto (str), mas recebi {type(mensagem).__name__}. "
            "Converta antes de enviar, por exemplo com str(valor)."
        )
    if not mensagem:
        raise MensagemInvalida("A mensagem está vazia. Escreva algum texto antes de enviar.")
    try:
        dados = mensagem.encode("utf-8")
    except UnicodeEncodeError as erro:
        raise MensagemInvalida(
            f"A mensagem tem um caractere que não existe em UTF-8 ({erro.reason}). "
            "Remova-o e tente de novo."
        ) from None
    if len(dados) > limite:
        raise MensagemInvalida(
            f"A mensagem tem {com_unidade(len(dados), 'bytes')} em UTF-8, mais que o limite "
            f"de {com_unidade(limite, 'bytes')}. Divida-a em partes menores."
        )
    return dados


def codificar_linha(mensagem):
    """Como :func:`codificar`, para TCP: recusa quebras de linha e acrescenta ``\\n``."""
    if isinstance(mensagem, str) and ("\n" in mensagem or "\r" in mensagem):
        raise MensagemInvalida(
            "A mensagem tem uma quebra de linha. No TCP do ecolab cada linha é uma "
            "mensagem: envie cada linha com um enviar() separado."
        )
    return codificar(mensagem, LIMITE_TCP) + b"\n"


def decodificar(dados, limite):
    """Lado do servidor: confere os bytes recebidos e devolve o texto.

    O servidor não controla quem envia (pode ser ``nc``, um colega, lixo
    binário), então confere tudo e levanta :class:`MensagemInvalida` com uma
    explicação que vai de volta ao cliente.
    """
    if not dados:
        raise MensagemInvalida("mensagem vazia; envie algum texto")
    if len(dados) > limite:
        raise MensagemInvalida(
            f"mensagem de {com_unidade(len(dados), 'bytes')}, acima do limite de "
            f"{com_unidade(limite, 'bytes')}"
        )
    try:
        return dados.decode("utf-8")
    except UnicodeDecodeError:
        raise MensagemInvalida(
            "a mensagem não é texto UTF-8 válido; envie texto, não bytes soltos"
        ) from None


def decodificar_linha(linha):
    """Como :func:`decodificar`, para uma linha TCP recebida (já sem o ``\\n``).

    Aceita o ``\\r\\n`` que o telnet e o Windows usam no fim da linha, mas
    recusa um ``\\r`` no meio: no TCP do ecolab cada mensagem é uma linha.
    As conferências são feitas no texto já decodificado, que é mais barato.
    """
    texto = decodificar(linha, LIMITE_TCP)
    if "\r" in texto:
        texto = texto.removesuffix("\r")
        if "\r" in texto:
            raise MensagemInvalida(
                "a linha tem um \\r (retorno de carro) no meio; no TCP do ecolab "
                "cada mensagem é uma linha, sem quebras"
            )
        if not texto:
            raise MensagemInvalida("mensagem vazia; envie algum texto")
    return texto
