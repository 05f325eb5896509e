"""Cliente TCP do exemplo original.

Uso: ``python -m ecolab.cliente_tcp [--host H] [--porta P] [--timeout S]``.
"""

import sys

from .linha_de_comando import rodar_cliente
from .tcp import ClienteTCP


def main(argv=None):
    return rodar_cliente(ClienteTCP, argv)


if __name__ == "__main__":
    sys.exit(main())
