"""Pacotes de verdade: ler capturas (``.pcap``/``.pcapng``) e capturar ao vivo.

- ``pacote``: :class:`Pacote`, um segmento TCP, datagrama UDP ou mensagem ICMP.
"""

from .pacote import Pacote

__all__ = ["Pacote"]
