"""Servidor UDP do exemplo original: ``python -m ecolab.servidor_udp [--host H] [--porta P]``."""

import sys

from .linha_de_comando import rodar_servidor
from .udp import ServidorUDP


def main(argv=None):
    return rodar_servidor(ServidorUDP, argv)


if __name__ == "__main__":
    sys.exit(main())
