"""Medir o tempo de ida e volta (RTT) das mensagens.

O tempo de ida e volta ("round-trip time", RTT) é o tempo entre enviar uma
mensagem e receber a resposta: a ida pela rede, o trabalho do servidor e a
volta. Para medir, basta um relógio preciso (``time.perf_counter``) em volta
de ``cliente.enviar``::

    from ecolab import ClienteTCP, medir_rtt, resumo

    tempos = medir_rtt(ClienteTCP(porta=12000), vezes=200)
    resumo(tempos)   # mínimo, mediana, média e máximo, em milissegundos

Uma medida só engana; por isso medimos muitas vezes e olhamos a **mediana**
(a do meio), que não se deixa levar por umas poucas mensagens lentas. Para ver
a distribuição inteira, use :func:`ecolab.figuras.grafico_latencias`.

Mensagens sem resposta (``TempoEsgotado``, comum no UDP) não interrompem a
medição: elas são contadas como perdidas, e não entram nos tempos.
"""

import math
import statistics
import time

from .erros import ServidorIndisponivel, TempoEsgotado
from . import numeros
from .numeros import com_unidade, porcentagem

MENSAGEM_PADRAO = "x" * 32
CASAS_DOS_MS = 3  # milissegundos com três casas mostram até o microssegundo: 0,046 ms


class Medidas(list):
    """Os tempos de ida e volta, em segundos, das mensagens que tiveram resposta.

    É uma lista comum de números (``min(tempos)``, ``len(tempos)``,
    ``statistics.median(tempos)`` funcionam), com algumas informações a mais:
      - ``numeros``: o número (1, 2, 3…) de cada mensagem medida, na ordem;
      - ``perdidas_em``: os números das mensagens que ficaram sem resposta;
      - ``perdidas``: quantas ficaram sem resposta; ``enviadas``: quantas foram enviadas;
      - ``protocolo``: ``"TCP"``, ``"UDP"`` ou ``""`` (desconhecido);
      - ``inclui_conexao``: ``True`` se o primeiro tempo inclui abrir a conexão TCP.

    Numa célula, ``tempos`` mostra só o resumo das contagens; ``list(tempos)``
    mostra os números.
    """

    def __init__(self, tempos=(), numeros=None, perdidas_em=(), protocolo="",
                 inclui_conexao=False):
        super().__init__(tempos)
        self.numeros = list(numeros) if numeros is not None else list(range(1, len(self) + 1))
        self.perdidas_em = list(perdidas_em)
        self.protocolo = protocolo
        self.inclui_conexao = inclui_conexao

    @property
    def perdidas(self):
        return len(self.perdidas_em)

    @property
    def enviadas(self):
        return len(self) + self.perdidas

    def __repr__(self):
        nome = f" {self.protocolo}" if self.protocolo else ""
        respostas, perdidas = quantas(len(self), "resposta"), quantas(self.perdidas, "perdida")
        return f"<Medidas{nome}: {respostas}, {perdidas}>"


def medir_rtt(cliente, vezes=200, mensagem=MENSAGEM_PADRAO):
    """Envia ``mensagem`` ``vezes`` vezes e devolve os tempos de ida e volta.

    Devolve :class:`Medidas`: a lista dos tempos, em segundos, das mensagens
    respondidas, e a contagem das que ficaram sem resposta. Sempre
    ``tempos.enviadas == vezes``.

    - Sem resposta dentro do ``timeout`` do cliente (:class:`~ecolab.TempoEsgotado`),
      a mensagem conta como perdida e a medição continua (o cliente TCP
      reconecta na mensagem seguinte). Com UDP, o aviso de
      "porta fechada" que o Windows às vezes dá (:class:`~ecolab.ServidorIndisponivel`)
      também conta como perda. Com TCP, esse erro interrompe a medição: a
      conexão caiu e as próximas mensagens também falhariam.
    - Se o cliente TCP ainda não estiver conectado, o primeiro tempo inclui
      abrir a conexão (o aperto de mão de três vias): compare-o com os outros!
      No loopback, a primeira mensagem é mais lenta também no UDP: boa parte é
      aquecimento (o socket criado no primeiro envio, código executado pela
      primeira vez), não o aperto de mão.
    - Com UDP, uma resposta velha (atrasada ou duplicada pela rede) que chegue
      depois do envio seguinte seria medida como a resposta dele: veja o que o
      :class:`~ecolab.ClienteUDP` faz com as respostas atrasadas.
    """
    if not isinstance(vezes, int) or vezes < 1:
        raise ValueError(f"vezes precisa ser um número inteiro maior que zero, não {vezes!r}.")
    protocolo = getattr(cliente, "protocolo", "")
    medidas = Medidas(
        protocolo=protocolo,
        inclui_conexao=protocolo == "TCP" and not getattr(cliente, "conectado", True),
    )
    for numero in range(1, vezes + 1):
        segundos = _cronometrar(cliente, mensagem, protocolo)
        if segundos is None:
            medidas.perdidas_em.append(numero)
        else:
            medidas.append(segundos)
            medidas.numeros.append(numero)
    return medidas


def _cronometrar(cliente, mensagem, protocolo):
    """O tempo de um ``enviar``, em segundos, ou ``None`` se não houve resposta."""
    inicio = time.perf_counter()
    try:
        cliente.enviar(mensagem)
    except TempoEsgotado:
        return None
    except ServidorIndisponivel:
        if protocolo == "UDP":
            return None
        raise
    return time.perf_counter() - inicio


class Resumo(dict):
    """O resumo de uma medição: um dicionário que também sabe se mostrar.

    Chaves: ``"enviadas"``, ``"perdidas"`` (quantidades) e ``"mínimo"``,
    ``"mediana"``, ``"média"``, ``"máximo"`` (em **milissegundos**; ``nan``
    se nenhuma mensagem teve resposta). ``print(resumo)`` ou só ``resumo``
    numa célula mostra uma pequena tabela.
    """

    def __init__(self, nome, valores):
        super().__init__(valores)
        self.nome = nome

    def __str__(self):
        enviadas, perdidas = self["enviadas"], self["perdidas"]
        perdidas_em_cem = 100 * perdidas / enviadas if enviadas else 0.0
        titulo = f"{self.nome}: " if self.nome else ""
        linhas = [
            f"{titulo}{quantas(enviadas, 'mensagem', 'mensagens')}, "
            f"{quantas(perdidas, 'perdida')} ({porcentagem(perdidas_em_cem, 1)})"
        ]
        if math.isnan(self["mediana"]):
            linhas.append("  nenhuma resposta: não há tempos para resumir")
        for chave in ("mínimo", "mediana", "média", "máximo"):
            if not math.isnan(self[chave]):
                linhas.append(f"  {chave:<8} {com_unidade(self[chave], 'ms', CASAS_DOS_MS)}")
        return "\n".join(linhas)

    def __repr__(self):
        return str(self)


def resumo(medidas, nome=None):
    """Resume uma lista de tempos (em segundos): devolve um :class:`Resumo`.

    Aceita o resultado de :func:`medir_rtt` ou qualquer lista de segundos;
    valores ``nan`` ou ``None`` na lista contam como mensagens perdidas.
    ``nome`` aparece no título (o padrão é o protocolo medido).
    """
    tempos, perdidas = separar_perdidas(medidas)
    milis = [segundos * 1000 for _, segundos in tempos] or [math.nan]
    if nome is None:
        nome = getattr(medidas, "protocolo", "")
    return Resumo(nome, {
        "enviadas": len(tempos) + len(perdidas),
        "perdidas": len(perdidas),
        "mínimo": min(milis),
        "mediana": statistics.median(milis),
        "média": statistics.fmean(milis),
        "máximo": max(milis),
    })


def separar_perdidas(medidas):
    """Separa ``(números, segundos)`` respondidos dos números das mensagens perdidas.

    Devolve ``(tempos, perdidas)``: ``tempos`` é a lista de pares
    ``(número da mensagem, segundos)`` e ``perdidas`` a dos números sem resposta.
    Funciona com :class:`Medidas` e com listas comuns (``nan``/``None`` = perdida).
    """
    if isinstance(medidas, Medidas):
        return list(zip(medidas.numeros, medidas)), list(medidas.perdidas_em)
    tempos, perdidas = [], []
    for numero, valor in enumerate(medidas, start=1):
        if valor is None or math.isnan(valor):
            perdidas.append(numero)
        else:
            tempos.append((numero, valor))
    return tempos, perdidas


def quantas(quantidade, palavra, plural=None):
    """``quantas(1, "perdida")`` -> ``"1 perdida"``; com 2, ``"2 perdidas"``.

    A quantidade segue :mod:`ecolab.numeros`: ``quantas(39145, "mensagem", "mensagens")``
    -> ``"39.145 mensagens"``.
    """
    if quantidade == 1:
        return f"1 {palavra}"
    return f"{numeros.numero(quantidade)} {plural or palavra + 's'}"

