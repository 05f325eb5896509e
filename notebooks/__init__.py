"""As lições do curso, vistas como o subpacote ``ecolab.licoes``.

Este arquivo não é uma lição: ele só deixa o Python achar esta pasta como
``ecolab.licoes`` (o ``pyproject.toml`` diz ``package-dir``), para que as lições
viajem dentro do pacote instalado e o lançador (``ecolab``) as copie para a
pasta do aluno. O lançador copia só as lições (``*.ipynb``) e ``solucoes/``.
"""
