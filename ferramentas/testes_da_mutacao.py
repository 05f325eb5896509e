"""Plugin do pytest para o teste de mutação: cada mutante roda só os testes do seu módulo.

O mutmut sabe quais testes passam por cada função (ele os anota numa rodada
inicial, inclusive as chamadas feitas nas threads dos servidores) e, para cada
mutante, roda esses testes, dos mais rápidos aos mais lentos, até o primeiro que
falha. Um mutante que sobrevive roda todos. Sem este plugin, um mutante em
``ServidorTCP`` rodaria também os exercícios das lições (``test_exercicios.py``
leva mais de um minuto), que usam o servidor mas não o conferem: a rodada
passaria de uma hora, e um mutante "morto" ali só diria que algum exercício
quebrou, não que um teste do servidor o percebeu.

Por isso, quando o pytest roda para um mutante (a variável ``MUTANT_UNDER_TEST``
tem o nome dele), ficam só os testes de ``TESTES_POR_MODULO[módulo do mutante]``
(prefixos dos nomes dos testes: um arquivo inteiro, ou um teste dele). Se não
sobra nenhum, o pytest termina com "nenhum teste" e o mutante conta como
sobrevivente. Na rodada inicial do mutmut, na rodada limpa e fora do teste de
mutação, o plugin não faz nada.

Ligado por ``pytest_add_cli_args = ["-p", "ferramentas.testes_da_mutacao"]`` em
``[tool.mutmut]`` no ``pyproject.toml``.
"""

import os
import re

# Os testes que conferem cada módulo. Para mudar a escolha, mude aqui e apague
# ``mutants/`` (o mutmut guarda os resultados e não sabe desta lista).
NUCLEO = ("tests/test_tcp.py", "tests/test_udp.py", "tests/test_sockets.py",
          "tests/test_validacao.py", "tests/test_registros.py", "tests/test_mensagens_de_erro.py",
          "tests/test_robustez_carga.py")
TESTES_POR_MODULO = {
    "ecolab.mensagem": NUCLEO + ("tests/test_erros.py",),
    "ecolab.sockets": NUCLEO,
    "ecolab.validacao": NUCLEO,
    "ecolab.servidor": NUCLEO + ("tests/test_erros.py",),
    "ecolab.tcp": NUCLEO,
    "ecolab.udp": NUCLEO,
    "ecolab.fragmentador": ("tests/test_fragmentador.py",),
    "ecolab.exercicios.arquivo_de_progresso": ("tests/test_progresso.py",
                                               "tests/test_exercicios.py"),
    "ecolab.exercicios.bancada": ("tests/test_exercicios.py", "tests/test_bancada.py"),
    "ecolab.exercicios.vigia": ("tests/test_vigia.py", "tests/test_exercicios.py"),
}


def modulo_do_mutante(nome):
    """``ecolab.tcp.xǁServidorTCPǁ_abrir__mutmut_2`` -> ``ecolab.tcp``."""
    return re.split(r"\.xǁ|\.x_", nome, maxsplit=1)[0]


def pytest_collection_modifyitems(config, items):
    """Tira os testes que não são do módulo do mutante (só quando há um mutante)."""
    mutante = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutante:
        return
    prefixos = TESTES_POR_MODULO.get(modulo_do_mutante(mutante))
    if prefixos is None:
        return
    ficam = [item for item in items if _do_modulo(item, prefixos)]
    saem = [item for item in items if not _do_modulo(item, prefixos)]
    if saem:
        config.hook.pytest_deselected(items=saem)
        items[:] = ficam


def _do_modulo(item, prefixos):
    return item.nodeid.removeprefix("mutants/").startswith(prefixos)
