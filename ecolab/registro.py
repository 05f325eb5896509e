"""O registro do que aconteceu em um servidor ou cliente.

Servidores do ecolab rodam em threads de fundo e **nunca** usam ``print``: num
notebook, o texto impresso por uma thread cai na célula que estiver rodando no
momento (ou se perde). Em vez disso, cada servidor e cada cliente anota os
acontecimentos num :class:`Registro`, que uma célula pode mostrar quando quiser::

    servidor.registro            # tabela com os últimos eventos
    servidor.registro.eventos()  # lista de Evento, para usar no código

O registro guarda no máximo ``limite`` eventos (os mais antigos saem), e de cada
texto só os primeiros ``TEXTO_MAXIMO`` caracteres: um servidor que fica a aula
inteira ligado não cresce sem limite na memória.

O texto de um evento também pode ser anotado em ``bytes`` (um datagrama, como a
:class:`~ecolab.RedeInstavel` faz): o registro guarda os bytes e só os
decodifica (UTF-8) quando alguém lê os eventos. Decodificar cada datagrama que
passa custaria mais do que a leitura que quase nunca acontece.
"""

import time
from collections import deque
from typing import NamedTuple, Optional, Tuple

LIMITE_PADRAO = 10_000
TEXTO_MAXIMO = 1_000  # caracteres guardados de cada texto
BYTES_MAXIMOS = 4 * TEXTO_MAXIMO  # bytes guardados sem decodificar (até 4 por caractere)


class Evento(NamedTuple):
    """Um acontecimento: quando, o quê, com quem e o texto envolvido."""

    momento: float  # segundos desde 1970 (time.time())
    tipo: str  # por exemplo "conectou", "recebeu", "respondeu", "erro"
    endereco: Optional[Tuple[str, int]]  # o outro lado (cliente ou servidor)
    texto: str

    def __str__(self):
        hora = time.strftime("%H:%M:%S", time.localtime(self.momento))
        milis = int(self.momento % 1 * 1000)
        quem = f"{self.endereco[0]}:{self.endereco[1]}" if self.endereco else "-"
        return f"{hora}.{milis:03d}  {self.tipo:<12} {quem:<22} {self.texto}"


class Registro:
    """Lista limitada de eventos, segura para várias threads.

    Para quem chama:
      - ``anotar(tipo, endereco, texto)``: acrescenta um evento (usado pelo ecolab);
      - ``eventos(tipo=None)``: a lista de :class:`Evento`, opcionalmente de um tipo;
      - ``contar(tipo)``: quantos eventos desse tipo estão guardados;
      - ``limpar()``: esquece tudo;
      - ``len(registro)``, ``print(registro)`` ou só ``registro`` numa célula.
    """

    def __init__(self, limite=LIMITE_PADRAO):
        # Guardamos tuplas simples (baratas de criar: o servidor anota a cada
        # mensagem) e só as transformamos em Evento na hora de ler.
        self._itens = deque(maxlen=limite)

    def anotar(self, tipo, endereco=None, texto=""):
        """Acrescenta um evento com o horário atual (textos longos são encurtados).

        ``texto`` é um ``str`` ou ``bytes``; até ``BYTES_MAXIMOS`` bytes ficam
        guardados como estão e viram texto só na leitura (veja o texto do módulo).
        """
        if len(texto) > TEXTO_MAXIMO and not _bytes_que_cabem(texto):
            texto = _encurtado(texto)  # mil mensagens de 1 MiB ocupariam 1 GiB
        self._itens.append((time.time(), tipo, endereco, texto))

    def eventos(self, tipo=None):
        """Devolve os eventos guardados, do mais antigo ao mais novo."""
        todos = [Evento(momento, qual, endereco, _como_texto(texto))
                 for momento, qual, endereco, texto in list(self._itens)]
        if tipo is None:
            return todos
        return [evento for evento in todos if evento.tipo == tipo]

    def contar(self, tipo):
        """Quantos eventos do tipo pedido estão guardados."""
        return sum(1 for item in list(self._itens) if item[1] == tipo)

    def limpar(self):
        """Apaga todos os eventos."""
        self._itens.clear()

    def __len__(self):
        return len(self._itens)

    def __str__(self):
        linhas = [str(evento) for evento in self.eventos()[-20:]]
        if len(self) > 20:
            linhas.insert(0, f"(mostrando os últimos 20 de {len(self)} eventos)")
        return "\n".join(linhas) if linhas else "(nenhum evento ainda)"

    def __repr__(self):
        return str(self)


def _bytes_que_cabem(texto):
    """Bytes que podem ser guardados como estão (viram texto só na leitura)."""
    return isinstance(texto, bytes) and len(texto) <= BYTES_MAXIMOS


def _como_texto(guardado):
    """O texto de um evento guardado: os bytes guardados viram ``str`` aqui."""
    return _encurtado(guardado) if isinstance(guardado, bytes) else guardado


def _encurtado(texto):
    """O texto (bytes viram ``str`` em UTF-8) com no máximo ``TEXTO_MAXIMO`` caracteres."""
    if isinstance(texto, bytes):
        texto = texto.decode("utf-8", errors="replace")
    if len(texto) > TEXTO_MAXIMO:
        texto = f"{texto[:TEXTO_MAXIMO]}... (+{len(texto) - TEXTO_MAXIMO} caracteres)"
    return texto
