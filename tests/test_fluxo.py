"""Controle de fluxo (lição 08): buffers, receptor que não lê, UDP que perde, Nagle.

Conferem comportamento, não tempos (tempos ficam em benchmarks/): o que couber,
o que se perdeu, o que chegou, se tudo foi fechado.
"""

import socket
import threading

import pytest

from ecolab.figuras import Figura
from ecolab.figuras_do_fluxo import grafico_enchimento, grafico_udp_buffer, grafico_vazao
from ecolab.fluxo import buffers, conectar_par, encher, medir_enchimento, medir_vazao
from ecolab.inundacao import comparar_com_tcp, inundar, numerado
from ecolab.nagle import JEITOS, ClienteDePedidos, ServidorDePedidos, medir_jeitos

linux = pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="comportamento do Linux")


def threads_do_ecolab():
    return [t.name for t in threading.enumerate() if t.name.startswith("ecolab-")]


def test_conectar_par_devolve_duas_pontas_da_mesma_conexao():
    remetente, receptor = conectar_par()
    with remetente, receptor:
        remetente.sendall(b"oi")
        receptor.settimeout(1)
        assert receptor.recv(2) == b"oi"
        assert remetente.getsockname() == receptor.getpeername()


@linux
def test_o_linux_dobra_o_buffer_pedido():
    remetente, receptor = conectar_par(envio=32_768, recepcao=32_768)
    with remetente, receptor:
        assert buffers(remetente)["envio"] == 65_536
        assert buffers(receptor)["recepção"] == 65_536


def test_receptor_que_nao_le_faz_o_remetente_parar_e_nada_se_perde():
    remetente, receptor = conectar_par(envio=16_384, recepcao=16_384)
    with remetente, receptor:
        aceitos = encher(remetente, parado=0.2)
        assert 0 < aceitos < 10_000_000  # parou: os buffers encheram
        receptor.settimeout(1)
        lidos = 0
        while lidos < aceitos:
            lidos += len(receptor.recv(65_536))
        assert lidos == aceitos


def test_buffers_pequenos_aceitam_menos_que_os_do_sistema():
    pares = [conectar_par(envio=16_384, recepcao=16_384), conectar_par()]
    try:
        pequeno, padrao = (encher(remetente, parado=0.2) for remetente, _ in pares)
    finally:
        for remetente, receptor in pares:
            remetente.close()
            receptor.close()
    assert pequeno < padrao


def test_send_nao_bloqueante_envia_parte_e_depois_levanta_blocking_io_error():
    remetente, receptor = conectar_par(envio=16_384, recepcao=16_384)
    with remetente, receptor:
        remetente.setblocking(False)
        dados = bytes(4_000_000)
        enviados = remetente.send(dados)
        assert 0 < enviados < len(dados)
        with pytest.raises(BlockingIOError):
            for _ in range(100):
                remetente.send(dados)


def test_enchimento_para_e_volta_quando_o_receptor_le():
    enchimento = medir_enchimento(ler_depois=0.5, duracao=1.0, envio=16_384, recepcao=16_384)
    assert enchimento.parou_em is not None
    antes = [b for t, b in enchimento.aceitos if t < enchimento.ler_depois]
    assert max(antes) == enchimento.parou_em
    assert enchimento.aceitos[-1][1] > enchimento.parou_em  # voltou a aceitar
    assert enchimento.lidos[-1][1] > 0
    assert all(t >= enchimento.ler_depois for t, b in enchimento.lidos if b)
    assert threads_do_ecolab() == []


def test_inundacao_udp_perde_datagramas_e_os_que_chegam_sao_os_primeiros():
    inundacao = inundar(quantos=500, tamanho=100, recepcao=4096)
    assert inundacao.enviados == 500
    assert 0 < inundacao.recebidos < 500
    assert inundacao.perdidos == 500 - inundacao.recebidos
    assert inundacao.numeros == list(range(inundacao.recebidos))


@linux
def test_no_linux_cabem_menos_datagramas_do_que_buffer_dividido_pelo_tamanho():
    inundacao = inundar(quantos=2000, tamanho=100, recepcao=16_384)
    assert inundacao.recebidos < inundacao.buffer / 100
    assert inundacao.bytes_por_datagrama > 100


def test_datagrama_numerado_tem_o_tamanho_pedido():
    assert numerado(17, 10) == b"17 ......."
    assert len(numerado(123456, 100)) == 100


def test_com_receptor_lento_o_udp_perde_e_o_tcp_entrega_tudo():
    udp, tcp = comparar_com_tcp(quantos=300, pausa=0.0005)
    assert (udp.protocolo, tcp.protocolo) == ("UDP", "TCP")
    assert udp.recebidas < udp.enviadas
    assert tcp.recebidas == tcp.enviadas == 300
    assert threads_do_ecolab() == []


def test_cliente_de_pedidos_recebe_ok_nos_tres_jeitos():
    with ServidorDePedidos() as servidor:
        for jeito in JEITOS:
            cliente = ClienteDePedidos(servidor.endereco, jeito)
            try:
                assert [cliente.enviar() for _ in range(3)] == ["ok"] * 3
            finally:
                cliente.fechar()
    assert threads_do_ecolab() == []


def test_cliente_de_pedidos_recusa_jeito_desconhecido():
    with pytest.raises(ValueError, match="jeito precisa ser"):
        ClienteDePedidos(("127.0.0.1", 1), "três sends")


def test_medir_jeitos_devolve_as_medidas_de_cada_jeito():
    tempos = medir_jeitos(vezes=3, aquecimento=1, jeitos=("TCP_NODELAY", "um envio"))
    assert set(tempos) == {"TCP_NODELAY", "um envio"}
    assert all(len(medidas) == 3 and medidas.perdidas == 0 for medidas in tempos.values())


def test_vazao_e_medida_para_cada_tamanho():
    vazao = medir_vazao([64, 65_536], duracao=0.05)
    assert set(vazao) == {64, 65_536}
    assert all(valor > 0 for valor in vazao.values())
    assert threads_do_ecolab() == []


def test_figuras_do_fluxo_sao_figuras_do_curso():
    enchimento = medir_enchimento(ler_depois=0.2, duracao=0.4, envio=16_384, recepcao=16_384)
    inundacoes = [inundar(quantos=200, recepcao=b) for b in (4096, 16_384)]
    for figura in (grafico_enchimento(enchimento), grafico_udp_buffer(inundacoes),
                   grafico_vazao({64: 1e6, 1024: 2e7})):
        assert isinstance(figura, Figura)
        assert figura._repr_png_().startswith(b"\x89PNG")


@pytest.mark.timeout(60)
def test_benchmark_do_fluxo_roda_e_imprime_as_quatro_partes():
    import subprocess
    import sys
    from pathlib import Path

    raiz = Path(__file__).resolve().parent.parent
    resultado = subprocess.run([sys.executable, "benchmarks/fluxo.py", "--rapido"], cwd=raiz,
                               capture_output=True, text=True, timeout=50)
    assert resultado.returncode == 0, resultado.stderr
    for parte in ("1. Receptor que não lê", "2. UDP", "3. Escreve, escreve, lê", "4. Vazão"):
        assert parte in resultado.stdout
