"""O arquivo de progresso, versão 2: migração da versão 1, versões futuras
intocadas, perguntas conceituais, exercícios renomeados e a tabela de ``progresso()``."""

import json
from pathlib import Path

import pytest

from ecolab.exercicios import arquivo_de_progresso as modulo
from ecolab.exercicios import progresso
from ecolab.exercicios.bancada import CATALOGO

PROGRESSO_V1 = {
    "versao": 1,
    "exercicios": {
        "tcp_perguntar": {"estado": "feito", "tentativas": 4, "ultima": "2026-01-02T03:04:05"},
        "udp_pinger": {"estado": "tentado", "tentativas": 2, "ultima": "2026-01-03T10:00:00"},
        "exercicio_que_saiu_do_curso": {"estado": "feito", "tentativas": 1},
    },
}


@pytest.fixture(autouse=True)
def caminho(tmp_path, monkeypatch):
    """O progresso deste teste, numa pasta só dele."""
    caminho = tmp_path / "dados" / "progresso.json"
    monkeypatch.setenv(modulo.VARIAVEL, str(caminho))
    return caminho


def plantar(caminho, dados):
    caminho.parent.mkdir(parents=True, exist_ok=True)
    texto = json.dumps(dados) if isinstance(dados, dict) else dados
    caminho.write_text(texto, "utf-8")
    return caminho.read_bytes()


def no_disco(caminho):
    return json.loads(caminho.read_text("utf-8"))


# ----- migração da versão 1 ------------------------------------------------------------


def test_arquivo_da_versao_1_e_migrado_sem_perder_nada(caminho):
    plantar(caminho, PROGRESSO_V1)
    dados = modulo.carregar()
    assert dados["versao"] == 2 and dados["perguntas"] == {}
    assert dados["exercicios"] == PROGRESSO_V1["exercicios"]
    linhas = {linha[1]: linha[3:] for linha in progresso().linhas}
    assert linhas["tcp_perguntar"] == ("feito", 4)
    assert linhas["udp_pinger"] == ("tentado", 2)


def test_so_ler_um_arquivo_da_versao_1_nao_o_muda(caminho):
    original = plantar(caminho, PROGRESSO_V1)
    modulo.carregar()
    progresso()
    assert caminho.read_bytes() == original
    assert sorted(p.name for p in caminho.parent.iterdir()) == ["progresso.json"]


def test_a_primeira_gravacao_guarda_o_arquivo_da_versao_1_ao_lado(caminho):
    original = plantar(caminho, PROGRESSO_V1)
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:abc")
    assert caminho.with_name("progresso.json.v1").read_bytes() == original
    gravado = no_disco(caminho)
    assert gravado["versao"] == 2
    assert gravado["exercicios"]["tcp_perguntar"] == PROGRESSO_V1["exercicios"]["tcp_perguntar"]
    assert gravado["exercicios"]["udp_pinger"]["tentativas"] == 3
    assert gravado["exercicios"]["udp_pinger"]["estado"] == "feito"
    # um exercício que saiu do curso continua no arquivo (só não aparece na tabela)
    assert "exercicio_que_saiu_do_curso" in gravado["exercicios"]
    assert "exercicio_que_saiu_do_curso" not in [linha[1] for linha in progresso().linhas]


def test_migrado_sem_impressao_a_proxima_conferencia_conta_e_depois_nao(caminho):
    plantar(caminho, PROGRESSO_V1)
    modulo.anotar("tcp_perguntar", passou=True, impressao="fonte:1")
    modulo.anotar("tcp_perguntar", passou=True, impressao="fonte:1")
    assert no_disco(caminho)["exercicios"]["tcp_perguntar"]["tentativas"] == 5


# ----- versão futura: nunca destruída ---------------------------------------------------


def test_arquivo_de_versao_futura_nao_e_sobrescrito_nem_descartado(caminho, capsys):
    futuro = plantar(caminho, {"versao": 3, "exercicios": {"tcp_perguntar": {"nivel": 9}},
                               "novidade": [1, 2]})
    assert modulo.carregar() == modulo.vazio()
    assert modulo.anotar("tcp_perguntar", passou=True, impressao="fonte:1") is False
    assert modulo.anotar_pergunta("tcp_tres_vias", "b", acertou=True) is False
    assert modulo.salvar(modulo.vazio()) is False
    assert caminho.read_bytes() == futuro
    assert sorted(p.name for p in caminho.parent.iterdir()) == ["progresso.json"]
    aviso = " ".join(capsys.readouterr().out.split())
    assert "é da versão 3, de um ecolab mais novo" in aviso
    assert "não foi alterado" in aviso


# ----- perguntas conceituais ------------------------------------------------------------


def test_a_primeira_resposta_de_uma_pergunta_vale_e_nunca_e_apagada(caminho):
    assert modulo.ler_pergunta("tcp_tres_vias") is None
    assert modulo.anotar_pergunta("tcp_tres_vias", "a", acertou=False)
    assert modulo.anotar_pergunta("tcp_tres_vias", "b", acertou=True)
    assert modulo.anotar_pergunta("tcp_tres_vias", "c", acertou=False)
    registro = modulo.ler_pergunta("tcp_tres_vias")
    assert registro["primeira_resposta"] == "a" and registro["acertou"] is False
    assert registro["ultima_resposta"] == "c"
    assert no_disco(caminho)["perguntas"]["tcp_tres_vias"] == registro


def test_perguntas_e_exercicios_convivem_no_mesmo_arquivo(caminho):
    modulo.anotar_pergunta("udp_sem_conexao", "sim", acertou=True)
    modulo.anotar("udp_pinger", passou=True, impressao="fonte:1")
    dados = modulo.carregar()
    assert set(dados["perguntas"]) == {"udp_sem_conexao"}
    assert set(dados["exercicios"]) == {"udp_pinger"}


# ----- exercícios renomeados ------------------------------------------------------------


def test_exercicio_renomeado_leva_o_progresso_para_o_nome_novo(caminho, monkeypatch):
    plantar(caminho, PROGRESSO_V1)
    monkeypatch.setitem(modulo.RENOMEADOS, "udp_pinger", "udp_pinger_v2")
    monkeypatch.setitem(modulo.RENOMEADOS, "udp_pinger_v2", "udp_ping")  # renomeado de novo
    dados = modulo.carregar()
    assert "udp_pinger" not in dados["exercicios"]
    assert dados["exercicios"]["udp_ping"] == PROGRESSO_V1["exercicios"]["udp_pinger"]


def test_renomeado_com_registro_nos_dois_nomes_junta_os_dois(caminho):
    plantar(caminho, {"versao": 2, "perguntas": {
        "velha": {"primeira_resposta": "a", "acertou": True,
                  "respondida_em": "2026-01-01T00:00:00"},
        "nova": {"primeira_resposta": "b", "acertou": False,
                 "respondida_em": "2026-02-01T00:00:00"},
    }, "exercicios": {
        "velho": {"estado": "feito", "tentativas": 2, "ultima": "2026-01-01T00:00:00",
                  "impressao": "fonte:velha"},
        "novo": {"estado": "tentado", "tentativas": 1, "ultima": "2026-02-01T00:00:00",
                 "impressao": "fonte:nova"},
    }})
    dados = modulo.carregar(renomeados={"velho": "novo", "velha": "nova"})
    assert dados["exercicios"] == {"novo": {"estado": "feito", "tentativas": 3,
                                            "ultima": "2026-02-01T00:00:00",
                                            "impressao": "fonte:nova"}}
    assert dados["perguntas"]["nova"]["primeira_resposta"] == "a"  # a primeira resposta vale


def test_uma_volta_no_mapa_de_renomeacoes_nao_trava(caminho):
    plantar(caminho, PROGRESSO_V1)
    dados = modulo.carregar(renomeados={"udp_pinger": "x", "x": "udp_pinger"})
    assert dados["exercicios"]["x"]["tentativas"] == 2


# ----- a tabela ---------------------------------------------------------------------


def test_o_resumo_usa_as_palavras_da_tabela_e_soma_a_coluna_tentativas(caminho):
    modulo.anotar("tcp_perguntar", passou=True, impressao="fonte:1")
    modulo.anotar("udp_pinger", passou=False, impressao="fonte:1")
    modulo.anotar("udp_pinger", passou=False, impressao="fonte:2")
    tabela = progresso()
    texto = str(tabela)
    assert tabela.tentativas() == 3
    resto = len(CATALOGO) - 2
    assert (f"{len(CATALOGO)} exercícios: 1 feito, 1 tentado, {resto} não começados; "
            "3 tentativas ao todo.") in texto
    cabecalho = texto.splitlines()[0].split()
    assert cabecalho[-2:] == ["estado", "tentativas"]
    assert "tentativas ao todo" in tabela._repr_html_()


def test_a_tabela_mostra_o_arquivo_com_til_no_lugar_da_pasta_do_usuario(monkeypatch, tmp_path):
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setenv(modulo.VARIAVEL, str(tmp_path / ".local" / "share" / "ecolab" / "p.json"))
    assert "Arquivo: ~/.local/share/ecolab/p.json" in str(progresso())
