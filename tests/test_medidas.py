"""Medir o tempo de ida e volta (RTT) e resumir as medidas."""

import math
import socket
import statistics

import pytest

from ecolab import (
    ClienteTCP,
    ClienteUDP,
    Medidas,
    ServidorIndisponivel,
    medir_rtt,
    resumo,
)
from ecolab.medidas import quantas


def porta_sem_ninguem(tipo):
    """Uma porta de 127.0.0.1 que acabou de ser liberada: ninguém escuta nela."""
    with socket.socket(socket.AF_INET, tipo) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_medir_rtt_devolve_um_tempo_em_segundos_por_mensagem(servidor_udp):
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        tempos = medir_rtt(cliente, vezes=5)
    assert len(tempos) == tempos.enviadas == 5
    assert tempos.perdidas == 0 and tempos.numeros == [1, 2, 3, 4, 5]
    assert all(0 < segundos < 5 for segundos in tempos)
    assert servidor_udp.registro.contar("recebeu") == 5
    assert repr(tempos) == "<Medidas UDP: 5 respostas, 0 perdidas>"


def test_medir_rtt_conta_as_perdidas_de_um_cliente_udp_sem_servidor():
    porta = porta_sem_ninguem(socket.SOCK_DGRAM)
    with ClienteUDP(porta=porta, timeout=0.05) as cliente:
        tempos = medir_rtt(cliente, vezes=3)
    assert tempos.enviadas == 3
    assert len(tempos) == 0
    assert tempos.perdidas == 3 and tempos.perdidas_em == [1, 2, 3]


def test_primeiro_tempo_tcp_inclui_a_conexao_so_se_o_cliente_nao_estava_conectado(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        primeira = medir_rtt(cliente, vezes=2)
        segunda = medir_rtt(cliente, vezes=2)
    assert primeira.inclui_conexao and not segunda.inclui_conexao
    assert servidor_tcp.registro.contar("conectou") == 1


def test_medir_rtt_tcp_sem_servidor_avisa_em_vez_de_contar_perdas():
    porta = porta_sem_ninguem(socket.SOCK_STREAM)
    with ClienteTCP(porta=porta, timeout=1) as cliente:
        with pytest.raises(ServidorIndisponivel):
            medir_rtt(cliente, vezes=3)


@pytest.mark.parametrize("vezes", [0, -1, 2.5, "10"])
def test_medir_rtt_recusa_numero_de_vezes_invalido(vezes):
    with pytest.raises(ValueError, match="vezes precisa ser um número inteiro"):
        medir_rtt(ClienteUDP(), vezes=vezes)


def test_medidas_sao_uma_lista_comum_de_segundos():
    tempos = Medidas([0.003, 0.001, 0.002], protocolo="TCP")
    assert min(tempos) == 0.001 and statistics.median(tempos) == 0.002
    assert list(tempos) == [0.003, 0.001, 0.002]
    assert tempos.numeros == [1, 2, 3]


def test_resumo_da_os_valores_em_milissegundos_e_conta_as_perdidas():
    valores = resumo([0.001, 0.002, 0.006, float("nan")])
    assert valores["enviadas"] == 4 and valores["perdidas"] == 1
    assert valores["mínimo"] == pytest.approx(1.0)
    assert valores["mediana"] == pytest.approx(2.0)
    assert valores["média"] == pytest.approx(3.0)
    assert valores["máximo"] == pytest.approx(6.0)


def test_resumo_segue_a_regra_dos_numeros_virgula_porcentagem_colada_e_unidade_firme():
    texto = str(resumo(Medidas([0.0012, 0.0014], perdidas_em=[3], protocolo="UDP")))
    assert texto.splitlines() == [
        "UDP: 3 mensagens, 1 perdida (33,3%)",
        "  mínimo   1,200\u00a0ms",  # o espaço que não quebra: "1,200" e "ms" juntos
        "  mediana  1,300\u00a0ms",
        "  média    1,300\u00a0ms",
        "  máximo   1,400\u00a0ms",
    ]


def test_resumo_de_tempos_longos_usa_ponto_nos_milhares():
    texto = str(resumo([1.2345, 2.0]))
    assert "mínimo   1.234,500\u00a0ms" in texto and "máximo   2.000,000\u00a0ms" in texto


def test_quantas_escreve_a_quantidade_com_ponto_nos_milhares():
    assert quantas(1, "perdida") == "1 perdida"
    assert quantas(39145, "mensagem", "mensagens") == "39.145 mensagens"


def test_resumo_sem_nenhuma_resposta_explica_em_vez_de_mostrar_nan():
    valores = resumo(Medidas(perdidas_em=[1, 2], protocolo="UDP"))
    assert math.isnan(valores["mediana"])
    assert "nenhuma resposta" in repr(valores) and "nan" not in repr(valores)
