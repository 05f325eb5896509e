"""As dicas ajudam sem entregar a resposta: nenhuma traz uma linha de código da solução.

As dicas vão da mais leve à mais forte, e a última é a mais forte; mas quem quer
a resposta abre a pasta ``notebooks/solucoes/``. Para conferir, as linhas de
código da solução de referência de um exercício viram "linhas-chave" (sem
espaços, sem comentário, sem o ``return`` e sem o lado esquerdo de uma
atribuição; e também sem o objeto do começo, como ``sock.``), e nenhuma dica do
exercício pode conter uma linha-chave.

Linha-chave é a que junta duas operações (duas chamadas ou índices, como
``sock.sendto(texto.encode("utf-8"), endereco)``) ou a que calcula o que a
função devolve (``return mensagem.upper()``). Uma chamada sozinha
(``sock.settimeout(timeout)``, ``conexao.setblocking(False)``) é vocabulário
que a lição ensina, não a resposta; uma dica pode citá-la.
"""

import re
from pathlib import Path

import pytest

from ecolab.exercicios import SOLUCOES
from ecolab.exercicios.bancada import CATALOGO

PASTA_DAS_SOLUCOES = Path(__file__).resolve().parent.parent / "notebooks" / "solucoes"
TAMANHO_MINIMO = 12  # caracteres sem espaços: abaixo disso é uma palavra, não uma linha
ATRIBUICAO = re.compile(r"^[\w\s,.*\[\]\"]+?=(?!=)")
OBJETO_DO_COMECO = re.compile(r"^\w+\.")


def trecho_da_solucao(identificador):
    """As linhas da solução entre ``# ----- identificador`` e o próximo ``# -----``."""
    texto = (PASTA_DAS_SOLUCOES / SOLUCOES[CATALOGO[identificador].licao]).read_text("utf-8")
    partes = re.split(r"^# ----- (\w+) -*$", texto, flags=re.M)
    trechos = dict(zip(partes[1::2], partes[2::2]))
    return trechos[identificador].splitlines()


def sem_espacos(texto):
    return re.sub(r"\s+", "", texto)


def linhas_chave(identificador):
    chaves = set()
    for linha in trecho_da_solucao(identificador):
        codigo = linha.split(" #")[0].strip()
        if not codigo or codigo.startswith(("#", "def ", "class ", '"""')):
            continue
        devolve = codigo.startswith("return ")
        codigo = re.sub(r"^return\s+", "", codigo)
        codigo = ATRIBUICAO.sub("", codigo).strip()
        operacoes = codigo.count("(") + codigo.count("[")  # chamadas e índices
        if operacoes < 2 and not (devolve and "(" in codigo):
            continue  # uma chamada sozinha: vocabulário
        for chave in (codigo, OBJETO_DO_COMECO.sub("", codigo)):
            if len(sem_espacos(chave)) >= TAMANHO_MINIMO:
                chaves.add(sem_espacos(chave))
    return chaves


def test_cada_exercicio_tem_linhas_chave_na_solucao():
    for identificador in CATALOGO:
        assert linhas_chave(identificador), identificador


@pytest.mark.parametrize("identificador", list(CATALOGO))
def test_nenhuma_dica_traz_uma_linha_de_codigo_da_solucao(identificador):
    chaves = linhas_chave(identificador)
    entregues = {numero: sorted(chave for chave in chaves if chave in sem_espacos(dica))
                 for numero, dica in enumerate(CATALOGO[identificador].dicas, 1)}
    assert {numero: linhas for numero, linhas in entregues.items() if linhas} == {}


def test_a_linha_chave_pega_a_resposta_escrita_na_dica():
    """O próprio teste funciona: a dica antiga do eco em maiúsculas era a resposta."""
    assert linhas_chave("tcp_eco_maiusculas") == {"mensagem.upper()"}
    assert "sock.settimeout(timeout)" not in linhas_chave("udp_perguntar")  # vocabulário
    assert any("sock.sendall((texto" in linha for linha in trecho_da_solucao("tcp_perguntar"))
    dica_antiga = ("Depois do laço: resposta = dados.split(b\"\\n\")[0].decode(\"utf-8\"). Use "
                   "with socket.create_connection(endereco, timeout=timeout) as sock:")
    assert any(chave in sem_espacos(dica_antiga) for chave in linhas_chave("tcp_perguntar"))
