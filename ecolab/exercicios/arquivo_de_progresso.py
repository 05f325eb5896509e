"""O progresso do aluno nos exercícios, guardado num arquivo pequeno no computador dele.

Cada ``verificar(...)`` anota o resultado: **feito** (passou em tudo pelo menos
uma vez) ou **tentado** (já tentou, ainda não passou). ``progresso()`` mostra
todos os exercícios do curso com o estado de cada um, para quem volta depois
de uma semana saber onde parou.

Onde fica o arquivo (nunca dentro do repositório do curso):

- Linux: ``$XDG_DATA_HOME/ecolab/progresso.json`` (sem essa variável,
  ``~/.local/share/ecolab/progresso.json``);
- macOS: ``~/Library/Application Support/ecolab/progresso.json``;
- Windows: ``%APPDATA%\\ecolab\\progresso.json``;
- em qualquer sistema, a variável de ambiente ``ECOLAB_PROGRESSO`` escolhe
  outro arquivo (os testes usam uma pasta temporária).

O formato é JSON::

    {"versao": 1,
     "exercicios": {"tcp_eco_maiusculas": {"estado": "feito", "tentativas": 2,
                                           "ultima": "2025-03-01T10:15:02"}}}

Cuidados:

- **Arquivo que falta** é só um começo: nada feito ainda.
- **Arquivo estragado** (JSON inválido, formato estranho) não trava nada: ele
  é guardado ao lado, como ``progresso.json.corrompido``, uma mensagem explica
  o que houve e o progresso recomeça do zero.
- **Escrita atômica**: o novo conteúdo vai para um arquivo temporário na mesma
  pasta, que então substitui o antigo com ``os.replace``. Se o computador
  desligar no meio, fica o arquivo antigo inteiro ou o novo inteiro, nunca
  meio arquivo.
- Se não for possível escrever (pasta sem permissão, disco cheio), a
  verificação funciona do mesmo jeito e um aviso explica que o progresso não
  foi guardado.
"""

import html
import json
import os
import sys
import tempfile
import time
from pathlib import Path

VERSAO = 1
VARIAVEL = "ECOLAB_PROGRESSO"
ESTADOS = {"feito": "feito", "tentado": "tentado", None: "não começado"}
CORES = {"feito": "#2b8a3e", "tentado": "#e8590c", None: "#868e96"}


def caminho_do_progresso():
    """O arquivo de progresso deste usuário (``ECOLAB_PROGRESSO`` tem a palavra final)."""
    escolhido = os.environ.get(VARIAVEL)
    if escolhido:
        return Path(escolhido).expanduser()
    return pasta_de_dados() / "ecolab" / "progresso.json"


def pasta_de_dados():
    """A pasta onde cada sistema guarda os dados dos programas do usuário."""
    casa = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or casa / "AppData" / "Roaming")
    if sys.platform == "darwin":
        return casa / "Library" / "Application Support"
    return Path(os.environ.get("XDG_DATA_HOME") or casa / ".local" / "share")


def carregar(caminho=None):
    """Lê o progresso: ``{identificador: {"estado": ..., ...}}`` (vazio se não houver).

    Um arquivo estragado é guardado como ``.corrompido`` e o progresso recomeça.
    """
    caminho = Path(caminho or caminho_do_progresso())
    try:
        texto = caminho.read_text("utf-8")
    except FileNotFoundError:
        return {}
    except OSError as erro:
        print(f"Aviso: não consegui ler o progresso em {caminho} ({erro}); "
              "os exercícios funcionam, mas o progresso não será mostrado.")
        return {}
    try:
        exercicios = _conferir_formato(json.loads(texto))
    except (ValueError, TypeError, AttributeError):
        _guardar_estragado(caminho)
        return {}
    return exercicios


def _conferir_formato(dados):
    """Devolve o dicionário de exercícios, ou levanta ``ValueError`` se o formato for outro."""
    exercicios = dados.get("exercicios")
    if dados.get("versao") != VERSAO or not isinstance(exercicios, dict):
        raise ValueError("formato desconhecido")
    for registro in exercicios.values():
        if registro.get("estado") not in ("feito", "tentado"):
            raise ValueError("estado desconhecido")
        if not isinstance(registro.get("tentativas", 0), int):
            raise ValueError("número de tentativas inválido")
    return exercicios


def _guardar_estragado(caminho):
    destino = caminho.with_name(caminho.name + ".corrompido")
    try:
        os.replace(caminho, destino)
        onde = f"O arquivo antigo foi guardado em {destino}."
    except OSError:
        onde = "Não consegui guardar o arquivo antigo ao lado."
    print(f"Aviso: o arquivo de progresso {caminho} estava estragado (não é o JSON "
          f"que o ecolab escreve). {onde} O progresso recomeça do zero; os exercícios "
          "que você já fez voltam a aparecer como feitos quando você os verificar de novo.")


def salvar(exercicios, caminho=None):
    """Grava o progresso de forma atômica; devolve ``True`` se conseguiu."""
    caminho = Path(caminho or caminho_do_progresso())
    texto = json.dumps({"versao": VERSAO, "exercicios": exercicios},
                       ensure_ascii=False, indent=1, sort_keys=True)
    temporario = None
    try:
        caminho.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=caminho.parent,
                                         prefix=caminho.name, suffix=".tmp",
                                         delete=False) as arquivo:
            temporario = arquivo.name
            arquivo.write(texto)
            arquivo.flush()
            os.fsync(arquivo.fileno())
        os.replace(temporario, caminho)
    except OSError as erro:
        if temporario is not None:
            Path(temporario).unlink(missing_ok=True)
        print(f"Aviso: não consegui guardar o progresso em {caminho} ({erro}). A "
              f"verificação vale do mesmo jeito. Para escolher outro arquivo, defina "
              f"a variável de ambiente {VARIAVEL}.")
        return False
    return True


def anotar(identificador, passou, caminho=None):
    """Anota uma tentativa: ``passou`` vira "feito"; um exercício feito continua feito."""
    exercicios = carregar(caminho)
    registro = exercicios.get(identificador, {"estado": "tentado", "tentativas": 0})
    registro["tentativas"] = int(registro.get("tentativas", 0)) + 1
    registro["ultima"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    if passou:
        registro["estado"] = "feito"
    exercicios[identificador] = registro
    return salvar(exercicios, caminho)


class Tabela:
    """A tabela de progresso: HTML no Jupyter, texto no terminal (``print``).

    ``linhas``: lista de ``(licao, identificador, titulo, estado, tentativas)``,
    com ``estado`` igual a "feito", "tentado" ou ``None`` (não começado).
    """

    def __init__(self, linhas, caminho):
        self.linhas = list(linhas)
        self.caminho = caminho

    def contar(self, estado):
        return sum(1 for linha in self.linhas if linha[3] == estado)

    def _rodape(self):
        return (f"{self.contar('feito')} de {len(self.linhas)} exercícios feitos, "
                f"{self.contar('tentado')} tentados. Arquivo: {self.caminho}")

    def __str__(self):
        cabecalho = f"{'lição':<6}{'exercício':<30}{'estado':<14}tentativas"
        linhas = [cabecalho, "-" * len(cabecalho)]
        for licao, identificador, _, estado, tentativas in self.linhas:
            linhas.append(f"{licao:<6}{identificador:<30}{ESTADOS[estado]:<14}{tentativas}")
        return "\n".join([*linhas, "", self._rodape()])

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        celulas = "".join(
            f"<tr><td>{licao}</td><td><code>{identificador}</code></td>"
            f"<td>{html.escape(titulo)}</td>"
            f'<td style="color:{CORES[estado]}"><b>{ESTADOS[estado]}</b></td>'
            f"<td>{tentativas}</td></tr>"
            for licao, identificador, titulo, estado, tentativas in self.linhas
        )
        return (
            '<table class="ecolab-progresso"><thead><tr><th>lição</th><th>exercício</th>'
            "<th>o que pede</th><th>estado</th><th>tentativas</th></tr></thead>"
            f"<tbody>{celulas}</tbody></table><p>{html.escape(self._rodape())}</p>"
        )
