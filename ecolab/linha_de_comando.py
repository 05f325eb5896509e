"""O que os quatro scripts de linha de comando têm em comum.

Os scripts mantêm vivo o exemplo original: um servidor num terminal, um
cliente em outro, e o mesmo diálogo::

    Digite uma mensagem: Olá, servidor!
    Mensagem enviada para o servidor: Olá, servidor!
    Resposta do servidor: Resposta do servidor: Olá, servidor!

O cliente termina com uma linha vazia, ``sair``, fim da entrada (Ctrl+D no
Linux e no macOS, Ctrl+Z e Enter no Windows) ou Ctrl+C.
"""

import argparse
import sys
import time

from .erros import ErroEcolab, MensagemInvalida, PortaEmUso
from .servidor import resposta_padrao

PORTA_PADRAO = 12000  # não 5000: o macOS usa essa porta para o AirPlay
PALAVRAS_DE_SAIDA = ("", "sair")


def _opcoes(descricao, cliente):
    parser = argparse.ArgumentParser(description=descricao)
    parser.add_argument("--host", default="127.0.0.1", help="endereço IP (padrão: 127.0.0.1)")
    parser.add_argument(
        "--porta", type=int, default=PORTA_PADRAO, help=f"porta (padrão: {PORTA_PADRAO})"
    )
    if cliente:
        parser.add_argument(
            "--timeout", type=float, default=5.0,
            help="segundos esperando a resposta (padrão: 5)",
        )
    return parser


def rodar_servidor(classe, argv=None):
    """Inicia um servidor e o deixa rodando até Ctrl+C. Devolve o código de saída."""
    protocolo = classe.protocolo
    args = _opcoes(f"Servidor {protocolo} do ecolab.", cliente=False).parse_args(argv)

    def responder(mensagem):
        # Num terminal, imprimir de dentro do servidor é seguro (num notebook,
        # não: lá o servidor só anota no registro).
        print(f"Mensagem recebida: {mensagem}", flush=True)
        return resposta_padrao(mensagem)

    try:
        servidor = classe(args.host, args.porta, responder).iniciar()
    except PortaEmUso as erro:
        print(f"Erro: {erro}", file=sys.stderr)
        print(f"Na linha de comando: --porta {args.porta + 1} (ou --porta 0).", file=sys.stderr)
        return 1
    host, porta = servidor.endereco
    print(f"Servidor {protocolo} escutando em {host}:{porta}. Pressione Ctrl+C para parar.",
          flush=True)
    try:
        while servidor.rodando:
            time.sleep(1)  # Ctrl+C interrompe o sleep na hora
    except KeyboardInterrupt:
        pass
    finally:
        servidor.parar()
    print("\nServidor encerrado.")
    return 0


def rodar_cliente(classe, argv=None):
    """O laço do cliente: lê uma linha, envia, mostra a resposta. Devolve o código de saída."""
    args = _opcoes(f"Cliente {classe.protocolo} do ecolab.", cliente=True).parse_args(argv)
    with classe(args.host, args.porta, args.timeout) as cliente:
        try:
            _conversar(cliente)
        except (EOFError, KeyboardInterrupt):
            print()  # termina a linha do "Digite uma mensagem:"
        except ErroEcolab as erro:
            print(f"Erro: {erro}", file=sys.stderr)
            return 1
    return 0


def _conversar(cliente):
    while True:
        mensagem = input("Digite uma mensagem: ")
        if mensagem.strip().lower() in PALAVRAS_DE_SAIDA:
            return
        try:
            resposta = cliente.enviar(mensagem)
        except MensagemInvalida as erro:
            print(f"Mensagem não enviada: {erro}")
            continue
        print(f"Mensagem enviada para o servidor: {mensagem}")
        print(f"Resposta do servidor: {resposta}", flush=True)
