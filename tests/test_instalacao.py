"""A instalação: pyproject.toml e environment.yml pedem as mesmas coisas."""

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

RAIZ = Path(__file__).resolve().parent.parent


def nome(requisito):
    """``"ipywidgets>=8,<9"`` -> ``"ipywidgets"`` (sem versão nem marcador)."""
    return re.split(r"[<>=!~;\[ ]", requisito, maxsplit=1)[0].strip().lower()


def dependencias_do_pyproject():
    projeto = tomllib.loads((RAIZ / "pyproject.toml").read_text("utf-8"))["project"]
    todas = list(projeto["dependencies"])
    for extra in projeto["optional-dependencies"].values():
        todas += extra
    return todas


def dependencias_do_conda():
    ambiente = yaml.safe_load((RAIZ / "environment.yml").read_text("utf-8"))
    return ambiente, [d for d in ambiente["dependencies"] if isinstance(d, str)]


def test_environment_yml_tem_as_mesmas_dependencias_que_o_pyproject():
    _, conda = dependencias_do_conda()
    conda = {nome(d) for d in conda} - {"python", "pip"}
    assert conda == {nome(d) for d in dependencias_do_pyproject()}


def test_versoes_minimas_iguais_nos_dois_arquivos():
    _, conda = dependencias_do_conda()
    no_conda = {nome(d): d.replace(" ", "") for d in conda}
    for requisito in dependencias_do_pyproject():
        sem_marcador = requisito.split(";")[0].replace(" ", "")
        assert no_conda[nome(requisito)] == sem_marcador, requisito


def test_environment_yml_usa_conda_forge_e_instala_o_pacote_pelo_pip():
    ambiente, conda = dependencias_do_conda()
    assert ambiente["channels"] == ["conda-forge"]
    assert any(d.startswith("python>=3.10") for d in conda)
    (pip,) = [d["pip"] for d in ambiente["dependencies"] if isinstance(d, dict)]
    assert "-e ." in pip


def test_ci_roda_o_comando_de_teste_do_readme():
    readme = (RAIZ / "README.md").read_text("utf-8")
    ci = (RAIZ / ".ci" / "run").read_text("utf-8")
    comando = re.search(r"<!-- comando-de-teste -->\s*```\w*\n(.+?)\n```", readme, re.S)
    assert comando, "o README precisa do bloco marcado com <!-- comando-de-teste -->"
    ultima_linha = comando.group(1).strip().splitlines()[-1]
    assert "pytest" in ultima_linha
    assert ultima_linha in ci, ".ci/run deve rodar exatamente o comando do README"
