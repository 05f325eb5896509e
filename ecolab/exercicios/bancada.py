"""A bancada de testes dos exercícios: roda o código do aluno sem deixar o notebook travar.

O verificador (:mod:`ecolab.exercicios`) chama a resposta do aluno de verdade,
com sockets de verdade no loopback. Uma resposta errada pode fazer qualquer
coisa: entrar num laço sem fim, esperar para sempre num ``accept`` ou num
``recvfrom``, esquecer sockets abertos, levantar exceções. Esta bancada garante
que, aconteça o que acontecer, o verificador volta em poucos segundos e deixa
tudo fechado::

    thread do notebook                 thread "exercicio-..."
    ------------------                 ----------------------
    Execucao(funcao).iniciar() ──────> funcao(*args)   (o código do aluno)
    esperar(prazo) ... prazo acabou?
    Vigia.limpar():
      1. acorda e fecha os sockets criados durante a verificação
         (um accept ou recvfrom parado volta na hora)
      2. levanta Interrompido na thread do aluno, se ela continuar viva
         (um laço sem fim para aqui)
      3. espera as threads terminarem, por pouco tempo

Peças, para quem escreve uma verificação (em ``verificacoes_01.py`` e seguintes):
  - ``@exercicio(...)``: registra a função que confere um exercício no ``CATALOGO``;
  - :class:`Relatorio`: o que passou e o que falhou (``conferir``, ``ok``,
    ``falhou``, ``desistir``), e ``chamar``/``em_segundo_plano`` para rodar o
    código do aluno com prazo;
  - :func:`sem_resposta`: diz se uma função ainda é o esboço ``...`` da célula.

A limpeza do fim (passos 1 a 3) é da :class:`~ecolab.exercicios.vigia.Vigia`, em ``vigia.py``.
"""

import dis
import threading
import traceback
from pathlib import Path
from typing import NamedTuple

from ..numeros import com_unidade

PRAZO = 1.5  # segundos que uma função do aluno tem para terminar


class Falha(Exception):
    """Interrompe uma verificação depois de anotar uma falha que impede as seguintes."""


class NaoRespondido(Exception):
    """A resposta ainda é o esboço da célula (``...`` ou ``raise NotImplementedError``)."""

    def __init__(self, nomes):
        super().__init__(", ".join(nomes))
        self.nomes = list(nomes)


# ----- o catálogo de exercícios ------------------------------------------


class Exercicio(NamedTuple):
    """Um exercício do curso."""

    identificador: str  # por exemplo "tcp_eco_maiusculas"
    licao: str  # "01", "02"...
    titulo: str
    respostas: tuple  # nomes do que o aluno escreve, como "responder"
    dicas: tuple  # da mais leve à mais forte
    conferir: object  # função(relatorio, *respostas)
    verificacoes: int  # quantos itens uma conferência completa anota (o total do relatório)


CATALOGO = {}  # identificador -> Exercicio, na ordem do curso


def exercicio(identificador, licao, titulo, respostas, dicas, verificacoes):
    """Decorador: registra a função que confere um exercício.

    ``verificacoes``: quantos itens (``ok`` ou ``falhou``) a conferência anota
    quando vai até o fim. É o total que o aluno lê ("2 de 4 verificações"), o
    mesmo em toda tentativa; os testes conferem que ele bate com a solução.
    """
    def registrar(conferir):
        CATALOGO[identificador] = Exercicio(
            identificador, licao, titulo, tuple(respostas), tuple(dicas), conferir,
            verificacoes,
        )
        return conferir
    return registrar


# ----- o relatório: o que passou e o que falhou ---------------------------

NADA = object()  # "sem valor esperado/recebido para mostrar"


class Item(NamedTuple):
    """Uma verificação: passou ou não, com o esperado, o recebido e uma dica."""

    passou: bool
    descricao: str
    esperado: object = NADA
    recebido: object = NADA
    dica: str = ""


class Relatorio:
    """O resultado de uma verificação, item por item.

    Para quem escreve uma verificação:
      - ``conferir(descricao, esperado, recebido, dica)``: compara com ``==``;
      - ``ok(descricao)`` e ``falhou(descricao, dica, esperado, recebido)``;
      - ``desistir(...)``: anota a falha e interrompe a verificação (``Falha``);
      - ``chamar(funcao, *args)``: roda o código do aluno com prazo e devolve o valor;
      - ``em_segundo_plano(funcao, *args)``: roda o código do aluno numa thread e
        devolve a :class:`Execucao` (um servidor, por exemplo); ``terminar``
        espera por ela.
    """

    def __init__(self, exercicio):
        self.exercicio = exercicio
        self.itens = []
        self.interrompido = False
        self.nao_respondido = []  # nomes das respostas que ainda são esboço
        self.vigia = None  # a Vigia da verificação (sockets e threads do aluno)

    @property
    def passou(self):
        return bool(self.itens) and not self.interrompido and all(i.passou for i in self.itens)

    def ok(self, descricao):
        self.itens.append(Item(True, descricao))
        return True

    def falhou(self, descricao, dica="", esperado=NADA, recebido=NADA):
        self.itens.append(Item(False, descricao, esperado, recebido, dica))
        return False

    def conferir(self, descricao, esperado, recebido, dica=""):
        if recebido == esperado and type(recebido) is type(esperado):
            return self.ok(descricao)
        return self.falhou(descricao, dica, esperado, recebido)

    def desistir(self, descricao, dica="", esperado=NADA, recebido=NADA):
        self.falhou(descricao, dica, esperado, recebido)
        raise Falha(descricao)

    # ----- rodar o código do aluno ---------------------------------------

    def chamar(self, funcao, *args, prazo=PRAZO, descricao="", dica_do_prazo="",
               dica_do_erro=""):
        """Chama ``funcao(*args)`` numa thread e devolve o valor, em até ``prazo`` segundos."""
        execucao = Execucao(funcao, args).iniciar()
        self.terminar(execucao, prazo, descricao, dica_do_prazo, dica_do_erro=dica_do_erro)
        return execucao.valor

    def em_segundo_plano(self, funcao, *args):
        """Inicia ``funcao(*args)`` numa thread (um servidor do aluno, por exemplo)."""
        return Execucao(funcao, args).iniciar()

    def terminar(self, execucao, prazo=PRAZO, descricao="", dica_do_prazo="", aceitar=(),
                 dica_do_erro=""):
        """Espera ``execucao`` terminar; anota e desiste se passou do prazo ou deu erro.

        ``aceitar``: tipos de exceção que não contam como erro (por exemplo,
        ``OSError`` quando o próprio verificador fechou o socket do servidor).
        ``dica_do_erro``: a dica para quando a função levantar uma exceção.
        """
        if not execucao.esperar(prazo):
            self.desistir(
                f"{descricao}: a função não terminou em {segundos(prazo)}",
                dica_do_prazo or "confira se há um laço que nunca termina ou uma "
                "espera sem tempo limite (use sock.settimeout).",
            )
        self.conferir_erro(execucao, descricao, aceitar, dica_do_erro)

    def conferir_erro(self, execucao, descricao="", aceitar=(), dica_do_erro=""):
        """Se ``execucao`` já terminou com uma exceção, anota e desiste."""
        erro = execucao.erro
        if erro is None or isinstance(erro, aceitar) or not execucao.terminou:
            return
        if isinstance(erro, NotImplementedError):
            raise NaoRespondido([execucao.nome])
        self.desistir(
            f"{descricao}: a sua função levantou {descrever_erro(erro)}",
            dica_do_erro or dica_para_o_erro(erro),
        )


class Execucao:
    """Uma função do aluno rodando numa thread própria.

    ``valor`` e ``erro`` guardam o resultado quando ela termina; ``terminou``
    diz se terminou; ``esperar(prazo)`` espera no máximo ``prazo`` segundos.
    """

    def __init__(self, funcao, args):
        self.funcao, self.args = funcao, args
        self.nome = getattr(funcao, "__name__", "resposta")
        self.valor = self.erro = None
        self._fim = threading.Event()
        self.thread = threading.Thread(
            target=self._rodar, name=f"exercicio-{self.nome}", daemon=True
        )

    def iniciar(self):
        self.thread.start()
        return self

    @property
    def terminou(self):
        return self._fim.is_set()

    def esperar(self, prazo):
        return self._fim.wait(prazo)

    def _rodar(self):
        try:
            self.valor = self.funcao(*self.args)
        except BaseException as erro:  # inclusive Interrompido: tudo fica anotado
            self.erro = erro
        finally:
            self._fim.set()


def segundos(valor):
    """``1.5`` -> ``"1,5 s"``, com vírgula decimal e um espaço que não quebra a linha."""
    return com_unidade(valor, "s")


def descrever_erro(erro):
    """``ValueError: ... (linha 3: x = int(y))``: o erro e a linha do aluno onde ele aconteceu."""
    texto = f"{type(erro).__name__}: {erro}" if str(erro) else type(erro).__name__
    linhas_do_aluno = [
        quadro for quadro in traceback.extract_tb(erro.__traceback__)
        if Path(quadro.filename).parent.name != "ecolab"
        and Path(quadro.filename).name not in ("threading.py", "socket.py", "selectors.py")
    ]
    if linhas_do_aluno:
        quadro = linhas_do_aluno[-1]
        texto += f" (na linha {quadro.lineno}: {quadro.line})" if quadro.line else ""
    return texto


DICAS_PARA_ERROS = [
    (TypeError, "NoneType", "um None entrou onde se esperava outro valor: uma função sem "
     "return devolve None, e uma lista de tempos pode ter None (os perdidos)."),
    (ZeroDivisionError, "", "uma divisão por zero: confira o caso em que não há nenhum "
     "item para contar (uma lista vazia)."),
    (ValueError, "empty", "min() ou max() de uma lista vazia: trate à parte o caso sem "
     "nenhum item."),
    (TypeError, "bytes-like", "sockets enviam e recebem bytes: use texto.encode('utf-8') "
     "para enviar e dados.decode('utf-8') para ler."),
    (TypeError, "str", "confira se você misturou texto (str) e bytes: sockets usam bytes."),
    (UnicodeDecodeError, "", "um caractere como \"ç\" ocupa 2 bytes e pode chegar partido "
     "em dois recv: junte os bytes e só decodifique a mensagem inteira."),
    (ConnectionRefusedError, "", "ninguém escutava nesse endereço: confira o endereço "
     "recebido como argumento."),
    (TimeoutError, "", "o tempo limite esgotou antes de chegar o que você esperava."),
    (OSError, "", "um erro do sistema ao usar o socket: confira se ele ainda estava aberto."),
]


def dica_para_o_erro(erro):
    for tipo, trecho, dica in DICAS_PARA_ERROS:
        if isinstance(erro, tipo) and trecho in str(erro):
            return dica
    return ""


# ----- esboços: a célula ainda não foi respondida -------------------------

_SO_ESTRUTURA = {"RESUME", "NOP", "CACHE", "PUSH_NULL", "PRECALL", "CALL", "KW_NAMES",
                 "POP_TOP", "RETURN_VALUE", "CALL_FUNCTION"}


def _funcao_vazia(codigo):
    """O corpo é só ``...``, ``pass`` ou ``raise NotImplementedError(...)``?"""
    sobra = [i for i in dis.get_instructions(codigo) if i.opname not in _SO_ESTRUTURA]
    if all(i.opname in ("LOAD_CONST", "RETURN_CONST") and i.argval in (None, Ellipsis)
           for i in sobra):
        return True
    nomes = [i.argval for i in sobra if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")]
    levanta = any(i.opname == "RAISE_VARARGS" for i in sobra)
    outras = [i for i in sobra if i.opname not in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_CONST",
                                                    "RAISE_VARARGS", "RETURN_CONST")]
    return levanta and nomes == ["NotImplementedError"] and not outras


def sem_resposta(objeto):
    """Diz se ``objeto`` ainda é o esboço deixado na célula de resposta.

    Uma função cujo corpo é só ``...`` (ou ``pass``, ou ``raise
    NotImplementedError``) não foi respondida; uma classe também não, se todos
    os métodos dela forem assim. ``None`` e ``...`` também contam como "sem resposta".
    """
    if objeto is None or objeto is Ellipsis:
        return True
    if isinstance(objeto, type):
        metodos = [v for v in vars(objeto).values() if hasattr(v, "__code__")]
        return all(_funcao_vazia(m.__code__) for m in metodos)
    codigo = getattr(objeto, "__code__", None)
    return codigo is not None and _funcao_vazia(codigo)
