"""A figura do projeto final (lição 10): a janela do remetente e o que a rede viu em voo.

:func:`grafico_da_janela` desenha, de uma transferência de
:func:`ecolab.exercicios.projeto_final.transferir_projeto`:

- a **janela** que o remetente registrou (uma escada: ela vale até a próxima mudança);
- um ponto para cada pacote de dados que chegou à rede, na altura de quantos
  pacotes a rede contava em voo naquele instante (``rede.em_voo()``); as
  retransmissões aparecem com outra marca.

Se o remetente respeita a janela, todo ponto de pacote novo fica na escada ou
abaixo dela. As quedas da escada são as reações às perdas: metade no 3º ACK
duplicado, 1 pacote no tempo esgotado.
"""

from .figuras import Figura
from .figuras_do_fluxo import _numeros_nos_eixos

COR_JANELA = "#1f5fa8"
COR_NOVOS = "#2b8a3e"
COR_REENVIOS = "#e8590c"


def grafico_da_janela(resultado, titulo=None):
    """A janela registrada e os pacotes em voo vistos pela rede, ao longo do tempo."""
    figura = Figura(figsize=(9, 4.2))
    eixos = figura.add_subplot()
    tempos = [tempo - resultado.inicio for tempo, _ in resultado.registro]
    janelas = [janela for _, janela in resultado.registro]
    fim = resultado.amostras[-1].tempo if resultado.amostras else tempos[-1]
    eixos.step(tempos + [fim], janelas + janelas[-1:], where="post", color=COR_JANELA,
               linewidth=1.8, label="a janela que o remetente registrou")
    for nova, cor, marca, nome in ((True, COR_NOVOS, ".", "pacote novo: em voo, visto pela rede"),
                                   (False, COR_REENVIOS, "x", "retransmissão")):
        pontos = [a for a in resultado.amostras if a.nova is nova]
        eixos.scatter([a.tempo for a in pontos], [a.em_voo for a in pontos], s=10,
                      color=cor, marker=marca, label=nome, zorder=3)
    eixos.set_xlabel("tempo desde o início da rede (s)")
    eixos.set_ylabel("pacotes")
    eixos.set_xlim(left=0)
    eixos.set_ylim(bottom=0)
    _numeros_nos_eixos(eixos)
    eixos.legend(fontsize=9, loc="upper right")
    figura.suptitle(titulo or "A janela do seu remetente e o que a rede viu em voo",
                    fontsize=12)
    figura.subplots_adjust(left=0.08, right=0.98, bottom=0.13, top=0.9)
    return figura
