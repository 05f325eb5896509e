"""Cliente UDP do exemplo original.

Uso: ``python -m ecolab.cliente_udp [--host H] [--porta P] [--timeout S]``.
"""

import sys

from .linha_de_comando import rodar_cliente
from .udp import ClienteUDP


def main(argv=None):
    return rodar_cliente(ClienteUDP, argv)


if __name__ == "__main__":
    sys.exit(main())
