"""Dois remetentes TCP Reno dividindo a mesma fila do gargalo: a corrida da justiça.

Os dois são dois clientes da **mesma** :class:`~ecolab.RedeInstavel`: a rede tem
um socket de saída por cliente, então o receptor os distingue pelo endereço de
origem e guarda um :class:`~ecolab.transporte.Receptor` para cada um::

    remetente A ──┐                               ┌──> receptor (um socket;
                  ├──> RedeInstavel: UMA fila ────┤     um Receptor por origem)
    remetente B ──┘    e um enlace de 2 Mbit/s    └──

A rede da corrida (``REDE_DA_CORRIDA``: 2 Mbit/s, fila de 20 datagramas, 20 ms
em cada sentido) é mais larga que a da lição (``REDE_DA_LICAO``): dividida por
dois, a rede da lição deixaria cada remetente com 4 ou 5 pacotes em voo depois
de uma perda, poucos para gerar 3 ACKs duplicados numa segunda perda. Aí vem o
timeout, a janela volta a 1, e quem teve o azar fica para trás por segundos.

O remetente A começa sozinho e pega o enlace inteiro; B entra ``atraso_de_b``
segundos depois. Cada um só vê as próprias perdas e confirmações, e mesmo assim
(pelo aumento aditivo e pela diminuição multiplicativa) os dois se aproximam da
metade cada um. O receptor anota a hora de cada pacote novo entregue de cada
remetente: dali saem as vazões (:mod:`ecolab.justica`).

Exemplo::

    corrida = correr(duracao=11, atraso_de_b=2)
    corrida.vazoes(inicio=6, fim=11)   # bit/s de A e de B nos últimos 5 s
"""

import socket
import threading
import time
from typing import NamedTuple

from .congestionamento import TAMANHO_DO_PACOTE, RemetenteReno
from .justica import vazao_media, vazoes_por_intervalo
from .rede_instavel import RedeInstavel
from .reno import ControleReno
from .transporte import Receptor, TransferenciaInterrompida, receber_segmento

NOMES = ("A", "B")
REDE_DA_CORRIDA = {"taxa": 2_000_000, "fila": 20, "atraso": 0.02, "sentido": "ambos"}


class Corrida(NamedTuple):
    """O resultado de :func:`correr`: as entregas de cada remetente e os relatórios deles."""

    entregas: dict  # nome -> horas (segundos desde o começo) dos pacotes novos entregues
    relatorios: dict  # nome -> Relatorio do remetente
    duracao: float
    contagem: dict  # a da rede

    def vazoes(self, inicio, fim):
        """A vazão média (bit/s) de cada remetente entre ``inicio`` e ``fim``, na ordem A, B."""
        return [vazao_media(self.entregas[nome], TAMANHO_DO_PACOTE, inicio, fim)
                for nome in NOMES]

    def curvas(self, intervalo=0.5):
        """Para o gráfico: ``{nome: (meios, vazoes)}``, a vazão de cada intervalo."""
        return {nome: vazoes_por_intervalo(self.entregas[nome], TAMANHO_DO_PACOTE, 0,
                                           self.duracao, intervalo) for nome in NOMES}


def correr(duracao=11.0, atraso_de_b=2.0, controle=ControleReno, semente=1, **rede):
    """Roda a corrida por ``duracao`` segundos; devolve a :class:`Corrida`.

    ``controle``: a classe do controle de congestionamento dos dois remetentes.
    Cada remetente tem pacotes de sobra e para quando acaba o tempo. ``rede``:
    troca valores de ``REDE_DA_CORRIDA``. ``atraso_de_b`` tem de ser maior que zero
    (é por quem entregou primeiro que o receptor sabe quem é A).
    """
    configuracao = {**REDE_DA_CORRIDA, **rede}
    pacotes = [bytes(TAMANHO_DO_PACOTE)] * int(configuracao["taxa"] * duracao / 8000 + 100)
    sockets = {nome: _socket_udp() for nome in ("receptor", *NOMES)}
    entregas, relatorios, parar = {}, {}, threading.Event()
    try:
        with RedeInstavel(sockets["receptor"].getsockname(), semente=semente,
                          **configuracao) as instavel:
            inicio = time.monotonic()
            origens = {}  # endereço de origem na rede -> nome do remetente
            receptor = threading.Thread(
                target=_receber, args=(sockets["receptor"], origens, entregas, inicio, parar),
                name="ecolab-corrida-receptor", daemon=True)
            threads = [threading.Thread(
                target=_enviar, args=(sockets[nome], instavel.endereco, pacotes, controle,
                                      inicio + espera, inicio + duracao, relatorios, nome),
                name=f"ecolab-corrida-{nome}", daemon=True)
                for nome, espera in zip(NOMES, (0.0, atraso_de_b))]
            for thread in (receptor, *threads):
                thread.start()
            for thread in threads:
                thread.join(duracao + 5)
            parar.set()
            receptor.join(2)
            contagem = instavel.contagem
    finally:
        parar.set()
        for sock in sockets.values():
            sock.close()
    return Corrida(_por_nome(entregas, sockets), relatorios, duracao, contagem)


def _socket_udp():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def _enviar(sock, destino, pacotes, controle, comeco, fim, relatorios, nome):
    """Um remetente: espera a sua hora, envia até acabar o tempo e guarda o relatório."""
    time.sleep(max(0.0, comeco - time.monotonic()))
    remetente = RemetenteReno(sock, destino, controle(), prazo=fim - time.monotonic())
    try:
        remetente.enviar(pacotes)
    except TransferenciaInterrompida:
        pass  # é assim que ele para: acabou o tempo da corrida
    finally:
        relatorios[nome] = remetente.relatorio


def _receber(sock, origens, entregas, inicio, parar):
    """O receptor: um :class:`Receptor` por origem; anota a hora de cada pacote novo."""
    receptores = {}
    while not parar.is_set():
        chegou = receber_segmento(sock, 0.1)
        if chegou is None:
            continue
        segmento, origem = chegou
        receptor = receptores.setdefault(origem, Receptor(sock, "tcp"))
        antes = len(receptor.pacotes)
        receptor._tratar(segmento, origem)
        agora = time.monotonic() - inicio
        entregas.setdefault(origem, []).extend([agora] * (len(receptor.pacotes) - antes))


def _por_nome(entregas, sockets):
    """Troca o endereço de origem (o socket da rede para cada cliente) pelo nome A ou B.

    A rede abre o socket de saída de um cliente quando ele manda o primeiro
    datagrama; A começa antes, então o primeiro endereço a entregar é o de A.
    """
    ordem = sorted(entregas, key=lambda origem: entregas[origem][0])
    return {nome: (entregas[ordem[i]] if i < len(ordem) else [])
            for i, nome in enumerate(NOMES)}
