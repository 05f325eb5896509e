"""ecolab.argumentos: um ArgumentParser em pt-BR, sem mudar o argparse de ninguém."""

import argparse
import re

import pytest

from ecolab.argumentos import Argumentos, porta, segundos, traduzir

# Palavras do argparse em inglês que o aluno nunca deve ler.
INGLES = re.compile(
    r"\b(usage|options|show this help|error|invalid|arguments?|expected|unrecognized"
    r"|required|choose from|ambiguous|not allowed|ignored)\b",
    re.IGNORECASE,
)


def exemplo():
    """Um parser com um pouco de tudo o que o argparse sabe recusar."""
    opcoes = Argumentos(prog="exemplo", description="Um exemplo.")
    opcoes.add_argument("arquivo")
    opcoes.add_argument("--porta", type=porta, default=12000)
    opcoes.add_argument("--vezes", type=int, default=1)
    opcoes.add_argument("--fator", type=float, default=1.0)
    opcoes.add_argument("--modo", choices=["tcp", "udp"], default="tcp")
    opcoes.add_argument("--par", nargs=2)
    opcoes.add_argument("--verboso", action="store_true")
    opcoes.add_argument("--versao-longa", action="store_true")
    exclusivas = opcoes.add_mutually_exclusive_group()
    exclusivas.add_argument("--rapido", action="store_true")
    exclusivas.add_argument("--lento", action="store_true")
    uma_delas = opcoes.add_mutually_exclusive_group(required=True)
    uma_delas.add_argument("--tcp", action="store_true")
    uma_delas.add_argument("--udp", action="store_true")
    return opcoes


def erro_de(argumentos, capsys):
    with pytest.raises(SystemExit) as saida:
        exemplo().parse_args(argumentos)
    assert saida.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("argumentos, trecho", [
    (["--tcp"], "faltam argumentos obrigatórios: arquivo"),
    (["a"], "é obrigatório um destes argumentos: --tcp --udp"),
    (["a", "--tcp", "--xyz"], "argumentos desconhecidos: --xyz"),
    (["a", "--tcp", "--porta"], "argumento --porta: falta o valor depois da opção"),
    (["a", "--tcp", "--porta", "x"], "argumento --porta: a porta é um número inteiro de 0 a"),
    (["a", "--tcp", "--vezes", "x"], "argumento --vezes: não é um número inteiro: 'x'"),
    (["a", "--tcp", "--fator", "x"], "argumento --fator: não é um número: 'x'"),
    (["a", "--tcp", "--modo", "sctp"], "argumento --modo: escolha inválida: 'sctp' (escolha"),
    (["a", "--tcp", "--par", "1"], "argumento --par: precisa de 2 valores"),
    (["a", "--tcp", "--verboso=sim"], "argumento --verboso: não aceita valor (recebeu 'sim')"),
    (["a", "--tcp", "--ver"], "opção ambígua: --ver pode ser"),
    (["a", "--tcp", "--rapido", "--lento"], "argumento --lento: não pode ser usado junto"),
])
def test_erros_do_argparse_saem_em_portugues_com_codigo_2(argumentos, trecho, capsys):
    erro = erro_de(argumentos, capsys)
    assert erro.startswith("uso: exemplo ")
    assert f"exemplo: erro: {trecho}" in erro
    assert not INGLES.search(erro), erro


def test_ajuda_em_portugues(capsys):
    with pytest.raises(SystemExit) as saida:
        exemplo().parse_args(["--help"])
    assert saida.value.code == 0
    ajuda = capsys.readouterr().out
    assert ajuda.startswith("uso: exemplo [-h]")
    for trecho in ("argumentos posicionais:", "opções:", "mostra esta ajuda e sai"):
        assert trecho in ajuda
    assert not INGLES.search(ajuda), ajuda


def test_subcomandos_tambem_falam_portugues(capsys):
    opcoes = Argumentos(prog="ecolab")
    subcomandos = opcoes.add_subparsers(dest="comando")
    subcomandos.add_parser("abrir").add_argument("--pasta", required=True)
    with pytest.raises(SystemExit):
        opcoes.parse_args(["abrir"])
    erro = capsys.readouterr().err
    assert "uso: ecolab abrir" in erro and "faltam argumentos obrigatórios: --pasta" in erro


def test_argparse_comum_continua_em_ingles():
    """Nada de mudar o módulo argparse: o código do próprio aluno não é afetado."""
    Argumentos(prog="ecolab").format_help()
    ajuda = argparse.ArgumentParser(prog="do_aluno").format_help()
    assert ajuda.startswith("usage: do_aluno") and "show this help message and exit" in ajuda


def test_mensagem_desconhecida_passa_como_veio():
    novidade = "algo que o argparse ainda não dizia"
    assert traduzir(novidade) == novidade


@pytest.mark.parametrize("texto, valor", [("0", 0), ("12000", 12000), ("65535", 65535)])
def test_porta_aceita_de_0_a_65535(texto, valor):
    assert porta(texto) == valor


@pytest.mark.parametrize("texto", ["-1", "65536", "x", "1.5", ""])
def test_porta_fora_da_faixa_ou_que_nao_e_numero_e_recusada(texto):
    with pytest.raises(argparse.ArgumentTypeError, match="número inteiro de 0 a 65535"):
        porta(texto)


@pytest.mark.parametrize(
    "texto, valor", [("5", 5.0), ("0,5", 0.5), ("0.5", 0.5), ("0,001", 0.001)]
)
def test_segundos_aceita_virgula_ou_ponto(texto, valor):
    assert segundos(texto) == valor


@pytest.mark.parametrize("texto", ["0", "-1", "nan", "inf", "0,0001", "x", ""])
def test_segundos_que_virariam_esperar_para_sempre_sao_recusados(texto):
    with pytest.raises(argparse.ArgumentTypeError, match="de 0,001 para cima"):
        segundos(texto)
