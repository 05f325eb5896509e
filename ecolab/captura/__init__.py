"""Pacotes de verdade: ler capturas (``.pcap``/``.pcapng``) e capturar ao vivo.

O que há aqui::

    from ecolab.captura import capturar, captura_gravada, ler_captura

    with capturar(porta=12001) as captura:   # os pacotes da conversa na porta 12001
        ...                                   # (a conversa acontece aqui)
    captura.pacotes                           # lista de Pacote

    ler_captura("conversa.pcapng")            # um arquivo do Wireshark ou do tcpdump
    captura_gravada("01_tcp")                 # a conversa da lição 01, gravada

Módulos, um por ideia:
  - ``pacote``: :class:`Pacote`, um segmento TCP, datagrama UDP ou mensagem ICMP;
  - ``leitura``: ``ler_captura`` (e por que o dpkt lê os arquivos);
  - ``arquivo``: abrir ``.pcap`` e ``.pcapng`` e conferir que estão inteiros;
  - ``enlace``: o cabeçalho antes do IP (Ethernet, SLL, SLL2, NULL/LOOP, RAW);
  - ``decodificacao``: de IP/TCP/UDP/ICMP decodificados para :class:`Pacote`;
  - ``icmp`` e ``enderecos``: o que cada mensagem ICMP diz; endereços em texto;
  - ``filtro``: só os pacotes da conversa numa porta;
  - ``ao_vivo``: ``capturar`` e :class:`Captura`, que escolhem como capturar;
  - ``socket_de_pacotes``: capturar no Linux com ``AF_PACKET`` (root ou CAP_NET_RAW);
  - ``programas`` e ``por_programa``: capturar com ``dumpcap`` ou ``tcpdump``;
  - ``salvar``: gravar uma captura em ``.pcapng`` para abrir no Wireshark;
  - ``gravadas``: ``captura_gravada``, as conversas das lições já capturadas.
"""

from ..erros import CapturaIndisponivel, CapturaInvalida
from .ao_vivo import Captura, capturar
from .gravadas import NOMES as CAPTURAS_GRAVADAS
from .gravadas import captura_gravada
from .leitura import ler_captura
from .pacote import Pacote

__all__ = [
    "CAPTURAS_GRAVADAS",
    "Captura",
    "CapturaIndisponivel",
    "CapturaInvalida",
    "Pacote",
    "captura_gravada",
    "capturar",
    "ler_captura",
]
