"""Uma rede que picota e cola o fluxo TCP, para ver que o TCP não tem fronteiras.

O TCP entrega um fluxo de bytes: um ``send`` pode chegar em vários ``recv``, e
vários ``send`` podem chegar num ``recv`` só. No loopback (127.0.0.1) isso
quase nunca se vê, porque cada ``recv`` devolve exatamente um ``send``, e um
código errado parece certo. A :class:`RedeFragmentadora` fica no meio do
caminho e faz acontecer, sempre::

    cliente ──> RedeFragmentadora ──> servidor
                 b"a\\xc3"            recv() -> b"a\\xc3"          (o "ç" partido!)
    "ação\\n"  ─> b"\\xa7\\xc3\\xa3"  ─> recv() -> b"\\xa7\\xc3\\xa3"
                 b"o\\n"              recv() -> b"o\\n"

Exemplo::

    servidor = ServidorTCP().iniciar()
    rede = RedeFragmentadora(servidor.endereco, semente=1).iniciar()
    ClienteTCP(porta=rede.porta).enviar("ação")  # funciona: o ecolab junta as linhas
    rede.registro                                # cada pedaço que passou, em bytes

Um servidor que decodifica cada ``recv`` sozinho (``conn.recv(1024).decode()``)
recebe pedaços de mensagem e, quando um "ç" ou um "ã" (2 bytes em UTF-8) é
partido ao meio, um ``UnicodeDecodeError``.

Com ``colar=True`` a rede faz o contrário: junta tudo o que chega em ``janela``
segundos e entrega de uma vez, e três ``send`` viram um ``recv``.

Para que cada pedaço chegue mesmo num ``recv`` separado, a rede desliga o
algoritmo de Nagle (``TCP_NODELAY``: cada ``send`` sai na hora, sem esperar
juntar mais bytes) e faz uma pausa curta entre um pedaço e outro.

Por dentro, a rede é um :class:`~ecolab.ServidorTCP` que, em vez de responder,
repassa: para cada cliente, abre uma conexão com o destino, e duas threads
copiam bytes, uma em cada sentido. Quando um dos lados fecha a conexão, a rede
fecha os dois.
"""

import select
import socket
import threading
import time

from .erros import _endereco_legivel
from .numeros import com_unidade
from .rede_instavel import conferir_sentido, intervalo, sorteador
from .servidor import TEMPO_PARA_PARAR
from .sockets import definir_tempo_limite, tempo_esgotou
from .tcp import TAMANHO_LEITURA, ServidorTCP

TEMPO_PARA_CONECTAR = 5.0  # segundos para o destino aceitar a conexão
TAMANHO_PADRAO = (1, 3)  # bytes por pedaço


def conferir_segundos(nome, valor):
    if isinstance(valor, bool) or not isinstance(valor, (int, float)) or valor < 0:
        raise ValueError(
            f"{nome} precisa ser um número de segundos (0 ou mais); recebi {valor!r}."
        )
    return valor


class RedeFragmentadora(ServidorTCP):
    """Intermediário TCP que picota o fluxo em pedaços e cola escritas separadas.

    ``RedeFragmentadora(destino, tamanho=None, colar=False, janela=0.05,
    pausa=0.005, semente=None, sentido="ambos", host="127.0.0.1", porta=0)``:
      - ``destino``: ``(host, porta)`` do servidor de verdade;
      - ``tamanho``: bytes de cada pedaço, um número ou um par ``(menor, maior)``
        para sortear; sem ``tamanho``, pedaços de 1 a 3 bytes (ou nenhum corte,
        com ``colar=True``);
      - ``colar``: se ``True``, junta tudo o que chega em ``janela`` segundos
        (até 64 KiB) e repassa de uma vez (e depois picota, se ``tamanho`` for dado);
      - ``pausa``: segundos entre um pedaço e o seguinte;
      - ``semente``: com a mesma semente, o mesmo fluxo é cortado nos mesmos
        pontos, em toda conexão;
      - ``sentido``: ``"ida"`` (cliente -> servidor), ``"volta"`` ou ``"ambos"``;
        no outro sentido os bytes passam como chegaram.

    Para quem usa (o mesmo ciclo de vida dos servidores):
      - ``iniciar()``, ``parar()``, ``with``, ``endereco``, ``porta``, ``rodando``,
        ``conexoes``; o cliente conecta em ``rede.endereco``;
      - ``contagem``: dicionário com ``conexoes`` (quantas já passaram),
        ``leituras`` (``recv`` com dados), ``envios`` (``send`` feitos: pedaços
        ou blocos colados) e ``bytes`` repassados;
      - ``registro``: ``conectou``, ``repassou`` (um por ``send``, com os bytes
        como o Python os mostra e o endereço de onde vieram), ``desconectou``
        e ``erro``.

    ``tamanho`` é ``None`` quando a rede não picota.

    Ajuste (atributo da classe): ``max_pedacos``, o máximo de pedaços por
    leitura; o resto segue num pedaço só, para uma mensagem longa não levar
    minutos para passar.
    """

    max_conexoes = 200  # cada conexão usa duas threads
    max_pedacos = 100

    def __init__(self, destino, tamanho=None, colar=False, janela=0.05, pausa=0.005,
                 semente=None, sentido="ambos", host="127.0.0.1", porta=0):
        super().__init__(host, porta)
        self.destino = tuple(destino)[:2]
        self.colar = bool(colar)
        if tamanho is None and not colar:
            tamanho = TAMANHO_PADRAO
        self.tamanho = None if tamanho is None else intervalo("tamanho", tamanho, 1)
        self.janela = conferir_segundos("janela", janela)
        self.pausa = conferir_segundos("pausa", pausa)
        self.semente = semente
        self.sentido = conferir_sentido(sentido)
        self._contagem = dict.fromkeys(("conexoes", "leituras", "envios", "bytes"), 0)
        self._trava_contagem = threading.Lock()
        self._parando = threading.Event()
        self._lados_do_destino = set()  # sockets ligados ao destino, para parar()

    @property
    def contagem(self):
        """Quantas conexões, leituras, envios e bytes passaram pela rede."""
        with self._trava_contagem:
            return dict(self._contagem)

    def __repr__(self):
        estado = "rodando" if self.rodando else "parada"
        return (f"<RedeFragmentadora {_endereco_legivel(self.endereco)} -> "
                f"{_endereco_legivel(self.destino)}, {estado}>")

    # ----- ciclo de vida -------------------------------------------------

    def _abrir(self):
        self._parando.clear()
        return super()._abrir()

    def _acordar(self):
        self._parando.set()  # interrompe as pausas entre pedaços
        super()._acordar()

    def _fechar(self):
        with self._trava_conexoes:
            lados = list(self._lados_do_destino)
        for lado in lados:  # acorda quem espera o destino (recv ou sendall)
            try:
                lado.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        super()._fechar()

    # ----- uma thread por conexão: ligar o cliente ao destino ------------

    def _conversar(self, conexao, endereco):
        servidor = None
        try:
            servidor = self._conectar_ao_destino(endereco)
            if servidor is not None:
                with servidor:
                    self._ligar(conexao, servidor, endereco)
        finally:
            with self._trava_conexoes:
                self._conexoes.pop(conexao, None)
                self._lados_do_destino.discard(servidor)
            conexao.close()

    def _conectar_ao_destino(self, endereco):
        try:
            servidor = socket.create_connection(self.destino, timeout=TEMPO_PARA_CONECTAR)
        except OSError as erro:
            self.registro.anotar(
                "erro", endereco,
                f"não consegui conectar ao destino {_endereco_legivel(self.destino)} "
                f"({erro}); o cliente foi desconectado. Confira se o servidor foi iniciado.",
            )
            return None
        servidor.settimeout(None)  # modo bloqueante: o kernel conta o tempo ocioso
        with self._trava_conexoes:
            self._lados_do_destino.add(servidor)
        return servidor

    def _ligar(self, conexao, servidor, endereco):
        """Repassa nos dois sentidos até um dos lados fechar."""
        self.registro.anotar("conectou", endereco, f"ligado a {_endereco_legivel(self.destino)}")
        self._contar(conexoes=1)
        for sock in (conexao, servidor):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            definir_tempo_limite(sock, self.tempo_ocioso)
        motivos = []  # o primeiro lado a terminar explica o fim
        volta = threading.Thread(
            target=self._repassar, args=(servidor, conexao, "volta", self.destino, motivos),
            name=f"ecolab-fragmentadora-volta-{endereco[1]}", daemon=True,
        )
        volta.start()
        self._repassar(conexao, servidor, "ida", endereco, motivos)
        volta.join(TEMPO_PARA_PARAR)
        self.registro.anotar("desconectou", endereco, motivos[0])

    # ----- duas threads por conexão: copiar bytes ------------------------

    def _repassar(self, origem, destino, sentido, quem, motivos):
        """Copia de ``origem`` para ``destino``; no fim, desliga os dois lados."""
        try:
            motivos.append(self._copiar_ate_o_fim(origem, destino, sentido, quem))
        finally:
            for sock in (origem, destino):
                try:
                    sock.shutdown(socket.SHUT_RDWR)  # acorda o recv da outra thread
                except OSError:
                    pass  # já desligado

    def _copiar_ate_o_fim(self, origem, destino, sentido, quem):
        """Copia até a conexão terminar e diz por que ela terminou."""
        try:
            motivo = self._copiar(origem, destino, sentido, quem)
        except OSError as erro:
            if tempo_esgotou(erro):
                motivo = f"{com_unidade(self.tempo_ocioso, 's')} sem dados (limite tempo_ocioso)"
            else:
                motivo = f"conexão perdida ({erro})"
        return "a rede foi parada" if self._parando.is_set() else motivo

    def _copiar(self, origem, destino, sentido, quem):
        atrapalhar = self.sentido in (sentido, "ambos")
        sorte = sorteador(self.semente, sentido)  # nova a cada conexão: mesmos cortes
        fechou = f"{'o cliente' if sentido == 'ida' else 'o servidor'} fechou a conexão"
        while True:
            dados = origem.recv(TAMANHO_LEITURA)
            if not dados:
                return fechou
            self._contar(leituras=1)
            acabou = False
            if atrapalhar and self.colar:
                dados, acabou = self._colar(origem, dados)
            pedacos = self._picotar(dados, sorte) if atrapalhar else [dados]
            if not self._enviar(destino, pedacos, quem):
                return "a rede foi parada"
            if acabou:
                return fechou

    def _colar(self, origem, dados):
        """Junta a ``dados`` o que chegar em ``janela`` segundos; diz se a conexão acabou."""
        limite = time.monotonic() + self.janela
        while True:
            restante = limite - time.monotonic()
            if restante <= 0 or len(dados) >= TAMANHO_LEITURA:  # no máximo 64 KiB por vez
                return dados, False
            prontos, _, _ = select.select([origem], [], [], restante)
            if prontos:
                mais = origem.recv(TAMANHO_LEITURA)
                if not mais:
                    return dados, True
                self._contar(leituras=1)
                dados += mais

    def _picotar(self, dados, sorte):
        """Corta ``dados`` em pedaços de tamanho sorteado."""
        if self.tamanho is None:
            return [dados]
        menor, maior = self.tamanho
        pedacos, inicio = [], 0
        while inicio < len(dados):
            if len(pedacos) == self.max_pedacos - 1:
                pedacos.append(dados[inicio:])
                break
            fim = inicio + sorte.randint(menor, maior)
            pedacos.append(dados[inicio:fim])
            inicio = fim
        return pedacos

    def _enviar(self, destino, pedacos, quem):
        """Envia cada pedaço com uma pausa antes do seguinte; ``False`` se a rede parou."""
        for numero, pedaco in enumerate(pedacos):
            if numero and self._parando.wait(self.pausa):
                return False
            destino.sendall(pedaco)
            self.registro.anotar("repassou", quem, repr(pedaco))
            self._contar(envios=1, bytes=len(pedaco))
        return True

    def _contar(self, **quanto):
        with self._trava_contagem:
            for chave, valor in quanto.items():
                self._contagem[chave] += valor
