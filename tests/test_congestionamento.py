"""O remetente Reno pelo gargalo (lição 09): o arquivo chega, a cwnd cai à metade, a rede confere."""

from ecolab.congestionamento import (
    REDE_DA_LICAO, RWND_DA_LICAO, descrever_rede, estouros_da_janela, reducoes_a_metade, transferir_pelo_gargalo,
)
from ecolab.reno import ControleReno


def test_pelo_gargalo_o_arquivo_chega_inteiro_e_a_cwnd_cai_a_metade_depois_de_perdas():
    transferencia = transferir_pelo_gargalo(pacotes=400)
    assert transferencia.intacto
    assert transferencia.contagem["descartados"] > 0  # a fila do gargalo encheu
    reducoes = reducoes_a_metade(transferencia.relatorio)
    assert reducoes and all(r.a_metade for r in reducoes)


def test_a_rede_confirma_que_o_remetente_de_referencia_nunca_passou_da_janela():
    assert estouros_da_janela(transferir_pelo_gargalo(pacotes=200)) == []


def test_a_rede_pega_um_remetente_que_deixa_sair_um_pacote_a_mais():
    def um_a_mais(proximo, base, cwnd, rwnd):
        return proximo - base <= min(cwnd, rwnd)

    assert estouros_da_janela(transferir_pelo_gargalo(pacotes=200, pode_enviar=um_a_mais))


def test_a_janela_do_receptor_limita_o_remetente():
    transferencia = transferir_pelo_gargalo(pacotes=150, rwnd=3)
    assert transferencia.intacto
    assert max(e.janela for e in transferencia.relatorio.eventos) == 3
    assert RWND_DA_LICAO > 3


def test_controle_que_nunca_diminui_nao_tem_reducoes_a_metade():
    class NuncaDiminui(ControleReno):
        def ao_duplicado(self):
            self.duplicados += 1
            return self.duplicados == 3

        def ao_estourar(self):
            self.duplicados = 0

    transferencia = transferir_pelo_gargalo(controle=NuncaDiminui, pacotes=300)
    assert not any(r.a_metade for r in reducoes_a_metade(transferencia.relatorio))


def test_a_rede_da_licao_e_descrita_em_portugues_com_virgula_decimal():
    texto = descrever_rede(REDE_DA_LICAO).replace("\u00a0", " ")
    assert texto == "gargalo de 1,5 Mbit/s, fila de 10 datagramas, 15 ms de atraso em cada sentido"
