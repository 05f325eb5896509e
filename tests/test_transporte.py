"""O remetente e o receptor de referência com janela deslizante (ecolab.transporte)."""

import os
import socket
import threading
import time

import pytest

from ecolab import transporte
from ecolab.segmento import ACK, FIN, ler, montar
from ecolab.transporte import (
    Receptor,
    Remetente,
    TransferenciaInterrompida,
    fatiar,
    transferir,
)

DADOS = os.urandom(30_000)  # 30 pacotes de 1.000 bytes
REDE_RUIM = dict(perda=0.15, duplicacao=0.1, reordenacao=0.15, atraso=0.002, semente=7)


@pytest.mark.parametrize("modo", transporte.MODOS)
def test_o_arquivo_chega_intacto_e_na_ordem_pela_rede_que_perde_duplica_e_reordena(modo):
    t = transferir(DADOS, modo=modo, janela=6, prazo=40, **REDE_RUIM)
    assert t.intacto
    assert t.relatorio.fim_confirmado
    assert t.contagem["perdidos"] > 0 and t.contagem["duplicados"] > 0


def test_sem_perda_nada_e_retransmitido_e_cada_pacote_sai_uma_vez():
    t = transferir(DADOS, modo="sr", janela=8)
    assert t.intacto
    assert t.relatorio.retransmitidos == 0
    assert [e.seq for e in t.relatorio.do_tipo("enviou")] == list(range(30))


@pytest.mark.parametrize("modo", ["gbn", "sr", "tcp"])
def test_o_remetente_nunca_tem_mais_pacotes_a_caminho_que_a_janela(modo):
    t = transferir(DADOS, modo=modo, janela=4, prazo=40, **REDE_RUIM)
    assert all(e.proximo - e.base <= 4 for e in t.relatorio.eventos)
    assert max(e.proximo - e.base for e in t.relatorio.eventos) == 4


def test_pare_e_espere_tem_um_pacote_a_caminho_de_cada_vez():
    t = transferir(DADOS[:5_000], modo="pare", janela=8)
    assert all(e.proximo - e.base <= 1 for e in t.relatorio.eventos)


class ReceptorQuePerdeOPacote2(Receptor):
    """Finge que a primeira cópia do pacote 2 se perdeu na rede."""

    perdeu = False

    def _tratar(self, segmento, origem):
        if segmento.seq == 2 and not segmento.fim and not self.perdeu:
            self.perdeu = True
            return
        super()._tratar(segmento, origem)


def _retransmitidos_depois_da_perda(modo):
    def receptor(sock):
        return ReceptorQuePerdeOPacote2(sock, modo, prazo=10).receber()

    t = transferir(DADOS[:10_000], modo=modo, janela=5, receptor=receptor, prazo=10)
    assert t.intacto
    return [e.seq for e in t.relatorio.do_tipo("retransmitiu")]


def test_go_back_n_retransmite_o_perdido_e_todos_os_que_vieram_depois():
    assert _retransmitidos_depois_da_perda("gbn") == [2, 3, 4, 5, 6]


def test_repeticao_seletiva_retransmite_so_o_perdido():
    assert _retransmitidos_depois_da_perda("sr") == [2]


class EstimadorQueAnota:
    def __init__(self):
        self.amostras, self.timeout = [], 0.05

    def amostra(self, rtt):
        self.amostras.append(rtt)


@pytest.mark.parametrize("modo", ["gbn", "sr"])
def test_regra_de_karn_nenhuma_amostra_de_pacote_retransmitido(modo):
    estimador = EstimadorQueAnota()
    t = transferir(DADOS, modo=modo, janela=4, estimador=estimador, prazo=40,
                   perda=0.2, atraso=0.005, semente=3)
    assert t.intacto
    retransmitidos = {e.seq for e in t.relatorio.do_tipo("retransmitiu")}
    com_amostra = [e for e in t.relatorio.do_tipo("confirmou") if e.rtt is not None]
    assert retransmitidos and com_amostra
    assert not {e.seq for e in com_amostra} & retransmitidos
    assert estimador.amostras == [e.rtt for e in com_amostra]
    assert min(estimador.amostras) >= 0.005  # o atraso da rede está em toda amostra


def test_com_estimador_o_timeout_dobra_a_cada_estouro_seguido():
    estimador = EstimadorQueAnota()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mudo:
        sock.bind(("127.0.0.1", 0))
        mudo.bind(("127.0.0.1", 0))
        remetente = Remetente(sock, mudo.getsockname(), "gbn", 2, estimador=estimador,
                              prazo=0.5)
        with pytest.raises(TransferenciaInterrompida):
            remetente.enviar(fatiar(DADOS[:3_000]))
    timeouts = [e.timeout for e in remetente.relatorio.do_tipo("estourou")]
    assert timeouts[:3] == [0.05, 0.1, 0.2]


def test_a_confirmacao_de_um_pacote_retransmitido_nao_desfaz_o_recuo_do_timeout():
    # RFC 6298, nota do fim da seção 5: o RTO só volta ao calculado com uma amostra nova;
    # a confirmação do 0 retransmitido não dá amostra (Karn), então o 1 estoura com 2 × 0,05 s.
    estimador = EstimadorQueAnota()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receptor:
        sock.bind(("127.0.0.1", 0))
        receptor.bind(("127.0.0.1", 0))
        receptor.settimeout(2.0)

        def confirmar_so_a_segunda_copia_do_0():
            for _ in range(2):
                dados, origem = receptor.recvfrom(65_535)
            receptor.sendto(montar(ack=1, flags=ACK), origem)

        thread = threading.Thread(target=confirmar_so_a_segunda_copia_do_0, daemon=True)
        thread.start()
        remetente = Remetente(sock, receptor.getsockname(), "gbn", 1, estimador=estimador,
                              prazo=0.5)
        with pytest.raises(TransferenciaInterrompida):
            remetente.enviar(fatiar(DADOS[:2_000]))
        thread.join(2.0)
    estouros = remetente.relatorio.do_tipo("estourou")
    assert [e.seq for e in estouros[:2]] == [0, 1]
    assert [e.timeout for e in estouros[:2]] == [0.05, 0.1]
    assert estimador.amostras == []


def test_no_estouro_do_go_back_n_o_evento_ja_mostra_a_volta_ao_base():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mudo:
        sock.bind(("127.0.0.1", 0))
        mudo.bind(("127.0.0.1", 0))
        remetente = Remetente(sock, mudo.getsockname(), "gbn", 4, prazo=0.3)
        with pytest.raises(TransferenciaInterrompida):
            remetente.enviar(fatiar(DADOS[:6_000]))
    estouro = remetente.relatorio.do_tipo("estourou")[0]
    assert (estouro.base, estouro.proximo) == (0, 0)


def test_sem_resposta_o_remetente_desiste_no_prazo_com_mensagem_que_diz_o_que_fazer():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mudo:
        sock.bind(("127.0.0.1", 0))
        mudo.bind(("127.0.0.1", 0))
        inicio = time.monotonic()
        with pytest.raises(TransferenciaInterrompida) as erro:
            Remetente(sock, mudo.getsockname(), "sr", 4, prazo=0.6).enviar(fatiar(DADOS))
    assert time.monotonic() - inicio < 5
    assert "0 de 30 pacotes confirmados" in str(erro.value)
    assert "0,6\xa0s" in str(erro.value)


class ControleDeMentira:
    """cwnd fixa em 5; o 3º ACK duplicado pede a retransmissão rápida."""

    def __init__(self):
        self.cwnd, self.chamadas, self.duplicados = 5.0, [], 0

    def ao_confirmar(self):
        self.chamadas.append("confirmar")

    def ao_duplicado(self):
        self.chamadas.append("duplicado")
        self.duplicados += 1
        return self.duplicados == 3

    def ao_estourar(self):
        self.chamadas.append("estourar")


def test_com_controle_a_janela_e_a_cwnd_e_o_terceiro_duplicado_retransmite_na_hora():
    controle = ControleDeMentira()

    def receptor(sock):
        return ReceptorQuePerdeOPacote2(sock, "tcp", prazo=10).receber()

    t = transferir(DADOS[:10_000], modo="tcp", janela=None, controle=controle,
                   receptor=receptor, estimador=transporte.TimeoutFixo(2.0), prazo=10)
    assert t.intacto
    assert {e.janela for e in t.relatorio.eventos} == {5}
    assert "estourar" not in controle.chamadas  # a retransmissão rápida veio antes
    assert controle.chamadas.count("confirmar") == len(t.relatorio.do_tipo("confirmou"))
    tipos = [(e.tipo, e.seq) for e in t.relatorio.eventos]
    terceiro = [i for i, (tipo, _) in enumerate(tipos) if tipo == "duplicado"][2]
    assert tipos[terceiro + 1] == ("retransmitiu", 2)


def test_o_receptor_de_go_back_n_descarta_fora_de_ordem_e_repete_o_ack():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        rx.bind(("127.0.0.1", 0))
        tx.bind(("127.0.0.1", 0))
        tx.settimeout(2)
        receptor = Receptor(rx, "gbn", prazo=2, silencio=0.05)
        thread = threading.Thread(target=receptor.receber)
        thread.start()
        acks = []
        for seq in (0, 2, 1):
            tx.sendto(montar(seq=seq, dados=b"x"), rx.getsockname())
            acks.append(ler(tx.recv(100)).ack)
        tx.sendto(montar(seq=2, flags=FIN), rx.getsockname())
        fim = ler(tx.recv(100))
        thread.join(3)
    assert acks == [1, 1, 2]
    assert fim.flags & ACK and fim.ack == 3
    assert receptor.pacotes == [b"x", b"x"] and receptor.completo


def test_confirmacao_atrasada_junta_dois_pacotes_e_responde_na_hora_o_fora_de_ordem(monkeypatch):
    monkeypatch.setattr(transporte, "ATRASO_DA_CONFIRMACAO", 1.0)  # folga para a máquina lenta
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
        rx.bind(("127.0.0.1", 0))
        tx.bind(("127.0.0.1", 0))
        receptor = Receptor(rx, "gbn", prazo=5, silencio=0.05, confirmar_a_cada=2)
        thread = threading.Thread(target=receptor.receber)
        thread.start()

        def enviar(*seqs):
            for seq in seqs:
                tx.sendto(montar(seq=seq, dados=b"x"), rx.getsockname())

        def ack(espera):
            tx.settimeout(espera)
            try:
                return ler(tx.recv(100)).ack
            except TimeoutError:
                return None

        enviar(0, 1)
        juntos = ack(2)  # um ACK só para os dois
        enviar(2)
        segurado = ack(0.3)  # sozinho: o receptor espera o próximo...
        pelo_prazo = ack(2)  # ...e confirma quando o prazo vence
        enviar(4)
        fora_de_ordem = ack(0.5)  # na hora, repetindo o ACK
        enviar(3, 3)
        repetido = ack(0.5)  # o 3 repetido é confirmado na hora (e cobre o primeiro)
        tx.sendto(montar(seq=4, flags=FIN), rx.getsockname())
        fim = ack(2)
        thread.join(3)
    assert (juntos, segurado, pelo_prazo, fora_de_ordem, repetido, fim) == (2, None, 3, 3, 4, 5)


def test_com_confirmacao_atrasada_o_remetente_recebe_menos_acks_e_o_arquivo_chega():
    def receptor(sock):
        return Receptor(sock, "gbn", prazo=30, confirmar_a_cada=2).receber()

    limpa = transferir(DADOS, modo="gbn", janela=8, receptor=receptor)
    ruim = transferir(DADOS, modo="gbn", janela=6, prazo=40, receptor=receptor, **REDE_RUIM)
    assert limpa.intacto and ruim.intacto
    assert len(limpa.relatorio.do_tipo("confirmou")) <= 20  # 30 pacotes, ~15 ACKs


@pytest.mark.parametrize("modo", ["pare", "sr"])
def test_confirmacao_atrasada_so_existe_com_ack_cumulativo(modo):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with pytest.raises(ValueError, match="cumulativo"):
            Receptor(sock, modo, confirmar_a_cada=2)


def test_transferir_nao_deixa_thread_do_receptor_viva():
    transferir(DADOS[:3_000], modo="gbn")
    assert not [t for t in threading.enumerate() if t.name == "ecolab-receptor"]


def test_modo_desconhecido_da_erro_que_lista_os_modos():
    with pytest.raises(ValueError, match="Go-Back-N"):
        transferir(b"x", modo="rapido")


@pytest.mark.parametrize("modo", ["gbn", "sr", "tcp"])
def test_pelo_gargalo_a_rede_nunca_ve_mais_pacotes_novos_em_voo_que_a_janela(modo):
    t = transferir(DADOS, modo=modo, janela=5, taxa=2_000_000, atraso=0.005, perda=0.1,
                   semente=2, prazo=40)
    assert t.intacto
    novas = [a for a in t.rede.em_voo() if a.nova]
    assert len(novas) == 31  # os 30 pacotes e o FIN, que a rede conta como um pacote
    assert max(a.em_voo for a in novas) <= 5


def test_com_controle_que_encolhe_a_rede_ve_a_janela_nova():
    class Encolhe(ControleDeMentira):
        def ao_confirmar(self):
            super().ao_confirmar()
            self.cwnd = 8.0 if len(self.chamadas) < 10 else 2.0

    t = transferir(DADOS, modo="tcp", janela=None, controle=Encolhe(), taxa=2_000_000,
                   atraso=0.005, prazo=40)
    assert t.intacto
    novas = [a for a in t.rede.em_voo() if a.nova]
    assert max(a.em_voo for a in novas) > 2  # com a cwnd 8, no começo
    assert max(a.em_voo for a in novas[20:]) <= 2  # depois que ela encolheu
