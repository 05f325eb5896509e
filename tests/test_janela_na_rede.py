"""A janela de cada remetente vista pela rede (RedeInstavel.em_voo)."""

import socket

import pytest

from ecolab import RedeInstavel
from ecolab.erros import ArgumentoInvalido
from ecolab.janela_na_rede import AmostraDeVoo, JanelaNaRede
from ecolab.segmento import ACK, FIN, SELETIVA, montar

from test_tcp import esperar

CLIENTE = ("127.0.0.1", 5000)


def dados(janela, *seqs, agora=0.0, cliente=CLIENTE):
    for seq in seqs:
        janela.chegou_do_cliente(cliente, montar(seq=seq, dados=b"x"), agora)


def test_ack_cumulativo_tira_de_voo_todos_os_anteriores():
    janela = JanelaNaRede(inicio=0.0)
    dados(janela, 0, 1, 2, 3)
    janela.entregue_ao_cliente(CLIENTE, montar(ack=2, flags=ACK))  # recebi 0 e 1
    dados(janela, 4)
    assert [a.em_voo for a in janela.amostras()] == [1, 2, 3, 4, 3]


def test_ack_seletivo_tira_de_voo_so_o_pacote_confirmado():
    janela = JanelaNaRede(inicio=0.0)
    dados(janela, 0, 1, 2)
    janela.entregue_ao_cliente(CLIENTE, montar(ack=1, flags=SELETIVA))
    dados(janela, 3)
    assert janela.amostras()[-1].em_voo == 3  # 0, 2 e 3


def test_retransmissao_nao_e_nova_e_nao_conta_duas_vezes():
    janela = JanelaNaRede(inicio=10.0)
    dados(janela, 0, 1, agora=10.5)
    dados(janela, 0, agora=11.0)
    assert janela.amostras() == [
        AmostraDeVoo(0.5, 0, 1, True), AmostraDeVoo(0.5, 1, 2, True),
        AmostraDeVoo(1.0, 0, 2, False),
    ]


def test_confirmacao_velha_ou_de_outro_cliente_nao_muda_nada():
    janela = JanelaNaRede(inicio=0.0)
    dados(janela, 5, 6)
    janela.entregue_ao_cliente(CLIENTE, montar(ack=6, flags=ACK))
    janela.entregue_ao_cliente(CLIENTE, montar(ack=3, flags=ACK))  # velha: não volta a base
    janela.entregue_ao_cliente(("127.0.0.1", 6000), montar(ack=9, flags=ACK))
    dados(janela, 7)
    assert janela.amostras()[-1].em_voo == 2  # 6 e 7


def test_fin_conta_como_pacote_e_texto_nao_e_segmento():
    janela = JanelaNaRede(inicio=0.0)
    dados(janela, 0)
    janela.chegou_do_cliente(CLIENTE, montar(seq=1, flags=FIN), 0.0)
    janela.chegou_do_cliente(CLIENTE, b"Ola", 0.0)  # 3 bytes: não tem cabeçalho
    assert [(a.seq, a.em_voo) for a in janela.amostras()] == [(0, 1), (1, 2)]


def test_com_dois_remetentes_e_preciso_dizer_qual():
    janela = JanelaNaRede(inicio=0.0)
    outro = ("127.0.0.1", 6000)
    dados(janela, 0)
    dados(janela, 0, 1, cliente=outro)
    with pytest.raises(ArgumentoInvalido, match="diga de qual"):
        janela.amostras()
    assert janela.clientes() == [CLIENTE, outro]
    assert len(janela.amostras(outro)) == 2 and janela.amostras(("::1", 1)) == []


def test_pela_rede_um_remetente_com_janela_de_tres_nunca_passa_de_tres():
    """Um remetente de verdade, janela 3, e um receptor que confirma cumulativamente."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receptor, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as remetente:
        receptor.bind(("127.0.0.1", 0))
        receptor.settimeout(2.0)
        remetente.settimeout(2.0)
        with RedeInstavel(receptor.getsockname(), atraso=0.005) as rede:
            base, proximo, total = 0, 0, 12
            while base < total:
                while proximo < min(base + 3, total):
                    remetente.sendto(montar(seq=proximo, dados=b"d"), rede.endereco)
                    proximo += 1
                _, caminho = receptor.recvfrom(100)
                base += 1
                receptor.sendto(montar(ack=base, flags=ACK), caminho)
                remetente.recv(100)
            esperar(lambda: len(rede.em_voo()) == total)
            amostras = rede.em_voo()
    assert [a.seq for a in amostras] == list(range(total))
    assert all(a.nova for a in amostras)
    assert max(a.em_voo for a in amostras) == 3
    assert amostras[0].em_voo == 1 and 0 <= amostras[0].tempo < amostras[-1].tempo
