"""ecolab: sockets TCP e UDP em Python, para aprender com notebooks.

O que há aqui (tudo em português, como nos exemplos originais)::

    from ecolab import ServidorTCP, ClienteTCP, ServidorUDP, ClienteUDP

    servidor = ServidorTCP(porta=12000).iniciar()   # roda em segundo plano
    cliente = ClienteTCP(porta=12000)
    cliente.enviar("Olá, servidor!")   # -> 'Resposta do servidor: Olá, servidor!'
    servidor.parar()

Módulos, um por ideia:
  - ``erros``: os erros, com mensagens que dizem o que fazer;
  - ``registro``: o registro de eventos de servidores e clientes;
  - ``mensagem``: o que pode ser enviado e os limites de tamanho;
  - ``servidor``: o ciclo de vida comum (iniciar, parar, reexecutar células);
  - ``tcp`` e ``udp``: os servidores e clientes;
  - ``servidor_tcp``, ``cliente_tcp``, ``servidor_udp``, ``cliente_udp``: os
    scripts de linha de comando do exemplo original (``python -m ecolab.servidor_tcp``).
"""

from .erros import (
    ErroEcolab,
    ErroNoServidor,
    MensagemInvalida,
    PortaEmUso,
    ServidorIndisponivel,
    TempoEsgotado,
)
from .mensagem import LIMITE_TCP, LIMITE_UDP
from .registro import Evento, Registro
from .servidor import AvisoRede, parar_todos, resposta_padrao
from .tcp import ClienteTCP, ServidorTCP
from .udp import ClienteUDP, ServidorUDP

__version__ = "0.1.0"

__all__ = [
    "AvisoRede",
    "ClienteTCP",
    "ClienteUDP",
    "ErroEcolab",
    "ErroNoServidor",
    "Evento",
    "LIMITE_TCP",
    "LIMITE_UDP",
    "MensagemInvalida",
    "PortaEmUso",
    "Registro",
    "ServidorIndisponivel",
    "ServidorTCP",
    "ServidorUDP",
    "TempoEsgotado",
    "parar_todos",
    "resposta_padrao",
]
