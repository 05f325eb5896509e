"""Exercícios da lição 01 (TCP): o que cada um pede e como a resposta é conferida.

1. ``tcp_eco_maiusculas``: a função ``responder`` de um ``ServidorTCP`` que
   devolve a mensagem em maiúsculas;
2. ``tcp_contar_clientes``: um servidor com socket cru que atende ``quantos``
   clientes, um de cada vez, e diz a cada um o seu número;
3. ``tcp_perguntar``: um cliente com socket cru que envia uma linha e lê a
   resposta até o ``\\n``, mesmo quando ela chega em pedaços;
4. ``tcp_numeros_iniciais``: numa lista de pacotes, os números de sequência
   iniciais do cliente e do servidor (o ``seq`` do SYN e do SYN-ACK);
5. ``tcp_bytes_confirmados``: quantos bytes de carga o ``ack`` de um segmento
   confirma (sem contar o SYN nem o FIN, que gastam um número cada);
6. ``tcp_quem_fechou_primeiro``: quem enviou o primeiro FIN, o cliente ou o servidor.

Os exercícios 4 a 6 leem pacotes que o verificador monta na hora
(:mod:`ecolab.exercicios.conversa_montada`).
"""

import random

from .bancada import PRAZO, Execucao, exercicio, segundos
from .bancada_rede import ESPERA, conectar, esperar_ate, ler_ate_fechar, ouvir_tcp
from .conversa_montada import VOLTA, fim_de_outra_conversa, montar_conversa, sortear_isn
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


# ----- ler pacotes: os exercícios 4 a 6 ------------------------------------------
# O verificador monta conversas novas a cada vez (conversa_montada.py), com números
# sorteados: a resposta tem que ler os pacotes, e não repetir os da captura da lição.


@exercicio(
    "tcp_numeros_iniciais", "01", "Os números de sequência iniciais", ["numeros_iniciais"],
    dicas=[
        "O número de sequência inicial (ISN) de cada lado está no primeiro segmento que "
        "ele envia, o que leva a flag SYN. Na tabela_de_pacotes da lição, procure as "
        "linhas [SYN] e [SYN, ACK].",
        "A tabela e o diagrama mostram números relativos (o SYN aparece com seq=0). O "
        "exercício pede os absolutos, como estão no fio: o atributo seq do Pacote.",
        "A captura pode começar no meio de outra conexão: escolha os segmentos pelas "
        "flags, e não pela posição na lista. O texto \"SYN\" sozinho é o do cliente; "
        "\"SYN,ACK\" é o do servidor. Devolva uma tupla (do cliente, do servidor).",
    ],
    verificacoes=3,
)
def _conferir_numeros_iniciais(v, numeros_iniciais):
    sorteio = random.Random()
    antes = fim_de_outra_conversa(sorteio)
    casos = [
        ("uma conversa nova, com números sorteados", [], {}),
        ("outra conversa (o ISN do cliente é 2**32 - 1)", [],
         {"mensagens": 1, "isns": (VOLTA - 1, sortear_isn(sorteio))}),
        ("uma captura que começa no fim de outra conexão", antes,
         {"inicio": antes[-1].tempo + 0.05}),
    ]
    for descricao, comeco, opcoes in casos:
        conversa, gabarito = montar_conversa(sorteio, **opcoes)
        pacotes = comeco + conversa
        recebido = v.chamar(numeros_iniciais, list(pacotes), descricao=descricao)
        recebido = tuple(recebido) if isinstance(recebido, list) else recebido
        esperado = (gabarito.isn_cliente, gabarito.isn_servidor)
        v.conferir(descricao, esperado, recebido, _dica_dos_isns(recebido, esperado, pacotes))


def _dica_dos_isns(recebido, esperado, pacotes):
    if recebido == (0, 0):
        return "esses são os números relativos; o exercício pede os do fio (p.seq)."
    if recebido == esperado[::-1]:
        return "a ordem é (do cliente, do servidor): o cliente é quem envia o SYN."
    if recebido == (pacotes[0].seq, pacotes[1].seq):
        return ("os dois primeiros pacotes da lista nem sempre são o SYN e o SYN-ACK: "
                "escolha pelas flags.")
    return "o ISN do cliente é o seq do segmento SYN; o do servidor, o seq do SYN-ACK."


@exercicio(
    "tcp_bytes_confirmados", "01", "Quantos bytes um ACK confirma", ["bytes_confirmados"],
    dicas=[
        "O ack de um segmento é o próximo byte que quem o enviou espera do outro lado. "
        "Ele confirma bytes do outro lado, contados a partir do número inicial do outro lado.",
        "O SYN e o FIN gastam um número de sequência cada, sem ser dados: o primeiro "
        "byte de dados do outro lado tem o número ISN + 1, e um ack que já confirma o FIN "
        "do outro lado conta um número a mais que os dados. Confira na tabela: no SYN-ACK, "
        "o ack relativo é 1, e nenhum byte de dados chegou ainda.",
        "O nº da tabela começa em 1, e a lista do Python começa em 0. O ISN do outro lado "
        "é o seq do SYN que o destino deste segmento enviou. Os números têm 32 bits e dão "
        "a volta: depois da subtração, tire o resto da divisão por 2**32 (o operador %). "
        "O FIN do outro lado já foi confirmado quando o ack é o seq desse FIN + 1 (mais "
        "os dados que ele leve); aí, desconte 1.",
    ],
    verificacoes=4,
)
def _conferir_bytes_confirmados(v, bytes_confirmados):
    sorteio = random.Random()
    pacotes, _ = montar_conversa(sorteio, mensagens=3, isns=(VOLTA - 5, sortear_isn(sorteio)))
    perguntas = [
        (2, "o SYN-ACK (nº 2) confirma o SYN, que não tem dados"),
        (11, "o ACK do cliente (nº 11) depois da 2ª resposta"),
        (13, "o ACK só de confirmação do servidor (nº 13) depois da 3ª pergunta "
             "(o ISN do cliente está perto de 2**32)"),
        (len(pacotes), f"o último ACK (nº {len(pacotes)}), que confirma também o FIN "
                       "do outro lado"),
    ]
    for numero, descricao in perguntas:
        recebido = v.chamar(bytes_confirmados, list(pacotes), numero, descricao=descricao)
        esperado = _carga_ja_enviada(pacotes, numero)
        v.conferir(descricao, esperado, recebido, _dica_dos_bytes(recebido, esperado, pacotes,
                                                                   numero))


def _carga_ja_enviada(pacotes, numero):
    """Os bytes de carga que o outro lado enviou antes do segmento ``numero`` (contando do 1)."""
    segmento = pacotes[numero - 1]
    return sum(len(p.dados) for p in pacotes[:numero - 1] if p.origem == segmento.destino)


def _confirma_o_fin(pacotes, numero):
    """Verdadeiro se o ``ack`` do segmento ``numero`` já confirma o FIN do outro lado."""
    segmento = pacotes[numero - 1]
    fins = [p for p in pacotes[:numero - 1]
            if p.origem == segmento.destino and "FIN" in p.flags.split(",")]
    return any(segmento.ack == (fin.seq + len(fin.dados) + 1) % VOLTA for fin in fins)


def _dica_dos_bytes(recebido, esperado, pacotes, numero):
    depois_do_fin = _confirma_o_fin(pacotes, numero)
    if depois_do_fin and recebido in (esperado + 1, esperado + 2):
        return ("o FIN, como o SYN, gasta um número de sequência sem ser dado: este ack "
                "já confirma o FIN do outro lado, desconte-o.")
    if recebido == esperado + 1:
        return "o SYN ocupa um número de sequência: os dados começam no ISN + 1."
    if recebido == len(pacotes[numero - 1].dados):
        return "não é a carga deste segmento: é o que o número ack dele confirma do outro lado."
    if isinstance(recebido, int) and recebido < 0:
        return "os números dão a volta em 2**32: use o resto da divisão (%)."
    return "use o ack deste segmento e o seq do SYN do outro lado (o destino deste segmento)."


@exercicio(
    "tcp_quem_fechou_primeiro", "01", "Quem fechou primeiro", ["quem_fechou_primeiro"],
    dicas=[
        "Quem fecha a conexão envia um segmento com a flag FIN. O primeiro FIN da lista "
        "diz quem fechou primeiro.",
        "Para saber se esse lado é o cliente ou o servidor, compare a origem do FIN com "
        "a origem do SYN: o cliente é quem envia o SYN.",
        "As flags vêm num texto como \"FIN,ACK\": separe-as com split(\",\") e pergunte "
        "com o operador in se \"FIN\" está entre elas, em vez de comparar o texto inteiro. "
        "Devolva o texto \"cliente\" ou \"servidor\".",
    ],
    verificacoes=3,
)
def _conferir_quem_fechou_primeiro(v, quem_fechou_primeiro):
    sorteio = random.Random()
    casos = [("o cliente fecha primeiro", "cliente", 2), ("o servidor fecha primeiro",
                                                          "servidor", 1),
             ("o servidor fecha primeiro, depois de três respostas", "servidor", 3)]
    for descricao, quem_fecha, mensagens in casos:
        pacotes, _ = montar_conversa(sorteio, mensagens=mensagens, quem_fecha=quem_fecha)
        recebido = v.chamar(quem_fechou_primeiro, list(pacotes), descricao=descricao)
        dica = ("devolva o texto \"cliente\" ou \"servidor\"." if recebido not in
                ("cliente", "servidor") else "o primeiro FIN da lista é de quem fechou "
                "primeiro; o cliente é quem enviou o SYN.")
        v.conferir(descricao, quem_fecha, recebido, dica)
