"""Controle de fluxo do TCP: medir o que o sistema aceita quando o receptor não lê.

Quando um programa chama ``send``, os bytes não vão direto para o outro
computador: o sistema operacional os copia para o **buffer de envio** do socket
e volta. Do outro lado, o que chega fica no **buffer de recepção** até o
programa chamar ``recv``. O TCP do receptor anuncia quanto espaço ainda tem (a
**janela de recepção**, RFC 9293, seção 3.8.6); com ela cheia, o remetente para
de transmitir, o buffer de envio enche, e ``send`` espera. É o **controle de
fluxo**: um remetente rápido nunca afoga um receptor lento.

O que há aqui (lição 08)::

    remetente, receptor = conectar_par()          # uma conexão no loopback
    buffers(remetente)                            # {"envio": ..., "recepção": ...}
    buffers_antes_e_depois(pedido=None)           # o autoajuste do Linux, visto de fora
    enchimento = medir_enchimento(ler_depois=1.0) # bytes aceitos ao longo do tempo
    vazao = medir_vazao([64, 1024, 65_536])       # bytes por segundo por tamanho de send
    tabela_da_janela_zero(pacotes, 12080)         # a janela 0 e as sondas, numa captura

- :func:`conectar_par`: as duas pontas de uma conexão TCP no loopback, com os
  buffers pedidos (``SO_SNDBUF``, ``SO_RCVBUF``), se quiser;
- :func:`buffers`, :func:`texto_dos_buffers`: os tamanhos que o sistema diz
  ter dado aos buffers; :func:`buffers_antes_e_depois`: antes e depois de uma
  transferência (sem pedido, o Linux os aumenta sozinho);
- :func:`encher`: envia até o sistema não aceitar mais nada; devolve quantos
  bytes couberam;
- :func:`medir_enchimento`: um receptor que só começa a ler depois de um tempo;
  devolve os bytes aceitos por ``send`` e lidos por ``recv`` ao longo do tempo
  (desenhe com :func:`ecolab.figuras_do_fluxo.grafico_enchimento`);
- :func:`medir_vazao`: a vazão de uma transferência em massa para cada tamanho de
  ``send`` (o custo de cada chamada ao sistema);
- :func:`anuncios_de_janela_zero`, :func:`sondas_de_janela_zero`,
  :func:`tabela_da_janela_zero`: a janela 0 e as sondas numa captura do receptor
  que não lê; :func:`janela_zero_gravada`: essa captura, gravada num Linux.

Toda espera tem prazo e todo socket e thread criados aqui são fechados antes de
a função voltar (menos os de :func:`conectar_par`, que são seus: feche-os).
"""

import socket
import threading
import time
from typing import NamedTuple

from .captura import captura_gravada
from .leitura_de_pacotes import ler_pacotes
from .lista_de_pacotes import TabelaDePacotes, tabela_de_pacotes
from .numeros import com_unidade, numero

BLOCO = 65_536  # bytes por send nas medidas de enchimento
PARADO = 0.3  # segundos sem caber nada: o sistema não aceita mais


def conectar_par(porta=0, envio=None, recepcao=None):
    """Uma conexão TCP no loopback: devolve ``(remetente, receptor)``, dois sockets.

    ``envio`` e ``recepcao``, se dados, são os tamanhos pedidos para o buffer de
    envio do remetente (``SO_SNDBUF``) e o de recepção do receptor
    (``SO_RCVBUF``), pedidos **antes** de conectar (o tamanho da janela é
    combinado na abertura da conexão). ``porta=0``: o sistema escolhe uma livre.
    Os dois sockets são seus: feche-os com ``close()``.
    """
    with socket.create_server(("127.0.0.1", porta)) as escuta:
        if recepcao is not None:  # a conexão aceita herda o buffer de quem escuta
            escuta.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, recepcao)
        remetente = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if envio is not None:
            remetente.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, envio)
        remetente.settimeout(2)
        try:
            remetente.connect(escuta.getsockname())
            escuta.settimeout(2)
            receptor, _ = escuta.accept()
        except OSError:
            remetente.close()
            raise
    return remetente, receptor


def buffers(sock):
    """Os tamanhos que o sistema diz ter dado ao socket: ``{"envio": n, "recepção": n}``."""
    return {
        "envio": sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF),
        "recepção": sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF),
    }


def texto_dos_buffers(remetente, receptor=None):
    """``"envio: 16.384 bytes, recepção: 131.072 bytes"``: o envio do remetente e a
    recepção do receptor (do próprio remetente, se não houver receptor)."""
    receptor = remetente if receptor is None else receptor
    envio, recepcao = buffers(remetente)["envio"], buffers(receptor)["recepção"]
    return f"envio: {com_unidade(envio, 'bytes')}, recepção: {com_unidade(recepcao, 'bytes')}"


def buffers_antes_e_depois(pedido=None, quantos=20_000_000, porta=0):
    """Os buffers de uma conexão antes e depois de transferir ``quantos`` bytes.

    ``pedido``: o tamanho pedido com ``SO_SNDBUF`` e ``SO_RCVBUF`` (``None``:
    não pedir nada, e o sistema ajusta sozinho). Devolve ``(antes, depois)``,
    dois textos como os de :func:`texto_dos_buffers`. Serve para ver o
    autoajuste (*autotuning*) do Linux: sem pedido, os buffers crescem durante
    a transferência; com pedido, ficam onde foram postos.
    """
    remetente, receptor = conectar_par(porta, pedido, pedido)
    leitor = threading.Thread(target=_ler_tudo, args=(receptor, []),
                              name="ecolab-receptor-dos-buffers", daemon=True)
    try:
        antes = texto_dos_buffers(remetente, receptor)
        leitor.start()
        bloco = bytes(BLOCO)
        for _ in range(quantos // BLOCO):
            remetente.sendall(bloco)
        depois = texto_dos_buffers(remetente, receptor)
        remetente.shutdown(socket.SHUT_WR)
    finally:
        remetente.close()
        if leitor.is_alive():
            leitor.join(5)
        receptor.close()
    return antes, depois


def encher(remetente, parado=PARADO, limite=64 * 1024 * 1024):
    """Envia blocos até passar ``parado`` segundos sem caber nada; devolve os bytes aceitos.

    Usa ``send`` com tempo limite: cada chamada envia o que couber (às vezes só
    um pedaço do bloco) e devolve quantos bytes foram. Para também em ``limite``
    bytes, se o outro lado estiver lendo. O tempo limite do socket volta ao que era.
    """
    antes, bloco, aceitos = remetente.gettimeout(), bytes(BLOCO), 0
    remetente.settimeout(parado)
    try:
        while aceitos < limite:
            aceitos += remetente.send(bloco)
    except TimeoutError:
        pass  # passou ``parado`` sem caber nada: buffers cheios
    finally:
        remetente.settimeout(antes)
    return aceitos


class Enchimento(NamedTuple):
    """Os bytes ao longo do tempo numa conexão cujo receptor demorou a ler.

    - ``aceitos``: pares ``(segundos, bytes)``: o total que ``send`` aceitou até ali;
    - ``lidos``: pares ``(segundos, bytes)``: o total que o receptor leu com ``recv``;
    - ``ler_depois``: quando (em segundos) o receptor começou a ler;
    - ``parou_em``: os bytes aceitos quando o remetente parou pela primeira vez
      (os buffers cheios), ou ``None`` se ele nunca parou.
    """

    aceitos: list
    lidos: list
    ler_depois: float
    parou_em: object

    def ritmo_de_leitura(self):
        """Bytes por segundo que o receptor leu, de quando começou a ler até o fim."""
        segundos, total = self.lidos[-1]
        if segundos <= self.ler_depois:
            return 0.0
        return total / (segundos - self.ler_depois)


def medir_enchimento(porta=0, ler_depois=1.0, duracao=2.0, ritmo=0.01, envio=None,
                     recepcao=None):
    """Um remetente que envia sem parar e um receptor que só lê depois de ``ler_depois`` s.

    O receptor, quando começa, lê no máximo um bloco de 64 KiB a cada ``ritmo``
    segundos: é um receptor lento, de no máximo 6,5 MB por segundo com o padrão
    (na prática, menos: ``recv`` pode devolver menos que um bloco, e cada pausa
    dura um pouco mais que ``ritmo``; veja :meth:`Enchimento.ritmo_de_leitura`). A medida
    dura ``duracao`` segundos; devolve um :class:`Enchimento`. ``envio`` e
    ``recepcao`` são os buffers pedidos, como em :func:`conectar_par`.
    """
    remetente, receptor = conectar_par(porta, envio, recepcao)
    inicio = time.perf_counter()
    lidos, parar = [(0.0, 0)], threading.Event()
    leitor = threading.Thread(target=_ler_devagar, name="ecolab-receptor-lento",
                              args=(receptor, inicio, ler_depois, ritmo, lidos, parar),
                              daemon=True)
    leitor.start()
    try:
        aceitos, parou_em = _enviar_ate(remetente, inicio, duracao)
    finally:
        parar.set()
        remetente.close()
        leitor.join(2)
        receptor.close()
    return Enchimento(aceitos, lidos, ler_depois, parou_em)


def _enviar_ate(remetente, inicio, duracao, espera=0.05):
    """Envia blocos até ``duracao``; anota o total aceito a cada chamada (ou espera)."""
    remetente.settimeout(espera)
    bloco, total, aceitos, parou_em = bytes(BLOCO), 0, [(0.0, 0)], None
    while time.perf_counter() - inicio < duracao:
        try:
            total += remetente.send(bloco)
        except TimeoutError:  # nada coube em ``espera`` segundos
            if parou_em is None:
                parou_em = total
        aceitos.append((time.perf_counter() - inicio, total))
    return aceitos, parou_em


def _ler_devagar(receptor, inicio, ler_depois, ritmo, lidos, parar):
    """O receptor: espera ``ler_depois`` s, depois lê um bloco a cada ``ritmo`` s."""
    if parar.wait(ler_depois):
        return
    receptor.settimeout(0.2)
    total = 0
    while not parar.is_set():
        try:
            pedaco = receptor.recv(BLOCO)
        except (TimeoutError, OSError):
            continue
        if not pedaco:
            return
        total += len(pedaco)
        lidos.append((time.perf_counter() - inicio, total))
        time.sleep(ritmo)


def medir_vazao(tamanhos, duracao=0.25, porta=0):
    """A vazão de uma transferência em massa para cada tamanho de ``send``.

    Para cada ``tamanho`` (em bytes), uma conexão nova no loopback: o remetente
    chama ``sendall`` com ``tamanho`` bytes, de novo e de novo, durante
    ``duracao`` segundos; uma thread lê tudo do outro lado. Devolve
    ``{tamanho: bytes por segundo}``, contando do primeiro envio até o receptor
    ter lido o último byte.
    """
    return {tamanho: _vazao(tamanho, duracao, porta) for tamanho in tamanhos}


def _vazao(tamanho, duracao, porta):
    remetente, receptor = conectar_par(porta)
    lidos = []
    leitor = threading.Thread(target=_ler_tudo, args=(receptor, lidos),
                              name="ecolab-receptor-da-vazao", daemon=True)
    leitor.start()
    dados, enviados = bytes(tamanho), 0
    try:
        inicio = time.perf_counter()
        fim = inicio + duracao
        while time.perf_counter() < fim:
            remetente.sendall(dados)
            enviados += tamanho
        remetente.shutdown(socket.SHUT_WR)  # o receptor lê o resto e vê o fim
        leitor.join(5)
        segundos = time.perf_counter() - inicio
    finally:
        remetente.close()
        leitor.join(2)
        receptor.close()
    return sum(lidos) / segundos


def _ler_tudo(receptor, lidos):
    receptor.settimeout(5)
    try:
        while pedaco := receptor.recv(1024 * 1024):
            lidos.append(len(pedaco))
    except OSError:
        pass


# ----- a janela zero, nos pacotes ---------------------------------------------------
#
# Numa captura do receptor que não lê, o controle de fluxo aparece no cabeçalho
# TCP: o receptor anuncia **janela 0** ("não cabe mais nada"), e o remetente,
# que não pode enviar dados, manda de tempos em tempos uma **sonda de janela
# zero** (*zero window probe*, RFC 9293, seção 3.8.6.1) para saber se a janela
# já abriu. Sem as sondas, se o segmento que reabre a janela se perdesse, as
# duas pontas esperariam uma pela outra para sempre. O Linux manda como sonda
# um segmento sem dados com o ``seq`` do último byte já confirmado (um a menos
# que o esperado), que obriga o receptor a responder com a janela atual; outros
# sistemas mandam um byte novo. Por isso, aqui, sonda é todo segmento que o
# remetente envia enquanto a última janela anunciada pelo receptor é 0.

GRAVADA_DA_JANELA_ZERO = "08_janela_zero"  # o receptor que não lê, porta 12080


def anuncios_de_janela_zero(pacotes, porta_do_receptor):
    """Os segmentos TCP em que o receptor (a ponta na ``porta_do_receptor``) anuncia janela 0."""
    return [p for p in pacotes
            if p.protocolo == "TCP" and p.origem[1] == porta_do_receptor and p.janela == 0]


def sondas_de_janela_zero(pacotes, porta_do_receptor):
    """Os segmentos que o remetente envia enquanto a última janela do receptor é 0."""
    sondas, janela = [], None
    for pacote in pacotes:
        if pacote.protocolo != "TCP":
            continue
        if pacote.origem[1] == porta_do_receptor:
            janela = pacote.janela
        elif pacote.destino[1] == porta_do_receptor and janela == 0:
            sondas.append(pacote)
    return sondas


def pacotes_da_janela_zero(pacotes, porta_do_receptor):
    """Só o trecho que interessa: do último segmento antes da 1ª janela 0 até a janela reabrir.

    Devolve ``[]`` se o receptor nunca anunciou janela 0.
    """
    zeros = anuncios_de_janela_zero(pacotes, porta_do_receptor)
    if not zeros:
        return []
    posicao = {id(p): i for i, p in enumerate(pacotes)}
    primeiro = max(posicao[id(zeros[0])] - 1, 0)
    ultimo = posicao[id(zeros[-1])]
    for i in range(ultimo + 1, len(pacotes)):
        if pacotes[i].origem[1] == porta_do_receptor and pacotes[i].janela:
            ultimo = i  # a janela reabriu: o receptor leu
            break
    return pacotes[primeiro:ultimo + 1]


def tabela_da_janela_zero(pacotes, porta_do_receptor):
    """A tabela (``tabela_de_pacotes``) só com o trecho de :func:`pacotes_da_janela_zero`.

    Os números (``nº``, ``seq``, ``ack``, tempo) continuam os da captura inteira:
    o ``seq`` diz quantos bytes já tinham sido enviados.
    """
    trecho = {id(p) for p in pacotes_da_janela_zero(pacotes, porta_do_receptor)}
    inteira = tabela_de_pacotes(pacotes)
    linhas = [celulas for linha, celulas in zip(ler_pacotes(pacotes).linhas, inteira.linhas)
              if id(linha.pacote) in trecho]
    fora = len(inteira.linhas) - len(linhas)
    return TabelaDePacotes(linhas, [f"Só o trecho da janela zero: {numero(fora)} dos "
                                    f"{numero(len(inteira.linhas))} pacotes ficaram de fora."])


def janela_zero_gravada():
    """Os pacotes da captura gravada do receptor que não lê (Linux, loopback, porta 12080).

    Para quem não pode capturar ao vivo; gravada por ``ferramentas/gravar_capturas.py``.
    """
    return captura_gravada(GRAVADA_DA_JANELA_ZERO)
