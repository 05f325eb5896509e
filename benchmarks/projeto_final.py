"""O projeto final (lição 10) medido: a solução de referência, o pare e espere e os limites.

Uso (da raiz do projeto)::

    python benchmarks/projeto_final.py            # cerca de 40 s
    python benchmarks/projeto_final.py --rapido   # uma semente só

Na rede da lição (perde 3%, duplica 2%, troca a ordem de 2%, 20 ms em cada sentido e
gargalo de 2 Mbit/s com fila de 20), para cada semente: a solução comentada da lição
(``notebooks/solucoes/solucao_10_projeto_final.py``: Reno, RFC 6298) com o arquivo de
250.000 bytes, o pare e espere de ``ecolab.transporte`` com os primeiros 30 pacotes
(o arquivo inteiro levaria mais de 11 s) e uma janela fixa de 10 pacotes. No fim, as
medianas ao lado das três contas de :mod:`ecolab.vazao`. Os números ficam aqui; os
testes conferem o comportamento.
"""

import argparse
import importlib.util
import statistics
from pathlib import Path

from ecolab import transporte
from ecolab.exercicios.projeto_final import (arquivo_de_teste, reducoes_da_janela,
                                             transferir_projeto)
from ecolab.exercicios.verificacoes_10 import PRAZO, REDE_RUIM, TAMANHO_DO_ARQUIVO
from ecolab.numeros import com_unidade
from ecolab.vazao import (Quadro, limite_de_mathis, limite_do_gargalo, mbits,
                          vazao_do_pare_e_espere)

SOLUCAO = Path(__file__).resolve().parent.parent / "notebooks" / "solucoes" / \
    "solucao_10_projeto_final.py"


def carregar_solucao():
    especificacao = importlib.util.spec_from_file_location("solucao_10", SOLUCAO)
    modulo = importlib.util.module_from_spec(especificacao)
    especificacao.loader.exec_module(modulo)
    return modulo


def medir(sementes):
    solucao, arquivo = carregar_solucao(), arquivo_de_teste(TAMANHO_DO_ARQUIVO)
    medidas = {"referência (Reno)": [], "pare e espere (30 pacotes)": [],
               "janela fixa de 10": []}
    for semente in sementes:
        seu = transferir_projeto(solucao.enviar_arquivo, solucao.receber_arquivo, arquivo,
                                 semente=semente, **REDE_RUIM)
        pare = transporte.transferir(arquivo[:30_000], modo="pare", semente=semente,
                                     **REDE_RUIM)
        fixa = transporte.transferir(arquivo, modo="tcp", janela=10, semente=semente,
                                     **REDE_RUIM)
        medidas["referência (Reno)"].append((seu.duracao, len(arquivo), seu.intacto))
        medidas["pare e espere (30 pacotes)"].append((pare.relatorio.duracao, 30_000,
                                                      pare.intacto))
        medidas["janela fixa de 10"].append((fixa.relatorio.duracao, len(arquivo),
                                             fixa.intacto))
        print(f"semente {semente}: referência em {com_unidade(seu.duracao, 's', 2)} "
              f"({mbits(seu.vazao)}, intacto: {seu.intacto}, a janela diminuiu "
              f"{reducoes_da_janela(seu.registro)} vezes); pare e espere "
              f"{mbits(pare.vazao)}; janela fixa {mbits(fixa.vazao)}")
    return medidas


def quadro(medidas):
    resultado = Quadro()
    for nome, lista in medidas.items():
        segundos = statistics.median(d for d, _, _ in lista)
        intactos = sum(1 for *_, ok in lista if ok)
        resultado.medida(f"{nome}, mediana", segundos, lista[0][1],
                         f"{intactos} de {len(lista)} intactos")
    rtt = 2 * REDE_RUIM["atraso"]
    resultado.limite("conta: o gargalo", limite_do_gargalo(REDE_RUIM["taxa"]))
    resultado.limite("conta: pare e espere sem perdas",
                     vazao_do_pare_e_espere(REDE_RUIM["taxa"], rtt))
    resultado.limite("conta: Mathis et al. (1997)",
                     limite_de_mathis(rtt + 0.004, REDE_RUIM["perda"]))
    return resultado


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapido", action="store_true", help="uma semente só")
    args = parser.parse_args()
    sementes = [7] if args.rapido else [7, 1, 2, 3, 4]
    print(f"Rede da lição 10: {REDE_RUIM}; prazo do verificador: {com_unidade(PRAZO, 's')}")
    print(quadro(medir(sementes)))


if __name__ == "__main__":
    main()
