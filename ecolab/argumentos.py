"""Argumentos de linha de comando em português.

O ``argparse`` da biblioteca padrão escreve em inglês: ``usage:``, ``options:``,
``show this help message and exit`` e erros como
``error: argument --porta: invalid int value: 'x'``. Quem estuda pelo ecolab lê
tudo em português, então os scripts do curso usam :class:`Argumentos`, um
``ArgumentParser`` que fala pt-BR. Ele é usado exatamente como o original::

    from ecolab.argumentos import Argumentos, porta, segundos

    opcoes = Argumentos(description="Cliente TCP do ecolab.")
    opcoes.add_argument("--porta", type=porta, default=12000, help="porta (padrão: 12000)")
    opcoes.add_argument("--timeout", type=segundos, default=5.0, help="segundos de espera")
    args = opcoes.parse_args()

O que muda em relação ao ``argparse.ArgumentParser``:
  - a ajuda (``-h``/``--help``) começa com ``uso:``, as seções se chamam
    ``argumentos posicionais`` e ``opções``, e o ``-h`` diz ``mostra esta ajuda e sai``;
  - um erro de argumento mostra o uso e ``programa: erro: ...`` em português, e o
    programa termina com o código 2, como no ``argparse``;
  - os tipos :func:`porta` e :func:`segundos` conferem o valor e explicam o
    problema em português (assim a mensagem nem precisa ser traduzida).

O módulo ``argparse`` em si não é alterado: um ``ArgumentParser`` comum, no
mesmo programa, continua em inglês.

Como a tradução funciona: o ``argparse`` monta as mensagens de erro a partir de
modelos fixos em inglês (``"unrecognized arguments: %s"``...) e as entrega a
``error()``. O nosso ``error()`` reconhece esses modelos e troca pelo texto em
português (:func:`traduzir`). Os modelos são os mesmos do Python 3.10 ao 3.14;
uma mensagem desconhecida aparece como veio, nunca some. Ficam em inglês só os
avisos de opção obsoleta (``deprecated=True``, Python 3.13+), que o ecolab não usa.
"""

import argparse
import math
import re
import sys

PORTA_MAXIMA = 65_535
SEGUNDOS_MINIMO = 0.001  # 1 ms: menos que isso o sistema arredondaria para 0 ("para sempre")

# (modelo do argparse, texto em português). Os modelos são expressões regulares
# que casam com a mensagem inteira; \1, \2... repetem as partes variáveis.
_MENSAGENS = [
    (r"the following arguments are required: (.*)", r"faltam argumentos obrigatórios: \1"),
    (r"unrecognized arguments: (.*)", r"argumentos desconhecidos: \1"),
    (r"expected one argument", r"falta o valor depois da opção"),
    (r"expected at most one argument", r"aceita no máximo um valor"),
    (r"expected at least one argument", r"precisa de pelo menos um valor"),
    (r"expected 1 argument", r"precisa de 1 valor"),
    (r"expected (\d+) arguments", r"precisa de \1 valores"),
    (r"invalid int value: (.*)", r"não é um número inteiro: \1"),
    (r"invalid float value: (.*)", r"não é um número: \1"),
    (r"invalid (.*) value: (.*)", r"valor inválido (\1): \2"),
    (r"invalid choice: (.*), maybe you meant (.*)\? \(choose from (.*)\)",
     r"escolha inválida: \1; você quis dizer \2? (escolha entre \3)"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"escolha inválida: \1 (escolha entre \2)"),
    (r"not allowed with argument (.*)", r"não pode ser usado junto com \1"),
    (r"ignored explicit argument (.*)", r"não aceita valor (recebeu \1)"),
    (r"ambiguous option: (.*) could match (.*)", r"opção ambígua: \1 pode ser \2"),
    (r"one of the arguments (.*) is required", r"é obrigatório um destes argumentos: \1"),
    (r"unexpected option string: (.*)", r"opção inesperada: \1"),
    (r"can't open '(.*)': (.*)", r"não consegui abrir '\1': \2"),
    (r"unknown parser (.*) \(choices: (.*)\)", r"subcomando desconhecido: \1 (escolha entre \2)"),
]


def traduzir(mensagem):
    """Traduz uma mensagem de erro do ``argparse`` para o português.

    >>> traduzir("argument --porta: expected one argument")
    'argumento --porta: falta o valor depois da opção'

    Uma mensagem que não vem do ``argparse`` (a de um tipo como :func:`porta`,
    por exemplo) volta como está.
    """
    argumento = re.fullmatch(r"argument (.+?): (.*)", mensagem, re.DOTALL)
    if argumento:
        return f"argumento {argumento[1]}: {traduzir(argumento[2])}"
    for modelo, traducao in _MENSAGENS:
        achado = re.fullmatch(modelo, mensagem, re.DOTALL)
        if achado:
            return achado.expand(traducao)
    return mensagem


def porta(texto):
    """Tipo para ``add_argument``: um número de porta, de 0 a 65535.

    A porta 0 pede ao sistema uma porta livre (útil para um servidor).
    """
    try:
        numero = int(texto)
    except ValueError:
        numero = -1
    if not 0 <= numero <= PORTA_MAXIMA:
        raise argparse.ArgumentTypeError(
            f"a porta é um número inteiro de 0 a {PORTA_MAXIMA}, como 12000 (recebi {texto!r})"
        )
    return numero


def segundos(texto):
    """Tipo para ``add_argument``: um tempo em segundos, de 0,001 (1 ms) para cima.

    Aceita vírgula ou ponto como separador decimal (``0,5`` ou ``0.5``). Zero,
    negativos, ``nan``, ``inf`` e tempos menores que 1 ms são recusados: o
    sistema conta o tempo limite em milissegundos ou microssegundos, e um tempo
    que vira 0 lá significaria "esperar para sempre".
    """
    try:
        valor = float(texto.replace(",", "."))
    except ValueError:
        valor = math.nan
    if not (math.isfinite(valor) and valor >= SEGUNDOS_MINIMO):
        raise argparse.ArgumentTypeError(
            "o tempo é um número de segundos, de 0,001 para cima, como 5 ou 0,5 "
            f"(recebi {texto!r})"
        )
    return valor


class FormatoAjuda(argparse.HelpFormatter):
    """O formato da ajuda do ``argparse``, com ``uso:`` no lugar de ``usage:``."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = "uso: "
        super().add_usage(usage, actions, groups, prefix)


class Argumentos(argparse.ArgumentParser):
    """Um ``argparse.ArgumentParser`` que fala português; use-o do mesmo jeito.

    Recebe os mesmos argumentos que o ``ArgumentParser``. O ``formatter_class``
    padrão é :class:`FormatoAjuda`; quem passar outro deve derivá-lo de
    ``FormatoAjuda`` para manter o ``uso:``. Sem ``prog``, o nome do programa
    na ajuda é o comando que o aluno digitou, como ``python -m ecolab.cliente_tcp``.
    """

    def __init__(self, *args, add_help=True, **opcoes):
        opcoes.setdefault("formatter_class", FormatoAjuda)
        opcoes.setdefault("prog", _nome_do_programa())
        super().__init__(*args, add_help=False, **opcoes)
        self._positionals.title = "argumentos posicionais"
        self._optionals.title = "opções"
        if add_help:
            traco = "-" if "-" in self.prefix_chars else self.prefix_chars[0]
            self.add_argument(
                traco + "h", traco * 2 + "help", action="help",
                default=argparse.SUPPRESS, help="mostra esta ajuda e sai",
            )

    def error(self, message):
        """Mostra o uso e o erro em português e termina o programa com o código 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: erro: {traduzir(message)}\n")


def _nome_do_programa():
    """O comando que iniciou o programa, para a linha ``uso:`` da ajuda.

    Com ``python -m ecolab.cliente_tcp``, o ``argparse`` do Python 3.10 a 3.13
    mostraria só ``cliente_tcp.py``; devolvemos ``python -m ecolab.cliente_tcp``
    (o Python 3.14 faz o mesmo). Fora desse caso, ``None`` deixa o ``argparse``
    escolher (o nome do script, como ``ecolab-cliente-tcp``).
    """
    especificacao = getattr(sys.modules.get("__main__"), "__spec__", None)
    if especificacao is None or especificacao.name == "__main__":
        return None
    return "python -m " + especificacao.name.removesuffix(".__main__")
