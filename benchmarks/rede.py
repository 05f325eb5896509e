"""Quanto a RedeInstavel aguenta, medido nesta máquina (para quem mantém o curso).

Uso (da raiz do projeto)::

    python benchmarks/rede.py            # cerca de 40 s
    python benchmarks/rede.py --rapido   # ensaio curto (usado nos testes)

Tudo no mesmo processo, como num notebook (a rede, quem envia e quem recebe
são threads do mesmo Python), com as rodadas alternadas, para que as medidas
vejam a mesma máquina; cada número é a mediana das rodadas:

1. **Rajada UDP** de datagramas de 1 KB, o mais rápido que ``sendto`` deixa:
   direto pelo loopback (a linha de base) e pela ``RedeInstavel`` sem perda
   nenhuma configurada (o teto da rede), com o buffer de recepção padrão do
   sistema e com o que a rede pede (``RedeInstavel.buffer_de_recepcao``).
   Datagramas por segundo que chegaram ao receptor, quantos faltaram e quantos
   a rede contou como ``transbordados``: a rajada é mais rápida que a rede, o
   buffer dela enche e o sistema descarta o resto.
2. **Go-Back-N e Repetição Seletiva** de referência (``ecolab.transporte``)
   pela mesma rede, sem perda e sem ``taxa``: pacotes de dados por segundo, em
   porcentagem da rajada pela rede. Cada pacote de dados faz a rede repassar
   dois datagramas (ele e a confirmação), então o teto é perto de 50%; a meta
   do curso é pelo menos 40%. Com a **confirmação atrasada** do TCP (RFC 1122,
   4.2.3.2: um ACK cumulativo a cada 2 pacotes, ``Receptor(...,
   confirmar_a_cada=2)``), são 1,5 datagrama por pacote e o teto sobe para 67%.
   A Repetição Seletiva confirma cada pacote com o seu ACK: não há como juntar.

Ao lado da vazão, a CPU do processo inteiro (todas as threads) por datagrama ou
por pacote: ela depende menos da carga da máquina do que a vazão.

3. **A rede em outro processo**: a mesma rajada e as mesmas transferências,
   mas com a ``RedeInstavel`` sozinha num processo filho (sem dividir o GIL com
   quem envia e recebe). Responde à pergunta da issue 14: a rede é o gargalo?
   Duas arrumações: quem envia e quem recebe no mesmo processo (duas threads),
   e cada um no seu processo, como três máquinas. Numa máquina de 2 núcleos,
   três processos ocupados disputam a CPU: se a rajada (onde só a rede
   trabalha muito) passa da transferência, o que falta é CPU para as pontas,
   não velocidade da rede.

As duas primeiras partes rodam duas vezes: com o processo preso a um núcleo da CPU e
solto. Entre threads do mesmo Python, cada datagrama passa a vez (o GIL) de uma
thread para outra, e acordar uma thread no outro núcleo custa caro; preso a um
núcleo, as medidas variam menos.

Não é teste: os números dependem da máquina e da carga. Só usa o loopback;
toda rede, socket e thread é fechado.
"""

import argparse
import contextlib
import hashlib
import multiprocessing
import os
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
CAMINHOS = {  # nome -> buffer de recepção da rede (None: sem rede; "padrão": o do sistema)
    "loopback direto": None,
    "RedeInstavel, buffer padrão": "padrão",
    "RedeInstavel, buffer pedido": RedeInstavel.buffer_de_recepcao,
}
REMETENTES = {  # nome -> (modo, confirmar_a_cada do receptor)
    "Go-Back-N": ("gbn", 1),
    "Go-Back-N, ACK a cada 2 pacotes": ("gbn", 2),
    "Repetição Seletiva": ("sr", 1),
}


class Rajada:
    """O que uma rajada mediu: enviados, recebidos, segundos, CPU e o que a rede contou."""

    def __init__(self, enviados, recebidos, segundos, cpu, transbordados=None, buffer=None):
        self.enviados = enviados
        self.recebidos = recebidos
        self.segundos = segundos
        self.cpu = cpu  # segundos de CPU do processo inteiro (todas as threads)
        self.transbordados = transbordados
        self.buffer = buffer

    @property
    def por_segundo(self):
        return self.recebidos / self.segundos if self.segundos else 0.0

    @property
    def cpu_por_datagrama(self):
        """µs de CPU do processo por datagrama que chegou (a carga da máquina pesa menos)."""
        return self.cpu / self.recebidos * 1e6 if self.recebidos else float("nan")


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


def rede_para(destino, buffer):
    """A rede sem perda com o buffer de recepção pedido (``"padrão"``: o do sistema)."""
    rede = RedeInstavel(destino)
    rede.buffer_de_recepcao = None if buffer == "padrão" else buffer
    return rede.iniciar()


def contar_ate_o_silencio(sock):
    """(datagramas recebidos, hora do último) até ``SILENCIO`` segundos sem nada."""
    recebidos, ultimo = 0, time.perf_counter()
    while True:
        try:
            sock.recv(65_535)
        except TimeoutError:
            return recebidos, ultimo
        ultimo = time.perf_counter()
        recebidos += 1


def rajada(quantos, buffer):
    """Envia ``quantos`` datagramas (numa thread) e conta os que chegam ao receptor."""
    with receptor() as sock:
        rede = None if buffer is None else rede_para(sock.getsockname(), buffer)
        try:
            destino = rede.endereco if rede else sock.getsockname()
            remetente = threading.Thread(target=enviar_rajada, args=(destino, quantos))
            inicio, cpu = time.perf_counter(), time.process_time()
            remetente.start()
            recebidos, ultimo = contar_ate_o_silencio(sock)
            remetente.join()
            medida = (quantos, recebidos, ultimo - inicio, time.process_time() - cpu)
            if rede is None:
                return Rajada(*medida)
            return Rajada(*medida, rede.contagem["transbordados"], rede.buffer_de_recepcao_obtido)
        finally:
            if rede:
                rede.parar()


def transferencia(remetente, pacotes):
    """(pacotes de dados por segundo, µs de CPU do processo por pacote) de uma
    transferência de referência pela rede sem perda."""
    modo, confirmar_a_cada = REMETENTES[remetente]
    dados = b"x" * (transporte.TAMANHO_DOS_DADOS * pacotes)

    def receptor(sock):
        return transporte.Receptor(sock, modo, prazo=60.0,
                                   confirmar_a_cada=confirmar_a_cada).receber()

    cpu = time.process_time()
    resultado = transporte.transferir(dados, modo=modo, janela=JANELA, semente=1, prazo=60.0,
                                      receptor=receptor)
    cpu = time.process_time() - cpu
    if not resultado.intacto:
        raise RuntimeError(f"{remetente} não chegou intacto")
    return pacotes / resultado.relatorio.duracao, cpu / pacotes * 1e6


@contextlib.contextmanager
def processo_filho(alvo, *argumentos, mandar_parar=False):
    """Roda ``alvo(*argumentos, conexao)`` num processo filho; devolve (1ª mensagem, conexão).

    O filho manda pela ``conexao`` uma primeira mensagem quando está pronto (um
    endereço). No fim, com ``mandar_parar``, o pai manda "parar"; depois espera
    o filho terminar (e o encerra se ele não terminar em 10 s).
    """
    contexto = multiprocessing.get_context("spawn")  # sem fork: este processo tem threads
    pai, filho = contexto.Pipe()
    processo = contexto.Process(target=alvo, args=(*argumentos, filho), daemon=True)
    processo.start()
    try:
        if not pai.poll(30):
            raise RuntimeError(f"o processo filho ({alvo.__name__}) não começou em 30 s")
        yield pai.recv(), pai
    finally:
        if mandar_parar:
            pai.send("parar")
        processo.join(10)
        if processo.is_alive():
            processo.terminate()
            processo.join(5)


def _rede_no_filho(destino, conexao):
    """O processo filho: uma RedeInstavel sem perda até o pai pedir para parar."""
    rede = RedeInstavel(destino).iniciar()
    conexao.send(rede.endereco)
    conexao.poll(600)  # o pai manda qualquer coisa para parar (no máximo 10 min)
    rede.parar()
    conexao.send(rede.contagem)


@contextlib.contextmanager
def rede_em_outro_processo(destino):
    """O endereço de uma RedeInstavel que roda num processo filho; para e espera no fim."""
    with processo_filho(_rede_no_filho, destino, mandar_parar=True) as (endereco, _):
        yield endereco


def rajada_com_rede_a_parte(quantos):
    """A rajada pela rede que roda noutro processo: datagramas por segundo que chegaram."""
    with receptor() as sock, rede_em_outro_processo(sock.getsockname()) as endereco:
        remetente = threading.Thread(target=enviar_rajada, args=(endereco, quantos))
        inicio = time.perf_counter()
        remetente.start()
        recebidos, ultimo = contar_ate_o_silencio(sock)
        remetente.join()
    return recebidos / (ultimo - inicio)


ARRANJOS = {  # nome -> o receptor roda num processo só dele?
    "quem envia e quem recebe no mesmo processo": False,
    "cada um no seu processo (como três máquinas)": True,
}


def _receptor_no_filho(modo, confirmar_a_cada, conexao):
    """O processo filho: um Receptor de referência; manda ao pai o endereço e o resumo do que recebeu."""
    with transporte.socket_udp() as sock:
        conexao.send(sock.getsockname())
        conexao.send(receber_e_resumir(sock, modo, confirmar_a_cada))


def receber_e_resumir(sock, modo, confirmar_a_cada):
    """Recebe uma transferência com o Receptor de referência; devolve o SHA-256 do que chegou."""
    dados = transporte.Receptor(sock, modo, prazo=60.0, confirmar_a_cada=confirmar_a_cada).receber()
    return hashlib.sha256(dados).hexdigest()


@contextlib.contextmanager
def receptor_em_outro_processo(modo, confirmar_a_cada):
    """(endereço do receptor, função que espera e devolve o resumo) de um Receptor num processo filho."""
    with processo_filho(_receptor_no_filho, modo, confirmar_a_cada) as (endereco, conexao):
        yield endereco, conexao.recv


@contextlib.contextmanager
def receptor_neste_processo(modo, confirmar_a_cada):
    """O mesmo, com o Receptor numa thread deste processo (dividindo o GIL com quem envia)."""
    resumo = {}
    with transporte.socket_udp() as sock:
        thread = threading.Thread(
            target=lambda: resumo.update(valor=receber_e_resumir(sock, modo, confirmar_a_cada)))
        thread.start()

        def esperar_o_resumo():
            thread.join(60)
            return resumo.get("valor")

        try:
            yield sock.getsockname(), esperar_o_resumo
        finally:
            thread.join(60)


def transferencia_com_rede_a_parte(remetente, pacotes, receptor_a_parte):
    """Pacotes de dados por segundo do remetente de referência pela rede noutro processo."""
    modo, confirmar_a_cada = REMETENTES[remetente]
    dados = transporte.fatiar(b"x" * (transporte.TAMANHO_DOS_DADOS * pacotes))
    abrir_receptor = receptor_em_outro_processo if receptor_a_parte else receptor_neste_processo
    with abrir_receptor(modo, confirmar_a_cada) as (destino, resumo), \
            rede_em_outro_processo(destino) as endereco, transporte.socket_udp() as sock_tx:
        relatorio = transporte.Remetente(sock_tx, endereco, modo, JANELA, prazo=60.0).enviar(dados)
        if resumo() != hashlib.sha256(b"".join(dados)).hexdigest():
            raise RuntimeError(f"{remetente} com a rede à parte não chegou intacto")
    return pacotes / relatorio.duracao


def imprimir_rede_a_parte(quantos, pacotes, rodadas):
    print("\n## A rede em outro processo (solto)")
    if transporte is None:
        return
    tetos, vazoes = [], {(arranjo, nome): [] for arranjo in ARRANJOS for nome in REMETENTES}
    for _ in range(rodadas):
        tetos.append(rajada_com_rede_a_parte(quantos))
        for (arranjo, nome), lista in vazoes.items():
            lista.append(transferencia_com_rede_a_parte(nome, pacotes, ARRANJOS[arranjo]))
    teto = mediana(tetos)
    print(f"Rajada de {numero(quantos)} pela rede à parte: {numero(teto, 0)} datagramas/s")
    print(f"{numero(pacotes)} pacotes de dados, janela de {JANELA}, sem perda e sem taxa:")
    print("| arranjo | remetente | pacotes/s | % da rajada pela rede | meta (40%) |")
    print("| --- | --- | ---: | ---: | --- |")
    for (arranjo, nome), lista in vazoes.items():
        por_segundo = mediana(lista)
        situacao = "atingida" if por_segundo / teto >= META else "NÃO atingida"
        print(f"| {arranjo} | {nome} | {numero(por_segundo, 0)} "
              f"| {porcentagem(por_segundo / teto * 100, 1)} | {situacao} |")


@contextlib.contextmanager
def num_nucleo(preso):
    """Prende este processo (as threads criadas daqui em diante) a um núcleo, se ``preso``."""
    if not preso:
        yield
        return
    anterior = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(anterior)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, anterior)


def medir(quantos, pacotes, rodadas, condicoes):
    medidas = {(preso, nome): [] for preso in condicoes for nome in [*CAMINHOS, *REMETENTES]}
    for _ in range(rodadas):
        for preso in condicoes:
            with num_nucleo(preso):
                for nome, buffer in CAMINHOS.items():
                    medidas[preso, nome].append(rajada(quantos, buffer))
                for nome in REMETENTES if transporte is not None else ():
                    medidas[preso, nome].append(transferencia(nome, pacotes))
    return medidas


def mediana(valores):
    return statistics.median(valores) if valores else float("nan")


def imprimir_rajadas(medidas, preso, quantos):
    print(f"\n1. Rajada de {numero(quantos)} datagramas de {com_unidade(TAMANHO, 'bytes')}")
    print("| caminho | datagramas/s | CPU por datagrama | faltaram | transbordados "
          "| buffer da rede |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for nome in CAMINHOS:
        rajadas = medidas[preso, nome]
        contados = [r.transbordados for r in rajadas if r.transbordados is not None]
        buffers = [r.buffer for r in rajadas if r.buffer is not None]
        print(f"| {nome} | {numero(mediana([r.por_segundo for r in rajadas]), 0)} "
              f"| {com_unidade(mediana([r.cpu_por_datagrama for r in rajadas]), 'µs', 1)} "
              f"| {numero(mediana([r.enviados - r.recebidos for r in rajadas]), 0)} "
              f"| {numero(mediana(contados), 0) if contados else '-'} "
              f"| {com_unidade(mediana(buffers), 'bytes', 0) if buffers else '-'} |")
    teto = mediana([r.por_segundo for r in medidas[preso, "RedeInstavel, buffer pedido"]])
    direta = mediana([r.por_segundo for r in medidas[preso, "loopback direto"]])
    print(f"A rede repassa {porcentagem(teto / direta * 100)} do que o loopback direto carrega.")
    return teto


def imprimir_transferencias(medidas, preso, pacotes, teto):
    print(f"\n2. {numero(pacotes)} pacotes de dados, janela de {JANELA}, pela rede sem perda "
          "e sem taxa")
    if transporte is None:
        print("(ecolab/transporte.py ainda não existe: nada a medir)")
        return
    print("| remetente | pacotes/s | CPU por pacote | % da rajada pela rede | meta (40%) |")
    print("| --- | ---: | ---: | ---: | --- |")
    for nome in REMETENTES:
        por_segundo = mediana([m[0] for m in medidas[preso, nome]])
        cpu = mediana([m[1] for m in medidas[preso, nome]])
        fracao = por_segundo / teto
        situacao = "atingida" if fracao >= META else "NÃO atingida"
        print(f"| {nome} | {numero(por_segundo, 0)} | {com_unidade(cpu, 'µs', 1)} "
              f"| {porcentagem(fracao * 100, 1)} | {situacao} |")


def main(argv=None):
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--rapido", action="store_true", help="ensaio curto")
    opcoes = argumentos.parse_args(argv)
    quantos, pacotes, rodadas = (2000, 300, 1) if opcoes.rapido else (20_000, 3000, 3)
    condicoes = (True, False) if hasattr(os, "sched_setaffinity") else (False,)
    print(f"Máquina: {platform.system()} {platform.release()}, {os.cpu_count()} núcleos, "
          f"Python {platform.python_version()}; mediana de {rodadas} rodada(s).")
    medidas = medir(quantos, pacotes, rodadas, condicoes)
    for preso in condicoes:
        print(f"\n## {'Preso a um núcleo' if preso else 'Solto (todos os núcleos)'}")
        teto = imprimir_rajadas(medidas, preso, quantos)
        imprimir_transferencias(medidas, preso, pacotes, teto)
    imprimir_rede_a_parte(quantos, pacotes, rodadas)


if __name__ == "__main__":
    main()
