"""O projeto final (lição 10), na versão do verificador: o arquivo, a janela e a vazão.

O projeto é um pequeno transporte confiável sobre UDP, com o cabeçalho de
:mod:`ecolab.segmento` (``seq`` conta pacotes). Aqui ficam as peças que o
verificador (:mod:`ecolab.exercicios.verificacoes_10`) e a lição usam:

- :func:`arquivo_de_teste`: bytes sorteados com semente (o mesmo arquivo sempre) e
  :func:`impressao_sha256`, o resumo SHA-256 que confere se chegou tudo;
- :func:`receber_de_referencia` e :func:`enviar_de_referencia`: um receptor (ACK
  cumulativo) e um remetente (janela fixa, Go-Back-N) do verificador, para conferir
  cada metade da resposta do aluno contra uma metade que funciona;
- :func:`estouros_da_janela`: compara o que a rede viu em voo (``rede.em_voo()``)
  com a janela que o remetente do aluno registrou;
- :func:`reducoes_da_janela`: quantas vezes a janela registrada diminuiu;
- :func:`transferir_projeto`: as duas funções do aluno, de ponta a ponta, pela rede
  (para o quadro final da lição).

O registro da janela, como o enunciado pede: uma lista de pares ``(tempo,
janela)``, com ``tempo`` de ``time.monotonic()`` e ``janela`` o número de pacotes
que o remetente se permite ter em voo a partir daquele instante; o primeiro par
antes do primeiro envio, e um par novo a cada mudança. É uma solução pronta
(o receptor e o remetente de referência): se você está fazendo o projeto,
tente antes de ler.
"""

import hashlib
import random
import time
from typing import NamedTuple

from ..erros import SegmentoInvalido
from ..numeros import com_unidade
from ..rede_instavel import RedeInstavel
from ..segmento import ACK, FIN, SELETIVA, ler, montar
from .bancada import Execucao
from .bancada_rede import socket_udp
from .vigia import Vigia

# Uma janela que diminuiu vale ainda por FOLGA segundos: o pacote que a rede carimba
# agora pode ter saído do remetente antes da mudança (a rede é uma thread que também
# espera a vez dela num computador ocupado). Para janelas que crescem não há folga.
FOLGA = 0.1


def arquivo_de_teste(tamanho, semente=10):
    """``tamanho`` bytes sorteados com ``semente``: o mesmo arquivo em toda execução."""
    return random.Random(semente).randbytes(tamanho)


def impressao_sha256(dados):
    """Os primeiros 16 algarismos hexadecimais do SHA-256 de ``dados`` (basta para comparar)."""
    return hashlib.sha256(bytes(dados)).hexdigest()[:16]


def resumo_da_confirmacao(datagrama):
    """``"ACK ack=3"`` (ou ``"SELETIVA ack=3"``) de uma confirmação; a janela não entra."""
    try:
        segmento = ler(datagrama)
    except SegmentoInvalido:
        return f"datagrama sem cabeçalho ({len(datagrama)} bytes)"
    if segmento.flags & ACK:
        return f"ACK ack={segmento.ack}"
    if segmento.flags & SELETIVA:
        return f"SELETIVA ack={segmento.ack}"
    return f"segmento sem ACK ({segmento})"


# ----- o receptor e o remetente do verificador ------------------------------------


class Recepcao:
    """O que o receptor de referência viu: os ``seq`` dos dados, o fim e os bytes."""

    def __init__(self):
        self.seqs, self.tamanhos = [], []
        self.fim = None  # o seq do FIN, quando ele chega na vez dele
        self.dados = b""


def receber_de_referencia(sock, recepcao, silencio=0.3, parar=None):
    """Receptor com ACK cumulativo; guarda os adiantados; termina ``silencio`` s depois do fim."""
    guardados, partes, esperado, fim_em = {}, [], 0, None
    sock.settimeout(silencio)
    while parar is None or not parar.is_set():
        try:
            datagrama, remetente = sock.recvfrom(65_535)
        except TimeoutError:
            if recepcao.fim is not None:
                break
            continue
        except ConnectionResetError:  # Windows (10054): uma confirmação foi para porta fechada
            continue
        try:
            segmento = ler(datagrama)
        except SegmentoInvalido:
            continue
        if segmento.confirmacao:
            continue
        if segmento.fim:
            fim_em = segmento.seq
        else:
            recepcao.seqs.append(segmento.seq)
            recepcao.tamanhos.append(len(segmento.dados))
            if segmento.seq >= esperado and recepcao.fim is None:
                guardados[segmento.seq] = segmento.dados
        while esperado in guardados:
            partes.append(guardados.pop(esperado))
            esperado += 1
        if fim_em == esperado and recepcao.fim is None:
            recepcao.fim, esperado = fim_em, esperado + 1
        sock.sendto(montar(ack=esperado, flags=ACK), remetente)
    recepcao.dados = b"".join(partes)
    return recepcao


def enviar_de_referencia(sock, destino, dados, tamanho=1000, janela=8, timeout=0.1, prazo=5.0):
    """Remetente Go-Back-N de janela fixa: reenvia a janela inteira quando o tempo esgota.

    Desiste com ``TimeoutError`` se o FIN não for confirmado em ``prazo`` segundos.
    """
    pacotes = [dados[i:i + tamanho] for i in range(0, len(dados), tamanho)]
    base = proximo = 0
    fim = time.monotonic() + prazo
    while base <= len(pacotes):  # o pacote len(pacotes) é o FIN
        if time.monotonic() > fim:
            raise TimeoutError(f"o receptor não confirmou o pacote {base} em "
                               f"{com_unidade(prazo, 's')}")
        while proximo <= len(pacotes) and proximo < base + janela:
            sock.sendto(_segmento(proximo, pacotes), destino)
            proximo += 1
        confirmado = _esperar_ack(sock, base, timeout)
        if confirmado is None:
            proximo = base  # tempo esgotado: volta N
        else:
            base = confirmado


def _segmento(seq, pacotes):
    if seq == len(pacotes):
        return montar(seq=seq, flags=FIN)
    return montar(seq=seq, dados=pacotes[seq])


def _esperar_ack(sock, base, timeout):
    """O primeiro ACK cumulativo acima de ``base``, ou ``None`` se o tempo esgotar."""
    fim = time.monotonic() + timeout
    while (restante := fim - time.monotonic()) > 0:
        sock.settimeout(restante)
        try:
            segmento = ler(sock.recv(65_535))
        except TimeoutError:
            return None
        except (SegmentoInvalido, ConnectionResetError):  # lixo, ou o 10054 do Windows
            continue
        if segmento.flags & ACK and segmento.ack > base:
            return segmento.ack
    return None


# ----- a janela registrada pelo aluno ---------------------------------------------


def problema_no_registro(registro, antes, depois):
    """``None`` se ``registro`` é uma lista de pares (tempo, janela) válida; senão, o porquê."""
    if not isinstance(registro, list) or not registro:
        return f"a função devolveu {type(registro).__name__}, e não uma lista com pares"
    for par in registro:
        if not (isinstance(par, (tuple, list)) and len(par) == 2):
            return f"o item {par!r} não é um par (tempo, janela)"
        tempo, janela = par
        if not isinstance(tempo, float) or not isinstance(janela, int) or janela < 1:
            return f"o par {par!r} não é (tempo em float, janela inteira a partir de 1)"
        if not antes <= tempo <= depois:
            return (f"o tempo {tempo!r} não é de time.monotonic() durante a transferência "
                    "(use time.monotonic(), e não time.time() nem perf_counter)")
    if any(b[0] < a[0] for a, b in zip(registro, registro[1:])):
        return "os tempos do registro não estão em ordem crescente"
    return None


def janela_permitida(registro, instante, folga=FOLGA):
    """A maior janela que valeu entre ``instante - folga`` e ``instante`` (``None``: nenhuma)."""
    vigente, maior = None, None
    for tempo, janela in registro:
        if tempo <= instante - folga:
            vigente = janela  # a que valia no começo do intervalo
        elif tempo <= instante:
            maior = janela if maior is None else max(maior, janela)
    candidatas = [j for j in (vigente, maior) if j is not None]
    return max(candidatas) if candidatas else None


def estouros_da_janela(registro, amostras, inicio, folga=FOLGA):
    """As amostras novas (``nova``) em que a rede viu mais em voo do que a janela permitia.

    ``amostras``: ``rede.em_voo()``; ``inicio``: ``rede.inicio`` (os tempos das
    amostras contam dele). Devolve pares ``(amostra, janela permitida)``.
    """
    estouros = []
    for amostra in amostras:
        if not amostra.nova:
            continue  # uma retransmissão não aumenta o que está em voo
        permitida = janela_permitida(registro, inicio + amostra.tempo, folga)
        if permitida is None or amostra.em_voo > permitida:
            estouros.append((amostra, permitida))
    return estouros


def reducoes_da_janela(registro):
    """Quantas vezes a janela registrada diminuiu."""
    return sum(1 for (_, antes), (_, depois) in zip(registro, registro[1:]) if depois < antes)


# ----- o projeto do aluno, de ponta a ponta ----------------------------------------


class ResultadoDoProjeto(NamedTuple):
    """O que :func:`transferir_projeto` mediu (``vazao`` em bits de dados por segundo)."""

    recebido: bytes
    intacto: bool
    duracao: float
    registro: list
    amostras: list
    inicio: float
    contagem: dict

    @property
    def vazao(self):
        return len(self.recebido) * 8 / self.duracao


def transferir_projeto(enviar_arquivo, receber_arquivo, dados, tamanho=1000, semente=None,
                       prazo=30.0, **rede):
    """Envia ``dados`` com as suas duas funções por uma :class:`~ecolab.RedeInstavel`.

    ``rede``: o que a rede faz (``perda``, ``atraso``, ``taxa``...). Devolve um
    :class:`ResultadoDoProjeto`: o que chegou, se chegou intacto, quanto tempo o
    remetente levou, o registro da janela e o que a rede viu em voo. Tudo tem
    prazo: uma resposta que trava dá ``TimeoutError``, e nada fica aberto.
    """
    with Vigia():
        receptor, remetente = socket_udp(), socket_udp()
        recepcao = Execucao(receber_arquivo, (receptor, 0.5)).iniciar()
        with RedeInstavel(receptor.getsockname(), semente=semente, **rede) as instavel:
            antes = time.monotonic()
            envio = Execucao(enviar_arquivo, (remetente, instavel.endereco, dados,
                                              tamanho)).iniciar()
            if not envio.esperar(prazo):
                raise TimeoutError(f"o remetente não terminou em {com_unidade(prazo, 's')}: "
                                   "confira as suas funções com verificar() antes.")
            duracao = time.monotonic() - antes
            amostras, inicio, contagem = instavel.em_voo(), instavel.inicio, instavel.contagem
            # A rede fica aberta até o receptor terminar: no Windows, uma confirmação para
            # uma porta já fechada faria o próximo recvfrom levantar o 10054.
            if not recepcao.esperar(5.0):
                raise TimeoutError("o receptor não terminou 5 s depois do remetente: "
                                   "confira receber_arquivo com verificar() antes.")
        for execucao in (envio, recepcao):
            if execucao.erro is not None:
                raise execucao.erro
    recebido = recepcao.valor if isinstance(recepcao.valor, bytes) else b""
    return ResultadoDoProjeto(recebido, recebido == bytes(dados), duracao, envio.valor,
                              amostras, inicio, contagem)
