"""O protocolo "pare e espere" da lição 05, na versão do verificador.

O mesmo protocolo do enunciado da lição 05 e das soluções::

    dados:        D|<seq>|<texto>     seq = 0, 1, 2... (um por linha)
    fim:          F|<seq>             seq = o número de linhas
    confirmação:  A|<seq>             o receptor confirma cada D e o F

Aqui ficam o remetente e o receptor que o verificador usa para conferir cada
metade da resposta do aluno (:mod:`ecolab.exercicios.verificacoes_05`) e :func:`transferir`,
que junta as duas metades do aluno por uma :class:`~ecolab.RedeInstavel`. É uma
solução pronta: se você está fazendo o projeto, tente antes de ler.
"""

import threading
import time

from .bancada import Execucao
from .bancada_rede import socket_udp
from ..rede_instavel import RedeInstavel
from .vigia import Vigia


def enviar_de_referencia(sock, destino, linhas, timeout=0.05, tentativas=30):
    """Remetente "pare e espere"; devolve quantos datagramas enviou."""
    enviados = 0
    mensagens = [f"D|{seq}|{linha}" for seq, linha in enumerate(linhas)]
    for seq, mensagem in enumerate([*mensagens, f"F|{len(linhas)}"]):
        for _ in range(tentativas):
            sock.sendto(mensagem.encode("utf-8"), destino)
            enviados += 1
            if _esperar_confirmacao(sock, seq, timeout):
                break
        else:
            raise TimeoutError(f"a mensagem {seq} não foi confirmada em {tentativas} envios")
    return enviados


def _esperar_confirmacao(sock, seq, timeout):
    fim = time.monotonic() + timeout
    while (restante := fim - time.monotonic()) > 0:
        sock.settimeout(restante)
        try:
            dados, _ = sock.recvfrom(65_535)
        except TimeoutError:
            return False
        if dados.decode("utf-8", errors="replace") == f"A|{seq}":
            return True
    return False


def receber_de_referencia(sock, silencio=0.3, parar=None):
    """Receptor "pare e espere"; continua confirmando ``silencio`` segundos depois do fim."""
    linhas, fim_recebido = [], False
    sock.settimeout(silencio)
    while parar is None or not parar.is_set():
        try:
            dados, remetente = sock.recvfrom(65_535)
        except TimeoutError:
            if fim_recebido:
                break
            continue
        tipo, _, resto = dados.decode("utf-8", errors="replace").partition("|")
        seq_texto, _, texto = resto.partition("|")
        if not seq_texto.isdigit() or int(seq_texto) > len(linhas):
            continue
        seq = int(seq_texto)
        if tipo == "D" and seq == len(linhas) and not fim_recebido:
            linhas.append(texto)
        elif tipo == "F" and seq == len(linhas):
            fim_recebido = True
        elif tipo not in ("D", "F"):
            continue
        sock.sendto(f"A|{seq}".encode("utf-8"), remetente)
    return linhas


def transferir(texto, enviar_confiavel, receber_confiavel, semente=None, timeout=0.05,
               **rede):
    """Envia ``texto`` (várias linhas) com as suas funções, por uma :class:`~ecolab.RedeInstavel`.

    ``rede``: as probabilidades da rede (``perda``, ``duplicacao``,
    ``reordenacao``...). Devolve o texto que chegou ao receptor (as linhas
    juntadas com ``\\n``). Tudo roda com prazo: uma resposta que trava dá
    ``TimeoutError``, e nada fica aberto.
    """
    with Vigia():
        receptor, remetente = socket_udp(), socket_udp()
        recepcao = Execucao(receber_confiavel, (receptor, 0.3)).iniciar()
        with RedeInstavel(receptor.getsockname(), semente=semente, **rede) as instavel:
            envio = Execucao(enviar_confiavel, (remetente, instavel.endereco,
                                                texto.split("\n"), timeout, 30)).iniciar()
            if not (envio.esperar(20) and recepcao.esperar(5)):
                raise TimeoutError("a transferência não terminou em 25 s: confira as "
                                   "suas funções com verificar() antes.")
        for execucao in (envio, recepcao):
            if execucao.erro is not None:
                raise execucao.erro
        return "\n".join(recepcao.valor or [])


class ReceptorQueEngana:
    """Um receptor do verificador que engana o remetente de propósito.

    Na primeira vez que recebe ``D|1`` responde com uma confirmação velha
    (``A|0``); na primeira vez que recebe ``D|2`` não responde (como se tivesse
    se perdido). Anota tudo o que recebe, na ordem.
    """

    def __init__(self):
        self.sock = socket_udp(0.05)
        self.recebidos, self.linhas = [], []
        self._parar = threading.Event()
        self._thread = threading.Thread(target=self._atender, daemon=True,
                                        name="ecolab-verificador-receptor")
        self._thread.start()

    def _atender(self):
        while not self._parar.is_set():
            try:
                dados, remetente = self.sock.recvfrom(65_535)
            except (TimeoutError, OSError):
                continue
            mensagem = dados.decode("utf-8", errors="replace")
            self.recebidos.append(mensagem)
            tipo, _, resto = mensagem.partition("|")
            seq, _, texto = resto.partition("|")
            if tipo == "D" and seq == str(len(self.linhas)):
                self.linhas.append(texto)
            vezes = self.recebidos.count(mensagem)
            if mensagem.startswith("D|1|") and vezes == 1:
                self.sock.sendto(b"A|0", remetente)
            elif not (mensagem.startswith("D|2|") and vezes == 1):
                self.sock.sendto(f"A|{seq}".encode("utf-8"), remetente)

    def parar(self):
        self._parar.set()
        self._thread.join(1.0)
        self.sock.close()
