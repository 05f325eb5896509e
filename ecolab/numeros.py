"""Como o ecolab escreve números: uma regra só, em todo lugar que o aluno lê.

A regra (a dos textos brasileiros):

- **vírgula decimal**: ``1,5`` e não ``1.5``;
- **ponto separando os milhares**: ``39.145`` mensagens, ``8.192`` bytes. O ponto
  nunca quebra a linha no meio do número, o que um espaço comum faria;
- **porcentagem colada no número**: ``53%`` e ``30,0%``;
- **número e unidade unidos por um espaço que não quebra** (``ESPACO_FIRME``, o
  "no-break space" U+00A0): ``1,5 s`` aparece sempre inteiro na mesma linha, no
  texto (``textwrap`` não quebra nesse espaço) e no HTML.

Números que são nomes, e não quantidades (portas, anos, números de sequência), ficam
como o Python os escreve: ``porta 12000``, não ``porta 12.000``.

Exemplos::

    >>> numero(1234.5, 1)
    '1.234,5'
    >>> porcentagem(30, 1)
    '30,0%'
    >>> com_unidade(1.5, "s")
    '1,5\\xa0s'
"""

ESPACO_FIRME = "\u00a0"


def numero(valor, casas=None):
    """``numero(1234.5, 2)`` -> ``"1.234,50"``; sem ``casas``, o mínimo que o valor precisa.

    Sem ``casas``, um inteiro fica inteiro (``numero(8192)`` -> ``"8.192"``) e um
    número com fração usa até seis algarismos significativos, como ``f"{x:g}"``.
    """
    if casas is None:
        if float(valor).is_integer() and abs(valor) < 1e15:
            texto = f"{int(valor):,}"
        else:
            texto = _g_com_milhares(valor)
    else:
        texto = f"{valor:,.{casas}f}"
    # O Python escreve 1,234.5 (padrão dos EUA); trocamos os dois sinais de lugar.
    return texto.replace(",", "_").replace(".", ",").replace("_", ".")


def _g_com_milhares(valor):
    """Como ``f"{valor:g}"``, mas com separador de milhares quando não há expoente."""
    texto = f"{valor:g}"
    if "e" in texto or "n" in texto:  # notação científica, nan ou inf: como está
        return texto
    casas = len(texto.partition(".")[2])
    return f"{valor:,.{casas}f}"


def porcentagem(valor, casas=0):
    """``porcentagem(53.2)`` -> ``"53%"``; ``porcentagem(30, 1)`` -> ``"30,0%"``.

    ``valor`` já é a porcentagem (de 0 a 100), não a fração.
    """
    return f"{numero(valor, casas)}%"


def com_unidade(valor, unidade, casas=None):
    """``com_unidade(1.5, "s")`` -> ``"1,5 s"`` com o espaço que não quebra."""
    return f"{numero(valor, casas)}{ESPACO_FIRME}{unidade}"
