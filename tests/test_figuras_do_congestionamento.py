"""As figuras da lição 09 saem de execuções de verdade e escrevem os números do jeito do curso."""

from ecolab.congestionamento import REDE_DA_LICAO, transferir_pelo_gargalo
from ecolab.corrida import correr
from ecolab.figuras import Figura
from ecolab.figuras_do_congestionamento import grafico_corrida, grafico_cwnd


def textos(figura):
    return [t.get_text() for eixos in figura.axes for t in eixos.texts] + [
        t.get_text() for t in figura.texts]


def test_grafico_cwnd_tem_a_cwnd_os_pontos_da_rede_e_a_legenda():
    figura = grafico_cwnd(transferir_pelo_gargalo(pacotes=150))
    assert isinstance(figura, Figura)
    eixos = figura.axes[0]
    assert eixos.get_ylabel() == "pacotes"
    rotulos = [t.get_text() for t in eixos.get_legend().get_texts()]
    assert "em voo, contados pela rede" in rotulos
    assert "cwnd (registro do remetente)" in rotulos


def test_grafico_corrida_marca_a_divisao_justa_com_virgula_decimal():
    figura = grafico_corrida(correr(duracao=2.0, atraso_de_b=0.5), taxa=REDE_DA_LICAO["taxa"])
    assert isinstance(figura, Figura)
    assert any("0,75\u00a0Mbit/s" in texto for texto in textos(figura))
