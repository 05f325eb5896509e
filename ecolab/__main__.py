"""``python -m ecolab``: o mesmo que o comando ``ecolab`` (veja :mod:`ecolab.lancador`)."""

import sys

from .lancador import main

sys.exit(main())
