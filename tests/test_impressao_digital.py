"""A impressão digital de uma resposta muda quando a resposta muda, e só então."""

import subprocess
import sys
import textwrap

from ecolab.exercicios.impressao_digital import impressao_digital


def definir(codigo, arquivo, nome="responder"):
    """Define uma função com ``exec``: o Python não acha o código-fonte dela depois."""
    espaco = {}
    exec(compile(textwrap.dedent(codigo), arquivo, "exec"), espaco)
    return espaco[nome]


def responder(mensagem):
    return mensagem.upper()


def test_a_mesma_funcao_tem_sempre_a_mesma_impressao_pelo_codigo_fonte():
    assert impressao_digital(responder) == impressao_digital(responder)
    assert impressao_digital(responder).startswith("fonte:")


def test_sem_codigo_fonte_o_plano_b_ignora_arquivo_e_linha():
    codigo = """
    def responder(mensagem):
        return mensagem.upper()
    """
    primeira = definir(codigo, "<celula-1>")
    outra_celula = definir("\n\n\n" + codigo, "<celula-7>")
    assert impressao_digital(primeira).startswith("codigo:")
    assert impressao_digital(primeira) == impressao_digital(outra_celula)


def test_sem_codigo_fonte_uma_mudanca_na_resposta_muda_a_impressao():
    antes = definir("def responder(m):\n    return m.upper()\n", "<a>")
    depois = definir("def responder(m):\n    return m.lower()\n", "<a>")
    com_constante = definir("def responder(m):\n    return m.upper() + '!'\n", "<a>")
    impressoes = {impressao_digital(f) for f in (antes, depois, com_constante)}
    assert len(impressoes) == 3


def test_funcoes_aninhadas_e_classes_sem_fonte_tambem_tem_impressao_estavel():
    codigo = """
    class Leitor:
        def ler(self):
            def dentro():
                return {"a", "b"}
            return dentro()
    """
    um, outro = definir(codigo, "<x>", "Leitor"), definir("\n" + codigo, "<y>", "Leitor")
    assert impressao_digital(um) == impressao_digital(outro)


def test_a_ordem_das_respostas_e_o_que_nao_e_codigo_python_contam():
    assert impressao_digital(str.upper) == impressao_digital(str.upper)
    assert impressao_digital(str.upper) != impressao_digital(str.lower)
    assert impressao_digital(responder, str.upper) != impressao_digital(str.upper, responder)


NO_IPYTHON = '''
from IPython.core.interactiveshell import InteractiveShell
from ecolab.exercicios.impressao_digital import impressao_digital

shell = InteractiveShell.instance()
celula = "def responder(mensagem):\\n    return mensagem.upper()\\n"
impressoes = []
for codigo in (celula, celula, celula.replace("upper", "lower"),
               "class Leitor:\\n    def ler(self):\\n        return 1\\n",
               "class Leitor:\\n    def ler(self):\\n        return 1\\n"):
    shell.run_cell(codigo)  # cada execução é uma "célula" nova, com outro nome de arquivo
    nome = "Leitor" if "class" in codigo else "responder"
    impressoes.append(impressao_digital(shell.user_ns[nome]))
print(" ".join(impressoes))
'''


def test_no_ipython_reexecutar_a_mesma_celula_mantem_a_impressao():
    saida = subprocess.run([sys.executable, "-c", NO_IPYTHON], capture_output=True,
                           text=True, check=True, timeout=60).stdout.split()
    mesma, de_novo, mudada, classe, classe_de_novo = saida
    assert mesma == de_novo and mesma.startswith("fonte:")
    assert mudada != mesma
    assert classe == classe_de_novo
