"""O projeto final (lição 10): a conferência da janela, os limites de vazão e o quadro.

As conferências de ponta a ponta (a solução passa, as respostas erradas falham) estão em
``test_exercicios.py``; aqui ficam as contas do verificador, com amostras de mentira,
onde dá para dizer exatamente o que deve acontecer.
"""

import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

from ecolab.exercicios.bancada import CATALOGO, Relatorio
from ecolab.exercicios.projeto_final import (
    arquivo_de_teste, estouros_da_janela, impressao_sha256, janela_permitida,
    problema_no_registro, reducoes_da_janela, transferir_projeto,
)
from ecolab.exercicios.verificacoes_10 import _conferir_retransmissoes
from ecolab.figuras import Figura
from ecolab.figuras_do_projeto import grafico_da_janela
from ecolab.janela_na_rede import AmostraDeVoo
from ecolab.vazao import (Quadro, limite_de_mathis, limite_do_gargalo, mbits,
                          vazao_do_pare_e_espere)

SOLUCAO = Path(__file__).resolve().parent.parent / "notebooks" / "solucoes" / \
    "solucao_10_projeto_final.py"

# Um registro: janela 2 a partir de 10,0 s, 4 a partir de 10,5 s, 1 a partir de 11,0 s.
REGISTRO = [(10.0, 2), (10.5, 4), (11.0, 1)]


def test_a_janela_que_vale_e_a_do_ultimo_registro_antes_do_instante():
    assert janela_permitida(REGISTRO, 10.3) == 2
    assert janela_permitida(REGISTRO, 10.7) == 4
    assert janela_permitida(REGISTRO, 12.0) == 1


def test_depois_que_a_janela_diminui_a_anterior_ainda_vale_por_um_decimo_de_segundo():
    assert janela_permitida(REGISTRO, 11.05) == 4
    assert janela_permitida(REGISTRO, 11.15) == 1


def test_antes_do_primeiro_registro_nao_ha_janela():
    assert janela_permitida(REGISTRO, 9.9) is None


def test_pacote_novo_acima_da_janela_e_estouro_e_retransmissao_nao():
    inicio = 10.0  # os tempos das amostras contam do início da rede
    amostras = [AmostraDeVoo(0.1, 0, 1, True), AmostraDeVoo(0.2, 1, 2, True),
                AmostraDeVoo(0.3, 2, 3, True), AmostraDeVoo(1.5, 0, 3, False)]
    estouros = estouros_da_janela(REGISTRO, amostras, inicio)
    assert [(a.seq, permitida) for a, permitida in estouros] == [(2, 2)]


def test_pacote_enviado_antes_de_registrar_a_janela_e_estouro():
    estouros = estouros_da_janela(REGISTRO, [AmostraDeVoo(0.0, 0, 1, True)], inicio=9.0)
    assert [(a.seq, permitida) for a, permitida in estouros] == [(0, None)]


def test_reducoes_contam_so_as_quedas_da_janela():
    assert reducoes_da_janela(REGISTRO) == 1
    assert reducoes_da_janela([(0.0, 1), (1.0, 2), (2.0, 8), (3.0, 4), (4.0, 1)]) == 2
    assert reducoes_da_janela([(0.0, 1)]) == 0


def test_registro_fora_do_formato_diz_o_porque():
    agora = time.monotonic()
    assert problema_no_registro([(agora, 1)], agora - 1, agora + 1) is None
    assert "não uma lista" in problema_no_registro(None, agora - 1, agora + 1)
    assert "time.monotonic()" in problema_no_registro([(time.time(), 1)], agora - 1, agora + 1)
    assert "não é (tempo em float" in problema_no_registro([(agora, 1.5)], agora - 1, agora + 1)
    assert "ordem crescente" in problema_no_registro([(agora, 1), (agora - 0.5, 2)],
                                                     agora - 1, agora + 1)


def _retransmissoes(repetidas):
    relatorio = Relatorio(CATALOGO["projeto_transporte"])
    amostras = [AmostraDeVoo(0.0, seq, 1, True) for seq in range(250)]
    amostras += [AmostraDeVoo(1.0, 0, 1, False)] * repetidas
    _conferir_retransmissoes(relatorio, amostras, 250)
    return relatorio.itens[0]


def test_retransmissoes_ate_a_metade_dos_pacotes_passam_e_mais_que_isso_falham():
    assert _retransmissoes(125).passou
    item = _retransmissoes(126)
    assert not item.passou and "retransmissões demais" in item.dica


def test_impressao_sha256_muda_com_um_bit():
    arquivo = arquivo_de_teste(1000, semente=1)
    assert arquivo == arquivo_de_teste(1000, semente=1)  # a semente fixa o arquivo
    outro = bytearray(arquivo)
    outro[10] ^= 1
    assert len(impressao_sha256(arquivo)) == 16
    assert impressao_sha256(arquivo) != impressao_sha256(outro)


def test_limites_de_vazao_da_rede_da_licao():
    assert mbits(limite_do_gargalo(2_000_000, 1000)) == "1,98\u00a0Mbit/s"  # 2 × 1.000/1.012
    assert mbits(vazao_do_pare_e_espere(2_000_000, 0.04, 1000)) == "0,18\u00a0Mbit/s"
    assert mbits(limite_de_mathis(0.044, 0.03, 1000)) == "1,29\u00a0Mbit/s"


def test_quadro_mostra_medidas_e_contas():
    quadro = Quadro().medida("medida", 2.0, 250_000).limite("conta", 1_000_000)
    colunas = [re.split(" +", linha.strip()) for linha in str(quadro).splitlines()]
    assert colunas[1] == ["medida", "2,0\u00a0s", "1,00\u00a0Mbit/s"]
    assert colunas[2] == ["conta", "—", "1,00\u00a0Mbit/s"]


def test_a_solucao_atravessa_a_rede_da_licao_intacta_e_desenha_a_janela():
    especificacao = importlib.util.spec_from_file_location("solucao_10", SOLUCAO)
    solucao = importlib.util.module_from_spec(especificacao)
    especificacao.loader.exec_module(solucao)
    resultado = transferir_projeto(solucao.enviar_arquivo, solucao.receber_arquivo,
                                   arquivo_de_teste(60_000), perda=0.03, atraso=0.01,
                                   taxa=2_000_000, fila=20, semente=3)
    assert resultado.intacto
    assert estouros_da_janela(resultado.registro, resultado.amostras, resultado.inicio) == []
    assert isinstance(grafico_da_janela(resultado), Figura)


def test_o_benchmark_do_projeto_roda_e_a_referencia_chega_intacta():
    raiz = Path(__file__).resolve().parent.parent
    resultado = subprocess.run([sys.executable, "benchmarks/projeto_final.py", "--rapido"],
                               cwd=raiz, capture_output=True, text=True, timeout=50)
    assert resultado.returncode == 0, resultado.stderr
    assert "referência (Reno), mediana" in resultado.stdout
    assert resultado.stdout.count("1 de 1 intactos") == 3


def _receber_e_confirmar_de_novo_no_fim(sock, silencio=0.5):
    """Um receptor certo que, no silêncio do fim, reconfirma o FIN uma vez e espera mais um
    pouco, sem capturar ``ConnectionResetError``: se a rede já tiver fechado, no Windows o
    ``recvfrom`` seguinte levanta o 10054."""
    from ecolab.segmento import ACK, ler, montar
    guardados, partes, esperado, fim_em, ultimo = {}, [], 0, None, None
    sock.settimeout(silencio)
    while True:
        try:
            datagrama, ultimo = sock.recvfrom(65_535)
        except TimeoutError:
            if fim_em is None or esperado <= fim_em:
                continue
            sock.sendto(montar(ack=esperado, flags=ACK), ultimo)
            sock.settimeout(0.2)
            try:
                sock.recvfrom(65_535)
            except TimeoutError:
                pass
            return b"".join(partes)
        segmento = ler(datagrama)
        if segmento.fim:
            fim_em = segmento.seq
        elif segmento.seq >= esperado:
            guardados[segmento.seq] = segmento.dados
        while esperado in guardados:
            partes.append(guardados.pop(esperado))
            esperado += 1
        if fim_em == esperado:
            esperado += 1
        sock.sendto(montar(ack=esperado, flags=ACK), ultimo)


def test_no_windows_a_rede_fica_aberta_ate_o_receptor_do_aluno_terminar(
        capsys, tmp_path, monkeypatch):
    import winsock
    from ecolab.exercicios import verificar

    monkeypatch.setenv("ECOLAB_PROGRESSO", str(tmp_path / "progresso.json"))
    especificacao = importlib.util.spec_from_file_location("solucao_10", SOLUCAO)
    solucao = importlib.util.module_from_spec(especificacao)
    especificacao.loader.exec_module(solucao)
    with winsock.simular_windows():
        verificar("projeto_transporte", solucao.enviar_arquivo,
                  _receber_e_confirmar_de_novo_no_fim)
    saida = " ".join(capsys.readouterr().out.split())
    assert "tudo certo!" in saida, saida
    assert "ConnectionResetError" not in saida
