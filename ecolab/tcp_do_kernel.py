"""Uma conexão TCP de verdade no loopback, com o ``TCP_INFO`` lido durante o envio (Linux).

Para pôr os números do TCP do kernel ao lado dos do seu remetente, a lição 09
abre uma conexão TCP comum no loopback, envia blocos de 64 KiB durante um
tempo curto e, depois de cada ``sendall``, lê o ``TCP_INFO`` do socket
(:mod:`ecolab.tcp_info`). Um receptor numa thread lê tudo o que chega.

Exemplo (Linux)::

    medida = acompanhar(segundos=0.3)
    medida.amostras[0].info.cwnd   # 10: a janela inicial do Linux (RFC 6928)
    medida.final.cwnd, medida.final.rtt_ms, medida.final.retransmissoes
    medida.algoritmo               # "cubic" (o padrão do Linux), "bbr"...

Fora do Linux, :func:`acompanhar` levanta
:class:`~ecolab.tcp_info.TcpInfoIndisponivel` antes de abrir qualquer socket.
"""

import socket
import threading
import time
from typing import NamedTuple

from . import tcp_info

BLOCO = bytes(65_536)


class Amostra(NamedTuple):
    """O ``TCP_INFO`` num instante (segundos desde o começo do envio)."""

    tempo: float
    info: object  # tcp_info.InfoDoKernel


class Medida(NamedTuple):
    """O resultado de :func:`acompanhar`."""

    amostras: list
    final: object  # tcp_info.InfoDoKernel, depois de enviar tudo
    enviados: int  # bytes
    algoritmo: str  # o controle de congestionamento do kernel: "cubic", "bbr"...

    @property
    def maior_cwnd(self):
        return max(a.info.cwnd for a in self.amostras)


def acompanhar(segundos=0.3, porta=0, algoritmo="reno"):
    """Envia por ``segundos`` numa conexão no loopback, lendo o ``TCP_INFO`` a cada bloco.

    ``algoritmo``: o controle de congestionamento pedido para a conexão (a opção
    ``TCP_CONGESTION``; ``"reno"`` é o da lição). Se o sistema não deixar (só os de
    ``/proc/sys/net/ipv4/tcp_allowed_congestion_control`` são permitidos a quem não
    é administrador), fica o padrão; ``Medida.algoritmo`` diz qual valeu.
    """
    if not tcp_info.disponivel():
        raise tcp_info.TcpInfoIndisponivel(tcp_info.motivo_da_indisponibilidade())
    with socket.create_server(("127.0.0.1", porta)) as escuta:
        escuta.settimeout(2.0)
        leitor = threading.Thread(target=_ler_tudo, args=(escuta,), daemon=True,
                                  name="ecolab-tcp-info-receptor")
        leitor.start()
        with _conectar(escuta.getsockname(), algoritmo) as cliente:
            amostras, enviados = [Amostra(0.0, tcp_info.ler(cliente))], 0
            algoritmo = tcp_info.algoritmo(cliente)
            inicio = time.monotonic()
            while (agora := time.monotonic() - inicio) < segundos:
                cliente.sendall(BLOCO)
                enviados += len(BLOCO)
                amostras.append(Amostra(agora, tcp_info.ler(cliente)))
            final = tcp_info.ler(cliente)
        leitor.join(2.0)
    return Medida(amostras, final, enviados, algoritmo)


def _conectar(endereco, algoritmo):
    """Um cliente TCP que pede ``algoritmo`` antes de conectar (se o sistema deixar)."""
    cliente = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        cliente.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, algoritmo.encode())
    except OSError:
        pass  # não permitido aqui: fica o padrão do sistema
    cliente.settimeout(2.0)
    try:
        cliente.connect(endereco)
    except OSError:
        cliente.close()
        raise
    return cliente


def _ler_tudo(escuta):
    """O receptor: aceita a conexão e lê até o fim."""
    try:
        conexao, _ = escuta.accept()
    except OSError:
        return
    with conexao:
        conexao.settimeout(2.0)
        try:
            while conexao.recv(1_048_576):
                pass
        except OSError:
            pass
