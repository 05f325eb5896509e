"""O TCP Reno de referência (lição 09): as regras da RFC 5681, em pacotes."""

from ecolab.reno import ControleReno


def reno_depois_de(acks):
    reno = ControleReno()
    for _ in range(acks):
        reno.ao_confirmar()
    return reno


def test_comeca_com_cwnd_1_e_ssthresh_64():
    reno = ControleReno()
    assert (reno.cwnd, reno.ssthresh) == (1, 64)


def test_partida_lenta_soma_1_por_ack_novo():
    assert reno_depois_de(7).cwnd == 8


def test_depois_do_ssthresh_cada_ack_soma_1_sobre_cwnd():
    reno = reno_depois_de(63)
    assert reno.cwnd == 64
    reno.ao_confirmar()
    assert reno.cwnd == 64 + 1 / 64


def test_o_terceiro_duplicado_pede_a_retransmissao_e_corta_a_metade_mais_3():
    reno = reno_depois_de(20)
    assert [reno.ao_duplicado() for _ in range(3)] == [False, False, True]
    assert (reno.ssthresh, reno.cwnd) == (10.5, 13.5)


def test_na_recuperacao_cada_duplicado_soma_1_e_o_ack_novo_deixa_a_metade():
    reno = reno_depois_de(20)
    for _ in range(5):
        reno.ao_duplicado()
    assert reno.cwnd == 15.5
    reno.ao_confirmar()
    assert reno.cwnd == 10.5


def test_timeout_volta_cwnd_a_1_e_guarda_a_metade_em_ssthresh():
    reno = reno_depois_de(20)
    reno.ao_estourar()
    assert (reno.cwnd, reno.ssthresh) == (1, 10.5)


def test_ssthresh_nunca_fica_abaixo_de_2():
    reno = ControleReno()
    reno.ao_estourar()
    assert reno.ssthresh == 2


def test_ack_novo_zera_a_contagem_de_duplicados():
    reno = reno_depois_de(20)
    reno.ao_duplicado()
    reno.ao_duplicado()
    reno.ao_confirmar()
    assert [reno.ao_duplicado() for _ in range(3)] == [False, False, True]
