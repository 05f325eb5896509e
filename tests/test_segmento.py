"""O cabeçalho de 12 bytes das lições 06, 09 e 10 (ecolab.segmento)."""

import doctest
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecolab import segmento
from ecolab.erros import SegmentoInvalido
from ecolab.segmento import ACK, FIN, SELETIVA, Segmento, ler, montar


def test_o_exemplo_da_documentacao_funciona():
    falhas, _ = doctest.testmod(segmento)
    assert falhas == 0


def test_os_campos_ficam_nos_bytes_que_a_documentacao_desenha():
    datagrama = montar(seq=0x01020304, ack=0x0A0B0C0D, flags=ACK, janela=0x0102, dados=b"xy")
    assert datagrama == bytes.fromhex("01020304" "0a0b0c0d" "0010" "0102") + b"xy"


def test_o_struct_de_um_aluno_le_o_mesmo_cabecalho():
    seq, ack, flags, janela = struct.unpack("!IIHH", montar(5, 6, SELETIVA, 7)[:12])
    assert (seq, ack, flags, janela) == (5, 6, SELETIVA, 7)


@given(seq=st.integers(0, 2**32 - 1), ack=st.integers(0, 2**32 - 1),
       flags=st.integers(0, 2**16 - 1), janela=st.integers(0, 2**16 - 1),
       dados=st.binary(max_size=64))
def test_ler_devolve_o_que_montar_montou(seq, ack, flags, janela, dados):
    assert ler(montar(seq, ack, flags, janela, dados)) == Segmento(seq, ack, flags, janela, dados)


@pytest.mark.parametrize("campo, valor", [
    ("seq", -1), ("seq", 2**32), ("ack", 2**32), ("janela", 65_536), ("flags", 2**16),
    ("seq", 1.5), ("janela", True), ("seq", "3"),
])
def test_campo_fora_do_que_cabe_e_um_erro_que_diz_qual(campo, valor):
    with pytest.raises(SegmentoInvalido, match=f"campo {campo} precisa ser um número inteiro"):
        montar(**{campo: valor})


def test_dados_que_nao_sao_bytes_sao_um_erro_que_diz_como_converter():
    with pytest.raises(SegmentoInvalido, match="encode"):
        montar(dados="texto")


@pytest.mark.parametrize("tamanho", [0, 1, 11])
def test_datagrama_curto_nao_tem_cabecalho(tamanho):
    with pytest.raises(SegmentoInvalido, match=f"{tamanho} bytes não tem cabeçalho"):
        ler(b"x" * tamanho)


def test_a_descricao_resume_como_o_wireshark():
    assert str(ler(montar(seq=3, dados=b"a" * 1000))) == "seq=3 len=1000"
    assert str(ler(montar(ack=4, flags=ACK, janela=8))) == "ACK ack=4 janela=8"
    assert str(ler(montar(ack=9, flags=SELETIVA))) == "SELETIVA ack=9"
    assert str(ler(montar(seq=10, flags=FIN))) == "FIN seq=10"


def test_confirmacao_e_fim():
    assert ler(montar(flags=ACK)).confirmacao and ler(montar(flags=SELETIVA)).confirmacao
    assert not ler(montar(seq=1, dados=b"x")).confirmacao
    assert ler(montar(seq=2, flags=FIN)).fim and not ler(montar(seq=2)).fim
    assert Segmento(1, 2, ACK, 3, b"z").em_bytes() == montar(1, 2, ACK, 3, b"z")
