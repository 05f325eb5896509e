"""O arquivo de progresso, versão 2: migração da versão 1, versões futuras
intocadas, perguntas conceituais, exercícios renomeados e a tabela de ``progresso()``."""

import json
import os
import re
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


# ----- avisos: o texto inteiro que o aluno lê ---------------------------------------------


def uma_linha(texto):
    return " ".join(texto.split())


def aviso_de_versao_futura(caminho, versao):
    """O aviso inteiro que o aluno vê quando o arquivo é de um ecolab mais novo."""
    return (
        f"Aviso: O arquivo de progresso {caminho} é da versão {versao}, de um ecolab mais novo "
        "que este (que entende até a versão 2). Ele não foi alterado, e o progresso desta "
        "sessão não será guardado. Atualize o ecolab (pip install -U ecolab, ou git pull no "
        "curso) para continuar de onde parou.")


def test_aviso_de_versao_futura_ao_so_ler_diz_o_que_houve_e_como_continuar(caminho, capsys):
    plantar(caminho, {"versao": 7, "exercicios": {}, "perguntas": {}})
    assert modulo.carregar() == modulo.vazio()
    assert uma_linha(capsys.readouterr().out) == aviso_de_versao_futura(caminho, 7)


def test_aviso_de_arquivo_estragado_diz_onde_ficou_a_copia(caminho, capsys):
    plantar(caminho, "{isto não é json")
    assert modulo.carregar() == modulo.vazio()
    guardado = caminho.with_name("progresso.json.corrompido")
    assert guardado.read_text("utf-8") == "{isto não é json"
    assert uma_linha(capsys.readouterr().out) == (
        f"Aviso: o arquivo de progresso {caminho} estava estragado (não é o JSON que o ecolab "
        f"escreve). O arquivo antigo foi guardado em {guardado}. O progresso recomeça do zero; "
        "os exercícios que você já fez voltam a aparecer como feitos quando você os verificar "
        "de novo.")


def test_arquivo_estragado_que_nao_pode_ser_guardado_ao_lado_tambem_e_explicado(
        caminho, capsys, monkeypatch):
    plantar(caminho, "[1, 2]")

    def falhar(*args):
        raise PermissionError(13, "sem permissão")

    monkeypatch.setattr(modulo.os, "replace", falhar)
    assert modulo.carregar() == modulo.vazio()
    assert caminho.read_text("utf-8") == "[1, 2]"
    assert uma_linha(capsys.readouterr().out) == (
        f"Aviso: o arquivo de progresso {caminho} estava estragado (não é o JSON que o ecolab "
        "escreve). Não consegui guardar o arquivo antigo ao lado. O progresso recomeça do "
        "zero; os exercícios que você já fez voltam a aparecer como feitos quando você os "
        "verificar de novo.")


# ----- o que conta como estragado --------------------------------------------------------


@pytest.mark.parametrize("dados", [
    {"exercicios": {}, "perguntas": {}},  # sem versão
    {"versao": 0, "exercicios": {}, "perguntas": {}},
    {"versao": 2.5, "exercicios": {}, "perguntas": {}},  # não é versão futura: estragado
    {"versao": 2, "exercicios": {}, "perguntas": []},
    {"versao": 2, "exercicios": [], "perguntas": {}},
    {"versao": 2, "exercicios": {}, "perguntas": {"p": {"acertou": True}}},
    {"versao": 2, "exercicios": {}, "perguntas": {"p": {"primeira_resposta": "a"}}},
    {"versao": 2, "exercicios": {}, "perguntas": {"p": {"primeira_resposta": "a",
                                                       "acertou": "sim"}}},
], ids=["sem_versao", "versao_0", "versao_fracionaria", "perguntas_lista", "exercicios_lista",
        "pergunta_sem_primeira_resposta", "pergunta_sem_acertou", "acertou_texto"])
def test_formato_que_o_ecolab_nao_escreve_conta_como_estragado(caminho, capsys, dados):
    plantar(caminho, dados)
    assert modulo.carregar() == modulo.vazio()
    assert no_disco(caminho.with_name("progresso.json.corrompido")) == dados
    assert not caminho.exists()


def test_registro_sem_tentativas_nem_data_e_aceito(caminho):
    dados = {"versao": 2, "perguntas": {"p": {"primeira_resposta": "a", "acertou": False}},
             "exercicios": {"x": {"estado": "tentado"}}}
    plantar(caminho, dados)
    assert modulo.carregar() == dados


# ----- perguntas: gravar e ler ------------------------------------------------------------


def test_pergunta_acertada_de_primeira_fica_anotada_com_a_data(caminho, monkeypatch):
    monkeypatch.setattr(modulo, "_agora", lambda: "2026-03-01T10:20:40")
    assert modulo.anotar_pergunta("tcp_tres_vias", "b", acertou=True) is True
    assert no_disco(caminho)["perguntas"] == {"tcp_tres_vias": {
        "primeira_resposta": "b", "acertou": True, "respondida_em": "2026-03-01T10:20:40",
        "ultima_resposta": "b"}}


def test_caminho_dado_explicitamente_vale_mais_que_a_variavel(caminho, tmp_path):
    outro = tmp_path / "outro" / "meu.json"
    assert modulo.anotar_pergunta("tcp_tres_vias", "b", acertou=True, caminho=outro)
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:1", caminho=outro)
    assert not caminho.exists()
    assert modulo.ler_pergunta("tcp_tres_vias", caminho=outro)["primeira_resposta"] == "b"
    assert modulo.ler_pergunta("tcp_tres_vias") is None
    assert modulo.carregar(outro)["exercicios"]["udp_pinger"]["estado"] == "feito"


# ----- renomeações: juntar registros incompletos -----------------------------------------


def test_juntar_vale_o_registro_mais_recente_mesmo_quando_e_o_do_nome_antigo(caminho):
    plantar(caminho, {"versao": 2, "perguntas": {}, "exercicios": {
        "velho": {"estado": "tentado", "tentativas": 3, "ultima": "2026-05-01T00:00:00",
                  "impressao": "fonte:velha"},
        "novo": {"estado": "tentado", "tentativas": 1, "ultima": "2026-02-01T00:00:00",
                 "impressao": "fonte:nova"},
    }})
    dados = modulo.carregar(renomeados={"velho": "novo"})
    assert dados["exercicios"] == {"novo": {"estado": "tentado", "tentativas": 4,
                                            "ultima": "2026-05-01T00:00:00",
                                            "impressao": "fonte:velha"}}


def test_juntar_com_registro_sem_data_nem_tentativas_vale_o_que_tem_data(caminho):
    # a versão 1 aceitava registros sem "ultima" e sem "tentativas"
    plantar(caminho, {"versao": 1, "exercicios": {
        "velho": {"estado": "feito"},
        "novo": {"estado": "tentado", "tentativas": 2, "ultima": "2026-02-01T00:00:00"},
    }})
    dados = modulo.carregar(renomeados={"velho": "novo"})
    assert dados["exercicios"] == {"novo": {"estado": "feito", "tentativas": 2,
                                            "ultima": "2026-02-01T00:00:00"}}
    plantar(caminho, {"versao": 1, "exercicios": {
        "velho": {"estado": "tentado", "tentativas": 2, "ultima": "2026-02-01T00:00:00"},
        "novo": {"estado": "tentado"},
    }})
    dados = modulo.carregar(renomeados={"velho": "novo"})
    assert dados["exercicios"] == {"novo": {"estado": "tentado", "tentativas": 2,
                                            "ultima": "2026-02-01T00:00:00"}}


def test_juntar_perguntas_a_resposta_sem_data_conta_como_a_mais_antiga(caminho):
    antiga = {"primeira_resposta": "a", "acertou": True}
    nova = {"primeira_resposta": "b", "acertou": False, "respondida_em": "2026-02-01T00:00:00"}
    plantar(caminho, {"versao": 2, "exercicios": {}, "perguntas": {"velha": antiga,
                                                                   "nova": nova}})
    assert modulo.carregar(renomeados={"velha": "nova"})["perguntas"] == {"nova": antiga}
    plantar(caminho, {"versao": 2, "exercicios": {}, "perguntas": {"velha": nova,
                                                                   "nova": antiga}})
    assert modulo.carregar(renomeados={"velha": "nova"})["perguntas"] == {"nova": antiga}


def test_renomeacao_que_volta_no_meio_da_cadeia_para_no_ultimo_nome_novo(caminho):
    plantar(caminho, PROGRESSO_V1)
    dados = modulo.carregar(renomeados={"udp_pinger": "b", "b": "c", "c": "b"})
    assert dados["exercicios"]["c"] == PROGRESSO_V1["exercicios"]["udp_pinger"]
    assert "b" not in dados["exercicios"] and "udp_pinger" not in dados["exercicios"]


# ----- onde fica o arquivo ---------------------------------------------------------------


def test_no_windows_sem_appdata_o_progresso_fica_em_appdata_roaming(monkeypatch, tmp_path):
    monkeypatch.delenv(modulo.VARIAVEL)
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setattr(modulo.sys, "platform", "win32")
    assert modulo.caminho_do_progresso() == \
        tmp_path / "AppData" / "Roaming" / "ecolab" / "progresso.json"


# ----- ler e gravar: o que acontece quando o disco não colabora ---------------------------


def test_progresso_que_nao_se_consegue_ler_e_avisado_e_nao_e_descartado(caminho, capsys):
    caminho.mkdir(parents=True)  # uma pasta no lugar do arquivo: read_text falha
    assert modulo.carregar() == modulo.vazio()
    saida = uma_linha(capsys.readouterr().out)
    assert saida.startswith(f"Aviso: não consegui ler o progresso em {caminho} ([Errno 21] ")
    assert saida.endswith("); os exercícios funcionam, mas o progresso não será mostrado.")
    assert caminho.is_dir() and not caminho.with_name("progresso.json.corrompido").exists()


def test_progresso_que_nao_se_consegue_gravar_e_avisado_com_a_saida(caminho, capsys, monkeypatch):
    def falhar(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(modulo.os, "replace", falhar)
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:1") is False
    assert uma_linha(capsys.readouterr().out) == (
        f"Aviso: não consegui guardar o progresso em {caminho} ([Errno 28] No space left on "
        "device). A verificação vale do mesmo jeito. Para escolher outro arquivo, defina a "
        "variável de ambiente ECOLAB_PROGRESSO.")
    assert list(caminho.parent.iterdir()) == []  # nem o arquivo temporário sobra


def test_o_arquivo_gravado_e_legivel_com_acentos_e_uma_chave_por_linha(caminho, monkeypatch):
    monkeypatch.setattr(modulo, "_agora", lambda: "2026-03-01T10:20:40")
    modulo.anotar_pergunta("udp_sem_conexao", "não", acertou=True)
    assert caminho.read_text("utf-8") == (
        '{\n'
        ' "exercicios": {},\n'
        ' "perguntas": {\n'
        '  "udp_sem_conexao": {\n'
        '   "acertou": true,\n'
        '   "primeira_resposta": "não",\n'
        '   "respondida_em": "2026-03-01T10:20:40",\n'
        '   "ultima_resposta": "não"\n'
        '  }\n'
        ' },\n'
        ' "versao": 2\n'
        '}')


def test_o_conteudo_chega_ao_disco_antes_de_substituir_o_arquivo(caminho, monkeypatch):
    eventos = []
    fsync, replace = modulo.os.fsync, modulo.os.replace

    def anotar_fsync(descritor):
        eventos.append(("fsync", os.fstat(descritor).st_size))
        fsync(descritor)

    def anotar_replace(origem, destino):
        eventos.append(("replace", Path(origem).name.startswith("progresso.json")))
        replace(origem, destino)

    monkeypatch.setattr(modulo.os, "fsync", anotar_fsync)
    monkeypatch.setattr(modulo.os, "replace", anotar_replace)
    assert modulo.salvar(modulo.vazio())
    # o temporário tem o nome do arquivo (quem achar um que sobrou sabe de onde veio)
    assert eventos == [("fsync", caminho.stat().st_size), ("replace", True)]


def test_tentativa_anota_a_data_e_hora_da_ultima(caminho):
    modulo.anotar("udp_pinger", passou=False, impressao="fonte:1")
    ultima = no_disco(caminho)["exercicios"]["udp_pinger"]["ultima"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", ultima)


def test_gravar_por_cima_de_um_arquivo_estragado_funciona(caminho):
    for estragado in ("[1, 2]", "{isto não é json", '{"versao": "x"}', '{"outra": 1}'):
        plantar(caminho, estragado)
        assert modulo.salvar(modulo.vazio()) is True
        assert no_disco(caminho) == modulo.vazio()


def test_a_copia_da_versao_1_ja_guardada_nunca_e_trocada(caminho):
    copia = caminho.with_name("progresso.json.v1")
    plantar(copia, PROGRESSO_V1)
    plantar(caminho, {**PROGRESSO_V1, "exercicios": {}})
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:1")
    assert no_disco(copia) == PROGRESSO_V1


def test_gravar_cria_as_pastas_que_faltam(tmp_path):
    fundo = tmp_path / "a" / "b" / "c" / "progresso.json"
    assert modulo.salvar(modulo.vazio(), fundo) is True
    assert modulo.salvar(modulo.vazio(), fundo) is True  # a pasta já existe: tudo bem
    assert no_disco(fundo) == modulo.vazio()


def test_pasta_que_nao_pode_ser_criada_da_um_aviso_e_nao_um_erro(tmp_path, capsys):
    (tmp_path / "arquivo").write_text("não sou uma pasta", "utf-8")
    impossivel = tmp_path / "arquivo" / "progresso.json"
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:1",
                         caminho=impossivel) is False
    assert f"Aviso: não consegui guardar o progresso em {impossivel}" in capsys.readouterr().out


def test_gravar_por_cima_de_versao_futura_so_da_o_aviso(caminho, capsys):
    futuro = plantar(caminho, {"versao": 3})
    assert modulo.salvar(modulo.vazio()) is False
    assert caminho.read_bytes() == futuro
    assert uma_linha(capsys.readouterr().out) == aviso_de_versao_futura(caminho, 3)


# ----- anotar ----------------------------------------------------------------------------


def test_sem_arquivo_o_progresso_e_o_vazio_da_versao_2(caminho):
    assert modulo.carregar() == {"versao": 2, "exercicios": {}, "perguntas": {}}
    assert not caminho.exists()


def test_a_primeira_tentativa_grava_so_os_campos_do_formato(caminho, monkeypatch):
    monkeypatch.setattr(modulo, "_agora", lambda: "2026-03-01T10:15:02")
    assert modulo.anotar("udp_pinger", passou=False, impressao="fonte:1") is True
    assert no_disco(caminho)["exercicios"] == {"udp_pinger": {
        "estado": "tentado", "tentativas": 1, "impressao": "fonte:1",
        "ultima": "2026-03-01T10:15:02"}}


def test_conferir_de_novo_a_mesma_resposta_nao_grava_e_nao_e_falha(caminho):
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:1") is True
    antes = caminho.read_bytes()
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:1") is True
    assert caminho.read_bytes() == antes


def test_anotar_com_arquivo_de_versao_futura_avisa_uma_vez_e_nao_grava(caminho, capsys):
    futuro = plantar(caminho, {"versao": 4})
    assert modulo.anotar("udp_pinger", passou=True, impressao="fonte:1") is False
    assert caminho.read_bytes() == futuro
    assert uma_linha(capsys.readouterr().out) == aviso_de_versao_futura(caminho, 4)


def test_registro_sem_tentativas_conta_a_primeira_tentativa_como_1(caminho):
    plantar(caminho, {"versao": 1, "exercicios": {"udp_pinger": {"estado": "tentado"}}})
    assert modulo.anotar("udp_pinger", passou=False, impressao="fonte:1")
    assert no_disco(caminho)["exercicios"]["udp_pinger"]["tentativas"] == 1
