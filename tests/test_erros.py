"""Os erros: uma família só, cada um também uma exceção padrão do Python."""

import socket

import pytest

from ecolab import (
    ArgumentoInvalido,
    ErroEcolab,
    ErroNoServidor,
    MensagemInvalida,
    PortaEmUso,
    ServidorIndisponivel,
    TempoEsgotado,
)


@pytest.mark.parametrize(
    "erro, padrao",
    [
        (ServidorIndisponivel(("127.0.0.1", 12000)), ConnectionError),
        (TempoEsgotado(("127.0.0.1", 12000), 5.0, "UDP"), TimeoutError),
        (PortaEmUso(("127.0.0.1", 12000)), OSError),
        (MensagemInvalida("vazia"), ValueError),
        (ArgumentoInvalido("porta errada"), ValueError),
        (ErroNoServidor("ServidorTCP", [ZeroDivisionError("x")]), RuntimeError),
    ],
)
def test_cada_erro_e_do_ecolab_e_da_excecao_padrao(erro, padrao):
    assert isinstance(erro, ErroEcolab) and isinstance(erro, padrao)


def test_mensagens_dizem_o_endereco_e_o_que_fazer():
    assert "127.0.0.1:12000" in str(ServidorIndisponivel(("127.0.0.1", 12000)))
    assert "Verifique se o servidor foi iniciado" in str(
        ServidorIndisponivel(("127.0.0.1", 12000))
    )
    assert "porta=0" in str(PortaEmUso(("127.0.0.1", 12000)))
    assert "datagrama se perdeu" in str(TempoEsgotado(("127.0.0.1", 1), 2, "UDP"))
    assert "[::1]:80" in str(ServidorIndisponivel(("::1", 80)))


def duas_portas_seguidas_ocupadas(tipo):
    """Ocupa duas portas seguidas, P e P+1, com sockets do ``tipo``; devolve os sockets."""
    for _ in range(50):
        primeiro = socket.socket(socket.AF_INET, tipo)
        primeiro.bind(("127.0.0.1", 0))
        segundo = socket.socket(socket.AF_INET, tipo)
        try:
            segundo.bind(("127.0.0.1", primeiro.getsockname()[1] + 1))
        except OSError:
            primeiro.close()
            segundo.close()
            continue
        if tipo == socket.SOCK_STREAM:
            primeiro.listen()
            segundo.listen()
        return primeiro, segundo
    pytest.skip("não achei duas portas seguidas livres")


def test_porta_em_uso_sugere_uma_porta_livre_de_verdade_e_nao_a_propria():
    primeiro, segundo = duas_portas_seguidas_ocupadas(socket.SOCK_STREAM)
    with primeiro, segundo:
        porta = primeiro.getsockname()[1]
        erro = PortaEmUso(("127.0.0.1", porta))
        assert erro.porta_livre not in (None, porta, porta + 1)
        assert erro.porta_livre > porta
        with socket.create_server(("127.0.0.1", erro.porta_livre)):
            pass  # a porta sugerida estava mesmo livre
    assert f"a {erro.porta_livre} está livre" in str(erro)


def test_porta_em_uso_diz_a_causa_provavel_e_como_resolver():
    texto = str(PortaEmUso(("127.0.0.1", 12000)))
    assert "12000" in texto and "por exemplo, 12001" not in texto
    assert "outro kernel" in texto and "Kernel → Shut Down Kernel" in texto
    assert "porta=0" in texto


def test_porta_em_uso_testa_a_porta_sugerida_com_o_mesmo_protocolo():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        porta = udp.getsockname()[1]
        try:
            tcp_vizinho = socket.create_server(("127.0.0.1", porta + 1))
        except OSError:
            pytest.skip("a porta seguinte já estava ocupada em TCP")
        with tcp_vizinho:
            # a porta seguinte está ocupada em TCP, mas livre em UDP
            assert PortaEmUso(("127.0.0.1", porta), "UDP").porta_livre == porta + 1
            assert PortaEmUso(("127.0.0.1", porta), "TCP").porta_livre != porta + 1


def test_tempo_esgotado_ao_conectar_nao_diz_que_o_servidor_esta_rodando():
    """Ninguém respondeu ao SYN: não há conexão, nem servidor que se saiba rodando."""
    ao_conectar = str(TempoEsgotado(("127.0.0.1", 12999), 2, ao_conectar=True))
    assert "ninguém respondeu ao pedido de conexão para 127.0.0.1:12999" in ao_conectar
    assert "firewall" in ao_conectar and "no Windows" in ao_conectar
    assert "rodando, mas" not in ao_conectar
    na_resposta = str(TempoEsgotado(("127.0.0.1", 12999), 2))
    assert "conexão está aberta, mas o servidor não respondeu" in na_resposta
