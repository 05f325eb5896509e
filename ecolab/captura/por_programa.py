"""Capturar com um programa (``dumpcap`` ou ``tcpdump``) rodando em segundo plano.

Como o ecolab usa o programa:

1. inicia-o num subprocesso, gravando a interface de loopback num arquivo
   temporário, com o filtro ``tcp port P or udp port P or icmp or icmp6`` (mais
   a porta do marcador, abaixo);
2. espera ele avisar que está capturando (o tcpdump escreve "listening on" e o
   dumpcap "Capturing on" na saída de erros) e, como o aviso do dumpcap chega
   um pouco antes de a captura começar de fato, manda um **marcador**: um
   datagrama UDP de um socket do ecolab para ele mesmo. Só quando o marcador
   aparece no arquivo o bloco ``with`` começa: um pacote enviado antes disso
   poderia não ser capturado;
3. no fim, espera um instante, manda outro marcador e espera vê-lo no
   arquivo, até a conversa parar de ganhar pacotes. Os programas não gravam
   cada pacote na hora (o kernel os entrega em blocos: o dumpcap leva ~0,8 s
   aqui), e o Ctrl+C descarta o que ainda não foi gravado; quando o marcador
   está no arquivo, tudo o que passou antes dele também está;
4. pede ao programa para terminar como o Ctrl+C faria (assim ele fecha o
   arquivo direito) e lê o arquivo, só com os pacotes da conversa.

Todo passo tem prazo: se o programa não fica pronto, ou não termina, o ecolab
o encerra à força. Um programa que não pode capturar (falta permissão) termina
logo com uma mensagem de erro; ela vira o motivo em :class:`NaoCapturou`.
"""

import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

from ..erros import CapturaInvalida
from .arquivo import quadros_do_arquivo
from .filtro import quadro_da_conversa
from .leitura import pacotes_dos_quadros

PRAZO_PARA_FICAR_PRONTO = 10  # segundos
PRAZO_PARA_TERMINAR = 3  # segundos
PRAZO_DO_MARCADOR = 3  # segundos, no máximo, esperando o marcador aparecer no arquivo
ENTRE_MARCADORES = 0.1  # segundos entre um marcador e o próximo
SILENCIO = 0.05  # segundos de espera antes de cada marcador do fim
RODADAS_DO_FIM = 5  # no máximo, rodadas de marcador no fim
INICIO = b"ecolab: inicio da captura"
FIM = b"ecolab: fim da captura"
AVISO_DE_PRONTO = {"tcpdump": "listening on", "dumpcap": "capturing on"}


class NaoCapturou(Exception):
    """O programa não conseguiu começar a capturar (a mensagem diz por quê)."""


class CapturaPorPrograma:
    """Os quadros da conversa numa porta, gravados por ``dumpcap`` ou ``tcpdump``.

    Para quem usa: ``iniciar()`` (levanta :class:`NaoCapturou`), ``parar()`` ->
    ``(tipo_de_enlace, quadros)`` e ``descricao``.
    """

    def __init__(self, nome, caminho, interface, porta):
        self.nome, self.caminho, self.interface, self.porta = nome, caminho, interface, porta
        self.descricao = f"{nome} na interface {interface}"
        self._pasta = tempfile.mkdtemp(prefix="ecolab-captura-")
        self.arquivo = os.path.join(self._pasta, "captura.pcapng")
        self._processo = None
        self._linhas = queue.Queue()
        self._marcador = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._marcador.bind(("127.0.0.1", 0))

    def comando(self):
        """A linha de comando do programa (uma lista, como o ``subprocess`` pede)."""
        marcador = self._marcador.getsockname()[1]
        filtro = (
            f"tcp port {self.porta} or udp port {self.porta} or udp port {marcador}"
            " or icmp or icmp6"
        )
        if self.nome == "dumpcap":
            return [self.caminho, "-i", self.interface, "-q", "-w", self.arquivo, "-f", filtro]
        root = ["-Z", "root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        # --immediate-mode e -U: recebe e grava cada pacote assim que chega;
        # -Z root: como root, o tcpdump trocaria de usuário antes de criar o
        # arquivo e não poderia escrevê-lo nesta pasta.
        return [
            self.caminho, "-i", self.interface, "--immediate-mode", "-U", "-n",
            "-w", self.arquivo, *root, filtro,
        ]

    def iniciar(self):
        """Inicia o programa e espera ele ficar pronto; levanta :class:`NaoCapturou`."""
        try:
            self._processo = subprocess.Popen(
                self.comando(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
            )
        except OSError as erro:
            self._limpar()
            raise NaoCapturou(f"{self.nome} não abriu: {erro}") from None
        threading.Thread(target=self._ler_erros, daemon=True).start()
        try:
            self._esperar_pronto()
            if not self._esperar_o_marcador(INICIO):
                raise NaoCapturou(f"{self.nome} não gravou nada em {PRAZO_DO_MARCADOR} s")
        except NaoCapturou:
            self._encerrar()
            self._limpar()
            raise
        return self

    def parar(self):
        """Espera os últimos pacotes, termina o programa e lê o arquivo."""
        try:
            self._esperar_os_ultimos()
            self._encerrar()
            if not os.path.exists(self.arquivo):
                return 1, []
            tipo, quadros = quadros_do_arquivo(self.arquivo)
            return tipo, [q for q in quadros if quadro_da_conversa(tipo, q[1], self.porta)]
        finally:
            self._encerrar()
            self._limpar()

    def _ler_erros(self):
        """Thread: passa cada linha da saída de erros do programa para a fila."""
        for linha in self._processo.stderr:
            self._linhas.put(linha.strip())
        self._linhas.put(None)  # o programa fechou a saída de erros: terminou

    def _esperar_pronto(self):
        aviso = AVISO_DE_PRONTO[self.nome]
        ultimas = []
        fim = time.monotonic() + PRAZO_PARA_FICAR_PRONTO
        while time.monotonic() < fim:
            try:
                linha = self._linhas.get(timeout=max(0.0, fim - time.monotonic()))
            except queue.Empty:
                break
            if linha is None:
                motivo = " ".join(ultimas[-2:]) or "terminou sem dizer por quê"
                raise NaoCapturou(f"{self.nome} não pôde capturar: {motivo}")
            if aviso in linha.lower():
                return
            ultimas.append(linha)
        raise NaoCapturou(f"{self.nome} não ficou pronto em {PRAZO_PARA_FICAR_PRONTO} s")

    def _esperar_o_marcador(self, marcador):
        """Manda ``marcador`` até vê-lo no arquivo; falso se o prazo acabar antes.

        Um só bastaria ao tcpdump, que grava cada pacote na hora; o dumpcap só
        entrega um bloco de pacotes ao arquivo quando outros pacotes chegam
        depois dele, e por isso o marcador se repete a cada ``ENTRE_MARCADORES``.
        """
        fim = time.monotonic() + PRAZO_DO_MARCADOR
        proximo = 0.0
        while time.monotonic() < fim and self._processo.poll() is None:
            if time.monotonic() >= proximo:
                self._marcador.sendto(marcador, self._marcador.getsockname())
                proximo = time.monotonic() + ENTRE_MARCADORES
            if self._gravado(marcador):
                return True
            time.sleep(0.02)
        return False

    def _esperar_os_ultimos(self):
        """Repete o marcador do fim até a conversa parar de ganhar pacotes.

        Cada rodada espera ``SILENCIO`` segundos e manda um marcador novo; quando
        ele aparece, o arquivo tem tudo o que passou até ali. Se a conversa não
        ganhou pacote desde a rodada anterior, os últimos já chegaram (o FIN de
        quem fechou depois, por exemplo).
        """
        antes = None
        for rodada in range(RODADAS_DO_FIM):
            time.sleep(SILENCIO)
            if not self._esperar_o_marcador(FIM + b" %d" % rodada):
                return
            agora = len(self._pacotes(self.porta))
            if agora == antes:
                return
            antes = agora

    def _gravado(self, marcador):
        """Verdadeiro se o arquivo, como está agora, já tem o datagrama ``marcador``."""
        return any(p.dados == marcador for p in self._pacotes(self._marcador.getsockname()[1]))

    def _pacotes(self, porta):
        """Os pacotes da ``porta`` no arquivo como está agora (talvez pela metade)."""
        try:
            tipo, quadros = quadros_do_arquivo(self.arquivo)
        except (CapturaInvalida, OSError):  # ainda vazio, ou com um pacote pela metade
            return []
        da_porta = [q for q in quadros if quadro_da_conversa(tipo, q[1], porta)]
        return pacotes_dos_quadros(tipo, da_porta)

    def _encerrar(self):
        """Pede ao programa para terminar (como Ctrl+C); à força, se ele demorar."""
        processo = self._processo
        if processo is None or processo.poll() is not None:
            return
        aviso = signal.CTRL_BREAK_EVENT if os.name == "nt" else signal.SIGINT
        try:
            processo.send_signal(aviso)
            processo.wait(timeout=PRAZO_PARA_TERMINAR)
        except (OSError, subprocess.TimeoutExpired):
            processo.kill()
            processo.wait(timeout=PRAZO_PARA_TERMINAR)

    def _limpar(self):
        self._marcador.close()
        shutil.rmtree(self._pasta, ignore_errors=True)
