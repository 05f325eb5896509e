"""O lançador ``ecolab``: a cópia do aluno, o manifesto, ``--restaurar`` e o pacote instalado.

Tudo acontece em pastas temporárias, com HOME temporário: nada no ``~`` de
quem roda os testes, nada no ``sys.prefix`` (as preferências do JupyterLab são
gravadas numa pasta temporária, e o JupyterLab em si nunca é aberto aqui; ele
abre de verdade em ``test_lancador_no_navegador.py``).

Os testes da cópia usam um curso de mentira (um dicionário ``{caminho: bytes}``)
quando precisam que o curso *mude* entre duas execuções, e o curso instalado de
verdade quando conferem o que o aluno recebe.
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ecolab import copia_do_aluno, lancador, preferencias_do_jupyterlab
from ecolab.copia_do_aluno import (
    NOME_DO_MANIFESTO,
    RENOMEADAS,
    Mudanca,
    achar_no_curso,
    arquivos_do_curso,
    mensagens,
    preparar_copia,
    restaurar,
)
from ecolab.erros import ErroEcolab, JupyterLabAusente, LicaoDesconhecida, PastaDoCurso

RAIZ = Path(__file__).resolve().parent.parent
NOTEBOOKS = RAIZ / "notebooks"
# O que não vai para o pacote: o arquivo de limpeza do nbval é dos testes.
FORA_DO_PACOTE = {"sanitizar.cfg"}
DIA = datetime.date(2026, 11, 29)


def curso_v1():
    return {
        "01_tcp.ipynb": b'{"licao": "tcp, versao 1"}',
        "02_udp.ipynb": b'{"licao": "udp, versao 1"}',
        "solucoes/solucao_01_tcp.py": b"# solucao 1\n",
    }


def conteudo_da_pasta(pasta):
    """``{caminho: (bytes, mtime)}`` de tudo na pasta: o que um "não mexeu" precisa conferir."""
    return {
        arquivo.relative_to(pasta).as_posix(): (arquivo.read_bytes(), arquivo.stat().st_mtime_ns)
        for arquivo in sorted(pasta.rglob("*"))
        if arquivo.is_file()
    }


def arquivos_de_notebooks():
    """Os arquivos de ``notebooks/`` que devem ir no pacote: ``{caminho: bytes}``."""
    return {
        arquivo.relative_to(NOTEBOOKS).as_posix(): arquivo.read_bytes()
        for arquivo in NOTEBOOKS.rglob("*")
        if arquivo.is_file()
        and arquivo.name not in FORA_DO_PACOTE
        and not {"__pycache__", ".ipynb_checkpoints"} & set(arquivo.parts)
    }


@pytest.fixture
def casa(tmp_path, monkeypatch):
    """Um HOME temporário: ``~/ecolab-curso`` fica dentro do tmp_path."""
    pasta = tmp_path / "casa"
    pasta.mkdir()
    monkeypatch.setenv("HOME", str(pasta))
    monkeypatch.setenv("USERPROFILE", str(pasta))  # o HOME do Windows
    return pasta


@pytest.fixture
def jupyterlab_de_mentira(tmp_path, monkeypatch):
    """Troca o JupyterLab por um que só anota os argumentos; preferências em pasta temporária."""
    from jupyterlab.labapp import LabApp

    chamadas = []
    monkeypatch.setattr(LabApp, "launch_instance", lambda argv: chamadas.append(argv))
    configuracoes = tmp_path / "configuracoes-do-jupyterlab"
    monkeypatch.setattr(
        preferencias_do_jupyterlab, "pasta_de_configuracoes", lambda: configuracoes
    )
    return chamadas, configuracoes


# ----- a primeira vez e as seguintes ---------------------------------------------------


def test_primeira_execucao_copia_licoes_e_solucoes_para_a_pasta_padrao(casa, capsys):
    assert lancador.main(["--so-copiar"]) == 0

    pasta = casa / "ecolab-curso"
    copiados = {c: b for c, (b, _) in conteudo_da_pasta(pasta).items() if c != NOME_DO_MANIFESTO}
    licoes_do_repositorio = {
        c: b for c, b in arquivos_de_notebooks().items() if c != "__init__.py"
    }
    assert copiados == licoes_do_repositorio
    saida = capsys.readouterr().out
    quantas = len(list(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
    assert f"Copiei para a sua pasta {quantas} lições: 00_introducao.ipynb" in saida
    assert f"Pasta do curso pronta: {pasta}" in saida


def test_segunda_execucao_nao_escreve_nenhum_arquivo(casa, capsys):
    lancador.main(["--so-copiar"])
    pasta = casa / "ecolab-curso"
    antes = conteudo_da_pasta(pasta)
    capsys.readouterr()

    assert lancador.main(["--so-copiar"]) == 0

    assert conteudo_da_pasta(pasta) == antes
    assert capsys.readouterr().out == f"Pasta do curso pronta: {pasta}\n"


def test_manifesto_guarda_o_resumo_de_cada_arquivo_como_foi_copiado(tmp_path):
    preparar_copia(tmp_path, curso_v1())

    manifesto = json.loads((tmp_path / NOME_DO_MANIFESTO).read_text("utf-8"))
    assert manifesto["versao"] == 1
    assert manifesto["arquivos"] == {
        caminho: copia_do_aluno.resumo(conteudo) for caminho, conteudo in curso_v1().items()
    }


# ----- o curso muda ------------------------------------------------------------------------


def test_licao_editada_e_curso_mudou_nao_sobrescreve_e_diz_como_pegar_a_nova(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "01_tcp.ipynb").write_bytes(b"o trabalho do aluno")
    curso_v2 = {**curso_v1(), "01_tcp.ipynb": b'{"licao": "tcp, versao 2"}'}

    mudancas = preparar_copia(tmp_path, curso_v2)

    assert (tmp_path / "01_tcp.ipynb").read_bytes() == b"o trabalho do aluno"
    assert mudancas == [Mudanca("versao_nova", "01_tcp.ipynb")]
    (texto,) = mensagens(mudancas)
    assert "  - 01_tcp.ipynb\n" in texto
    assert "NÃO foram tocadas" in texto
    assert texto.endswith("ecolab --restaurar 01_tcp")


def test_aviso_de_versao_nova_repete_ate_o_aluno_restaurar(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "01_tcp.ipynb").write_bytes(b"o trabalho do aluno")
    curso_v2 = {**curso_v1(), "01_tcp.ipynb": b"versao 2"}
    preparar_copia(tmp_path, curso_v2)

    assert preparar_copia(tmp_path, curso_v2) == [Mudanca("versao_nova", "01_tcp.ipynb")]
    restaurar(tmp_path, "01", curso_v2, dia=DIA)
    assert preparar_copia(tmp_path, curso_v2) == []


def test_licao_intacta_e_curso_mudou_e_atualizada_com_aviso(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    curso_v2 = {**curso_v1(), "02_udp.ipynb": b'{"licao": "udp, versao 2"}'}

    mudancas = preparar_copia(tmp_path, curso_v2)

    assert (tmp_path / "02_udp.ipynb").read_bytes() == curso_v2["02_udp.ipynb"]
    assert mudancas == [Mudanca("atualizada", "02_udp.ipynb")]
    assert "Atualizei a lição 02_udp.ipynb" in mensagens(mudancas)[0]


def test_licao_editada_com_o_curso_igual_fica_como_esta_sem_aviso(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "02_udp.ipynb").write_bytes(b"o trabalho do aluno")

    assert preparar_copia(tmp_path, curso_v1()) == []
    assert (tmp_path / "02_udp.ipynb").read_bytes() == b"o trabalho do aluno"


def test_licao_nova_no_curso_e_copiada_e_anunciada(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "01_tcp.ipynb").write_bytes(b"o trabalho do aluno")
    curso_v2 = {**curso_v1(), "03_tcp_vs_udp.ipynb": b"licao nova"}

    mudancas = preparar_copia(tmp_path, curso_v2)

    assert mudancas == [Mudanca("copiada", "03_tcp_vs_udp.ipynb")]
    assert (tmp_path / "03_tcp_vs_udp.ipynb").read_bytes() == b"licao nova"
    assert (tmp_path / "01_tcp.ipynb").read_bytes() == b"o trabalho do aluno"
    assert mensagens(mudancas) == [
        "Copiei para a sua pasta 1 lição: 03_tcp_vs_udp.ipynb."
    ]


def test_licao_apagada_pelo_aluno_volta_com_aviso(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "02_udp.ipynb").unlink()

    mudancas = preparar_copia(tmp_path, curso_v1())

    assert (tmp_path / "02_udp.ipynb").read_bytes() == curso_v1()["02_udp.ipynb"]
    assert mudancas == [Mudanca("recopiada", "02_udp.ipynb")]
    assert "não estava na sua pasta (foi apagada?)" in mensagens(mudancas)[0]


def test_arquivo_do_aluno_com_o_nome_de_uma_licao_nao_e_sobrescrito(tmp_path):
    (tmp_path / "01_tcp.ipynb").write_bytes(b"um arquivo do aluno, sem manifesto")

    mudancas = preparar_copia(tmp_path, curso_v1())

    assert (tmp_path / "01_tcp.ipynb").read_bytes() == b"um arquivo do aluno, sem manifesto"
    assert Mudanca("versao_nova", "01_tcp.ipynb") in mudancas


def test_manifesto_ilegivel_nao_faz_sobrescrever_nada(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "01_tcp.ipynb").write_bytes(b"o trabalho do aluno")
    (tmp_path / NOME_DO_MANIFESTO).write_text("{ isto não é JSON", "utf-8")

    preparar_copia(tmp_path, {**curso_v1(), "01_tcp.ipynb": b"versao 2"})

    assert (tmp_path / "01_tcp.ipynb").read_bytes() == b"o trabalho do aluno"


def test_licao_renomeada_copia_a_nova_e_deixa_o_arquivo_antigo_do_aluno(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "02_udp.ipynb").write_bytes(b"o trabalho do aluno")
    # Uma lição nova entra como 02 e a de UDP passa a ser a 03.
    curso_v2 = {
        "01_tcp.ipynb": curso_v1()["01_tcp.ipynb"],
        "02_enderecos.ipynb": b"licao nova",
        "03_udp.ipynb": b'{"licao": "udp, versao 2"}',
        "solucoes/solucao_01_tcp.py": curso_v1()["solucoes/solucao_01_tcp.py"],
    }

    mudancas = preparar_copia(tmp_path, curso_v2, renomeadas={"02_udp.ipynb": "03_udp.ipynb"})

    assert (tmp_path / "02_udp.ipynb").read_bytes() == b"o trabalho do aluno"
    assert (tmp_path / "03_udp.ipynb").read_bytes() == curso_v2["03_udp.ipynb"]
    assert (tmp_path / "02_enderecos.ipynb").read_bytes() == b"licao nova"
    assert mudancas == [
        Mudanca("copiada", "02_enderecos.ipynb"),
        Mudanca("renomeada", "03_udp.ipynb", "02_udp.ipynb"),
    ]
    assert mensagens(mudancas)[1] == (
        "A lição 02_udp.ipynb agora se chama 03_udp.ipynb: copiei 03_udp.ipynb para a "
        "sua pasta. O seu arquivo 02_udp.ipynb continua lá, com tudo o que você fez."
    )
    assert preparar_copia(tmp_path, curso_v2, renomeadas={"02_udp.ipynb": "03_udp.ipynb"}) == []


def test_renomeacoes_em_cadeia_sao_seguidas_ate_o_nome_de_hoje(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    curso_v3 = {**curso_v1(), "04_udp.ipynb": b"udp"}
    del curso_v3["02_udp.ipynb"]
    cadeia = {"02_udp.ipynb": "03_udp.ipynb", "03_udp.ipynb": "04_udp.ipynb"}

    mudancas = preparar_copia(tmp_path, curso_v3, renomeadas=cadeia)

    assert mudancas == [Mudanca("renomeada", "04_udp.ipynb", "02_udp.ipynb")]


def test_licao_que_saiu_do_curso_fica_na_pasta_com_aviso(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    curso_v2 = curso_v1()
    del curso_v2["02_udp.ipynb"]

    mudancas = preparar_copia(tmp_path, curso_v2)

    assert (tmp_path / "02_udp.ipynb").exists()
    assert mudancas == [Mudanca("retirada", "02_udp.ipynb")]
    assert preparar_copia(tmp_path, curso_v2) == []


def test_tabela_de_renomeacoes_aponta_para_licoes_do_curso_e_nao_reaproveita_nomes():
    curso = arquivos_do_curso()
    assert set(RENOMEADAS.values()).isdisjoint(RENOMEADAS), "um nome novo reaproveita um antigo"
    assert set(RENOMEADAS).isdisjoint(curso), "um nome antigo ainda está no curso"
    for antigo in RENOMEADAS:
        assert copia_do_aluno.nome_atual(antigo) in curso, antigo


# ----- --restaurar ---------------------------------------------------------------------------


@pytest.mark.parametrize("nome", ["01", "1", "01_tcp", "01_tcp.ipynb", " 01_tcp.ipynb "])
def test_restaurar_aceita_numero_nome_ou_arquivo(nome):
    assert achar_no_curso(nome, curso_v1()) == "01_tcp.ipynb"


def test_restaurar_aceita_o_caminho_de_uma_solucao():
    assert achar_no_curso("solucoes/solucao_01_tcp.py", curso_v1()) == "solucoes/solucao_01_tcp.py"


def test_restaurar_nome_desconhecido_lista_as_licoes():
    with pytest.raises(LicaoDesconhecida) as erro:
        achar_no_curso("07", curso_v1())
    assert 'chamada "07"' in str(erro.value)
    assert "01_tcp, 02_udp" in str(erro.value)


def test_restaurar_guarda_a_copia_do_aluno_com_a_data_sem_sobrescrever_outra(tmp_path):
    preparar_copia(tmp_path, curso_v1())
    (tmp_path / "01_tcp.ipynb").write_bytes(b"primeira tentativa")
    restaurar(tmp_path, "01", curso_v1(), dia=DIA)
    (tmp_path / "01_tcp.ipynb").write_bytes(b"segunda tentativa")

    mudanca = restaurar(tmp_path, "01_tcp", curso_v1(), dia=DIA)

    assert (tmp_path / "01_tcp.ipynb").read_bytes() == curso_v1()["01_tcp.ipynb"]
    primeira = tmp_path / "01_tcp (sua cópia de 2026-11-29).ipynb"
    segunda = tmp_path / "01_tcp (sua cópia de 2026-11-29, 2).ipynb"
    assert primeira.read_bytes() == b"primeira tentativa"
    assert segunda.read_bytes() == b"segunda tentativa"
    assert mudanca == Mudanca("restaurada", "01_tcp.ipynb", segunda.name)
    assert mensagens([mudanca]) == [
        "Restaurei a lição 01_tcp.ipynb com a versão do curso. A sua cópia foi "
        'guardada como "01_tcp (sua cópia de 2026-11-29, 2).ipynb".'
    ]


def test_restaurar_licao_igual_a_do_curso_nao_guarda_copia(tmp_path):
    preparar_copia(tmp_path, curso_v1())

    assert restaurar(tmp_path, "02", curso_v1(), dia=DIA) == Mudanca("ja_igual", "02_udp.ipynb")
    assert sorted(p.name for p in tmp_path.glob("02_udp*")) == ["02_udp.ipynb"]


def test_restaurar_pela_linha_de_comando_com_pasta_escolhida(tmp_path, capsys):
    pasta = tmp_path / "curso"
    lancador.main(["--so-copiar", "--pasta", str(pasta)])
    (pasta / "01_tcp.ipynb").write_text("trabalho", encoding="utf-8")
    capsys.readouterr()

    assert lancador.main(["--pasta", str(pasta), "--restaurar", "01"]) == 0

    saida = capsys.readouterr().out
    assert saida.startswith("Restaurei a lição 01_tcp.ipynb com a versão do curso.")
    (guardada,) = pasta.glob("01_tcp (sua cópia de *).ipynb")
    assert guardada.read_text(encoding="utf-8") == "trabalho"


def test_restaurar_nome_desconhecido_pela_linha_de_comando_da_erro_em_portugues(
    tmp_path, capsys
):
    assert lancador.main(["--pasta", str(tmp_path), "--restaurar", "99"]) == 1
    assert capsys.readouterr().err.startswith('Erro: Não achei no curso uma lição chamada "99"')


def test_erros_do_lancador_sao_do_ecolab_e_da_excecao_padrao():
    licao_desconhecida = LicaoDesconhecida("07", ["01_tcp.ipynb"])
    assert isinstance(licao_desconhecida, ErroEcolab)
    assert isinstance(licao_desconhecida, LookupError)
    assert isinstance(PastaDoCurso("notebooks"), ErroEcolab)
    assert isinstance(PastaDoCurso("notebooks"), ValueError)
    assert isinstance(JupyterLabAusente(), ErroEcolab)
    assert isinstance(JupyterLabAusente(), ImportError)


# ----- abrir o JupyterLab --------------------------------------------------------------------


def test_lancador_abre_o_jupyterlab_na_pasta_e_repassa_as_outras_opcoes(
    tmp_path, jupyterlab_de_mentira
):
    chamadas, _ = jupyterlab_de_mentira
    pasta = tmp_path / "meu curso"

    codigo = lancador.main(["--pasta", str(pasta), "--no-browser", "--port", "8890"])

    assert codigo == 0
    assert chamadas == [[f"--ServerApp.root_dir={pasta}", "--no-browser", "--port", "8890"]]
    assert (pasta / "01_tcp.ipynb").exists()


def test_lancador_grava_as_preferencias_do_curso_antes_de_abrir(tmp_path, jupyterlab_de_mentira):
    _, configuracoes = jupyterlab_de_mentira

    lancador.main(["--pasta", str(tmp_path / "curso")])

    gravado = json.loads((configuracoes / "overrides.d" / "ecolab.json").read_text("utf-8"))
    assert gravado["@jupyterlab/translation-extension:plugin"] == {"locale": "pt_BR"}
    assert gravado["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false",
        "checkForUpdates": False,
    }


def test_sem_jupyterlab_o_lancador_copia_e_diz_como_instalar(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "jupyterlab.labapp", None)  # import falha

    assert lancador.main(["--pasta", str(tmp_path)]) == 1

    assert (tmp_path / "01_tcp.ipynb").exists()
    assert 'pip install -e ".[curso]"' in capsys.readouterr().err


def test_lancador_recusa_a_pasta_das_licoes_originais(capsys):
    originais = NOTEBOOKS / "01_tcp.ipynb"
    antes = originais.stat().st_mtime_ns

    assert lancador.main(["--so-copiar", "--pasta", str(NOTEBOOKS)]) == 1

    assert "guarda as lições originais do curso" in capsys.readouterr().err
    assert not (NOTEBOOKS / NOME_DO_MANIFESTO).exists()
    assert originais.stat().st_mtime_ns == antes


def test_pasta_que_nao_pode_ser_criada_da_erro_em_portugues(tmp_path, capsys):
    arquivo = tmp_path / "um-arquivo"
    arquivo.write_text("não sou pasta", encoding="utf-8")

    assert lancador.main(["--so-copiar", "--pasta", str(arquivo)]) == 1

    assert capsys.readouterr().err.startswith(f"Erro: não consegui preparar a pasta {arquivo}")


# ----- as preferências do JupyterLab ----------------------------------------------------------


def test_preferencias_vao_num_arquivo_so_do_ecolab_sem_tocar_no_overrides_json(tmp_path):
    do_administrador = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}
    (tmp_path / "overrides.json").write_text(json.dumps(do_administrador), "utf-8")

    caminho = preferencias_do_jupyterlab.gravar_preferencias(tmp_path)

    assert caminho == tmp_path / "overrides.d" / "ecolab.json"
    assert json.loads((tmp_path / "overrides.json").read_text("utf-8")) == do_administrador


def test_jupyterlab_le_o_portugues_e_o_overrides_json_do_administrador_ganha(tmp_path):
    from jupyterlab_server.settings_utils import _get_overrides

    preferencias_do_jupyterlab.gravar_preferencias(
        tmp_path, preferencias_do_jupyterlab.preferencias_do_curso(com_portugues=True)
    )
    assert _get_overrides(str(tmp_path))[0]["@jupyterlab/translation-extension:plugin"] == {
        "locale": "pt_BR"
    }

    em_ingles = {"@jupyterlab/translation-extension:plugin": {"locale": "en"}}
    (tmp_path / "overrides.json").write_text(json.dumps(em_ingles), "utf-8")
    lidas, erro = _get_overrides(str(tmp_path))
    assert erro == ""
    assert lidas["@jupyterlab/translation-extension:plugin"] == {"locale": "en"}
    assert lidas["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_sem_o_pacote_de_idioma_o_idioma_fica_de_fora():
    preferencias = preferencias_do_jupyterlab.preferencias_do_curso(com_portugues=False)
    assert "@jupyterlab/translation-extension:plugin" not in preferencias
    assert "@jupyterlab/apputils-extension:notification" in preferencias


# ----- o pacote instalado (wheel), sem o repositório --------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Um wheel de verdade, construído de uma cópia das fontes (o repositório fica limpo)."""
    fontes = tmp_path_factory.mktemp("fontes")
    ignorar = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.egg-info")
    for nome in ("pyproject.toml", "README.md"):
        shutil.copy2(RAIZ / nome, fontes / nome)
    for pasta in ("ecolab", "notebooks"):
        shutil.copytree(RAIZ / pasta, fontes / pasta, ignore=ignorar)
    destino = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(destino), str(fontes)],
        check=True, capture_output=True, timeout=100,
    )
    (arquivo,) = destino.glob("ecolab-*.whl")
    return arquivo


@pytest.mark.timeout(120)
def test_licoes_no_wheel_sao_identicas_as_de_notebooks(wheel):
    prefixo = "ecolab/licoes/"
    with zipfile.ZipFile(wheel) as pacote:
        no_pacote = {
            nome[len(prefixo):]: pacote.read(nome)
            for nome in pacote.namelist()
            if nome.startswith(prefixo)
        }
    assert no_pacote.keys() == arquivos_de_notebooks().keys()
    diferentes = [c for c, b in arquivos_de_notebooks().items() if no_pacote[c] != b]
    assert not diferentes, f"diferentes no pacote: {diferentes}"


@pytest.mark.timeout(120)
def test_lancador_instalado_pelo_wheel_copia_o_curso_fora_do_repositorio(wheel, tmp_path):
    instalado = tmp_path / "instalado"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--target", str(instalado), str(wheel)],
        check=True, capture_output=True, timeout=100,
    )
    pasta = tmp_path / "curso"
    ambiente = {**os.environ, "PYTHONPATH": str(instalado), "HOME": str(tmp_path)}

    # -S: sem site-packages, então nem a instalação editável do repositório é vista.
    resultado = subprocess.run(
        [sys.executable, "-S", "-m", "ecolab", "--so-copiar", "--pasta", str(pasta)],
        cwd=tmp_path, env=ambiente, capture_output=True, text=True, timeout=60,
    )

    assert resultado.returncode == 0, resultado.stderr
    assert f"Pasta do curso pronta: {pasta}" in resultado.stdout
    copiados = {
        c: b for c, (b, _) in conteudo_da_pasta(pasta).items() if c != NOME_DO_MANIFESTO
    }
    assert copiados == {c: b for c, b in arquivos_de_notebooks().items() if c != "__init__.py"}
