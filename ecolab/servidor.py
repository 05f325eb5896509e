"""O ciclo de vida comum aos servidores TCP e UDP do ecolab.

Um servidor do ecolab roda numa thread de fundo, para que um notebook possa
iniciá-lo numa célula e conversar com ele na célula seguinte::

    servidor = ServidorTCP(porta=12000).iniciar()
    ...                     # outras células usam o servidor
    servidor.parar()

Ou, quando tudo cabe numa célula, ``with ServidorTCP() as servidor: ...``.

Esta classe base cuida do que TCP e UDP têm em comum: iniciar e parar, o
endereço, o registro de eventos, a função ``responder`` e os erros que
acontecem dentro das threads (guardados e mostrados por ``parar()``, nunca
engolidos). As subclasses só dizem como abrir o socket, como atender e como
acordar e fechar tudo na hora de parar.

Reexecutar uma célula tem que funcionar: se um servidor deste mesmo processo
já ocupa a porta pedida, ele é parado e o novo toma o lugar dele.
``parar_todos()`` para todos os servidores do processo, e isso também acontece
quando o Python termina.
"""

import atexit
import socket
import sys
import threading
import warnings

from .validacao import conferir_host, conferir_porta, conferir_responder
from .erros import ErroNoServidor, _endereco_legivel
from .numeros import com_unidade
from .registro import Registro

HOSTS_DE_TODAS_AS_INTERFACES = ("0.0.0.0", "", "::")
TEMPO_PARA_PARAR = 5.0  # segundos; na prática, parar() leva milissegundos

_ativos = {}  # (protocolo, porta) -> servidor rodando neste processo
_trava_ativos = threading.Lock()


def resposta_padrao(mensagem):
    """A resposta do exemplo original: repete a mensagem com um prefixo."""
    return "Resposta do servidor: " + mensagem


class AvisoRede(UserWarning):
    """Aviso de que o servidor pode ser alcançado por outras máquinas."""


class Servidor:
    """Base de :class:`~ecolab.ServidorTCP` e :class:`~ecolab.ServidorUDP`.

    Para quem usa:
      - ``iniciar()``: abre a porta, começa a atender em segundo plano e devolve o
        próprio servidor;
      - ``parar()``: para na hora, fecha tudo; pode ser chamado mais de uma vez;
      - ``endereco``, ``porta``, ``rodando``, ``registro``;
      - ``with Servidor(...) as s:`` inicia e para.

    Ajuste (atributo da classe): ``tempo_para_parar``, quantos segundos ``parar()``
    espera pelas threads antes de desistir delas e dizer por quê.

    Para quem escreve uma subclasse: ``_abrir()`` (cria o socket), ``_atender()``
    (o laço da thread do servidor), ``_acordar()`` (faz esse laço terminar na
    hora) e ``_fechar()`` (fecha o que sobrou, depois que o laço terminou).
    """

    protocolo = "?"
    tempo_para_parar = TEMPO_PARA_PARAR

    def __init__(self, host="127.0.0.1", porta=0, responder=None):
        self._porta_pedida = conferir_porta(porta)
        self._endereco_de_escuta = self._conferir_host(host)
        self.host = host
        self.responder = resposta_padrao if responder is None else conferir_responder(responder)
        self.registro = Registro()
        self._sock = None
        self._endereco = None
        self._thread = None
        self._falhas = []
        self._trava = threading.Lock()

    # ----- para quem usa -------------------------------------------------

    @property
    def endereco(self):
        """``(host, porta)`` onde o servidor escuta (a porta real, depois de iniciar)."""
        return self._endereco or (self.host, self._porta_pedida)

    @property
    def porta(self):
        """A porta do servidor (com ``porta=0``, a que o sistema escolheu)."""
        return self.endereco[1]

    @property
    def rodando(self):
        """``True`` entre ``iniciar()`` e ``parar()``."""
        return self._thread is not None

    def iniciar(self):
        """Abre a porta e começa a atender numa thread de fundo; devolve ``self``."""
        if self.rodando:
            return self
        _liberar_porta(self.protocolo, self._porta_pedida)
        self._avisar_se_exposto()
        self._sock = self._abrir()
        self._endereco = self._sock.getsockname()[:2]
        self._thread = threading.Thread(
            target=self._rodar, name=f"ecolab-{self.protocolo}-{self.porta}", daemon=True
        )
        self._thread.start()
        with _trava_ativos:
            _ativos[(self.protocolo, self.porta)] = self
        self.registro.anotar("iniciou", self._endereco, f"{self.protocolo} escutando")
        return self

    def parar(self):
        """Para de atender, fecha todas as conexões e a porta, e espera as threads.

        Se alguma exceção aconteceu dentro do servidor, ela é levantada aqui
        (como :class:`~ecolab.ErroNoServidor`) depois que tudo foi fechado.
        Uma função ``responder`` que não volta (um laço sem fim, uma espera por
        algo que não vem) não segura ``parar()``: depois de ``tempo_para_parar``
        segundos ele desiste de esperar por ela e diz isso no erro.
        """
        with self._trava:
            thread, self._thread = self._thread, None
        if thread is not None:
            with _trava_ativos:
                if _ativos.get((self.protocolo, self.porta)) is self:
                    del _ativos[(self.protocolo, self.porta)]
            self._acordar()
            thread.join(self.tempo_para_parar)
            self._fechar()
            if thread.is_alive():
                self._guardar_falha(RuntimeError(self._desisti_de_esperar(1)))
            self.registro.anotar("parou", self._endereco, "servidor parado")
        self.verificar()

    def verificar(self):
        """Levanta :class:`~ecolab.ErroNoServidor` se houve erro inesperado nas threads."""
        if self._falhas:
            falhas, self._falhas = self._falhas, []
            raise ErroNoServidor(str(self), falhas) from falhas[0]

    def __enter__(self):
        return self.iniciar()

    def __exit__(self, *erro):
        self.parar()

    def __repr__(self):
        estado = "rodando" if self.rodando else "parado"
        return f"<{type(self).__name__} em {_endereco_legivel(self.endereco)}, {estado}>"

    # ----- para as subclasses --------------------------------------------

    def _responder(self, mensagem, endereco):
        """Chama ``responder`` e anota a conversa; uma exceção vira resposta de erro."""
        self.registro.anotar("recebeu", endereco, mensagem)
        try:
            resposta = self.responder(mensagem)
            if not isinstance(resposta, str):
                raise TypeError(
                    f"a função responder devolveu {type(resposta).__name__}, "
                    "mas deveria devolver um texto (str)"
                )
        except (Exception, SystemExit, KeyboardInterrupt) as erro:
            # O erro é do código do aluno: guardar e mostrar. Um sys.exit() ou
            # KeyboardInterrupt aqui terminaria só esta thread, e o servidor
            # ficaria mudo sem explicação; por isso também é guardado.
            self._guardar_falha(erro, endereco)
            return f"ERRO: o servidor falhou ao responder ({type(erro).__name__}: {erro})"
        self.registro.anotar("respondeu", endereco, resposta)
        return resposta

    def _conferir_host(self, host):
        """O endereço em que o servidor vai escutar (IPv4 primeiro, como os clientes).

        ``"0.0.0.0"``, ``"::"`` e ``""`` (todas as interfaces) ficam como estão.
        """
        if host in HOSTS_DE_TODAS_AS_INTERFACES:
            return host, self._porta_pedida
        tipo = socket.SOCK_STREAM if self.protocolo == "TCP" else socket.SOCK_DGRAM
        return conferir_host(host, self._porta_pedida, tipo)[0][1][:2]

    def _desisti_de_esperar(self, quantas):
        """A explicação de ``parar()`` quando ``quantas`` threads não terminaram a tempo."""
        quais = "uma thread" if quantas == 1 else f"{quantas} threads"
        return (
            f"parar() desistiu de esperar por {quais} do servidor depois de "
            f"{com_unidade(self.tempo_para_parar, 's')}: a função responder não voltou "
            "(um laço sem fim? uma espera por algo que não chega?). A porta já foi "
            "fechada; a thread continua em segundo plano até o responder voltar"
        )

    def _guardar_falha(self, erro, endereco=None):
        """Guarda uma exceção inesperada para ``parar()`` levantar depois."""
        self._falhas.append(erro)
        self.registro.anotar("erro", endereco, f"{type(erro).__name__}: {erro}")

    def _rodar(self):
        """Corpo da thread: ``_atender()``, sem deixar nenhuma exceção sumir."""
        try:
            self._atender()
        except Exception as erro:
            if self._thread is not None:  # falhou sem ninguém ter pedido para parar
                self._guardar_falha(erro)

    def _avisar_se_exposto(self):
        if self.host in HOSTS_DE_TODAS_AS_INTERFACES:
            warnings.warn(
                f"{type(self).__name__} vai escutar em todas as interfaces de rede "
                f"({self.host!r}): outras máquinas da rede poderão se conectar, e o "
                "firewall pode pedir permissão. Para usar só neste computador, "
                "use host='127.0.0.1'.",
                AvisoRede,
                stacklevel=_nivel_de_quem_usa(),
            )

    def _abrir(self):
        raise NotImplementedError

    def _atender(self):
        raise NotImplementedError

    def _acordar(self):
        raise NotImplementedError

    def _fechar(self):
        raise NotImplementedError


# (Fora do teste de mutação: o mutmut põe as próprias funções na pilha e esta
# conta quadros; quem a confere é tests/test_exposicao.py.)
def _nivel_de_quem_usa():  # pragma: no mutate block
    """O ``stacklevel`` que faz um aviso apontar para o código de quem usa o ecolab.

    ``iniciar()`` pode ser chamado direto ou por ``with`` (via ``__enter__``);
    nos dois casos o aviso deve citar a linha do aluno. Citando uma linha do
    ecolab, o Python mostraria o aviso só na primeira vez.
    """
    nivel, quadro = 2, sys._getframe(2)  # o nível 1 é quem chamou warnings.warn
    while quadro is not None and quadro.f_globals.get("__name__", "").startswith("ecolab."):
        nivel, quadro = nivel + 1, quadro.f_back
    return nivel


def _liberar_porta(protocolo, porta):
    """Para o servidor deste processo que ocupa ``porta`` (reexecução de célula)."""
    if porta == 0:
        return
    with _trava_ativos:
        antigo = _ativos.get((protocolo, porta))
    if antigo is None:
        return
    print(
        f"Aviso: um {type(antigo).__name__} anterior ainda usava a porta {porta}; "
        "ele foi parado para dar lugar a este."
    )
    _parar_sem_levantar(antigo)


def _parar_sem_levantar(servidor):
    """Para ``servidor`` e mostra (sem levantar) um erro que ele tenha guardado."""
    try:
        servidor.parar()
    except ErroNoServidor as erro:
        print(f"Aviso: {erro}", file=sys.stderr)


def parar_todos():
    """Para todos os servidores do ecolab que estão rodando neste processo."""
    with _trava_ativos:
        servidores = list(_ativos.values())
    for servidor in servidores:
        _parar_sem_levantar(servidor)


atexit.register(parar_todos)
