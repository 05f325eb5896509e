"""Fuzzing: o servidor aguenta qualquer coisa que um cliente mande.

Numa sala de aula o servidor recebe erros de digitação, lixo binário colado
por engano, linhas sem fim, o script de um colega em laço. Aqui o
``hypothesis`` gera dezenas de milhares dessas entradas e confere três coisas:

1. o servidor continua vivo e responde certo a um cliente normal depois de
   cada lote;
2. toda linha (TCP) ou datagrama (UDP) recebe exatamente uma resposta: a
   resposta padrão se a mensagem é bem formada, uma linha ``ERRO: ...`` se não
   (no TCP, um resto sem ``\\n`` seguido do fim do envio também é uma linha);
3. lixo vindo da rede não conta como erro do servidor (``parar()`` não levanta
   ``ErroNoServidor``: esse erro é reservado para falhas da função ``responder``).

Os exemplos são gerados sempre na mesma ordem (``derandomize=True``, sem banco
de exemplos), para que o CI seja reprodutível. Rode com ``-s`` para ver quantas
entradas foram tentadas.
"""

import socket

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ajudantes_robustez import (
    PREFIXO,
    confere_resposta,
    conectar_cru,
    ler_ate_o_fim,
    ler_linhas,
    resposta_tcp_esperada,
    resposta_udp_esperada,
)
from ecolab import LIMITE_TCP, LIMITE_UDP, ClienteTCP, ClienteUDP, ServidorTCP, ServidorUDP
from ecolab.numeros import numero

MINIMO_DE_ENTRADAS = 10_000  # por servidor (TCP e UDP)


def ajustes(exemplos):
    """Configuração reprodutível do hypothesis, sem prazo por exemplo."""
    return settings(
        max_examples=exemplos,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


# ----- as entradas ---------------------------------------------------------

TEXTO_SEM_QUEBRA = st.text(
    st.characters(codec="utf-8", exclude_characters="\r\n"), min_size=1, max_size=20
)
TEXTO_QUALQUER = st.text(st.characters(codec="utf-8"), min_size=0, max_size=20)
UTF8_INVALIDO = st.sampled_from(
    [b"\xff", b"\xfe\xff", b"\x80", b"\xc3", b"\xc3(", b"\xc0\xaf", b"\xed\xa0\x80",
     b"\xf4\x90\x80\x80", b"\xe2\x82"]
)


def _sem_fim_de_linha(dados):
    return dados.replace(b"\n", b"")


LINHA_TCP = st.one_of(
    TEXTO_SEM_QUEBRA.map(lambda t: t.encode() + b"\n"),  # bem formada
    TEXTO_SEM_QUEBRA.map(lambda t: t.encode() + b"\r\n"),  # como o telnet envia
    st.binary(max_size=30).map(lambda b: _sem_fim_de_linha(b) + b"\n"),  # bytes aleatórios
    st.tuples(TEXTO_SEM_QUEBRA, UTF8_INVALIDO, TEXTO_SEM_QUEBRA).map(
        lambda t: t[0].encode() + t[1] + t[2].encode() + b"\n"
    ),
    # vazias, só NUL, \r solto no meio:
    st.sampled_from([b"\n", b"\r\n", b"\x00\n", b"\x00\x00\r\n", b"\r\r\n", b"a\rb\n"]),
)


@st.composite
def lotes_tcp(desenhar):
    """Um lote: muitas linhas, talvez um resto sem ``\\n``, e onde cortar os envios."""
    linhas = desenhar(st.lists(LINHA_TCP, min_size=50, max_size=90))
    resto = _sem_fim_de_linha(desenhar(st.binary(max_size=12)))
    dados = b"".join(linhas) + resto
    cortes = set(desenhar(st.lists(st.integers(0, len(dados)), max_size=25)))
    if desenhar(st.booleans()):  # uma das linhas chega um byte por vez
        i = desenhar(st.integers(0, len(linhas) - 1))
        inicio = len(b"".join(linhas[:i]))
        cortes.update(range(inicio, inicio + len(linhas[i])))
    limites = [0, *sorted(cortes), len(dados)]
    envios = [dados[a:b] for a, b in zip(limites, limites[1:]) if b > a]
    return linhas, resto, envios


DATAGRAMA = st.one_of(
    TEXTO_QUALQUER.map(str.encode),  # inclui vazio, \n, \r\n e NUL no meio
    st.binary(max_size=40),
    st.tuples(TEXTO_SEM_QUEBRA, UTF8_INVALIDO).map(lambda t: t[0].encode() + t[1]),
    st.integers(LIMITE_UDP - 2, LIMITE_UDP + 2).map(lambda n: b"a" * n),  # na divisa
    st.tuples(st.integers(LIMITE_UDP + 1, 65_507), st.sampled_from(b"a\x00\xff")).map(
        lambda t: bytes([t[1]]) * t[0]  # enorme (o maior datagrama UDP tem 65 507 bytes)
    ),
)


# ----- o servidor continua vivo --------------------------------------------


def confere_que_atende(servidor, classe_cliente):
    with classe_cliente(porta=servidor.porta, timeout=2) as cliente:
        assert cliente.enviar("ainda vivo?") == PREFIXO + "ainda vivo?"


# ----- TCP -----------------------------------------------------------------


def test_servidor_tcp_responde_uma_vez_a_cada_linha_de_milhares_de_entradas_aleatorias():
    contagem = {"entradas": 0, "lotes": 0, "envios": 0}
    with ServidorTCP() as servidor:

        @ajustes(exemplos=200)
        @given(lote=lotes_tcp())
        def conferir_lote(lote):
            linhas, resto, envios = lote
            with conectar_cru(servidor.endereco) as sock:
                for envio in envios:
                    sock.sendall(envio)
                sock.shutdown(socket.SHUT_WR)  # fim do lote: o servidor vê o fim da conexão
                recebido = ler_ate_o_fim(sock)
            *respostas, depois_do_ultimo = recebido.split(b"\n")
            assert depois_do_ultimo == b"", "a última resposta veio sem \\n"
            # O fim do envio termina o resto sem \n: ele também é respondido.
            enviadas = [linha[:-1] for linha in linhas] + ([resto] if resto else [])
            assert len(respostas) == len(enviadas), "cada linha recebe exatamente uma resposta"
            for linha, resposta in zip(enviadas, respostas):
                esperada = resposta_tcp_esperada(linha)
                assert confere_resposta(resposta.decode("utf-8"), esperada), (linha, resposta)
            confere_que_atende(servidor, ClienteTCP)
            contagem["entradas"] += len(linhas) + (1 if resto else 0)
            contagem["envios"] += len(envios)
            contagem["lotes"] += 1

        conferir_lote()
    # saiu do with: parar() levantaria ErroNoServidor se o lixo contasse como falha
    print(f"\nTCP: {contagem['entradas']} entradas em {contagem['lotes']} lotes "
          f"({contagem['envios']} envios)")
    assert contagem["entradas"] >= MINIMO_DE_ENTRADAS


def test_linha_enorme_recebe_erro_que_cita_o_limite_e_o_servidor_segue():
    with ServidorTCP() as servidor:

        @ajustes(exemplos=8)
        @given(
            excesso=st.integers(1, 2 * LIMITE_TCP),
            com_fim_de_linha=st.booleans(),
            byte=st.sampled_from(b"x\x00\xff"),
        )
        def conferir(excesso, com_fim_de_linha, byte):
            with conectar_cru(servidor.endereco) as sock:
                try:
                    sock.sendall(bytes([byte]) * (LIMITE_TCP + excesso)
                                 + (b"\n" if com_fim_de_linha else b""))
                except OSError:
                    pass  # o servidor pode fechar antes de receber tudo
                (resposta,) = ler_linhas(sock, 1)
            texto = resposta.decode("utf-8")
            assert texto.startswith("ERRO: ")
            assert numero(LIMITE_TCP) in texto  # 1.048.576, como o aluno lê os números
            confere_que_atende(servidor, ClienteTCP)

        conferir()


def test_retorno_de_carro_no_meio_da_linha_e_erro_do_cliente_nao_do_responder():
    with ServidorTCP() as servidor, conectar_cru(servidor.endereco) as sock:
        sock.sendall(b"a\rb\n")
        (resposta,) = ler_linhas(sock, 1)
        assert resposta.decode("utf-8").startswith("ERRO: a linha tem um \\r")
    # ao sair do with, parar() não levanta ErroNoServidor


# ----- UDP -----------------------------------------------------------------


def test_servidor_udp_responde_exatamente_uma_vez_a_cada_datagrama_aleatorio():
    contagem = {"entradas": 0, "lotes": 0}
    with ServidorUDP() as servidor:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(2)

            @ajustes(exemplos=200)
            @given(datagramas=st.lists(DATAGRAMA, min_size=50, max_size=70))
            def conferir_lote(datagramas):
                for datagrama in datagramas:  # um por vez: no loopback nada se perde
                    sock.sendto(datagrama, servidor.endereco)
                    resposta, origem = sock.recvfrom(65_535)
                    assert origem == servidor.endereco
                    esperada = resposta_udp_esperada(datagrama)
                    assert confere_resposta(resposta.decode("utf-8"), esperada), datagrama[:50]
                sock.setblocking(False)
                try:
                    sobra = sock.recv(65_535)
                except BlockingIOError:
                    sobra = None
                finally:
                    sock.settimeout(2)
                assert sobra is None, "o servidor mandou uma resposta a mais"
                confere_que_atende(servidor, ClienteUDP)
                contagem["entradas"] += len(datagramas)
                contagem["lotes"] += 1

            conferir_lote()
    print(f"\nUDP: {contagem['entradas']} datagramas em {contagem['lotes']} lotes")
    assert contagem["entradas"] >= MINIMO_DE_ENTRADAS
