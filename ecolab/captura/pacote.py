"""O pacote: o que atravessou a rede, como o Wireshark mostra numa linha.

Um :class:`Pacote` é um segmento TCP, um datagrama UDP ou uma mensagem ICMP,
lido de um arquivo de captura (``ler_captura``) ou capturado ao vivo
(``capturar``). Os campos têm os nomes da aula, não os do cabeçalho::

    Pacote(tempo=0.000123, protocolo="TCP",
           origem=("127.0.0.1", 52344), destino=("127.0.0.1", 12001),
           flags="SYN", seq=1710238871, ack=0, janela=65495,
           dados=b"", tamanho=60, escala=10)

- ``tempo``: segundos desde o início da captura (o primeiro pacote tem 0,0);
- ``protocolo``: ``"TCP"``, ``"UDP"`` ou ``"ICMP"``;
- ``origem`` e ``destino``: ``(host, porta)``; no ICMP a porta é ``None``;
- ``flags``: só no TCP, como o Wireshark escreve (``"SYN"``, ``"SYN,ACK"``,
  ``"PSH,ACK"``, ``"FIN,ACK"``, ``"RST"``...); texto vazio nos outros;
- ``seq``, ``ack``, ``janela``: os números do cabeçalho TCP como estão no fio
  (absolutos; o número relativo, que começa em 0, é conta de quem mostra);
  ``None`` fora do TCP;
- ``escala``: só num ``SYN`` (ou ``SYN-ACK``) que leva a opção *window
  scale* (RFC 7323, seção 2): o expoente que esse lado anuncia, de 0 a 14.
  Depois do aperto de mão, se os **dois** lados a anunciaram, a janela que
  cada lado envia vale ``janela * 2**escala`` (a do próprio ``SYN`` nunca é
  multiplicada). ``None`` quando o segmento não leva a opção, e fora do TCP;
- ``dados``: os bytes da carga (o que a aplicação enviou);
- ``tamanho``: os bytes no fio (cabeçalhos IP + TCP/UDP/ICMP + dados; sem o
  cabeçalho do enlace, que muda de um sistema para outro);
- ``icmp``: no ICMP, o que a mensagem diz, em português (por exemplo,
  ``"porta inalcançável"``); ``citado``: o ``(origem, destino)`` do datagrama
  que provocou o erro, copiado de dentro da mensagem ICMP. Vazios fora do ICMP.
"""

from dataclasses import dataclass
from typing import Optional, Tuple

Endereco = Tuple[str, Optional[int]]


@dataclass(frozen=True)
class Pacote:
    """Um pacote capturado (veja a explicação dos campos no início do módulo)."""

    tempo: float
    protocolo: str
    origem: Endereco
    destino: Endereco
    flags: str = ""
    seq: Optional[int] = None
    ack: Optional[int] = None
    janela: Optional[int] = None
    dados: bytes = b""
    tamanho: int = 0
    icmp: str = ""
    citado: Optional[Tuple[Endereco, Endereco]] = None
    escala: Optional[int] = None

    @property
    def so_ack(self):
        """Verdadeiro num segmento TCP que só confirma: flag ACK sozinha e sem dados."""
        return self.protocolo == "TCP" and self.flags == "ACK" and not self.dados
