"""A lista de pacotes: uma linha por pacote, como a lista de pacotes do Wireshark.

Para quem prefere ler números a ler setas. ``tabela_de_pacotes(pacotes)``
devolve uma :class:`TabelaDePacotes`, que aparece como tabela HTML no Jupyter
e como texto alinhado no terminal (``print(tabela)``)::

     nº  tempo (ms)  sentido             protocolo  flags       seq  ack  janela  len  tamanho  carga
      1       0,000  cliente → servidor  TCP        [SYN]         0       65.495    0       60
      2       0,012  servidor → cliente  TCP        [SYN, ACK]    0    1  65.483    0       60
      ...

As colunas:

- **nº**: a posição do pacote na captura (o primeiro é 1);
- **tempo (ms)**: desde o início da captura, em milissegundos;
- **sentido**: quem enviou para quem; o cliente é quem mandou o primeiro ``SYN``;
- **protocolo** e **flags**: no TCP, as *flags* entre colchetes, como no
  Wireshark; no ICMP, o que a mensagem diz (por exemplo, "porta inalcançável");
- **seq** e **ack**: **relativos** (veja :mod:`ecolab.leitura_de_pacotes`);
- **janela**: quantos bytes quem enviou ainda aceita receber (TCP);
- **len**: os bytes de carga (os dados da aplicação);
- **tamanho**: os bytes no fio: cabeçalhos IP + TCP/UDP/ICMP + carga;
- **carga**: o começo dos dados, como texto.

Uma coluna vazia em todas as linhas não aparece: numa conversa só de UDP,
não há ``flags``, ``seq``, ``ack`` nem ``janela``.

Os números que são quantidades (janela, len, tamanho, tempo) seguem
:mod:`ecolab.numeros`; ``seq`` e ``ack`` são posições, escritas sem ponto.
"""

import html

from .leitura_de_pacotes import flags_do_wireshark, ler_pacotes, notas, previa_da_carga
from .numeros import numero

COLUNAS = ("nº", "tempo (ms)", "sentido", "protocolo", "flags", "seq", "ack", "janela",
           "len", "tamanho", "carga")
A_DIREITA = {"nº", "tempo (ms)", "seq", "ack", "janela", "len", "tamanho"}
SEPARADOR = "  "
SO_CONFIRMA = "(só confirma)"


def tabela_de_pacotes(pacotes, *, max_pacotes=None):
    """A tabela dos ``pacotes`` (uma lista de ``Pacote`` ou uma captura com ``.pacotes``).

    ``max_pacotes``: mostra só os primeiros (``None``: todos); uma última
    linha diz quantos ficaram de fora.
    """
    leitura = ler_pacotes(pacotes)
    linhas = leitura.linhas if max_pacotes is None else leitura.linhas[:max_pacotes]
    frases = notas(leitura, len(linhas), "use max_pacotes=None para ver todos")
    return TabelaDePacotes([_celulas(linha) for linha in linhas], [f + "." for f in frases])


class TabelaDePacotes:
    """A tabela pronta para mostrar: ``str(tabela)`` em texto, ``_repr_html_`` no Jupyter.

    ``linhas``: uma lista de dicionários ``{coluna: texto}``, na ordem de
    ``COLUNAS``, para quem quiser ler uma célula; ``notas``: frases embaixo.
    """

    def __init__(self, linhas, notas=()):
        self.linhas = list(linhas)
        self.notas = list(notas)

    def __len__(self):
        return len(self.linhas)

    @property
    def colunas(self):
        """As colunas mostradas: as de ``COLUNAS`` com algo escrito (só UDP: sem seq, ack...)."""
        return [coluna for coluna in COLUNAS if any(linha[coluna] for linha in self.linhas)]

    def __str__(self):
        if not self.linhas:
            return "Nenhum pacote na lista."
        colunas = self.colunas
        larguras = {coluna: max(len(coluna), *(len(linha[coluna]) for linha in self.linhas))
                    for coluna in colunas}
        texto = [_linha_de_texto({coluna: coluna for coluna in colunas}, larguras)]
        texto += [_linha_de_texto(linha, larguras) for linha in self.linhas]
        return "\n".join(texto + self.notas)

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        if not self.linhas:
            return "<p>Nenhum pacote na lista.</p>"
        colunas = self.colunas
        cabecalho = "".join(f"<th {_estilo(coluna)}>{html.escape(coluna)}</th>"
                            for coluna in colunas)
        corpo = "".join(
            "<tr>" + "".join(f"<td {_estilo(coluna)}>{html.escape(linha[coluna])}</td>"
                             for coluna in colunas) + "</tr>"
            for linha in self.linhas)
        notas = "".join(f"<p style=\"margin:0.2em 0\">{html.escape(nota)}</p>"
                        for nota in self.notas)
        return ('<table class="ecolab-pacotes" style="border-collapse:collapse;'
                f'font-variant-numeric:tabular-nums"><thead><tr>{cabecalho}</tr></thead>'
                f"<tbody>{corpo}</tbody></table>{notas}")


def _celulas(linha):
    """Os textos de uma linha da tabela, coluna por coluna."""
    pacote = linha.pacote
    tem_carga = pacote.protocolo in ("TCP", "UDP")
    carga = previa_da_carga(pacote.dados)
    if pacote.so_ack:
        carga = SO_CONFIRMA
    return {
        "nº": str(linha.numero),
        "tempo (ms)": numero(pacote.tempo * 1000, 3),
        "sentido": linha.sentido,
        "protocolo": pacote.protocolo,
        "flags": pacote.icmp if pacote.protocolo == "ICMP" else flags_do_wireshark(pacote),
        "seq": "" if linha.seq is None else str(linha.seq),
        "ack": "" if linha.ack is None else str(linha.ack),
        "janela": "" if pacote.janela is None else numero(pacote.janela),
        "len": numero(len(pacote.dados)) if tem_carga else "",
        "tamanho": numero(pacote.tamanho),
        "carga": carga,
    }


def _linha_de_texto(celulas, larguras):
    partes = [celulas[coluna].rjust(larguras[coluna]) if coluna in A_DIREITA
              else celulas[coluna].ljust(larguras[coluna]) for coluna in larguras]
    return SEPARADOR.join(partes).rstrip()


def _estilo(coluna):
    alinhamento = "right" if coluna in A_DIREITA else "left"
    return f'style="padding:0.1em 0.6em;text-align:{alinhamento};white-space:nowrap"'
