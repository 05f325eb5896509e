"""Teste de mutação do núcleo do ecolab (para quem mantém o curso; fora do CI).

Um teste de mutação pergunta se os testes percebem um defeito. O mutmut faz
pequenas mudanças no código (troca ``>`` por ``>=``, ``True`` por ``False``,
apaga uma linha, muda um número...), uma de cada vez, e roda os testes que
passam por aquela função. Se algum teste falha, o mutante "morreu": os testes
perceberam. Se todos passam, ele "sobreviveu": ali há um comportamento que
nenhum teste confere.

Quais módulos e quais testes: ``[tool.mutmut]`` em ``pyproject.toml`` (o núcleo
de sockets, as redes instáveis, a bancada do verificador e o arquivo de
progresso). Leva cerca de 30 minutos nesta máquina de 2 núcleos; cada mutante
tem um prazo (``timeout_multiplier``), porque um mutante que trava comeria o
tempo todo.

Uso::

    .venv/bin/pip install -e ".[mutacao]"
    .venv/bin/python ferramentas/mutacao.py            # roda e escreve o relatório
    .venv/bin/python ferramentas/mutacao.py --so-relatorio   # só refaz o relatório

O relatório vai para ``ferramentas/relatorio_de_mutacao.md``: a taxa de
sobreviventes de cada módulo (a meta é no máximo 10%) e cada sobrevivente com o
motivo de ter ficado, tirado de ``ferramentas/mutantes_aceitos.json``
(``{"nome do mutante": "motivo"}``: equivalente ao original, ou uma lacuna
aceita por um motivo dito). O programa termina com erro (código 1) se algum
módulo passar da meta ou se algum sobrevivente não tiver motivo.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
RELATORIO = RAIZ / "ferramentas" / "relatorio_de_mutacao.md"
ACEITOS = RAIZ / "ferramentas" / "mutantes_aceitos.json"
SAIDA = RAIZ / "mutants" / "saida_do_mutmut.txt"  # o que o mutmut escreveu na última rodada
META = 0.10  # no máximo 10% de sobreviventes por módulo

# Como o mutmut chama cada resultado, e como contamos: "timeout" é morto (o
# mutante travou e o prazo o pegou); "segfault" também (o processo dos testes
# caiu: um mutante da chamada ctypes da vigia faz isso); "no tests" é
# sobrevivente (nenhum teste passa por ali).
MORTOS = {"killed", "timeout", "segfault", "caught by type check"}
VIVOS = {"survived", "no tests", "suspicious"}


def mutmut():
    """O caminho do programa ``mutmut`` deste ambiente, ou sai explicando como instalar."""
    caminho = shutil.which("mutmut", path=str(Path(sys.executable).parent))
    if caminho is None:
        sys.exit("O mutmut não está instalado neste ambiente. Instale com:\n"
                 f"  {sys.executable} -m pip install -e \".[mutacao]\"")
    return caminho


def rodar(minutos, processos, modulos=()):
    """Roda ``mutmut run`` com um prazo total; devolve os segundos gastos.

    Com ``modulos`` (``ecolab.tcp``...), só os mutantes deles, rodados de novo
    mesmo que já tenham resultado.
    """
    inicio = time.monotonic()
    comando = [mutmut(), "run", "--max-children", str(processos)]
    comando += [f"{modulo}.x*" for modulo in modulos]
    SAIDA.parent.mkdir(exist_ok=True)
    with SAIDA.open("w", encoding="utf-8") as saida, subprocess.Popen(
            comando, cwd=RAIZ, start_new_session=True, stdout=saida,
            stderr=subprocess.STDOUT) as processo:
        try:
            codigo = processo.wait(timeout=minutos * 60)
        except subprocess.TimeoutExpired:
            print(f"Passou de {minutos:.0f} minutos: parei o mutmut; o relatório fica "
                  "parcial (rode de novo: o mutmut continua de onde parou).")
            os.killpg(processo.pid, signal.SIGTERM)
            processo.wait(30)
        else:
            if codigo != 0:
                print(final_da_saida())
                sys.exit(f"O mutmut terminou com erro (código {codigo}); a causa está "
                         f"nas mensagens acima (a saída inteira: {SAIDA}). Um teste que "
                         "falha sem mutação nenhuma (\"Failed to run clean test\" ou "
                         "\"failed to collect stats\") precisa ser consertado antes.")
    return time.monotonic() - inicio


def final_da_saida(linhas=40):
    """As últimas linhas do que o mutmut escreveu, sem as animações de progresso."""
    texto = SAIDA.read_text("utf-8", errors="replace")
    texto = re.sub(r"[\u2800-\u28ff]", "", texto).replace("\r", "\n")
    uteis = [linha for linha in texto.splitlines()
             if linha.strip() and not linha.strip().startswith(("Running", "Generating"))]
    return "\n".join(uteis[-linhas:])


def resultados():
    """``{nome do mutante: situação}``, como ``mutmut results --all true`` mostra."""
    saida = subprocess.run([mutmut(), "results", "--all", "true"], cwd=RAIZ,
                           capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^\s*(\S+): (.+?)\s*$", saida, flags=re.M))


def modulo(nome):
    """``ecolab.tcp.xǁServidorTCPǁ_abrir__mutmut_2`` -> ``ecolab.tcp``."""
    return re.split(r"\.xǁ|\.x_", nome, maxsplit=1)[0]


def diferenca(nome):
    """O que o mutante mudou (as linhas ``-``/``+`` do ``mutmut show``).

    Pela API do próprio mutmut, no mesmo processo: chamar ``mutmut show`` para
    cada sobrevivente levaria mais de um segundo por mutante.
    """
    from mutmut.__main__ import find_mutant, get_diff_for_mutant

    diferencas = get_diff_for_mutant(nome, path=find_mutant(nome).path)
    return "\n".join(linha for linha in diferencas.splitlines()
                     if linha[:1] in "-+" and not linha.startswith(("---", "+++")))


def relatorio(situacoes, segundos, aceitos):
    """O texto do relatório e se a meta foi cumprida."""
    por_modulo = defaultdict(Counter)
    for nome, situacao in situacoes.items():
        por_modulo[modulo(nome)][situacao] += 1
    linhas = [
        "# Relatório do teste de mutação",
        "",
        f"Gerado por `ferramentas/mutacao.py` em {date.today().isoformat()}"
        + (f", em {segundos / 60:.0f} minutos" if segundos else "") + ".",
        "",
        "| módulo | mutantes | não rodados | mortos | sobreviventes | taxa |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    cumpriu = True
    for nome in sorted(por_modulo):
        contagem = por_modulo[nome]
        mortos = sum(contagem[s] for s in MORTOS)
        vivos = sum(contagem[s] for s in VIVOS)
        testados = mortos + vivos
        taxa = vivos / testados if testados else 0.0
        cumpriu &= taxa <= META
        marca = "" if taxa <= META else " ✘"
        faltam = sum(contagem.values()) - testados
        cumpriu &= faltam == 0
        linhas.append(f"| `{nome}` | {testados + faltam} | {faltam} | {mortos} | {vivos} | "
                      f"{round(100 * taxa)}%{marca} |")
    sobreviventes = sorted(n for n, s in situacoes.items() if s in VIVOS)
    linhas += ["", f"## Sobreviventes ({len(sobreviventes)})", ""]
    for nome in sobreviventes:
        motivo = aceitos.get(nome)
        cumpriu &= motivo is not None
        linhas += [f"- `{nome}` ({situacoes[nome]}): {motivo or '**SEM MOTIVO**'}",
                   "", "  ```diff", *("  " + l for l in diferenca(nome).splitlines()),
                   "  ```", ""]
    return "\n".join(linhas) + "\n", cumpriu


def main(argv=None):
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--minutos", type=float, default=30,
                            help="prazo total do mutmut (padrão: 30)")
    argumentos.add_argument("--processos", type=int, default=os.cpu_count() or 1,
                            help="mutantes testados ao mesmo tempo (padrão: um por núcleo)")
    argumentos.add_argument("--modulo", action="append", default=[], metavar="MÓDULO",
                            help="só os mutantes deste módulo (ecolab.tcp, por exemplo); "
                                 "pode repetir; o relatório continua mostrando todos")
    argumentos.add_argument("--so-relatorio", action="store_true",
                            help="não roda o mutmut; só refaz o relatório do que já rodou")
    opcoes = argumentos.parse_args(argv)
    segundos = None if opcoes.so_relatorio else rodar(opcoes.minutos, opcoes.processos,
                                                       opcoes.modulo)
    aceitos = json.loads(ACEITOS.read_text("utf-8")) if ACEITOS.exists() else {}
    os.chdir(RAIZ)  # o mutmut lê pyproject.toml e mutants/ da pasta atual
    texto, cumpriu = relatorio(resultados(), segundos, aceitos)
    RELATORIO.write_text(texto, "utf-8")
    print(texto.split("## Sobreviventes")[0])
    print(f"Relatório completo em {RELATORIO}.")
    return 0 if cumpriu else 1


if __name__ == "__main__":
    sys.exit(main())
