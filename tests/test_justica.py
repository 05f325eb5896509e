"""O índice de Jain e a vazão por intervalo (lição 09)."""

import pytest

from ecolab.erros import ArgumentoInvalido
from ecolab.justica import indice_de_jain, vazao_media, vazoes_por_intervalo


def test_indice_de_jain_e_1_na_divisao_justa_e_1_sobre_n_quando_um_leva_tudo():
    assert indice_de_jain([3, 3, 3]) == 1
    assert indice_de_jain([0, 9, 0]) == pytest.approx(1 / 3)


def test_indice_de_jain_nao_muda_com_a_unidade():
    assert indice_de_jain([1, 3]) == pytest.approx(indice_de_jain([1e6, 3e6]))


def test_indice_de_jain_sem_vazao_nenhuma_explica_o_erro():
    with pytest.raises(ArgumentoInvalido, match="maior que zero"):
        indice_de_jain([0, 0])


def test_vazoes_por_intervalo_conta_os_pacotes_de_cada_intervalo():
    tempos = [0.1, 0.2, 0.6, 1.4]  # 2 no primeiro meio segundo, 1 no segundo, 1 no último
    meios, vazoes = vazoes_por_intervalo(tempos, 1000, 0, 1.5, 0.5)
    assert meios == [0.25, 0.75, 1.25]
    assert vazoes == [2 * 8000 / 0.5, 8000 / 0.5, 8000 / 0.5]


def test_vazao_media_conta_so_o_trecho_pedido():
    assert vazao_media([0.5, 1.5, 2.5, 3.5], 1000, 1, 3) == 2 * 8000 / 2
