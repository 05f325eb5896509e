"""Grava as capturas que vêm com o curso (para quem mantém o curso; Linux, como root).

As lições 01 a 03, a 07 e a 08 mostram os pacotes de verdade das suas conversas. Quem não
pode capturar ao vivo vê estas gravações (``ecolab.captura.captura_gravada``).
Para gravá-las de novo (depois de mudar uma conversa numa lição, por exemplo)::

    sudo .venv/bin/python ferramentas/gravar_capturas.py              # todas
    sudo .venv/bin/python ferramentas/gravar_capturas.py 07_reset     # só esta

Cada conversa roda aqui com as mesmas mensagens e portas da lição, capturada
pelo socket de pacotes do ecolab na interface ``lo``, e vai para
``ecolab/captura/gravadas/NOME.pcapng`` (abre no Wireshark). Confira depois
com ``.venv/bin/python -m pytest -q tests/test_captura_gravadas.py``
(e ``tests/test_captura_gravada_08.py``, para a da lição 08).
"""

import os
import socket
import struct
import sys
import threading
import time
from pathlib import Path

from ecolab import ClienteTCP, ClienteUDP, ErroEcolab, ServidorTCP, ServidorUDP
from ecolab.captura import capturar

PASTA = Path(__file__).resolve().parent.parent / "ecolab" / "captura" / "gravadas"


def conversa_01_tcp(porta=12001):
    """Lição 01: conexão aberta, duas mensagens (e as respostas), conexão fechada.

    O servidor só para depois de ver o cliente fechar (``desconectou`` no
    registro): parado antes, ele ainda mandaria o aviso de fim ao cliente, e o
    aviso apareceria na captura.
    """
    with capturar(porta=porta) as captura:
        with ServidorTCP(porta=porta) as servidor:
            with ClienteTCP(porta=porta) as cliente:
                cliente.enviar("Olá, servidor!")
                cliente.enviar("Tudo bem?")
            esperar_desconexao(servidor)
    return captura


def esperar_desconexao(servidor, limite=5.0):
    """Espera (até ``limite`` segundos) o servidor anotar que o cliente se desconectou."""
    fim = time.monotonic() + limite
    while servidor.registro.contar("desconectou") == 0 and time.monotonic() < fim:
        time.sleep(0.01)


def conversa_02_udp(porta=12002):
    """Lição 02: dois datagramas e as respostas; depois, um datagrama para a porta já fechada.

    Como na lição, o servidor para no meio da captura: o datagrama vazio de
    outra porta que aparece antes do último é o ``ServidorUDP.parar()``
    acordando a própria thread (ele manda um datagrama vazio a si mesmo).
    """
    with capturar(porta=porta) as captura:
        servidor = ServidorUDP(porta=porta).iniciar()
        with ClienteUDP(porta=porta, timeout=2) as cliente:
            cliente.enviar("Olá, servidor!")
            cliente.enviar("Sem conexão, mas chegou.")
            servidor.parar()
            try:
                cliente.enviar("Ainda está aí?")
            except ErroEcolab:  # ninguém responde: volta o ICMP "porta inalcançável"
                pass
    return captura


def conversa_03_cabecalhos(porta=12030):
    """Lição 03: a mesma mensagem por TCP e por UDP, para medir os cabeçalhos.

    Os servidores param depois da captura: para sair do ``recvfrom``, o
    ``ServidorUDP.parar()`` manda um datagrama vazio a si mesmo, que não é
    parte da conversa.
    """
    with ServidorTCP(porta=porta), ServidorUDP(porta=porta):
        with capturar(porta=porta) as captura:
            with ClienteTCP(porta=porta) as cliente:
                cliente.enviar("Olá, servidor!")
            with ClienteUDP(porta=porta, timeout=2) as cliente:
                cliente.enviar("Olá, servidor!")
    return captura


def conversa_07_abertura(porta=12072):
    """Lição 07, seção 2: a fila do ``listen(1)`` enche, e ninguém chama ``accept``.

    Duas conexões completam o aperto de mão sozinhas; o SYN da terceira é
    descartado (ela desiste em 2,5 s, depois de uma repetição); a quarta entra
    na repetição do SYN que chega depois de o servidor abrir uma vaga
    (``accept`` aos 0,3 s). Os sockets fecham depois da captura, como na lição.
    """
    with capturar(porta=porta) as captura:
        fila = socket.create_server(("127.0.0.1", porta), backlog=1)
        na_fila = []
        for _ in range(5):
            try:
                na_fila.append(socket.create_connection(("127.0.0.1", porta), timeout=2.5))
            except OSError:
                break
        tardio = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tardio.settimeout(5)
        tentativa = threading.Thread(target=tardio.connect, args=(("127.0.0.1", porta),))
        tentativa.start()
        time.sleep(0.3)
        aceita, _ = fila.accept()
        tentativa.join(6)
    for sock in [*na_fila, aceita, tardio, fila]:
        sock.close()
    return captura


def conversa_07_meio_fechamento(porta=12073):
    """Lição 07, seção 3: o cliente envia o pedido e meio-fecha; o servidor ainda responde."""
    with capturar(porta=porta) as captura:
        escuta = socket.create_server(("127.0.0.1", porta))
        cliente = socket.create_connection(("127.0.0.1", porta), timeout=2)
        conexao, _ = escuta.accept()
        conexao.settimeout(2)
        cliente.sendall("um pedido sem enquadramento".encode("utf-8"))
        cliente.shutdown(socket.SHUT_WR)
        conexao.recv(1024), conexao.recv(1024)
        time.sleep(0.3)
        conexao.sendall("a resposta, depois do fim do pedido".encode("utf-8"))
        cliente.recv(1024)
        try:
            cliente.sendall("mais um pouco?".encode("utf-8"))
        except OSError:  # BrokenPipeError: depois do próprio FIN, nada sai
            pass
        conexao.close()
        cliente.recv(1024)
    cliente.close()
    escuta.close()
    return captura


def conversa_07_fechamento(porta=12074):
    """Lição 07, seção 4: o servidor fecha primeiro; depois o cliente; o servidor fica em TIME-WAIT."""
    with capturar(porta=porta) as captura:
        escuta = socket.create_server(("127.0.0.1", porta))
        cliente = socket.create_connection(("127.0.0.1", porta), timeout=2)
        conexao, _ = escuta.accept()
        conexao.close()
        time.sleep(0.3)
        cliente.recv(1024)
        cliente.close()
        time.sleep(0.05)
    escuta.close()
    return captura


def conversa_07_reset(porta=12076):
    """Lição 07, seção 5: RST duas vezes, sem nenhum FIN.

    1. o cliente fecha com ``SO_LINGER`` 0: RST do cliente;
    2. o servidor fecha com um pedido não lido no buffer: RST do servidor.
    """
    with capturar(porta=porta) as captura:
        escuta = socket.create_server(("127.0.0.1", porta))
        cliente = socket.create_connection(("127.0.0.1", porta), timeout=2)
        conexao, _ = escuta.accept()
        cliente.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        cliente.close()
        _receber_o_reset(conexao)
        cliente = socket.create_connection(("127.0.0.1", porta), timeout=2)
        conexao, _ = escuta.accept()
        cliente.sendall("um pedido que o servidor nunca vai ler".encode("utf-8"))
        time.sleep(0.05)
        conexao.close()
        _receber_o_reset(cliente)
    escuta.close()
    return captura


def conversa_08_janela_zero(porta=12080):
    """Lição 08, seção 1: o receptor que não lê; a janela cai a 0 e o remetente sonda.

    Como na lição: blocos de 64 KiB até ``send`` passar 0,5 s sem caber nada,
    um ``sendall`` que desiste em 1 s, e só então o receptor lê tudo (a janela
    reabre) e o remetente envia mais um pouco.
    """
    with capturar(porta=porta) as captura:
        escuta = socket.create_server(("127.0.0.1", porta))
        remetente = socket.create_connection(("127.0.0.1", porta), timeout=2)
        receptor, _ = escuta.accept()
        escuta.close()
        remetente.settimeout(0.5)
        aceitos = 0
        try:
            while aceitos < 100_000_000:
                aceitos += remetente.send(bytes(65_536))
        except TimeoutError:
            pass
        remetente.settimeout(1)
        try:
            remetente.sendall(b"mais um pouco")
        except TimeoutError:
            pass
        receptor.settimeout(1)
        lidos = 0
        while lidos < aceitos:
            lidos += len(receptor.recv(1_048_576))
        remetente.sendall(b"agora cabe")
        remetente.close()
        receptor.close()
        time.sleep(0.05)
    return captura


def _receber_o_reset(sock):
    sock.settimeout(2)
    try:
        sock.recv(1024)
    except ConnectionResetError:
        pass
    finally:
        sock.close()


CONVERSAS = {
    "01_tcp": conversa_01_tcp,
    "02_udp": conversa_02_udp,
    "03_cabecalhos": conversa_03_cabecalhos,
    "07_abertura": conversa_07_abertura,
    "07_meio_fechamento": conversa_07_meio_fechamento,
    "07_fechamento": conversa_07_fechamento,
    "07_reset": conversa_07_reset,
    "08_janela_zero": conversa_08_janela_zero,
}


def gravar(pasta=PASTA, portas=None, nomes=None):
    """Grava cada conversa em ``pasta/NOME.pcapng``; ``portas`` troca as das lições (testes).

    ``nomes``: só estas conversas (``None``: todas; com ``portas``, as que têm porta).
    """
    pasta.mkdir(exist_ok=True)
    for nome in nomes or (list(portas) if portas else CONVERSAS):
        conversa = CONVERSAS[nome]
        captura = conversa(portas[nome]) if portas else conversa()
        captura.salvar(pasta / f"{nome}.pcapng")
        print(f"{nome}: {len(captura.pacotes)} pacotes ({captura.fonte})")


def main():
    if os.geteuid() != 0:
        sys.exit("Rode como root (sudo): a gravação usa o socket de pacotes do Linux.")
    desconhecidas = [nome for nome in sys.argv[1:] if nome not in CONVERSAS]
    if desconhecidas:
        sys.exit(f"Não conheço {', '.join(desconhecidas)}. As conversas são: {', '.join(CONVERSAS)}.")
    gravar(nomes=sys.argv[1:] or None)


if __name__ == "__main__":
    main()
