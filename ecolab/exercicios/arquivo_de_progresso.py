"""O progresso do aluno nos exercícios, guardado num arquivo pequeno no computador dele.

Cada ``verificar(...)`` anota o resultado: **feito** (passou em tudo pelo menos
uma vez) ou **tentado** (já tentou, ainda não passou). ``progresso()`` mostra
todos os exercícios do curso com o estado de cada um, para quem volta depois
de uma semana saber onde parou. A tabela fica em :mod:`.tabela_de_progresso`.

Onde fica o arquivo (nunca dentro do repositório do curso):

- Linux: ``$XDG_DATA_HOME/ecolab/progresso.json`` (sem essa variável,
  ``~/.local/share/ecolab/progresso.json``);
- macOS: ``~/Library/Application Support/ecolab/progresso.json``;
- Windows: ``%APPDATA%\\ecolab\\progresso.json``;
- em qualquer sistema, a variável de ambiente ``ECOLAB_PROGRESSO`` escolhe
  outro arquivo (os testes usam uma pasta temporária).

O formato (versão 2) é JSON::

    {"versao": 2,
     "exercicios": {
       "tcp_eco_maiusculas": {"estado": "feito", "tentativas": 2,
                              "impressao": "fonte:3f2a9c0d4b1e8a77",
                              "ultima": "2026-03-01T10:15:02"}},
     "perguntas": {
       "tcp_tres_vias": {"primeira_resposta": "b", "acertou": true,
                         "respondida_em": "2026-03-01T10:20:40",
                         "ultima_resposta": "c"}}}

- ``exercicios``: um registro por **identificador** de exercício (nunca por
  número de lição: lições podem ser renumeradas sem mexer no arquivo).
  ``estado`` é "feito" ou "tentado"; ``tentativas`` conta as respostas
  **diferentes** conferidas: ``impressao`` é a impressão digital da última
  resposta conferida (:mod:`.impressao_digital`), e conferir de novo a mesma
  resposta (um "Run All") não conta outra tentativa. ``ultima`` é a data da
  última tentativa contada.
- ``perguntas``: as perguntas conceituais de múltipla escolha. Vale a
  **primeira** resposta (``primeira_resposta`` e ``acertou``); responder de
  novo só muda ``ultima_resposta``.
- Identificadores que o curso já não usa ficam no arquivo como estão (um
  exercício substituído por outro não perde o histórico; só não aparece na
  tabela). Um exercício **renomeado** entra em ``RENOMEADOS`` (antigo -> novo):
  ao carregar, o registro antigo passa para o nome novo. Por isso um
  identificador nunca é reaproveitado para outro exercício.

Versões:

- **versão 1** (até 2026): só ``exercicios``, sem ``impressao``, e sem
  ``perguntas``. É migrada ao carregar: nada se perde. Na primeira gravação
  depois disso, o arquivo antigo fica guardado ao lado, como ``progresso.json.v1``;
- **versão maior que 2** (de um ecolab mais novo): o arquivo **não** é
  sobrescrito; um aviso explica que este ecolab é antigo para ele e o
  progresso desta sessão não é guardado.

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

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..erros import ErroEcolab

VERSAO = 2
VARIAVEL = "ECOLAB_PROGRESSO"
RENOMEADOS = {}  # identificador antigo -> identificador novo (exercícios e perguntas)


class ProgressoDeVersaoFutura(ErroEcolab):
    """O arquivo de progresso foi escrito por um ecolab mais novo que este."""

    def __init__(self, caminho, versao):
        self.caminho, self.versao = caminho, versao
        super().__init__(
            f"O arquivo de progresso {caminho} é da versão {versao}, de um ecolab mais "
            f"novo que este (que entende até a versão {VERSAO}). Ele não foi alterado, e "
            "o progresso desta sessão não será guardado. Atualize o ecolab (pip install "
            "-U ecolab, ou git pull no curso) para continuar de onde parou."
        )


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


def vazio():
    """O progresso de quem ainda não fez nada."""
    return {"versao": VERSAO, "exercicios": {}, "perguntas": {}}


# ----- ler ----------------------------------------------------------------------


def carregar(caminho=None, renomeados=None):
    """Lê o progresso, já na versão 2 e com os nomes novos (vazio se não houver).

    Um arquivo estragado é guardado como ``.corrompido`` e o progresso recomeça;
    um de versão futura é deixado como está (com um aviso).
    """
    try:
        return _ler(Path(caminho or caminho_do_progresso()), renomeados)
    except ProgressoDeVersaoFutura as aviso:
        print(f"Aviso: {aviso}")
        return vazio()


def _ler(caminho, renomeados=None):
    """Como :func:`carregar`, mas levanta :class:`ProgressoDeVersaoFutura`."""
    try:
        texto = caminho.read_text("utf-8")
    except FileNotFoundError:
        return vazio()
    except OSError as erro:
        print(f"Aviso: não consegui ler o progresso em {caminho} ({erro}); "
              "os exercícios funcionam, mas o progresso não será mostrado.")
        return vazio()
    try:
        dados = json.loads(texto)
        versao = dados.get("versao")
        if isinstance(versao, int) and not isinstance(versao, bool) and versao > VERSAO:
            raise ProgressoDeVersaoFutura(caminho, versao)
        dados = _conferir_formato(_migrar(dados))
    except (ValueError, TypeError, AttributeError):
        _guardar_estragado(caminho)
        return vazio()
    return _aplicar_renomeacoes(dados, RENOMEADOS if renomeados is None else renomeados)


def _migrar(dados):
    """Leva um arquivo da versão 1 para a 2 (a 2 passa como está)."""
    if dados.get("versao") == 1:
        return {"versao": VERSAO, "exercicios": dados.get("exercicios"), "perguntas": {}}
    return dados


def _conferir_formato(dados):
    """Devolve os dados, ou levanta ``ValueError`` se o formato não for o da versão 2."""
    exercicios, perguntas = dados.get("exercicios"), dados.get("perguntas")
    if dados.get("versao") != VERSAO or not isinstance(exercicios, dict) \
            or not isinstance(perguntas, dict):
        raise ValueError("formato desconhecido")
    for registro in exercicios.values():
        if registro.get("estado") not in ("feito", "tentado"):
            raise ValueError("estado desconhecido")
        if not isinstance(registro.get("tentativas", 0), int):
            raise ValueError("número de tentativas inválido")
    for registro in perguntas.values():
        if not isinstance(registro.get("acertou"), bool) or "primeira_resposta" not in registro:
            raise ValueError("pergunta sem a primeira resposta")
    return dados


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


# ----- exercícios renomeados ---------------------------------------------------------


def _aplicar_renomeacoes(dados, renomeados):
    """Passa os registros de nomes antigos para os nomes novos (juntando, se preciso)."""
    for secao, juntar in (("exercicios", _juntar_exercicios), ("perguntas", _juntar_perguntas)):
        registros = dados[secao]
        for antigo in [nome for nome in registros if nome in renomeados]:
            novo = _nome_atual(antigo, renomeados)
            registro = registros.pop(antigo)
            registros[novo] = juntar(registros[novo], registro) if novo in registros else registro
    return dados


def _nome_atual(nome, renomeados):
    """Segue a cadeia de renomeações (a -> b -> c); uma volta (a -> b -> a) para no fim dela."""
    vistos = {nome}
    while nome in renomeados and renomeados[nome] not in vistos:
        nome = renomeados[nome]
        vistos.add(nome)
    return nome


def _juntar_exercicios(um, outro):
    """Dois registros do mesmo exercício: feito se algum foi; as tentativas somam."""
    recente, antigo = sorted((um, outro), key=lambda r: r.get("ultima", ""), reverse=True)
    juntos = dict(recente)
    juntos["tentativas"] = int(um.get("tentativas", 0)) + int(outro.get("tentativas", 0))
    if "feito" in (um["estado"], outro["estado"]):
        juntos["estado"] = "feito"
    return juntos


def _juntar_perguntas(um, outro):
    """Duas respostas da mesma pergunta: vale a que foi dada primeiro."""
    return min(um, outro, key=lambda r: r.get("respondida_em", ""))


# ----- gravar ---------------------------------------------------------------------


def salvar(dados, caminho=None):
    """Grava o progresso de forma atômica; devolve ``True`` se conseguiu.

    Nunca sobrescreve um arquivo de versão futura; antes de trocar um arquivo da
    versão 1, guarda uma cópia dele como ``progresso.json.v1``.
    """
    caminho = Path(caminho or caminho_do_progresso())
    texto = json.dumps({**dados, "versao": VERSAO}, ensure_ascii=False, indent=1,
                       sort_keys=True)
    temporario = None
    try:
        _preparar_troca(caminho)
        caminho.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=caminho.parent,
                                         prefix=caminho.name, suffix=".tmp",
                                         delete=False) as arquivo:
            temporario = arquivo.name
            arquivo.write(texto)
            arquivo.flush()
            os.fsync(arquivo.fileno())
        os.replace(temporario, caminho)
    except ProgressoDeVersaoFutura as aviso:
        print(f"Aviso: {aviso}")
        return False
    except OSError as erro:
        if temporario is not None:
            Path(temporario).unlink(missing_ok=True)
        print(f"Aviso: não consegui guardar o progresso em {caminho} ({erro}). A "
              f"verificação vale do mesmo jeito. Para escolher outro arquivo, defina "
              f"a variável de ambiente {VARIAVEL}.")
        return False
    return True


def _preparar_troca(caminho):
    """Recusa um arquivo de versão futura; guarda uma cópia de um da versão 1."""
    try:
        versao = json.loads(caminho.read_text("utf-8")).get("versao")
    except (OSError, ValueError, AttributeError):
        return  # sem arquivo (ou estragado, e já guardado ao lado): nada a proteger
    if isinstance(versao, int) and versao > VERSAO:
        raise ProgressoDeVersaoFutura(caminho, versao)
    copia = caminho.with_name(caminho.name + ".v1")
    if versao == 1 and not copia.exists():
        shutil.copy2(caminho, copia)


def _agora():
    return time.strftime("%Y-%m-%dT%H:%M:%S")


# ----- anotar e ler ---------------------------------------------------------------


def anotar(identificador, passou, impressao="", caminho=None):
    """Anota uma conferência do exercício ``identificador``; devolve ``False`` se não gravou.

    ``passou`` vira "feito", e um exercício feito continua feito. Uma tentativa
    só é contada quando ``impressao`` (a impressão digital da resposta) é
    diferente da última conferida; sem mudança nenhuma, o arquivo nem é tocado.
    """
    caminho = Path(caminho or caminho_do_progresso())
    dados = _ler_para_gravar(caminho)
    if dados is None:
        return False
    registro = dados["exercicios"].get(identificador, {"estado": "tentado", "tentativas": 0})
    mudou = not impressao or registro.get("impressao") != impressao
    novo_estado = "feito" if passou or registro["estado"] == "feito" else "tentado"
    if not mudou and novo_estado == registro["estado"]:
        return True
    if mudou:
        registro["tentativas"] = int(registro.get("tentativas", 0)) + 1
        registro["ultima"] = _agora()
    registro["estado"], registro["impressao"] = novo_estado, impressao
    dados["exercicios"][identificador] = registro
    return salvar(dados, caminho)


def _ler_para_gravar(caminho):
    """Os dados do arquivo, para mudar e gravar; ``None`` se a versão é do futuro (com aviso)."""
    try:
        return _ler(caminho)
    except ProgressoDeVersaoFutura as aviso:
        print(f"Aviso: {aviso}")
        return None


def anotar_pergunta(identificador, resposta, acertou, caminho=None):
    """Anota a resposta a uma pergunta conceitual; a primeira resposta nunca é trocada.

    Devolve ``False`` se não conseguiu gravar.
    """
    caminho = Path(caminho or caminho_do_progresso())
    dados = _ler_para_gravar(caminho)
    if dados is None:
        return False
    registro = dados["perguntas"].setdefault(identificador, {
        "primeira_resposta": resposta, "acertou": bool(acertou), "respondida_em": _agora(),
    })
    registro["ultima_resposta"] = resposta
    return salvar(dados, caminho)


def ler_pergunta(identificador, caminho=None):
    """O registro da pergunta (``primeira_resposta``, ``acertou``...), ou ``None``."""
    return carregar(caminho)["perguntas"].get(identificador)
