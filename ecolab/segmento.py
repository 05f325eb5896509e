"""O cabeçalho das transferências das lições 06, 09 e 10: 12 bytes na frente dos dados.

Na lição 05 as mensagens eram texto (``D|3|olá``, ``A|3``). A partir da lição 06
o remetente manda muitos pacotes de uma vez, e a rede do curso precisa ler cada
um para contar quantos estão a caminho. Por isso o curso fixa um cabeçalho
binário, como o do TCP, com cada campo num lugar certo::

     0               4               8       10      12
    +---------------+---------------+-------+-------+--------------------
    |      seq      |      ack      | flags |janela |  dados (0 ou mais
    |   (32 bits)   |   (32 bits)   |(16 b) |(16 b) |  bytes)
    +---------------+---------------+-------+-------+--------------------

Os números vão em ordem de rede (*big-endian*: o byte mais significativo
primeiro), como em todo cabeçalho da internet; em Python isso é o formato
``"!IIHH"`` do módulo :mod:`struct`.

- ``seq``: o número do **pacote** (0, 1, 2...), como no livro de Kurose e Ross
  para o Go-Back-N e a Repetição Seletiva. O TCP de verdade numera **bytes**; o
  curso numera pacotes para que as contas da janela fiquem simples.
- ``ack``: numa confirmação, o número de um pacote (veja ``flags``).
- ``flags``: bits que dizem o que o segmento é:

  - ``ACK`` (``0x10``, o mesmo bit do TCP): confirmação **cumulativa**; ``ack``
    é o próximo pacote esperado: "recebi todos antes de ``ack``" (a convenção do
    TCP, RFC 9293; Kurose escreve o ACK do Go-Back-N como "recebi até ``n``,
    inclusive", que é ``ack = n + 1`` aqui);
  - ``SELETIVA`` (``0x20``): confirmação **individual**, da Repetição Seletiva:
    "recebi o pacote ``ack``" (e nada se diz dos outros);
  - ``FIN`` (``0x01``, o mesmo bit do TCP): o remetente acabou; ``seq`` é o número
    de pacotes enviados. O receptor o confirma como a um pacote de dados.

  Sem ``ACK`` nem ``SELETIVA``, o segmento leva dados.
- ``janela``: quantos pacotes o receptor ainda aceita (controle de fluxo, como
  a janela do TCP da lição 08); quem não usa põe 0.

Exemplo::

    >>> from ecolab.segmento import montar, ler, ACK
    >>> datagrama = montar(seq=7, dados=b"abc")
    >>> len(datagrama)
    15
    >>> ler(datagrama)
    Segmento(seq=7, ack=0, flags=0, janela=0, dados=b'abc')
    >>> str(ler(montar(ack=8, flags=ACK, janela=16)))
    'ACK ack=8 janela=16'
"""

import struct
from dataclasses import dataclass

from .erros import SegmentoInvalido

FORMATO = struct.Struct("!IIHH")
TAMANHO_DO_CABECALHO = FORMATO.size  # 12 bytes

FIN = 0x01
ACK = 0x10
SELETIVA = 0x20
NOMES_DAS_FLAGS = {FIN: "FIN", ACK: "ACK", SELETIVA: "SELETIVA"}

MAIOR_NUMERO = 2**32 - 1  # seq e ack têm 32 bits
MAIOR_CAMPO_PEQUENO = 2**16 - 1  # flags e janela têm 16 bits


@dataclass(frozen=True)
class Segmento:
    """Um segmento lido de um datagrama: os quatro campos e os dados."""

    seq: int = 0
    ack: int = 0
    flags: int = 0
    janela: int = 0
    dados: bytes = b""

    @property
    def confirmacao(self):
        """Verdadeiro se o segmento confirma algo (``ACK`` ou ``SELETIVA``)."""
        return bool(self.flags & (ACK | SELETIVA))

    @property
    def fim(self):
        return bool(self.flags & FIN)

    def em_bytes(self):
        """O datagrama: 12 bytes de cabeçalho e os dados."""
        return montar(self.seq, self.ack, self.flags, self.janela, self.dados)

    def __str__(self):
        """Como o Wireshark resume um segmento: ``seq=3 len=1000`` ou ``ACK ack=4``."""
        partes = [nome for bit, nome in NOMES_DAS_FLAGS.items() if self.flags & bit]
        if not self.confirmacao:
            partes.append(f"seq={self.seq}")
        else:
            partes.append(f"ack={self.ack}")
        if self.janela:
            partes.append(f"janela={self.janela}")
        if self.dados:
            partes.append(f"len={len(self.dados)}")
        return " ".join(partes)


def montar(seq=0, ack=0, flags=0, janela=0, dados=b""):
    """Monta o datagrama: o cabeçalho de 12 bytes seguido de ``dados``.

    Um campo fora do que cabe nele (negativo, ``seq`` acima de 2³² − 1, ``janela``
    acima de 65.535) levanta :class:`~ecolab.erros.SegmentoInvalido` dizendo qual.
    """
    for nome, valor, maior in (("seq", seq, MAIOR_NUMERO), ("ack", ack, MAIOR_NUMERO),
                               ("flags", flags, MAIOR_CAMPO_PEQUENO),
                               ("janela", janela, MAIOR_CAMPO_PEQUENO)):
        if isinstance(valor, bool) or not isinstance(valor, int) or not 0 <= valor <= maior:
            raise SegmentoInvalido(
                f"O campo {nome} precisa ser um número inteiro de 0 a {maior}, mas recebi "
                f"{valor!r}."
            )
    if not isinstance(dados, (bytes, bytearray, memoryview)):
        raise SegmentoInvalido(
            f"Os dados precisam ser bytes (por exemplo, texto.encode('utf-8')), mas recebi "
            f"{type(dados).__name__}."
        )
    return FORMATO.pack(seq, ack, flags, janela) + bytes(dados)


def ler(datagrama):
    """Lê um datagrama montado por :func:`montar` e devolve um :class:`Segmento`.

    Um datagrama com menos de 12 bytes não tem cabeçalho: levanta
    :class:`~ecolab.erros.SegmentoInvalido`.
    """
    if len(datagrama) < TAMANHO_DO_CABECALHO:
        raise SegmentoInvalido(
            f"Um datagrama de {len(datagrama)} bytes não tem cabeçalho: são precisos pelo "
            f"menos {TAMANHO_DO_CABECALHO}."
        )
    seq, ack, flags, janela = FORMATO.unpack_from(datagrama)
    return Segmento(seq, ack, flags, janela, bytes(datagrama[TAMANHO_DO_CABECALHO:]))
