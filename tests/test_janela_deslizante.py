"""As peças da lição 06: o estimador de RTT, a utilização, a varredura e as figuras."""

import doctest

import pytest

from ecolab import estimador_de_rtt
from ecolab.estimador_de_rtt import EstimadorDeRTT
from ecolab.figuras import Figura
from ecolab.figuras_da_janela import (
    estados_no_evento, grafico_do_timeout, grafico_vazao, quadros_da_janela,
)
from ecolab.janela_deslizante import (
    Medida, combinacoes_da_licao, medir, tabela_de_vazao, utilizacao_teorica,
)
from ecolab.transporte import Evento, Relatorio


def test_o_exemplo_do_estimador_funciona():
    falhas, _ = doctest.testmod(estimador_de_rtt)
    assert falhas == 0


def test_o_estimador_atualiza_rttvar_com_o_srtt_antigo_como_a_rfc_6298():
    e = EstimadorDeRTT()
    e.amostra(0.1)
    e.amostra(0.3)
    assert e.rttvar == pytest.approx(0.0875)  # a ordem do livro daria 0,08125
    assert e.timeout == pytest.approx(0.475)


def test_o_timeout_fica_entre_o_minimo_e_o_maximo():
    e = EstimadorDeRTT(inicial=3.0, minimo=0.2, maximo=60.0)
    assert e.timeout == 3.0
    e.amostra(0.001)
    assert e.timeout == 0.2
    e.amostra(500.0)
    assert e.timeout == 60.0


def test_a_utilizacao_do_exemplo_do_livro():
    assert utilizacao_teorica(1, 0.030, 1e9, 1000) == pytest.approx(0.008 / 30.008)  # 0,00027
    assert utilizacao_teorica(64, 0.030, 1e9, 1000) == pytest.approx(64 * 0.000266, rel=0.01)
    assert utilizacao_teorica(10_000, 0.030, 1e9, 1000) == 1.0


def test_as_combinacoes_da_licao_comecam_pelas_mais_lentas_e_nao_se_repetem():
    combinacoes = combinacoes_da_licao()
    assert len(combinacoes) == len(set(combinacoes)) == 32
    assert combinacoes[0] == ("pare", 1, 0.3)


def test_uma_medida_pelo_gargalo_segue_a_formula():
    m = medir("sr", 4, pacotes=12)
    assert m.intacto
    assert m.utilizacao == pytest.approx(utilizacao_teorica(4), rel=0.3)


def _relatorio(eventos, pacotes=6):
    relatorio = Relatorio([b"x"] * pacotes)
    relatorio.inicio = 0.0
    relatorio.eventos = [Evento(t, tipo, seq, base, proximo, 3, None, 0.2, None)
                         for t, tipo, seq, base, proximo in eventos]
    return relatorio


def test_as_cores_da_janela_seguem_base_proximo_e_as_confirmacoes_seletivas():
    relatorio = _relatorio([
        (0.00, "enviou", 0, 0, 1), (0.00, "enviou", 1, 0, 2), (0.00, "enviou", 2, 0, 3),
        (0.05, "confirmou", 1, 0, 3),  # Repetição Seletiva: o 1 antes do 0
    ])
    assert estados_no_evento(relatorio, 1) == [
        "a caminho", "a caminho", "utilizável", "fora", "fora", "fora"]
    assert estados_no_evento(relatorio, 3) == [
        "a caminho", "confirmado", "a caminho", "fora", "fora", "fora"]


def test_as_figuras_da_licao_saem_de_medidas_e_registros():
    medidas = [Medida(modo, n, p, 1000.0 * n / (1 + 10 * p), 0.1, 0, 30, True, None)
               for modo, n, p in combinacoes_da_licao()]
    assert isinstance(grafico_vazao(medidas), Figura)
    assert "Repetição Seletiva, N = 32" in tabela_de_vazao(medidas)
    amostras = [(0.05 * i, 0.045 + 0.002 * i) for i in range(20)]
    assert isinstance(grafico_do_timeout(amostras, {"o do curso": EstimadorDeRTT()}), Figura)
    relatorio = _relatorio([(0.0, "enviou", 0, 0, 1), (0.05, "confirmou", 0, 1, 1)])
    assert isinstance(quadros_da_janela(relatorio, [0, 1]), Figura)


def test_o_teto_do_grafico_de_vazao_conta_so_os_dados_como_as_medidas():
    medidas = [Medida(modo, n, p, 1000.0, 0.1, 0, 30, True, None)
               for modo, n, p in combinacoes_da_licao()]
    teto = grafico_vazao(medidas).axes[0].lines[0]
    assert "só os dados" in teto.get_label()
    # janela 32 enche o gargalo: 2 Mbit/s, dos quais 1.000 de cada 1.012 bytes são dados
    assert teto.get_ydata()[-1] == pytest.approx(2000 * 1000 / 1012)
