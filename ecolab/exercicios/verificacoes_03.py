"""Exercícios da lição 03 (TCP e UDP lado a lado): o que cada um pede e como é conferido.

1. ``udp_medir_perda``: medir a fração de mensagens UDP perdidas numa
   :class:`~ecolab.RedeInstavel`, casando cada resposta com a sua mensagem (uma
   resposta velha, que chegou atrasada, não conta);
2. ``tcp_leitor_de_linhas``: o enquadramento por linhas, que sobrevive a
   leituras partidas e coladas (testado pela :class:`~ecolab.RedeFragmentadora`,
   com um "ç" partido entre dois ``recv``);
3. ``tcp_prefixo_de_tamanho``: o enquadramento pelo tamanho, com ``struct``.
"""

import struct

from .bancada import exercicio, segundos
from .bancada_rede import ESPERA, conectar, ler_exatamente, ouvir_tcp, remetente_tcp
from ..fragmentador import RedeFragmentadora
from ..rede_instavel import RedeInstavel
from ..udp import ServidorUDP

# Pedaços escolhidos a dedo (cada um num send, com uma pausa entre eles): o "ç"
# de "ação" e o de "maçã" chegam partidos, e uma linha termina no meio de um pedaço.
PEDACOS_DE_LINHAS = [b"a\xc3", b"\xa7\xc3\xa3o\nma", b"\xc3", b"\xa7\xc3\xa3\nfim\n"]
LINHAS_DE_TESTE = [
    ("leitura direta, várias linhas num recv só", None, ["olá", "tudo bem?", "até logo"]),
    ("o \"ç\" partido entre dois recv", "cortes", ["ação", "maçã", "fim"]),
    ("um byte por recv: o \"ç\" chega partido", {"tamanho": 1},
     ["ação", "maçã", "coração"]),
    ("pedaços de 2 a 5 bytes (semente 7)", {"tamanho": (2, 5), "semente": 7},
     ["primeira linha", "", "terceira, depois de uma vazia", "pé de moleque"]),
]
MENSAGENS_DE_TESTE = ["olá", "duas\nlinhas", "ação " * 200, "fim"]
# Respostas atrasadas: cada uma chega 0,16 s depois do envio, com tempo limite de 0,1 s,
# isto é, 0,06 s depois do envio da mensagem seguinte (folga de 60 ms para os dois lados).
TIMEOUT_DAS_ATRASADAS = 0.1
ATRASO_DAS_RESPOSTAS = 0.16


@exercicio(
    "udp_medir_perda", "03", "Medir a perda de datagramas", ["medir_perda"],
    dicas=[
        "Envie quantas mensagens, uma de cada vez, cada uma com o seu número "
        "(f\"mensagem {numero}\"), e conte quantas ficaram sem a SUA resposta dentro do "
        "tempo limite. A perda é perdidas / quantas.",
        "O servidor responde \"Resposta do servidor: \" + a sua mensagem. Depois de cada "
        "sendto, repita recvfrom até chegar a resposta que termina com a mensagem que você "
        "acabou de enviar (as outras são velhas: ignore-as) ou até o tempo limite acabar.",
        "Para não esperar mais que timeout no total: prazo = time.monotonic() + timeout e, "
        "antes de cada recvfrom, sock.settimeout(prazo - time.monotonic()) (se não sobrar "
        "tempo, é uma perda). Devolva a fração, entre 0 e 1.",
    ],
    verificacoes=6,
)
def _conferir_medir_perda(v, medir_perda):
    with ServidorUDP() as servidor:
        for perda, semente in ((0.0, None), (0.3, 2)):
            with RedeInstavel(servidor.endereco, perda=perda, semente=semente) as rede:
                fracao = v.chamar(medir_perda, rede.endereco, 20, 0.15, prazo=4.0,
                                  descricao=f"medir_perda com perda={perda}")
                perdidas = rede.contagem["perdidos"]
                enviadas = _enviadas(rede)
            v.conferir(f"com perda={perda} (semente {semente}), foram enviadas 20 mensagens",
                       20, enviadas, "envie exatamente quantas mensagens.")
            _conferir_fracao(v, f"com perda={perda}, a rede perdeu {perdidas} de 20: a fração",
                             fracao, perdidas / 20, _dica_da_fracao(fracao, perdidas))
        _conferir_respostas_atrasadas(v, medir_perda, servidor)


def _conferir_respostas_atrasadas(v, medir_perda, servidor):
    """Toda resposta chega depois do tempo limite, logo depois do envio seguinte.

    Quem lê a primeira resposta que aparece toma a resposta velha da mensagem
    anterior pela resposta da atual, e acha que nada se perdeu.
    """
    with RedeInstavel(servidor.endereco, atraso=ATRASO_DAS_RESPOSTAS, sentido="volta") as rede:
        fracao = v.chamar(medir_perda, rede.endereco, 6, TIMEOUT_DAS_ATRASADAS, prazo=4.0,
                          descricao="medir_perda com as respostas atrasadas")
        enviadas = _enviadas(rede)
    v.conferir("com as respostas atrasadas, foram enviadas 6 mensagens", 6, enviadas,
               "envie exatamente quantas mensagens.")
    descricao = (f"cada resposta chega {segundos(ATRASO_DAS_RESPOSTAS)} depois do envio "
                 f"(tempo limite {segundos(TIMEOUT_DAS_ATRASADAS)}): nenhuma chegou a tempo, "
                 "a fração")
    _conferir_fracao(v, descricao, fracao, 1.0,
                     "uma resposta velha (a da mensagem anterior, que chegou atrasada) não "
                     "responde a mensagem atual: confira se a resposta termina com a mensagem "
                     "que você acabou de enviar; se não, ignore-a e continue esperando até o "
                     "fim do tempo limite.")


def _enviadas(rede):
    return sum(1 for e in rede.registro.eventos("recebeu") if e.endereco != rede.destino)


def _conferir_fracao(v, descricao, fracao, esperado, dica):
    if isinstance(fracao, (int, float)) and abs(fracao - esperado) < 1e-9:
        v.ok(descricao)
    else:
        v.falhou(descricao, dica, esperado, fracao)


def _dica_da_fracao(fracao, perdidas):
    if fracao == perdidas:
        return "você devolveu a quantidade; divida pelo total de mensagens."
    if isinstance(fracao, (int, float)) and abs(fracao - perdidas * 5) < 1e-9:
        return "você devolveu a porcentagem; devolva a fração (entre 0 e 1)."
    return "conte como perdida cada mensagem sem resposta dentro do tempo limite."


@exercicio(
    "tcp_leitor_de_linhas", "03", "Enquadramento por linhas", ["LeitorDeLinhas"],
    dicas=[
        "Guarde em self.pendente (bytes) o que chegou e ainda não foi entregue. ler_linha "
        "repete recv até aparecer b\"\\n\" em self.pendente; aí separa a primeira linha e "
        "guarda o resto para a próxima chamada.",
        "bytes.split(b\"\\n\", 1) separa os bytes em duas partes: a primeira linha e o "
        "resto (que volta para self.pendente). Só decodifique a linha inteira: decodificar "
        "cada pedaço quebra com um \"ç\" partido.",
        "Quando recv devolver b\"\" (o outro lado fechou) e não houver linha completa em "
        "self.pendente, devolva None.",
    ],
    verificacoes=4,
)
def _conferir_leitor_de_linhas(v, LeitorDeLinhas):
    for descricao, rede, linhas in LINHAS_DE_TESTE:
        dados = "".join(linha + "\n" for linha in linhas).encode("utf-8")
        destino = remetente_tcp(PEDACOS_DE_LINHAS if rede == "cortes" else dados)
        if rede in (None, "cortes"):
            _ler_linhas_de(v, LeitorDeLinhas, destino, linhas, descricao)
            continue
        with RedeFragmentadora(destino, sentido="volta", pausa=0.002, **rede) as fragmentadora:
            _ler_linhas_de(v, LeitorDeLinhas, fragmentadora.endereco, linhas, descricao)


def _ler_linhas_de(v, LeitorDeLinhas, endereco, linhas, descricao):
    with conectar(endereco) as sock:
        leitor = v.chamar(LeitorDeLinhas, sock, descricao=f"{descricao}: LeitorDeLinhas(sock)")
        recebidas = []
        for _ in range(len(linhas) + 1):
            recebidas.append(v.chamar(leitor.ler_linha, descricao=f"{descricao}: ler_linha()",
                                      dica_do_prazo="no fim da conexão (recv devolve b\"\"), "
                                      "devolva None."))
            if recebidas[-1] is None:
                break
    v.conferir(f"{descricao}: as linhas e depois None", [*linhas, None], recebidas,
               "guarde o que sobrou depois do \\n para a próxima chamada e decodifique só "
               "linhas inteiras; no fim da conexão, devolva None.")


@exercicio(
    "tcp_prefixo_de_tamanho", "03", "Enquadramento pelo tamanho, com struct",
    ["enviar_mensagem", "receber_mensagem"],
    dicas=[
        "Para enviar: o tamanho vai antes dos dados, em 4 bytes, e é o dos BYTES em UTF-8, "
        "não o número de letras (\"ação\" tem 4 letras e 6 bytes). Codifique primeiro, meça "
        "depois, e envie tamanho e dados juntos num sendall.",
        "Para receber, escreva antes uma função receber_exatamente(sock, n) que repete recv "
        "até juntar n bytes (e devolve None se a conexão fechar antes). Um recv(4) pode "
        "devolver só 1, 2 ou 3 bytes.",
        "receber_mensagem lê em dois passos, os dois com receber_exatamente: primeiro os 4 "
        "bytes do tamanho (struct.unpack devolve uma tupla de um item), depois exatamente "
        "esse número de bytes. Se um dos passos der None, a conexão acabou: devolva None.",
    ],
    verificacoes=5,
)
def _conferir_prefixo(v, enviar_mensagem, receber_mensagem):
    _conferir_envio_com_prefixo(v, enviar_mensagem)
    quadros = b"".join(_quadro(texto) for texto in MENSAGENS_DE_TESTE)
    casos = [("várias mensagens num recv só", None),
             ("o tamanho chega partido, 2 bytes num recv e 2 no outro", "cortes"),
             ("pedaços de 1 a 3 bytes (RedeFragmentadora)", {"tamanho": (1, 3), "semente": 5})]
    for descricao, rede in casos:
        destino = remetente_tcp([quadros[:2], quadros[2:]] if rede == "cortes" else quadros)
        if rede in (None, "cortes"):
            _receber_mensagens(v, receber_mensagem, destino, descricao)
            continue
        with RedeFragmentadora(destino, sentido="volta", pausa=0.001, **rede) as fragmentadora:
            _receber_mensagens(v, receber_mensagem, fragmentadora.endereco, descricao)


def _quadro(texto):
    dados = texto.encode("utf-8")
    return struct.pack("!I", len(dados)) + dados


def _conferir_envio_com_prefixo(v, enviar_mensagem):
    escuta = ouvir_tcp()
    with escuta, conectar(escuta.getsockname()) as lado_do_aluno:
        conexao, _ = escuta.accept()
        with conexao:
            for texto in ("ação", "duas\nlinhas"):
                v.chamar(enviar_mensagem, lado_do_aluno, texto,
                         descricao=f"enviar_mensagem(sock, {texto!r})")
                esperado = _quadro(texto)
                recebido = ler_exatamente(conexao, len(esperado), ESPERA / 2)
                v.conferir(f"enviar_mensagem(sock, {texto!r}): os bytes enviados", esperado,
                           recebido, _dica_do_prefixo(texto, recebido))


def _dica_do_prefixo(texto, recebido):
    if recebido[:4] == struct.pack("!I", len(texto)):
        return "o tamanho é o dos bytes em UTF-8 (len(texto.encode())), não o de letras."
    if recebido[:4] == struct.pack("<I", len(texto.encode("utf-8"))):
        return "use \"!I\" (ordem de rede, o byte mais significativo primeiro)."
    return "4 bytes de tamanho com struct.pack(\"!I\", len(dados)), seguidos dos dados."


def _receber_mensagens(v, receber_mensagem, endereco, descricao):
    with conectar(endereco) as sock:
        recebidas = []
        for _ in range(len(MENSAGENS_DE_TESTE) + 1):
            recebidas.append(v.chamar(
                receber_mensagem, sock, descricao=f"{descricao}: receber_mensagem(sock)",
                dica_do_erro="recv(n) pode devolver menos de n bytes: repita recv até "
                "juntar exatamente n (escreva receber_exatamente(sock, n)).",
            ))
            if recebidas[-1] is None:
                break
    v.conferir(f"{descricao}: as mensagens e depois None", [*MENSAGENS_DE_TESTE, None],
               recebidas, "recv(n) pode devolver menos de n bytes: leia exatamente 4 bytes "
               "e depois exatamente o tamanho indicado, repetindo recv; no fim da conexão, "
               "devolva None.")
