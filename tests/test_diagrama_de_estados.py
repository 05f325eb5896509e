"""O diagrama de estados só tem estados e transições da figura 5 da RFC 9293."""

from ecolab.diagrama_de_estados import POSICOES, TRANSICOES, diagrama_de_estados
from ecolab.sockets_da_maquina import ESTADOS_DA_RFC

# As setas da figura 5 da RFC 9293 (seção 3.3.2), com os nomes da tabela de estados.
SETAS_DA_RFC = {
    ("CLOSED", "LISTEN"), ("CLOSED", "SYN-SENT"), ("LISTEN", "SYN-RECEIVED"),
    ("LISTEN", "SYN-SENT"), ("LISTEN", "CLOSED"), ("SYN-SENT", "SYN-RECEIVED"),
    ("SYN-SENT", "ESTABLISHED"), ("SYN-SENT", "CLOSED"), ("SYN-RECEIVED", "ESTABLISHED"),
    ("SYN-RECEIVED", "FIN-WAIT-1"), ("SYN-RECEIVED", "LISTEN"),
    ("ESTABLISHED", "FIN-WAIT-1"), ("ESTABLISHED", "CLOSE-WAIT"),
    ("FIN-WAIT-1", "FIN-WAIT-2"), ("FIN-WAIT-1", "CLOSING"), ("FIN-WAIT-2", "TIME-WAIT"),
    ("CLOSING", "TIME-WAIT"), ("CLOSE-WAIT", "LAST-ACK"), ("LAST-ACK", "CLOSED"),
    ("TIME-WAIT", "CLOSED"),
}


def test_estados_e_setas_sao_os_da_rfc_9293():
    assert {nome.strip() for nome in POSICOES} <= set(ESTADOS_DA_RFC.values())
    setas = {(t.de.strip(), t.para.strip()) for t in TRANSICOES}
    assert setas <= SETAS_DA_RFC
    assert {(t.de, t.para) for t in TRANSICOES} <= {(a, b) for a in POSICOES for b in POSICOES}


def test_quem_fecha_primeiro_e_o_unico_caminho_que_passa_por_time_wait():
    chegam = {t.para.strip() for t in TRANSICOES if t.de.strip() == "FIN-WAIT-2"}
    assert chegam == {"TIME-WAIT"}
    assert not any(t.para.strip() == "TIME-WAIT" for t in TRANSICOES if t.de != "FIN-WAIT-2")


def test_a_figura_desenha_um_texto_por_estado_e_por_seta():
    figura = diagrama_de_estados(destacar=["TIME-WAIT"])
    textos = [t.get_text() for t in figura.axes[0].texts]
    for nome in POSICOES:
        assert nome.strip() in textos
    for transicao in TRANSICOES:
        assert transicao.rotulo in textos
    assert figura._repr_png_().startswith(b"\x89PNG")


def test_as_colunas_dizem_quem_conecta_e_quem_fecha_primeiro():
    """O servidor também pode fechar primeiro: a coluna do fim é de quem fecha, não do cliente."""
    figura = diagrama_de_estados()
    textos = [t.get_text() for t in figura.axes[0].texts]
    assert "connect(); no fim, quem fecha primeiro" in textos
    assert "listen(); no fim, quem fecha depois" in textos
