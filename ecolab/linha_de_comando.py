"""O que os quatro scripts de linha de comando têm em comum.

Os scripts mantêm vivo o exemplo original: um servidor num terminal, um
cliente em outro, e o mesmo diálogo::

    Digite uma mensagem: Olá, servidor!
    Mensagem enviada para o servidor: Olá, servidor!
    Resposta do servidor: Resposta do servidor: Olá, servidor!

O cliente termina com uma linha vazia, ``sair``, fim da entrada (Ctrl+D no
Linux e no macOS, Ctrl+Z e Enter no Windows) ou Ctrl+C.

Um problema com o servidor não termina o cliente: ele diz o que houve, dá um
conselho para o terminal (e não para o notebook, como fazem as mensagens dos
erros do ecolab) e pergunta de novo ``Digite uma mensagem:``. O cliente TCP já
tenta conectar ao iniciar, para avisar logo se nenhum servidor escuta. Quando
o servidor é parado com Ctrl+C, cada cliente TCP conectado (inclusive um ``nc``)
recebe uma última linha ``ERRO: conexão encerrada: ...`` antes do fim da conexão.
"""

import socket
import sys
import time
import warnings

from .argumentos import Argumentos, porta, segundos
from .erros import ErroEcolab, MensagemInvalida, PortaEmUso, TempoEsgotado
from .numeros import com_unidade
from .servidor import HOSTS_DE_TODAS_AS_INTERFACES, AvisoRede, resposta_padrao

PORTA_PADRAO = 12000  # não 5000: o macOS usa essa porta para o AirPlay
TIMEOUT_PADRAO = 5.0  # segundos
PALAVRAS_DE_SAIDA = ("", "sair")
HOSTS_DESTE_COMPUTADOR = ("127.0.0.1", "localhost", "::1")


def _conferir_host(opcoes, host):
    """Termina com um erro de argumento se ``--host`` não é um nome ou IP que existe."""
    try:
        socket.getaddrinfo(host, None)
    except socket.gaierror:
        opcoes.error(f"argumento --host: não encontrei o host {host!r}; confira o nome, "
                     "ou use um IP como 127.0.0.1")


def _opcoes(descricao, cliente):
    opcoes = Argumentos(description=descricao)
    opcoes.add_argument("--host", default="127.0.0.1", help="endereço IP (padrão: 127.0.0.1)")
    if cliente:
        ajuda_porta = f"porta do servidor (padrão: {PORTA_PADRAO})"
    else:
        ajuda_porta = f"porta (padrão: {PORTA_PADRAO}; 0 pede ao sistema uma porta livre)"
    opcoes.add_argument("--porta", type=porta, default=PORTA_PADRAO, help=ajuda_porta)
    if cliente:
        opcoes.add_argument(
            "--timeout", type=segundos, default=TIMEOUT_PADRAO, metavar="SEGUNDOS",
            help="segundos esperando a resposta (padrão: 5)",
        )
    return opcoes


def _comando(papel, protocolo, porta=PORTA_PADRAO):
    """O comando que inicia um dos scripts, como ``python -m ecolab.servidor_tcp``."""
    comando = f"python -m ecolab.{papel}_{protocolo.lower()}"
    if porta != PORTA_PADRAO:
        comando += f" --porta {porta}"
    return comando


# ----- o servidor --------------------------------------------------------


def rodar_servidor(classe, argv=None):
    """Inicia um servidor e o deixa rodando até Ctrl+C. Devolve o código de saída."""
    protocolo = classe.protocolo
    opcoes = _opcoes(f"Servidor {protocolo} do ecolab.", cliente=False)
    args = opcoes.parse_args(argv)
    _conferir_host(opcoes, args.host)
    try:
        servidor = _iniciar(classe, args.host, args.porta)
    except PortaEmUso as erro:
        _explicar_porta_em_uso(protocolo, args.host, args.porta, erro)
        return 1
    except (ErroEcolab, OSError) as erro:  # por exemplo, um IP que não é deste computador
        print(f"Erro: não consegui abrir o servidor em {args.host} ({erro}).\n"
              "Use --host 127.0.0.1 para conversar só neste computador, ou --host 0.0.0.0 "
              "para aceitar outras máquinas.", file=sys.stderr)
        return 1
    host, porta_real = servidor.endereco
    try:  # o aviso fica dentro do try: um Ctrl+C logo depois dele também é tratado
        print(f"Servidor {protocolo} escutando em {host}:{porta_real}. "
              "Pressione Ctrl+C para parar.", flush=True)
        while servidor.rodando:
            time.sleep(1)  # Ctrl+C interrompe o sleep na hora
    except KeyboardInterrupt:
        pass
    finally:
        servidor.parar()  # cada cliente TCP conectado recebe "ERRO: conexão encerrada: ..."
    print("\nServidor encerrado.")
    return 0


def _iniciar(classe, host, porta_pedida):
    """Inicia o servidor; o aviso de rede aberta sai em palavras de terminal.

    O ``AvisoRede`` do pacote fala com quem usa um notebook (``host='127.0.0.1'``);
    aqui quem lê digitou ``--host``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AvisoRede)
        servidor = classe(host, porta_pedida, _responder_mostrando).iniciar()
    if host in HOSTS_DE_TODAS_AS_INTERFACES:
        print(f"Aviso: com --host {host!r}, outras máquinas da rede também podem se conectar, "
              "e o firewall (no Windows e no macOS) pode pedir permissão. Para usar só este "
              "computador, deixe o padrão (--host 127.0.0.1).", file=sys.stderr, flush=True)
    return servidor


def _responder_mostrando(mensagem):
    # Num terminal, imprimir de dentro do servidor é seguro (num notebook,
    # não: lá o servidor só anota no registro).
    print(f"Mensagem recebida: {mensagem}", flush=True)
    return resposta_padrao(mensagem)


def _explicar_porta_em_uso(protocolo, host, porta_pedida, erro):
    """Diz a causa provável e duas saídas: parar o outro servidor ou usar uma porta livre."""
    if erro.porta_livre is None:  # nenhuma vizinha livre: o sistema escolhe uma
        saida = "Ou use --porta 0, e o servidor mostra a porta que o sistema escolheu."
    else:
        saida = (f"Ou use outra porta; a {erro.porta_livre} está livre agora:\n"
                 f"    {_comando('servidor', protocolo, erro.porta_livre)}\n"
                 f"e, no outro terminal:  {_comando('cliente', protocolo, erro.porta_livre)}")
    print(
        f"Erro: a porta {porta_pedida} ({protocolo}) em {host} já está em uso.\n"
        "Talvez outro servidor do ecolab já esteja rodando, em outro terminal ou num "
        "notebook aberto: pare-o (Ctrl+C no terminal dele; no notebook, "
        f"Kernel → Shut Down Kernel) e tente de novo.\n{saida}",
        file=sys.stderr,
    )


# ----- o cliente ---------------------------------------------------------


def rodar_cliente(classe, argv=None):
    """O laço do cliente: lê uma linha, envia, mostra a resposta. Devolve o código de saída."""
    opcoes = _opcoes(f"Cliente {classe.protocolo} do ecolab.", cliente=True)
    args = opcoes.parse_args(argv)
    if args.porta == 0:
        opcoes.error("a porta 0 só serve para o servidor (lá ela pede ao sistema uma porta "
                     "livre); no cliente, use a porta que o servidor mostrou ao iniciar")
    try:
        _conferir_host(opcoes, args.host)
        with classe(args.host, args.porta, args.timeout) as cliente:
            if cliente.protocolo == "TCP":
                # Uma pessoa digita devagar: conferir a conexão antes de cada
                # mensagem não custa nada e mostra o aviso de um servidor que parou.
                cliente.conferir_apos = 0
                _avisar_se_ninguem_escuta(cliente)
            _conversar(cliente)
    except (EOFError, KeyboardInterrupt):
        print()  # termina a linha do "Digite uma mensagem:"
    except ErroEcolab as erro:  # o cliente recusou os argumentos (host, porta, timeout)
        print(f"Erro: {erro}", file=sys.stderr)
        return 2
    return 0


def _avisar_se_ninguem_escuta(cliente):
    """TCP: conecta já, para dizer antes da primeira mensagem se o servidor não está lá."""
    try:
        cliente.conectar()
    except ErroEcolab as erro:
        _mostrar(_explicacao(cliente, erro))
        print("Enquanto isso, pode digitar: cada mensagem tenta conectar de novo.")


def _conversar(cliente):
    while True:
        mensagem = input("Digite uma mensagem: ")
        if mensagem.strip().lower() in PALAVRAS_DE_SAIDA:
            return
        _enviar_e_mostrar(cliente, mensagem)


def _enviar_e_mostrar(cliente, mensagem):
    """Envia uma mensagem e mostra o que aconteceu: a resposta, ou o problema.

    O registro do cliente diz se a mensagem chegou a sair (evento ``enviou``) e
    se o servidor tinha fechado a conexão com um aviso (evento ``aviso``).
    """
    registro = cliente.registro
    registro.limpar()
    try:
        resposta, problema = cliente.enviar(mensagem), None
    except MensagemInvalida as erro:
        _mostrar([str(erro)], inicio="Mensagem não enviada: ")
        return
    except (ErroEcolab, OSError) as erro:
        resposta, problema = None, erro
    for aviso in registro.eventos("aviso"):
        print(_aviso_legivel(aviso.texto))
    if problema is None:
        print(f"Mensagem enviada para o servidor: {mensagem}")
        print(f"Resposta do servidor: {resposta}", flush=True)
    elif registro.contar("enviou"):
        print(f"Mensagem enviada para o servidor: {mensagem}")
        _mostrar(_explicacao(cliente, problema))
    else:
        _mostrar(_explicacao(cliente, problema), inicio="Mensagem não enviada: ")


def _aviso_legivel(texto):
    """O aviso que o servidor deixou ao fechar a conexão, para uma pessoa ler."""
    if texto.startswith("ERRO: "):
        return f"Aviso do servidor: {texto.removeprefix('ERRO: ')}"
    return "O servidor tinha fechado a conexão."


def _mostrar(linhas, inicio=""):
    primeira = linhas[0]
    if inicio:
        primeira = inicio + primeira[0].lower() + primeira[1:]
    print("\n".join([primeira, *linhas[1:]]), flush=True)


def _explicacao(cliente, erro):
    """As linhas que explicam, num terminal, por que o servidor não respondeu."""
    protocolo, (host, porta_servidor) = cliente.protocolo, cliente.endereco
    endereco = f"[{host}]:{porta_servidor}" if ":" in host else f"{host}:{porta_servidor}"
    onde_iniciar = _onde_iniciar_o_servidor(protocolo, host, porta_servidor)
    causa = _causa(erro)
    if isinstance(erro, TempoEsgotado):
        espera = com_unidade(erro.segundos, "s")
        if protocolo == "UDP":
            return [
                f"Nenhuma resposta de {endereco} em {espera}. Com UDP, o cliente não tem "
                "como saber se o servidor não está rodando ou se o datagrama se perdeu.",
                f"Se o servidor não está rodando, inicie-o {onde_iniciar}",
            ]
        return [
            f"Nenhuma resposta de {endereco} em {espera}.",
            f"Se o servidor não está rodando, inicie-o {onde_iniciar}",
            "Se está, ele pode estar lento ou travado: olhe o terminal dele, "
            "ou aumente --timeout.",
        ]
    if isinstance(causa, ConnectionRefusedError) or (
        protocolo == "UDP" and isinstance(causa, ConnectionResetError)  # Windows: erro 10054
    ):
        return [f"Nenhum servidor {protocolo} escuta em {endereco} (conexão recusada).",
                f"Inicie-o {onde_iniciar}"]
    if isinstance(causa, OSError) and not isinstance(causa, ConnectionError):
        return [f"Não consegui falar com o servidor {protocolo} em {endereco} ({causa}).",
                f"Se ele não está rodando, inicie-o {onde_iniciar}"]
    return [f"O servidor em {endereco} encerrou a conexão sem responder.",
            f"Se ele foi parado, inicie-o de novo {onde_iniciar}"]


def _causa(erro):
    """A exceção do sistema por trás de um erro do ecolab (ou ``None``).

    O ecolab levanta os seus erros com ``raise ... from None``, que só esconde a
    exceção original do traceback: ela continua em ``__context__``.
    """
    if not isinstance(erro, ErroEcolab):
        return erro  # já é a exceção do sistema
    return erro.__cause__ or erro.__context__


def _onde_iniciar_o_servidor(protocolo, host, porta_servidor):
    """O conselho de terminal: onde e com que comando iniciar o servidor."""
    comando = _comando("servidor", protocolo, porta_servidor)
    if host in HOSTS_DESTE_COMPUTADOR:
        return f"em outro terminal:  {comando}"
    return f"na máquina {host}:  {comando} --host 0.0.0.0"
