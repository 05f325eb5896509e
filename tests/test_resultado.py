"""O relatório de ``verificar``: o mesmo conteúdo em texto e em HTML, marcas que
não dependem só da cor, contagem estável e números que nunca quebram a linha."""

import html
import re

import pytest
from IPython.core.formatters import DisplayFormatter

from ecolab.exercicios import conferir, texto_do_resultado, verificar
from ecolab.exercicios.bancada import CATALOGO, Exercicio, Relatorio, segundos
from ecolab.exercicios.resultado import LARGURA, RECUO_DO_CONTEUDO, montar
from ecolab.numeros import ESPACO_FIRME

from respostas_erradas import ERRADAS


@pytest.fixture(autouse=True)
def arquivo_de_progresso(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOLAB_PROGRESSO", str(tmp_path / "progresso.json"))


def palavras_do_html(codigo):
    """O que se lê no HTML: sem as marcas, com as entidades traduzidas."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", codigo)).split())


def palavras_do_texto(texto):
    return " ".join(texto.split())


def relatorio_de_exemplo(interrompido=True):
    """Um relatório com tudo: uma que passou, uma que falhou com dica, e o resto não feito."""
    exercicio = Exercicio("exemplo", "01", "Exemplo", ("responder",), ("uma",), None, 4)
    relatorio = Relatorio(exercicio)
    relatorio.ok("o cliente envia 'olá'")
    relatorio.falhou("o cliente envia 'ação' e espera " + segundos(1.5), "use <b>upper</b>",
                     "AÇÃO", "Ação")
    relatorio.interrompido = interrompido
    return relatorio


def test_html_e_texto_tem_o_mesmo_conteudo_na_mesma_ordem():
    resultado = montar(relatorio_de_exemplo())
    assert palavras_do_html(resultado._repr_html_()) == palavras_do_texto(str(resultado))


def test_html_e_texto_iguais_tambem_para_respostas_reais_e_nao_respondidas():
    errada = ERRADAS["tcp_eco_maiusculas"][0][1][0]
    for relatorio in (conferir("tcp_eco_maiusculas", errada),
                      conferir("tcp_eco_maiusculas", lambda mensagem: mensagem.upper()),
                      conferir("tcp_eco_maiusculas", ...)):
        resultado = montar(relatorio)
        assert palavras_do_html(resultado._repr_html_()) == palavras_do_texto(str(resultado))


def test_as_marcas_diferem_pela_forma_e_pela_palavra_nao_so_pela_cor():
    resultado = montar(relatorio_de_exemplo())
    texto, codigo = str(resultado), resultado._repr_html_()
    for marca in ("✔ passou", "✘ falhou", "– não feita"):
        assert marca in texto
        assert marca.replace(" ", "&nbsp;") in codigo


def test_no_html_o_esperado_e_o_recebido_ficam_lado_a_lado_na_mesma_linha_da_tabela():
    codigo = montar(relatorio_de_exemplo())._repr_html_()
    linha, = [tr for tr in codigo.split("<tr>") if "esperado" in tr]
    assert "esperado: <code>'AÇÃO'</code>" in linha
    assert "recebido: <code>'Ação'</code>" in linha
    assert "dica: use &lt;b&gt;upper&lt;/b&gt;" in codigo  # o texto vem escapado


def test_o_html_e_deterministico():
    primeiro = montar(relatorio_de_exemplo())._repr_html_()
    assert montar(relatorio_de_exemplo())._repr_html_() == primeiro
    assert not re.search(r"\bid=|\d{2}:\d{2}:\d{2}|127\.0\.0\.1", primeiro)


def test_a_contagem_usa_o_total_declarado_e_diz_quantas_nao_foram_feitas():
    texto = texto_do_resultado(relatorio_de_exemplo())
    assert "1 de 4 verificações passou; 2 não foram feitas." in palavras_do_texto(texto)
    completo = texto_do_resultado(relatorio_de_exemplo(interrompido=False))
    assert "1 de 4 verificações passou." in palavras_do_texto(completo)


def test_a_contagem_nao_muda_entre_tentativas():
    errada = ERRADAS["tcp_eco_maiusculas"][0][1][0]

    def para_na_segunda(mensagem):
        if mensagem != "olá":
            raise ValueError("pane")
        return "OLÁ"

    total = CATALOGO["tcp_eco_maiusculas"].verificacoes
    for resposta in (errada, para_na_segunda, lambda mensagem: mensagem.upper()):
        texto = palavras_do_texto(texto_do_resultado(conferir("tcp_eco_maiusculas", resposta)))
        assert re.search(rf"(de|das) {total} verificações", texto), texto


def test_recuo_uniforme_tudo_de_um_item_comeca_na_mesma_coluna():
    texto = texto_do_resultado(relatorio_de_exemplo())
    linhas_de_item = [linha for linha in texto.splitlines() if linha.startswith(" ")]
    for linha in linhas_de_item:
        if linha.lstrip()[0] in "✔✘–":
            assert linha[len(RECUO_DO_CONTEUDO) - 1] == " " and linha[len(RECUO_DO_CONTEUDO)] != " "
        else:
            assert linha.startswith(RECUO_DO_CONTEUDO) and linha[len(RECUO_DO_CONTEUDO)] != " "


def test_nenhuma_linha_quebra_dentro_de_um_numero():
    exercicio = Exercicio("exemplo", "01", "Exemplo", ("responder",), ("uma",), None, 1)
    relatorio = Relatorio(exercicio)
    tempos = " ".join(f"{segundos(1.5)} e {segundos(0.25)}," for _ in range(30))
    relatorio.falhou(f"a função demorou {tempos}", f"espere no máximo {tempos}")
    texto = texto_do_resultado(relatorio)
    assert segundos(1.5) == f"1,5{ESPACO_FIRME}s"
    assert texto.count(segundos(1.5)) == 60 and texto.count(segundos(0.25)) == 60
    assert max(len(linha) for linha in texto.splitlines()) <= LARGURA


def test_no_jupyter_o_resultado_tem_html_e_texto(monkeypatch):
    mostrados = []
    monkeypatch.setattr("IPython.get_ipython", lambda: object())
    monkeypatch.setattr("IPython.display.display", mostrados.append)
    verificar("tcp_eco_maiusculas", ...)
    resultado, = mostrados
    dados, _ = DisplayFormatter().format(resultado)
    assert set(dados) == {"text/plain", "text/html"}
    assert dados["text/plain"] == str(resultado)
    assert "ainda não respondido" in dados["text/html"]


def test_fora_do_jupyter_o_resultado_e_impresso(capsys):
    verificar("tcp_eco_maiusculas", ...)
    assert "ainda não respondido" in capsys.readouterr().out


def test_fora_do_jupyter_uma_saida_cp1252_do_windows_nao_quebra_o_resultado(monkeypatch):
    """No Windows, ``python verificar.py > saida.txt`` escreve em cp1252, que não tem ✔ nem ✘."""
    import io
    import sys

    import ecolab.exercicios as exercicios

    bruto = io.BytesIO()
    saida = io.TextIOWrapper(bruto, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", saida)
    exercicios.mostrar("Exercício x: tudo certo!\n  ✔ passou    o cliente envia 'olá'")
    saida.flush()
    texto = bruto.getvalue().decode("cp1252")
    assert "? passou    o cliente envia 'olá'" in texto and "Exercício" in texto
