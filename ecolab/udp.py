"""Servidor e cliente UDP do ecolab.

UDP entrega **datagramas**: cada ``sendto`` vira um pacote independente, que
chega inteiro ou não chega. Não há conexão, nem confirmação, nem garantia de
ordem. Um datagrama é uma mensagem, então não é preciso combinar fronteiras
como no TCP; em troca, quem envia nunca sabe se a mensagem chegou. Por isso o
cliente espera a resposta só até ``timeout`` segundos.

O servidor é uma única thread: ``recvfrom`` -> ``responder`` -> ``sendto``,
para sempre. Ele não precisa de uma thread por cliente, porque não há conexões:
cada datagrama traz o endereço de quem o enviou.
"""

import socket

from .validacao import conferir_host, conferir_porta, conferir_timeout
from .erros import MensagemInvalida, PortaEmUso, ServidorIndisponivel, TempoEsgotado
from .mensagem import LIMITE_RESPOSTA_UDP, LIMITE_UDP, codificar, decodificar
from .numeros import com_unidade
from .registro import Registro
from .servidor import HOSTS_DE_TODAS_AS_INTERFACES, Servidor
from .sockets import (
    TAMANHO_MAXIMO_DATAGRAMA,
    chegou_algo,
    definir_tempo_limite,
    familia,
    porta_ocupada,
    tempo_esgotou,
)


class ServidorUDP(Servidor):
    """Servidor UDP: responde a cada datagrama com outro datagrama."""

    protocolo = "UDP"

    def _abrir(self):
        # Sem SO_REUSEADDR: em UDP ele deixaria um segundo servidor ocupar a
        # mesma porta em silêncio, e as mensagens iriam para um só deles.
        sock = socket.socket(familia(self._endereco_de_escuta[0]), socket.SOCK_DGRAM)
        try:
            sock.bind(self._endereco_de_escuta)
        except OSError as erro:
            sock.close()
            if porta_ocupada(erro):
                raise PortaEmUso((self.host, self._porta_pedida), "UDP") from None
            raise
        return sock

    def _atender(self):
        sock = self._sock
        while True:
            try:
                dados, endereco = sock.recvfrom(TAMANHO_MAXIMO_DATAGRAMA)
            except ConnectionResetError:
                # Windows (erro 10054): um datagrama nosso anterior foi para uma
                # porta fechada. Não é problema do servidor; seguimos atendendo.
                continue
            if not self.rodando:
                return  # parar() nos acordou
            self._responder_datagrama(dados, endereco[:2])

    def _responder_datagrama(self, dados, endereco):
        try:
            resposta = self._responder(decodificar(dados, LIMITE_UDP), endereco)
        except MensagemInvalida as erro:
            self.registro.anotar("erro", endereco, str(erro))
            resposta = f"ERRO: {erro}"
        dados = resposta.encode("utf-8", errors="replace")
        if len(dados) > LIMITE_RESPOSTA_UDP:  # o macOS nem a enviaria
            motivo = (
                f"a resposta do responder tem {com_unidade(len(dados), 'bytes')}, acima do "
                f"limite de {com_unidade(LIMITE_RESPOSTA_UDP, 'bytes')} por datagrama de "
                "resposta; devolva um texto menor"
            )
            self._guardar_falha(ValueError(motivo), endereco)
            dados = f"ERRO: {motivo}".encode("utf-8")
        try:
            self._sock.sendto(dados, endereco)
        except OSError as erro:  # o cliente sumiu, a rede caiu...
            self.registro.anotar("erro", endereco, f"a resposta não foi enviada ({erro})")

    def _acordar(self):
        # No Linux, shutdown acorda o recvfrom na hora. Nos outros sistemas,
        # um datagrama vazio enviado para nós mesmos faz o mesmo.
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        host, porta = self._endereco
        if host in HOSTS_DE_TODAS_AS_INTERFACES:
            host = "::1" if ":" in host else "127.0.0.1"
        with socket.socket(familia(host), socket.SOCK_DGRAM) as despertador:
            try:
                despertador.sendto(b"", (host, porta))
            except OSError:
                pass

    def _fechar(self):
        self._sock.close()


class ClienteUDP:
    """Cliente UDP: envia um datagrama e espera um datagrama de resposta.

    Para quem usa:
      - ``enviar(mensagem)``: envia e devolve a resposta; sem resposta em
        ``timeout`` segundos, levanta :class:`~ecolab.TempoEsgotado`;
      - ``fechar()``; ``with ClienteUDP(...) as cliente:`` fecha no fim;
      - ``registro``: o que o cliente fez, com horários.

    O host é traduzido para um endereço uma vez só, ao criar o cliente (IPv4
    primeiro, onde os servidores do curso escutam), e não a cada datagrama.

    **Respostas atrasadas.** O UDP não diz a que pergunta uma resposta
    responde: uma resposta que chega tarde (atrasada ou duplicada pela rede)
    seria tomada pela resposta da mensagem seguinte. O cliente faz o que pode
    sem mudar o protocolo:
      - depois de um :class:`~ecolab.TempoEsgotado`, fecha o socket e o
        próximo ``enviar`` abre outro (numa porta nova): a resposta atrasada
        vai para a porta velha, já fechada, e o sistema a descarta. (No
        Windows isso também é necessário: um socket cujo tempo limite de
        recepção esgotou fica num estado indeterminado.)
      - antes de cada envio, descarta o que já está na fila e anota cada
        descarte no registro (``"descartou"``);
      - uma cópia velha que chegar **depois** do ``sendto`` seguinte não tem
        como ser reconhecida, e é devolvida como resposta. Só números de
        sequência resolvem isso (a lição 05 os acrescenta).
    """

    protocolo = "UDP"

    def __init__(self, host="127.0.0.1", porta=12000, timeout=5.0):
        porta = conferir_porta(porta, cliente=True)
        self._familia, self._destino = conferir_host(host, porta, socket.SOCK_DGRAM)[0]
        self.endereco = (host, porta)
        self.timeout = conferir_timeout(timeout)
        self.registro = Registro()
        self._sock = None

    def enviar(self, mensagem):
        """Envia ``mensagem`` num datagrama e devolve o texto da resposta.

        Antes de enviar, descarta as respostas atrasadas que já estão na fila
        (veja a docstring da classe).
        """
        dados = codificar(mensagem, LIMITE_UDP)
        sock = self._socket()
        self._descartar_atrasadas(sock)
        sock.sendto(dados, self._destino)
        self.registro.anotar("enviou", self.endereco, mensagem)
        try:
            resposta, _ = sock.recvfrom(TAMANHO_MAXIMO_DATAGRAMA)
        except OSError as erro:
            if tempo_esgotou(erro):
                self.registro.anotar("sem resposta", self.endereco, "tempo esgotado")
                # No Windows, um socket cujo SO_RCVTIMEO esgotou fica num estado
                # indeterminado (documentação da Microsoft). Fechamos: o próximo
                # enviar abre outro, numa porta nova, onde a resposta atrasada
                # desta mensagem nunca chega.
                self.fechar()
                raise TempoEsgotado(self.endereco, self.timeout, "UDP") from None
            self.registro.anotar("erro", self.endereco, str(erro))
            # Windows avisa (erro 10054) quando o datagrama foi para uma porta fechada.
            raise ServidorIndisponivel(self.endereco, f"o sistema avisou: {erro}") from None
        texto = resposta.decode("utf-8", errors="replace")
        self.registro.anotar("recebeu", self.endereco, texto)
        return texto

    def _descartar_atrasadas(self, sock):
        """Lê sem esperar o que já está na fila e anota cada um como "descartou".

        Só pega o que chegou **antes** do ``sendto``: uma resposta velha que
        chegar depois dele é indistinguível da resposta nova.
        """
        while True:
            try:
                velha, _ = _ler_sem_esperar(sock)
            except (BlockingIOError, InterruptedError):
                return  # fila vazia
            except ConnectionResetError:
                return  # Windows (10054): um aviso, não uma resposta; o recvfrom o repete
            texto = velha.decode("utf-8", errors="replace")
            self.registro.anotar("descartou", self.endereco, texto)

    def fechar(self):
        """Fecha o socket (o próximo ``enviar`` abre outro)."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def _socket(self):
        if self._sock is None:
            self._sock = socket.socket(self._familia, socket.SOCK_DGRAM)
            definir_tempo_limite(self._sock, self.timeout)
        return self._sock

    def __enter__(self):
        return self

    def __exit__(self, *erro):
        self.fechar()

    def __repr__(self):
        return f"<ClienteUDP para {self.endereco[0]}:{self.endereco[1]}>"


def _ler_sem_esperar(sock):
    """Um ``recvfrom`` que não espera: sem nada na fila, levanta ``BlockingIOError``."""
    if hasattr(socket, "MSG_DONTWAIT"):  # Linux e macOS: uma chamada só
        return sock.recvfrom(TAMANHO_MAXIMO_DATAGRAMA, socket.MSG_DONTWAIT)
    if not chegou_algo(sock, 0):  # Windows não tem MSG_DONTWAIT
        raise BlockingIOError
    return sock.recvfrom(TAMANHO_MAXIMO_DATAGRAMA)
