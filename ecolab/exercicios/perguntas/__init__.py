"""As perguntas conceituais do curso, como dados: um arquivo por lição.

Cada lição tem perguntas de múltipla escolha para **prever antes de rodar**: a
pergunta aparece numa célula (``pergunta("identificador")``) logo antes da
célula que mostra a resposta ao vivo. O aluno escolhe uma opção e lê, na hora,
a explicação escrita para AQUELA opção: por que está certa, ou qual ideia
errada leva a ela. Depois roda a célula seguinte e vê acontecer.

Onde editar: ``licao_NN.py`` nesta pasta (NN é o número da lição, com dois
dígitos: ``licao_00.py``, ``licao_06.py``...). Uma lição nova entra só com o
arquivo novo: ninguém precisa mexer neste módulo, no widget nem nos testes.

O formato de ``licao_NN.py``: uma lista ``PERGUNTAS``, na ordem em que as
perguntas aparecem na lição, com um dicionário por pergunta::

    PERGUNTAS = [
        {
            "identificador": "udp_servidor_desligado",   # único no curso; nunca
                                                         # reaproveitado para outra pergunta
            "enunciado": "O que acontece se ...?",        # texto simples, pt-BR
            "opcoes": [                                   # de 3 a 5, na ordem mostrada (a, b, c...)
                {"texto": "O enviar levanta erro na hora.",
                 "certa": False,
                 "explicacao": "Não: ... (qual ideia errada leva a esta opção).",
                 "fonte": "Kurose e Ross, seção 3.3"},   # opcional: onde essa
                                                         # concepção errada está documentada
                {"texto": "...", "certa": True,
                 "explicacao": "Isso: ... (por que está certa; o que a célula seguinte mostra)."},
                ...
            ],
        },
        ...
    ]

Regras (conferidas por ``tests/test_perguntas.py``):

- exatamente UMA opção com ``"certa": True``; toda opção com ``texto`` e
  ``explicacao`` não vazios; de 3 a 5 opções; pelo menos 3 perguntas por lição;
- ``fonte`` (na opção) é opcional: diga de onde vem a concepção errada quando
  ela está documentada (estudos de educação em computação, as questões de
  revisão do Kurose e Ross, os erros que os verificadores do curso mais pegam);
  sem ``fonte``, é o julgamento de quem escreveu;
- o notebook da lição chama ``pergunta(...)`` para cada identificador do seu
  arquivo (e só para esses), numa célula com a prosa "Antes de rodar, preveja:"
  logo acima e a célula que demonstra a resposta logo abaixo;
- tudo o que a explicação afirma tem de ser verdade, ou dizer em que sistema é
  verdade (o aluno mais provável usa Windows), e a célula seguinte tem de
  mostrar o que a explicação diz.

Para quem usa: ``PERGUNTAS`` (identificador -> :class:`Pergunta`, na ordem do
curso), ``perguntas_da_licao("03")`` e :class:`Pergunta` / :class:`Opcao`.
"""

import importlib
import pkgutil
import re
from typing import NamedTuple

LETRAS = "abcde"


class Opcao(NamedTuple):
    """Uma opção: a letra (a, b, c...), o texto, se é a certa, a explicação e a fonte."""

    letra: str
    texto: str
    certa: bool
    explicacao: str
    fonte: str = ""


class Pergunta(NamedTuple):
    """Uma pergunta: ``licao`` ("00", "01"...), ``identificador``, ``enunciado``, ``opcoes``."""

    licao: str
    identificador: str
    enunciado: str
    opcoes: tuple

    @property
    def certa(self):
        """A opção certa."""
        return next(opcao for opcao in self.opcoes if opcao.certa)

    def opcao(self, letra):
        """A opção com essa letra, ou ``None``."""
        return next((opcao for opcao in self.opcoes if opcao.letra == letra), None)


def _montar(licao, dados):
    opcoes = tuple(
        Opcao(LETRAS[i], o["texto"], bool(o.get("certa")), o["explicacao"], o.get("fonte", ""))
        for i, o in enumerate(dados["opcoes"][:len(LETRAS)])
    )
    return Pergunta(licao, dados["identificador"], dados["enunciado"], opcoes)


def _carregar():
    """Lê todos os ``licao_NN.py`` desta pasta, em ordem; devolve identificador -> Pergunta."""
    perguntas = {}
    nomes = sorted(m.name for m in pkgutil.iter_modules(__path__)
                   if re.fullmatch(r"licao_\d\d", m.name))
    for nome in nomes:
        modulo = importlib.import_module(f"{__name__}.{nome}")
        for dados in modulo.PERGUNTAS:
            pergunta = _montar(nome[-2:], dados)
            perguntas[pergunta.identificador] = pergunta
    return perguntas


PERGUNTAS = _carregar()


def perguntas_da_licao(licao):
    """As perguntas da lição (``"03"`` ou ``3``), na ordem em que aparecem nela."""
    licao = f"{int(licao):02d}"
    return [p for p in PERGUNTAS.values() if p.licao == licao]
