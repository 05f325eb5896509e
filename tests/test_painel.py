"""O painel de conversa (ipywidgets), testado sem navegador.

No navegador, a caixa de texto (com ``continuous_update=False``) só manda o
texto ao Python quando o aluno tecla Enter ou quando a caixa perde o foco, e as
duas coisas chegam como a mesma mensagem: "o valor agora é X" (e nada, se o
valor não mudou). O Enter manda antes o aviso ``{"event": "submit"}``. Os
testes fazem o papel do navegador com ``entrada._handle_custom_msg(...)`` (o
aviso) e ``entrada.set_state({"value": X})`` (o texto); o clique no botão é
``botao.click()``.
"""

import re
import socket
import warnings

import ipywidgets as widgets
import nbformat
import pytest
from nbclient import NotebookClient

from ecolab import PainelCliente, ServidorTCP, ServidorUDP, conversar

from conftest import threads_do_ecolab


@pytest.fixture
def abrir_painel():
    """Cria painéis com ``abrir_painel(...)``; todos são fechados no fim do teste."""
    paineis = []

    def abrir(*args, **kwargs):
        painel = conversar(*args, **kwargs)
        paineis.append(painel)
        return painel

    yield abrir
    for painel in paineis:
        painel.fechar()
    assert not [t for t in threads_do_ecolab() if t.name.startswith("ecolab-painel")]


@pytest.fixture
def porta_muda():
    """Uma porta UDP ocupada por um socket que recebe e nunca responde."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mudo:
        mudo.bind(("127.0.0.1", 0))
        mudo.settimeout(5)
        yield mudo


def teclar_enter(painel, texto):
    """O que o navegador manda quando o aluno digita ``texto`` e tecla Enter.

    Primeiro o aviso "submit"; depois o texto, só se ele mudou.
    """
    painel.entrada._handle_custom_msg({"event": "submit"}, [])
    if texto != painel.entrada.value:
        painel.entrada.set_state({"value": texto})


def digitar_e_clicar_em_enviar(painel, texto):
    """Digitar e clicar em Enviar: a caixa perde o foco (e manda o texto), depois vem o clique."""
    painel.entrada.set_state({"value": texto})
    painel.botao.click()


def enviadas(painel):
    return [linha.texto for linha in painel.historico if linha.direcao == "enviada"]


# ----- conversar com TCP e UDP ------------------------------------------------


def test_resposta_tcp_aparece_no_historico_com_hora(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    teclar_enter(painel, "Olá, servidor!")
    assert painel.esperar()
    assert painel.texto_do_historico() == (
        "você: Olá, servidor!\nservidor: Resposta do servidor: Olá, servidor!"
    )
    assert [linha.direcao for linha in painel.historico] == ["enviada", "recebida"]
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", linha.hora) for linha in painel.historico)
    assert painel.status == "conectado"
    assert "Resposta do servidor: Olá, servidor!" in painel.widget_historico.value


def test_resposta_udp_aparece_no_historico_sem_dizer_conectado(servidor_udp, abrir_painel):
    painel = abrir_painel(servidor_udp)
    digitar_e_clicar_em_enviar(painel, "Olá, UDP!")
    assert painel.esperar()
    assert painel.texto_do_historico() == (
        "você: Olá, UDP!\nservidor: Resposta do servidor: Olá, UDP!"
    )
    assert painel.status == "resposta recebida"  # UDP não tem conexão


def test_conversar_le_o_endereco_e_o_protocolo_do_servidor(servidor_udp, abrir_painel):
    painel = abrir_painel(servidor_udp)
    assert painel.protocolo == "UDP"
    assert painel.cliente.endereco == servidor_udp.endereco
    assert f"127.0.0.1:{servidor_udp.porta}" in painel.widget.children[0].value
    assert "ecolab-udp" in painel.widget._dom_classes


def test_conversar_com_uma_porta_usa_tcp_se_nada_for_dito(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp.porta)
    assert painel.protocolo == "TCP" and painel.status.startswith("pronto")
    painel.enviar("oi")
    assert painel.esperar()
    assert painel.historico[-1].texto == "Resposta do servidor: oi"


def test_conversar_explica_servidor_nao_iniciado_e_protocolo_desconhecido():
    with pytest.raises(ValueError, match="iniciar"):
        conversar(ServidorTCP())
    with pytest.raises(ValueError, match="TCP.*UDP"):
        PainelCliente(12000, "HTTP")
    with pytest.raises(TypeError, match="servidor do ecolab.*porta"):
        conversar("12000")


# ----- Enter, botão e foco: cada mensagem sai uma vez só ----------------------


def test_enter_envia_e_esvazia_a_caixa(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    teclar_enter(painel, "primeira")
    assert painel.entrada.value == ""
    teclar_enter(painel, "primeira")  # o mesmo texto de novo é uma mudança de novo
    assert painel.esperar()
    assert enviadas(painel) == ["primeira", "primeira"]
    assert servidor_tcp.registro.contar("recebeu") == 2


def test_botao_envia_o_texto_digitado_uma_vez_so(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    digitar_e_clicar_em_enviar(painel, "pelo botão")
    assert painel.esperar()
    assert enviadas(painel) == ["pelo botão"]
    assert servidor_tcp.registro.contar("recebeu") == 1
    assert painel.entrada.value == ""


def test_mesmo_texto_duas_vezes_pelo_botao_envia_duas_vezes(servidor_udp, abrir_painel):
    painel = abrir_painel(servidor_udp)
    digitar_e_clicar_em_enviar(painel, "de novo")
    digitar_e_clicar_em_enviar(painel, "de novo")
    assert painel.esperar()
    assert enviadas(painel) == ["de novo", "de novo"]
    assert servidor_udp.registro.contar("recebeu") == 2


def test_perder_o_foco_ou_clicar_depois_do_enter_nao_reenvia(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    teclar_enter(painel, "só uma vez")
    painel.entrada.set_state({"value": ""})  # o foco sai da caixa, já vazia
    painel.botao.click()
    assert painel.esperar()
    assert enviadas(painel) == ["só uma vez"]
    assert servidor_tcp.registro.contar("recebeu") == 1
    assert painel.status == "conectado"  # e nada de dica: a mensagem não era vazia


def test_clique_que_chega_antes_do_texto_nao_duplica(servidor_tcp, abrir_painel):
    # O navegador pode segurar a atualização da caixa e mandar o clique antes.
    painel = abrir_painel(servidor_tcp)
    painel.botao.click()
    painel.entrada.set_state({"value": "atrasado"})
    assert painel.esperar()
    assert enviadas(painel) == ["atrasado"]
    assert painel.status == "conectado"


def test_caixa_vazia_ou_so_com_espacos_nao_envia(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    painel.botao.click()
    teclar_enter(painel, "   ")
    painel.botao.click()
    assert painel.esperar()
    assert painel.historico == [] and painel.entrada.value == ""
    assert servidor_tcp.registro.contar("recebeu") == 0


def dica_de_mensagem_vazia(painel):
    return painel.status == "mensagem vazia" and "escreva algo" in painel.detalhe


@pytest.mark.parametrize("gesto", [
    pytest.param(lambda painel: teclar_enter(painel, ""), id="Enter"),
    pytest.param(lambda painel: painel.botao.click(), id="Enviar"),
    pytest.param(lambda painel: teclar_enter(painel, "   "), id="Enter-so-espacos"),
    pytest.param(lambda painel: digitar_e_clicar_em_enviar(painel, " \t "), id="Enviar-so-espacos"),
])
def test_mensagem_vazia_ganha_uma_dica_visivel_em_vez_de_silencio(
    servidor_tcp, abrir_painel, gesto
):
    painel = abrir_painel(servidor_tcp)
    gesto(painel)
    assert painel.esperar()
    assert dica_de_mensagem_vazia(painel), (painel.status, painel.detalhe)
    assert "mensagem vazia" in painel.widget_status.value
    assert painel.historico == []  # a dica fica no status; o histórico é da conversa
    assert servidor_tcp.registro.contar("recebeu") == 0


def test_depois_da_dica_a_mensagem_seguinte_sai_normalmente(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    teclar_enter(painel, "")
    assert painel.esperar() and dica_de_mensagem_vazia(painel)
    teclar_enter(painel, "agora sim")
    assert painel.esperar()
    assert enviadas(painel) == ["agora sim"] and painel.status == "conectado"


def test_mensagem_com_texto_nao_ganha_a_dica_por_nenhum_caminho(servidor_udp, abrir_painel):
    painel = abrir_painel(servidor_udp)
    teclar_enter(painel, "pelo Enter")
    assert painel.esperar()
    digitar_e_clicar_em_enviar(painel, "pelo botão")  # o clique chega com a caixa já vazia
    assert painel.esperar()
    assert enviadas(painel) == ["pelo Enter", "pelo botão"]
    assert painel.status == "resposta recebida"


# ----- o notebook nunca trava; todo problema aparece no painel ----------------


def test_painel_nao_trava_enquanto_espera_a_resposta(porta_muda, abrir_painel):
    painel = abrir_painel(porta_muda.getsockname()[1], "UDP", timeout=5)
    teclar_enter(painel, "alô?")  # volta na hora: quem espera é a thread do painel
    dados, endereco = porta_muda.recvfrom(65_535)
    assert dados == "alô?".encode()
    assert painel.status == "aguardando resposta" and painel.entrada.value == ""
    porta_muda.sendto("pronto".encode(), endereco)
    assert painel.esperar()
    assert painel.texto_do_historico() == "você: alô?\nservidor: pronto"


def test_udp_sem_resposta_avisa_tempo_esgotado_e_o_painel_continua(porta_muda, abrir_painel):
    porta = porta_muda.getsockname()[1]
    painel = abrir_painel(porta, "UDP", timeout=0.2)
    teclar_enter(painel, "alguém aí?")
    assert painel.esperar()
    assert painel.status == "sem resposta (tempo esgotado)"
    assert "0,2\u00a0s" in painel.detalhe and "UDP" in painel.detalhe
    assert painel.texto_do_historico() == (
        "você: alguém aí?\naviso: sem resposta (tempo esgotado)"
    )
    assert "sem resposta (tempo esgotado)" in painel.widget_status.value
    porta_muda.close()
    with ServidorUDP(porta=porta):
        teclar_enter(painel, "e agora?")
        assert painel.esperar()
    assert painel.historico[-1].texto == "Resposta do servidor: e agora?"
    assert painel.status == "resposta recebida"


def test_tcp_com_servidor_parado_avisa_indisponivel_e_reconecta_quando_volta(abrir_painel):
    with ServidorTCP() as servidor:
        porta = servidor.porta
        painel = abrir_painel(servidor)
        teclar_enter(painel, "antes")
        assert painel.esperar()
    teclar_enter(painel, "durante")
    assert painel.esperar()
    assert painel.status == "servidor indisponível"
    assert "iniciar()" in painel.detalhe  # a mensagem diz o que fazer
    assert painel.historico[-1].texto == "servidor indisponível"
    teclar_enter(painel, "de novo")
    assert painel.esperar()
    assert painel.status == "servidor indisponível"
    with ServidorTCP(porta=porta):
        teclar_enter(painel, "depois")
        assert painel.esperar()
    assert painel.historico[-1].texto == "Resposta do servidor: depois"
    assert painel.status == "conectado"


def test_erro_inesperado_no_envio_aparece_em_portugues_no_painel(
    servidor_tcp, abrir_painel, monkeypatch
):
    painel = abrir_painel(servidor_tcp)

    def quebrar(mensagem):
        raise RuntimeError("falha de propósito")

    monkeypatch.setattr(painel.cliente, "enviar", quebrar)
    teclar_enter(painel, "oi")
    assert painel.esperar()
    assert painel.status == "erro: RuntimeError: falha de propósito"
    assert painel.historico[-1][1:] == ("aviso", "erro: RuntimeError: falha de propósito")
    assert "falha de propósito" in painel.widget_status.value
    monkeypatch.undo()
    teclar_enter(painel, "oi de novo")  # a thread do painel sobreviveu ao erro
    assert painel.esperar()
    assert painel.historico[-1].texto == "Resposta do servidor: oi de novo"


def test_erro_dentro_do_callback_do_widget_nao_escapa_e_aparece_no_painel(
    servidor_tcp, abrir_painel, monkeypatch
):
    painel = abrir_painel(servidor_tcp)

    def quebrar(texto):
        raise KeyError("sumiu")

    monkeypatch.setattr(painel, "enviar", quebrar)
    teclar_enter(painel, "oi")  # não levanta: o erro fica visível no painel
    painel.botao.click()
    assert painel.status == "erro: KeyError: 'sumiu'"
    assert painel.texto_do_historico() == "aviso: erro: KeyError: 'sumiu'"


def test_mensagem_com_quebra_de_linha_no_tcp_nao_e_enviada_e_o_motivo_aparece(
    servidor_tcp, abrir_painel
):
    painel = abrir_painel(servidor_tcp)
    painel.enviar("linha 1\nlinha 2")
    assert painel.esperar()
    assert painel.status == "mensagem não enviada"
    assert "quebra de linha" in painel.detalhe
    assert servidor_tcp.registro.contar("recebeu") == 0


# ----- o que aparece na tela --------------------------------------------------


def test_html_digitado_aparece_como_texto(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    teclar_enter(painel, "<b>negrito</b> & <script>alert(1)</script>")
    assert painel.esperar()
    tela = painel.widget_historico.value
    assert "&lt;b&gt;negrito&lt;/b&gt; &amp; &lt;script&gt;" in tela
    assert "<b>negrito" not in tela and "<script>" not in tela
    assert painel.historico[0].texto == "<b>negrito</b> & <script>alert(1)</script>"


def test_palavra_longa_sem_espacos_quebra_em_vez_de_sair_do_painel(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    painel.enviar("a" * 300)
    assert painel.esperar()
    for widget in (painel.widget_historico, painel.widget_status):
        estilo = re.search(r'<div style="([^"]*)"', widget.value).group(1)
        assert "overflow-wrap:anywhere" in estilo and "word-break:break-word" in estilo


def test_fila_diz_quantas_mensagens_esperam_no_singular_e_no_plural(porta_muda, abrir_painel):
    painel = abrir_painel(porta_muda.getsockname()[1], "UDP", timeout=1)
    painel.enviar("primeira")
    porta_muda.recvfrom(65_535)  # a primeira saiu e espera resposta
    painel.enviar("segunda")
    assert painel.detalhe == "mais 1 mensagem na fila, enviadas uma de cada vez"
    painel.enviar("terceira")
    assert painel.detalhe == "mais 2 mensagens na fila, enviadas uma de cada vez"


def test_historico_guarda_so_as_ultimas_linhas(servidor_udp, abrir_painel):
    painel = abrir_painel(servidor_udp)
    for numero in range(110):  # 220 linhas: enviada e recebida
        painel.enviar(f"mensagem {numero}")
    assert painel.esperar(30)
    assert len(painel.historico) == PainelCliente.limite_de_linhas == 200
    assert painel.historico[0].texto == "mensagem 10"
    assert painel.widget_historico.value.count("ecolab-linha ") == 200


def test_widgets_tem_classes_css_estaveis_para_testes_no_navegador(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    assert {"ecolab-painel", "ecolab-tcp"} <= set(painel.widget._dom_classes)
    assert "ecolab-entrada" in painel.entrada._dom_classes
    assert "ecolab-enviar" in painel.botao._dom_classes
    assert "ecolab-historico" in painel.widget_historico._dom_classes
    assert "ecolab-status" in painel.widget_status._dom_classes
    assert painel.botao.description == "Enviar"


def test_valor_da_celula_mostra_o_widget_e_um_texto_que_ensina_a_trazer_o_painel(
    servidor_tcp, abrir_painel
):
    painel = abrir_painel(servidor_tcp)
    pacote = painel._repr_mimebundle_()
    assert pacote["application/vnd.jupyter.widget-view+json"]["model_id"] == painel.widget.model_id
    # O texto que o JupyterLab mostra quando não consegue desenhar o painel
    # (numa lição reaberta sem executar): diz o que é e o que fazer.
    assert pacote["text/plain"] == (
        f"Painel de conversa (TCP, 127.0.0.1:{servidor_tcp.porta}): "
        "para ele aparecer, execute de novo esta célula e as de cima."
    )
    assert repr(painel) == f"<PainelCliente TCP para 127.0.0.1:{servidor_tcp.porta}>"


def test_painel_fechado_mostrado_numa_celula_diz_como_abrir_outro(servidor_udp, abrir_painel):
    painel = abrir_painel(servidor_udp)
    painel.fechar()
    assert painel._repr_mimebundle_() == {"text/plain": (
        f"Painel de conversa (UDP, 127.0.0.1:{servidor_udp.porta}) fechado: "
        "para outro, use conversar(...)."
    )}


def test_painel_nao_usa_o_on_submit_obsoleto(servidor_tcp, abrir_painel):
    with warnings.catch_warnings(record=True) as avisos:
        warnings.simplefilter("always")
        painel = abrir_painel(servidor_tcp)
        teclar_enter(painel, "oi")
        digitar_e_clicar_em_enviar(painel, "tchau")
        assert painel.esperar()
        painel.fechar()
    assert not [aviso for aviso in avisos if "on_submit" in str(aviso.message)]


def test_on_submit_do_ipywidgets_8_avisa_que_esta_obsoleto():
    # A contraprova do teste anterior: o aviso existe e seria capturado.
    with pytest.warns(DeprecationWarning, match="on_submit"):
        widgets.Text().on_submit(lambda caixa: None)


# ----- fechar -----------------------------------------------------------------


def test_fechar_para_a_thread_fecha_os_widgets_e_pode_repetir(servidor_tcp, abrir_painel):
    painel = abrir_painel(servidor_tcp)
    teclar_enter(painel, "oi")
    assert painel.esperar()
    painel.fechar()
    painel.fechar()
    assert not [t for t in threads_do_ecolab() if t.name.startswith("ecolab-painel")]
    assert painel.widget.comm is None and painel.entrada.comm is None
    assert not painel.cliente.conectado
    assert painel.status == "painel fechado"
    assert repr(painel).endswith("(fechado)>")
    with pytest.raises(RuntimeError, match="fechado"):
        painel.enviar("mais uma")


# ----- num kernel de verdade --------------------------------------------------


def test_num_kernel_de_verdade_a_resposta_chega_aos_widgets_vinda_da_thread():
    """As atualizações feitas pela thread do painel chegam ao navegador (o estado salvo)."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "from ecolab import ServidorUDP, conversar\n"
            "servidor = ServidorUDP().iniciar()\n"
            "painel = conversar(servidor)\n"
            "painel"
        ),
        nbformat.v4.new_code_cell(
            "painel.enviar('oi <b>')\n"
            "assert painel.esperar()\n"
            "print(painel.texto_do_historico())\n"
            "servidor.parar()"
        ),
    ]
    NotebookClient(notebook, timeout=60, store_widget_state=True).execute()
    assert notebook.cells[0].outputs[0]["data"]["text/plain"].startswith(
        "Painel de conversa (UDP, 127.0.0.1:")
    assert notebook.cells[1].outputs[0]["text"] == (
        "você: oi <b>\nservidor: Resposta do servidor: oi <b>\n"
    )
    estado = notebook.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    valores = {
        tuple(modelo["state"].get("_dom_classes", ())): modelo["state"].get("value")
        for modelo in estado.values()
    }
    assert "Resposta do servidor: oi &lt;b&gt;" in valores[("ecolab-historico",)]
    assert "<b>resposta recebida</b>" in valores[("ecolab-status",)]
