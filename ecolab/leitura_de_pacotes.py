"""Ler uma lista de pacotes como o Wireshark: quem é o cliente, números relativos, rótulos.

Uma captura traz os números do cabeçalho TCP como estão no fio: o número de
sequência do primeiro segmento é sorteado por cada lado (o ISN, *initial
sequence number*, RFC 9293, seção 3.4.1), algo como ``1710238871``. Para ler
a conversa, o Wireshark mostra números **relativos**: cada sentido conta a
partir do seu próprio ISN, então o ``SYN`` tem ``seq=0`` e o primeiro byte de
dados tem ``seq=1``. O ``ack`` é relativo ao ISN do **outro** lado: ``ack=16``
quer dizer "recebi tudo até o byte 15; mande o 16".

:func:`ler_pacotes` faz essas contas uma vez e devolve uma :class:`Leitura`,
que o diagrama de sequência (:mod:`ecolab.figuras_pacotes`) e a tabela
(:mod:`ecolab.lista_de_pacotes`) desenham do mesmo jeito::

    leitura = ler_pacotes(captura.pacotes)
    leitura.cliente        # ("127.0.0.1", 52344): quem mandou o SYN
    leitura.linhas[0]      # Linha(numero=1, lado="cliente", seq=0, ack=None, ...)

Os pacotes entre outros endereços (de outra conversa na mesma captura) ficam de
fora; ``leitura.de_fora`` diz quantos foram.
"""

from typing import NamedTuple, Optional

from .captura.pacote import Pacote
from .erros import ArgumentoInvalido, _endereco_legivel
from .numeros import numero

VOLTA_DO_CONTADOR = 2**32  # os números de sequência têm 32 bits e dão a volta
LIMITE_DA_PREVIA = 24  # caracteres da carga mostrados numa linha


class Linha(NamedTuple):
    """Um pacote da conversa, com o que é preciso para mostrá-lo numa linha.

    - ``numero``: a posição do pacote na lista (o primeiro é 1, como no Wireshark);
    - ``lado``: quem enviou, ``"cliente"`` ou ``"servidor"``;
    - ``seq``, ``ack``: os números relativos (``None`` fora do TCP; ``ack`` é
      ``None`` também num segmento sem a *flag* ``ACK``, como o primeiro ``SYN``);
    - ``pacote``: o :class:`~ecolab.captura.Pacote` original, com os números absolutos.
    """

    numero: int
    lado: str
    seq: Optional[int]
    ack: Optional[int]
    pacote: Pacote

    @property
    def sentido(self):
        """``"cliente → servidor"``, ``"servidor → cliente"`` ou, no ICMP, ``"sistema do servidor → cliente"``.

        Quem envia um ICMP "porta inalcançável" não é o programa servidor (que
        nem está escutando naquela porta): é o sistema operacional do computador
        dele.
        """
        outro = "servidor" if self.lado == "cliente" else "cliente"
        if self.pacote.protocolo == "ICMP":
            return f"sistema do {self.lado} → {outro}"
        return f"{self.lado} → {outro}"


class Leitura(NamedTuple):
    """Uma conversa lida: os dois endereços e uma :class:`Linha` por pacote dela."""

    cliente: tuple
    servidor: tuple
    linhas: list
    de_fora: int  # pacotes de outras conversas, deixados de fora

    @property
    def protocolo(self):
        """``"TCP"`` se houver algum segmento TCP; senão ``"UDP"`` (ou ``"ICMP"``, se só houver ICMP)."""
        protocolos = {linha.pacote.protocolo for linha in self.linhas}
        for protocolo in ("TCP", "UDP", "ICMP"):
            if protocolo in protocolos:
                return protocolo
        return ""


def e_lista_de_pacotes(objeto):
    """Verdadeiro para uma lista (ou tupla) de :class:`Pacote`, mesmo vazia."""
    return isinstance(objeto, (list, tuple)) and all(isinstance(p, Pacote) for p in objeto)


def pacotes_de(objeto):
    """A lista de pacotes de ``objeto``: a própria lista, ou ``captura.pacotes``.

    Recusa, com uma mensagem em português, o que não for uma coisa nem outra.
    """
    pacotes = getattr(objeto, "pacotes", objeto)
    if not e_lista_de_pacotes(pacotes):
        raise ArgumentoInvalido(
            f"Esperava uma lista de pacotes (Pacote), mas recebi {type(objeto).__name__}. "
            "Passe, por exemplo, captura.pacotes, ou a lista devolvida por ler_captura(...)."
        )
    return list(pacotes)


def ler_pacotes(pacotes):
    """Lê a conversa de ``pacotes`` (ou de uma captura com ``.pacotes``): veja :class:`Leitura`.

    O **cliente** é quem mandou o primeiro ``SYN`` (sem ``ACK``); sem ``SYN`` na
    lista, quem mandou o primeiro pacote. O **servidor** é o outro lado.
    """
    pacotes = pacotes_de(pacotes)
    cliente, servidor = _as_duas_pontas(pacotes)
    bases = {}  # (origem, destino) -> o ISN daquele sentido
    linhas, de_fora = [], 0
    for numero, pacote in enumerate(pacotes, start=1):
        lado = _lado(pacote, cliente, servidor)
        if lado is None:
            de_fora += 1
            continue
        seq, ack = _relativos(pacote, bases)
        linhas.append(Linha(numero, lado, seq, ack, pacote))
    return Leitura(cliente, servidor, linhas, de_fora)


def _as_duas_pontas(pacotes):
    """``(cliente, servidor)``: de quem veio o primeiro SYN, ou o primeiro pacote."""
    for pacote in pacotes:
        if pacote.protocolo == "TCP" and _flags(pacote) == {"SYN"}:
            return pacote.origem, pacote.destino
    for pacote in pacotes:
        if pacote.protocolo in ("TCP", "UDP"):
            return pacote.origem, pacote.destino
    for pacote in pacotes:
        if pacote.citado:  # só ICMP: o datagrama citado diz quem falou com quem
            return pacote.citado
    return None, None


def _lado(pacote, cliente, servidor):
    """Quem enviou ``pacote`` nesta conversa; ``None`` se ele for de outra conversa."""
    if pacote.protocolo == "ICMP":
        # O erro volta de quem recebeu o datagrama citado para quem o enviou.
        if pacote.citado == (cliente, servidor):
            return "servidor"
        if pacote.citado == (servidor, cliente):
            return "cliente"
        return None
    if (pacote.origem, pacote.destino) == (cliente, servidor):
        return "cliente"
    if (pacote.origem, pacote.destino) == (servidor, cliente):
        return "servidor"
    return None


def escalas_da_janela(leitura):
    """O expoente da escala da janela de cada lado, ``{"cliente": 10, "servidor": 10}``, ou ``None``.

    Cada lado anuncia o seu expoente no próprio ``SYN`` (a opção *window scale*,
    RFC 7323, seção 2), e a escala só vale se **os dois** a anunciaram: se um
    deles não anunciou, nenhum lado multiplica (expoente 0). ``None`` quando a
    lista não tem o ``SYN`` e o ``SYN-ACK`` desta conversa: aí não dá para saber
    o fator, e a janela só pode ser lida como está no cabeçalho.
    """
    syn = next((linha.pacote for linha in leitura.linhas
                if linha.lado == "cliente" and _flags(linha.pacote) == {"SYN"}), None)
    syn_ack = next((linha.pacote for linha in leitura.linhas
                    if linha.lado == "servidor" and _flags(linha.pacote) == {"SYN", "ACK"}),
                   None)
    if syn is None or syn_ack is None:
        return None
    if syn.escala is None or syn_ack.escala is None:
        return {"cliente": 0, "servidor": 0}
    return {"cliente": syn.escala, "servidor": syn_ack.escala}


def janela_de_verdade(linha, escalas):
    """A janela em bytes: o número do cabeçalho vezes ``2**escala`` de quem enviou.

    A janela de um ``SYN`` ou ``SYN-ACK`` nunca é multiplicada (RFC 7323, seção
    2.2). Com ``escalas=None`` (fator desconhecido), o número do cabeçalho.
    """
    janela = linha.pacote.janela
    if janela is None or escalas is None or "SYN" in _flags(linha.pacote):
        return janela
    return janela * 2 ** escalas[linha.lado]


def _flags(pacote):
    return {flag.strip() for flag in pacote.flags.split(",") if flag.strip()}


def _relativos(pacote, bases):
    """``(seq, ack)`` relativos, contando cada sentido a partir do seu ISN.

    O ISN de um sentido é o ``seq`` do seu ``SYN``. Se a captura começou com a
    conexão já aberta (sem ``SYN``), o primeiro segmento visto conta como o
    byte 1, como faz o Wireshark. ``bases`` guarda o ISN de cada sentido.
    """
    if pacote.protocolo != "TCP" or pacote.seq is None:
        return None, None
    flags = _flags(pacote)
    ida, volta = (pacote.origem, pacote.destino), (pacote.destino, pacote.origem)
    if ida not in bases:
        bases[ida] = pacote.seq if "SYN" in flags else pacote.seq - 1
    seq = (pacote.seq - bases[ida]) % VOLTA_DO_CONTADOR
    if "ACK" not in flags or pacote.ack is None:
        return seq, None
    if volta not in bases:  # o outro lado ainda não falou: este ack confirma o byte 1 dele
        bases[volta] = pacote.ack - 1
    return seq, (pacote.ack - bases[volta]) % VOLTA_DO_CONTADOR


# ----- como cada pacote se escreve -------------------------------------------------


def flags_do_wireshark(pacote):
    """``"SYN,ACK"`` -> ``"[SYN, ACK]"``, como na coluna Info do Wireshark; vazio fora do TCP."""
    if pacote.protocolo != "TCP":
        return ""
    return "[" + ", ".join(flag.strip() for flag in pacote.flags.split(",")) + "]"


def tipo_do_pacote(pacote):
    """O que o pacote é, em poucas palavras: ``"[SYN, ACK]"``, ``"UDP"``, ``"ICMP porta inalcançável"``."""
    if pacote.protocolo == "TCP":
        return flags_do_wireshark(pacote)
    if pacote.protocolo == "ICMP":
        return f"ICMP {pacote.icmp}".strip()
    return pacote.protocolo


def numeros_da_linha(linha):
    """``"seq=1 ack=1 len=16"``: os números que o Wireshark põe na coluna Info (relativos)."""
    pacote = linha.pacote
    partes = []
    if linha.seq is not None:
        partes.append(f"seq={linha.seq}")
    if linha.ack is not None:
        partes.append(f"ack={linha.ack}")
    if pacote.protocolo in ("TCP", "UDP"):
        partes.append(f"len={len(pacote.dados)}")
    return " ".join(partes)


def previa_da_carga(dados, limite=LIMITE_DA_PREVIA):
    """Os primeiros caracteres da carga, com quebras de linha visíveis: ``“Olá\\n”``.

    Bytes que não são UTF-8 válido aparecem como ``�``. Sem carga: texto vazio.
    """
    if not dados:
        return ""
    texto = dados.decode("utf-8", errors="replace")
    texto = texto.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    texto = "".join(c if c.isprintable() else "·" for c in texto)
    if len(texto) > limite:
        texto = texto[: limite - 1] + "…"
    return f"“{texto}”"


def notas(leitura, mostradas, como_ver_todos):
    """As frases que vão embaixo de uma tabela ou diagrama: o que ficou de fora.

    ``mostradas``: quantas linhas aparecem; ``como_ver_todos``: o que dizer ao
    aluno para ver o resto (por exemplo, ``"use max_pacotes=None"``).
    """
    frases = []
    faltam = len(leitura.linhas) - mostradas
    if faltam > 0:
        frases.append(f"… e mais {numero(faltam)} {_plural(faltam, 'pacote', 'pacotes')} "
                      f"({como_ver_todos})")
    if leitura.de_fora == 1:
        frases.append("1 pacote de outra conversa ficou de fora")
    elif leitura.de_fora:
        frases.append(f"{numero(leitura.de_fora)} pacotes de outras conversas ficaram de fora")
    return frases


def _plural(quantidade, singular, plural):
    return singular if quantidade == 1 else plural


def descrever_ponta(nome, endereco):
    """``"Cliente\\n127.0.0.1:52344"``: o nome e o endereço, para o alto de uma coluna."""
    if not endereco:
        return nome
    if endereco[1] is None:
        return f"{nome}\n{endereco[0]}"
    return f"{nome}\n{_endereco_legivel(endereco)}"
