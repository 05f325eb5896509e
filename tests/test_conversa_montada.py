"""As conversas que os verificadores montam parecem capturas de verdade (Linux, loopback)."""

import random

from ecolab.exercicios.conversa_montada import montar_conversa, montar_datagramas
from ecolab.lista_de_pacotes import tabela_de_pacotes


def test_syn_de_60_bytes_e_janelas_como_no_linux():
    pacotes, _ = montar_conversa(random.Random(1))
    syn, syn_ack, *resto = pacotes
    assert (syn.tamanho, syn.janela, syn.escala) == (60, 65495, 10)
    assert (syn_ack.tamanho, syn_ack.janela, syn_ack.escala) == (60, 65483, 10)
    assert {(p.janela, p.escala) for p in resto} == {(64, None)}
    assert tabela_de_pacotes(pacotes).linhas[2]["janela"] == "65.536"  # 64 × 2¹⁰


def test_icmp_atrasado_nunca_tem_hora_anterior_a_do_pacote_antes_dele():
    envios = [("um", 12999, "fechada"), ("dois", 12002, "responde"),
              ("três", 12998, "fechada"), ("quatro", 12002, "mudo")]
    for semente in range(50):
        pacotes, recusados = montar_datagramas(random.Random(semente), envios,
                                               icmp_atrasado=True)
        tempos = [p.tempo for p in pacotes]
        assert tempos == sorted(tempos)
        assert recusados == ["um", "três"]


def test_icmp_cita_o_datagrama_inteiro_ate_576_bytes():
    pacotes, _ = montar_datagramas(random.Random(2), [("oi", 12999, "fechada"),
                                                      ("x" * 2000, 12998, "fechada")])
    pequeno, grande = [p for p in pacotes if p.protocolo == "ICMP"]
    assert pequeno.tamanho == 20 + 8 + 20 + 8 + 2  # IP + ICMP + o datagrama inteiro
    assert grande.tamanho == 576
