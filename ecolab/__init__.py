"""ecolab: sockets TCP e UDP em Python, para aprender com notebooks.

O que há aqui (tudo em português, como nos exemplos originais)::

    from ecolab import ServidorTCP, ClienteTCP, ServidorUDP, ClienteUDP

    servidor = ServidorTCP(porta=12000).iniciar()   # roda em segundo plano
    cliente = ClienteTCP(porta=12000)
    cliente.enviar("Olá, servidor!")   # -> 'Resposta do servidor: Olá, servidor!'
    servidor.parar()

Módulos, um por ideia:
  - ``erros``: os erros, com mensagens que dizem o que fazer;
  - ``validacao``: as conferências de porta, host, timeout e responder;
  - ``registro``: o registro de eventos de servidores e clientes;
  - ``mensagem``: o que pode ser enviado e os limites de tamanho;
  - ``servidor``: o ciclo de vida comum (iniciar, parar, reexecutar células);
  - ``tcp`` e ``udp``: os servidores e clientes;
  - ``rede_instavel``: uma rede UDP que perde, duplica, reordena e atrasa datagramas;
  - ``fragmentador``: uma rede TCP que picota e cola o fluxo de bytes;
  - ``segmento``: o cabeçalho de 12 bytes (seq, ack, flags, janela) das lições 06, 09 e 10;
  - ``gargalo`` e ``janela_na_rede``: o enlace lento com fila da ``RedeInstavel`` e os pacotes
    em voo de cada remetente, vistos pela rede (lições 06, 09 e 10);
  - ``transporte``: o remetente e o receptor de referência com janela deslizante
    (pare e espere, Go-Back-N, Repetição Seletiva) sobre o cabeçalho, com registro
    do que fizeram (lições 06, 09 e 10);
  - ``painel``: um cliente com caixa de texto e histórico no notebook
    (``conversar(servidor)``), feito com ipywidgets;
  - ``medidas``: medir o tempo de ida e volta (``medir_rtt``) e resumi-lo (``resumo``);
  - ``conversa``: a conversa entre cliente e servidor remontada a partir dos
    registros, passo a passo (``passos_da_conversa``);
  - ``sockets_da_maquina``: a tabela dos sockets da máquina (estado, endereço local e
    remoto), pelo psutil ou pelo ``netstat -an`` (lição 07);
  - ``diagrama_de_estados``: os estados de uma conexão TCP, da RFC 9293 (lição 07);
  - ``figuras``: o diagrama de sequência de uma conversa e o gráfico dos tempos,
    feitos com matplotlib; ``figuras_pacotes``: o diagrama de pacotes capturados;
  - ``leitura_de_pacotes`` e ``lista_de_pacotes``: pacotes capturados lidos como
    no Wireshark (números relativos) e a tabela deles (``tabela_de_pacotes``);
  - ``laco``: ``ServidorComLaco``, um servidor com o laço escrito por você (lição 04);
  - ``fluxo``, ``inundacao``, ``nagle`` e ``figuras_do_fluxo`` (lição 08): o receptor
    que não lê e os buffers do TCP, a inundação UDP que perde datagramas, a trava de
    Nagle com ACK atrasado e a vazão por tamanho de ``send``, com os seus gráficos;
  - ``reno``, ``congestionamento``, ``corrida``, ``justica``, ``tcp_info``,
    ``tcp_do_kernel`` e ``figuras_do_congestionamento`` (lição 09): o TCP Reno de
    referência, em pacotes; o remetente Reno pelo gargalo, com a ``cwnd`` no tempo e
    a rede conferindo a janela; dois remetentes dividindo a fila e o índice de Jain;
    e o ``TCP_INFO`` do kernel (Linux);
  - ``captura`` (uma pasta à parte): os pacotes de verdade que atravessaram a
    rede, capturados ao vivo (``capturar(porta=...)``), lidos de um arquivo do
    Wireshark (``ler_captura``) ou gravados com o curso (``captura_gravada``);
  - ``exercicios`` (uma pasta à parte): ``verificar``, ``dica`` e ``progresso``,
    os exercícios que se corrigem sozinhos, e as peças por trás deles;
  - ``servidor_tcp``, ``cliente_tcp``, ``servidor_udp``, ``cliente_udp``: os
    scripts de linha de comando do exemplo original (``python -m ecolab.servidor_tcp``);
  - ``lancador`` (o comando ``ecolab``, ou ``python -m ecolab``): copia as lições
    para a pasta do aluno (``copia_do_aluno``) e abre o JupyterLab em português
    (``preferencias_do_jupyterlab``); as lições instaladas ficam em ``licoes``.
"""

from .erros import (
    ArgumentoInvalido,
    ErroEcolab,
    ErroNoServidor,
    MensagemInvalida,
    PortaEmUso,
    ServidorIndisponivel,
    TempoEsgotado,
)
from .fragmentador import RedeFragmentadora
from .medidas import Medidas, medir_rtt, resumo
from .mensagem import LIMITE_TCP, LIMITE_UDP
from .rede_instavel import RedeInstavel
from .registro import Evento, Registro
from .servidor import AvisoRede, parar_todos, resposta_padrao
from .tcp import ClienteTCP, ServidorTCP
from .udp import ClienteUDP, ServidorUDP

__version__ = "0.1.0"

_DO_PAINEL = ("PainelCliente", "conversar")
_DAS_FIGURAS = ("diagrama_de_sequencia", "grafico_latencias")
_DA_TABELA = ("tabela_de_pacotes",)


def __getattr__(nome):
    """Importa o painel e as figuras só quando alguém os usa.

    O painel precisa do ipywidgets, que carrega o IPython (cerca de 0,15 s), e
    as figuras precisam do matplotlib (cerca de 1 s): os scripts de linha de
    comando não precisam deles e começam mais rápido.
    """
    if nome in _DO_PAINEL:
        from . import painel

        return getattr(painel, nome)
    if nome in _DAS_FIGURAS:
        from . import figuras

        return getattr(figuras, nome)
    if nome in _DA_TABELA:
        from . import lista_de_pacotes

        return getattr(lista_de_pacotes, nome)
    raise AttributeError(f"o ecolab não tem nada chamado {nome!r}")


__all__ = [
    "ArgumentoInvalido",
    "AvisoRede",
    "ClienteTCP",
    "ClienteUDP",
    "ErroEcolab",
    "ErroNoServidor",
    "Evento",
    "LIMITE_TCP",
    "LIMITE_UDP",
    "Medidas",
    "MensagemInvalida",
    "PainelCliente",
    "PortaEmUso",
    "RedeFragmentadora",
    "RedeInstavel",
    "Registro",
    "ServidorIndisponivel",
    "ServidorTCP",
    "ServidorUDP",
    "TempoEsgotado",
    "conversar",
    "diagrama_de_sequencia",
    "grafico_latencias",
    "medir_rtt",
    "parar_todos",
    "resposta_padrao",
    "resumo",
    "tabela_de_pacotes",
]
