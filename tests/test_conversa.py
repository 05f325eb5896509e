"""A conversa remontada a partir dos registros, como lista de passos (sem desenho).

Os testes olham o que se leria ao imprimir a conversa: de que lado sai cada
passo, de que tipo ele é, o texto e se ele se perdeu.
"""

import pytest

from ecolab import ClienteTCP, ClienteUDP, RedeInstavel, ServidorUDP, TempoEsgotado
from ecolab import Evento
from ecolab.conversa import passos_da_conversa


def resumo(passos):
    return [(passo.lado, passo.tipo, passo.rotulo) for passo in passos]


def test_conversa_tcp_tem_conexao_mensagem_resposta_e_fin_em_ordem(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("oi")
    passos = passos_da_conversa(cliente, servidor_tcp)
    assert resumo(passos) == [
        ("cliente", "controle", "conexão"),
        ("cliente", "mensagem", "oi"),
        ("servidor", "resposta", "Resposta do servidor: oi"),
        ("cliente", "controle", "FIN"),
    ]
    assert not any(passo.perdida for passo in passos)


def test_max_mensagens_guarda_as_primeiras_avisa_quantas_faltam_e_mantem_o_fin(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        for numero in range(1, 11):
            cliente.enviar(f"m{numero}")
    passos = passos_da_conversa(cliente, servidor_tcp, max_mensagens=3)
    assert [passo.rotulo for passo in passos if passo.tipo == "mensagem"] == ["m1", "m2", "m3"]
    assert [passo.rotulo for passo in passos if passo.tipo == "nota"] == [
        "⋯ mais 7 mensagens não mostradas (max_mensagens=3)"
    ]
    assert resumo(passos)[-1] == ("cliente", "controle", "FIN")
    todas = passos_da_conversa(cliente, servidor_tcp, max_mensagens=None)
    assert len([passo for passo in todas if passo.tipo == "mensagem"]) == 10


def test_datagrama_udp_perdido_na_ida_fica_marcado_como_perdido():
    with ServidorUDP() as servidor, RedeInstavel(
        servidor.endereco, perda=1.0, sentido="ida", semente=1
    ) as rede:
        with ClienteUDP(porta=rede.porta, timeout=0.2) as cliente:
            with pytest.raises(TempoEsgotado):
                cliente.enviar("alguém aí?")
        passos = passos_da_conversa(cliente, servidor, rede)
    (ida,) = [passo for passo in passos if passo.tipo == "mensagem"]
    assert (ida.rotulo, ida.perdida) == ("alguém aí?", True)
    assert not [passo for passo in passos if passo.tipo == "resposta"]  # o servidor nem a viu
    assert ("cliente", "nota", "sem resposta: tempo esgotado") in resumo(passos)


def test_resposta_perdida_fica_na_hora_em_que_saiu_e_nao_quando_o_cliente_desistiu():
    servidor, cliente = ("127.0.0.1", 12000), ("127.0.0.1", 40000)
    do_cliente = [Evento(100.0, "enviou", servidor, "oi"),
                  Evento(100.5, "sem resposta", servidor, "tempo esgotado")]
    do_servidor = [Evento(100.0001, "recebeu", cliente, "oi"),
                   Evento(100.0002, "respondeu", cliente, "Resposta do servidor: oi")]
    passos = passos_da_conversa(do_cliente, do_servidor)
    assert [(passo.momento, passo.tipo, passo.perdida) for passo in passos] == [
        (100.0, "mensagem", False),
        (100.0002, "resposta", True),  # saiu do servidor aqui e se perdeu no caminho
        (100.5, "nota", False),  # o cliente desistiu depois do tempo limite
    ]


def test_aviso_de_uma_mensagem_escondida_fica_no_singular(servidor_udp):
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        for texto in ("um", "dois"):
            cliente.enviar(texto)
    notas = [p.rotulo for p in passos_da_conversa(cliente, servidor_udp, max_mensagens=1)
             if p.tipo == "nota"]
    assert notas == ["⋯ mais 1 mensagem não mostrada (max_mensagens=1)"]


def test_mensagem_que_a_rede_diz_ter_entregue_nao_e_desenhada_como_perdida():
    """O registro da rede manda: se ela entregou a mensagem, a ida não se perdeu,
    mesmo que a resposta que o cliente leu seja a de outra mensagem."""
    servidor, rede_, cliente = ("127.0.0.1", 12000), ("127.0.0.1", 13000), ("127.0.0.1", 4000)

    class Rede:
        destino = servidor
        registro = [Evento(10.0001, "recebeu", cliente, "cinco"),
                    Evento(10.0002, "entregou", cliente, "cinco")]

    do_cliente = [Evento(10.0, "enviou", rede_, "cinco"),
                  Evento(10.0003, "recebeu", rede_, "Resposta do servidor: quatro")]
    do_servidor = [Evento(9.0, "iniciou", servidor, "UDP escutando")]  # sem a chegada
    passos = passos_da_conversa(do_cliente, do_servidor, Rede())
    (ida,) = [passo for passo in passos if passo.tipo == "mensagem"]
    assert not ida.perdida and ida.desfecho == ""


def test_resposta_atrasada_descartada_pelo_cliente_vira_uma_nota():
    servidor = ("127.0.0.1", 12000)
    do_cliente = [Evento(1.0, "enviou", servidor, "um"),
                  Evento(1.1, "recebeu", servidor, "R: um"),
                  Evento(1.2, "descartou", servidor, "R: um"),
                  Evento(1.2, "enviou", servidor, "dois"),
                  Evento(1.3, "recebeu", servidor, "R: dois")]
    assert ("cliente", "nota", "resposta velha descartada: “R: um”") in \
        resumo(passos_da_conversa(do_cliente))


def test_resposta_que_a_rede_atrasou_alem_do_tempo_limite_chegou_tarde_demais():
    servidor, rede_, cliente = ("127.0.0.1", 12000), ("127.0.0.1", 13000), ("127.0.0.1", 4000)
    resposta = "Resposta do servidor: um"

    class Rede:
        destino = servidor
        registro = [Evento(1.0001, "recebeu", cliente, "um"),
                    Evento(1.0002, "entregou", cliente, "um"),
                    Evento(1.0004, "recebeu", servidor, resposta),
                    Evento(1.0004, "atrasou", servidor, resposta),
                    Evento(1.1604, "entregou", servidor, resposta)]

    do_cliente = [Evento(1.0, "enviou", rede_, "um"),
                  Evento(1.1, "sem resposta", rede_, "tempo esgotado")]
    do_servidor = [Evento(1.0003, "recebeu", rede_, "um"),
                   Evento(1.0003, "respondeu", rede_, resposta)]
    (volta,) = [p for p in passos_da_conversa(do_cliente, do_servidor, Rede())
                if p.tipo == "resposta"]
    assert (volta.rotulo, volta.perdida, volta.desfecho) == (resposta, True, "tarde demais")
