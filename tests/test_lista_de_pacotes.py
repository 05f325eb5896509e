"""A lista de pacotes (``tabela_de_pacotes``) e a leitura por trás dela (números relativos).

Os pacotes são montados à mão (tests/pacotes_a_mao.py), com números de
sequência absolutos como os de uma captura; os testes conferem o que o aluno
leria na tabela, em texto e em HTML.
"""

from dataclasses import replace

import pytest

from ecolab import ArgumentoInvalido, tabela_de_pacotes
from ecolab.captura import Pacote
from ecolab.leitura_de_pacotes import ler_pacotes, previa_da_carga
from pacotes_a_mao import (
    CLIENTE,
    ISN_CLIENTE,
    MENSAGEM,
    SERVIDOR,
    conversa_tcp,
    udp_para_porta_fechada,
)


def coluna(tabela, nome):
    return [linha[nome] for linha in tabela.linhas]


# ----- a leitura: quem é quem e os números relativos ---------------------------


def test_o_cliente_e_quem_mandou_o_syn_mesmo_fora_de_ordem():
    pacotes = conversa_tcp()
    leitura = ler_pacotes(pacotes[1:] + pacotes[:1])
    assert (leitura.cliente, leitura.servidor) == (CLIENTE, SERVIDOR)


def test_syn_tem_seq_zero_e_os_dados_comecam_no_byte_1_mesmo_dando_a_volta_nos_32_bits():
    linhas = ler_pacotes(conversa_tcp()).linhas
    assert conversa_tcp()[6].seq < ISN_CLIENTE  # o número absoluto deu a volta...
    assert linhas[6].seq == 17  # ...e o relativo continua contando
    assert (linhas[0].seq, linhas[0].ack) == (0, None)  # o SYN não confirma nada
    assert (linhas[3].seq, linhas[3].ack) == (1, 1)
    assert linhas[4].ack == 1 + len(MENSAGEM)  # o servidor confirma os 16 bytes


def test_o_fin_conta_como_um_byte_na_sequencia():
    linhas = ler_pacotes(conversa_tcp()).linhas
    fin_do_cliente, fin_do_servidor, ultimo_ack = linhas[7], linhas[8], linhas[9]
    assert fin_do_servidor.ack == fin_do_cliente.seq + 1
    assert ultimo_ack.ack == fin_do_servidor.seq + 1


def test_icmp_pertence_a_conversa_do_datagrama_que_ele_cita():
    leitura = ler_pacotes(udp_para_porta_fechada())
    assert [linha.sentido for linha in leitura.linhas] == [
        "cliente → servidor", "sistema do servidor → cliente"]
    assert leitura.de_fora == 0


def test_previa_da_carga_mostra_quebras_de_linha_e_encurta():
    assert previa_da_carga(b"oi\r\n") == "“oi\\r\\n”"
    assert previa_da_carga(b"") == ""
    assert previa_da_carga(b"x" * 50, limite=10) == "“xxxxxxxxx…”"
    assert previa_da_carga(b"\xff") == "“\ufffd”"


def test_o_que_nao_e_lista_de_pacotes_e_recusado_com_explicacao():
    with pytest.raises(ArgumentoInvalido, match="lista de pacotes"):
        tabela_de_pacotes(["SYN", "ACK"])


# ----- a tabela ----------------------------------------------------------------------


def test_uma_linha_por_pacote_com_as_colunas_do_wireshark():
    tabela = tabela_de_pacotes(conversa_tcp())
    assert len(tabela) == 10
    assert coluna(tabela, "nº") == [str(n) for n in range(1, 11)]
    assert coluna(tabela, "flags")[:4] == ["[SYN]", "[SYN, ACK]", "[ACK]", "[PSH, ACK]"]
    assert coluna(tabela, "seq") == ["0", "0", "1", "1", "1", "1", "17", "17", "39", "18"]
    assert coluna(tabela, "ack") == ["", "1", "1", "1", "17", "17", "39", "39", "18", "40"]
    assert coluna(tabela, "len")[3] == "16"
    assert coluna(tabela, "sentido")[:2] == ["cliente → servidor", "servidor → cliente"]


def test_numeros_seguem_a_regra_do_curso():
    tabela = tabela_de_pacotes(conversa_tcp())
    assert coluna(tabela, "janela")[0] == "65.495"  # quantidade: ponto nos milhares
    assert coluna(tabela, "tempo (ms)")[1] == "0,021"  # vírgula decimal
    assert coluna(tabela, "tempo (ms)")[-1] == "700,120"
    assert coluna(tabela, "tamanho")[3] == "68"


def test_so_ack_diz_na_carga_que_so_confirma():
    carga = coluna(tabela_de_pacotes(conversa_tcp()), "carga")
    assert carga[2] == "(só confirma)" and carga[4] == "(só confirma)"
    assert carga[0] == ""  # o SYN não tem dados, mas não é só-ACK
    assert carga[3] == "“Olá, servidor!\\n”"


def test_icmp_e_udp_na_tabela():
    tabela = tabela_de_pacotes(udp_para_porta_fechada())
    assert coluna(tabela, "protocolo") == ["UDP", "ICMP"]
    assert coluna(tabela, "flags") == ["", "porta inalcançável"]
    assert coluna(tabela, "seq") == ["", ""] and coluna(tabela, "janela") == ["", ""]
    assert coluna(tabela, "len") == ["11", ""]


def test_colunas_vazias_em_todas_as_linhas_nao_aparecem():
    tabela = tabela_de_pacotes(udp_para_porta_fechada())
    assert tabela.colunas == ["nº", "tempo (ms)", "sentido", "protocolo", "flags", "len",
                              "tamanho", "carga"]
    cabecalho = str(tabela).splitlines()[0].split()
    assert "seq" not in cabecalho and "janela" not in cabecalho
    assert "<th" in tabela._repr_html_() and ">seq<" not in tabela._repr_html_()


def test_texto_tem_cabecalho_e_colunas_alinhadas():
    linhas = str(tabela_de_pacotes(conversa_tcp())).splitlines()
    assert linhas[0].split() == ["nº", "tempo", "(ms)", "sentido", "protocolo", "flags", "seq",
                                 "ack", "janela", "len", "tamanho", "carga"]
    fim_do_seq = linhas[0].index("seq") + len("seq")
    assert all(linha[fim_do_seq - 1] != " " for linha in linhas[1:]), "seq alinhado à direita"
    assert "[PSH, ACK]" in linhas[4] and "“Olá, servidor!\\n”" in linhas[4]


def test_html_tem_uma_linha_por_pacote_e_escapa_a_carga():
    conversa = conversa_tcp()
    estranho = Pacote(0.0009, "TCP", CLIENTE, SERVIDOR, "PSH,ACK", conversa[6].seq,
                      conversa[6].ack, 65483, b"<b>&</b>", 60)
    codigo = tabela_de_pacotes(conversa[:7] + [estranho])._repr_html_()
    assert codigo.count("<tr>") == 1 + 8  # o cabeçalho e os pacotes
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in codigo and "<b>&</b>" not in codigo
    assert codigo == tabela_de_pacotes(conversa[:7] + [estranho])._repr_html_()


def test_max_pacotes_e_outras_conversas_viram_notas():
    outra = Pacote(0.1, "UDP", ("127.0.0.1", 1), ("127.0.0.1", 2), dados=b"x", tamanho=29)
    tabela = tabela_de_pacotes(conversa_tcp() + [outra], max_pacotes=4)
    assert len(tabela) == 4
    texto = str(tabela)
    assert "… e mais 6 pacotes" in texto
    assert "1 pacote de outra conversa ficou de fora." in texto


def test_lista_vazia():
    assert str(tabela_de_pacotes([])) == "Nenhum pacote na lista."


# ----- a janela com o fator de escala --------------------------------------------


def conversa_com_escala(escala_do_cliente=10, escala_do_servidor=10):
    """A conversa de pacotes_a_mao como o Linux a mostra: 64 no cabeçalho depois dos SYN."""
    pacotes = conversa_tcp()
    escalas = {0: escala_do_cliente, 1: escala_do_servidor}
    return [replace(p, escala=escalas[i]) if i in escalas else replace(p, janela=64)
            for i, p in enumerate(pacotes)]


def test_janela_multiplicada_pelo_fator_que_cada_lado_anunciou_no_syn():
    tabela = tabela_de_pacotes(conversa_com_escala(10, 7))
    janelas = coluna(tabela, "janela")
    assert janelas[:2] == ["65.495", "65.483"]  # a dos SYN nunca é multiplicada
    assert janelas[2] == "65.536"  # do cliente: 64 × 2¹⁰
    assert janelas[4] == "8.192"  # do servidor: 64 × 2⁷
    assert tabela.titulo("janela") == "janela"
    assert any("cliente: 1.024; servidor: 128" in nota for nota in tabela.notas)


def test_sem_a_escala_dos_dois_lados_a_janela_nao_e_multiplicada():
    tabela = tabela_de_pacotes(conversa_com_escala(10, None))
    assert coluna(tabela, "janela")[2:4] == ["64", "64"]
    assert tabela.titulo("janela") == "janela"
    assert not any("multiplicada" in nota for nota in tabela.notas)


def test_sem_os_syn_o_titulo_diz_que_a_janela_e_a_do_cabecalho():
    tabela = tabela_de_pacotes(conversa_com_escala()[3:])
    assert coluna(tabela, "janela")[0] == "64"
    assert str(tabela).splitlines()[0].split()[8:10] == ["janela", "(cabeçalho)"]
    assert ">janela (cabeçalho)<" in tabela._repr_html_()


def test_icmp_vem_do_sistema_e_a_coluna_diz_flags_ou_icmp():
    tabela = tabela_de_pacotes(udp_para_porta_fechada())
    assert coluna(tabela, "sentido")[1] == "sistema do servidor → cliente"
    assert "flags / ICMP" in str(tabela).splitlines()[0]
    assert tabela_de_pacotes(conversa_tcp()).titulo("flags") == "flags"


def test_pacote_feito_a_mao_sem_escala_continua_valendo():
    pacote = Pacote(0.0, "TCP", CLIENTE, SERVIDOR, "SYN", 1, 0, 65495, b"", 60)
    assert pacote.escala is None
