"""Conversas TCP montadas pelo verificador: pacotes novos a cada verificação.

Os exercícios de ler pacotes (lição 01) não podem ser respondidos copiando um
número da captura da lição: o verificador monta, na hora, a lista de
:class:`~ecolab.captura.Pacote` de uma conversa coerente, como a que uma
captura de verdade mostraria, com números sorteados:

- os números de sequência iniciais (ISN) de cada lado, de 0 a 2³² − 1 (às
  vezes perto do fim, para os números darem a volta);
- a porta do cliente e as mensagens (com acentos: bytes não são letras);
- quem fecha primeiro, e se o outro lado confirma o ``FIN`` num segmento à
  parte ou junto com o seu próprio ``FIN``.

Cada mensagem segue o caminho que o Linux mostra no loopback: os dados
(``PSH,ACK``), um ``ACK`` só de confirmação, a resposta (``PSH,ACK``) e o
``ACK`` dela. ``montar_conversa`` devolve a lista e um :class:`Gabarito` com o
que o verificador precisa saber para conferir a resposta do aluno.
"""

import random
from dataclasses import replace
from typing import NamedTuple

from ..captura.pacote import Pacote

VOLTA = 2**32
CABECALHOS_TCP = 52  # IP (20) + TCP com a opção de marca de tempo (32), como no Linux
# Os SYN levam mais opções: IP (20) + TCP (40: 20 fixos, MSS 4, permissão de SACK 2,
# marca de tempo 10, NOP 1 e escala da janela 3), como no Linux.
CABECALHOS_DO_SYN = 60
# As janelas de uma captura no loopback do Linux: a dos SYN nunca é multiplicada
# (RFC 7323, seção 2.2); depois, cada lado anuncia 64, que com a escala 10 que os
# dois anunciaram nos SYN quer dizer 64 × 2¹⁰ = 65.536 bytes.
JANELA_DO_SYN = {"cliente": 65495, "servidor": 65483}
ESCALA = 10
JANELA = 64
MENSAGENS = ["olá", "tudo bem?", "ação e reação", "até logo", "número 42", "coração",
             "pão de queijo", "maçã", "ping", "café com leite"]
PORTA_DO_SERVIDOR = 12001


class Gabarito(NamedTuple):
    """O que o verificador sabe da conversa que montou."""

    cliente: tuple
    servidor: tuple
    isn_cliente: int
    isn_servidor: int
    quem_fecha: str  # "cliente" ou "servidor": quem mandou o primeiro FIN


class _Montagem:
    """Vai acrescentando segmentos e cuida dos números de cada lado."""

    def __init__(self, sorteio, cliente, servidor, isn_cliente, isn_servidor, inicio):
        self.sorteio = sorteio
        self.pontas = {"cliente": cliente, "servidor": servidor}
        self.proximo = {"cliente": isn_cliente, "servidor": isn_servidor}  # o próximo seq
        self.recebido = {"cliente": 0, "servidor": 0}  # o próximo ack de cada lado
        self.tempo = inicio
        self.pacotes = []

    def enviar(self, lado, flags, dados=b"", ocupa=0):
        """Um segmento de ``lado``; ``ocupa``: quanto ele gasta de sequência além dos dados."""
        outro = "servidor" if lado == "cliente" else "cliente"
        self.tempo += self.sorteio.uniform(0.00001, 0.00015)
        ack = self.recebido[lado] if "ACK" in flags else 0
        syn = "SYN" in flags.split(",")
        self.pacotes.append(Pacote(
            round(self.tempo, 6), "TCP", self.pontas[lado], self.pontas[outro], flags,
            self.proximo[lado] % VOLTA, ack % VOLTA,
            JANELA_DO_SYN[lado] if syn else JANELA, dados,
            (CABECALHOS_DO_SYN if syn else CABECALHOS_TCP) + len(dados),
            escala=ESCALA if syn else None))
        self.proximo[lado] += len(dados) + ocupa
        self.recebido[outro] = self.proximo[lado]

    def esperar(self, segundos):
        self.tempo += segundos


def sortear_isn(sorteio):
    """Um número de sequência inicial; de vez em quando, perto do fim dos 32 bits."""
    if sorteio.random() < 0.3:
        return VOLTA - sorteio.randint(1, 40)
    return sorteio.randrange(VOLTA)


def montar_conversa(sorteio=None, *, mensagens=2, quem_fecha=None, inicio=0.0,
                    isns=None, textos=None):
    """Uma conversa TCP completa, em pacotes: devolve ``(pacotes, gabarito)``.

    ``mensagens``: quantas perguntas (cada uma com a resposta do servidor),
    sorteadas de ``MENSAGENS``, ou ``textos``: as próprias perguntas;
    ``quem_fecha``: ``"cliente"``, ``"servidor"`` ou ``None`` (sorteado);
    ``isns``: ``(isn_cliente, isn_servidor)``, ou ``None`` (sorteados).
    """
    sorteio = sorteio or random.Random()
    cliente = ("127.0.0.1", sorteio.randint(40000, 60999))
    servidor = ("127.0.0.1", PORTA_DO_SERVIDOR)
    isn_cliente, isn_servidor = isns or (sortear_isn(sorteio), sortear_isn(sorteio))
    quem_fecha = quem_fecha or sorteio.choice(["cliente", "servidor"])
    conversa = _Montagem(sorteio, cliente, servidor, isn_cliente, isn_servidor, inicio)
    conversa.enviar("cliente", "SYN", ocupa=1)
    conversa.enviar("servidor", "SYN,ACK", ocupa=1)
    conversa.enviar("cliente", "ACK")
    for texto in textos or sorteio.sample(MENSAGENS, mensagens):
        conversa.esperar(sorteio.uniform(0.0002, 0.002))
        conversa.enviar("cliente", "PSH,ACK", (texto + "\n").encode("utf-8"))
        conversa.enviar("servidor", "ACK")
        conversa.enviar("servidor", "PSH,ACK", f"Resposta do servidor: {texto}\n".encode())
        conversa.enviar("cliente", "ACK")
    _fechar(conversa, sorteio, quem_fecha)
    return conversa.pacotes, Gabarito(cliente, servidor, isn_cliente, isn_servidor, quem_fecha)


def _fechar(conversa, sorteio, quem_fecha):
    """Um FIN de cada lado; o segundo vem junto com o ACK do primeiro ou depois dele."""
    outro = "servidor" if quem_fecha == "cliente" else "cliente"
    conversa.esperar(sorteio.uniform(0.001, 0.01))
    conversa.enviar(quem_fecha, "FIN,ACK", ocupa=1)
    if sorteio.random() < 0.5:
        conversa.enviar(outro, "ACK")
        conversa.esperar(sorteio.uniform(0.0005, 0.005))
    conversa.enviar(outro, "FIN,ACK", ocupa=1)
    conversa.enviar(quem_fecha, "ACK")


def fim_de_outra_conversa(sorteio, *, inicio=0.0):
    """Os últimos segmentos de uma conexão anterior, que a captura pegou pela metade.

    Servem para uma lista que não começa no ``SYN``: quem lê ``pacotes[0]``
    como se fosse o começo da conversa erra.
    """
    pacotes, _ = montar_conversa(sorteio, mensagens=1, quem_fecha="servidor")
    ultimos = pacotes[-6:]
    deslocamento = inicio - ultimos[0].tempo
    return [replace(p, tempo=round(p.tempo + deslocamento, 6)) for p in ultimos]


# ----- datagramas UDP e o ICMP das portas fechadas ---------------------------------

CABECALHOS_UDP = 28  # IP (20) + UDP (8)
CABECALHOS_ICMP = 28  # IP (20) + ICMP (8), antes do datagrama citado
MAXIMO_DO_ICMP = 576  # o Linux não faz uma mensagem de erro ICMP maior que isso
CLIENTE_UDP = ("127.0.0.1", 40002)


def datagrama(tempo, origem, destino, texto):
    """Um datagrama UDP com ``texto`` (em UTF-8) como carga."""
    dados = texto.encode("utf-8")
    return Pacote(round(tempo, 6), "UDP", origem, destino, dados=dados,
                  tamanho=CABECALHOS_UDP + len(dados))


def porta_inalcancavel(tempo, sobre):
    """O ICMP "porta inalcançável" que volta por causa do datagrama ``sobre``.

    A mensagem ICMP cita a origem e o destino do datagrama que a provocou: ela
    carrega o cabeçalho IP dele e pelo menos os 8 bytes seguintes (RFC 792; RFC
    1122, seção 3.2.2), que no UDP são o cabeçalho inteiro. O Linux copia o
    datagrama até o ICMP inteiro somar 576 bytes: 20 do IP e 8 do ICMP na frente.
    """
    host_cliente, host_servidor = sobre.origem[0], sobre.destino[0]
    tamanho = min(CABECALHOS_ICMP + sobre.tamanho, MAXIMO_DO_ICMP)
    return Pacote(round(tempo, 6), "ICMP", (host_servidor, None), (host_cliente, None),
                  tamanho=tamanho, icmp="porta inalcançável",
                  citado=(sobre.origem, sobre.destino))


def montar_datagramas(sorteio, envios, *, icmp_atrasado=False):
    """Os datagramas de um cliente e o que volta: ``(pacotes, recusados)``.

    ``envios``: lista de ``(texto, porta, destino)``, em que ``destino`` é
    ``"responde"`` (um servidor que responde), ``"mudo"`` (um servidor que
    recebe e não responde) ou ``"fechada"`` (ninguém na porta: volta um ICMP).
    Com ``icmp_atrasado=True``, cada ICMP chega depois do datagrama seguinte,
    como numa rede lenta (com a hora de chegada, logo depois dele: a lista
    continua em ordem de tempo). ``recusados``: os textos que voltaram com ICMP,
    na ordem.
    """
    tempo, pacotes, recusados, pendente = 0.0, [], [], None
    for texto, porta, destino in envios:
        tempo += sorteio.uniform(0.0002, 0.002)
        ida = datagrama(tempo, CLIENTE_UDP, ("127.0.0.1", porta), texto)
        pacotes.append(ida)
        if pendente is not None:
            pacotes.append(replace(pendente, tempo=round(tempo + 0.00001, 6)))
            pendente = None
        tempo += sorteio.uniform(0.00002, 0.0002)
        if destino == "responde":
            pacotes.append(datagrama(tempo, ida.destino, CLIENTE_UDP, f"eco: {texto}"))
        elif destino == "fechada":
            recusados.append(texto)
            icmp = porta_inalcancavel(tempo, ida)
            if icmp_atrasado:
                pendente = icmp
            else:
                pacotes.append(icmp)
    if pendente is not None:
        pacotes.append(pendente)
    return pacotes, recusados
