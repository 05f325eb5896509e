"""As figuras da lição 09: o dente de serra da cwnd e a corrida de dois remetentes.

- :func:`grafico_cwnd`: a ``cwnd`` ao longo do tempo, tirada do registro do
  próprio remetente (:func:`ecolab.congestionamento.cwnd_no_tempo`), com as
  retransmissões rápidas (a janela cai à metade) e os estouros do temporizador
  (a janela volta a 1) marcados; por baixo, em pontos, os pacotes em voo que a
  **rede** contou a cada pacote novo (``rede.em_voo()``): eles nunca passam da
  linha da janela;
- :func:`grafico_corrida`: a vazão de cada remetente ao longo da corrida
  (:func:`ecolab.corrida.correr`), com a divisão justa (metade do enlace) e os
  últimos 5 s, onde se mede o índice de Jain, destacados.

As duas devolvem uma :class:`ecolab.figuras.Figura`, que o Jupyter mostra sozinho.
"""

from matplotlib.ticker import FuncFormatter

from .congestionamento import cwnd_no_tempo, estouros_do_temporizador, reducoes_a_metade
from .figuras import Figura, _marca
from .numeros import com_unidade

COR_CWND = "#1f5fa8"
COR_REDE = "#adb5bd"
COR_RAPIDA = "#e8590c"
COR_ESTOURO = "#c92a2a"
CORES_DA_CORRIDA = {"A": "#1f5fa8", "B": "#2b8a3e"}
COR_JUSTA = "#868e96"
MEGA = 1_000_000


def grafico_cwnd(transferencia, titulo=None):
    """A ``cwnd`` do remetente no tempo, as perdas marcadas e os em voo vistos pela rede."""
    relatorio = transferencia.relatorio
    figura = Figura(figsize=(9, 4.4))
    eixos = figura.add_subplot()
    deslocamento = relatorio.inicio - transferencia.rede.inicio  # relógio da rede -> do remetente
    amostras = [a for a in transferencia.rede.em_voo() if a.nova and a.seq < relatorio.pacotes]
    eixos.scatter([a.tempo - deslocamento for a in amostras], [a.em_voo for a in amostras],
                  s=6, color=COR_REDE, label="em voo, contados pela rede", zorder=1)
    tempos, cwnds = cwnd_no_tempo(relatorio)
    eixos.step(tempos, cwnds, where="post", color=COR_CWND, linewidth=1.8,
               label="cwnd (registro do remetente)", zorder=2)
    reducoes = reducoes_a_metade(relatorio)
    eixos.scatter([r.tempo for r in reducoes], [r.antes for r in reducoes], marker="v", s=50,
                  color=COR_RAPIDA, label="3 ACKs duplicados: cai à metade", zorder=3)
    for tempo in estouros_do_temporizador(relatorio):
        eixos.axvline(tempo, color=COR_ESTOURO, linestyle=":", linewidth=1.2)
    eixos.plot([], [], color=COR_ESTOURO, linestyle=":", label="timeout: volta a 1")
    eixos.set_xlabel("tempo (s)")
    eixos.set_ylabel("pacotes")
    eixos.set_xlim(0, relatorio.duracao)
    eixos.set_ylim(bottom=0)
    _numeros_nos_eixos(eixos)
    eixos.legend(fontsize=9, loc="upper right")
    figura.suptitle(titulo or "TCP Reno pelo gargalo: o dente de serra da cwnd", fontsize=12)
    figura.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.9)
    return figura


def grafico_corrida(corrida, taxa, ultimos=5.0, intervalo=0.5, titulo=None):
    """A vazão de A e de B a cada ``intervalo`` segundos, com a divisão justa (taxa / 2)."""
    figura = Figura(figsize=(9, 4.2))
    eixos = figura.add_subplot()
    for nome, (meios, vazoes) in corrida.curvas(intervalo).items():
        eixos.plot(meios, [v / MEGA for v in vazoes], color=CORES_DA_CORRIDA[nome],
                   marker="o", markersize=3, linewidth=1.6, label=f"remetente {nome}")
    eixos.axhline(taxa / 2 / MEGA, color=COR_JUSTA, linestyle="--", linewidth=1)
    eixos.annotate(f"divisão justa: {com_unidade(taxa / 2 / MEGA, 'Mbit/s', 2)} para cada",
                   xy=(0.01, taxa / 2 / MEGA), xycoords=("axes fraction", "data"),
                   xytext=(0, 4), textcoords="offset points", fontsize=9, color=COR_JUSTA)
    eixos.axvspan(corrida.duracao - ultimos, corrida.duracao, color=COR_JUSTA, alpha=0.12)
    eixos.annotate(f"últimos {com_unidade(ultimos, 's')}: índice de Jain",
                   xy=(corrida.duracao - ultimos, 0.95), xycoords=("data", "axes fraction"),
                   xytext=(4, 0), textcoords="offset points", fontsize=9, color=COR_JUSTA)
    eixos.set_xlabel("tempo (s)")
    eixos.set_ylabel("vazão (Mbit/s)")
    eixos.set_xlim(0, corrida.duracao)
    eixos.set_ylim(0, taxa * 1.15 / MEGA)
    _numeros_nos_eixos(eixos)
    eixos.legend(fontsize=9, loc="lower left")
    figura.suptitle(titulo or "Dois remetentes, uma fila: a vazão de cada um", fontsize=12)
    figura.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.9)
    return figura


def _numeros_nos_eixos(eixos):
    """Marcas dos eixos com a regra do curso (vírgula decimal, ponto nos milhares)."""
    eixos.xaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.yaxis.set_major_formatter(FuncFormatter(_marca))
    eixos.grid(True, alpha=0.3)
