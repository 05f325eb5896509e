"""A conversa remontada a partir dos registros, como lista de passos (sem desenho).

Os testes olham o que se leria ao imprimir a conversa: de que lado sai cada
passo, de que tipo ele é, o texto e se ele se perdeu.
"""

import pytest

from ecolab import ClienteTCP, ClienteUDP, RedeInstavel, ServidorUDP, TempoEsgotado
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
