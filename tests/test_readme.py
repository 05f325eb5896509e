"""O README não envelhece: contagens e tabelas batem com o curso de verdade."""

import importlib.util
import re
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
README = (RAIZ / "README.md").read_text("utf-8")
MANUTENCAO = (RAIZ / "MANUTENCAO.md").read_text("utf-8")

especificacao = importlib.util.spec_from_file_location(
    "tabela_de_exercicios", RAIZ / "ferramentas" / "tabela_de_exercicios.py")
tabela_de_exercicios = importlib.util.module_from_spec(especificacao)
especificacao.loader.exec_module(tabela_de_exercicios)


def test_tabela_de_exercicios_do_readme_bate_com_o_catalogo():
    atualizado = tabela_de_exercicios.readme_com_tabela(README)
    assert atualizado == README, (
        "a tabela de exercícios do README não bate com o catálogo; rode "
        "ferramentas/tabela_de_exercicios.py. Ela deveria ser:\n" + tabela_de_exercicios.tabela())


def test_readme_lista_todas_as_licoes_e_marca_as_que_ainda_nao_existem():
    licoes = sorted(p.stem for p in (RAIZ / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    linhas = dict(re.findall(r"^\| `(\d\d_\w+)` \| (.*) \|$", README, flags=re.M))
    assert list(linhas) == sorted(linhas), "a tabela das lições fora da ordem"
    assert set(licoes) <= set(linhas), "lição sem linha no README"
    for nome, texto in linhas.items():
        em_preparacao = texto.startswith("*em preparação*")
        assert em_preparacao == (nome not in licoes), nome


def test_todo_pacote_do_debian_do_ci_aparece_para_quem_mantem():
    ci = (RAIZ / ".ci" / "run").read_text("utf-8")
    instalacao = ci[ci.index("apt-get install"):].split(">", 1)[0]
    pacotes = [p for p in re.split(r"[\s\\]+", instalacao)
               if p and not p.startswith("-") and p not in ("apt-get", "install", "$SUDO")]
    assert "chromium" in pacotes
    faltam = [p for p in pacotes if f"`{p}`" not in MANUTENCAO]
    assert faltam == [], f"pacotes do .ci/run sem explicação em MANUTENCAO.md: {faltam}"


def test_parte_do_aluno_vem_primeiro_e_e_curta():
    parte_do_aluno = README.split("## Para quem mantém o curso")[0]
    assert "## Começo rápido" in parte_do_aluno and "## Exercícios" in parte_do_aluno
    assert "## Desempenho" not in README
    # 11 lições na tabela (todas escritas), o mapa e o glossário: o limite cresce com o curso,
    # não sem ele.
    assert len(README.encode("utf-8")) < 13_000
