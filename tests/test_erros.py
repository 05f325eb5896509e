"""Os erros: uma família só, cada um também uma exceção padrão do Python."""

import pytest

from ecolab import (
    ErroEcolab,
    ErroNoServidor,
    MensagemInvalida,
    PortaEmUso,
    ServidorIndisponivel,
    TempoEsgotado,
)


@pytest.mark.parametrize(
    "erro, padrao",
    [
        (ServidorIndisponivel(("127.0.0.1", 12000)), ConnectionError),
        (TempoEsgotado(("127.0.0.1", 12000), 5.0, "UDP"), TimeoutError),
        (PortaEmUso(("127.0.0.1", 12000)), OSError),
        (MensagemInvalida("vazia"), ValueError),
        (ErroNoServidor("ServidorTCP", [ZeroDivisionError("x")]), RuntimeError),
    ],
)
def test_cada_erro_e_do_ecolab_e_da_excecao_padrao(erro, padrao):
    assert isinstance(erro, ErroEcolab) and isinstance(erro, padrao)


def test_mensagens_dizem_o_endereco_e_o_que_fazer():
    assert "127.0.0.1:12000" in str(ServidorIndisponivel(("127.0.0.1", 12000)))
    assert "Verifique se o servidor foi iniciado" in str(
        ServidorIndisponivel(("127.0.0.1", 12000))
    )
    assert "porta=0" in str(PortaEmUso(("127.0.0.1", 12000)))
    assert "datagrama se perdeu" in str(TempoEsgotado(("127.0.0.1", 1), 2, "UDP"))
    assert "[::1]:80" in str(ServidorIndisponivel(("::1", 80)))
