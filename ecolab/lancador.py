"""O lançador do curso: um comando copia as lições para a pasta do aluno e abre o JupyterLab.

Uso (no terminal, com o ambiente do curso ativo)::

    ecolab                        # copia (na primeira vez) e abre ~/ecolab-curso
    ecolab --pasta MeuCurso       # outra pasta
    ecolab --so-copiar            # só prepara a pasta, sem abrir o JupyterLab
    ecolab --restaurar 01         # cópia nova da lição 01, guardando a sua ao lado
    ecolab --no-browser --port 8890   # o que o ecolab não conhece vai para o JupyterLab

``python -m ecolab`` faz o mesmo que ``ecolab``.

O aluno estuda na cópia dele, nunca nas lições do curso: as regras de quando
copiar, atualizar ou deixar quieto estão em :mod:`ecolab.copia_do_aluno`; o
português e a falta da pergunta sobre novidades, em
:mod:`ecolab.preferencias_do_jupyterlab`. Este arquivo só junta as peças.
"""

import sys
from pathlib import Path

from . import copia_do_aluno, preferencias_do_jupyterlab
from .argumentos import Argumentos
from .erros import ErroEcolab, JupyterLabAusente

NOME_DA_PASTA_PADRAO = "ecolab-curso"


def pasta_padrao():
    """``ecolab-curso`` na pasta pessoal do usuário: um lugar fácil de achar."""
    return Path.home() / NOME_DA_PASTA_PADRAO


def criar_parser():
    """As opções do lançador (o que ele não conhece vai para o JupyterLab)."""
    parser = Argumentos(
        prog="ecolab",
        allow_abbrev=False,  # "--po" não pode virar "--pasta": é do JupyterLab
        description="Abre o curso ecolab no JupyterLab, na sua cópia das lições. "
        "Na primeira vez, copia as lições e as soluções para a sua pasta; depois, "
        "traz lições novas sem nunca sobrescrever o que você editou.",
        epilog="Outras opções (por exemplo --no-browser ou --port 8890) são "
        "passadas ao JupyterLab.",
    )
    parser.add_argument(
        "--pasta", type=Path, default=None, metavar="PASTA",
        help=f"pasta da sua cópia do curso (padrão: ~/{NOME_DA_PASTA_PADRAO})",
    )
    parser.add_argument(
        "--so-copiar", action="store_true",
        help="só prepara a pasta (copia e atualiza as lições), sem abrir o JupyterLab",
    )
    parser.add_argument(
        "--restaurar", nargs="+", metavar="LICAO",
        help="dá uma cópia nova da lição (01, 01_tcp ou 01_tcp.ipynb) e guarda a sua "
        "ao lado, com a data no nome; feche a lição no JupyterLab antes",
    )
    return parser


def main(argv=None):
    """Prepara a pasta do aluno e abre o JupyterLab nela. Devolve o código de saída."""
    args, para_o_jupyterlab = criar_parser().parse_known_args(argv)
    pasta = (args.pasta or pasta_padrao()).expanduser().resolve()
    comando = "ecolab" if args.pasta is None else f'ecolab --pasta "{args.pasta}"'
    try:
        copia_do_aluno.conferir_que_nao_e_a_pasta_do_curso(pasta)
        if args.restaurar:
            for nome in args.restaurar:  # uma por vez: cada uma avisa o que fez
                mudanca = copia_do_aluno.restaurar(pasta, nome)
                _mostrar(copia_do_aluno.mensagens([mudanca], comando))
            return 0
        _mostrar(copia_do_aluno.mensagens(copia_do_aluno.preparar_copia(pasta), comando))
        if args.so_copiar:
            print(f"Pasta do curso pronta: {pasta}")
            return 0
        abrir_jupyterlab(pasta, para_o_jupyterlab)
    except ErroEcolab as erro:
        print(f"Erro: {erro}", file=sys.stderr)
        return 1
    except OSError as erro:
        print(
            f"Erro: não consegui preparar a pasta {pasta}: {erro}. Confira se ela pode "
            "ser escrita, ou escolha outra com --pasta.",
            file=sys.stderr,
        )
        return 1
    return 0


def _mostrar(textos):
    for texto in textos:
        print(texto)


def abrir_jupyterlab(pasta, argumentos):
    """Grava as preferências do curso e roda o JupyterLab (neste processo) na pasta."""
    try:
        from jupyterlab.labapp import LabApp
    except ImportError:
        raise JupyterLabAusente() from None
    _preparar_preferencias()
    print(f"Abrindo o JupyterLab em {pasta} (para fechar: Ctrl+C neste terminal).")
    LabApp.launch_instance(argv=[f"--ServerApp.root_dir={pasta}", *argumentos])


def _preparar_preferencias():
    """Português e sem "Jupyter news?"; se não der para gravar, explica o que fazer."""
    if not preferencias_do_jupyterlab.pacote_de_idioma_instalado():
        print(
            "Aviso: o pacote de idioma pt-BR do JupyterLab não está instalado, então os "
            "menus ficam em inglês. Para instalar: pip install jupyterlab-language-pack-pt-br"
        )
    pasta = preferencias_do_jupyterlab.pasta_de_configuracoes()
    try:
        preferencias_do_jupyterlab.gravar_preferencias(pasta)
    except OSError as erro:
        print(
            f"Aviso: não consegui gravar as preferências do curso em {pasta} ({erro}). "
            "O JupyterLab abre em inglês; para português, use o menu "
            "Settings → Language → Português (Brasil)."
        )
