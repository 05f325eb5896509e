"""Exercícios da lição 07 (a vida de uma conexão TCP): o que cada um pede e como é conferido.

1. ``tcp_servidor_que_reinicia``: ``abrir_servidor(porta)``, o socket de um servidor
   que consegue escutar de novo na mesma porta logo depois de fechar, com uma
   conexão em ``TIME-WAIT`` (``SO_REUSEADDR`` antes do ``bind``, menos no Windows,
   onde o ``bind`` já funciona e a opção deixaria outro programa tomar a porta),
   mas que não divide a porta com outro servidor escutando nela;
2. ``tcp_ler_ate_o_fim``: ``atender_pedido(conexao)``, o lado do servidor de um
   protocolo sem enquadramento: o pedido termina quando o cliente meio-fecha a
   conexão (``recv`` devolve ``b""``); a resposta é o pedido em maiúsculas, e a
   conexão é fechada;
3. ``tcp_perguntar_e_fechar``: ``perguntar(endereco, pedido)``, o lado do
   cliente: envia, meio-fecha (``shutdown(SHUT_WR)``), lê a resposta até o fim e
   fecha o socket.

No 1, o verificador faz o papel dos clientes; no 2, do cliente; no 3, do
servidor (uma thread ``ecolab-verificador-pedidos``, que a vigia para junto).
"""

import socket
import threading
import time

from .bancada import exercicio
from .bancada_rede import ESPERA, ler_ate_fechar, ouvir_tcp
from .vigia import AJUDANTES
from ..numeros import com_unidade
from ..sockets import encerrar

PAUSA = 0.15  # segundos entre os pedaços de um pedido ou de uma resposta
PEDIDO_EM_PEDACOS = ["linha 1: ação\nli".encode(), "nha 2: reação\n".encode()[:11],
                     "nha 2: reação\n".encode()[11:] + b"fim"]  # o "ç" partido ao meio
PEDIDO_GRANDE = ("0123456789abcdefghij\n" * 10_000).encode()  # 210 KB: vários recv


def porta_livre():
    """Uma porta TCP livre no loopback agora (o sistema escolhe; fechamos logo)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ----- 1: o servidor que reinicia -----------------------------------------------


@exercicio(
    "tcp_servidor_que_reinicia", "07", "Um servidor que reinicia na mesma porta",
    ["abrir_servidor"],
    dicas=[
        "A sequência é a de sempre: criar o socket TCP, ligá-lo (bind) ao endereço "
        "127.0.0.1 com a porta recebida, chamar listen e devolver o socket. Falta uma "
        "linha antes do bind.",
        "Antes do bind, ligue a opção SO_REUSEADDR (setsockopt, no nível SOL_SOCKET, "
        "com o valor 1). Sem ela, o Linux e o macOS recusam o bind enquanto houver uma conexão dessa porta em "
        "TIME-WAIT (e no Linux a opção tem de estar ligada também no servidor que fechou).",
        "No Windows, não ligue SO_REUSEADDR: lá o bind já funciona com a conexão em "
        "TIME-WAIT, e a opção deixaria outro programa escutar na sua porta ao mesmo tempo "
        "(if sys.platform != \"win32\":, como faz socket.create_server). E nunca "
        "SO_REUSEPORT: ele divide a porta entre dois servidores.",
    ],
    verificacoes=4,
)
def _conferir_servidor_que_reinicia(v, abrir_servidor):
    porta = porta_livre()
    primeiro = _abrir(v, abrir_servidor, porta, "abrir_servidor(porta)")
    try:
        _conferir_que_escuta(v, primeiro, porta, "o socket devolvido escuta em 127.0.0.1, "
                             "na porta pedida: um cliente conecta", fechar_primeiro=True)
        _conferir_porta_nao_dividida(v, abrir_servidor, porta)
    finally:
        primeiro.close()
    descricao = ("o servidor fecha (com uma conexão dele em TIME-WAIT) e abrir_servidor("
                 "porta) é chamada de novo: o bind funciona")
    execucao = v.em_segundo_plano(abrir_servidor, porta)
    v.terminar(execucao, ESPERA, "abrir_servidor de novo", aceitar=(OSError,))
    if execucao.erro is not None:
        v.desistir(descricao, "ligue SO_REUSEADDR antes do bind: a conexão que o servidor "
                   "fechou primeiro ficou em TIME-WAIT e ainda ocupa a porta.",
                   "o bind funciona", f"{type(execucao.erro).__name__}: {execucao.erro}")
    v.ok(descricao)
    with execucao.valor as segundo:
        _conferir_que_escuta(v, segundo, porta, "o servidor reiniciado aceita conexões")


def _abrir(v, abrir_servidor, porta, descricao):
    sock = v.chamar(abrir_servidor, porta, prazo=ESPERA, descricao=descricao)
    if not isinstance(sock, socket.socket):
        v.desistir(f"{descricao} devolve o socket do servidor",
                   "devolva o socket (return sock), depois do listen().",
                   "um socket", type(sock).__name__)
    return sock


def _conferir_que_escuta(v, escuta, porta, descricao, fechar_primeiro=False):
    """Um cliente conecta e o socket aceita; se ``fechar_primeiro``, o servidor fecha antes."""
    try:
        cliente = socket.create_connection(("127.0.0.1", porta), timeout=ESPERA)
        escuta.settimeout(ESPERA)
        conexao, _ = escuta.accept()
    except OSError as erro:
        v.desistir(descricao, "depois do bind, chame listen(): só então o sistema aceita "
                   "conexões na porta.", "conexão aceita", f"{type(erro).__name__}: {erro}")
    with cliente, conexao:
        if fechar_primeiro:  # o servidor fecha primeiro: a conexão dele vai para TIME-WAIT
            conexao.close()
            cliente.recv(1)
    v.ok(descricao)


def _conferir_porta_nao_dividida(v, abrir_servidor, porta):
    descricao = "enquanto o servidor escuta, um segundo abrir_servidor(porta) falha"
    execucao = v.em_segundo_plano(abrir_servidor, porta)
    v.terminar(execucao, ESPERA, "o segundo abrir_servidor", aceitar=(OSError,))
    if isinstance(execucao.erro, OSError):
        v.ok(descricao)
        return
    execucao.valor.close()
    v.falhou(descricao, "dois servidores não podem escutar na mesma porta: não use "
             "SO_REUSEPORT, e no Windows não ligue SO_REUSEADDR.",
             "OSError (porta em uso)", "o segundo servidor também abriu")


# ----- 2: ler até o fim ----------------------------------------------------------


@exercicio(
    "tcp_ler_ate_o_fim", "07", "Ler o pedido até o cliente meio-fechar",
    ["atender_pedido"],
    dicas=[
        "Um recv devolve o que chegou até agora, não a mensagem inteira. Repita recv "
        "num laço, juntando os pedaços, até ele devolver b\"\": é o FIN do cliente.",
        "Junte bytes e só decodifique no fim: um \"ç\" pode chegar partido em dois recv. "
        "pedido = b\"\"; while True: pedaco = conexao.recv(4096); if not pedaco: break; "
        "pedido += pedaco.",
        "Depois do laço, o cliente ainda lê: envie com sendall o pedido decodificado, "
        "em maiúsculas e codificado de novo em UTF-8, e feche a conexão (with conexao: ou conexao.close()), "
        "que é como o cliente sabe que a resposta acabou.",
    ],
    verificacoes=4,
)
def _conferir_ler_ate_o_fim(v, atender_pedido):
    with ouvir_tcp() as escuta:
        pedido = b"".join(PEDIDO_EM_PEDACOS)
        resposta, fechou = _pedir(v, atender_pedido, escuta, PEDIDO_EM_PEDACOS)
        v.conferir(f"o pedido chega em {len(PEDIDO_EM_PEDACOS)} pedaços, com pausas de "
                   f"{com_unidade(PAUSA, 's')}: a resposta é ele inteiro em maiúsculas",
                   pedido.decode().upper(), resposta.decode(errors="replace"),
                   "o primeiro recv não é a mensagem inteira: repita recv até ele devolver "
                   "b\"\" (o cliente meio-fechou), juntando os bytes.")
        v.conferir("depois da resposta, a função fecha a conexão", True, fechou,
                   "feche a conexão depois de enviar (with conexao:): é o fechamento que "
                   "diz ao cliente que a resposta acabou.")
        resposta, _ = _pedir(v, atender_pedido, escuta, [PEDIDO_GRANDE])
        v.conferir(f"um pedido de {com_unidade(len(PEDIDO_GRANDE), 'bytes')}: a resposta "
                   "tem o mesmo tamanho", com_unidade(len(PEDIDO_GRANDE), "bytes"),
                   com_unidade(len(resposta), "bytes"),
                   "um pedido grande chega em muitos recv: continue lendo até b\"\".")
        resposta, fechou = _pedir(v, atender_pedido, escuta, [])
        v.conferir("um pedido vazio (o cliente meio-fecha sem enviar nada): resposta vazia "
                   "e a conexão fecha", (b"", True), (resposta, fechou),
                   "recv devolve b\"\" logo de cara: o laço termina, a resposta é vazia, e "
                   "a conexão é fechada do mesmo jeito.")


def _pedir(v, atender_pedido, escuta, pedacos):
    """Um cliente envia ``pedacos``, meio-fecha e lê a resposta; devolve ``(bytes, fechou)``."""
    cliente = socket.create_connection(escuta.getsockname()[:2], timeout=ESPERA)
    cliente.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conexao, _ = escuta.accept()
    execucao = v.em_segundo_plano(atender_pedido, conexao)
    try:
        _enviar_e_meio_fechar(cliente, pedacos)
        resposta, fechou = ler_ate_fechar(cliente, 3 * ESPERA)
        v.terminar(execucao, ESPERA, "atender_pedido",
                   dica_do_prazo="a função deve terminar quando recv devolver b\"\": "
                   "confira a condição de saída do laço.")
    finally:
        cliente.close()
        conexao.close()
    return resposta, fechou


def _enviar_e_meio_fechar(cliente, pedacos):
    """Envia os pedaços com pausas e meio-fecha; para se o servidor já fechou a conexão."""
    try:
        for numero, pedaco in enumerate(pedacos):
            if numero:
                time.sleep(PAUSA)
            cliente.sendall(pedaco)
        cliente.shutdown(socket.SHUT_WR)  # o fim do pedido
    except OSError:
        pass  # a resposta do aluno fechou antes do fim do pedido: o que chegou é conferido


# ----- 3: perguntar e fechar -----------------------------------------------------


@exercicio(
    "tcp_perguntar_e_fechar", "07", "Cliente que meio-fecha, lê tudo e fecha",
    ["perguntar"],
    dicas=[
        "Conecte (create_connection, com timeout), envie o pedido em UTF-8 com sendall "
        "e, para dizer \"acabou o pedido\", sock.shutdown(socket.SHUT_WR): o servidor "
        "recebe b\"\" e só então responde.",
        "Depois do shutdown, o socket ainda lê: junte os pedaços de recv até ele devolver "
        "b\"\" (o servidor fechou) e só então decodifique.",
        "Feche o socket no fim: with socket.create_connection(...) as sock: fecha em "
        "qualquer saída. Um socket esquecido aberto continua ocupando um descritor do "
        "seu programa.",
    ],
    verificacoes=3,
)
def _conferir_perguntar_e_fechar(v, perguntar):
    pedido = "quantos bytes tem este pedido? ação"
    servidor = ServidorDePedidos(lambda dados: [f"recebi {len(dados)} bytes".encode()])
    resposta = _perguntar(v, perguntar, servidor, pedido)
    v.conferir(f"perguntar(endereco, {pedido!r}) devolve a resposta do servidor",
               f"recebi {len(pedido.encode())} bytes", resposta,
               "envie o pedido em UTF-8, meio-feche com shutdown(SHUT_WR) e devolva o "
               "texto decodificado.")
    longa = ["primeira parte, ".encode(), "segunda parte, ".encode(), "última parte".encode()]
    servidor = ServidorDePedidos(lambda dados: longa)
    resposta = _perguntar(v, perguntar, servidor, "me conte tudo")
    v.conferir(f"a resposta chega em {len(longa)} pedaços, com pausas: a função devolve "
               "ela inteira", b"".join(longa).decode(), resposta,
               "um recv não é a resposta inteira: repita recv até ele devolver b\"\".")
    if v.vigia.sockets_do_aluno_abertos():
        v.falhou("o socket da função é fechado no fim",
                 "feche o socket (with socket.create_connection(...) as sock:): aberto, ele "
                 "continua ocupando um descritor do programa (na tabela, a conexão já está "
                 "em TIME-WAIT: o shutdown mandou o seu FIN).")
    else:
        v.ok("o socket da função é fechado no fim")


def _perguntar(v, perguntar, servidor, pedido):
    try:
        return v.chamar(perguntar, servidor.endereco, pedido, prazo=2 * ESPERA,
                        descricao="perguntar",
                        dica_do_prazo="o servidor só responde quando o pedido acaba: depois "
                        "do sendall, chame sock.shutdown(socket.SHUT_WR). E leia até "
                        "recv devolver b\"\".")
    finally:
        servidor.parar()


class ServidorDePedidos:
    """O servidor do verificador: lê um pedido até o meio-fechamento e responde em pedaços.

    ``responder(pedido)`` devolve a lista de pedaços da resposta; cada um sai num
    ``send`` próprio, com ``PAUSA`` segundos entre eles. Depois, o servidor fecha.
    """

    def __init__(self, responder):
        self.responder = responder
        self.escuta = ouvir_tcp()
        self.conexao = None
        self.endereco = self.escuta.getsockname()[:2]
        self.thread = threading.Thread(target=self._atender, name=f"{AJUDANTES}pedidos",
                                       daemon=True)
        self.thread.start()

    def _atender(self):
        try:
            self.escuta.settimeout(3 * ESPERA)
            self.conexao, _ = self.escuta.accept()
            with self.conexao as conexao:
                conexao.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                pedido, meio_fechou = ler_ate_fechar(conexao, 3 * ESPERA)
                if not meio_fechou:
                    return  # o pedido não acabou: sem resposta
                for numero, pedaco in enumerate(self.responder(pedido)):
                    if numero:
                        time.sleep(PAUSA)
                    conexao.sendall(pedaco)
        except OSError:
            pass  # o cliente desistiu, ou a vigia fechou o socket

    def parar(self):
        encerrar(self.escuta)
        if self.conexao is not None:
            encerrar(self.conexao)
        self.thread.join(4 * ESPERA)
