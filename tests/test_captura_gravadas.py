"""As capturas gravadas que vêm com o curso abrem e mostram o que dizem mostrar."""

import pytest

from ecolab import ArgumentoInvalido
from ecolab.captura import CAPTURAS_GRAVADAS, captura_gravada


def sentidos(pacotes, porta_do_servidor):
    return [
        ("→" if p.destino[1] == porta_do_servidor else "←", p.protocolo, p.flags, p.dados)
        for p in pacotes
    ]


def test_01_tcp_abre_a_conexao_conversa_em_ordem_e_fecha_dos_dois_lados():
    pacotes = captura_gravada("01_tcp")
    vistos = sentidos(pacotes, 12001)
    assert [(s, f) for s, _, f, _ in vistos[:3]] == [("→", "SYN"), ("←", "SYN,ACK"), ("→", "ACK")]
    assert [(s, d.decode()) for s, _, _, d in vistos if d] == [
        ("→", "Olá, servidor!\n"),
        ("←", "Resposta do servidor: Olá, servidor!\n"),
        ("→", "Tudo bem?\n"),
        ("←", "Resposta do servidor: Tudo bem?\n"),
    ]
    assert sorted(s for s, _, f, _ in vistos if "FIN" in f) == ["←", "→"]
    assert vistos[-1][2] == "ACK"
    assert {p.origem[0] for p in pacotes} == {"127.0.0.1"}
    assert pacotes[0].tempo == 0.0 and [p.tempo for p in pacotes] == sorted(p.tempo for p in pacotes)


def test_01_tcp_numeros_de_sequencia_contam_os_bytes():
    pacotes = captura_gravada("01_tcp")
    syn, syn_ack = pacotes[0], pacotes[1]
    primeira = next(p for p in pacotes if p.dados)
    assert primeira.seq == syn.seq + 1  # o SYN ocupa um número de sequência
    confirmacao = next(p for p in pacotes if p.destino == primeira.origem and p.ack > syn.seq + 1)
    assert confirmacao.ack == primeira.seq + len(primeira.dados)
    assert syn_ack.ack == syn.seq + 1


def test_02_udp_mostra_os_datagramas_e_o_icmp_da_porta_fechada():
    pacotes = captura_gravada("02_udp")
    com_dados = [(s, d.decode()) for s, proto, _, d in sentidos(pacotes, 12002) if d]
    assert com_dados == [
        ("→", "Olá, servidor!"),
        ("←", "Resposta do servidor: Olá, servidor!"),
        ("→", "Sem conexão, mas chegou."),
        ("←", "Resposta do servidor: Sem conexão, mas chegou."),
        ("→", "Ainda está aí?"),
    ]
    assert {p.protocolo for p in pacotes} == {"UDP", "ICMP"}
    icmp = pacotes[-1]
    ultimo_datagrama = pacotes[-2]
    assert icmp.protocolo == "ICMP" and icmp.icmp == "porta inalcançável"
    assert icmp.citado == (ultimo_datagrama.origem, ("127.0.0.1", 12002))
    assert ultimo_datagrama.dados == "Ainda está aí?".encode()


def test_02_udp_o_unico_datagrama_vazio_e_o_despertador_do_servidor():
    pacotes = captura_gravada("02_udp")
    cliente = pacotes[0].origem
    vazios = [p for p in pacotes if p.protocolo == "UDP" and not p.dados]
    assert len(vazios) == 1 and vazios[0].origem != cliente
    assert vazios[0].destino == ("127.0.0.1", 12002)


def test_03_cabecalhos_mesma_mensagem_por_tcp_e_por_udp():
    pacotes = captura_gravada("03_cabecalhos")
    mensagem = "Olá, servidor!"
    tcp = next(p for p in pacotes if p.protocolo == "TCP" and p.dados)
    udp = next(p for p in pacotes if p.protocolo == "UDP" and p.dados)
    assert tcp.dados == (mensagem + "\n").encode()  # o TCP leva a linha (com o \n)
    assert udp.dados == mensagem.encode()  # o UDP leva só a mensagem: o datagrama é o limite
    assert tcp.tamanho - len(tcp.dados) == 20 + 32  # IP + TCP com a opção de timestamps
    assert udp.tamanho - len(udp.dados) == 20 + 8  # IP + UDP
    assert [p for p in pacotes if p.protocolo == "UDP" and not p.dados] == []


@pytest.mark.parametrize("nome", CAPTURAS_GRAVADAS)
def test_toda_gravada_so_tem_a_porta_da_licao(nome):
    porta = {"01_tcp": 12001, "02_udp": 12002, "03_cabecalhos": 12030}[nome]
    for pacote in captura_gravada(nome):
        if pacote.protocolo == "ICMP":
            assert pacote.citado[1][1] == porta
        else:
            assert porta in (pacote.origem[1], pacote.destino[1])


def test_nome_desconhecido_diz_quais_existem():
    with pytest.raises(ArgumentoInvalido, match='"01_tcp", "02_udp", "03_cabecalhos"'):
        captura_gravada("04_tcp")
