"""Mede quanto a captura de pacotes custa a uma conversa (para quem mantém o curso).

Uso (da raiz do projeto; a captura ao vivo pede root ou CAP_NET_RAW)::

    sudo .venv/bin/python benchmarks/captura.py            # cerca de 30 s
    sudo .venv/bin/python benchmarks/captura.py --rapido   # ensaio de poucos segundos

O que mede, tudo no mesmo processo e com as rodadas alternadas (com captura,
sem captura, com, sem...), para que as duas medidas vejam a mesma máquina:

1. **Custo por pacote** do socket de pacotes: uma conversa de N mensagens com
   ``ClienteTCP``/``ServidorTCP`` dentro e fora de ``capturar``; só o tempo da
   conversa conta (o bloco ``with``, sem entrar e sair). A diferença dividida
   pelos pacotes capturados é o que cada pacote custou à conversa: a thread da
   captura disputa o processador (e o GIL) com o cliente e o servidor.
2. **Entrar e sair** de ``capturar`` sem conversa nenhuma: abrir o socket,
   iniciar a thread, esperar os últimos pacotes (``SILENCIO``) e parar.
3. **Os programas** (tcpdump, dumpcap), quando instalados: o mesmo par de
   medidas, usando o captor por programa diretamente.
4. **Ler** um arquivo de captura com ``ler_captura``: microssegundos por pacote.

Não é teste: os números dependem da máquina. Só usa a interface de loopback.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from ecolab import ClienteTCP, ServidorTCP  # noqa: E402
from ecolab.captura import capturar, ler_captura  # noqa: E402
from ecolab.captura.por_programa import CapturaPorPrograma  # noqa: E402
from ecolab.numeros import com_unidade, numero  # noqa: E402


def conversa(porta, mensagens):
    """Segundos para ``mensagens`` idas e voltas numa conexão já aberta."""
    with ClienteTCP(porta=porta) as cliente:
        cliente.enviar("aquecimento")
        inicio = time.perf_counter()
        for i in range(mensagens):
            cliente.enviar(f"mensagem {i}")
        return time.perf_counter() - inicio


def rodada_com(captor_de, porta, mensagens):
    """(segundos da conversa, pacotes capturados) com o captor feito por ``captor_de(porta)``."""
    captor = captor_de(porta)
    with captor:
        segundos = conversa(porta, mensagens)
    return segundos, len(captor.pacotes)


class _PorPrograma:
    """Adapta ``CapturaPorPrograma`` ao ``with`` e a ``pacotes`` (só para medir)."""

    def __init__(self, nome, porta):
        self._captor = CapturaPorPrograma(nome, shutil.which(nome), "lo", porta)
        self.pacotes = []

    def __enter__(self):
        self._captor.iniciar()
        return self

    def __exit__(self, *erro):
        from ecolab.captura.leitura import pacotes_dos_quadros

        self.pacotes = pacotes_dos_quadros(*self._captor.parar())


def custo_por_pacote(captor_de, mensagens, rodadas):
    """Mediana de (µs a mais por pacote, razão com/sem, pacotes por rodada)."""
    extras, razoes, pacotes = [], [], []
    with ServidorTCP(porta=0) as servidor:
        for _ in range(rodadas):
            sem = conversa(servidor.porta, mensagens)
            com, capturados = rodada_com(captor_de, servidor.porta, mensagens)
            extras.append((com - sem) / capturados * 1e6)
            razoes.append(com / sem)
            pacotes.append(capturados)
    return statistics.median(extras), statistics.median(razoes), statistics.median(pacotes)


def entrar_e_sair(captor_de, vezes):
    """Mediana dos segundos para entrar e sair de uma captura sem conversa."""
    tempos = []
    with ServidorTCP(porta=0) as servidor:
        for _ in range(vezes):
            inicio = time.perf_counter()
            with captor_de(servidor.porta):
                pass
            tempos.append(time.perf_counter() - inicio)
    return statistics.median(tempos)


def leitura_por_pacote(mensagens):
    """µs por pacote de ``ler_captura`` num arquivo com a conversa de ``mensagens``."""
    with ServidorTCP(porta=0) as servidor:
        with capturar(porta=servidor.porta) as captura:
            conversa(servidor.porta, mensagens)
    with tempfile.TemporaryDirectory() as pasta:
        arquivo = Path(pasta) / "conversa.pcapng"
        captura.salvar(arquivo)
        inicio = time.perf_counter()
        pacotes = ler_captura(arquivo)
        return (time.perf_counter() - inicio) / len(pacotes) * 1e6, len(pacotes)


def imprimir_linha(nome, extra, razao, pacotes, entrar):
    print(
        f"| {nome} | {numero(pacotes, 0)} | {numero(extra, 1)} | {numero(razao, 2)}× "
        f"| {com_unidade(entrar * 1000, 'ms', 0)} |"
    )


def main():
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--rapido", action="store_true", help="ensaio curto")
    opcoes = argumentos.parse_args()
    mensagens, rodadas = (200, 3) if opcoes.rapido else (2000, 9)

    print(f"Conversa: {numero(mensagens, 0)} mensagens TCP; mediana de {rodadas} rodadas.\n")
    print("| captura | pacotes | µs a mais por pacote | conversa com ÷ sem | entrar e sair |")
    print("| --- | ---: | ---: | ---: | ---: |")
    extra, razao, pacotes = custo_por_pacote(capturar, mensagens, rodadas)
    imprimir_linha("socket de pacotes", extra, razao, pacotes, entrar_e_sair(capturar, rodadas))
    for nome in ("tcpdump", "dumpcap"):
        if shutil.which(nome) is None:
            print(f"| {nome} | (não instalado) | | | |")
            continue

        def captor_de(porta, nome=nome):
            return _PorPrograma(nome, porta)

        extra, razao, pacotes = custo_por_pacote(captor_de, mensagens, max(2, rodadas // 3))
        imprimir_linha(nome, extra, razao, pacotes, entrar_e_sair(captor_de, 2))
    por_pacote, lidos = leitura_por_pacote(mensagens)
    print(f"\nler_captura: {numero(por_pacote, 1)} µs por pacote ({numero(lidos, 0)} pacotes).")


if __name__ == "__main__":
    main()
