"""O que o TCP do kernel sabe de uma conexão: ``TCP_INFO`` (só no Linux).

O TCP de verdade também tem ``cwnd``, ``ssthresh``, um RTT estimado e uma conta de
retransmissões, e o Linux deixa um programa lê-los: ``getsockopt`` com a opção
``TCP_INFO`` devolve os bytes de uma ``struct tcp_info``, definida no código do
kernel em ``include/uapi/linux/tcp.h``. O começo dela (os primeiros 104 bytes)
é o mesmo desde o Linux 2.6 (os campos novos entram sempre no fim), na ordem de
bytes da máquina::

    byte  tipo   campo                  o que é
    ----  -----  ---------------------  ------------------------------------------------
       0  u8     tcpi_state             estado da conexão (1 = ESTABLISHED)
       1  u8     tcpi_ca_state          estado do controle de congestionamento
                                        (0 normal, 1 desordem, 2 CWR, 3 recuperação, 4 perda)
       2  u8     tcpi_retransmits       retransmissões seguidas por estouro, agora
     3-7  u8     (outros 5 bytes: sondas, backoff, opções, escalas da janela)
       8  u32    tcpi_rto               o timeout atual, em microssegundos
      16  u32    tcpi_snd_mss           o tamanho máximo de segmento (bytes)
      24  u32    tcpi_unacked           segmentos enviados e ainda não confirmados
      68  u32    tcpi_rtt               o RTT suavizado (o SRTT), em microssegundos
      72  u32    tcpi_rttvar            a variação do RTT, em microssegundos
      76  u32    tcpi_snd_ssthresh      o ssthresh, em segmentos (2.147.483.647: ainda
                                        não houve perda, é o "infinito" do Linux)
      80  u32    tcpi_snd_cwnd          a cwnd, em segmentos
     100  u32    tcpi_total_retrans     retransmissões desde o começo da conexão

Os campos entre eles (de 8 a 104, todos ``u32``) estão na tabela ``CAMPOS``. Em
Python, o formato :mod:`struct` desses 104 bytes é ``"=8B24I"``: 8 bytes soltos e
24 inteiros de 32 bits sem sinal. Repare que o kernel conta a ``cwnd`` em
**segmentos**, como a lição (que conta pacotes), e não em bytes, como a RFC 5681.

**Em outros sistemas.** A ``struct`` acima é a do Linux. O macOS tem algo
parecido, com outro nome e outro formato (``TCP_CONNECTION_INFO``,
``struct tcp_connection_info``), e o Windows, uma chamada diferente
(``WSAIoctl`` com ``SIO_TCP_INFO``), que o módulo :mod:`socket` não oferece. O
curso lê só a do Linux: nos outros sistemas, :func:`ler` levanta
:class:`TcpInfoIndisponivel` dizendo isso, e a lição mostra só os seus números.

Exemplo (Linux)::

    info = ler(sock)          # um socket TCP conectado
    info.cwnd, info.rtt_ms    # (10, 0.05)
    algoritmo(sock)           # "cubic" (o padrão do Linux), "bbr", "reno"...
"""

import socket
import struct
import sys
from dataclasses import dataclass

from .erros import ErroEcolab

FORMATO = struct.Struct("=8B24I")  # os primeiros 104 bytes da struct tcp_info
CAMPOS = (
    "state", "ca_state", "retransmits", "probes", "backoff", "options", "wscale", "flags",
    "rto", "ato", "snd_mss", "rcv_mss", "unacked", "sacked", "lost", "retrans", "fackets",
    "last_data_sent", "last_ack_sent", "last_data_recv", "last_ack_recv",
    "pmtu", "rcv_ssthresh", "rtt", "rttvar", "snd_ssthresh", "snd_cwnd", "advmss",
    "reordering", "rcv_rtt", "rcv_space", "total_retrans",
)
SSTHRESH_INFINITO = 0x7FFFFFFF  # TCP_INFINITE_SSTHRESH do kernel
ESTADOS_DO_CONTROLE = {0: "normal", 1: "desordem", 2: "CWR", 3: "recuperação", 4: "perda"}


class TcpInfoIndisponivel(ErroEcolab, OSError):
    """Fora do Linux: o curso só sabe ler o ``TCP_INFO`` do Linux."""


@dataclass(frozen=True)
class InfoDoKernel:
    """Os números do TCP do kernel para uma conexão, num instante."""

    cwnd: int  # segmentos
    ssthresh: int  # segmentos (SSTHRESH_INFINITO antes da primeira perda)
    rtt_ms: float  # o SRTT do kernel
    rttvar_ms: float
    rto_ms: float
    retransmissoes: int  # tcpi_total_retrans
    mss: int  # bytes
    nao_confirmados: int  # segmentos em voo
    estado_do_controle: str  # "normal", "recuperação", "perda"...

    @property
    def ssthresh_texto(self):
        """``"infinito"`` antes da primeira perda; senão, o número."""
        return "infinito" if self.ssthresh >= SSTHRESH_INFINITO else str(self.ssthresh)


def disponivel():
    """``True`` no Linux, o único sistema cujo ``TCP_INFO`` o curso sabe ler."""
    return sys.platform.startswith("linux") and hasattr(socket, "TCP_INFO")


def motivo_da_indisponibilidade():
    """Em pt-BR, por que não há ``TCP_INFO`` aqui e o que a lição faz então."""
    sistema = {"darwin": "o macOS", "win32": "o Windows"}.get(sys.platform, sys.platform)
    return (f"Neste sistema ({sistema}) o curso não lê o TCP do kernel: ele só sabe ler o "
            "TCP_INFO do Linux. O macOS tem TCP_CONNECTION_INFO e o Windows, SIO_TCP_INFO "
            "(por WSAIoctl), com outros formatos. A lição mostra só os números do seu "
            "remetente.")


def algoritmo(sock):
    """O nome do controle de congestionamento do socket (``"cubic"``, ``"bbr"``...), no Linux.

    É a opção ``TCP_CONGESTION``; o padrão do sistema está em
    ``/proc/sys/net/ipv4/tcp_congestion_control``.
    """
    if not disponivel():
        raise TcpInfoIndisponivel(motivo_da_indisponibilidade())
    nome = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16)
    return nome.split(b"\0")[0].decode("ascii")


def ler(sock):
    """Lê a ``struct tcp_info`` do socket TCP ``sock`` e devolve um :class:`InfoDoKernel`.

    Fora do Linux, levanta :class:`TcpInfoIndisponivel`.
    """
    if not disponivel():
        raise TcpInfoIndisponivel(motivo_da_indisponibilidade())
    crus = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, FORMATO.size)
    campos = dict(zip(CAMPOS, FORMATO.unpack(crus[:FORMATO.size])))
    return InfoDoKernel(
        cwnd=campos["snd_cwnd"], ssthresh=campos["snd_ssthresh"],
        rtt_ms=campos["rtt"] / 1000, rttvar_ms=campos["rttvar"] / 1000,
        rto_ms=campos["rto"] / 1000, retransmissoes=campos["total_retrans"],
        mss=campos["snd_mss"], nao_confirmados=campos["unacked"],
        estado_do_controle=ESTADOS_DO_CONTROLE.get(campos["ca_state"], str(campos["ca_state"])),
    )
