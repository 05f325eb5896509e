"""Os exercícios: o verificador aceita as soluções, recusa respostas erradas com uma
dica útil, nunca trava, não deixa nada aberto e guarda o progresso do aluno.

As soluções de referência são arquivos Python comuns em ``notebooks/solucoes/``
(o aluno as abre de propósito); aqui elas são carregadas pelo caminho. As
respostas erradas ficam em ``respostas_erradas.py``.
"""

import importlib.util
import json
import os
import re
import sys
import threading
import time
from pathlib import Path

import pytest

import ecolab.exercicios
from ecolab.exercicios import arquivo_de_progresso as modulo_progresso
from ecolab.exercicios.bancada import CATALOGO, exercicio, sem_resposta
from ecolab.exercicios.vigia import AJUDANTES
from ecolab.exercicios import (
    SOLUCOES, conferir, dica, exercicios, progresso, respondido, texto_do_resultado,
    transferir, verificar,
)

from ajudantes_robustez import descritores_abertos
from respostas_erradas import ERRADAS, TRAVAM

PASTA_DAS_SOLUCOES = Path(__file__).resolve().parent.parent / "notebooks" / "solucoes"


def carregar_solucao(licao):
    caminho = PASTA_DAS_SOLUCOES / SOLUCOES[licao]
    especificacao = importlib.util.spec_from_file_location(caminho.stem, caminho)
    modulo = importlib.util.module_from_spec(especificacao)
    especificacao.loader.exec_module(modulo)
    return modulo


def respostas_de_referencia(identificador):
    exercicio_ = CATALOGO[identificador]
    solucao = carregar_solucao(exercicio_.licao)
    return [getattr(solucao, nome) for nome in exercicio_.respostas]


def uma_linha(texto):
    """O texto sem as quebras do ``textwrap``, para procurar trechos."""
    return " ".join(texto.split())


@pytest.fixture(autouse=True)
def arquivo_de_progresso(tmp_path, monkeypatch):
    """Nenhum teste escreve no diretório do usuário: o progresso vai para tmp_path."""
    caminho = tmp_path / "dados" / "progresso.json"
    monkeypatch.setenv("ECOLAB_PROGRESSO", str(caminho))
    return caminho


def estado_anotado(caminho, identificador):
    if not caminho.exists():
        return None
    return json.loads(caminho.read_text("utf-8"))["exercicios"].get(identificador, {}).get("estado")


# ----- o catálogo --------------------------------------------------------------


def test_cada_licao_com_solucoes_tem_pelo_menos_tres_exercicios():
    assert {"01", "02", "03", "04", "05", "07"} <= set(SOLUCOES)
    for licao in SOLUCOES:
        assert len(exercicios(licao)) >= 3, licao


def test_todo_exercicio_tem_solucao_dicas_e_respostas_erradas_nos_testes():
    assert set(ERRADAS) | {identificador for identificador, *_ in TRAVAM} == set(CATALOGO)
    for identificador, exercicio_ in CATALOGO.items():
        solucao = carregar_solucao(exercicio_.licao)
        for nome in exercicio_.respostas:
            assert hasattr(solucao, nome), f"{SOLUCOES[exercicio_.licao]} não define {nome}"
        assert len(exercicio_.dicas) >= 2, identificador


# ----- soluções e respostas erradas -------------------------------------------------


@pytest.mark.parametrize("identificador", list(CATALOGO))
def test_a_solucao_de_referencia_passa_e_fica_anotada_como_feita(
        identificador, capsys, arquivo_de_progresso):
    verificar(identificador, *respostas_de_referencia(identificador))
    saida = capsys.readouterr().out
    assert "tudo certo!" in uma_linha(saida)
    assert "✘ falhou" not in saida
    total = CATALOGO[identificador].verificacoes
    assert f"{total} de {total} verificações passaram." in uma_linha(saida)
    assert saida.count("✔ passou") == total
    assert estado_anotado(arquivo_de_progresso, identificador) == "feito"
    assert not ajudantes_do_verificador_vivas()


CASOS_ERRADOS = [
    pytest.param(identificador, respostas, trecho, id=f"{identificador}-{nome}")
    for identificador, casos in ERRADAS.items()
    for nome, respostas, trecho in casos
]


@pytest.mark.parametrize("identificador, respostas, trecho", CASOS_ERRADOS)
def test_resposta_errada_falha_com_uma_dica_util_e_fica_anotada_como_tentada(
        identificador, respostas, trecho, capsys, arquivo_de_progresso):
    verificar(identificador, *respostas)
    saida = capsys.readouterr().out
    assert "ainda não está certo" in uma_linha(saida)
    assert "✘ falhou" in saida
    assert trecho in uma_linha(saida)
    conferir_contagem(identificador, saida)
    assert estado_anotado(arquivo_de_progresso, identificador) == "tentado"
    assert not ajudantes_do_verificador_vivas()


def conferir_contagem(identificador, saida):
    """O total é sempre o declarado; sem interrupção, há um item por verificação."""
    total = CATALOGO[identificador].verificacoes
    contagem = re.search(r"(\d+ de|[Nn]enhuma das) (\d+) verificações \w+(; (\d+) não)?",
                         uma_linha(saida))
    assert int(contagem.group(2)) == total, saida
    itens = saida.count("✔ passou") + saida.count("✘ falhou")
    if contagem.group(3):
        assert int(contagem.group(4)) == total - itens, saida
    elif "continuou rodando" in saida:  # a vigia anota um item a mais
        assert itens == total + 1, saida
    else:
        assert itens == total, saida


def ajudantes_do_verificador_vivas():
    """Threads do próprio verificador (remetentes, receptores) que sobreviveram a ele."""
    return [t.name for t in threading.enumerate() if t.name.startswith(AJUDANTES)]


def test_o_resultado_mostra_o_esperado_e_o_recebido():
    relatorio = conferir("tcp_eco_maiusculas", ERRADAS["tcp_eco_maiusculas"][0][1][0])
    texto = texto_do_resultado(relatorio)
    assert "              esperado: 'AÇÃO E REAÇÃO'" in texto
    assert "              recebido: 'Ação e reação'" in texto


# ----- respostas que travam -----------------------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="conta descritores pelo /proc")
@pytest.mark.parametrize("identificador, resposta, trecho",
                         [pytest.param(i, r, t, id=n) for i, n, r, t in TRAVAM])
def test_resposta_que_trava_e_cortada_pelo_prazo_e_nada_fica_aberto(
        identificador, resposta, trecho, capsys, arquivo_de_progresso):
    # Comparar conjuntos, não contagens: uma thread de um teste anterior que termine
    # agora não pode mascarar uma que a verificação deixou viva.
    threads_antes, descritores_antes = set(threading.enumerate()), descritores_abertos()
    verificar(identificador, resposta)
    saida = capsys.readouterr()
    assert "não terminou" in saida.out
    assert "ainda não está certo" in uma_linha(saida.out)
    conferir_contagem(identificador, saida.out)
    assert trecho in uma_linha(saida.out)
    assert "Interrompido" not in saida.err  # a thread parada não deixa rastro em vermelho
    assert set(threading.enumerate()) <= threads_antes
    assert descritores_abertos() <= descritores_antes
    assert estado_anotado(arquivo_de_progresso, identificador) == "tentado"


def test_resposta_certa_porem_lenta_demais_e_cortada_no_prazo_de_um_segundo_e_meio(capsys):
    """O prazo do verificador é 1,5 s: uma resposta certa que leva 2 s não passa
    (com um prazo de 15 s, passaria, e um laço sem fim levaria 15 s para ser avisado)."""
    def responder_devagar(mensagem):
        time.sleep(2)
        return mensagem.upper()

    verificar("tcp_eco_maiusculas", responder_devagar, anotar_progresso=False)

    assert "responder não terminou em 1,5\u00a0s" in capsys.readouterr().out


# ----- células não respondidas ----------------------------------------------------------


def esboco(mensagem):
    ...


def esboco_com_docstring(mensagem):
    """Devolve a mensagem em maiúsculas."""
    ...


def esboco_com_pass(mensagem):
    pass


def esboco_que_levanta(mensagem):
    raise NotImplementedError("escreva aqui")


class EsbocoDeClasse:
    def __init__(self, sock):
        ...

    def ler_linha(self):
        ...


@pytest.mark.parametrize("resposta", [esboco, esboco_com_docstring, esboco_com_pass,
                                      esboco_que_levanta, None, ...])
def test_celula_nao_respondida_diz_ainda_nao_respondido_e_nao_anota(
        resposta, capsys, arquivo_de_progresso):
    verificar("tcp_eco_maiusculas", resposta)
    saida = capsys.readouterr().out
    assert "ainda não respondido" in saida
    assert 'dica("tcp_eco_maiusculas")' in saida
    assert not arquivo_de_progresso.exists()


def test_classe_nao_respondida_e_resposta_dupla_pela_metade_tambem(capsys, arquivo_de_progresso):
    verificar("tcp_leitor_de_linhas", EsbocoDeClasse)
    enviar = respostas_de_referencia("tcp_prefixo_de_tamanho")[0]
    verificar("tcp_prefixo_de_tamanho", enviar, esboco)
    saida = uma_linha(capsys.readouterr().out)
    assert saida.count("ainda não respondido") == 2
    assert "receber_mensagem" in saida  # diz qual das duas falta
    assert not arquivo_de_progresso.exists()


def test_esboco_nao_confunde_respostas_curtas_de_verdade():
    def constante(mensagem):
        return "OLÁ"

    def sem_return(mensagem):
        mensagem.upper()

    def levanta_outro_erro(mensagem):
        raise ValueError("não")

    for resposta in (constante, sem_return, levanta_outro_erro, str.upper):
        assert not sem_resposta(resposta), resposta
    assert respondido(constante, sem_return)
    assert not respondido(constante, esboco)


def test_nao_respondido_em_tempo_de_execucao_tambem_conta(capsys, arquivo_de_progresso):
    def responde_depois(mensagem):
        if mensagem:
            raise NotImplementedError
        return mensagem

    verificar("tcp_eco_maiusculas", responde_depois)
    assert "ainda não respondido" in capsys.readouterr().out
    assert not arquivo_de_progresso.exists()


# ----- chamadas erradas e defeitos do verificador ----------------------------------------


def test_identificador_desconhecido_sugere_o_parecido(capsys):
    verificar("tcp_eco_maiuscula", esboco)
    assert "Você quis dizer 'tcp_eco_maiusculas'?" in capsys.readouterr().out


def test_numero_errado_de_respostas_ou_resultado_no_lugar_da_funcao(capsys):
    verificar("tcp_prefixo_de_tamanho", esboco)
    verificar("tcp_eco_maiusculas", "OLÁ")
    saida = uma_linha(capsys.readouterr().out)
    assert "confere 2 resposta(s): enviar_mensagem, receber_mensagem" in saida
    assert "passe a função, sem parênteses" in saida


def test_defeito_no_verificador_aparece_como_defeito_e_nao_derruba_o_kernel(
        capsys, monkeypatch):
    def verificacao_com_defeito(v, resposta):
        raise KeyError("ops")

    monkeypatch.setitem(CATALOGO, "com_defeito", None)
    exercicio("com_defeito", "01", "Com defeito", ["resposta"], ["uma", "duas"], 2)(
        verificacao_com_defeito)
    verificar("com_defeito", lambda x: x, anotar_progresso=False)
    assert "defeito do ecolab" in uma_linha(capsys.readouterr().out)


# ----- dicas ---------------------------------------------------------------------------


def test_dicas_aparecem_uma_de_cada_vez_e_depois_apontam_a_solucao(capsys, monkeypatch):
    # as dicas vistas ficam na memória do processo: começar como num kernel novo
    # (o mutmut roda os mesmos testes duas vezes no mesmo processo)
    monkeypatch.setattr(ecolab.exercicios, "_dicas_vistas", {})
    total = len(CATALOGO["udp_pinger"].dicas)
    for numero in range(1, total + 1):
        dica("udp_pinger")
        assert f"Dica {numero} de {total}" in capsys.readouterr().out
    dica("udp_pinger")
    assert "solucoes/solucao_05_transferencia_confiavel.py, na pasta das lições" in uma_linha(capsys.readouterr().out)
    dica("udp_pinger", 2)
    assert "Dica 2 de" in capsys.readouterr().out


# ----- o arquivo de progresso ------------------------------------------------------------


def test_sem_arquivo_de_progresso_todos_os_exercicios_aparecem_nao_comecados(
        arquivo_de_progresso):
    tabela = progresso()
    assert [linha[1] for linha in tabela.linhas] == list(CATALOGO)
    assert {linha[3] for linha in tabela.linhas} == {None}
    assert f"{len(CATALOGO)} exercícios: 0 feitos, 0 tentados, {len(CATALOGO)} não começados; " \
        "0 tentativas ao todo." in str(tabela)
    assert not arquivo_de_progresso.exists()  # só ler não cria o arquivo


def test_progresso_mostra_feito_tentado_e_nao_comecado(arquivo_de_progresso):
    modulo_progresso.anotar("tcp_perguntar", passou=True)
    modulo_progresso.anotar("udp_pinger", passou=False)
    modulo_progresso.anotar("udp_pinger", passou=False)
    modulo_progresso.anotar("tcp_perguntar", passou=False)  # feito continua feito
    tabela = progresso()
    estados = {linha[1]: (linha[3], linha[4]) for linha in tabela.linhas}
    assert estados["tcp_perguntar"] == ("feito", 2)
    assert estados["udp_pinger"] == ("tentado", 2)
    assert estados["udp_eco_cru"] == (None, 0)
    texto, html = str(tabela), tabela._repr_html_()
    assert "não começado" in texto and "tentado" in texto and "feito" in texto
    assert "<table" in html and "tcp_perguntar" in html
    assert str(arquivo_de_progresso) in texto


def test_arquivo_estragado_fica_guardado_ao_lado_e_o_progresso_recomeca(
        arquivo_de_progresso, capsys):
    arquivo_de_progresso.parent.mkdir(parents=True)
    arquivo_de_progresso.write_text("{isto não é json", "utf-8")
    tabela = progresso()
    assert tabela.contar("feito") == 0
    saida = uma_linha(capsys.readouterr().out)
    assert "estava estragado" in saida and "recomeça do zero" in saida
    guardado = arquivo_de_progresso.with_name("progresso.json.corrompido")
    assert guardado.read_text("utf-8") == "{isto não é json"
    modulo_progresso.anotar("udp_eco_cru", passou=True)
    assert estado_anotado(arquivo_de_progresso, "udp_eco_cru") == "feito"


@pytest.mark.parametrize("conteudo", ['[1, 2]', '{"versao": "2", "exercicios": {}}',
                                      '{"versao": 1, "exercicios": {"x": {"estado": "?"}}}',
                                      '{"versao": 1, "exercicios": {"x": 3}}',
                                      '{"versao": 2, "exercicios": {}, "perguntas": {"p": {}}}'])
def test_json_valido_com_formato_estranho_tambem_conta_como_estragado(
        conteudo, arquivo_de_progresso, capsys):
    arquivo_de_progresso.parent.mkdir(parents=True)
    arquivo_de_progresso.write_text(conteudo, "utf-8")
    assert modulo_progresso.carregar() == modulo_progresso.vazio()
    assert arquivo_de_progresso.with_name("progresso.json.corrompido").exists()


def test_tentativas_que_nao_sao_numero_contam_como_estragado_e_o_proximo_anotar_funciona(
        arquivo_de_progresso, capsys):
    arquivo_de_progresso.parent.mkdir(parents=True)
    arquivo_de_progresso.write_text(json.dumps({
        "versao": 2, "perguntas": {},
        "exercicios": {"tcp_perguntar": {"estado": "feito", "tentativas": "x"}},
    }), "utf-8")

    modulo_progresso.anotar("tcp_perguntar", passou=True)  # não levanta ValueError

    assert "estava estragado" in uma_linha(capsys.readouterr().out)
    assert arquivo_de_progresso.with_name("progresso.json.corrompido").exists()
    assert estado_anotado(arquivo_de_progresso, "tcp_perguntar") == "feito"


def test_escrita_atomica_nao_estraga_o_arquivo_antigo_se_falhar(
        arquivo_de_progresso, monkeypatch, capsys):
    modulo_progresso.anotar("tcp_perguntar", passou=True)
    antes = arquivo_de_progresso.read_text("utf-8")

    def falhar(*args):
        raise OSError(28, "disco cheio")

    monkeypatch.setattr(modulo_progresso.os, "replace", falhar)
    assert modulo_progresso.anotar("udp_pinger", passou=True) is False
    assert "não consegui guardar o progresso" in capsys.readouterr().out
    assert arquivo_de_progresso.read_text("utf-8") == antes
    assert sorted(p.name for p in arquivo_de_progresso.parent.iterdir()) == ["progresso.json"]


def test_escrita_usa_arquivo_temporario_e_os_replace(arquivo_de_progresso, monkeypatch):
    trocas = []
    original = os.replace
    monkeypatch.setattr(modulo_progresso.os, "replace",
                        lambda origem, destino: trocas.append((origem, destino))
                        or original(origem, destino))
    modulo_progresso.anotar("tcp_perguntar", passou=True)
    (origem, destino), = trocas
    assert Path(destino) == arquivo_de_progresso
    assert Path(origem).parent == arquivo_de_progresso.parent and Path(origem).name.endswith(".tmp")


def test_pasta_de_dados_de_cada_sistema(monkeypatch, tmp_path):
    monkeypatch.delenv("ECOLAB_PROGRESSO")
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert modulo_progresso.caminho_do_progresso() == \
        tmp_path / ".local" / "share" / "ecolab" / "progresso.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert modulo_progresso.caminho_do_progresso() == tmp_path / "xdg" / "ecolab" / "progresso.json"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert modulo_progresso.caminho_do_progresso() == \
        tmp_path / "Library" / "Application Support" / "ecolab" / "progresso.json"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert modulo_progresso.caminho_do_progresso() == tmp_path / "Roaming" / "ecolab" / "progresso.json"


# ----- a transferência da lição 05, de ponta a ponta-------------------------------------------


def test_transferencia_com_as_solucoes_entrega_o_texto_intacto_por_uma_rede_ruim():
    solucao = carregar_solucao("05")
    texto = "primeira linha\nsegunda, com ação\n\nquarta | com barra\nfim"
    chegou = transferir(texto, solucao.enviar_confiavel, solucao.receber_confiavel,
                        semente=3, perda=0.3, duplicacao=0.2, reordenacao=0.2)
    assert chegou == texto


# ----- tentativas: só quando a resposta muda -------------------------------------------


def registro_anotado(caminho, identificador):
    return json.loads(caminho.read_text("utf-8"))["exercicios"][identificador]


def test_tentativa_so_conta_quando_a_resposta_muda(capsys, arquivo_de_progresso):
    errada = ERRADAS["tcp_eco_maiusculas"][0][1][0]
    certa, = respostas_de_referencia("tcp_eco_maiusculas")
    verificar("tcp_eco_maiusculas", errada)
    verificar("tcp_eco_maiusculas", errada)  # um "Run All": a mesma resposta de novo
    assert registro_anotado(arquivo_de_progresso, "tcp_eco_maiusculas")["tentativas"] == 1
    verificar("tcp_eco_maiusculas", certa)
    antes = arquivo_de_progresso.stat().st_mtime_ns
    verificar("tcp_eco_maiusculas", certa)
    verificar("tcp_eco_maiusculas", certa)
    registro = registro_anotado(arquivo_de_progresso, "tcp_eco_maiusculas")
    assert (registro["estado"], registro["tentativas"]) == ("feito", 2)
    assert arquivo_de_progresso.stat().st_mtime_ns == antes  # nada mudou, nada foi escrito
    linha, = [l for l in progresso().linhas if l[1] == "tcp_eco_maiusculas"]
    assert linha[3:] == ("feito", 2)
    assert uma_linha(capsys.readouterr().out).count("tudo certo!") == 3


def test_a_mesma_resposta_que_passa_depois_de_falhar_vira_feito_sem_nova_tentativa(
        arquivo_de_progresso):
    modulo_progresso.anotar("udp_pinger", passou=False, impressao="fonte:1")
    modulo_progresso.anotar("udp_pinger", passou=True, impressao="fonte:1")
    registro = registro_anotado(arquivo_de_progresso, "udp_pinger")
    assert (registro["estado"], registro["tentativas"]) == ("feito", 1)
