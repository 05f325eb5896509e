"""Um servidor TCP do ecolab com o laço escrito por você.

Na lição 04 você escreve o coração de um servidor: a função que aceita
conexões e conversa com os clientes, com sockets crus. :class:`ServidorComLaco`
dá a essa função o ciclo de vida dos outros servidores do ecolab::

    def meu_laco(sock_servidor, parar):
        while not parar.is_set():
            conexao, _ = sock_servidor.accept()
            ...

    servidor = ServidorComLaco(meu_laco, porta=12040).iniciar()
    ...                   # os clientes conversam com o seu laço
    servidor.parar()

- ``iniciar()`` abre a porta (``bind`` e ``listen``) e chama
  ``laco(sock_servidor, parar)`` numa thread de fundo;
- ``parar()`` marca o ``threading.Event`` ``parar`` e acorda o ``accept`` com
  uma conexão de mentira (que abre e fecha na hora). O laço deve conferir
  ``parar`` a cada volta, fechar as suas conexões e terminar. Um laço que não
  confere ``parar`` é interrompido ao fechar o socket (o ``accept`` levanta
  ``OSError``), e ``parar()`` avisa que a thread não terminou;
- reexecutar a célula que inicia o servidor na mesma porta para o anterior, e
  ``ecolab.parar_todos()`` para todos, como nos outros servidores.

Um erro dentro do laço, enquanto o servidor roda, é guardado e levantado por
``parar()`` como :class:`~ecolab.ErroNoServidor`; o ``OSError`` do ``accept``
acordado na hora de parar não conta como erro.
"""

import socket
import threading

from .erros import PortaEmUso
from .servidor import Servidor
from .sockets import encerrar, familia, porta_ocupada


class ServidorComLaco(Servidor):
    """Servidor TCP cujo atendimento é a função ``laco(sock_servidor, parar)``.

    ``ServidorComLaco(laco, host="127.0.0.1", porta=0)``; para quem usa, o
    mesmo que os outros servidores: ``iniciar()``, ``parar()``, ``with``,
    ``endereco``, ``porta``, ``rodando``, ``registro``.
    """

    protocolo = "TCP"

    def __init__(self, laco, host="127.0.0.1", porta=0):
        super().__init__(host, porta)
        self.laco = laco
        self._pedido_de_parada = threading.Event()

    def _abrir(self):
        self._pedido_de_parada = threading.Event()
        try:
            return socket.create_server((self.host, self._porta_pedida),
                                        family=familia(self.host), backlog=64)
        except OSError as erro:
            if porta_ocupada(erro):
                raise PortaEmUso((self.host, self._porta_pedida)) from None
            raise

    def _atender(self):
        self.laco(self._sock, self._pedido_de_parada)

    def _acordar(self):
        self._pedido_de_parada.set()
        try:  # uma conexão acorda o accept (em qualquer sistema); o laço vê parar
            socket.create_connection(self._endereco, timeout=0.2).close()
        except OSError:
            pass

    def _fechar(self):
        encerrar(self._sock)  # shutdown acorda um accept que ainda espere, e fecha
