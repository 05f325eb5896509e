"""Servidor e cliente TCP do ecolab.

TCP entrega um **fluxo de bytes**: o que um lado envia chega do outro na mesma
ordem e sem perdas, mas sem fronteiras entre as mensagens. Dois ``send`` podem
chegar num único ``recv``, e um ``send`` pode chegar em pedaços. Por isso o
ecolab combina uma regra (o "enquadramento"): **cada mensagem é uma linha de
texto UTF-8 terminada por ``\\n``**. Com essa regra, ``nc`` e ``telnet`` também
servem de cliente.

Como o servidor atende muitos clientes ao mesmo tempo::

    thread do servidor            uma thread por conexão
    ------------------            ----------------------
    accept() ──── nova conexão ──> ler_linhas() -> responder() -> sendall()
    accept() ──── nova conexão ──> ler_linhas() -> responder() -> sendall()

A thread de cada conexão fica bloqueada em ``recv`` até chegar algo, o jeito
mais simples e mais rápido de responder a uma mensagem.

O primeiro cliente que se escreve a partir do livro (``send`` sem ``\\n``, depois
``recv``) não seria respondido nunca: o servidor espera o fim da linha. Por isso
o servidor avisa, numa linha ``ERRO: ...``, quando uma conexão fica parada com
uma linha pela metade antes do primeiro ``\\n`` (veja ``ServidorTCP``).
"""

import errno
import select
import selectors
import socket
import threading
import time

from .validacao import conferir_host, conferir_porta, conferir_timeout
from .erros import MensagemInvalida, PortaEmUso, ServidorIndisponivel, TempoEsgotado
from .mensagem import LIMITE_TCP, codificar_linha, decodificar_linha
from .numeros import com_unidade
from .registro import Registro
from .servidor import Servidor
from .sockets import chegou_algo, definir_tempo_limite, familia, porta_ocupada, tempo_esgotou

try:
    import resource  # Linux e macOS: para citar o limite de arquivos abertos
except ImportError:  # Windows
    resource = None

TAMANHO_LEITURA = 65_536  # bytes pedidos a cada recv
PAUSA_APOS_FALHA = 0.5  # segundos sem aceitar conexões depois de um accept que falhou
TEMPO_DA_DESPEDIDA = 0.1  # segundos para a linha de fim chegar a quem não está lendo

# Uma linha que começa assim é a última da conexão: o servidor vai fechá-la.
AVISO_DE_FIM = "ERRO: conexão encerrada: "

AVISO_SEM_FIM_DE_LINHA = (
    "a mensagem chegou sem o \\n no fim. No ecolab, toda mensagem TCP é uma linha "
    "terminada por \\n: o TCP entrega um fluxo de bytes, sem fronteiras, e é o \\n "
    "que diz ao servidor onde a mensagem termina (veja a lição 03, \"Fronteiras "
    "entre mensagens\"). Envie, por exemplo, sock.sendall((texto + \"\\n\").encode()); "
    "ou termine o envio com sock.shutdown(socket.SHUT_WR), e a linha pela metade "
    "será respondida como a última mensagem"
)


class LinhaLongaDemais(Exception):
    """Chegaram mais de ``limite`` bytes sem nenhum ``\\n``."""


class LinhaIncompleta(Exception):
    """A conexão terminou no meio de uma linha (faltou o ``\\n``)."""


def ler_linhas(sock, limite=LIMITE_TCP):
    """Gera as linhas (em bytes, sem o ``\\n``) que chegam por ``sock``.

    Este é o enquadramento por linhas. Os bytes chegam em pedaços de qualquer
    tamanho; guardamos o que sobrou depois do último ``\\n`` em ``pendente`` e
    só entregamos linhas completas. Só quem recebe a linha a decodifica: um
    caractere como "ç" (2 bytes) pode chegar partido em dois ``recv``.
    """
    pendente = b""
    while True:
        pedaco = sock.recv(TAMANHO_LEITURA)
        if not pedaco:  # o outro lado fechou a conexão
            if pendente:
                raise LinhaIncompleta(len(pendente))
            return
        linhas = (pendente + pedaco).split(b"\n")
        pendente = linhas.pop()  # o que veio depois do último \n (ou b"")
        yield from linhas
        if len(pendente) > limite:
            raise LinhaLongaDemais(len(pendente))


class ServidorTCP(Servidor):
    """Servidor TCP: uma thread por conexão, uma resposta por linha recebida.

    Ajustes (atributos da classe, mude antes de ``iniciar()`` se precisar):
      - ``fila_de_espera``: conexões que o sistema guarda enquanto esperam o
        ``accept`` (o "backlog" de ``listen``);
      - ``max_conexoes``: acima disso, o cliente novo recebe uma recusa clara;
      - ``tempo_ocioso``: segundos sem receber nada até a conexão ser fechada;
      - ``espera_pelo_fim_de_linha``: segundos de silêncio, com uma linha pela
        metade, até o aviso do ``\\n`` (abaixo).

    Linhas sem ``\\n`` (o cliente do livro, que faz ``send`` sem ``\\n`` e espera
    a resposta em ``recv``):

    - **o aviso**: se uma conexão ainda não mandou nenhum ``\\n``, tem bytes
      esperando o fim da linha e fica calada por ``espera_pelo_fim_de_linha``
      segundos, o servidor responde uma linha ``ERRO: a mensagem chegou sem o
      \\n no fim...``. No máximo uma vez por conexão, e nunca depois do primeiro
      ``\\n``. A linha pela metade continua guardada: se o ``\\n`` chegar
      depois, ela é respondida normalmente.
    - **o fim do envio termina a linha**: se o cliente encerra o envio
      (``shutdown(SHUT_WR)`` ou ``close``) com uma linha pela metade, ela é
      respondida como a última mensagem, e então a conexão é fechada. É o que
      ``readline`` faz com a última linha de um arquivo sem ``\\n``: quando nada
      mais pode chegar, não há dúvida sobre onde a mensagem termina. (Enquanto a
      conexão está aberta há dúvida: o resto da linha pode estar a caminho, por
      isso lá o servidor espera e só avisa.) Depois do ``shutdown(SHUT_WR)`` o
      cliente ainda recebe: é assim que ele lê essa última resposta.

    ``parar()`` manda a cada cliente conectado a linha ``ERRO: conexão
    encerrada: o servidor foi parado`` antes de fechar a conexão.
    """

    protocolo = "TCP"
    fila_de_espera = 1024
    max_conexoes = 2000
    tempo_ocioso = 600.0
    espera_pelo_fim_de_linha = 1.0

    def __init__(self, host="127.0.0.1", porta=0, responder=None):
        super().__init__(host, porta, responder)
        self._conexoes = {}  # socket da conexão -> thread que a atende
        self._trava_conexoes = threading.Lock()
        self._despertador = None

    @property
    def conexoes(self):
        """Quantos clientes estão conectados agora."""
        return len(self._conexoes)

    # ----- ciclo de vida -------------------------------------------------

    def _abrir(self):
        conferir_timeout(self.tempo_ocioso, "tempo_ocioso")
        conferir_timeout(self.espera_pelo_fim_de_linha, "espera_pelo_fim_de_linha")
        try:
            sock = socket.create_server(
                self._endereco_de_escuta,
                family=familia(self._endereco_de_escuta[0]),
                backlog=self.fila_de_espera,
            )
        except OSError as erro:
            if porta_ocupada(erro):
                raise PortaEmUso((self.host, self._porta_pedida), "TCP") from None
            raise
        # Um par de sockets ligados entre si: escrever num acorda quem espera
        # no outro. É assim que parar() interrompe o accept na hora.
        self._despertador = socket.socketpair()
        return sock

    def _acordar(self):
        self._despertador[1].send(b"!")

    def _fechar(self):
        self._sock.close()
        for ponta in self._despertador:
            ponta.close()
        with self._trava_conexoes:
            conexoes = list(self._conexoes.items())
        for conexao, _ in conexoes:
            _despedir(conexao)
        limite = time.monotonic() + self.tempo_para_parar  # um prazo só, para todas
        for _, thread in conexoes:
            thread.join(max(0.0, limite - time.monotonic()))
        presas = sum(thread.is_alive() for _, thread in conexoes)
        if presas:
            self._guardar_falha(RuntimeError(self._desisti_de_esperar(presas)))

    # ----- a thread do servidor: aceitar conexões ------------------------

    def _atender(self):
        with selectors.DefaultSelector() as seletor:
            seletor.register(self._sock, selectors.EVENT_READ)
            seletor.register(self._despertador[0], selectors.EVENT_READ)
            while True:
                for chave, _ in seletor.select():
                    if chave.fileobj is not self._sock:
                        return  # parar() nos acordou
                    self._aceitar()

    def _aceitar(self):
        try:
            conexao, endereco = self._sock.accept()
        except OSError as erro:  # por exemplo, arquivos abertos demais
            self.registro.anotar("erro", None, _motivo_da_falha_no_accept(erro))
            self._pausar()
            return
        endereco = endereco[:2]
        with self._trava_conexoes:
            lotado = len(self._conexoes) >= self.max_conexoes
            if not lotado:
                thread = threading.Thread(
                    target=self._conversar,
                    args=(conexao, endereco),
                    name=f"ecolab-TCP-conexao-{endereco[1]}",
                    daemon=True,
                )
                self._conexoes[conexao] = thread
        if lotado:
            motivo = f"servidor lotado: já atende {self.max_conexoes} conexões"
            self._recusar(conexao, endereco, motivo + " (limite max_conexoes)")
            return
        try:
            thread.start()
        except RuntimeError as erro:  # "can't start new thread": o sistema não deixou
            with self._trava_conexoes:
                del self._conexoes[conexao]
            self._recusar(conexao, endereco, f"o sistema não deixou criar outra thread ({erro})")

    def _pausar(self):
        """Espera ``PAUSA_APOS_FALHA`` segundos, ou menos se ``parar()`` nos acordar.

        Depois de um ``accept`` que falhou, a conexão continua na fila do sistema:
        tentar de novo na hora só gastaria CPU e encheria o registro com a mesma
        falha. ``MSG_PEEK`` olha o byte do despertador sem tirá-lo, para que o
        laço de ``_atender`` também o veja e termine.
        """
        despertador = self._despertador[0]
        despertador.settimeout(PAUSA_APOS_FALHA)
        try:
            despertador.recv(1, socket.MSG_PEEK)
        except TimeoutError:
            pass

    def _recusar(self, conexao, endereco, motivo):
        """Explica ao cliente, numa linha de erro, por que não será atendido, e fecha."""
        motivo += "; tente de novo daqui a pouco"
        self.registro.anotar("recusou", endereco, motivo)
        _enviar_erro(conexao, motivo)
        conexao.close()

    # ----- uma thread por conexão: conversar -----------------------------

    def _conversar(self, conexao, endereco):
        self.registro.anotar("conectou", endereco, "conexão aberta")
        motivo = "o cliente fechou a conexão"
        try:
            definir_tempo_limite(conexao, self.tempo_ocioso)
            for linha in self._ler_linhas(conexao, endereco):
                conexao.sendall(self._responder_linha(linha, endereco))
        except LinhaLongaDemais:
            limite = com_unidade(LIMITE_TCP, "bytes")
            motivo = f"linha com mais de {limite} sem \\n (limite do ecolab)"
            self._avisar(conexao, motivo)
        except LinhaIncompleta as erro:
            motivo = (
                f"o cliente encerrou o envio no meio de uma linha ({erro} bytes sem \\n, "
                "respondidos como a última mensagem)"
            )
        except OSError as erro:
            motivo = self._motivo_do_fim(conexao, erro)
        finally:
            with self._trava_conexoes:
                self._conexoes.pop(conexao, None)
            conexao.close()
        if not self.rodando:
            motivo = "o servidor foi parado"
        self.registro.anotar("desconectou", endereco, motivo)

    def _ler_linhas(self, conexao, endereco):
        """As linhas que chegam pela conexão: :func:`ler_linhas` mais o aviso do ``\\n``.

        Veja na docstring da classe o que acontece com uma linha sem ``\\n``. Só
        enquanto há bytes sem ``\\n`` antes do primeiro ``\\n`` o servidor espera
        com :func:`~ecolab.sockets.chegou_algo` antes do ``recv``; as mensagens
        comuns não pagam nada pelo aviso. (Encurtar o tempo limite do ``recv``
        seria mais simples, mas no Windows um ``recv`` que esgota o tempo deixa a
        conexão "em estado indeterminado", e um byte poderia se perder.) Se a
        linha pela metade termina com o fim do envio, ela é entregue e depois
        :class:`LinhaIncompleta` é levantada, para o registro contar o que houve.
        """
        pendente = b""
        vigiando = self.espera_pelo_fim_de_linha < self.tempo_ocioso  # até o 1º \\n
        while True:
            if vigiando and pendente and not chegou_algo(conexao, self.espera_pelo_fim_de_linha):
                self.registro.anotar("aviso", endereco, "linha sem \\n: o cliente foi avisado")
                _enviar_erro(conexao, AVISO_SEM_FIM_DE_LINHA)
                vigiando = False
            pedaco = conexao.recv(TAMANHO_LEITURA)
            if not pedaco:  # o cliente encerrou o envio (ou parar() nos acordou)
                if pendente and self.rodando:
                    yield pendente
                    raise LinhaIncompleta(len(pendente))
                return
            linhas = (pendente + pedaco).split(b"\n")
            pendente = linhas.pop()  # o que veio depois do último \\n (ou b"")
            if vigiando and linhas:  # chegou um \\n: nunca mais avisar nesta conexão
                vigiando = False
            yield from linhas
            if len(pendente) > LIMITE_TCP:
                raise LinhaLongaDemais(len(pendente))

    def _motivo_do_fim(self, conexao, erro):
        if not self.rodando:  # parar() já mandou a linha de fim
            return "o servidor foi parado"
        if tempo_esgotou(erro):
            motivo = f"{com_unidade(self.tempo_ocioso, 's')} sem mensagens (limite tempo_ocioso)"
            self._avisar(conexao, motivo)
            return motivo
        return f"conexão perdida ({erro})"

    def _avisar(self, conexao, motivo):
        """Diz ao cliente, numa linha de erro, por que a conexão vai ser fechada."""
        _enviar_linha(conexao, AVISO_DE_FIM + motivo)

    def _responder_linha(self, linha, endereco):
        """Transforma uma linha recebida na linha de resposta (em bytes)."""
        try:
            mensagem = decodificar_linha(linha)
        except MensagemInvalida as erro:
            self.registro.anotar("erro", endereco, str(erro))
            return f"ERRO: {erro}\n".encode("utf-8")
        resposta = self._responder(mensagem, endereco)
        if "\n" in resposta or "\r" in resposta:
            self._guardar_falha(
                ValueError("a resposta do responder tem quebra de linha"), endereco
            )
            resposta = "ERRO: a resposta do servidor tinha quebra de linha"
        dados = (resposta + "\n").encode("utf-8", "replace")
        if len(dados) - 1 > LIMITE_TCP:  # o cliente recusaria a linha inteira (sem o \n)
            motivo = (
                f"a resposta do responder tem {com_unidade(len(dados) - 1, 'bytes')}, acima "
                f"do limite de {com_unidade(LIMITE_TCP, 'bytes')} por linha"
            )
            self._guardar_falha(ValueError(motivo), endereco)
            return f"ERRO: {motivo}\n".encode("utf-8")
        return dados


class ClienteTCP:
    """Cliente TCP: conecta no primeiro ``enviar`` e mantém a conexão.

    Para quem usa:
      - ``enviar(mensagem)``: envia uma linha e devolve a linha de resposta;
      - ``conectar()``: conecta já (``enviar`` faz isso sozinho);
      - ``fechar()``; ``with ClienteTCP(...) as cliente:`` fecha no fim;
      - ``registro``: o que o cliente fez, com horários.

    Nunca espera para sempre: sem resposta em ``timeout`` segundos, levanta
    :class:`~ecolab.TempoEsgotado`. Uma linha ``ERRO: conexão encerrada: ...``
    no lugar da resposta quer dizer que o servidor fechou a conexão: vira
    :class:`~ecolab.ServidorIndisponivel`, com o motivo que o servidor deu.

    ``localhost`` (e qualquer nome com endereços IPv4 e IPv6) é tentado primeiro
    em IPv4, onde os servidores do curso escutam: no Windows, tentar ``::1``
    antes custaria cerca de 2 s a cada conexão.
    """

    protocolo = "TCP"

    # Uma conexão parada há mais que isso é conferida antes de ser usada: o
    # servidor pode tê-la fechado (tempo_ocioso, ou porque foi reiniciado).
    conferir_apos = 1.0  # segundos

    def __init__(self, host="127.0.0.1", porta=12000, timeout=5.0):
        porta = conferir_porta(porta, cliente=True)
        self._destinos = conferir_host(host, porta, socket.SOCK_STREAM)
        self.endereco = (host, porta)
        self.timeout = conferir_timeout(timeout)
        self.registro = Registro()
        self._sock = None
        self._linhas = None
        self._ultimo_uso = 0.0

    @property
    def conectado(self):
        return self._sock is not None

    def conectar(self):
        """Abre a conexão com o servidor (o "aperto de mão" de três vias do TCP)."""
        if self._sock is not None:
            return self
        try:
            sock = self._conectar_ao_primeiro_que_aceitar()
        except TimeoutError:
            self.registro.anotar("erro", self.endereco, "tempo esgotado ao conectar")
            raise TempoEsgotado(self.endereco, self.timeout, ao_conectar=True) from None
        except OSError as erro:  # recusada, host desconhecido, rede fora do ar...
            self.registro.anotar("erro", self.endereco, "conexão recusada")
            raise ServidorIndisponivel(self.endereco, _motivo_da_recusa(erro)) from None
        sock.settimeout(None)  # volta ao modo bloqueante: o kernel conta o tempo
        definir_tempo_limite(sock, self.timeout)
        self._sock, self._linhas = sock, ler_linhas(sock)
        self.registro.anotar("conectou", self.endereco, "conexão aberta")
        return self

    def _conectar_ao_primeiro_que_aceitar(self):
        """Conecta aos endereços do host na ordem (IPv4 primeiro); levanta o último erro."""
        for _, destino in self._destinos[:-1]:
            try:
                return socket.create_connection(destino[:2], timeout=self.timeout)
            except OSError:
                continue  # recusado ou sem resposta: tentar o próximo endereço
        return socket.create_connection(self._destinos[-1][1][:2], timeout=self.timeout)

    def enviar(self, mensagem):
        """Envia ``mensagem`` como uma linha e devolve a resposta do servidor."""
        dados = codificar_linha(mensagem)
        if self._sock is not None and time.monotonic() - self._ultimo_uso > self.conferir_apos:
            self._largar_se_o_servidor_fechou()
        self.conectar()
        try:
            self._sock.sendall(dados)
            self.registro.anotar("enviou", self.endereco, mensagem)
            resposta = next(self._linhas).decode("utf-8", "replace")
        except (StopIteration, LinhaIncompleta):
            self._desistir("o servidor encerrou a conexão")
            raise ServidorIndisponivel(self.endereco, "o servidor encerrou a conexão") from None
        except OSError as erro:
            self._desistir(str(erro))
            if tempo_esgotou(erro):
                raise TempoEsgotado(self.endereco, self.timeout) from None
            raise ServidorIndisponivel(self.endereco, f"a conexão caiu ({erro})") from None
        if resposta.startswith(AVISO_DE_FIM):
            motivo = "o servidor encerrou a conexão: " + resposta[len(AVISO_DE_FIM):]
            self._desistir(motivo)
            raise ServidorIndisponivel(self.endereco, motivo)
        self.registro.anotar("recebeu", self.endereco, resposta)
        self._ultimo_uso = time.monotonic()
        return resposta

    def _largar_se_o_servidor_fechou(self):
        """Fecha a conexão se o servidor já a encerrou enquanto ela estava parada.

        Nesta conversa o servidor só fala quando recebe uma linha. Se há algo
        para ler antes de enviarmos, é o fim da conexão (talvez com um aviso
        "ERRO: conexão encerrada..."): anotamos o aviso e conectamos de novo.
        """
        pronto, _, _ = select.select([self._sock], [], [], 0)
        if pronto:
            try:
                aviso = self._sock.recv(TAMANHO_LEITURA).decode("utf-8", errors="replace")
            except OSError as erro:
                aviso = str(erro)
            self.registro.anotar("aviso", self.endereco, aviso.strip() or "o servidor fechou")
            self.fechar()

    def fechar(self):
        """Fecha a conexão (o próximo ``enviar`` conecta de novo)."""
        if self._sock is not None:
            self._sock.close()
            self._sock = self._linhas = None
            self.registro.anotar("fechou", self.endereco, "conexão fechada")

    def _desistir(self, motivo):
        """Depois de um erro, a conexão não é confiável: anotar e fechar."""
        self.registro.anotar("erro", self.endereco, motivo)
        self.fechar()

    def __enter__(self):
        return self

    def __exit__(self, *erro):
        self.fechar()

    def __repr__(self):
        estado = "conectado" if self.conectado else "desconectado"
        return f"<ClienteTCP para {self.endereco[0]}:{self.endereco[1]}, {estado}>"


def _enviar_erro(conexao, motivo):
    """Envia ao cliente a linha ``ERRO: motivo``; se ele já foi embora, tudo bem."""
    _enviar_linha(conexao, f"ERRO: {motivo}")


def _enviar_linha(conexao, texto):
    """Envia ``texto`` e o ``\\n``; se o cliente já foi embora, tudo bem."""
    try:
        conexao.sendall(f"{texto}\n".encode("utf-8"))
    except OSError:
        pass


def _despedir(conexao):
    """Manda a linha de fim a um cliente conectado e acorda a thread que o atende.

    Chamado por ``parar()``, em outra thread. Um cliente que não lê não pode
    segurar ``parar()``: a linha tem ``TEMPO_DA_DESPEDIDA`` segundos para sair.
    Depois, ``shutdown`` acorda o ``recv`` da thread da conexão, que a fecha.
    """
    try:
        definir_tempo_limite(conexao, TEMPO_DA_DESPEDIDA)
    except OSError:
        return  # a conexão já foi fechada pela thread dela
    _enviar_linha(conexao, AVISO_DE_FIM + "o servidor foi parado")
    try:
        conexao.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # a conexão já tinha terminado


def _motivo_da_falha_no_accept(erro):
    """Explica por que o servidor não conseguiu aceitar uma conexão nova."""
    if erro.errno != errno.EMFILE:
        return f"não consegui aceitar uma conexão nova ({erro})"
    limite = f" (ulimit -n = {resource.getrlimit(resource.RLIMIT_NOFILE)[0]})" if resource else ""
    return (
        f"o processo chegou ao limite de arquivos abertos{limite}, e cada conexão "
        "ocupa um; as conexões novas esperam na fila até algum cliente sair. Feche os "
        "clientes que não usa ou aumente o limite"
    )


def _motivo_da_recusa(erro):
    if isinstance(erro, socket.gaierror):
        return "não consegui encontrar esse host (confira o nome ou use um IP)"
    if isinstance(erro, ConnectionRefusedError):
        return "conexão recusada: nenhum programa escuta nessa porta"
    return f"não foi possível conectar ({erro})"
