"""``capturar``: os pacotes de verdade de uma conversa, capturados enquanto ela acontece.

Uso, numa célula::

    with capturar(porta=12001) as captura:
        cliente = ClienteTCP(porta=12001)
        cliente.enviar("Olá")
        cliente.fechar()
    captura.pacotes      # a lista de Pacote, preenchida ao sair do with
    captura.fonte        # como foi capturado (por exemplo, "tcpdump na interface lo")

Como capturar depende do sistema; o ecolab tenta, nesta ordem:

1. no Linux, um socket de pacotes (``socket_de_pacotes``): pede root ou ``CAP_NET_RAW``;
2. um programa de captura que o usuário possa usar (``por_programa``): ``dumpcap``
   (do Wireshark) ou ``tcpdump``;
3. se nada deu certo, levanta :class:`~ecolab.erros.CapturaIndisponivel`, que diz
   o que instalar ou habilitar neste sistema e lembra das capturas gravadas
   (``captura_gravada``).

A captura sempre para ao sair do ``with``, mesmo se o bloco levantar uma exceção.
Antes de parar ela espera um instante pelos últimos pacotes (o FIN de quem
fechou depois, por exemplo): até eles pararem de chegar, no máximo 0,6 s.
"""

import platform
import sys

from ..erros import ArgumentoInvalido, CapturaIndisponivel
from ..validacao import conferir_porta
from . import programas
from .leitura import pacotes_dos_quadros
from .por_programa import CapturaPorPrograma, NaoCapturou
from .salvar import salvar_quadros
from .socket_de_pacotes import SocketDePacotes


class Captura:
    """Uma captura da conversa numa porta; use com ``with`` (ou ``iniciar``/``parar``).

    Para quem usa:
      - ``pacotes``: a lista de :class:`Pacote`, pronta depois de parar;
      - ``fonte``: o que capturou (texto), para dizer ao aluno o que ele vê;
      - ``salvar(caminho)``: grava os pacotes num ``.pcapng`` que o Wireshark abre.
    """

    def __init__(self, porta):
        self.porta = _conferir(porta)
        self.pacotes = []
        self.fonte = ""
        self._captor = None
        self._tipo, self._quadros = None, []

    def iniciar(self):
        """Começa a capturar; levanta :class:`CapturaIndisponivel` se não houver como."""
        self._captor = _primeiro_captor_que_funciona(self.porta)
        self.fonte = self._captor.descricao
        return self

    def parar(self):
        """Espera os últimos pacotes, para de capturar e preenche ``pacotes``."""
        captor, self._captor = self._captor, None
        if captor is None:
            return self
        self._tipo, self._quadros = captor.parar()
        self.pacotes = pacotes_dos_quadros(self._tipo, self._quadros)
        return self

    def salvar(self, caminho):
        """Grava os pacotes capturados em ``caminho`` (``.pcapng``, abre no Wireshark)."""
        salvar_quadros(caminho, self._tipo or 1, self._quadros)

    def __enter__(self):
        return self.iniciar()

    def __exit__(self, *excecao):
        self.parar()

    def __repr__(self):
        return f"<Captura da porta {self.porta}: {len(self.pacotes)} pacotes, {self.fonte or 'parada'}>"


def capturar(porta):
    """Uma :class:`Captura` da conversa na ``porta``, para usar com ``with``."""
    return Captura(porta)


def _conferir(porta):
    numero = conferir_porta(porta)
    if numero == 0:
        raise ArgumentoInvalido(
            "A captura precisa da porta da conversa, e porta=0 não é uma porta de "
            "verdade (só quer dizer \"o sistema escolhe\" a um servidor). Use a porta "
            "real, por exemplo capturar(porta=servidor.porta)."
        )
    return numero


def _primeiro_captor_que_funciona(porta):
    """O socket de pacotes, ou um programa de captura, o primeiro que funcionar."""
    sistema = platform.system()
    tentativas = []
    if sistema == "Linux":
        try:
            return SocketDePacotes(porta).iniciar()
        except PermissionError:
            tentativas.append("o socket de pacotes pede root ou CAP_NET_RAW")
    for nome, caminho in programas.programas_de_captura(sistema):
        lista = programas.lista_de_interfaces(caminho) if sistema == "Windows" else ""
        interface = programas.interface_de_loopback(sistema, lista)
        if interface is None:
            tentativas.append(f"{nome} não achou o adaptador de loopback do Npcap")
            continue
        try:
            return CapturaPorPrograma(nome, caminho, interface, porta).iniciar()
        except NaoCapturou as erro:
            tentativas.append(str(erro))
    if not programas.programas_de_captura(sistema):
        tentativas.append("nem dumpcap nem tcpdump estão instalados")
    raise CapturaIndisponivel(sistema, tentativas, python=sys.executable)

