"""O remetente de referência (ecolab.transporte) contra o teto da própria RedeInstavel.

Uso (da raiz do projeto)::

    python benchmarks/transporte.py            # cerca de 15 s
    python benchmarks/transporte.py --rapido   # ensaio curto

Sem gargalo e sem perda, quanto o Go-Back-N e a Repetição Seletiva de
referência passam pela rede do curso, comparado com uma rajada UDP simples pela
mesma rede (o teto dela: a thread da rede lê, decide e reenvia cada datagrama)?
Com uma confirmação por pacote, a rede encaminha dois datagramas por pacote de
dados: metade da rajada é o máximo; a issue 14 pede pelo menos 40% dela.
A rajada vai em ritmo (blocos de 50 datagramas com uma pausa curta): sem ritmo,
ela transbordaria o buffer de recepção da própria rede e mediria o buffer.
"""

import argparse
import os
import socket
import threading
import time

from ecolab import RedeInstavel
from ecolab.numeros import numero, porcentagem
from ecolab.transporte import transferir

TAMANHO = 1_012  # um pacote de 1.000 bytes de dados e o cabeçalho de 12


def rajada(quantos):
    """Datagramas por segundo que chegam ao receptor numa rajada pela rede."""
    receptor = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receptor.bind(("127.0.0.1", 0))
    receptor.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 23)
    receptor.settimeout(0.5)
    horas = []

    def ler():
        while True:
            try:
                receptor.recv(65_535)
            except TimeoutError:
                return
            horas.append(time.monotonic())

    leitor = threading.Thread(target=ler)
    with RedeInstavel(receptor.getsockname()) as rede, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as remetente:
        leitor.start()
        for i in range(quantos):
            remetente.sendto(bytes(TAMANHO), rede.endereco)
            if i % 50 == 49:
                time.sleep(0.001)
        leitor.join()
    receptor.close()
    return (len(horas) - 1) / (horas[-1] - horas[0]), len(horas)


def main():
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--rapido", action="store_true", help="um ensaio curto")
    pacotes = 1_000 if argumentos.parse_args().rapido else 5_000
    teto, chegaram = rajada(4 * pacotes)
    print(f"rajada pela rede: {numero(teto, 0)} datagramas/s "
          f"({numero(chegaram)} de {numero(4 * pacotes)} chegaram)")
    dados = os.urandom(pacotes * 1_000)
    for modo in ("gbn", "sr"):
        for janela in (16, 64):
            t = transferir(dados, modo=modo, janela=janela, prazo=120)
            ritmo = t.relatorio.pacotes / t.relatorio.duracao
            print(f"{modo:>3}, janela {janela:>2}: {numero(ritmo, 0)} pacotes/s = "
                  f"{porcentagem(100 * ritmo / teto)} da rajada; "
                  f"{t.relatorio.retransmitidos} retransmissões; intacto: {t.intacto}")


if __name__ == "__main__":
    main()
