"""O filtro da captura: só os pacotes da conversa numa porta.

Na interface de loopback passam os pacotes de todos os programas do computador
(o navegador falando com o JupyterLab, por exemplo). ``capturar(porta=P)``
guarda só os da conversa em ``P``, nos dois sentidos:

- TCP e UDP em que ``P`` é a porta de origem **ou** a de destino;
- mensagens ICMP que citam um datagrama de ou para ``P`` (por exemplo, a "porta
  inalcançável" que volta quando alguém manda um datagrama para ``P`` fechada).

É a mesma ideia do filtro ``port P`` do tcpdump e do Wireshark, escrita em
Python para que se possa ler.
"""

from .decodificacao import pacote_de_ip
from .enlace import pacote_ip


def da_conversa(pacote, porta):
    """Verdadeiro se ``pacote`` pertence à conversa na ``porta``."""
    if pacote.protocolo == "ICMP":
        return pacote.citado is not None and any(
            endereco[1] == porta for endereco in pacote.citado
        )
    return porta in (pacote.origem[1], pacote.destino[1])


def quadro_da_conversa(tipo_de_enlace, quadro, porta):
    """Verdadeiro se o ``quadro`` (bytes com o cabeçalho de enlace) é da conversa na ``porta``."""
    ip = pacote_ip(tipo_de_enlace, quadro)
    pacote = pacote_de_ip(ip, 0.0) if ip is not None else None
    return pacote is not None and da_conversa(pacote, porta)
