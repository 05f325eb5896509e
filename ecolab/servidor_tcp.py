"""Servidor TCP do exemplo original: ``python -m ecolab.servidor_tcp [--host H] [--porta P]``."""

import sys

from .linha_de_comando import rodar_servidor
from .tcp import ServidorTCP


def main(argv=None):
    return rodar_servidor(ServidorTCP, argv)


if __name__ == "__main__":
    sys.exit(main())
