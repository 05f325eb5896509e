"""Exercícios com correção automática (``verificar``, ``dica``, ``progresso``) e perguntas.

Cada lição termina com exercícios, sempre em três células::

    pergunta        (texto: o que a função deve fazer)
    resposta        def responder(mensagem):
                        ...                      <- você escreve aqui
    verificação     verificar("tcp_eco_maiusculas", responder)

``verificar`` roda a sua resposta **de verdade**: inicia servidores e clientes no
loopback (``127.0.0.1``, portas escolhidas pelo sistema), conversa com o seu
código e diz, em português, o que passou, o que falhou (com o esperado e o
recebido) e uma dica. Uma resposta errada nunca trava o notebook: cada espera
tem tempo limite, e tudo o que a verificação abriu (servidores, sockets, até as
threads e os sockets que a sua resposta criou) é fechado no fim, passando ou não.
Veja :mod:`ecolab.exercicios.bancada` e :mod:`ecolab.exercicios.vigia` para saber como.

**Células ainda não respondidas.** A célula de resposta vem com o corpo ``...``
(ou ``raise NotImplementedError``). Executá-la só define a função; a célula de
verificação percebe que ela ainda é um esboço, mostra "ainda não respondido" e
não anota nada no progresso. Nenhuma das duas levanta erro: "Run All" vai até o
fim, e o nbval (que compara as saídas guardadas) também passa com o notebook
como ele vem.

Para quem estuda:
  - ``verificar(identificador, resposta, ...)``: confere e mostra o resultado;
  - ``dica(identificador)``: uma dica por vez, da mais leve à mais forte
    (``dica(identificador, 2)`` mostra a segunda);
  - ``progresso()``: a tabela de todos os exercícios do curso (feito, tentado,
    não começado), lida de um arquivo no seu computador (veja
    :mod:`ecolab.exercicios.arquivo_de_progresso`);
  - ``exercicios()``: a lista dos identificadores, na ordem do curso;
  - ``pergunta(identificador)``: uma pergunta conceitual de múltipla escolha,
    para prever antes de rodar a célula seguinte (as perguntas ficam em
    :mod:`ecolab.exercicios.perguntas`, uma lição por arquivo);
  - ``mapa_do_curso()``: as lições, o que cada uma ensina, quanto tempo leva,
    os exercícios e as perguntas, e onde você está (:mod:`.mapa_do_curso`);
  - ``respondido(funcao, ...)``: ``True`` se nenhuma delas é mais um esboço
    (para células que usam as suas respostas);
  - ``transferir(...)``: a transferência confiável da lição 05, com as suas
    funções, por uma rede instável.

As soluções comentadas ficam na pasta ``solucoes/``, ao lado das lições (um
arquivo ``.py`` por lição). Elas estão lá para você comparar depois de tentar:
abra de propósito.

Onde fica cada coisa:
  - ``verificacoes_NN.py`` (um por lição com exercícios, NN é o número da
    lição): os exercícios de cada lição e a forma de conferir cada um;
  - ``bancada.py``: roda o código do aluno com prazo e anota o relatório;
  - ``resultado.py``: o relatório em texto e em HTML, com o mesmo conteúdo;
  - ``impressao_digital.py``: diz se a resposta mudou desde a última conferência;
  - ``vigia.py``: no fim, fecha e para tudo o que a verificação e a resposta abriram;
  - ``bancada_rede.py``: os sockets do lado do verificador;
  - ``pare_e_espere.py``: o protocolo da lição 05, na versão do verificador;
  - ``projeto_final.py``: o arquivo, o receptor e o remetente de referência e a
    conferência da janela do projeto final (lição 10);
  - ``arquivo_de_progresso.py``: o arquivo de progresso (o formato está lá);
  - ``tabela_de_progresso.py``: a tabela que ``progresso()`` mostra;
  - ``perguntas/licao_NN.py``: as perguntas conceituais de cada lição, como dados;
  - ``cartao_de_pergunta.py``: o widget de uma pergunta;
  - ``mapa_do_curso.py``: o mapa do curso, lido dos notebooks presentes.
"""

import difflib
import sys
import textwrap

from . import verificacoes_01, verificacoes_02, verificacoes_03  # noqa: F401 (registram)
from . import verificacoes_04, verificacoes_05, verificacoes_06  # noqa: F401
from . import verificacoes_07, verificacoes_08, verificacoes_09  # noqa: F401
from . import verificacoes_10  # noqa: F401
from .bancada import CATALOGO, Falha, NaoRespondido, Relatorio, sem_resposta
from .pare_e_espere import transferir
from .arquivo_de_progresso import anotar, caminho_do_progresso, carregar
from .cartao_de_pergunta import CartaoDePergunta
from .mapa_do_curso import mapa_do_curso
from .perguntas import PERGUNTAS
from .impressao_digital import impressao_digital
from .resultado import LARGURA, montar
from .tabela_de_progresso import Tabela
from .vigia import Vigia

SOLUCOES = {
    "01": "solucao_01_tcp.py",
    "02": "solucao_02_udp.py",
    "03": "solucao_03_tcp_vs_udp.py",
    "04": "solucao_04_varios_clientes.py",
    "05": "solucao_05_transferencia_confiavel.py",
    "06": "solucao_06_janelas_deslizantes.py",
    "07": "solucao_07_vida_de_uma_conexao.py",
    "08": "solucao_08_controle_de_fluxo.py",
    "09": "solucao_09_controle_de_congestionamento.py",
    "10": "solucao_10_projeto_final.py",
}
_dicas_vistas = {}  # identificador -> quantas dicas já foram mostradas nesta sessão

__all__ = ["dica", "exercicios", "mapa_do_curso", "pergunta", "progresso", "respondido",
           "transferir", "verificar"]


def verificar(identificador, *respostas, anotar_progresso=True):
    """Confere a sua resposta ao exercício ``identificador`` e mostra o resultado.

    ``respostas`` são as funções (ou classes) que o exercício pede, na ordem
    do enunciado, **sem parênteses**: ``verificar("tcp_eco_maiusculas", responder)``.
    No Jupyter, o resultado aparece como uma tabela (✔ passou, ✘ falhou, com o
    esperado e o recebido lado a lado); no terminal, como texto, com as mesmas
    palavras. Ele é anotado no seu progresso, a não ser que a resposta ainda seja
    o esboço da célula (ou que ``anotar_progresso=False``). Conferir de novo a
    mesma resposta (um "Run All", por exemplo) não conta outra tentativa.
    """
    exercicio = _encontrar(identificador)
    if exercicio is None:
        return
    relatorio = conferir(identificador, *respostas)
    mostrar(montar(relatorio))
    if anotar_progresso and not relatorio.nao_respondido:
        anotar(identificador, relatorio.passou, impressao_digital(*respostas))


def conferir(identificador, *respostas):
    """Confere sem mostrar nada e sem anotar o progresso; devolve o :class:`Relatorio`."""
    exercicio = CATALOGO[identificador]
    relatorio = Relatorio(exercicio)
    if not _respostas_no_formato_certo(relatorio, respostas):
        return relatorio
    with Vigia() as vigia:
        relatorio.vigia = vigia
        try:
            exercicio.conferir(relatorio, *respostas)
        except Falha:
            relatorio.interrompido = True
        except NaoRespondido as erro:
            relatorio.nao_respondido = erro.nomes
        except Exception as erro:  # um defeito do verificador não pode parecer culpa do aluno
            relatorio.interrompido = True
            relatorio.falhou(
                f"o verificador teve um erro inesperado ({type(erro).__name__}: {erro})",
                "isto é um defeito do ecolab, não da sua resposta: execute a célula de "
                "novo e, se repetir, avise quem cuida do curso.",
            )
    if vigia.sobraram:
        relatorio.falhou(
            "o seu código continuou rodando depois da verificação e não consegui pará-lo",
            "reinicie o kernel (menu Kernel, Restart Kernel) antes de continuar.",
        )
    return relatorio


def _respostas_no_formato_certo(relatorio, respostas):
    """Confere quantas respostas vieram e se são funções; anota o problema, se houver."""
    exercicio = relatorio.exercicio
    nomes = exercicio.respostas
    if len(respostas) != len(nomes):
        chamada = f'verificar("{exercicio.identificador}", {", ".join(nomes)})'
        relatorio.interrompido = True
        relatorio.falhou(f"este exercício confere {len(nomes)} resposta(s): {', '.join(nomes)}",
                         f"chame assim: {chamada}")
        return False
    faltam = [nome for nome, resposta in zip(nomes, respostas) if sem_resposta(resposta)]
    if faltam:
        relatorio.nao_respondido = faltam
        return False
    for nome, resposta in zip(nomes, respostas):
        if not callable(resposta):
            relatorio.interrompido = True
            relatorio.falhou(
                f"{nome} deveria ser uma função, mas recebi {type(resposta).__name__}",
                f"passe a função, sem parênteses: verificar(\"{exercicio.identificador}\", "
                f"{', '.join(nomes)})",
            )
            return False
    return True


def texto_do_resultado(relatorio):
    """O resultado em português, como texto (o mesmo que o Jupyter mostra em HTML)."""
    return str(montar(relatorio))


def mostrar(resultado):
    """No Jupyter, mostra o resultado em HTML (com o texto junto); fora dele, ``print``."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(resultado)
    else:
        print(_cabe_na_saida(str(resultado), sys.stdout))


def _cabe_na_saida(texto, saida):
    """O texto sem os caracteres que a saída não sabe escrever (trocados por ``?``).

    No Windows, a saída redirecionada para um arquivo usa a codificação cp1252,
    que não tem ✔ nem ✘: sem isto, o ``print`` levantaria ``UnicodeEncodeError``.
    As palavras "passou" e "falhou" continuam lá.
    """
    codificacao = getattr(saida, "encoding", None) or "utf-8"
    return texto.encode(codificacao, errors="replace").decode(codificacao)


def _quebrar(texto, recuo):
    return textwrap.fill(texto, LARGURA, initial_indent=recuo, subsequent_indent=recuo,
                         break_long_words=False, break_on_hyphens=False)


def _encontrar(identificador):
    """O exercício com esse identificador, ou ``None`` (depois de explicar o que houve)."""
    exercicio = CATALOGO.get(identificador)
    if exercicio is None:
        _nao_conheco("o exercício", identificador, CATALOGO, " Veja a lista com exercicios().")
    return exercicio


def _nao_conheco(o_que, identificador, catalogo, sem_parecidos=""):
    """Diz que ``identificador`` não existe e sugere os parecidos do ``catalogo``."""
    parecidos = difflib.get_close_matches(str(identificador), catalogo, n=3)
    sugestao = (f" Você quis dizer {' ou '.join(repr(p) for p in parecidos)}?"
                if parecidos else sem_parecidos)
    print(f"Não conheço {o_que} {identificador!r}.{sugestao}")


def dica(identificador, numero=None):
    """Mostra uma dica do exercício: a próxima ainda não vista, ou a de ``numero``."""
    exercicio = _encontrar(identificador)
    if exercicio is None:
        return
    dicas = exercicio.dicas
    if numero is None:
        numero = _dicas_vistas.get(identificador, 0) + 1
    if not 1 <= numero <= len(dicas):
        arquivo = SOLUCOES[exercicio.licao]
        print(_quebrar(
            f"O exercício {identificador} tem {len(dicas)} dicas, e você já viu todas. "
            f"A solução comentada está em solucoes/{arquivo}, na pasta das lições: "
            "abra quando quiser comparar com a sua.", ""))
        return
    _dicas_vistas[identificador] = max(numero, _dicas_vistas.get(identificador, 0))
    print(_quebrar(f"Dica {numero} de {len(dicas)} ({identificador}): {dicas[numero - 1]}", ""))
    if numero < len(dicas):
        print(f'Mais uma? dica("{identificador}")')


def progresso():
    """A tabela de todos os exercícios do curso, com o estado de cada um.

    No Jupyter ela aparece como tabela (deixe ``progresso()`` na última linha
    da célula); no terminal, use ``print(progresso())``.
    """
    caminho = caminho_do_progresso()
    dados = carregar(caminho)
    anotados = dados["exercicios"]
    linhas = []
    for identificador, exercicio in CATALOGO.items():
        registro = anotados.get(identificador, {})
        linhas.append((exercicio.licao, identificador, exercicio.titulo,
                       registro.get("estado"), registro.get("tentativas", 0)))
    respostas = []
    for identificador, dados_da_pergunta in PERGUNTAS.items():
        registro = dados["perguntas"].get(identificador, {})
        respostas.append((dados_da_pergunta.licao, identificador,
                          registro.get("primeira_resposta"), registro.get("acertou")))
    return Tabela(linhas, caminho, respostas)


def pergunta(identificador):
    """Mostra a pergunta conceitual ``identificador``: escolha uma opção e leia a explicação.

    No Jupyter, deixe ``pergunta("...")`` na última linha da célula: aparecem o
    enunciado e um botão por opção. A primeira resposta fica anotada no seu
    progresso (mudar de ideia depois não a apaga); ``progresso()`` mostra as
    perguntas numa tabela própria. Fora do Jupyter, use
    ``pergunta("...").escolher("b")`` e ``print``.
    """
    dados = PERGUNTAS.get(identificador)
    if dados is None:
        _nao_conheco("a pergunta", identificador, PERGUNTAS)
        return None
    return CartaoDePergunta(dados)


def exercicios(licao=None):
    """Os identificadores dos exercícios, na ordem do curso (só os de ``licao``, se dada)."""
    return [i for i, e in CATALOGO.items() if licao is None or e.licao == f"{int(licao):02d}"]


def respondido(*respostas):
    """``True`` se nenhuma das respostas é mais o esboço ``...`` da célula."""
    return not any(sem_resposta(resposta) for resposta in respostas)
