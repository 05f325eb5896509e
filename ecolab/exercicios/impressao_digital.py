"""A impressão digital de uma resposta: muda quando a resposta muda, e só então.

"Run All" executa de novo todas as células de verificação, com as mesmas
respostas de antes. Para não contar isso como tentativas novas, o progresso
guarda a impressão digital da última resposta conferida: uma tentativa só
conta quando a impressão muda.

Como a impressão é tirada, para cada função (ou classe) da resposta:

1. **o código-fonte** (``inspect.getsource``), sem os espaços do fim das linhas
   e sem recuo comum. Funciona no Jupyter (o IPython guarda o texto de cada
   célula) e em arquivos ``.py``. Mudou uma letra, mudou a impressão;
2. **plano B**, quando não há código-fonte (uma função criada com ``exec``, uma
   classe em algumas versões do Python): o código compilado — instruções,
   constantes e nomes usados —, sem o nome do arquivo e sem números de linha,
   que mudam a cada execução da célula sem a resposta mudar;
3. para o que não é código Python (``str.upper``, por exemplo): o nome completo.

O resultado é um texto curto, como ``"fonte:3f2a9c0d4b1e8a77"`` (o começo diz
qual caminho foi usado), o mesmo em toda execução do mesmo código.
"""

import hashlib
import inspect
import textwrap
import types


def impressao_digital(*respostas):
    """A impressão digital das respostas juntas (a ordem importa)."""
    partes = [_parte(resposta) for resposta in respostas]
    caminho = "fonte" if all(p.startswith("fonte\n") for p in partes) else "codigo"
    resumo = hashlib.sha256("\n\0\n".join(partes).encode("utf-8")).hexdigest()[:16]
    return f"{caminho}:{resumo}"


def _parte(resposta):
    fonte = _fonte(resposta)
    if fonte is not None:
        return "fonte\n" + fonte
    return "codigo\n" + _descrever_sem_fonte(resposta)


def _fonte(resposta):
    """O código-fonte normalizado, ou ``None`` se o Python não souber onde ele está."""
    try:
        texto = inspect.getsource(resposta)
    except (OSError, TypeError, IndexError):  # IndexError: linecache sem a célula
        return None
    linhas = [linha.rstrip() for linha in textwrap.dedent(texto).splitlines()]
    return "\n".join(linhas).strip("\n")


def _descrever_sem_fonte(resposta):
    if isinstance(resposta, type):
        metodos = sorted((nome, valor) for nome, valor in vars(resposta).items()
                         if hasattr(valor, "__code__"))
        return resposta.__qualname__ + "".join(
            f"\n{nome}: {_descrever_codigo(valor.__code__)}" for nome, valor in metodos)
    codigo = getattr(resposta, "__code__", None)
    if codigo is not None:
        return _descrever_codigo(codigo)
    modulo = getattr(resposta, "__module__", None) or type(resposta).__module__
    return f"{modulo}.{getattr(resposta, '__qualname__', type(resposta).__qualname__)}"


def _descrever_codigo(codigo):
    """Instruções, constantes e nomes; nada de arquivo nem de linha."""
    constantes = tuple(_descrever_constante(c) for c in codigo.co_consts)
    return repr((codigo.co_name, codigo.co_code.hex(), constantes, codigo.co_names,
                 codigo.co_varnames, codigo.co_argcount, codigo.co_kwonlyargcount))


def _descrever_constante(constante):
    if isinstance(constante, types.CodeType):
        return _descrever_codigo(constante)
    if isinstance(constante, frozenset):  # a ordem de um conjunto muda a cada processo
        return f"frozenset({sorted(map(repr, constante))})"
    return repr(constante)
