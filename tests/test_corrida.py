"""A corrida de dois remetentes pela mesma fila do gargalo (lição 09)."""

import threading

from ecolab.corrida import correr


def test_dois_remetentes_pela_mesma_rede_entregam_os_dois_e_tudo_fecha():
    antes = set(threading.enumerate())
    corrida = correr(duracao=3.0, atraso_de_b=1.0)
    assert set(corrida.entregas) == {"A", "B"}
    assert corrida.entregas["A"][0] < 1.0 <= corrida.entregas["B"][0]
    assert all(v > 0 for v in corrida.vazoes(2.0, 3.0))
    assert corrida.contagem["descartados"] > 0  # os dois disputam a mesma fila
    meios, vazoes = corrida.curvas(0.5)["A"]
    assert len(meios) == len(vazoes) == 6
    assert not [t for t in set(threading.enumerate()) - antes if t.name.startswith("ecolab")]
