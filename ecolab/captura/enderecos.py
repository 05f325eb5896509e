"""Endereços IP: de bytes (como estão no cabeçalho) para texto (como a aula escreve).

No cabeçalho IPv4 o endereço ocupa 4 bytes; no IPv6, 16. ``socket.inet_ntop``
faz a conversão que o Wireshark mostra: ``b"\\x7f\\x00\\x00\\x01"`` vira
``"127.0.0.1"`` e os 16 bytes do loopback IPv6 viram ``"::1"``.
"""

import socket


def texto_do_endereco(bruto):
    """``"127.0.0.1"`` ou ``"::1"`` a partir dos 4 ou 16 bytes do cabeçalho IP."""
    familia = socket.AF_INET if len(bruto) == 4 else socket.AF_INET6
    return socket.inet_ntop(familia, bruto)
