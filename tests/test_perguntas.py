"""As perguntas conceituais: os dados, o cartão, o progresso, o mapa e o glossário.

Os dados ficam em ``ecolab/exercicios/perguntas/licao_NN.py`` (o formato está no
docstring de :mod:`ecolab.exercicios.perguntas`). Aqui se confere que cada pergunta
é respondível (uma opção certa, uma explicação para cada opção), que cada lição
tem as suas e as mostra no lugar certo, e que responder anota no progresso sem
nunca apagar a primeira resposta.
"""

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

from ecolab.exercicios import arquivo_de_progresso, pergunta, perguntas, progresso
from ecolab.exercicios.cartao_de_pergunta import CartaoDePergunta
from ecolab.exercicios.mapa_do_curso import PALAVRAS_POR_MINUTO, mapa_do_curso
from ecolab.exercicios.perguntas import PERGUNTAS, perguntas_da_licao

PASTA = Path(__file__).resolve().parent.parent / "notebooks"
LICOES = sorted(PASTA.glob("[0-9][0-9]_*.ipynb"))
CHAMADA = re.compile(r"""pergunta\(\s*["']([^"']+)["']\s*\)""")


@pytest.fixture(autouse=True)
def caminho(tmp_path, monkeypatch):
    """O progresso de cada teste, numa pasta só dele (nunca o do aluno)."""
    caminho = tmp_path / "dados" / "progresso.json"
    monkeypatch.setenv(arquivo_de_progresso.VARIAVEL, str(caminho))
    return caminho


def celulas(caminho):
    return json.loads(caminho.read_text("utf-8"))["cells"]


def fonte(celula):
    return "".join(celula["source"])


# ----- os dados ----------------------------------------------------------------------


def entradas_de_cada_arquivo():
    """(arquivo, dicionário) de cada pergunta, lidos direto dos módulos de dados."""
    for modulo in pkgutil.iter_modules(perguntas.__path__):
        dados = importlib.import_module(f"{perguntas.__name__}.{modulo.name}")
        for entrada in dados.PERGUNTAS:
            yield modulo.name, entrada


def test_todo_arquivo_de_dados_se_chama_licao_nn():
    nomes = [m.name for m in pkgutil.iter_modules(perguntas.__path__)]
    assert nomes and all(re.fullmatch(r"licao_\d\d", nome) for nome in nomes), nomes


def test_toda_pergunta_tem_de_3_a_5_opcoes_uma_certa_e_explicacao_para_cada():
    for arquivo, entrada in entradas_de_cada_arquivo():
        onde = f"{arquivo}: {entrada.get('identificador')}"
        assert entrada["enunciado"].strip(), onde
        opcoes = entrada["opcoes"]
        assert 3 <= len(opcoes) <= 5, onde
        assert sum(opcao.get("certa") is True for opcao in opcoes) == 1, onde
        for opcao in opcoes:
            assert set(opcao) <= {"texto", "certa", "explicacao", "fonte"}, onde
            assert opcao["texto"].strip() and opcao["explicacao"].strip(), onde
            assert isinstance(opcao["certa"], bool), onde
            assert isinstance(opcao.get("fonte", ""), str), onde
        textos = [opcao["texto"] for opcao in opcoes]
        assert len(set(textos)) == len(textos), f"{onde}: opções repetidas"


def test_identificadores_unicos_curtos_e_em_minusculas():
    identificadores = [entrada["identificador"] for _, entrada in entradas_de_cada_arquivo()]
    assert len(identificadores) == len(set(identificadores)), "identificador repetido"
    for identificador in identificadores:
        assert re.fullmatch(r"[a-z][a-z0-9_]{2,28}", identificador), identificador


def test_cada_licao_presente_tem_pelo_menos_3_perguntas():
    for caminho in LICOES:
        quantas = len(perguntas_da_licao(caminho.name[:2]))
        assert quantas >= 3, f"{caminho.name}: {quantas} perguntas (o mínimo é 3)"


def test_nenhum_arquivo_de_perguntas_sem_licao():
    numeros = {caminho.name[:2] for caminho in LICOES}
    assert {p.licao for p in PERGUNTAS.values()} <= numeros


def test_cada_notebook_chama_pergunta_para_todas_as_suas_e_so_para_elas():
    for caminho in LICOES:
        chamadas = [i for c in celulas(caminho) if c["cell_type"] == "code"
                    for i in CHAMADA.findall(fonte(c))]
        esperadas = [p.identificador for p in perguntas_da_licao(caminho.name[:2])]
        assert chamadas == esperadas, caminho.name  # todas, só essas, na ordem dos dados


def test_a_pergunta_vem_depois_da_prosa_preveja_e_antes_de_uma_celula_de_codigo():
    for caminho in LICOES:
        lista = celulas(caminho)
        for i, celula in enumerate(lista):
            if celula["cell_type"] != "code" or not CHAMADA.search(fonte(celula)):
                continue
            anterior = lista[i - 1]
            assert anterior["cell_type"] == "markdown", (caminho.name, i)
            assert "preveja" in fonte(anterior).lower(), (caminho.name, i)
            depois = [c for c in lista[i + 1:] if c["cell_type"] == "code"]
            assert depois, f"{caminho.name}: a pergunta da célula {i} não tem o que rodar depois"


def test_a_saida_guardada_da_pergunta_e_o_texto_do_cartao():
    """O nbval compara esse texto: ele tem de ser o dos dados de agora, sem ids que variam."""
    for caminho in LICOES:
        for celula in celulas(caminho):
            achado = CHAMADA.search(fonte(celula)) if celula["cell_type"] == "code" else None
            if achado is None:
                continue
            assert "nbval-ignore-output" not in celula["metadata"].get("tags", [])
            [saida] = [s for s in celula["outputs"] if "text/plain" in s.get("data", {})]
            guardado = "".join(saida["data"]["text/plain"])
            assert guardado == CartaoDePergunta(PERGUNTAS[achado.group(1)]).texto(), (
                f"{caminho.name}: a saída guardada de pergunta({achado.group(1)!r}) não é a "
                "dos dados; regrave com ferramentas/executar_notebooks.py")


# ----- o cartão e o progresso ---------------------------------------------------------


def test_o_texto_do_cartao_tem_o_enunciado_e_todas_as_opcoes_e_nada_que_varie():
    dados = PERGUNTAS["udp_servidor_desligado"]
    texto = CartaoDePergunta(dados).texto()
    assert texto == CartaoDePergunta(dados).texto()
    assert texto.startswith("Pergunta (udp_servidor_desligado):")
    for opcao in dados.opcoes:
        assert f"({opcao.letra})" in texto
    assert "VBox" not in texto and "model_id" not in texto and "0x" not in texto


def test_o_widget_leva_o_texto_simples_no_lugar_da_representacao_do_ipywidgets():
    pacote = pergunta("aperto_de_mao")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in pacote
    assert pacote["text/plain"].startswith("Pergunta (aperto_de_mao):")


def test_escolher_uma_opcao_errada_mostra_a_explicacao_dela_e_anota_a_primeira(caminho):
    cartao = pergunta("bytes_de_ola")
    errada = cartao.pergunta.opcao("a")
    assert cartao.escolher("a") is False
    assert errada.explicacao in cartao.explicacao and "Não é essa" in cartao.explicacao
    registro = arquivo_de_progresso.ler_pergunta("bytes_de_ola")
    assert registro["primeira_resposta"] == "a" and registro["acertou"] is False


def test_mudar_de_ideia_nao_apaga_a_primeira_resposta(caminho):
    cartao = pergunta("bytes_de_ola")
    cartao.escolher("d")
    assert cartao.escolher(cartao.pergunta.certa.letra) is True
    assert "Certo!" in cartao.explicacao
    registro = json.loads(caminho.read_text("utf-8"))["perguntas"]["bytes_de_ola"]
    assert registro["primeira_resposta"] == "d" and registro["acertou"] is False
    assert registro["ultima_resposta"] == cartao.pergunta.certa.letra


def test_o_clique_no_widget_marca_a_opcao_e_mostra_a_explicacao(caminho):
    cartao = pergunta("resposta_velha")
    caixa = cartao.widget()
    certa = cartao.pergunta.certa
    botao = cartao._botoes[certa.letra]
    botao.click()
    assert botao.button_style == "success" and "ecolab-certa" in botao._dom_classes
    assert certa.explicacao[:40] in caixa.children[-1].value.replace("&#x27;", "'")
    outra = next(o for o in cartao.pergunta.opcoes if not o.certa)
    cartao._botoes[outra.letra].click()
    assert botao.button_style == "" and "ecolab-errada" in cartao._botoes[outra.letra]._dom_classes


def test_um_arquivo_antigo_sem_perguntas_continua_valendo(caminho):
    caminho.parent.mkdir(parents=True)
    caminho.write_text(json.dumps({"versao": 1, "exercicios": {
        "tcp_perguntar": {"estado": "feito", "tentativas": 2}}}), "utf-8")
    pergunta("aperto_de_mao").escolher("c")
    dados = json.loads(caminho.read_text("utf-8"))
    assert dados["exercicios"]["tcp_perguntar"]["estado"] == "feito"
    assert dados["perguntas"]["aperto_de_mao"]["acertou"] is True


def test_sem_poder_gravar_o_cartao_explica_e_nao_levanta(caminho, monkeypatch):
    caminho.parent.mkdir(parents=True)
    caminho.write_text(json.dumps({"versao": 99, "exercicios": {}}), "utf-8")
    cartao = pergunta("aperto_de_mao")
    assert cartao.escolher("c") is True
    assert "versão 99" in cartao.aviso
    assert json.loads(caminho.read_text("utf-8"))["versao"] == 99  # intocado


def test_pergunta_desconhecida_sugere_a_parecida(capsys):
    assert pergunta("aperto_de_mau") is None
    assert "'aperto_de_mao'" in capsys.readouterr().out


def test_progresso_mostra_as_perguntas_numa_tabela_propria(caminho):
    pergunta("udp_dois_envios").escolher("b")
    pergunta("quem_fica_em_time_wait").escolher("a")
    tabela = progresso()
    assert tabela.contar_perguntas(True) == 1 and tabela.contar_perguntas(False) == 1
    assert tabela.contar_perguntas(None) == len(PERGUNTAS) - 2
    texto = str(tabela)
    assert re.search(r"03\s+udp_dois_envios\s+b\s+certa", texto)
    assert re.search(r"07\s+quem_fica_em_time_wait\s+a\s+errada", texto)
    assert f"{len(PERGUNTAS)} perguntas: 1 certa de primeira, 1 errada de primeira" in texto
    assert "ecolab-progresso-perguntas" in tabela._repr_html_()


# ----- o mapa do curso ----------------------------------------------------------------


def notebook(titulo, palavras, segundos=None):
    metadados = {} if segundos is None else {"ecolab": {"segundos_para_rodar": segundos}}
    texto = " ".join(["palavra"] * (palavras - len(titulo.split())))
    return json.dumps({"cells": [{"cell_type": "markdown", "source": titulo},
                                 {"cell_type": "markdown", "source": texto}],
                       "metadata": metadados})


def test_o_mapa_le_as_licoes_presentes_e_uma_nova_entra_sozinha(caminho):
    notebooks = {"00_introducao.ipynb": notebook("# Lição 00 — Introdução", 300, 50),
                 "06_janelas_deslizantes.ipynb": notebook("# Lição 06 — Janelas", 151)}
    mapa = mapa_do_curso(notebooks, caminho)
    zero, seis = mapa.licoes
    assert (seis.numero, seis.titulo, seis.segundos_para_rodar) == ("06", "Janelas", None)
    assert zero.minutos_de_leitura == 300 // PALAVRAS_POR_MINUTO == 2 and zero.minutos == 3
    assert seis.minutos_de_leitura == 2
    assert "execução não medida" in str(mapa) and "50 s rodando" in str(mapa)
    assert zero.perguntas == tuple(p.identificador for p in perguntas_da_licao("00"))


def test_o_mapa_diz_onde_o_aluno_esta(caminho):
    mapa = mapa_do_curso(caminho=caminho)
    assert [licao.arquivo for licao in mapa.licoes] == [c.name for c in LICOES]
    assert mapa.proxima().numero == "00"  # quem não fez nada começa do começo
    for identificador in mapa.licoes[0].perguntas:
        pergunta(identificador).escolher("a")
    pergunta(mapa.licoes[2].perguntas[0]).escolher("a")
    mapa = mapa_do_curso(caminho=caminho)
    assert mapa.proxima() is mapa.licoes[2]
    assert "→ " + mapa.licoes[2].numero in str(mapa)
    assert "1 de 3 perguntas respondidas" in str(mapa)


def test_a_licao_00_mostra_o_mapa_fora_do_que_o_nbval_compara():
    lista = celulas(PASTA / "00_introducao.ipynb")
    [celula] = [c for c in lista if "mapa_do_curso()" in fonte(c) and c["cell_type"] == "code"]
    assert "nbval-ignore-output" in celula["metadata"]["tags"]


# ----- o glossário --------------------------------------------------------------------


def test_toda_licao_aponta_para_o_glossario_que_o_lancador_copia():
    from ecolab.copia_do_aluno import arquivos_do_curso

    assert "glossario.ipynb" in arquivos_do_curso()
    for caminho in LICOES:
        primeira = fonte(celulas(caminho)[0])
        assert "](glossario.ipynb)" in primeira, caminho.name


def test_o_glossario_tem_os_termos_do_curso_com_o_ingles():
    texto = "\n".join(fonte(c) for c in celulas(PASTA / "glossario.ipynb"))
    for portugues, ingles in [("socket", "socket"), ("datagrama", "datagram"),
                              ("segmento", "segment"), ("aperto de mão", "handshake"),
                              ("janela", "window"), ("tempo limite", "timeout")]:
        linha = next(linha for linha in texto.splitlines() if linha.startswith(f"| {portugues}"))
        assert ingles in linha, portugues


def test_o_widget_lembra_a_primeira_resposta_de_quem_volta(caminho):
    pergunta("udp_inundacao").escolher("a")
    caixa = pergunta("udp_inundacao").widget()
    assert "Você já respondeu (a), errada, da primeira vez." in caixa.children[-1].value
    assert "já respondeu" not in pergunta("aperto_de_mao").widget().children[-1].value
