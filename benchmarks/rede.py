"""Quanto a RedeInstavel aguenta, medido nesta máquina (para quem mantém o curso).

Uso (da raiz do projeto)::

    python benchmarks/rede.py            # cerca de 30 s
    python benchmarks/rede.py --rapido   # ensaio curto (usado nos testes)

Tudo no mesmo processo, como num notebook (a rede, quem envia e quem recebe
são threads do mesmo Python), com as rodadas alternadas, para que as medidas
vejam a mesma máquina; cada número é a mediana das rodadas:

1. **Rajada UDP** de datagramas de 1 KB, o mais rápido que ``sendto`` deixa:
   direto pelo loopback (a linha de base) e pela ``RedeInstavel`` sem perda
   nenhuma configurada (o teto da rede). Datagramas por segundo que chegaram
   ao receptor, quantos faltaram e quantos a rede contou como
   ``transbordados`` (o buffer de recepção dela encheu: a rajada é mais rápida
   que a rede).
2. **Go-Back-N e Repetição Seletiva** de referência (``ecolab.transporte``)
   pela mesma rede, sem perda e sem ``taxa``: pacotes de dados por segundo, em
   porcentagem da rajada pela rede. Cada pacote de dados faz a rede repassar
   dois datagramas (ele e a confirmação), então o teto é perto de 50%; a meta
   do curso é pelo menos 40%.

Não é teste: os números dependem da máquina e da carga. Só usa o loopback;
toda rede, socket e thread é fechado.
"""

import argparse
import platform
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from ecolab import RedeInstavel  # noqa: E402
from ecolab.numeros import com_unidade, numero, porcentagem  # noqa: E402

try:
    from ecolab import transporte  # noqa: E402
except ImportError:  # a lição 06 ainda não trouxe o remetente de referência
    transporte = None

TAMANHO = 1024  # bytes por datagrama da rajada
SILENCIO = 0.3  # segundos sem datagrama novo: a rajada acabou
RECEPCAO = 4 * 1024 * 1024  # buffer pedido pelo receptor (o Linux dá o dobro)
JANELA = 32  # pacotes a caminho no Go-Back-N e na Repetição Seletiva
META = 0.40


class Rajada:
    """O que uma rajada mediu: enviados, recebidos e quanto tempo levou."""

    def __init__(self, enviados, recebidos, segundos, transbordados=None):
        self.enviados = enviados
        self.recebidos = recebidos
        self.segundos = segundos
        self.transbordados = transbordados

    @property
    def por_segundo(self):
        return self.recebidos / self.segundos if self.segundos else 0.0


def enviar_rajada(destino, quantos):
    dados = b"x" * TAMANHO
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _ in range(quantos):
            sock.sendto(dados, destino)


def receptor():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEPCAO)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(SILENCIO)
    return sock


def rajada(quantos, pela_rede):
    """Envia ``quantos`` datagramas (numa thread) e conta os que chegam ao receptor."""
    with receptor() as sock:
        rede = RedeInstavel(sock.getsockname()).iniciar() if pela_rede else None
        try:
            destino = rede.endereco if rede else sock.getsockname()
            remetente = threading.Thread(target=enviar_rajada, args=(destino, quantos))
            inicio = ultimo = time.perf_counter()
            remetente.start()
            recebidos = 0
            while True:
                try:
                    sock.recv(65_535)
                except TimeoutError:
                    break
                ultimo = time.perf_counter()
                recebidos += 1
            remetente.join()
            transbordados = rede.contagem.get("transbordados") if rede else None
        finally:
            if rede:
                rede.parar()
    return Rajada(quantos, recebidos, ultimo - inicio, transbordados)


def transferencia(modo, pacotes):
    """Pacotes de dados por segundo de uma transferência de referência pela rede sem perda."""
    dados = b"x" * (transporte.TAMANHO_DOS_DADOS * pacotes)
    resultado = transporte.transferir(dados, modo=modo, janela=JANELA, semente=1, prazo=60.0)
    if not resultado.intacto:
        raise RuntimeError(f"a transferência {modo} não chegou intacta")
    relatorio = resultado.relatorio
    return pacotes / relatorio.duracao, relatorio.retransmitidos


def mediana(valores):
    return statistics.median(valores)


def medir(quantos, pacotes, rodadas):
    medidas = {"direta": [], "rede": [], "gbn": [], "sr": []}
    for _ in range(rodadas):
        medidas["direta"].append(rajada(quantos, pela_rede=False))
        medidas["rede"].append(rajada(quantos, pela_rede=True))
        if transporte is not None:
            medidas["gbn"].append(transferencia("gbn", pacotes))
            medidas["sr"].append(transferencia("sr", pacotes))
    return medidas


def imprimir_rajadas(medidas, quantos):
    print(f"\n1. Rajada de {numero(quantos)} datagramas de {com_unidade(TAMANHO, 'bytes')}")
    print("| caminho | datagramas/s | faltaram | transbordados (contados pela rede) |")
    print("| --- | ---: | ---: | ---: |")
    for chave, nome in (("direta", "loopback direto"), ("rede", "RedeInstavel sem perda")):
        rajadas = medidas[chave]
        faltaram = mediana([r.enviados - r.recebidos for r in rajadas])
        contados = [r.transbordados for r in rajadas if r.transbordados is not None]
        texto = numero(mediana(contados), 0) if contados else "-"
        print(f"| {nome} | {numero(mediana([r.por_segundo for r in rajadas]), 0)} "
              f"| {numero(faltaram, 0)} | {texto} |")
    razao = mediana([r.por_segundo for r in medidas["rede"]]) / mediana(
        [r.por_segundo for r in medidas["direta"]])
    print(f"A rede repassa {porcentagem(razao * 100)} do que o loopback direto carrega.")


def imprimir_transferencias(medidas, pacotes):
    print(f"\n2. Go-Back-N e Repetição Seletiva: {numero(pacotes)} pacotes, janela de "
          f"{JANELA}, rede sem perda e sem taxa")
    if transporte is None:
        print("(ecolab/transporte.py ainda não existe: nada a medir)")
        return
    teto = mediana([r.por_segundo for r in medidas["rede"]])
    print("| remetente | pacotes/s | % da rajada pela rede | retransmitidos | meta (40%) |")
    print("| --- | ---: | ---: | ---: | --- |")
    for modo, nome in (("gbn", "Go-Back-N"), ("sr", "Repetição Seletiva")):
        por_segundo = mediana([m[0] for m in medidas[modo]])
        retransmitidos = mediana([m[1] for m in medidas[modo]])
        fracao = por_segundo / teto
        print(f"| {nome} | {numero(por_segundo, 0)} | {porcentagem(fracao * 100)} "
              f"| {numero(retransmitidos, 0)} | {'atingida' if fracao >= META else 'NÃO'} |")


def main(argv=None):
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--rapido", action="store_true", help="ensaio curto")
    opcoes = argumentos.parse_args(argv)
    quantos, pacotes, rodadas = (2000, 300, 1) if opcoes.rapido else (20_000, 3000, 5)
    print(f"Máquina: {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; mediana de {rodadas} rodada(s).")
    medidas = medir(quantos, pacotes, rodadas)
    imprimir_rajadas(medidas, quantos)
    imprimir_transferencias(medidas, pacotes)


if __name__ == "__main__":
    main()
