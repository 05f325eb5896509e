"""Exercícios da lição 01 (TCP): o que cada um pede e como a resposta é conferida.

1. ``tcp_eco_maiusculas``: a função ``responder`` de um ``ServidorTCP`` que
   devolve a mensagem em maiúsculas;
2. ``tcp_contar_clientes``: um servidor com socket cru que atende ``quantos``
   clientes, um de cada vez, e diz a cada um o seu número;
3. ``tcp_perguntar``: um cliente com socket cru que envia uma linha e lê a
   resposta até o ``\\n``, mesmo quando ela chega em pedaços.
"""

from .bancada import PRAZO, Execucao, exercicio, segundos
from .bancada_rede import ESPERA, conectar, esperar_ate, ler_ate_fechar, ouvir_tcp
from ..erros import ErroEcolab
from ..fragmentador import RedeFragmentadora
from ..sockets import encerrar
from ..tcp import ClienteTCP, ServidorTCP

CASOS_DO_ECO = ["olá", "ação e reação", "Python 3", "JÁ ESTÁ EM MAIÚSCULAS"]


@exercicio(
    "tcp_eco_maiusculas", "01", "Eco em maiúsculas", ["responder"],
    dicas=[
        "A função recebe o texto que o cliente enviou (um str) e devolve o texto da "
        "resposta. Quem envia e recebe pela rede é o ServidorTCP; você só transforma o texto.",
        "Todo str tem um método que devolve uma cópia em letras maiúsculas, com acentos "
        "e tudo. Experimente numa célula: \"ação\".upper()",
        "A resposta cabe numa linha, e duas coisas costumam dar errado nela. Sem return, "
        "a função devolve None e o servidor não tem o que enviar. E é a mensagem inteira "
        "que vai para maiúsculas, não só a primeira letra: capitalize() e title() não "
        "servem. Antes de verificar, teste numa célula se \"ação e reação\" vira "
        "\"AÇÃO E REAÇÃO\".",
    ],
    verificacoes=4,
)
def _conferir_eco_maiusculas(v, responder):
    problemas = []

    def responder_vigiado(mensagem):
        """Roda o ``responder`` do aluno com prazo, dentro do servidor de verdade."""
        execucao = Execucao(responder, (mensagem,)).iniciar()
        if not execucao.esperar(PRAZO):
            problemas.append(("prazo", mensagem, None))
            return "(sem resposta)"
        if execucao.erro is not None:
            problemas.append(("erro", mensagem, execucao))
            return "ERRO"
        if not isinstance(execucao.valor, str):
            problemas.append(("tipo", mensagem, execucao.valor))
            return repr(execucao.valor)
        return execucao.valor

    with ServidorTCP(responder=responder_vigiado) as servidor:
        with ClienteTCP(porta=servidor.porta, timeout=PRAZO + ESPERA) as cliente:
            for texto in CASOS_DO_ECO:
                descricao = f"o cliente envia {texto!r}"
                try:
                    recebido = cliente.enviar(texto)
                except ErroEcolab as erro:
                    v.desistir(f"{descricao}: o cliente não recebeu resposta ({erro})")
                _relatar_problemas(v, problemas, descricao)
                v.conferir(descricao, texto.upper(), recebido,
                           "a resposta deve ser a mensagem inteira em maiúsculas.")


def _relatar_problemas(v, problemas, descricao):
    if not problemas:
        return
    tipo, _, detalhe = problemas[0]
    if tipo == "prazo":
        v.desistir(f"{descricao}: responder não terminou em {segundos(PRAZO)}",
                   "há um laço que nunca termina dentro de responder?")
    if tipo == "erro":
        v.conferir_erro(detalhe, descricao)
    v.desistir(f"{descricao}: responder devolveu {type(detalhe).__name__}, não um texto",
               "a função deve devolver (return) um str; sem return, ela devolve None.")


@exercicio(
    "tcp_contar_clientes", "01", "Servidor que conta os clientes", ["atender_clientes"],
    dicas=[
        "A estrutura é a do servidor cru da Parte 1, dentro de um laço: para cada cliente, "
        "accept, recv, sendall e close. O socket do servidor já vem pronto (bind e listen "
        "feitos): comece no accept.",
        "Um laço for com range dá o número de cada cliente e termina sozinho depois do "
        "último; lembre que range para antes do segundo número, e o primeiro cliente é o "
        "1, não o 0. No fim, devolva quantos.",
        "Sockets enviam bytes, não texto: monte a frase com uma f-string e codifique-a em "
        "UTF-8 antes do sendall (um str ali dá TypeError). Depois de responder, feche a "
        "conexão daquele cliente: o fechamento é o que avisa o cliente de que a resposta "
        "acabou; sem ele, o cliente fica esperando.",
    ],
    verificacoes=4,
)
def _conferir_contar_clientes(v, atender_clientes):
    quantos = 3
    escuta = ouvir_tcp()
    servidor = v.em_segundo_plano(atender_clientes, escuta, quantos)
    for numero in range(1, quantos + 1):
        descricao = f"cliente {numero}"
        with conectar(escuta.getsockname()) as cliente:
            cliente.sendall("olá".encode("utf-8"))
            dados, fechou = ler_ate_fechar(cliente, enquanto=lambda: servidor.erro is None)
        v.conferir_erro(servidor, descricao)
        if servidor.terminou and not dados:
            v.desistir(f"{descricao}: a função terminou antes de atender este cliente",
                       "atenda quantos clientes forem pedidos (o argumento quantos).")
        texto = dados.decode("utf-8", errors="replace")
        v.conferir(f"{descricao} recebe o seu número", f"Você é o cliente número {numero}",
                   texto, "o número começa em 1 e aumenta 1 a cada cliente.")
        if not fechou:
            v.desistir(f"{descricao}: a conexão é fechada depois da resposta",
                       "chame conexao.close() depois de enviar: sem isso, o cliente não "
                       "sabe que a resposta terminou.")
    v.terminar(servidor, descricao="depois do último cliente",
               dica_do_prazo="a função deve parar depois de atender quantos clientes "
               "(for numero in range(1, quantos + 1)), sem esperar outro accept.")
    v.conferir("a função devolve quantos clientes atendeu", quantos, servidor.valor,
               "termine com return quantos (ou com o contador).")
    encerrar(escuta)


@exercicio(
    "tcp_perguntar", "01", "Um cliente TCP que lê a linha inteira", ["perguntar"],
    dicas=[
        "Os passos do cliente cru da Parte 1: create_connection (ou socket + connect), "
        "settimeout(timeout), sendall do texto com um \"\\n\" no fim, em UTF-8, recv e "
        "close.",
        "Um recv devolve o que chegou até agora, que pode ser só um pedaço. Junte os "
        "pedaços numa variável de bytes, num laço, até aparecer um b\"\\n\".",
        "Decodifique só no fim, com a linha inteira já juntada (um \"ç\" pode chegar "
        "partido entre dois recv), e devolva só o que vem antes do primeiro \"\\n\". Se "
        "recv devolver b\"\" antes do \"\\n\", o servidor fechou: saia do laço. Não "
        "capture o TimeoutError (quem chamou precisa saber que o tempo esgotou), e abra o "
        "socket num bloco with: ele fecha sozinho também quando o tempo esgota.",
    ],
    verificacoes=4,
)
def _conferir_perguntar(v, perguntar):
    with ServidorTCP() as servidor:
        resposta = v.chamar(perguntar, servidor.endereco, "olá, servidor", ESPERA,
                            descricao="perguntar ao ServidorTCP")
        v.conferir("a resposta do ServidorTCP, sem o \\n", "Resposta do servidor: olá, servidor",
                   resposta, "envie o texto com \\n no fim e devolva a linha recebida sem o \\n.")
        if esperar_ate(lambda: servidor.conexoes == 0, 0.5):
            v.ok("a conexão é fechada no fim")
        else:
            v.falhou("a conexão é fechada no fim",
                     "feche o socket (sock.close(), ou use with ... as sock:).")
        with RedeFragmentadora(servidor.endereco, tamanho=(1, 3), sentido="volta",
                               semente=4, pausa=0.01) as rede:
            resposta = v.chamar(perguntar, rede.endereco, "ação e reação", ESPERA,
                                descricao="perguntar pela RedeFragmentadora")
        v.conferir("a resposta chega em pedaços de 1 a 3 bytes e é lida inteira",
                   "Resposta do servidor: ação e reação", resposta,
                   "um recv só devolve o primeiro pedaço: repita recv até chegar o \\n.")
    _conferir_tempo_esgotado(v, perguntar)


def _conferir_tempo_esgotado(v, perguntar):
    escuta = ouvir_tcp()  # aceita a conexão (o sistema aceita na fila) e nunca responde
    execucao = Execucao(perguntar, (escuta.getsockname(), "alguém aí?", 0.3)).iniciar()
    descricao = "um servidor que não responde, com timeout=0.3"
    if not execucao.esperar(PRAZO):
        encerrar(escuta)
        v.desistir(f"{descricao}: a função não desistiu em {segundos(PRAZO)}",
                   "use sock.settimeout(timeout) (ou create_connection(..., timeout=timeout)):"
                   " sem isso, recv espera para sempre.")
    encerrar(escuta)
    if isinstance(execucao.erro, TimeoutError):
        v.ok(f"{descricao}: levanta TimeoutError")
    elif execucao.erro is None:
        v.falhou(f"{descricao}: levanta TimeoutError", "deixe o TimeoutError subir (não o "
                 "capture): quem chama precisa saber que não houve resposta.",
                 "TimeoutError", execucao.valor)
    else:
        v.conferir_erro(execucao, descricao)
