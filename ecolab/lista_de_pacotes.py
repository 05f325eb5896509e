"""A lista de pacotes: uma linha por pacote, como a lista de pacotes do Wireshark.

Para quem prefere ler números a ler setas. ``tabela_de_pacotes(pacotes)``
devolve uma :class:`TabelaDePacotes`, que aparece como tabela HTML no Jupyter
e como texto alinhado no terminal (``print(tabela)``)::

     nº  tempo (ms)  sentido             protocolo  flags       seq  ack  janela  len  tamanho  carga
      1       0,000  cliente → servidor  TCP        [SYN]         0       65.495    0       60
      2       0,012  servidor → cliente  TCP        [SYN, ACK]    0    1  65.483    0       60
      3       0,021  cliente → servidor  TCP        [ACK]         1    1  65.536    0       52  (só confirma)
      ...

As colunas:

- **nº**: a posição do pacote na captura (o primeiro é 1);
- **tempo (ms)**: desde o início da captura, em milissegundos;
- **sentido**: quem enviou para quem; o cliente é quem mandou o primeiro ``SYN``;
- **protocolo** e **flags**: no TCP, as *flags* entre colchetes, como no
  Wireshark; no ICMP, o que a mensagem diz (por exemplo, "porta inalcançável"),
  e a coluna se chama "flags / ICMP";
- **seq** e **ack**: **relativos** (veja :mod:`ecolab.leitura_de_pacotes`);
- **janela**: quantos bytes quem enviou ainda aceita receber (TCP). Como no
  Wireshark, já multiplicada pelo fator de escala que cada lado anunciou no
  seu ``SYN`` (RFC 7323), quando o ``SYN`` e o ``SYN-ACK`` estão na lista; a
  dos ``SYN`` nunca é multiplicada. Sem eles o fator é desconhecido, e a
  coluna se chama "janela (cabeçalho)": o número como está no cabeçalho;
- **len**: os bytes de carga (os dados da aplicação);
- **tamanho**: os bytes no fio: cabeçalhos IP + TCP/UDP/ICMP + carga;
- **carga**: o começo dos dados, como texto.

Uma coluna vazia em todas as linhas não aparece: numa conversa só de UDP,
não há ``flags``, ``seq``, ``ack`` nem ``janela``.

Os números que são quantidades (janela, len, tamanho, tempo) seguem
:mod:`ecolab.numeros`; ``seq`` e ``ack`` são posições, escritas sem ponto.
"""

import html

from .leitura_de_pacotes import (
    escalas_da_janela,
    flags_do_wireshark,
    janela_de_verdade,
    ler_pacotes,
    notas,
    previa_da_carga,
)
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
    escalas = escalas_da_janela(leitura)
    if escalas and any(escalas.values()):
        frases.append(_nota_da_escala(escalas))
    titulos = {}
    if escalas is None:
        titulos["janela"] = "janela (cabeçalho)"
    if any(linha.pacote.protocolo == "ICMP" for linha in linhas):
        titulos["flags"] = "flags / ICMP"
    return TabelaDePacotes([_celulas(linha, escalas) for linha in linhas],
                           [f + "." for f in frases], titulos)


def _nota_da_escala(escalas):
    """A frase que explica a coluna janela quando ela já vem multiplicada."""
    fatores = {lado: numero(2 ** expoente) for lado, expoente in escalas.items()}
    return ("janela já multiplicada pelo fator de escala que cada lado anunciou no seu SYN "
            f"(cliente: {fatores['cliente']}; servidor: {fatores['servidor']}), "
            "como no Wireshark; a dos SYN nunca é multiplicada")


class TabelaDePacotes:
    """A tabela pronta para mostrar: ``str(tabela)`` em texto, ``_repr_html_`` no Jupyter.

    ``linhas``: uma lista de dicionários ``{coluna: texto}``, na ordem de
    ``COLUNAS``, para quem quiser ler uma célula; ``notas``: frases embaixo;
    ``titulos``: o título mostrado no alto de uma coluna, quando não é o próprio
    nome dela (por exemplo, ``{"janela": "janela (cabeçalho)"}``).
    """

    def __init__(self, linhas, notas=(), titulos=None):
        self.linhas = list(linhas)
        self.notas = list(notas)
        self.titulos = dict(titulos or {})

    def titulo(self, coluna):
        """O texto no alto de ``coluna``."""
        return self.titulos.get(coluna, coluna)

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
        larguras = {coluna: max(len(self.titulo(coluna)),
                                *(len(linha[coluna]) for linha in self.linhas))
                    for coluna in colunas}
        texto = [_linha_de_texto({coluna: self.titulo(coluna) for coluna in colunas}, larguras)]
        texto += [_linha_de_texto(linha, larguras) for linha in self.linhas]
        return "\n".join(texto + self.notas)

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        if not self.linhas:
            return "<p>Nenhum pacote na lista.</p>"
        colunas = self.colunas
        cabecalho = "".join(f"<th {_estilo(coluna)}>{html.escape(self.titulo(coluna))}</th>"
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


def _celulas(linha, escalas):
    """Os textos de uma linha da tabela, coluna por coluna (``escalas``: veja ``escalas_da_janela``)."""
    pacote = linha.pacote
    janela = janela_de_verdade(linha, escalas)
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
        "janela": "" if janela is None else numero(janela),
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
