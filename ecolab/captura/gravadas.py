"""As capturas gravadas: os pacotes de verdade das lições, para quem não pode capturar.

Capturar ao vivo pede privilégio ou um programa instalado (veja ``ao_vivo``).
Para que todo aluno veja os pacotes reais, as conversas das lições foram
capturadas uma vez (no Linux, como root, por ``ferramentas/gravar_capturas.py``)
e vêm junto com o ecolab, na pasta ``gravadas/`` deste pacote:

- ``"01_tcp"``: a conversa TCP da lição 01 (conexão aberta, duas mensagens e
  as respostas, conexão fechada) em 127.0.0.1, porta 12001;
- ``"02_udp"``: a conversa UDP da lição 02 (porta 12002); depois o servidor
  para (o datagrama vazio é ele acordando a própria thread) e mais um datagrama
  vai para a porta agora fechada, e volta o ICMP "porta inalcançável";
- ``"03_cabecalhos"``: a mesma mensagem por TCP e por UDP, porta 12030, para
  medir o tamanho dos cabeçalhos;
- as conexões da lição 07, uma gravação para cada parte da vida de uma conexão:
  ``"07_abertura"`` (porta 12072: o aperto de mão, e o SYN descartado quando a
  fila do ``listen`` está cheia), ``"07_meio_fechamento"`` (12073: o FIN de um
  lado só, e o outro ainda enviando), ``"07_fechamento"`` (12074: o servidor
  fecha primeiro, os dois FIN) e ``"07_reset"`` (12076: o RST do ``SO_LINGER``
  0 e o de quem fecha com dados não lidos).

``importlib.resources`` acha os arquivos onde quer que o ecolab esteja
instalado (o lançador copia as lições para longe do repositório).
"""

from importlib import resources

from ..erros import ArgumentoInvalido
from .leitura import ler_captura

NOMES = (
    "01_tcp",
    "02_udp",
    "03_cabecalhos",
    "07_abertura",
    "07_meio_fechamento",
    "07_fechamento",
    "07_reset",
    "08_janela_zero",
)


def caminho_gravada(nome):
    """O recurso (um caminho do ``importlib.resources``) do arquivo da captura ``nome``."""
    if nome not in NOMES:
        raise ArgumentoInvalido(
            f"Não há captura gravada chamada {nome!r}. As gravadas são: "
            + ", ".join(f'"{n}"' for n in NOMES)
            + '. Por exemplo: captura_gravada("01_tcp").'
        )
    return resources.files(__package__).joinpath("gravadas", f"{nome}.pcapng")


def captura_gravada(nome):
    """A lista de :class:`Pacote` da captura gravada ``nome`` (veja ``NOMES``)."""
    with resources.as_file(caminho_gravada(nome)) as caminho:
        return ler_captura(caminho)
