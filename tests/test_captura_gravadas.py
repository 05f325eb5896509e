"""As capturas gravadas que vêm com o curso abrem e mostram o que dizem mostrar.

As mesmas conferências valem para os arquivos do pacote (``captura_gravada``) e
para uma gravação nova feita agora por ``ferramentas/gravar_capturas.py`` em
portas livres (como root): a ferramenta continua gravando o que as lições dizem.
"""

import importlib.util
import socket
from pathlib import Path

import pytest
from ajudantes_captura import exigir_root

from ecolab import ArgumentoInvalido
from ecolab.captura import CAPTURAS_GRAVADAS, captura_gravada, ler_captura

RAIZ = Path(__file__).resolve().parent.parent
PORTAS_DAS_LICOES = {"01_tcp": 12001, "02_udp": 12002, "03_cabecalhos": 12030,
                     "07_abertura": 12072, "07_meio_fechamento": 12073,
                     "07_fechamento": 12074, "07_reset": 12076, "08_janela_zero": 12080}


def sentidos(pacotes, porta_do_servidor):
    return [
        ("→" if p.destino[1] == porta_do_servidor else "←", p.protocolo, p.flags, p.dados)
        for p in pacotes
    ]


def confere_01_tcp(pacotes, porta):
    """Conexão aberta, duas mensagens e respostas em ordem, FIN dos dois lados."""
    vistos = sentidos(pacotes, porta)
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
    tempos = [p.tempo for p in pacotes]
    assert tempos[0] == 0.0 and tempos == sorted(tempos)
    syn, syn_ack = pacotes[0], pacotes[1]
    primeira = next(p for p in pacotes if p.dados)
    assert syn_ack.ack == syn.seq + 1 and primeira.seq == syn.seq + 1  # o SYN ocupa um número
    confirmacao = next(p for p in pacotes if p.destino == primeira.origem and p.ack > syn.seq + 1)
    assert confirmacao.ack == primeira.seq + len(primeira.dados)  # o ACK conta bytes


def confere_02_udp(pacotes, porta):
    """Dois datagramas e respostas; o servidor para; o último volta como ICMP."""
    com_dados = [(s, d.decode()) for s, _, _, d in sentidos(pacotes, porta) if d]
    assert com_dados == [
        ("→", "Olá, servidor!"),
        ("←", "Resposta do servidor: Olá, servidor!"),
        ("→", "Sem conexão, mas chegou."),
        ("←", "Resposta do servidor: Sem conexão, mas chegou."),
        ("→", "Ainda está aí?"),
    ]
    icmp, ultimo_datagrama = pacotes[-1], pacotes[-2]
    assert icmp.protocolo == "ICMP" and icmp.icmp == "porta inalcançável"
    assert icmp.citado == (ultimo_datagrama.origem, ("127.0.0.1", porta))
    assert ultimo_datagrama.dados == "Ainda está aí?".encode()
    vazios = [p for p in pacotes if p.protocolo == "UDP" and not p.dados]  # o despertador
    assert len(vazios) == 1 and vazios[0].origem != pacotes[0].origem
    assert vazios[0].destino == ("127.0.0.1", porta)


def confere_03_cabecalhos(pacotes, porta):
    """A mesma mensagem por TCP e por UDP: 52 e 28 bytes de cabeçalhos."""
    mensagem = "Olá, servidor!"
    tcp = next(p for p in pacotes if p.protocolo == "TCP" and p.dados)
    udp = next(p for p in pacotes if p.protocolo == "UDP" and p.dados)
    assert tcp.dados == (mensagem + "\n").encode()  # o TCP leva a linha (com o \n)
    assert udp.dados == mensagem.encode()  # o UDP leva só a mensagem: o datagrama é o limite
    assert tcp.tamanho - len(tcp.dados) == 20 + 32  # IP + TCP com a opção de timestamps
    assert udp.tamanho - len(udp.dados) == 20 + 8  # IP + UDP
    assert [p for p in pacotes if p.protocolo == "UDP" and not p.dados] == []
    assert {p.origem[1] for p in pacotes} | {p.destino[1] for p in pacotes} >= {porta}


def por_conexao(pacotes, porta):
    """A lista ``sentidos`` de cada conexão (pela porta do cliente), na ordem em que abriram."""
    conexoes = {}
    for pacote in pacotes:
        cliente = pacote.origem if pacote.destino[1] == porta else pacote.destino
        conexoes.setdefault(cliente, []).append(pacote)
    return [sentidos(lista, porta) for lista in conexoes.values()]


def flags(vistos):
    return [(s, f) for s, _, f, _ in vistos]


APERTO_DE_MAO = [("→", "SYN"), ("←", "SYN,ACK"), ("→", "ACK")]


def confere_07_abertura(pacotes, porta):
    """Duas conexões entram na fila sem accept; o SYN da terceira some; a quarta entra na repetição."""
    primeira, segunda, descartada, tardia = por_conexao(pacotes, porta)
    assert flags(primeira) == APERTO_DE_MAO and flags(segunda) == APERTO_DE_MAO
    assert set(flags(descartada)) == {("→", "SYN")} and len(descartada) >= 2  # SYN repetido
    assert flags(tardia)[-2:] == [("←", "SYN,ACK"), ("→", "ACK")]
    assert set(flags(tardia)[:-2]) == {("→", "SYN")} and len(tardia) >= 4
    syns = [p.tempo for p in pacotes if p.flags == "SYN" and p.origem == pacotes[-1].origem]
    assert syns[1] - syns[0] > 0.5  # a vaga abriu aos 0,3 s; a repetição veio depois
    assert not any("RST" in p.flags or "FIN" in p.flags for p in pacotes)


def confere_07_meio_fechamento(pacotes, porta):
    """Um FIN de cada lado; entre eles, o servidor ainda envia a resposta."""
    vistos = sentidos(pacotes, porta)
    assert flags(vistos[:3]) == APERTO_DE_MAO
    fins = [i for i, (_, _, f, _) in enumerate(vistos) if "FIN" in f]
    assert [vistos[i][0] for i in fins] == ["→", "←"]  # o do cliente primeiro
    antes, entre = vistos[:fins[0]], vistos[fins[0]:fins[1]]
    assert [d.decode() for s, _, _, d in antes if d] == ["um pedido sem enquadramento"]
    assert [(s, d.decode()) for s, _, _, d in entre if d] == [
        ("←", "a resposta, depois do fim do pedido")]
    assert not [d for s, _, _, d in vistos[fins[0]:] if s == "→" and d]  # o cliente não envia
    assert vistos[-1][:3] == ("→", "TCP", "ACK")


def confere_07_fechamento(pacotes, porta):
    """O servidor manda o primeiro FIN; o cliente, o segundo; o último ACK é do servidor."""
    vistos = sentidos(pacotes, porta)
    assert flags(vistos[:3]) == APERTO_DE_MAO
    assert [s for s, _, f, _ in vistos if "FIN" in f] == ["←", "→"]
    assert flags(vistos[-1:]) == [("←", "ACK")]
    assert not any(d for *_, d in vistos)


def confere_07_reset(pacotes, porta):
    """RST do cliente (SO_LINGER 0); depois, RST do servidor que fechou sem ler; nenhum FIN."""
    linger, nao_lidos = por_conexao(pacotes, porta)
    assert flags(linger[:3]) == APERTO_DE_MAO and flags(nao_lidos[:3]) == APERTO_DE_MAO
    assert [(s, f) for s, f in flags(linger) if "RST" in f] == [("→", "RST,ACK")]
    assert [d.decode() for s, _, _, d in nao_lidos if d] == ["um pedido que o servidor nunca vai ler"]
    assert [(s, f) for s, f in flags(nao_lidos) if "RST" in f] == [("←", "RST,ACK")]
    assert flags(linger)[-1] == ("→", "RST,ACK") and flags(nao_lidos)[-1] == ("←", "RST,ACK")
    assert not any("FIN" in p.flags for p in pacotes)


def confere_08_janela_zero(pacotes, porta):
    """O receptor anuncia janela 0, o remetente sonda e a janela reabre (lição 08)."""
    from ecolab.fluxo import anuncios_de_janela_zero, sondas_de_janela_zero
    assert anuncios_de_janela_zero(pacotes, porta)
    assert sondas_de_janela_zero(pacotes, porta)
    reaberturas = [p for p in pacotes if p.origem[1] == porta and p.janela]
    assert reaberturas and reaberturas[-1].tempo > anuncios_de_janela_zero(pacotes, porta)[0].tempo


CONFERENCIAS = {
    "01_tcp": confere_01_tcp,
    "02_udp": confere_02_udp,
    "03_cabecalhos": confere_03_cabecalhos,
    "07_abertura": confere_07_abertura,
    "07_meio_fechamento": confere_07_meio_fechamento,
    "07_fechamento": confere_07_fechamento,
    "07_reset": confere_07_reset,
    "08_janela_zero": confere_08_janela_zero,
}


@pytest.mark.parametrize("nome", CAPTURAS_GRAVADAS)
def test_gravada_mostra_a_conversa_da_licao(nome):
    CONFERENCIAS[nome](captura_gravada(nome), PORTAS_DAS_LICOES[nome])


@pytest.mark.parametrize("nome", CAPTURAS_GRAVADAS)
def test_toda_gravada_so_tem_a_porta_da_licao(nome):
    porta = PORTAS_DAS_LICOES[nome]
    for pacote in captura_gravada(nome):
        if pacote.protocolo == "ICMP":
            assert pacote.citado[1][1] == porta
        else:
            assert porta in (pacote.origem[1], pacote.destino[1])


def test_nome_desconhecido_diz_quais_existem():
    with pytest.raises(ArgumentoInvalido, match='"01_tcp", "02_udp", "03_cabecalhos"'):
        captura_gravada("04_tcp")


def porta_livre_para_tcp_e_udp():
    """Uma porta em que nem TCP nem UDP escutam agora (a 03 usa as duas)."""
    for _ in range(50):
        with socket.socket() as tcp, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            tcp.bind(("127.0.0.1", 0))
            try:
                udp.bind(tcp.getsockname())
            except OSError:
                continue
            return tcp.getsockname()[1]
    pytest.skip("não achei uma porta livre para TCP e UDP ao mesmo tempo")


@pytest.mark.timeout(120)
def test_ferramenta_grava_de_novo_o_que_as_licoes_dizem(tmp_path):
    exigir_root()
    especificacao = importlib.util.spec_from_file_location(
        "gravar_capturas", RAIZ / "ferramentas" / "gravar_capturas.py")
    ferramenta = importlib.util.module_from_spec(especificacao)
    especificacao.loader.exec_module(ferramenta)
    portas = {nome: porta_livre_para_tcp_e_udp() for nome in CAPTURAS_GRAVADAS}
    ferramenta.gravar(tmp_path, portas)
    for nome in CAPTURAS_GRAVADAS:
        CONFERENCIAS[nome](ler_captura(tmp_path / f"{nome}.pcapng"), portas[nome])


def test_escala_da_janela_lida_das_opcoes_dos_syn():
    pacotes = captura_gravada("01_tcp")
    syn, syn_ack = pacotes[0], pacotes[1]
    assert (syn.janela, syn.escala) == (65495, 10)  # cada lado anuncia o seu expoente
    assert (syn_ack.janela, syn_ack.escala) == (65483, 10)
    assert {p.escala for p in pacotes[2:]} == {None}  # a opção só vai nos SYN
    assert {p.janela for p in pacotes[2:]} == {64}  # 64 × 2¹⁰ = 65.536 bytes
