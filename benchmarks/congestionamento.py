"""A lição 09 medida várias vezes: o dente de serra do Reno e o índice de Jain da corrida.

Uso (da raiz do projeto)::

    python benchmarks/congestionamento.py              # 5 de cada: cerca de 80 s
    python benchmarks/congestionamento.py --vezes 2    # menos

Para cada rodada:

- **dente de serra**: 600 pacotes pelo gargalo da lição (1,5 Mbit/s, fila de 10,
  15 ms em cada sentido) com o ``ControleReno`` de referência: duração, vazão,
  retransmissões rápidas que deixaram a janela na metade, timeouts e quantos
  pacotes novos a rede viu com mais em voo do que a janela (tem de ser 0);
- **corrida**: dois remetentes Reno por 12 s na rede da corrida (2 Mbit/s, fila
  de 20, 20 ms), B entrando aos 2 s: a vazão de cada um e o índice de Jain nos
  últimos 5 s (a lição confere que ele é pelo menos 0,9).

Os testes conferem o comportamento; os números (e quanto variam) ficam aqui.
"""

import argparse
import statistics

from ecolab.congestionamento import (
    estouros_da_janela, estouros_do_temporizador, reducoes_a_metade, transferir_pelo_gargalo,
)
from ecolab.corrida import correr
from ecolab.justica import indice_de_jain
from ecolab.numeros import com_unidade, numero


def dente_de_serra():
    transferencia = transferir_pelo_gargalo(pacotes=600)
    relatorio = transferencia.relatorio
    metades = sum(r.a_metade for r in reducoes_a_metade(relatorio))
    print(f"  {com_unidade(relatorio.duracao, 's', 2):>8}  "
          f"{com_unidade(relatorio.vazao / 1e6, 'Mbit/s', 2):>12}  "
          f"{metades:>8}  {len(estouros_do_temporizador(relatorio)):>8}  "
          f"{len(estouros_da_janela(transferencia)):>9}  {transferencia.intacto}")
    return metades


def corrida():
    resultado = correr(duracao=12.0, atraso_de_b=2.0)
    vazoes = resultado.vazoes(7.0, 12.0)
    jain = indice_de_jain(vazoes)
    print(f"  {com_unidade(vazoes[0] / 1e6, 'Mbit/s', 2):>12}  "
          f"{com_unidade(vazoes[1] / 1e6, 'Mbit/s', 2):>12}  {numero(jain, 3):>6}")
    return jain


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vezes", type=int, default=5, help="rodadas de cada medida")
    vezes = parser.parse_args().vezes
    print("Dente de serra (600 pacotes, ControleReno de referência):")
    print(f"  {'duração':>8}  {'vazão':>12}  {'metades':>8}  {'timeouts':>8}  "
          f"{'estouros':>9}  intacto")
    metades = [dente_de_serra() for _ in range(vezes)]
    print(f"  reduções à metade: de {min(metades)} a {max(metades)}")
    print("Corrida (dois remetentes, últimos 5 s de 12 s):")
    print(f"  {'A':>12}  {'B':>12}  {'Jain':>6}")
    jains = [corrida() for _ in range(vezes)]
    print(f"  índice de Jain: mínimo {numero(min(jains), 3)}, "
          f"mediana {numero(statistics.median(jains), 3)}")


if __name__ == "__main__":
    main()
