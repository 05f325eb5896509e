"""Cada lição aguenta o que um aluno faz com ela.

O nbval (no comando de teste) confere as saídas de cada célula. Aqui conferimos o
resto: "Run All" duas vezes no mesmo kernel, os painéis ainda funcionando depois do
"Run All", e nada sobrando quando o kernel é desligado (as portas fixas das lições
ficam livres).

"Reiniciar o kernel e rodar tudo de novo" é o que o próprio nbval faz: ele roda
cada lição num kernel novo, na mesma pasta, depois destes testes (o pytest coleta
``tests/`` antes de ``notebooks/``: veja ``testpaths`` no ``pyproject.toml``). Uma
terceira execução aqui repetiria a dele e custava uns 2 minutos no CI.
"""

import re
import socket
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

PASTA = Path(__file__).resolve().parent.parent / "notebooks"
LICOES = sorted(PASTA.glob("[0-9][0-9]_*.ipynb"))

CONFERIR_PAINEIS = """
from ecolab.painel import PainelCliente

paineis = [valor for nome, valor in list(globals().items())
           if isinstance(valor, PainelCliente) and not nome.startswith("_")]
for painel_aberto in paineis:
    painel_aberto.enviar("ainda funciona?")
    assert painel_aberto.esperar(10), "o painel não terminou de enviar"
    ultima = painel_aberto.historico[-1]
    assert ultima.texto.endswith("ainda funciona?"), painel_aberto.texto_do_historico()
print(len(paineis))
"""


def erros_nas_saidas(notebook):
    """Os erros que aparecem nas saídas das células (exceções e tracebacks)."""
    erros = []
    for i, celula in enumerate(notebook.cells):
        for saida in celula.get("outputs", []):
            if saida["output_type"] == "error":
                erros.append(f"célula {i}: {saida['ename']}: {saida['evalue']}")
            elif saida.get("name") == "stderr" and "Traceback" in saida.get("text", ""):
                erros.append(f"célula {i}: {saida['text'][:300]}")
    return erros


def portas_fixas(notebook):
    """As portas escritas no código da lição (``porta=12001`` etc.)."""
    codigo = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    return sorted({int(p) for p in re.findall(r"porta=(\d{4,5})", codigo)})


def executar_celula_extra(cliente, codigo):
    celula = nbformat.v4.new_code_cell(codigo)
    cliente.nb.cells.append(celula)
    cliente.execute_cell(celula, len(cliente.nb.cells) - 1)
    cliente.nb.cells.pop()
    return "".join(s.get("text", "") for s in celula.outputs if s["output_type"] == "stream")


def porta_livre(porta, tipo):
    """Um servidor novo consegue ocupar a porta? (TCP com SO_REUSEADDR, como o ecolab.)"""
    with socket.socket(socket.AF_INET, tipo) as sock:
        if tipo == socket.SOCK_STREAM:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", porta))
        except OSError:
            return False
    return True


@pytest.mark.timeout(300)
@pytest.mark.parametrize("caminho", LICOES, ids=[c.stem for c in LICOES])
def test_licao_roda_duas_vezes_e_nao_deixa_sobras(caminho):
    notebook = nbformat.read(caminho, as_version=4)
    cliente = NotebookClient(
        notebook, timeout=120, kernel_name="python3",
        resources={"metadata": {"path": str(PASTA)}},
    )
    with cliente.setup_kernel():
        for rodada in ("primeiro Run All", "segundo Run All"):
            for i, celula in enumerate(notebook.cells):
                cliente.execute_cell(celula, i)
            assert erros_nas_saidas(notebook) == [], rodada
        saida = executar_celula_extra(cliente, CONFERIR_PAINEIS)
        assert saida.strip().isdigit(), saida
    for porta in portas_fixas(notebook):
        assert porta_livre(porta, socket.SOCK_STREAM), f"porta TCP {porta} ainda ocupada"
        assert porta_livre(porta, socket.SOCK_DGRAM), f"porta UDP {porta} ainda ocupada"


def test_licoes_guardadas_com_saidas_e_kernel_python3():
    for caminho in LICOES:
        notebook = nbformat.read(caminho, as_version=4)
        assert notebook.metadata.kernelspec.name == "python3", caminho.name
        codigo = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
        assert all(c.execution_count is not None for c in codigo), caminho.name
        assert erros_nas_saidas(notebook) == [], caminho.name
        assert not any("input(" in c.source for c in codigo), caminho.name


def test_licoes_comecam_com_objetivos_e_terminam_com_resumo():
    for caminho in LICOES:
        notebook = nbformat.read(caminho, as_version=4)
        textos = [c.source for c in notebook.cells if c.cell_type == "markdown"]
        assert "Ao final desta lição" in textos[0] or "objetivos" in textos[0].lower(), caminho.name
        assert textos[-1].lstrip().startswith("## Resumo"), caminho.name


def test_maquinaria_de_teste_fora_do_caminho_do_aluno():
    """Nada de ``# NBVAL_...`` nas células nem arquivos de teste ao lado das lições."""
    for caminho in sorted(PASTA.glob("**/*.ipynb")):
        notebook = nbformat.read(caminho, as_version=4)
        for i, celula in enumerate(notebook.cells):
            assert "NBVAL" not in celula.source, f"{caminho.name}, célula {i}: use uma tag"
    # __init__.py só faz de notebooks/ o subpacote ecolab.licoes; o lançador não o copia.
    sobras = [p.name for p in PASTA.iterdir()
              if p.is_file() and p.suffix != ".ipynb" and p.name != "__init__.py"]
    assert sobras == [], f"arquivos que não são lições em notebooks/: {sobras}"


def test_diagrama_do_pare_e_espere_desenha_perdas_sem_ponta_de_seta():
    """Na lição 05, uma seta que chega tem ponta; uma que se perde termina em X, sem ponta,
    antes de alcançar o outro lado (o dado perto do receptor, a confirmação perto do remetente)."""
    notebook = nbformat.read(PASTA / "05_transferencia_confiavel.ipynb", as_version=4)
    [texto] = [c.source for c in notebook.cells if "remetente" in c.source and "```text" in c.source]
    linhas = [linha for linha in texto.splitlines() if re.match(r"\s+\| ", linha) and "--" in linha]
    borda_direita = min(linha.rfind("|") for linha in linhas)  # depois dela, só comentários
    setas = [linha[:borda_direita + 1] for linha in linhas]
    perdidas = [s for s in setas if "X" in s]
    assert len(perdidas) == 2 and len(setas) > 6
    for seta in setas:
        pontas = seta.count(">") + seta.count("<")
        assert pontas == (0 if "X" in seta else 1), seta
    dado, confirmacao = perdidas
    assert "D|" in dado and dado[:-1].rstrip().endswith("X"), "o dado se perde perto do receptor"
    assert "A|" in confirmacao and confirmacao.split("|", 1)[1].lstrip().startswith("X"), \
        "a confirmação sai do receptor e se perde perto do remetente"
