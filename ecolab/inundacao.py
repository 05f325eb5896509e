"""UDP não tem controle de fluxo: inundar um receptor e contar o que se perdeu.

No TCP, um receptor lento faz o remetente esperar (veja :mod:`ecolab.fluxo`). No
UDP, ninguém avisa o remetente: ``sendto`` volta na hora, o datagrama vai para o
buffer de recepção do destino e, se ele estiver cheio, o sistema do destino o
**descarta** sem contar a ninguém. No loopback não há rede para perder nada:
toda perda medida aqui acontece no buffer do receptor.

O buffer de recepção é medido em bytes, mas cada datagrama guardado nele paga
também a "embalagem" que o sistema usa para guardá-lo (no Linux, a estrutura
``sk_buff`` e a memória reservada para ela): cabem **menos** datagramas do que
``tamanho do buffer / tamanho do datagrama`` sugere. :func:`inundar` mede
quantos cabem de verdade.

O que há aqui (lição 08)::

    inundacao = inundar(quantos=2000, tamanho=100)   # receptor que não lê
    inundacao.recebidos, inundacao.perdidos, inundacao.buffer
    comparar_com_tcp(quantos=2000, tamanho=100)      # receptor lento: UDP perde, TCP espera
"""

import socket
import threading
import time
from typing import NamedTuple

from .fluxo import conectar_par
from .numeros import com_unidade, numero
from .sockets import TAMANHO_MAXIMO_DATAGRAMA

SILENCIO = 0.1  # segundos sem datagrama novo: o receptor leu tudo o que havia


class Inundacao(NamedTuple):
    """O resultado de uma inundação UDP.

    ``enviados``: quantos ``sendto`` deram certo; ``recebidos``: quantos o
    receptor leu; ``perdidos``: a diferença; ``tamanho``: bytes de cada
    datagrama; ``buffer``: o ``SO_RCVBUF`` que o sistema deu ao receptor (em
    bytes); ``pedido``: o que foi pedido (``None``: o padrão do sistema);
    ``numeros``: os números dos datagramas recebidos, na ordem.
    """

    enviados: int
    recebidos: int
    tamanho: int
    buffer: int
    pedido: object
    numeros: list

    def __repr__(self):
        return (f"<Inundacao UDP: {numero(self.enviados)} enviados, "
                f"{numero(self.recebidos)} recebidos, {numero(self.perdidos)} perdidos; "
                f"buffer de {com_unidade(self.buffer, 'bytes')}>")

    @property
    def perdidos(self):
        return self.enviados - self.recebidos

    @property
    def bytes_por_datagrama(self):
        """Quanto do buffer cada datagrama guardado ocupou, em média (custo incluído)."""
        return self.buffer / self.recebidos if self.recebidos else float("nan")


def receptor_udp(porta=0, recepcao=None):
    """Um socket UDP em ``127.0.0.1``, com o buffer de recepção pedido (``None``: o padrão)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        if recepcao is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, recepcao)
        sock.bind(("127.0.0.1", porta))
    except OSError:
        sock.close()
        raise
    return sock


def numerado(numero, tamanho):
    """Um datagrama de ``tamanho`` bytes que começa com o seu número: ``b"17 ......"``."""
    cabeca = f"{numero} ".encode()
    return cabeca + b"." * max(0, tamanho - len(cabeca))


def enviar_rajada(destino, quantos, tamanho):
    """Envia ``quantos`` datagramas numerados (0, 1, 2...) o mais rápido possível.

    Devolve quantos ``sendto`` deram certo. Um erro do sistema (há sistemas que
    recusam o envio quando o próprio buffer de envio está cheio) conta como não
    enviado, e o laço continua.
    """
    enviados = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as remetente:
        for numero in range(quantos):
            try:
                remetente.sendto(numerado(numero, tamanho), destino)
            except OSError:
                continue
            enviados += 1
    return enviados


def ler_ate_o_silencio(sock, silencio=SILENCIO, limite=10.0):
    """Lê datagramas até passar ``silencio`` s sem nenhum; devolve os números lidos."""
    numeros, fim = [], time.monotonic() + limite
    sock.settimeout(silencio)
    while time.monotonic() < fim:
        try:
            dados = sock.recv(TAMANHO_MAXIMO_DATAGRAMA)
        except TimeoutError:
            break
        except ConnectionResetError:  # o aviso do Windows de um datagrama recusado
            continue
        numeros.append(int(dados.split(b" ", 1)[0]))
    return numeros


def inundar(quantos=2000, tamanho=100, recepcao=None, porta=0):
    """Envia ``quantos`` datagramas a um receptor que só lê depois; devolve a :class:`Inundacao`.

    O receptor não lê nada enquanto o remetente envia (é o receptor mais lento
    possível): tudo o que não couber no buffer de recepção dele se perde.
    Depois, ele lê até o silêncio e conta.
    """
    with receptor_udp(porta, recepcao) as receptor:
        enviados = enviar_rajada(receptor.getsockname(), quantos, tamanho)
        buffer = receptor.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        numeros = ler_ate_o_silencio(receptor)
    return Inundacao(enviados, len(numeros), tamanho, buffer, recepcao, numeros)


class Comparacao(NamedTuple):
    """O mesmo remetente rápido e o mesmo receptor lento, em UDP e em TCP."""

    protocolo: str
    enviadas: int
    recebidas: int
    segundos_do_remetente: float  # quanto o remetente levou para enviar tudo


def comparar_com_tcp(quantos=500, tamanho=100, pausa=0.001, recepcao=4096):
    """Um receptor que lê uma mensagem a cada ``pausa`` s, em UDP e em TCP.

    O remetente envia ``quantos`` mensagens de ``tamanho`` bytes o mais rápido
    que puder. Os buffers são pedidos pequenos (``recepcao`` bytes, no receptor
    e no remetente TCP) para a diferença aparecer logo. Devolve uma lista com
    uma :class:`Comparacao` para cada protocolo.
    """
    return [_udp_com_receptor_lento(quantos, tamanho, pausa, recepcao),
            _tcp_com_receptor_lento(quantos, tamanho, pausa, recepcao)]


def _udp_com_receptor_lento(quantos, tamanho, pausa, recepcao):
    with receptor_udp(recepcao=recepcao) as receptor:
        numeros = []
        leitor = threading.Thread(target=_ler_udp_devagar, args=(receptor, pausa, numeros),
                                  name="ecolab-receptor-udp-lento", daemon=True)
        leitor.start()
        inicio = time.perf_counter()
        enviadas = enviar_rajada(receptor.getsockname(), quantos, tamanho)
        segundos = time.perf_counter() - inicio
        leitor.join(10)
    return Comparacao("UDP", enviadas, len(numeros), segundos)


def _ler_udp_devagar(receptor, pausa, numeros):
    receptor.settimeout(SILENCIO)
    while True:
        try:
            dados = receptor.recv(TAMANHO_MAXIMO_DATAGRAMA)
        except TimeoutError:
            return
        except ConnectionResetError:
            continue
        numeros.append(int(dados.split(b" ", 1)[0]))
        time.sleep(pausa)


def _tcp_com_receptor_lento(quantos, tamanho, pausa, recepcao):
    remetente, receptor = conectar_par(envio=recepcao, recepcao=recepcao)
    recebidas = []
    leitor = threading.Thread(target=_ler_tcp_devagar,
                              args=(receptor, tamanho, pausa, recebidas),
                              name="ecolab-receptor-tcp-lento", daemon=True)
    leitor.start()
    try:
        remetente.settimeout(10)
        inicio = time.perf_counter()
        for numero in range(quantos):
            remetente.sendall(numerado(numero, tamanho))
        segundos = time.perf_counter() - inicio
        remetente.shutdown(socket.SHUT_WR)
        leitor.join(10)
    finally:
        remetente.close()
        leitor.join(2)
        receptor.close()
    return Comparacao("TCP", quantos, len(recebidas), segundos)


def _ler_tcp_devagar(receptor, tamanho, pausa, recebidas):
    """Lê mensagens de ``tamanho`` bytes, uma a cada ``pausa`` s, até o fim da conexão."""
    receptor.settimeout(5)
    pendente = b""
    try:
        while pedaco := receptor.recv(tamanho):
            pendente += pedaco
            while len(pendente) >= tamanho:
                recebidas.append(pendente[:tamanho])
                pendente = pendente[tamanho:]
                time.sleep(pausa)
    except OSError:
        pass
