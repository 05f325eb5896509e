"""As figuras do curso: o diagrama de sequência e o gráfico dos tempos de ida e volta.

Os testes olham o que o aluno vê na figura: os textos escritos nela (rótulos das
setas, notas, títulos, nomes dos eixos e legendas) e a ordem das setas de cima
para baixo.
"""

import re
import socket
import subprocess
import sys
import warnings

import pytest

from ecolab import (
    ClienteTCP,
    ClienteUDP,
    Evento,
    Medidas,
    RedeInstavel,
    Registro,
    ServidorUDP,
    TempoEsgotado,
)
from ecolab.figuras import COR, POSICAO, diagrama_de_sequencia, grafico_latencias

PNG = b"\x89PNG\r\n\x1a\n"


def textos(figura):
    """Todos os textos da figura, na ordem em que foram desenhados."""
    dos_eixos = [texto for eixos in figura.axes for texto in eixos.texts]
    return [texto.get_text() for texto in figura.texts + dos_eixos]


def rotulo(figura, procurado):
    """O objeto Text cujo texto é exatamente ``procurado``."""
    achados = [t for eixos in figura.axes for t in eixos.texts if t.get_text() == procurado]
    assert len(achados) == 1, f"esperava um rótulo {procurado!r}, achei {len(achados)}"
    return achados[0]


def altura(figura, procurado):
    """A linha do diagrama onde o rótulo está (o tempo corre para baixo)."""
    return rotulo(figura, procurado).get_position()[1]


def setas(figura):
    return [t for eixos in figura.axes for t in eixos.texts if hasattr(t, "arrow_patch")]


def legenda(eixos):
    return [texto.get_text() for texto in eixos.get_legend().get_texts()]


def cliente_udp_sem_resposta(mensagem):
    """Um cliente UDP que falou com uma porta onde ninguém responde."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mudo:
        mudo.bind(("127.0.0.1", 0))  # recebe os datagramas e nunca responde
        with ClienteUDP(porta=mudo.getsockname()[1], timeout=0.05) as cliente:
            with pytest.raises(TempoEsgotado):
                cliente.enviar(mensagem)
    return cliente


def conversa_udp_escrita_a_mao():
    """Registros de uma conversa UDP: "um" vai e volta, "dois" se perde na ida,
    e a resposta de "três" se perde na volta."""
    cliente, servidor = Registro(), Registro()
    do_cliente, do_servidor = ("127.0.0.1", 40000), ("127.0.0.1", 12000)
    servidor.anotar("iniciou", do_servidor, "UDP escutando")
    cliente.anotar("enviou", do_servidor, "um")
    servidor.anotar("recebeu", do_cliente, "um")
    servidor.anotar("respondeu", do_cliente, "Resposta do servidor: um")
    cliente.anotar("recebeu", do_servidor, "Resposta do servidor: um")
    cliente.anotar("enviou", do_servidor, "dois")
    cliente.anotar("sem resposta", do_servidor, "tempo esgotado")
    cliente.anotar("enviou", do_servidor, "três")
    servidor.anotar("recebeu", do_cliente, "três")
    servidor.anotar("respondeu", do_cliente, "Resposta do servidor: três")
    cliente.anotar("sem resposta", do_servidor, "tempo esgotado")
    return cliente, servidor


# ----- diagrama de sequência: TCP ------------------------------------------


def test_diagrama_tcp_mostra_conexao_mensagens_respostas_e_fin_em_ordem(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("Olá, servidor!")
        cliente.enviar("segunda")
    figura = diagrama_de_sequencia(cliente, servidor_tcp)

    ordem = ["conexão", "“Olá, servidor!”", "“Resposta do servidor: Olá, servidor!”",
             "“segunda”", "“Resposta do servidor: segunda”", "FIN"]
    alturas = [altura(figura, texto) for texto in ordem]
    assert alturas == sorted(alturas), "as setas devem seguir a ordem da conversa"
    assert len(setas(figura)) == len(ordem)
    assert any("SYN, SYN-ACK, ACK" in texto for texto in textos(figura))
    assert "perdido" not in textos(figura)


def test_diagrama_tcp_mostra_os_enderecos_do_cliente_e_do_servidor(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("oi")
    escritos = textos(diagrama_de_sequencia(cliente, servidor_tcp))
    assert f"Servidor\n127.0.0.1:{servidor_tcp.porta}" in escritos
    assert any(texto.startswith("Cliente\n127.0.0.1:") for texto in escritos)


def test_diagrama_tcp_detalhado_mostra_cada_segmento_do_aperto_de_mao(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("oi")
    figura = diagrama_de_sequencia(cliente, servidor_tcp, detalhar_tcp=True)
    escritos = textos(figura)
    assert escritos.count("SYN") == 1 and escritos.count("SYN-ACK") == 1
    assert escritos.count("FIN") == 2  # o cliente fecha, o servidor fecha o seu lado
    assert altura(figura, "SYN") < altura(figura, "SYN-ACK") < altura(figura, "“oi”")


def test_servidor_que_fecha_a_conexao_aparece_com_o_motivo(servidor_tcp):
    cliente = ClienteTCP(porta=servidor_tcp.porta)
    cliente.enviar("oi")
    servidor_tcp.parar()  # o servidor fecha primeiro; o cliente fica sem saber
    figura = diagrama_de_sequencia(cliente, servidor_tcp)
    cliente.fechar()
    assert textos(figura).count("FIN") == 1
    assert "o servidor foi parado" in textos(figura)


def test_setas_da_conexao_tcp_sao_esquematicas_sem_hora_e_com_legenda(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        cliente.enviar("oi")
    figura = diagrama_de_sequencia(cliente, servidor_tcp, detalhar_tcp=True)
    escritos = textos(figura)
    assert any("esquemático: não medido" in texto for texto in escritos)
    for controle in ("SYN", "SYN-ACK"):
        assert rotulo(figura, controle).get_color() == COR["esquematico"]
    assert rotulo(figura, "“oi”").get_color() == COR["mensagem"]
    horas = [texto for texto in escritos if texto.endswith("\u00a0ms")]
    # só a mensagem e a resposta, medidas, têm hora; SYN, SYN-ACK, ACK e FIN não
    assert len(horas) == 2, horas


def test_diagrama_udp_nao_tem_legenda_esquematica(servidor_udp):
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        cliente.enviar("oi")
    escritos = textos(diagrama_de_sequencia(cliente, servidor_udp))
    assert not any("esquemático" in texto for texto in escritos)


# ----- diagrama de sequência: UDP e perdas -----------------------------------


def test_datagrama_para_servidor_parado_e_descartado_no_destino_e_nao_perdido():
    servidor = ServidorUDP().iniciar()
    with ClienteUDP(porta=servidor.porta, timeout=0.1) as cliente:
        cliente.enviar("um")
        servidor.parar()
        with pytest.raises(TempoEsgotado):
            cliente.enviar("ainda aí?")
    figura = diagrama_de_sequencia(cliente, servidor)
    escritos = textos(figura)
    assert "perdido" not in escritos
    assert "descartado no destino\n(porta fechada)" in escritos
    assert rotulo(figura, "✗").get_position()[0] == POSICAO["servidor"]  # chegou ao destino


def test_so_com_o_registro_do_cliente_o_datagrama_sem_resposta_nao_e_dado_como_perdido():
    cliente = cliente_udp_sem_resposta("alguém aí?")
    figura = diagrama_de_sequencia(cliente)
    escritos = textos(figura)
    assert "perdido" not in escritos  # o cliente não tem como saber se a rede o perdeu
    assert "sem resposta" in escritos and "✗" in escritos
    assert rotulo(figura, "“alguém aí?”").get_color() == COR["perdida"]
    meio_do_caminho = rotulo(figura, "✗").get_position()[0]
    assert POSICAO["cliente"] < meio_do_caminho < POSICAO["servidor"]
    assert any(texto.startswith("sem resposta") for texto in escritos)
    assert figura.texts[0].get_text().startswith("UDP")


def test_com_o_registro_do_servidor_o_diagrama_sabe_se_perdeu_a_ida_ou_a_volta():
    cliente, servidor = conversa_udp_escrita_a_mao()
    figura = diagrama_de_sequencia(cliente, servidor)

    def perdida(texto):
        return rotulo(figura, texto).get_color() == COR["perdida"]

    assert not perdida("“um”") and not perdida("“Resposta do servidor: um”")
    assert perdida("“dois”")  # o servidor nunca recebeu
    assert not perdida("“três”") and perdida("“Resposta do servidor: três”")
    assert textos(figura).count("perdido") == 2
    assert "Servidor\n127.0.0.1:12000" in textos(figura)  # do evento "iniciou"


def test_rede_instavel_que_perde_as_respostas_aparece_no_meio_do_caminho():
    with ServidorUDP() as servidor, RedeInstavel(
        servidor.endereco, perda=1.0, sentido="volta", semente=1
    ) as rede:
        with ClienteUDP(porta=rede.porta, timeout=0.2) as cliente:
            with pytest.raises(TempoEsgotado):
                cliente.enviar("vai chegar?")
        figura = diagrama_de_sequencia(cliente, servidor, rede)
    escritos = textos(figura)
    assert any(texto.startswith("Rede instável") for texto in escritos)
    assert rotulo(figura, "“vai chegar?”").get_color() != COR["perdida"]
    assert rotulo(figura, "“Resposta do servidor: vai chegar?”").get_color() == COR["perdida"]
    assert "perdido" in escritos


def test_rede_que_duplica_a_ida_desenha_a_copia():
    cliente, rede = Registro(), Registro()
    cliente.anotar("enviou", None, "oi")
    rede.anotar("duplicou", None, "oi")
    rede.anotar("atrasou", None, "Resposta: oi")
    cliente.anotar("recebeu", None, "Resposta: oi")
    escritos = textos(diagrama_de_sequencia(cliente, rede=rede))
    assert escritos.count("“oi”") == 2
    assert "cópia feita pela rede" in escritos
    assert "atrasado pela rede" in escritos


# ----- diagrama de sequência: o tempo que passa entre as linhas ---------------


def conversa_udp_como_a_da_licao_02():
    """Duas mensagens respondidas em menos de 1 ms; a terceira espera 515 ms e desiste."""
    servidor, cliente = ("127.0.0.1", 12000), ("127.0.0.1", 40000)
    do_cliente = [
        Evento(100.0000, "enviou", servidor, "Olá, servidor!"),
        Evento(100.0002, "recebeu", servidor, "Resposta do servidor: Olá, servidor!"),
        Evento(100.0003, "enviou", servidor, "Tudo bem?"),
        Evento(100.0004, "recebeu", servidor, "Resposta do servidor: Tudo bem?"),
        Evento(100.0005, "enviou", servidor, "Ainda está aí?"),
        Evento(100.5155, "sem resposta", servidor, "tempo esgotado"),
    ]
    do_servidor = [
        Evento(100.0001, "recebeu", cliente, "Olá, servidor!"),
        Evento(100.0001, "respondeu", cliente, "Resposta do servidor: Olá, servidor!"),
        Evento(100.0003, "recebeu", cliente, "Tudo bem?"),
        Evento(100.0003, "respondeu", cliente, "Resposta do servidor: Tudo bem?"),
    ]
    return do_cliente, do_servidor


def test_espera_longa_aparece_como_quebra_que_diz_quanto_tempo_passou():
    figura = diagrama_de_sequencia(*conversa_udp_como_a_da_licao_02())
    quebra = "⋯ 515\u00a0ms depois ⋯"
    assert textos(figura).count(quebra) == 1
    assert altura(figura, "“Ainda está aí?”") < altura(figura, quebra)
    assert altura(figura, quebra) < altura(figura, "sem resposta: tempo esgotado")
    assert "515,500\u00a0ms" in textos(figura)  # e a coluna do tempo continua exata


def test_linhas_proximas_no_tempo_nao_ganham_quebra():
    cliente = [Evento(100 + 0.02 * i, "enviou", None, f"m{i}") for i in range(5)]
    assert not [texto for texto in textos(diagrama_de_sequencia(cliente)) if "depois" in texto]


def altura_do_png(figura):
    png = figura._repr_png_()
    return int.from_bytes(png[20:24], "big")  # o cabeçalho IHDR: largura, depois altura


def test_diagrama_curto_nao_deixa_uma_faixa_vazia_embaixo():
    curto = diagrama_de_sequencia([Evento(100.0, "enviou", None, "oi")])
    com_dez_linhas = diagrama_de_sequencia(
        [Evento(100 + 0.001 * i, "enviou", None, f"m{i}") for i in range(10)],
        max_mensagens=None)
    assert altura_do_png(curto) < 0.5 * altura_do_png(com_dez_linhas)


# ----- diagrama de sequência: tamanho e casos de borda -----------------------


def test_conversa_longa_mostra_so_as_primeiras_mensagens(servidor_tcp):
    with ClienteTCP(porta=servidor_tcp.porta) as cliente:
        for numero in range(1, 31):
            cliente.enviar(f"mensagem {numero}")
    escritos = textos(diagrama_de_sequencia(cliente, servidor_tcp, max_mensagens=4))
    assert [f"“mensagem {n}”" in escritos for n in (1, 4, 5, 30)] == [True, True, False, False]
    assert any("mais 26 mensagens" in texto for texto in escritos)
    assert "FIN" in escritos  # o fim da conversa continua aparecendo


def test_diagrama_tem_sempre_o_mesmo_tamanho_nominal(servidor_udp):
    # O texto da figura (que o nbval compara) não muda; a imagem corta o que sobra.
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        curto = diagrama_de_sequencia(cliente, servidor_udp)
        for numero in range(15):
            cliente.enviar(str(numero))
        longo = diagrama_de_sequencia(cliente, servidor_udp, max_mensagens=None)
    assert repr(curto) == repr(longo) == "<Figura size 900x650 with 1 Axes>"


def test_mensagem_comprida_e_encurtada_com_reticencias():
    cliente = Registro()
    cliente.anotar("enviou", None, "a" * 200)
    escritos = textos(diagrama_de_sequencia(cliente))
    assert "“" + "a" * 43 + "…”" in escritos


def test_registro_vazio_diz_o_que_fazer():
    escritos = textos(diagrama_de_sequencia(Registro()))
    assert any(texto.startswith("Nenhum evento no registro do cliente") for texto in escritos)


def test_diagrama_recusa_o_que_nao_tem_registro():
    with pytest.raises(TypeError, match="passe o objeto do ecolab"):
        diagrama_de_sequencia("cliente")


def test_diagrama_recusa_max_mensagens_zero():
    with pytest.raises(ValueError, match="max_mensagens"):
        diagrama_de_sequencia(Registro(), max_mensagens=0)


def test_registro_do_servidor_limpo_nao_faz_tudo_parecer_perdido(servidor_udp):
    with ClienteUDP(porta=servidor_udp.porta) as cliente:
        cliente.enviar("oi")
    servidor_udp.registro.limpar()
    assert "perdido" not in textos(diagrama_de_sequencia(cliente, servidor_udp))


# ----- gráfico dos tempos de ida e volta -------------------------------------


def test_grafico_de_latencias_tem_eixos_em_portugues_e_uma_serie_por_protocolo():
    figura = grafico_latencias({"TCP": [0.001, 0.002, 0.003], "UDP": [0.0005, 0.001, 0.004]})
    histograma, por_mensagem = figura.axes
    assert histograma.get_xlabel() == "tempo de ida e volta (ms)"
    assert histograma.get_ylabel() == "quantidade de mensagens"
    assert por_mensagem.get_xlabel() == "número da mensagem"
    assert por_mensagem.get_ylabel() == "tempo de ida e volta (ms)"
    assert [linha.get_label() for linha in por_mensagem.get_lines()] == ["TCP", "UDP"]
    assert "TCP: mediana 2,000\u00a0ms" in legenda(histograma)  # espaço que não quebra
    assert "UDP: mediana 1,000\u00a0ms" in legenda(histograma)


def test_a_linha_da_mediana_fica_na_mediana_em_milissegundos():
    figura = grafico_latencias({"TCP": [0.001, 0.002, 0.010]}, por_mensagem=False)
    (eixos,) = figura.axes
    (mediana,) = [linha for linha in eixos.get_lines() if "mediana" in linha.get_label()]
    assert mediana.get_xdata()[0] == pytest.approx(2.0)


def test_grafico_marca_as_mensagens_perdidas_e_a_primeira_com_conexao():
    tempos = Medidas([0.004, 0.001, 0.001], numeros=[1, 2, 4], perdidas_em=[3],
                     protocolo="TCP", inclui_conexao=True)
    figura = grafico_latencias(tempos)
    por_mensagem = figura.axes[1]
    assert "TCP: 1 perdida" in legenda(por_mensagem)
    assert any("inclui abrir a conexão" in texto for texto in textos(figura))


def test_serie_sem_nenhuma_resposta_aparece_na_legenda():
    figura = grafico_latencias({"UDP": [float("nan")] * 3})
    assert "UDP: nenhuma resposta" in legenda(figura.axes[0])
    assert "UDP: 3 perdidas" in legenda(figura.axes[1])


def medidas_como_as_da_licao_05():
    """14 respostas entre 20,3 e 20,8 ms e 6 perdidas: poucas mensagens em cada faixa."""
    tempos = [0.0203 + 0.000037 * i for i in range(14)]
    respondidas = [1, 2, 3, 5, 6, 8, 9, 10, 12, 13, 15, 17, 18, 20]
    return Medidas(tempos, numeros=respondidas, perdidas_em=[4, 7, 11, 14, 16, 19],
                   protocolo="UDP")


def marcas(eixo):
    """Os textos das marcas que aparecem num eixo já desenhado (as de dentro da faixa)."""
    if not eixo.axes.axison:
        return []
    inicio, fim = sorted(eixo.get_view_interval())
    return [marca.label1.get_text() for marca in eixo.get_major_ticks()
            if inicio <= marca.get_loc() <= fim and marca.label1.get_text()]


def test_eixo_de_contagem_do_histograma_so_tem_numeros_inteiros():
    figura = grafico_latencias(medidas_como_as_da_licao_05())
    figura.draw_without_rendering()
    contagens = marcas(figura.axes[0].yaxis)
    assert len(contagens) >= 2
    assert all(re.fullmatch(r"\d+", texto) for texto in contagens), contagens


def test_nenhum_numero_das_figuras_usa_ponto_decimal():
    figuras = [grafico_latencias(medidas_como_as_da_licao_05()),
               grafico_latencias({"TCP": [0.0001, 0.0002, 0.05], "UDP": [0.0003, None]}),
               diagrama_de_sequencia(*conversa_udp_escrita_a_mao())]
    escritos = []
    for figura in figuras:
        figura.draw_without_rendering()
        escritos += textos(figura)
        for eixos in figura.axes:
            escritos += marcas(eixos.xaxis) + marcas(eixos.yaxis)
            if eixos.get_legend():
                escritos += legenda(eixos)
    escritos = [re.sub(r"127\.0\.0\.1:\d+", "", texto) for texto in escritos]  # endereços
    assert any("," in texto for texto in escritos)  # há decimais, e todos com vírgula
    # Nenhum valor passa de 1000, então um ponto entre algarismos seria decimal.
    assert not [texto for texto in escritos if re.search(r"\d\.\d", texto)]
    assert not [texto for texto in escritos if re.search(r"\d ms", texto)]  # espaço comum


def test_os_x_das_perdidas_ficam_acima_da_linha_dos_tempos():
    por_mensagem = grafico_latencias(medidas_como_as_da_licao_05()).axes[1]
    mais_lenta = max(medidas_como_as_da_licao_05()) * 1000
    # Os ✗ ficam a 97% da altura; a linha dos tempos, abaixo de 90%.
    assert mais_lenta < 0.9 * por_mensagem.get_ylim()[1]


def test_grafico_tem_tamanho_fixo():
    poucos = grafico_latencias({"TCP": [0.001]})
    muitos = grafico_latencias({"TCP": [0.001] * 500, "UDP": [0.002] * 500})
    assert repr(poucos) == repr(muitos) == "<Figura size 1100x420 with 2 Axes>"


# ----- as figuras fora do Python: PNG e Jupyter ------------------------------


def test_figuras_viram_png_sem_avisos(tmp_path):
    cliente, servidor = conversa_udp_escrita_a_mao()
    figuras = {
        "diagrama.png": diagrama_de_sequencia(cliente, servidor),  # tem ✗, ç e ã
        "latencias.png": grafico_latencias({"TCP": [0.001, 0.002], "UDP": [0.001, None]}),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # um caractere sem desenho na fonte seria um aviso
        for nome, figura in figuras.items():
            figura.savefig(tmp_path / nome)
    for nome in figuras:
        assert (tmp_path / nome).read_bytes().startswith(PNG)


def test_figura_se_mostra_no_jupyter_como_imagem():
    figura = diagrama_de_sequencia(cliente_udp_sem_resposta("oi"))
    assert figura._repr_png_().startswith(PNG)


def modulos_carregados_depois_de(importacao):
    """Quais destes módulos um Python novo carregou depois de ``importacao``."""
    codigo = (f"import sys; {importacao}; "
              "print([m for m in ('matplotlib', 'matplotlib.pyplot') if m in sys.modules])")
    saida = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True,
                           timeout=60, check=True).stdout
    return saida.strip()


def test_importar_as_figuras_nao_usa_o_pyplot():
    """Sem pyplot, a figura só aparece quando é o valor da célula (uma vez)."""
    assert modulos_carregados_depois_de("import ecolab.figuras") == "['matplotlib']"


def test_importar_o_ecolab_so_carrega_o_matplotlib_quando_uma_figura_e_pedida():
    """Os scripts de linha de comando não esperam o matplotlib carregar (cerca de 1 s)."""
    assert modulos_carregados_depois_de("import ecolab") == "[]"
    assert modulos_carregados_depois_de("import ecolab; ecolab.grafico_latencias") == (
        "['matplotlib']"
    )
