"""O gargalo da RedeInstavel medido: a taxa que sai é a taxa pedida?

Uso (da raiz do projeto)::

    python benchmarks/gargalo.py            # cerca de 10 s
    python benchmarks/gargalo.py --rapido   # ensaio curto

Para cada taxa, uma rajada de datagramas de 1.000 bytes entra na rede de uma
vez (a 1,5 vez a taxa; a fila cabe a rajada inteira) e um receptor anota a hora de chegada de
cada um. A taxa medida é ``(n − 1) × 8.000 bits / (última chegada − primeira)``;
a razão medida/pedida deve ficar perto de 1. Depois, uma rajada maior que a
fila mostra os descartes: com a fila de ``F`` datagramas, passam ``F`` (e mais
os que saíram durante a rajada). Os testes (tests/test_gargalo.py) conferem o
comportamento; os números ficam aqui.
"""

import argparse
import socket
import threading
import time

from ecolab import RedeInstavel
from ecolab.numeros import com_unidade, numero

TAMANHO = 1_000


def receptor():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
    sock.settimeout(1.0)
    return sock


def rajada(rede, quantos, taxa=None):
    """Envia ``quantos`` datagramas; com ``taxa``, a 1,5 vez a taxa (a fila cresce aos poucos).

    Sem ritmo, uma rajada grande enche o buffer de recepção da própria rede antes
    que a thread dela leia: isso mediria o buffer, não o gargalo.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        inicio = time.monotonic()
        for i in range(quantos):
            if taxa is not None:
                hora = inicio + i * TAMANHO * 8 / (1.5 * taxa)
                time.sleep(max(0.0, hora - time.monotonic()))
            sock.sendto(b"x" * TAMANHO, rede.endereco)


def chegadas(sock, quantos):
    horas = []
    while len(horas) < quantos:
        try:
            sock.recv(65_535)
        except TimeoutError:
            break
        horas.append(time.monotonic())
    return horas


def medir_taxa(taxa, quantos):
    """A taxa medida pelo receptor, que lê numa thread enquanto a rajada sai."""
    horas = []
    with receptor() as sock, RedeInstavel(sock.getsockname(), taxa=taxa, fila=quantos) as rede:
        leitor = threading.Thread(target=lambda: horas.extend(chegadas(sock, quantos)))
        leitor.start()
        rajada(rede, quantos, taxa)
        leitor.join(30)
    medida = (len(horas) - 1) * TAMANHO * 8 / (horas[-1] - horas[0])
    return medida, len(horas)


def medir_descartes(fila, quantos):
    with receptor() as sock, RedeInstavel(sock.getsockname(), taxa=1_000_000, fila=fila) as rede:
        rajada(rede, quantos)
        chegaram = len(chegadas(sock, quantos))
    return chegaram, rede.contagem["descartados"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapido", action="store_true", help="ensaio curto")
    args = parser.parse_args()
    segundos = 0.3 if args.rapido else 2.0
    print("1. Taxa do gargalo: pedida × medida (datagramas de 1.000 bytes)")
    for taxa in (1_000_000, 2_000_000, 10_000_000):
        quantos = max(20, int(taxa * segundos / (TAMANHO * 8)))
        medida, chegaram = medir_taxa(taxa, quantos)
        print(f"  pedida {com_unidade(taxa / 1e6, 'Mbit/s', 0):>12}: medida "
              f"{com_unidade(medida / 1e6, 'Mbit/s', 3)} (razão {numero(medida / taxa, 3)}; "
              f"{numero(chegaram)} de {numero(quantos)} datagramas)")
    fila, quantos = 20, 100
    chegaram, descartados = medir_descartes(fila, quantos)
    sumidos = quantos - chegaram - descartados
    print(f"\n2. Fila de {fila} datagramas, rajada de {quantos} (sem ritmo) a 1 Mbit/s: chegaram "
          f"{numero(chegaram)}, descartados pela fila {numero(descartados)}; nem chegaram à "
          f"fila {numero(sumidos)} (o buffer de recepção da própria rede transbordou)")


if __name__ == "__main__":
    main()
