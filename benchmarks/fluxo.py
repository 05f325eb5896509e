"""Os números da lição 08 (controle de fluxo, buffers e Nagle), medidos nesta máquina.

Uso (da raiz do projeto)::

    python benchmarks/fluxo.py            # menos de 10 s
    python benchmarks/fluxo.py --rapido   # ensaio curto

Imprime: os bytes que ``send`` aceita antes de parar quando o receptor não lê
(com os buffers do sistema e com buffers pedidos), quantos datagramas UDP de
100 bytes sobrevivem a uma inundação para cada buffer de recepção, a trava de
escreve-escreve-lê (mediana com Nagle, com ``TCP_NODELAY`` e com um ``send``
só) e a vazão no loopback por tamanho de ``send``. Os testes conferem
comportamento; os tempos ficam aqui.
"""

import argparse
import platform
import statistics

from ecolab.fluxo import conectar_par, encher, medir_vazao
from ecolab.inundacao import inundar
from ecolab.nagle import medir_jeitos
from ecolab.numeros import com_unidade, numero


def bytes_aceitos():
    print("\n1. Receptor que não lê: bytes aceitos por send até parar")
    for pedido in (None, 65_536, 16_384):
        remetente, receptor = conectar_par(envio=pedido, recepcao=pedido)
        try:
            aceitos = encher(remetente)
        finally:
            remetente.close()
            receptor.close()
        nome = "buffers do sistema" if pedido is None else f"pedindo {numero(pedido)}"
        print(f"  {nome:>20}: {com_unidade(aceitos, 'bytes')}")


def perda_udp(quantos):
    print(f"\n2. UDP: {numero(quantos)} datagramas de 100 bytes para um receptor que não lê")
    for pedido in (None, 4_096, 16_384, 65_536, 262_144):
        i = inundar(quantos=quantos, tamanho=100, recepcao=pedido)
        print(f"  buffer {com_unidade(i.buffer, 'bytes'):>15}: {numero(i.recebidos):>5} "
              f"recebidos, {numero(i.perdidos):>5} perdidos, "
              f"{numero(i.bytes_por_datagrama, 0)} bytes do buffer por datagrama")


def trava_de_nagle(vezes):
    print(f"\n3. Escreve, escreve, lê: mediana de {vezes} pedidos, depois de 5 de aquecimento")
    medidas = medir_jeitos(vezes=vezes, aquecimento=5)
    medianas = {jeito: statistics.median(tempos) * 1000 for jeito, tempos in medidas.items()}
    for jeito, mediana in medianas.items():
        print(f"  {jeito:>12}: {com_unidade(mediana, 'ms', 3)}")
    razao = medianas["dois envios"] / medianas["TCP_NODELAY"]
    print(f"  razão dois envios / TCP_NODELAY: {numero(razao, 0)} vezes")


def vazao(duracao):
    print("\n4. Vazão no loopback por tamanho de send")
    resultado = medir_vazao([16, 64, 256, 1024, 4096, 16_384, 65_536, 262_144], duracao)
    for tamanho, bytes_por_segundo in resultado.items():
        print(f"  {numero(tamanho):>8} bytes por send: "
              f"{com_unidade(bytes_por_segundo / 1e6, 'MB/s', 1):>13}, "
              f"{com_unidade(tamanho / bytes_por_segundo * 1e6, 'µs', 1)} por send")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapido", action="store_true", help="ensaio curto")
    args = parser.parse_args(argv)
    print(f"Máquina: {platform.system()} {platform.release()}, Python {platform.python_version()}")
    bytes_aceitos()
    perda_udp(500 if args.rapido else 2000)
    trava_de_nagle(3 if args.rapido else 30)
    vazao(0.02 if args.rapido else 0.25)


if __name__ == "__main__":
    main()
