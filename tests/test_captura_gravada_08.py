"""A captura gravada da lição 08 mostra o controle de fluxo nos pacotes.

``08_janela_zero`` é o receptor que não lê (seção 1 da lição): o receptor
anuncia janela 0, o remetente manda sondas de janela zero enquanto ela dura, e
a janela reabre quando o receptor lê. A lição mostra só esse trecho, em poucas
linhas; aqui se confere que a gravação tem tudo isso. (Que a ferramenta a grava
de novo igual é conferido com as outras, em ``test_captura_gravadas.py``.)
"""

from ecolab.captura import Pacote
from ecolab.fluxo import (
    anuncios_de_janela_zero,
    janela_zero_gravada,
    pacotes_da_janela_zero,
    sondas_de_janela_zero,
    tabela_da_janela_zero,
)

PORTA = 12080  # a porta do receptor na lição


def test_gravada_mostra_o_receptor_anunciando_janela_zero():
    zeros = anuncios_de_janela_zero(janela_zero_gravada(), PORTA)
    assert zeros
    assert all(p.origem[1] == PORTA and p.janela == 0 for p in zeros)


def test_gravada_mostra_sondas_de_janela_zero_do_remetente_sem_dados_novos():
    pacotes = janela_zero_gravada()
    sondas = sondas_de_janela_zero(pacotes, PORTA)
    assert sondas
    confirmado = anuncios_de_janela_zero(pacotes, PORTA)[0].ack
    for sonda in sondas:
        assert sonda.destino[1] == PORTA
        # o Linux sonda com o último byte já confirmado, sem dados
        assert sonda.dados == b"" and sonda.seq == confirmado - 1


def test_gravada_mostra_a_janela_reabrindo_quando_o_receptor_le():
    trecho = pacotes_da_janela_zero(janela_zero_gravada(), PORTA)
    ultimo = trecho[-1]
    assert ultimo.origem[1] == PORTA and ultimo.janela > 0


def test_tabela_da_janela_zero_tem_poucas_linhas_com_a_janela_zero():
    tabela = tabela_da_janela_zero(janela_zero_gravada(), PORTA)
    assert 3 <= len(tabela) <= 12
    assert "0" in [linha["janela"] for linha in tabela.linhas]
    assert "ficaram de fora" in str(tabela)


def segmento(tempo, origem, destino, janela, seq=1, dados=b""):
    return Pacote(tempo=tempo, protocolo="TCP", origem=("127.0.0.1", origem),
                  destino=("127.0.0.1", destino), flags="ACK", seq=seq, ack=1,
                  janela=janela, dados=dados)


def test_sonda_e_o_que_o_remetente_envia_so_enquanto_a_janela_e_zero():
    pacotes = [
        segmento(0.0, 5000, PORTA, 64, dados=b"x" * 10),
        segmento(0.1, PORTA, 5000, 0),
        segmento(0.3, 5000, PORTA, 64),  # sonda
        segmento(0.4, PORTA, 5000, 20),  # a janela reabre
        segmento(0.5, 5000, PORTA, 64, dados=b"y"),  # dado comum, não sonda
    ]
    assert sondas_de_janela_zero(pacotes, PORTA) == [pacotes[2]]
    assert pacotes_da_janela_zero(pacotes, PORTA) == pacotes[:4]


def test_sem_janela_zero_nao_ha_trecho_nem_sondas():
    pacotes = [segmento(0.0, 5000, PORTA, 64, dados=b"x"), segmento(0.1, PORTA, 5000, 64)]
    assert pacotes_da_janela_zero(pacotes, PORTA) == []
    assert sondas_de_janela_zero(pacotes, PORTA) == []
