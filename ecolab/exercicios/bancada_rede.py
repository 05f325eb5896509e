"""Os sockets do lado do verificador: o outro lado da conversa com a resposta do aluno.

Quando o aluno escreve um servidor, o verificador faz o papel dos clientes;
quando escreve um cliente, o verificador é o servidor. Tudo aqui usa só
``127.0.0.1``, porta 0 (o sistema escolhe) e tempo limite em toda espera: o
lado do verificador nunca espera para sempre.
"""

import socket
import threading
import time

ESPERA = 1.0  # segundos que o verificador espera por uma resposta


def ouvir_tcp():
    """Um socket TCP escutando em ``127.0.0.1``, numa porta livre (para o servidor do aluno)."""
    return socket.create_server(("127.0.0.1", 0), backlog=16)


def socket_udp(timeout=None):
    """Um socket UDP ligado a ``127.0.0.1``, numa porta livre."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(timeout)
    return sock


def conectar(endereco, timeout=ESPERA):
    """Um cliente TCP do verificador, já conectado, com ``TCP_NODELAY`` (cada send sai na hora)."""
    sock = socket.create_connection(endereco[:2], timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def esperar_ate(condicao, limite=ESPERA):
    """Espera ``condicao()`` ficar verdadeira, no máximo ``limite`` segundos."""
    fim = time.monotonic() + limite
    while not condicao():
        if time.monotonic() >= fim:
            return False
        time.sleep(0.01)
    return True


def ler_ate_fechar(sock, limite=ESPERA, enquanto=lambda: True):
    """Lê até o outro lado fechar; devolve ``(bytes, fechou)``.

    Para antes se passar ``limite`` segundos ou se ``enquanto()`` ficar falso
    (por exemplo, quando a função do aluno já terminou com um erro).
    """
    partes, fim = [], time.monotonic() + limite
    while time.monotonic() < fim and enquanto():
        sock.settimeout(0.05)
        try:
            pedaco = sock.recv(65_536)
        except TimeoutError:
            continue
        except OSError:  # o outro lado fechou com dados nossos não lidos
            return b"".join(partes), True
        if not pedaco:
            return b"".join(partes), True
        partes.append(pedaco)
    return b"".join(partes), False


def ler_exatamente(sock, tamanho, limite=ESPERA):
    """Lê ``tamanho`` bytes (menos, se o tempo acabar ou a conexão fechar)."""
    dados, fim = b"", time.monotonic() + limite
    while len(dados) < tamanho and time.monotonic() < fim:
        sock.settimeout(max(0.01, fim - time.monotonic()))
        try:
            pedaco = sock.recv(tamanho - len(dados))
        except (TimeoutError, OSError):
            break
        if not pedaco:
            break
        dados += pedaco
    return dados


class Linhas:
    """Lê linhas de um socket do verificador, com tempo limite em cada espera.

    ``proxima(espera)`` devolve a próxima linha (texto, sem o ``\\n``) ou
    ``None`` se nada chegou a tempo; ``fechou`` fica ``True`` quando o outro
    lado fecha a conexão. ``todas(espera)`` devolve as linhas que chegarem.
    """

    def __init__(self, sock):
        self.sock = sock
        self.pendente = b""
        self.fechou = False

    def proxima(self, espera=ESPERA):
        fim = time.monotonic() + espera
        while b"\n" not in self.pendente:
            restante = fim - time.monotonic()
            if restante <= 0 or self.fechou:
                return None
            self.sock.settimeout(restante)
            try:
                pedaco = self.sock.recv(65_536)
            except TimeoutError:
                return None
            except OSError:
                pedaco = b""
            if not pedaco:
                self.fechou = True
                return None
            self.pendente += pedaco
        linha, self.pendente = self.pendente.split(b"\n", 1)
        return linha.decode("utf-8", errors="replace")

    def todas(self, espera=0.2):
        """Todas as linhas que chegarem até passar ``espera`` segundos sem nada novo."""
        linhas = []
        while (linha := self.proxima(espera)) is not None:
            linhas.append(linha)
        return linhas

    def receber(self, quantas, espera=ESPERA, sobra=0.03):
        """As ``quantas`` linhas esperadas (menos, se não chegarem) e as que vierem a mais."""
        linhas = []
        for _ in range(quantas):
            linha = self.proxima(espera)
            if linha is None:
                return linhas
            linhas.append(linha)
        return linhas + self.todas(sobra)

    def enviar(self, texto):
        self.sock.sendall(texto.encode("utf-8") if isinstance(texto, str) else texto)


def remetente_tcp(dados, pausa=0.1):
    """Um servidor TCP que envia ``dados`` à primeira conexão e fecha; devolve o endereço.

    ``dados`` são bytes, ou uma lista de pedaços: cada pedaço sai num ``send``
    próprio, com ``pausa`` segundos antes do seguinte. Assim o corte entre dois
    ``recv`` cai exatamente onde o verificador quer (no meio de um "ç", por exemplo).
    Roda numa thread do verificador e termina sozinho.
    """
    pedacos = [dados] if isinstance(dados, bytes) else list(dados)
    escuta = ouvir_tcp()
    escuta.settimeout(5 * ESPERA)

    def enviar():
        try:
            conexao, _ = escuta.accept()
            with conexao:
                conexao.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conexao.settimeout(5 * ESPERA)
                for numero, pedaco in enumerate(pedacos):
                    if numero:
                        time.sleep(pausa)
                    conexao.sendall(pedaco)
        except OSError:
            pass
        finally:
            escuta.close()

    threading.Thread(target=enviar, name="ecolab-verificador-remetente", daemon=True).start()
    return escuta.getsockname()
