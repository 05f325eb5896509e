"""Os erros do ecolab, com mensagens que dizem o que aconteceu e o que fazer.

Todos herdam de :class:`ErroEcolab`, então ``except ErroEcolab`` pega qualquer um
deles. Cada erro também herda da exceção padrão do Python que tem o mesmo sentido
(por exemplo, :class:`TempoEsgotado` é um ``TimeoutError``), para que código que já
trata as exceções padrão continue funcionando.

Mapa::

    ErroEcolab
    ├── ServidorIndisponivel  (também ConnectionError)
    ├── TempoEsgotado         (também TimeoutError)
    ├── PortaEmUso            (também OSError)
    ├── MensagemInvalida      (também ValueError)
    ├── ArgumentoInvalido     (também ValueError)
    ├── ErroNoServidor        (também RuntimeError)
    ├── LicaoDesconhecida     (também LookupError)
    ├── PastaDoCurso          (também ValueError)
    ├── JupyterLabAusente     (também ImportError)
    ├── CapturaInvalida       (também ValueError)
    ├── CapturaIndisponivel   (também RuntimeError)
    └── SegmentoInvalido      (também ValueError)

Quando cada um aparece:

- ``ServidorIndisponivel``: o cliente não conseguiu conectar, ou a conexão caiu;
- ``TempoEsgotado``: o cliente esperou ``timeout`` segundos e nada chegou (com
  ``ao_conectar=True``: nem o pedido de conexão TCP teve resposta);
- ``PortaEmUso``: o servidor não pôde escutar na porta pedida;
- ``MensagemInvalida``: a mensagem não pode ser enviada (tipo, conteúdo, tamanho);
- ``ArgumentoInvalido``: um argumento de um servidor ou cliente está errado (porta,
  host, timeout, responder), avisado na hora de criá-lo;
- ``ErroNoServidor``: algo falhou dentro da thread do servidor (quase sempre na
  função ``responder``); ``parar()`` o levanta;
- ``LicaoDesconhecida``, ``PastaDoCurso`` e ``JupyterLabAusente``: o lançador
  (o comando ``ecolab``) não achou a lição pedida, recebeu uma pasta em que o
  aluno não deve estudar, ou não achou o JupyterLab;
- ``CapturaInvalida``: o arquivo de captura (``.pcap``/``.pcapng``) está vazio,
  corrompido, truncado ou tem um tipo de enlace que o ecolab não lê;
- ``CapturaIndisponivel``: este computador não deixa capturar pacotes ao vivo
  (falta permissão ou programa); a mensagem diz o que instalar ou habilitar;
- ``SegmentoInvalido``: um datagrama não segue o cabeçalho das lições 06, 09 e 10
  (curto demais, ou um campo fora do que cabe nele).
"""

from .numeros import com_unidade
from .sockets import porta_livre_a_partir_de


def _endereco_legivel(endereco):
    """Transforma ``("127.0.0.1", 12000)`` em ``"127.0.0.1:12000"``."""
    host, porta = endereco[0], endereco[1]
    if ":" in host:  # IPv6 vai entre colchetes, como nas URLs
        return f"[{host}]:{porta}"
    return f"{host}:{porta}"


class ErroEcolab(Exception):
    """Base de todos os erros do ecolab."""


class ServidorIndisponivel(ErroEcolab, ConnectionError):
    """Não há servidor escutando no endereço, ou ele encerrou a conexão."""

    def __init__(self, endereco, motivo="ninguém está escutando nesse endereço"):
        self.endereco = tuple(endereco)
        super().__init__(
            f"Servidor indisponível em {_endereco_legivel(endereco)}: {motivo}. "
            "Verifique se o servidor foi iniciado (por exemplo, execute a célula "
            "com servidor.iniciar()) e se o host e a porta estão certos."
        )


class TempoEsgotado(ErroEcolab, TimeoutError):
    """Nenhuma resposta chegou dentro do tempo limite.

    ``ao_conectar=True`` quer dizer que nem a conexão TCP se abriu: ninguém
    respondeu ao pedido de conexão (o ``SYN``), nem para aceitar nem para recusar.
    """

    def __init__(self, endereco, segundos, protocolo="TCP", ao_conectar=False):
        self.endereco = tuple(endereco)
        self.segundos = segundos
        self.ao_conectar = ao_conectar
        local = _endereco_legivel(endereco)
        prazo = com_unidade(segundos, "s")
        if ao_conectar:
            super().__init__(
                f"Tempo esgotado: ninguém respondeu ao pedido de conexão para {local} "
                f"em {prazo}. Ou não há servidor nesse endereço e algo no caminho (um "
                "firewall) descarta os pacotes em silêncio, ou a recusa demorou mais que "
                "o timeout (no Windows, recusar uma conexão no próprio computador leva "
                "cerca de 2 s). Verifique se o servidor foi iniciado e se o host e a "
                "porta estão certos; se estiverem, aumente o timeout."
            )
            return
        dica = (
            "Com UDP isso é normal quando o servidor não está rodando ou quando "
            "o datagrama se perdeu: confira o servidor e tente de novo."
            if protocolo == "UDP"
            else "A conexão está aberta, mas o servidor não respondeu: confira se ele "
            "está travado ou lento, ou aumente o timeout."
        )
        super().__init__(f"Tempo esgotado: nenhuma resposta de {local} em {prazo}. {dica}")


class PortaEmUso(ErroEcolab, OSError):
    """Outro processo já ocupa a porta pedida.

    ``porta_livre`` é uma porta que estava livre quando o erro foi criado (a
    primeira depois da pedida em que o mesmo ``protocolo`` conseguiu fazer
    ``bind``), ou ``None`` se nenhuma das 100 seguintes estava. Um servidor do
    mesmo processo nunca causa este erro: reexecutar a célula para o antigo.
    """

    def __init__(self, endereco, protocolo="TCP"):
        self.endereco = tuple(endereco)
        self.protocolo = protocolo
        host, porta = self.endereco[0], self.endereco[1]
        self.porta_livre = porta_livre_a_partir_de(host, porta + 1, protocolo)
        sugestao = "use porta=0, e o sistema escolhe uma porta livre."
        if self.porta_livre is not None:
            sugestao = (
                f"use outra porta: a {self.porta_livre} está livre agora (ou porta=0, "
                "e o sistema escolhe uma porta livre)."
            )
        super().__init__(
            f"A porta {protocolo} {porta} em {host} já está em uso por outro processo. "
            "O mais comum é esta mesma lição estar aberta em outro kernel (o notebook "
            "duplicado, ou aberto numa segunda janela do JupyterLab) com o servidor "
            "ainda rodando. Para resolver: feche a outra cópia (no notebook dela, menu "
            f"Kernel → Shut Down Kernel) e execute esta célula de novo; ou {sugestao}"
        )


class ArgumentoInvalido(ErroEcolab, ValueError):
    """Um argumento de servidor ou cliente está errado (porta, host, timeout, responder).

    Levantado na hora de criar o servidor ou o cliente, com uma mensagem que diz
    o que estava errado e como escrever certo (veja ``ecolab/validacao.py``).
    """


class MensagemInvalida(ErroEcolab, ValueError):
    """A mensagem não pode ser enviada como está (tipo, conteúdo ou tamanho)."""


class ErroNoServidor(ErroEcolab, RuntimeError):
    """Uma exceção aconteceu dentro da thread do servidor (por exemplo, no responder)."""

    def __init__(self, nome_servidor, falhas):
        self.falhas = list(falhas)
        primeira = self.falhas[0]
        dica = ""
        if isinstance(primeira, (SystemExit, KeyboardInterrupt)):
            dica = (
                " (sys.exit() ou KeyboardInterrupt dentro do responder não param o "
                "servidor, só aquela resposta: para parar, use servidor.parar())"
            )
        super().__init__(
            f"{nome_servidor} teve {len(self.falhas)} erro(s) inesperado(s) enquanto "
            f"rodava; o primeiro foi {type(primeira).__name__}: {primeira}{dica}. "
            "Veja servidor.registro para os detalhes e corrija a função responder."
        )


class LicaoDesconhecida(ErroEcolab, LookupError):
    """``ecolab --restaurar`` recebeu um nome que não indica uma lição do curso."""

    def __init__(self, nome, licoes):
        self.nome = nome
        exemplos = ", ".join(licao[: -len(".ipynb")] for licao in licoes)
        super().__init__(
            f'Não achei no curso uma lição chamada "{nome}". Use o número ou o nome '
            f"de uma destas: {exemplos} (por exemplo: ecolab --restaurar 01)."
        )


class PastaDoCurso(ErroEcolab, ValueError):
    """Pediram ao lançador para usar como pasta do aluno a pasta das lições originais."""

    def __init__(self, pasta):
        self.pasta = pasta
        super().__init__(
            f"A pasta {pasta} guarda as lições originais do curso (as que os testes "
            "usam): estudar nela misturaria o seu trabalho com o curso. Rode ecolab "
            "sem --pasta (a sua cópia fica em ~/ecolab-curso) ou escolha outra pasta."
        )


class JupyterLabAusente(ErroEcolab, ImportError):
    """O lançador precisa do JupyterLab, que não está instalado neste ambiente."""

    def __init__(self):
        super().__init__(
            "O JupyterLab não está instalado neste ambiente Python. Instale o curso "
            'completo com: pip install -e ".[curso]" (na pasta do repositório) e '
            "rode ecolab de novo. As lições já foram copiadas para a sua pasta."
        )


class CapturaInvalida(ErroEcolab, ValueError):
    """O arquivo de captura não pode ser lido (vazio, corrompido, truncado...)."""

    def __init__(self, caminho, motivo):
        self.caminho = str(caminho)
        super().__init__(
            f"Não consegui ler a captura {self.caminho}: {motivo}. Abra o arquivo no "
            "Wireshark para conferir; se ele também reclamar, grave a captura de novo "
            "(com dumpcap, tcpdump ou ecolab.captura.capturar) e deixe o programa "
            "terminar antes de copiar o arquivo."
        )


_COMO_CAPTURAR = {
    "Linux": (
        "No Linux, capturar pacotes pede o privilégio CAP_NET_RAW. Escolha um: "
        "(1) rode o Jupyter como root (só numa máquina sua, de estudo); "
        "(2) dê o privilégio ao Python deste ambiente: "
        "sudo setcap cap_net_raw=eip \"$(readlink -f {python})\" "
        "(vale para todo programa que use esse Python); "
        "(3) instale o Wireshark (sudo apt install wireshark; responda Sim à "
        "pergunta sobre usuários comuns capturarem), entre no grupo: "
        "sudo usermod -aG wireshark $USER, saia da sessão e entre de novo. "
        "Depois reinicie o kernel do notebook."
    ),
    "Darwin": (
        "No macOS, capturar pacotes pede acesso de leitura a /dev/bpf*. Instale o "
        "Wireshark (wireshark.org) junto com o “Install ChmodBPF” que vem no "
        "instalador, reinicie o computador e reinicie o kernel do notebook; o "
        "tcpdump, que já vem no macOS, passa a funcionar sem sudo."
    ),
    "Windows": (
        "No Windows, capturar pacotes pede o Npcap. Instale o Wireshark (wireshark.org), "
        "que traz o Npcap, e marque no instalador do Npcap a opção “Support loopback "
        "traffic (\"Npcap Loopback Adapter\" will be created)”. Se o Npcap já estava "
        "instalado sem essa opção, reinstale-o marcando-a. Depois reinicie o kernel "
        "do notebook."
    ),
}


class CapturaIndisponivel(ErroEcolab, RuntimeError):
    """Este computador não deixa o ecolab capturar pacotes ao vivo.

    ``sistema`` é o nome de ``platform.system()`` (``"Linux"``, ``"Darwin"``,
    ``"Windows"``); ``tentativas`` diz o que foi tentado e por que falhou.
    """

    def __init__(self, sistema, tentativas, python="python3"):
        self.sistema = sistema
        self.tentativas = list(tentativas)
        como = _COMO_CAPTURAR.get(
            sistema,
            "Instale o Wireshark (que traz o dumpcap) e dê a ele permissão de "
            "capturar, como o instalador do seu sistema explicar.",
        ).replace("{python}", python)
        feito = "; ".join(self.tentativas) or "nada que eu saiba usar"
        super().__init__(
            f"Não consigo capturar pacotes neste computador ({feito}). {como} "
            "Enquanto isso, veja os pacotes que o curso já capturou para você: "
            'ecolab.captura.captura_gravada("01_tcp") (também "02_udp", '
            '"03_cabecalhos" e as da lição 07, como "07_reset") mostra os pacotes de '
            "verdade das conversas das lições."
        )


class SegmentoInvalido(ErroEcolab, ValueError):
    """Um datagrama que não segue o cabeçalho do curso (:mod:`ecolab.segmento`)."""

    def __init__(self, motivo):
        super().__init__(
            f"{motivo} O cabeçalho do curso tem 12 bytes: seq (4), ack (4), flags (2) e "
            "janela (2), nessa ordem, em ordem de rede; monte-o com ecolab.segmento.montar(...) "
            "e leia-o com ecolab.segmento.ler(datagrama)."
        )
