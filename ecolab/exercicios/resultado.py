"""O resultado de ``verificar``: o mesmo conteúdo em texto (terminal) e em HTML (Jupyter).

O :class:`Resultado` é montado uma vez, como uma lista de partes (título,
contagem, um item por verificação, o que fazer agora), e desenhado de dois
jeitos a partir dela:

- **texto** (``str(resultado)``, o ``text/plain`` do Jupyter)::

      Exercício tcp_eco_maiusculas (Eco em maiúsculas): ainda não está certo.
      1 de 4 verificações passou; 2 não foram feitas.
        ✔ passou    o cliente envia 'olá'
        ✘ falhou    o cliente envia 'ação e reação'
                    esperado: 'AÇÃO E REAÇÃO'
                    recebido: 'Ação e reação'
                    dica: a resposta deve ser a mensagem inteira em maiúsculas.
        – não feita 2 verificações não foram feitas (a falha acima interrompeu a
                    conferência).
      Corrija a resposta e execute esta célula de novo. Mais ajuda: dica("tcp_eco_maiusculas")

  Tudo o que pertence a um item começa na mesma coluna. As linhas quebram em
  ``LARGURA`` caracteres, nunca dentro de um número (número e unidade são
  unidos pelo espaço que não quebra de :mod:`ecolab.numeros`);
- **HTML** (``_repr_html_``): as mesmas palavras, na mesma ordem, numa tabela
  com o esperado e o recebido lado a lado. As marcas diferem pela forma e pela
  palavra (✔ passou, ✘ falhou, – não feita), não só pela cor. O HTML não tem
  nada que mude de uma execução para outra (nada de ids, horários ou portas),
  para o nbval poder compará-lo com o guardado.

A contagem usa o número de verificações que o exercício declara
(``@exercicio(..., verificacoes=N)``): ela não muda de uma tentativa para
outra, mesmo quando uma falha interrompe a conferência no meio.
"""

import html
import textwrap

from ..numeros import com_unidade
from .bancada import NADA

LARGURA = 88  # caracteres por linha no texto
RECUO_DO_ITEM = "  "
LARGURA_DA_MARCA = 12
RECUO_DO_CONTEUDO = " " * (len(RECUO_DO_ITEM) + LARGURA_DA_MARCA)  # onde começa o conteúdo
MARCAS = {"passou": "✔ passou", "falhou": "✘ falhou", "nao_feita": "– não feita"}
CORES = {"passou": "#2b8a3e", "falhou": "#c92a2a", "nao_feita": "#868e96"}


class Resultado:
    """O resultado de uma verificação, pronto para mostrar.

    ``partes``: lista de ``(tipo, ...)``: ``("linha", texto)`` para as frases
    soltas e ``("item", marca, descricao, esperado, recebido, dica)`` para cada
    verificação (``esperado``, ``recebido`` e ``dica`` podem ser ``None``).
    ``passou``: ``True``, ``False`` ou ``None`` (ainda não respondido).
    """

    def __init__(self, partes, passou):
        self.partes = list(partes)
        self.passou = passou

    def __str__(self):
        linhas = []
        for tipo, *resto in self.partes:
            if tipo == "linha":
                linhas.append(_quebrar(resto[0], ""))
            else:
                linhas.extend(_linhas_do_item(*resto))
        return "\n".join(linhas)

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        estado = {True: "passou", False: "falhou", None: "nao-respondido"}[self.passou]
        blocos, itens = [], []
        for tipo, *resto in self.partes:
            if tipo == "item":
                itens.append(_html_do_item(*resto))
                continue
            if itens:
                blocos.append(_tabela(itens))
                itens = []
            blocos.append(f'<p style="margin:0.2em 0">{_html(resto[0])}</p>')
        if itens:
            blocos.append(_tabela(itens))
        return f'<div class="ecolab-resultado ecolab-resultado-{estado}">{"".join(blocos)}</div>'


# ----- texto --------------------------------------------------------------------------


def _quebrar(texto, recuo, recuo_seguinte=None):
    return textwrap.fill(texto, LARGURA, initial_indent=recuo,
                         subsequent_indent=recuo_seguinte if recuo_seguinte is not None else recuo,
                         break_long_words=False, break_on_hyphens=False)


def _linhas_do_item(marca, descricao, esperado, recebido, dica):
    primeira = f"{RECUO_DO_ITEM}{MARCAS[marca]:<{LARGURA_DA_MARCA}}"
    linhas = [_quebrar(descricao, primeira, RECUO_DO_CONTEUDO)]
    for rotulo, valor in (("esperado", esperado), ("recebido", recebido), ("dica", dica)):
        if valor is not None:
            linhas.append(_quebrar(f"{rotulo}: {valor}", RECUO_DO_CONTEUDO))
    return linhas


# ----- HTML ---------------------------------------------------------------------------


def _html(texto):
    return html.escape(texto, quote=False)


def _tabela(itens):
    return ('<table style="border-collapse:collapse;margin:0.3em 0 0.3em 1em">'
            f'{"".join(itens)}</table>')


def _html_do_item(marca, descricao, esperado, recebido, dica):
    celula = 'style="padding:0.1em 0.6em;vertical-align:top;text-align:left"'
    marca_html = _html(MARCAS[marca]).replace(" ", "&nbsp;")
    linha = (f'<tr><td {celula}><b style="color:{CORES[marca]}">{marca_html}</b></td>'
             f"<td {celula}>{_html(descricao)}</td>")
    for rotulo, valor in (("esperado", esperado), ("recebido", recebido)):
        conteudo = "" if valor is None else f"{rotulo}: <code>{_html(valor)}</code>"
        linha += f"<td {celula}>{conteudo}</td>"
    linha += "</tr>"
    if dica is not None:
        linha += (f'<tr><td {celula}></td><td {celula} colspan="3">'
                  f"<i>dica: {_html(dica)}</i></td></tr>")
    return linha


# ----- do relatório ao resultado ---------------------------------------------------


def montar(relatorio):
    """O :class:`Resultado` de um :class:`~ecolab.exercicios.bancada.Relatorio`."""
    exercicio = relatorio.exercicio
    nome = f"Exercício {exercicio.identificador} ({exercicio.titulo})"
    ajuda = f'dica("{exercicio.identificador}")'
    if relatorio.nao_respondido:
        return Resultado([
            ("linha", f"{nome}: ainda não respondido."),
            ("linha", f"Escreva a sua resposta em {_juntar(relatorio.nao_respondido)} (no "
                      "lugar do ...), execute aquela célula e depois esta de novo."),
            ("linha", f"Precisa de um empurrão? {ajuda}"),
        ], None)
    situacao = "tudo certo!" if relatorio.passou else "ainda não está certo."
    partes = [("linha", f"{nome}: {situacao}"), ("linha", _maiuscula(contagem(relatorio)) + ".")]
    dicas_mostradas = set()
    for item in relatorio.itens:
        dica = item.dica if item.dica and item.dica not in dicas_mostradas else None
        dicas_mostradas.add(item.dica)
        partes.append(("item", "passou" if item.passou else "falhou", item.descricao,
                       _mostrar(item.esperado), _mostrar(item.recebido), dica))
    if relatorio.interrompido:
        partes.append(("item", "nao_feita", _nao_feitas(relatorio), None, None, None))
    if relatorio.passou:
        partes.append(("linha", "Veja todos os exercícios do curso com progresso()."))
    else:
        partes.append(("linha", "Corrija a resposta e execute esta célula de novo. "
                                f"Mais ajuda: {ajuda}"))
    return Resultado(partes, relatorio.passou)


def faltaram(relatorio):
    """Quantas das verificações declaradas não foram feitas (0 se todas foram)."""
    return max(relatorio.exercicio.verificacoes - len(relatorio.itens), 0)


def contagem(relatorio):
    """``"2 de 4 verificações passaram; 2 não foram feitas"``: o total é sempre o declarado."""
    total = relatorio.exercicio.verificacoes
    passaram = sum(item.passou for item in relatorio.itens)
    if total == 1:
        texto = "a verificação passou" if passaram else "a verificação não passou"
    elif passaram == 0:
        texto = f"nenhuma das {total} verificações passou"
    else:
        texto = f"{passaram} de {total} verificações {'passou' if passaram == 1 else 'passaram'}"
    faltam = faltaram(relatorio) if relatorio.interrompido else 0
    if faltam:
        texto += f"; {faltam} não {'foi feita' if faltam == 1 else 'foram feitas'}"
    return texto


def _nao_feitas(relatorio):
    faltam = faltaram(relatorio)
    if faltam == 0:
        quantas = "as verificações seguintes não foram feitas"
    elif faltam == 1:
        quantas = "1 verificação não foi feita"
    else:
        quantas = f"{faltam} verificações não foram feitas"
    return f"{quantas} (a falha acima interrompeu a conferência)."


def _maiuscula(frase):
    return frase[:1].upper() + frase[1:]


def _juntar(nomes):
    """``["a", "b", "c"]`` -> ``"a, b e c"``."""
    return " e ".join([", ".join(nomes[:-1]), nomes[-1]]) if len(nomes) > 1 else nomes[0]


def _mostrar(valor, limite=300):
    if valor is NADA:
        return None
    # O espaço que não quebra (entre número e unidade) aparece como espaço, não como \xa0.
    texto = repr(valor).replace("\\xa0", "\xa0")
    if len(texto) <= limite:
        return texto
    return texto[:limite] + f"… ({com_unidade(len(texto), 'caracteres')})"
