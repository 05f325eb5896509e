"""O texto que o aluno lê (README e células de texto dos notebooks) sem erros de grafia.

Usa o hunspell com o dicionário pt_BR do Debian (pacote ``hunspell-pt-br``) e a
lista de termos técnicos do projeto em ``tests/palavras_do_projeto.txt``. Blocos de
código, ``código em linha``, endereços e números ficam de fora.
"""

import json
import re
import subprocess
from pathlib import Path


from conftest import exigir_programa, falhar_ou_pular

RAIZ = Path(__file__).resolve().parent.parent
PALAVRAS_DO_PROJETO = Path(__file__).with_name("palavras_do_projeto.txt")


def textos_para_revisar():
    """(nome, texto) do README, do MANUTENCAO e de cada célula Markdown dos notebooks."""
    yield "README.md", (RAIZ / "README.md").read_text("utf-8")
    yield "MANUTENCAO.md", (RAIZ / "MANUTENCAO.md").read_text("utf-8")
    for caminho in sorted((RAIZ / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in caminho.parts:
            continue
        notebook = json.loads(caminho.read_text("utf-8"))
        for i, celula in enumerate(notebook["cells"]):
            if celula["cell_type"] == "markdown":
                yield f"{caminho.relative_to(RAIZ)} (célula {i})", "".join(celula["source"])


def so_prosa(texto):
    """Tira do texto o que não é prosa: código, HTML, links, endereços."""
    texto = re.sub(r"```.*?```", " ", texto, flags=re.S)
    texto = re.sub(r"`[^`]*`", " ", texto)
    texto = re.sub(r"<[^>]+>", " ", texto)
    texto = re.sub(r"\]\([^)]*\)", "] ", texto)  # destino dos links
    texto = re.sub(r"https?://\S+", " ", texto)
    texto = re.sub(r"\$[^$]*\$", " ", texto)  # fórmulas
    texto = re.sub(r"\S*[\d_/\\@=]\S*", " ", texto)  # números, caminhos, nomes_com_traço
    return texto


def palavras_desconhecidas(prosa, hunspell):
    resultado = subprocess.run(
        [hunspell, "-i", "utf-8", "-d", "pt_BR", "-p", str(PALAVRAS_DO_PROJETO), "-l"],
        input=prosa, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    return sorted(set(resultado.stdout.split()))


def test_readme_e_notebooks_sem_palavras_desconhecidas():
    hunspell = exigir_programa("hunspell", "hunspell hunspell-pt-br")
    if not Path("/usr/share/hunspell/pt_BR.dic").exists():
        falhar_ou_pular("falta o dicionário pt_BR do hunspell (apt-get install hunspell-pt-br)")
    prosas = {nome: so_prosa(texto) for nome, texto in textos_para_revisar()}
    desconhecidas = palavras_desconhecidas("\n\n".join(prosas.values()), hunspell)
    onde = {
        palavra: [nome for nome, prosa in prosas.items() if re.search(rf"\b{palavra}\b", prosa)]
        for palavra in desconhecidas
    }
    assert onde == {}, (
        "palavras desconhecidas (corrija ou, se for termo técnico, acrescente a "
        "tests/palavras_do_projeto.txt)"
    )


def test_lista_do_projeto_nao_esconde_palavras_comuns_erradas():
    """A lista só pode ter termos que o dicionário pt_BR não conhece."""
    hunspell = exigir_programa("hunspell", "hunspell hunspell-pt-br")
    termos = PALAVRAS_DO_PROJETO.read_text("utf-8").split()
    resultado = subprocess.run(
        [hunspell, "-i", "utf-8", "-d", "pt_BR", "-G"],
        input="\n".join(termos), capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    ja_conhecidas = set(resultado.stdout.split())
    assert ja_conhecidas == set(), f"já estão no dicionário, tire da lista: {ja_conhecidas}"
    assert len(termos) == len(set(termos)), "há termos repetidos na lista"
