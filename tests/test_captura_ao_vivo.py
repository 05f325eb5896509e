"""Captura ao vivo com o socket de pacotes (Linux, root): a conversa TCP como ela passou."""

import socket
import subprocess

import pytest
from ajudantes_captura import (
    MENSAGENS,
    conversa_tcp,
    exigir_root,
    sequencia,
    servidor_tcp_em_porta_livre,
)
from conftest import exigir_programa, threads_do_ecolab

from ecolab import ClienteTCP, ServidorTCP
from ecolab.captura import capturar

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_PACKET"), reason="só no Linux")


@pytest.fixture(autouse=True)
def _root():
    exigir_root()


def capturar_conversa(mensagens=MENSAGENS):
    with servidor_tcp_em_porta_livre() as servidor:
        with capturar(porta=servidor.porta) as captura:
            conversa_tcp(servidor.porta, mensagens)
    return captura, servidor.porta


def test_captura_usa_o_socket_de_pacotes_com_privilegio():
    captura, _ = capturar_conversa()
    assert captura.fonte == "socket de pacotes (AF_PACKET) na interface lo"


def test_conversa_comeca_pelo_aperto_de_mao_em_tres_vias():
    captura, porta = capturar_conversa()
    assert sequencia(captura.pacotes, porta)[:3] == [
        ("→", "SYN", b""),
        ("←", "SYN,ACK", b""),
        ("→", "ACK", b""),
    ]
    syn, syn_ack, ack = captura.pacotes[:3]
    assert syn_ack.ack == syn.seq + 1 and ack.ack == syn_ack.seq + 1


def test_cargas_aparecem_em_ordem_nos_dois_sentidos():
    captura, porta = capturar_conversa()
    cargas = [(sentido, dados) for sentido, _, dados in sequencia(captura.pacotes, porta) if dados]
    assert cargas == [
        ("→", b"Ol\xc3\xa1, servidor!\n"),
        ("←", "Resposta do servidor: Olá, servidor!\n".encode()),
        ("→", b"Tudo bem?\n"),
        ("←", b"Resposta do servidor: Tudo bem?\n"),
    ]


def test_cada_lado_manda_um_fin_e_o_ultimo_e_confirmado():
    captura, porta = capturar_conversa()
    fins = [(sentido, flags) for sentido, flags, _ in sequencia(captura.pacotes, porta)
            if "FIN" in flags]
    assert sorted(fins) == [("←", "FIN,ACK"), ("→", "FIN,ACK")]
    ultimo = captura.pacotes[-1]
    assert ultimo.flags == "ACK" and not ultimo.dados


def test_cada_pacote_aparece_uma_vez_so():
    captura, _ = capturar_conversa()
    vistos = [(p.origem, p.seq, p.ack, p.flags, p.dados) for p in captura.pacotes]
    assert len(vistos) == len(set(vistos))  # no loopback, sem descartar a cópia de saída,
    assert [p.flags for p in captura.pacotes].count("SYN") == 1  # tudo apareceria duas vezes
    assert len([p for p in captura.pacotes if p.dados]) == 4


def test_tempo_comeca_em_zero_e_nunca_volta():
    captura, _ = capturar_conversa()
    tempos = [p.tempo for p in captura.pacotes]
    assert tempos[0] == 0.0 and tempos == sorted(tempos)


def test_tamanho_e_o_pacote_ip_inteiro():
    captura, _ = capturar_conversa()
    syn, syn_ack, *resto = captura.pacotes
    assert syn.tamanho == syn_ack.tamanho == 20 + 40  # IPv4 (20) + TCP com as opções do SYN (40)
    for pacote in resto:  # IPv4 (20) + TCP com a opção de timestamps (32) + dados
        assert pacote.tamanho == 20 + 32 + len(pacote.dados)


def test_outra_conversa_ao_mesmo_tempo_fica_de_fora():
    with servidor_tcp_em_porta_livre() as servidor, ServidorTCP(porta=0) as outro:
        with capturar(porta=servidor.porta) as captura:
            conversa_tcp(outro.porta, ["não é desta conversa"])
            conversa_tcp(servidor.porta, ["esta sim"])
    portas = {p.origem[1] for p in captura.pacotes} | {p.destino[1] for p in captura.pacotes}
    assert servidor.porta in portas and outro.porta not in portas


def test_captura_em_ipv6():
    with ServidorTCP(host="::1", porta=0) as servidor:
        with capturar(porta=servidor.porta) as captura:
            with ClienteTCP(host="::1", porta=servidor.porta) as cliente:
                cliente.enviar("Olá")
    assert captura.pacotes[0].origem[0] == "::1"
    assert sequencia(captura.pacotes, servidor.porta)[:3] == [
        ("→", "SYN", b""), ("←", "SYN,ACK", b""), ("→", "ACK", b"")]
    assert captura.pacotes[0].tamanho == 40 + 40  # IPv6 (40) + TCP com opções do SYN (40)


def test_captura_para_mesmo_com_excecao_no_bloco():
    with servidor_tcp_em_porta_livre() as servidor:
        with pytest.raises(ZeroDivisionError):
            with capturar(porta=servidor.porta) as captura:
                conversa_tcp(servidor.porta, ["antes do erro"])
                1 / 0
    assert not [t for t in threads_do_ecolab() if t.name == "ecolab-captura"]
    assert b"antes do erro\n" in [p.dados for p in captura.pacotes]


def test_salvar_grava_um_pcapng_que_o_tshark_le(tmp_path):
    tshark = exigir_programa("tshark", "tshark")
    captura, _ = capturar_conversa()
    captura.salvar(tmp_path / "conversa.pcapng")
    campos = subprocess.run(
        [tshark, "-r", str(tmp_path / "conversa.pcapng"), "-T", "fields", "-e", "tcp.len"],
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout.split()
    assert [int(c) for c in campos] == [len(p.dados) for p in captura.pacotes]


def test_fila_cheia_vira_aviso_com_os_quadros_perdidos(monkeypatch):
    from ecolab.captura import socket_de_pacotes

    monkeypatch.setattr(socket_de_pacotes, "BUFFER", 1)  # o kernel arredonda para o mínimo
    monkeypatch.setattr(socket_de_pacotes, "ESPERA", 0.5)  # e a thread demora a ler
    with servidor_tcp_em_porta_livre() as servidor:
        with pytest.warns(RuntimeWarning, match="A captura perdeu"):
            with capturar(porta=servidor.porta) as captura:
                conversa_tcp(servidor.porta, [f"mensagem {i}" for i in range(300)])
    assert captura.perdidos > 0
