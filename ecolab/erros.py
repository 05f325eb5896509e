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
    ├── ErroNoServidor        (também RuntimeError)
    ├── LicaoDesconhecida     (também LookupError)
    ├── PastaDoCurso          (também ValueError)
    └── JupyterLabAusente     (também ImportError)
"""


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
    """Nenhuma resposta chegou dentro do tempo limite."""

    def __init__(self, endereco, segundos, protocolo="TCP"):
        self.endereco = tuple(endereco)
        self.segundos = segundos
        dica = (
            "Com UDP isso é normal quando o servidor não está rodando ou quando "
            "o datagrama se perdeu: confira o servidor e tente de novo."
            if protocolo == "UDP"
            else "O servidor está rodando, mas não respondeu: confira se ele está "
            "travado ou lento, ou aumente o timeout."
        )
        super().__init__(
            f"Tempo esgotado: nenhuma resposta de {_endereco_legivel(endereco)} "
            f"em {segundos:g} s. {dica}"
        )


class PortaEmUso(ErroEcolab, OSError):
    """Outro programa já ocupa a porta pedida."""

    def __init__(self, endereco):
        self.endereco = tuple(endereco)
        super().__init__(
            f"A porta {endereco[1]} em {endereco[0]} já está em uso por outro "
            "programa. Use porta=0 para o sistema escolher uma porta livre, ou "
            "escolha outro número (por exemplo, 12001)."
        )


class MensagemInvalida(ErroEcolab, ValueError):
    """A mensagem não pode ser enviada como está (tipo, conteúdo ou tamanho)."""


class ErroNoServidor(ErroEcolab, RuntimeError):
    """Uma exceção aconteceu dentro da thread do servidor (por exemplo, no responder)."""

    def __init__(self, nome_servidor, falhas):
        self.falhas = list(falhas)
        primeira = self.falhas[0]
        super().__init__(
            f"{nome_servidor} teve {len(self.falhas)} erro(s) inesperado(s) enquanto "
            f"rodava; o primeiro foi {type(primeira).__name__}: {primeira}. "
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
