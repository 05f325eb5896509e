"""Arquivos de captura estragados: sempre ``CapturaInvalida`` em português, nunca o erro do dpkt."""

import io
from importlib import resources

import dpkt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecolab import ErroEcolab
from ecolab.captura import CapturaInvalida, Pacote, ler_captura


def bytes_da_gravada(nome="01_tcp"):
    caminho = resources.files("ecolab.captura").joinpath("gravadas", f"{nome}.pcapng")
    return caminho.read_bytes()


def pcap_da_gravada(tipo_de_enlace=1):
    """A conversa gravada 01_tcp, regravada no formato ``.pcap`` clássico."""
    origem = dpkt.pcapng.Reader(io.BytesIO(bytes_da_gravada()))
    saida = io.BytesIO()
    escritor = dpkt.pcap.Writer(saida, snaplen=65535, linktype=tipo_de_enlace)
    for instante, quadro in origem:
        escritor.writepkt(quadro, ts=instante)
    return saida.getvalue()


def escrever(tmp_path, conteudo, nome="captura.pcap"):
    caminho = tmp_path / nome
    caminho.write_bytes(conteudo)
    return caminho


def erro_ao_ler(caminho):
    with pytest.raises(CapturaInvalida) as erro:
        ler_captura(caminho)
    return str(erro.value)


def test_capturainvalida_e_do_ecolab_e_um_valueerror():
    erro = CapturaInvalida("x.pcap", "motivo")
    assert isinstance(erro, ErroEcolab) and isinstance(erro, ValueError)


def test_arquivo_vazio(tmp_path):
    mensagem = erro_ao_ler(escrever(tmp_path, b""))
    assert "está vazio" in mensagem and "Wireshark" in mensagem


def test_arquivo_que_nao_e_captura(tmp_path):
    mensagem = erro_ao_ler(escrever(tmp_path, "Olá, isto é um texto.\n".encode() * 10))
    assert "não é um arquivo .pcap nem .pcapng" in mensagem


@pytest.mark.parametrize("formato", ["pcap", "pcapng"])
def test_arquivo_truncado_no_meio_de_um_pacote(tmp_path, formato):
    inteiro = pcap_da_gravada() if formato == "pcap" else bytes_da_gravada()
    mensagem = erro_ao_ler(escrever(tmp_path, inteiro[:-10], f"cortado.{formato}"))
    assert "truncado" in mensagem


def test_arquivo_cortado_no_cabecalho(tmp_path):
    erro_ao_ler(escrever(tmp_path, pcap_da_gravada()[:10]))


def test_tipo_de_enlace_desconhecido_diz_quais_o_ecolab_le(tmp_path):
    mensagem = erro_ao_ler(escrever(tmp_path, pcap_da_gravada(tipo_de_enlace=147)))
    assert "tipo de enlace 147" in mensagem and "SLL2" in mensagem and "lo0" in mensagem


def test_captura_so_com_cabecalho_nao_tem_pacotes(tmp_path):
    assert ler_captura(escrever(tmp_path, pcap_da_gravada()[:24])) == []


def test_pcap_e_pcapng_da_mesma_conversa_dao_os_mesmos_pacotes(tmp_path):
    assert ler_captura(escrever(tmp_path, pcap_da_gravada())) == ler_captura(
        escrever(tmp_path, bytes_da_gravada(), "mesma.pcapng")
    )


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dados=st.data())
def test_arquivo_estragado_de_qualquer_jeito_da_pacotes_ou_capturainvalida(tmp_path, dados):
    conteudo = bytearray(dados.draw(st.sampled_from([pcap_da_gravada(), bytes_da_gravada()])))
    corte = dados.draw(st.integers(0, len(conteudo)))
    del conteudo[corte:]
    for _ in range(dados.draw(st.integers(0, 4))):
        if conteudo:
            posicao = dados.draw(st.integers(0, len(conteudo) - 1))
            conteudo[posicao] = dados.draw(st.integers(0, 255))
    caminho = escrever(tmp_path, bytes(conteudo), "estragado.cap")
    try:
        pacotes = ler_captura(caminho)
    except CapturaInvalida:
        return
    assert all(isinstance(p, Pacote) for p in pacotes)
