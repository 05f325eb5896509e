"""O diagrama de sequência de pacotes de verdade (listas de ``Pacote`` montadas à mão).

Como em test_figuras.py, os testes olham o que o aluno vê: os rótulos das
setas, a ordem delas de cima para baixo, o traço de cada uma e as horas.
"""

import pytest

from ecolab import ArgumentoInvalido, ClienteTCP
from ecolab.figuras import diagrama_de_sequencia
from ecolab.figuras_pacotes import COR, SO_CONFIRMA
from pacotes_a_mao import (
    PORTA_FECHADA,
    conversa_tcp,
    udp_para_porta_fechada,
    udp_pergunta_e_resposta,
)
from test_figuras import altura, rotulo, setas, textos

ROTULOS_DA_CONVERSA = [
    "[SYN] seq=0 len=0",
    "[SYN, ACK] seq=0 ack=1 len=0",
    "[ACK] seq=1 ack=1 len=0",
    "[PSH, ACK] seq=1 ack=1 len=16",
    "[ACK] seq=1 ack=17 len=0",
    "[PSH, ACK] seq=1 ack=17 len=38",
    "[ACK] seq=17 ack=39 len=0",
    "[FIN, ACK] seq=17 ack=39 len=0",
    "[FIN, ACK] seq=39 ack=18 len=0",
    "[ACK] seq=18 ack=40 len=0",
]


def seta_na_altura(figura, y):
    """A seta que começa na linha ``y`` do diagrama."""
    achadas = [s for s in setas(figura) if abs(s.xyann[1] - y) < 0.3]
    assert len(achadas) == 1, f"esperava uma seta na linha {y}, achei {len(achadas)}"
    return achadas[0]


def seta_do_rotulo(figura, texto):
    return seta_na_altura(figura, altura(figura, texto))


def indo_para_a_direita(seta):
    """Verdadeiro se a seta vai do cliente (à esquerda) para o servidor (à direita)."""
    return seta.xy[0] > seta.xyann[0]


def test_uma_seta_por_segmento_com_flags_e_numeros_relativos_na_ordem():
    figura = diagrama_de_sequencia(conversa_tcp())
    assert len(setas(figura)) == 10
    alturas = [altura(figura, texto) for texto in ROTULOS_DA_CONVERSA]
    assert alturas == sorted(alturas), "as setas devem seguir a ordem da captura"


def test_o_cliente_e_quem_mandou_o_syn_e_fica_a_esquerda():
    pacotes = conversa_tcp()
    figura = diagrama_de_sequencia(pacotes[1:] + pacotes[:1])  # o SYN no fim da lista
    escritos = textos(figura)
    assert "Cliente\n127.0.0.1:52344" in escritos
    assert "Servidor\n127.0.0.1:12001" in escritos
    syn = seta_do_rotulo(figura, "[SYN] seq=0 len=0")
    assert indo_para_a_direita(syn)


def test_respostas_do_servidor_vao_da_direita_para_a_esquerda():
    figura = diagrama_de_sequencia(conversa_tcp())
    assert not indo_para_a_direita(seta_do_rotulo(figura, "[SYN, ACK] seq=0 ack=1 len=0"))
    assert indo_para_a_direita(seta_do_rotulo(figura, "[PSH, ACK] seq=1 ack=1 len=16"))


def test_so_ack_tem_traco_tracejado_e_a_nota_so_confirma():
    figura = diagrama_de_sequencia(conversa_tcp())
    so_ack = seta_do_rotulo(figura, "[ACK] seq=1 ack=17 len=0")
    dados = seta_do_rotulo(figura, "[PSH, ACK] seq=1 ack=1 len=16")
    controle = seta_do_rotulo(figura, "[SYN] seq=0 len=0")
    assert so_ack.arrow_patch.get_linestyle() == "--"
    assert dados.arrow_patch.get_linestyle() == "-"
    assert controle.arrow_patch.get_linestyle() == "-"
    assert textos(figura).count(SO_CONFIRMA) == 4  # os quatro segmentos só-ACK


def test_a_legenda_explica_cada_traco_que_aparece():
    figura = diagrama_de_sequencia(conversa_tcp())
    legenda = [texto.get_text() for texto in figura.legends[0].get_texts()]
    assert legenda == ["dados do cliente", "dados do servidor", "controle: SYN, FIN, RST",
                       "só ACK: confirma, sem dados"]
    tracos = [linha.get_linestyle() for linha in figura.legends[0].get_lines()]
    assert tracos == ["-", "-", "-", "--"]


def test_a_legenda_tem_a_cor_dos_dados_de_cada_lado():
    figura = diagrama_de_sequencia(conversa_tcp())
    cores = [linha.get_color() for linha in figura.legends[0].get_lines()]
    assert cores[:2] == [COR[("dados", "cliente")], COR[("dados", "servidor")]]
    so_do_cliente = diagrama_de_sequencia(udp_para_porta_fechada())
    legenda = [texto.get_text() for texto in so_do_cliente.legends[0].get_texts()]
    assert legenda == ["dados do cliente", "ICMP: erro de volta ao remetente"]


def test_a_carga_aparece_embaixo_da_seta_com_a_quebra_de_linha_visivel():
    escritos = textos(diagrama_de_sequencia(conversa_tcp()))
    assert "“Olá, servidor!\\n”" in escritos
    assert "“Resposta do servidor: Olá, servidor!\\n”" in escritos


def test_dados_do_cliente_e_do_servidor_tem_cores_diferentes():
    figura = diagrama_de_sequencia(conversa_tcp())
    assert rotulo(figura, "[PSH, ACK] seq=1 ack=1 len=16").get_color() == COR[("dados", "cliente")]
    assert rotulo(figura, "[PSH, ACK] seq=1 ack=17 len=38").get_color() == COR[("dados", "servidor")]


def test_a_pausa_longa_antes_do_fim_aparece_como_quebra():
    figura = diagrama_de_sequencia(conversa_tcp())
    assert "⋯ 699\u00a0ms depois ⋯" in textos(figura)
    quebra = altura(figura, "⋯ 699\u00a0ms depois ⋯")
    assert altura(figura, "[ACK] seq=17 ack=39 len=0") < quebra
    assert quebra < altura(figura, "[FIN, ACK] seq=17 ack=39 len=0")


def test_a_hora_de_cada_pacote_em_milissegundos_desde_o_inicio_da_captura():
    escritos = textos(diagrama_de_sequencia(conversa_tcp()))
    for hora in ("0,000\u00a0ms", "0,021\u00a0ms", "0,300\u00a0ms", "700,000\u00a0ms"):
        assert hora in escritos


def test_sem_syn_na_lista_os_dados_comecam_no_byte_1():
    meio = conversa_tcp()[3:7]  # a captura começou com a conexão aberta
    escritos = textos(diagrama_de_sequencia(meio))
    assert "[PSH, ACK] seq=1 ack=1 len=16" in escritos
    assert "[ACK] seq=1 ack=17 len=0" in escritos


def test_datagramas_udp_com_tamanho_da_carga_sem_flags_nem_numeros():
    figura = diagrama_de_sequencia(udp_pergunta_e_resposta())
    escritos = textos(figura)
    assert "UDP len=2" in escritos and "UDP len=24" in escritos
    assert not any("seq=" in texto for texto in escritos)
    assert figura.texts[0].get_text().startswith("UDP:")


def test_icmp_porta_inalcancavel_volta_ao_remetente_com_traco_proprio():
    figura = diagrama_de_sequencia(udp_para_porta_fechada())
    icmp = seta_do_rotulo(figura, "ICMP porta inalcançável")
    assert not indo_para_a_direita(icmp), "o ICMP volta de quem recebeu para quem enviou"
    assert icmp.arrow_patch.get_linestyle() == "-."
    assert rotulo(figura, "ICMP porta inalcançável").get_color() == COR["icmp"]
    assert f"sobre o datagrama enviado à porta {PORTA_FECHADA[1]}" in textos(figura)
    assert f"Servidor\n127.0.0.1:{PORTA_FECHADA[1]}" in textos(figura)


def test_pacotes_de_outra_conversa_ficam_de_fora_com_aviso():
    estranho = udp_pergunta_e_resposta()[0]
    figura = diagrama_de_sequencia(conversa_tcp() + [estranho])
    assert len(setas(figura)) == 10
    assert "1 pacote de outra conversa ficou de fora" in textos(figura)


def test_max_pacotes_mostra_so_os_primeiros_e_diz_quantos_faltam():
    figura = diagrama_de_sequencia(conversa_tcp(), max_pacotes=3)
    assert len(setas(figura)) == 3
    assert any(texto.startswith("… e mais 7 pacotes") for texto in textos(figura))


def test_a_figura_cresce_com_o_numero_de_pacotes():
    curta = diagrama_de_sequencia(conversa_tcp()[:3])
    longa = diagrama_de_sequencia(conversa_tcp())
    assert curta.get_figwidth() == longa.get_figwidth()
    assert longa.get_figheight() > curta.get_figheight()


def test_uma_captura_com_pacotes_pode_ser_passada_inteira():
    class Captura:
        pacotes = conversa_tcp()

    assert "[SYN] seq=0 len=0" in textos(diagrama_de_sequencia(Captura()))


def test_lista_vazia_diz_que_nao_ha_pacotes():
    assert "Nenhum pacote desta conversa na lista." in textos(diagrama_de_sequencia([]))


def test_pacotes_com_servidor_junto_e_recusado_com_explicacao(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("oi")
    with pytest.raises(ArgumentoInvalido, match="passe só a lista"):
        diagrama_de_sequencia(conversa_tcp(), servidor_tcp)


def test_diagrama_de_pacotes_vira_png():
    assert diagrama_de_sequencia(conversa_tcp())._repr_png_().startswith(b"\x89PNG")
