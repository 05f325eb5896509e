"""Abrir um arquivo de captura ``.pcap`` ou ``.pcapng`` e tirar dele os quadros.

Os dois formatos guardam a mesma coisa: um cabeçalho que diz o **tipo de
enlace** (veja ``enlace``) e, para cada pacote, o instante em que ele passou e
os bytes que passaram (o **quadro**). O ``.pcap`` é o formato clássico do
tcpdump; o ``.pcapng`` (*pcap next generation*) é o que o Wireshark e o dumpcap
gravam hoje. O dpkt lê os dois.

O dpkt confia no arquivo: se ele termina no meio de um pacote, o dpkt entrega
o pedaço sem avisar. Por isso o arquivo é lido através de :class:`_LeituraInteira`,
que percebe quando falta o que o cabeçalho prometeu, e todo erro do dpkt vira
:class:`~ecolab.erros.CapturaInvalida`, com uma mensagem em português.
"""

import struct

import dpkt

from ..erros import CapturaInvalida
from . import enlace

_TRUNCADO = "o arquivo termina no meio de um pacote (truncado)"


class _Truncado(Exception):
    """O arquivo acabou antes do que o último cabeçalho prometia."""


class _LeituraInteira:
    """Um arquivo que avisa quando uma leitura volta com menos bytes que o pedido.

    Voltar vazio no fim do arquivo é normal (acabaram os pacotes); voltar com
    parte dos bytes, ou ler de novo depois do fim, quer dizer arquivo truncado.
    """

    def __init__(self, arquivo):
        self._arquivo = arquivo
        self._acabou = False

    def read(self, quantos=-1):
        if quantos < 0 or self._acabou:
            raise _Truncado()
        dados = self._arquivo.read(quantos)
        if 0 < len(dados) < quantos:
            raise _Truncado()
        self._acabou = quantos > 0 and not dados
        return dados

    def seek(self, posicao):
        self._acabou = False
        return self._arquivo.seek(posicao)


def quadros_do_arquivo(caminho):
    """``(tipo_de_enlace, [(instante, quadro), ...])`` lidos do arquivo em ``caminho``.

    ``instante`` é o relógio de quem capturou, em segundos desde 1970.
    Levanta :class:`~ecolab.erros.CapturaInvalida` se o arquivo não for uma
    captura inteira num tipo de enlace que o ecolab conheça.
    """
    try:
        with open(caminho, "rb") as arquivo:
            return _ler(_LeituraInteira(arquivo), caminho)
    except _Truncado:
        raise CapturaInvalida(caminho, _TRUNCADO) from None
    except (ValueError, struct.error, dpkt.UnpackError) as erro:
        raise CapturaInvalida(caminho, _motivo(erro)) from None


def _ler(arquivo, caminho):
    """Lê o cabeçalho (pcap ou pcapng) e todos os quadros."""
    if not arquivo.read(1):
        raise CapturaInvalida(caminho, "o arquivo está vazio")
    arquivo.seek(0)
    leitor = dpkt.pcap.UniversalReader(arquivo)
    tipo = leitor.datalink()
    if not enlace.conhecido(tipo):
        raise CapturaInvalida(
            caminho,
            f"o tipo de enlace {tipo} não é um dos que o ecolab lê "
            f"({', '.join(sorted(set(enlace.NOMES.values())))}); capture na interface "
            "de loopback (lo, lo0 ou o adaptador de loopback do Npcap) ou numa placa Ethernet",
        )
    return tipo, [(float(instante), bytes(quadro)) for instante, quadro in leitor]


def _motivo(erro):
    """Traduz o erro do dpkt numa frase para o aluno."""
    if "unknown pcap format" in str(erro):
        return "não é um arquivo .pcap nem .pcapng (o começo do arquivo não é de uma captura)"
    return f"o conteúdo está corrompido ({erro})"
