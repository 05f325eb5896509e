"""Grava as capturas que vêm com o curso (para quem mantém o curso; Linux, como root).

As lições 01 a 03 mostram os pacotes de verdade das suas conversas. Quem não
pode capturar ao vivo vê estas gravações (``ecolab.captura.captura_gravada``).
Para gravá-las de novo (depois de mudar uma conversa numa lição, por exemplo)::

    sudo .venv/bin/python ferramentas/gravar_capturas.py

Cada conversa roda aqui com as mesmas mensagens e portas da lição, capturada
pelo socket de pacotes do ecolab na interface ``lo``, e vai para
``ecolab/captura/gravadas/NOME.pcapng`` (abre no Wireshark). Confira depois
com ``.venv/bin/python -m pytest -q tests/test_captura_gravadas.py``.
"""

import os
import sys
from pathlib import Path

from ecolab import ClienteTCP, ClienteUDP, ErroEcolab, ServidorTCP, ServidorUDP
from ecolab.captura import capturar

PASTA = Path(__file__).resolve().parent.parent / "ecolab" / "captura" / "gravadas"


def conversa_01_tcp():
    """Lição 01: conexão aberta, duas mensagens (e as respostas), conexão fechada."""
    with capturar(porta=12001) as captura:
        with ServidorTCP(porta=12001):
            with ClienteTCP(porta=12001) as cliente:
                cliente.enviar("Olá, servidor!")
                cliente.enviar("Tudo bem?")
    return captura


def conversa_02_udp():
    """Lição 02: dois datagramas e as respostas; depois, um datagrama para a porta já fechada.

    Como na lição, o servidor para no meio da captura: o datagrama vazio de
    outra porta que aparece antes do último é o ``ServidorUDP.parar()``
    acordando a própria thread (ele manda um datagrama vazio a si mesmo).
    """
    with capturar(porta=12002) as captura:
        servidor = ServidorUDP(porta=12002).iniciar()
        with ClienteUDP(porta=12002, timeout=2) as cliente:
            cliente.enviar("Olá, servidor!")
            cliente.enviar("Sem conexão, mas chegou.")
            servidor.parar()
            try:
                cliente.enviar("Ainda está aí?")
            except ErroEcolab:  # ninguém responde: volta o ICMP "porta inalcançável"
                pass
    return captura


def conversa_03_cabecalhos():
    """Lição 03: a mesma mensagem por TCP e por UDP, para medir os cabeçalhos.

    Os servidores param depois da captura: para sair do ``recvfrom``, o
    ``ServidorUDP.parar()`` manda um datagrama vazio a si mesmo, que não é
    parte da conversa.
    """
    with ServidorTCP(porta=12030), ServidorUDP(porta=12030):
        with capturar(porta=12030) as captura:
            with ClienteTCP(porta=12030) as cliente:
                cliente.enviar("Olá, servidor!")
            with ClienteUDP(porta=12030, timeout=2) as cliente:
                cliente.enviar("Olá, servidor!")
    return captura


CONVERSAS = {
    "01_tcp": conversa_01_tcp,
    "02_udp": conversa_02_udp,
    "03_cabecalhos": conversa_03_cabecalhos,
}


def main():
    if os.geteuid() != 0:
        sys.exit("Rode como root (sudo): a gravação usa o socket de pacotes do Linux.")
    PASTA.mkdir(exist_ok=True)
    for nome, conversa in CONVERSAS.items():
        captura = conversa()
        captura.salvar(PASTA / f"{nome}.pcapng")
        print(f"{nome}: {len(captura.pacotes)} pacotes ({captura.fonte})")


if __name__ == "__main__":
    main()
