"""A tabela dos sockets da máquina: protocolo, endereço local, endereço remoto e estado.

É o que ``netstat -an`` (ou ``ss -tan`` no Linux) mostra, como uma tabela que o
notebook sabe exibir. A lição 07 a usa para ver, ao vivo, a vida de uma conexão
TCP: ``LISTEN``, ``ESTABLISHED``, ``FIN-WAIT-2``, ``CLOSE-WAIT``, ``TIME-WAIT``::

    from ecolab.sockets_da_maquina import sockets_da_maquina

    sockets_da_maquina(portas=[12074])   # só as linhas com a porta 12074 num dos lados

De onde vêm as linhas (a ``origem`` da tabela):

- **psutil** (``psutil.net_connections()``): no Linux e no Windows, lista os
  sockets da máquina inteira, sem precisar de administrador. Um socket em
  ``TIME-WAIT`` aparece também, sem processo dono (o programa já o fechou; quem
  espera é o sistema);
- **netstat -an**: no macOS, o psutil precisa de root para ver a máquina inteira,
  e mesmo com root ele lista os sockets de cada processo, e ``TIME-WAIT`` não
  pertence a processo nenhum. Lá (e onde o psutil falhar) a tabela lê a saída do
  ``netstat -an``, que o macOS e o Windows trazem. :func:`ler_netstat` entende os
  dois formatos.

Os estados aparecem com os nomes da RFC 9293 (seção 3.3.2), com hífen:
``TIME-WAIT``. O psutil e o netstat escrevem ``TIME_WAIT``, com sublinhado, e o
Windows escreve ``LISTENING``: é o mesmo estado. Um socket UDP não tem estado (o
UDP não tem conexão): a coluna fica vazia.

Para quem usa:
  - :func:`sockets_da_maquina`: a :class:`TabelaDeSockets` de agora;
  - :func:`ler_netstat`: as linhas de um texto do ``netstat -an`` (macOS ou Windows);
  - :class:`Linha`: uma linha da tabela.
"""

import html
import socket
import subprocess
import sys
from typing import NamedTuple, Optional

ESTADOS_DA_RFC = {  # o nome sem hífen nem sublinhado -> o nome da RFC 9293
    "LISTEN": "LISTEN", "LISTENING": "LISTEN",
    "SYNSENT": "SYN-SENT",
    "SYNRECEIVED": "SYN-RECEIVED", "SYNRECV": "SYN-RECEIVED", "SYNRCVD": "SYN-RECEIVED",
    "ESTABLISHED": "ESTABLISHED",
    "FINWAIT1": "FIN-WAIT-1", "FINWAIT2": "FIN-WAIT-2",
    "CLOSEWAIT": "CLOSE-WAIT", "CLOSING": "CLOSING", "LASTACK": "LAST-ACK",
    "TIMEWAIT": "TIME-WAIT", "CLOSED": "CLOSED", "CLOSE": "CLOSED",
    "NONE": "",
}
PROTOCOLOS_DO_NETSTAT = {"tcp": "TCP", "tcp4": "TCP", "tcp6": "TCP", "tcp46": "TCP",
                         "udp": "UDP", "udp4": "UDP", "udp6": "UDP", "udp46": "UDP"}
PRAZO_DO_NETSTAT = 10  # segundos: numa máquina com muitas conexões, o netstat demora


class Linha(NamedTuple):
    """Um socket: ``protocolo`` ("TCP" ou "UDP"), ``local`` e ``remoto`` (``(ip, porta)``;
    ``remoto`` é ``None`` se não há outro lado) e ``estado`` (vazio no UDP)."""

    protocolo: str
    local: tuple
    remoto: Optional[tuple]
    estado: str


def nome_do_estado(texto):
    """``"TIME_WAIT"``, ``"LISTENING"``... -> o nome da RFC 9293 (``"TIME-WAIT"``, ``"LISTEN"``).

    Um nome que não conhecemos (o ``netstat`` de um Windows em outro idioma, por
    exemplo) fica como veio.
    """
    chave = texto.upper().replace("_", "").replace("-", "")
    return ESTADOS_DA_RFC.get(chave, texto)


def escrever_endereco(endereco):
    """``("127.0.0.1", 12070)`` -> ``"127.0.0.1:12070"``; IPv6 entre colchetes; ``None`` -> ``"-"``."""
    if endereco is None:
        return "-"
    ip, porta = endereco[:2]
    return f"[{ip}]:{porta}" if ":" in ip else f"{ip}:{porta}"


class TabelaDeSockets:
    """As linhas (:class:`Linha`) e de onde vieram (``origem``: "psutil" ou "netstat -an").

    No notebook aparece como tabela; ``str(tabela)`` dá o mesmo em texto.
    ``estados()`` lista os estados, na ordem das linhas.
    """

    COLUNAS = ("protocolo", "local", "remoto", "estado")

    def __init__(self, linhas, origem):
        self.linhas = list(linhas)
        self.origem = origem

    def estados(self):
        return [linha.estado for linha in self.linhas]

    def _celulas(self):
        return [(l.protocolo, escrever_endereco(l.local), escrever_endereco(l.remoto),
                 l.estado) for l in self.linhas]

    def __str__(self):
        celulas = [self.COLUNAS] + self._celulas()
        larguras = [max(len(linha[i]) for linha in celulas) for i in range(4)]
        texto = ["  ".join(c.ljust(n) for c, n in zip(linha, larguras)).rstrip()
                 for linha in celulas]
        if not self.linhas:
            texto.append("(nenhum socket)")
        texto.append(f"(lido com {self.origem})")
        return "\n".join(texto)

    def _repr_html_(self):
        cabecalho = "".join(f"<th>{c}</th>" for c in self.COLUNAS)
        corpo = "".join(
            "<tr>" + "".join(f"<td><code>{html.escape(c)}</code></td>" for c in celulas)
            + "</tr>" for celulas in self._celulas())
        if not self.linhas:
            corpo = '<tr><td colspan="4">(nenhum socket)</td></tr>'
        return (f"<table><thead><tr>{cabecalho}</tr></thead><tbody>{corpo}</tbody></table>"
                f"<p><small>lido com {html.escape(self.origem)}</small></p>")

    def __repr__(self):
        return str(self)


def sockets_da_maquina(portas=None, enderecos=None, origem=None):
    """Os sockets TCP e UDP da máquina agora, numa :class:`TabelaDeSockets`.

    ``portas``: só as linhas em que uma dessas portas aparece no endereço local
    ou no remoto (sem ``portas``, todas). ``enderecos``: só as linhas **entre**
    esses endereços (``(ip, porta)``, como ``sock.getsockname()`` devolve): o
    local é um deles, e o remoto também (ou não há remoto). Assim a tabela mostra
    só as conexões de um experimento, e não as de outro programa. ``origem``: "psutil" ou "netstat"
    para escolher; sem ela, psutil no Linux e no Windows e netstat no macOS (ou
    quando o psutil falha). As linhas vêm ordenadas por protocolo, porta local e
    porta remota.
    """
    if origem is None:
        origem = "netstat" if sys.platform == "darwin" else "psutil"
    linhas, nome = None, "netstat -an"
    if origem == "psutil":
        linhas, nome = _pelo_psutil(), "psutil"
    if linhas is None:
        linhas, nome = ler_netstat(_rodar_netstat()), "netstat -an"
    if portas is not None:
        portas = set(portas)
        linhas = [l for l in linhas if l.local[1] in portas
                  or (l.remoto is not None and l.remoto[1] in portas)]
    if enderecos is not None:
        enderecos = {tuple(e[:2]) for e in enderecos}
        linhas = [l for l in linhas if l.local in enderecos
                  and (l.remoto is None or l.remoto in enderecos)]
    return TabelaDeSockets(sorted(linhas, key=_ordem), nome)


def _ordem(linha):
    return (linha.protocolo, linha.local[1], linha.remoto[1] if linha.remoto else 0)


def _pelo_psutil():
    """As linhas pelo psutil, ou ``None`` se ele não estiver instalado ou não tiver permissão."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        conexoes = psutil.net_connections(kind="inet")
    except (psutil.AccessDenied, OSError):  # macOS sem root: a máquina inteira não
        return None
    linhas = []
    for conexao in conexoes:
        if not conexao.laddr:
            continue
        protocolo = "UDP" if conexao.type == socket.SOCK_DGRAM else "TCP"
        remoto = tuple(conexao.raddr) if conexao.raddr else None
        linhas.append(Linha(protocolo, tuple(conexao.laddr), remoto,
                            nome_do_estado(conexao.status)))
    return linhas


def _rodar_netstat():
    """A saída do ``netstat -an`` (texto vazio se ele não existir ou falhar)."""
    try:
        resultado = subprocess.run(["netstat", "-an"], capture_output=True,
                                   timeout=PRAZO_DO_NETSTAT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return resultado.stdout.decode(errors="replace")  # o Windows escreve na página do console


def ler_netstat(texto):
    """As :class:`Linha` TCP e UDP de um texto do ``netstat -an`` (macOS, Windows ou Linux).

    macOS (o endereço e a porta separados pelo **último ponto**)::

        Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)
        tcp4       0      0  127.0.0.1.12074        127.0.0.1.52344        TIME_WAIT

    Windows (separados por dois-pontos; IPv6 entre colchetes)::

          Proto  Endereço local         Endereço externo       Estado
          TCP    127.0.0.1:12074        127.0.0.1:52344        TIME_WAIT

    O do Linux tem as colunas do macOS e os endereços do Windows. O resto do
    texto (títulos, sockets de outros tipos) é ignorado. Um endereço
    remoto ``*.*``, ``*:*``, ``0.0.0.0:0`` ou ``[::]:0`` quer dizer "nenhum".
    """
    linhas = []
    for linha in texto.splitlines():
        campos = linha.split()
        if not campos or campos[0].lower() not in PROTOCOLOS_DO_NETSTAT:
            continue
        protocolo = PROTOCOLOS_DO_NETSTAT[campos[0].lower()]
        com_filas = len(campos) >= 5 and campos[1].isdigit() and campos[2].isdigit()
        enderecos = campos[3:] if com_filas else campos[1:]  # pula Recv-Q e Send-Q
        if len(enderecos) < 2:
            continue
        local, remoto = _endereco(enderecos[0]), _endereco(enderecos[1])
        if local is None:
            continue
        estado = nome_do_estado(" ".join(enderecos[2:])) if protocolo == "TCP" else ""
        linhas.append(Linha(protocolo, local, remoto, estado))
    return linhas


def _endereco(texto):
    """Um endereço do netstat -> ``(ip, porta)``, ou ``None`` se não há endereço.

    ``"127.0.0.1:12074"``, ``"[::1]:12074"`` e ``":::22"`` (Windows, Linux): a porta
    vem depois dos **últimos dois-pontos**. ``"127.0.0.1.12074"`` e ``"::1.12074"``
    (macOS): depois do **último ponto**. ``"*.*"``, ``"*:*"``, ``"0.0.0.0:*"``,
    ``"0.0.0.0:0"`` e ``"[::]:0"`` querem dizer "nenhum".
    """
    ip, _, porta = texto.rpartition(":")
    if not (ip and porta.isdigit()):
        ip, _, porta = texto.rpartition(".")
    if not porta.isdigit():
        return None
    ip = ip.strip("[]")  # o macOS escreve "*" para "qualquer endereço"
    if int(porta) == 0 and ip in ("0.0.0.0", "::", "*"):
        return None
    return (ip, int(porta))
