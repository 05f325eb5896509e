"""A cópia do aluno: as lições do curso numa pasta dele, sem nunca perder o que ele fez.

O aluno estuda numa CÓPIA das lições (por padrão ``~/ecolab-curso``), nunca nas
lições do curso: assim o que ele escreve e salva é só dele, e o curso pode ser
atualizado sem apagar nada. Quem copia é o lançador (``ecolab``), a cada vez que
abre o curso, chamando :func:`preparar_copia`.

Como saber se o aluno mexeu numa lição? Na pasta dele fica um arquivo pequeno,
o manifesto (``.ecolab-manifesto.json``), com o *resumo* (hash SHA-256) de cada
arquivo como ele foi copiado. Comparando três resumos — o da cópia do aluno, o
do manifesto e o da versão atual do curso — cada arquivo cai num destes casos:

==========================================  ==========================================
situação                                    o que acontece
==========================================  ==========================================
lição nova no curso                         é copiada ("copiada")
a cópia do aluno é igual à do curso         nada
aluno editou, o curso não mudou             nada: o arquivo é dele
aluno não editou, o curso mudou             a cópia é trocada pela nova ("atualizada")
aluno editou E o curso mudou                nada é tocado; o aviso diz como pegar a
                                            versão nova ("versao_nova"): ``--restaurar``
aluno apagou a lição                        é copiada de novo, com aviso ("recopiada"):
                                            apagar não perde trabalho, e o aluno que
                                            quer recomeçar uma lição faz exatamente isso
lição renomeada no curso (``RENOMEADAS``)   a lição com o nome novo é copiada; o arquivo
                                            com o nome antigo fica como está ("renomeada")
lição que saiu do curso                     a cópia do aluno fica; só o aviso ("retirada")
==========================================  ==========================================

Nenhum desses casos apaga ou sobrescreve trabalho do aluno: o único arquivo
trocado é um que está byte a byte igual ao que o curso copiou. :func:`restaurar`
dá uma cópia nova de uma lição e guarda a do aluno ao lado, com a data no nome.

Para quem chama:
  - :func:`preparar_copia` (pasta) → lista de :class:`Mudanca`;
  - :func:`restaurar` (pasta, nome da lição) → uma :class:`Mudanca`;
  - :func:`mensagens` (mudanças) → os textos para o aluno, em português;
  - :func:`arquivos_do_curso` → o curso instalado, ``{caminho: bytes}``.
"""

import datetime
import hashlib
import importlib.resources
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .erros import LicaoDesconhecida, PastaDoCurso

NOME_DO_MANIFESTO = ".ecolab-manifesto.json"
VERSAO_DO_MANIFESTO = 1
PASTA_DAS_SOLUCOES = "solucoes"

# Lições renomeadas: {"nome antigo": "nome novo"}, com o caminho dentro da pasta
# do aluno (por exemplo "02_udp.ipynb": "03_udp.ipynb" quando uma lição nova
# entra antes dela na numeração, ou "solucoes/solucao_02_udp.py": ...).
# Quando o manifesto do aluno conhece o nome antigo, a lição com o nome novo é
# copiada, o arquivo antigo do aluno fica onde está e o aviso explica.
# Regras: um nome novo nunca reaproveita um nome antigo (o teste confere), e
# uma entrada nunca sai da tabela (um aluno pode pular várias versões; nomes em
# cadeia, "a" → "b" e "b" → "c", são seguidos até o fim).
RENOMEADAS = {
    # Sessão 4: o "projeto final" virou a lição 05 de transferência confiável; o
    # projeto final novo será a lição 10 (a numeração do curso está no README).
    "05_projeto_final.ipynb": "05_transferencia_confiavel.ipynb",
    "solucoes/solucao_05_projeto_final.py": "solucoes/solucao_05_transferencia_confiavel.py",
    "solucoes/solucao_05_projeto_final.ipynb": "solucoes/solucao_05_transferencia_confiavel.ipynb",
}


@dataclass(frozen=True)
class Mudanca:
    """Uma coisa que aconteceu (ou que o aluno precisa saber) com um arquivo.

    ``tipo`` é um de: "copiada", "atualizada", "recopiada", "versao_nova",
    "renomeada" (``antes`` = nome antigo), "retirada", "restaurada"
    (``antes`` = onde a cópia do aluno foi guardada) e "ja_igual".
    """

    tipo: str
    arquivo: str
    antes: str = ""


# ----- o curso instalado -------------------------------------------------------


def arquivos_do_curso():
    """As lições (``*.ipynb``) e ``solucoes/`` do pacote instalado: ``{caminho: bytes}``.

    Os caminhos usam ``/`` em qualquer sistema (``"solucoes/solucao_01_tcp.py"``).
    Ficam de fora os arquivos que o Python ou o Jupyter criam sozinhos (``.pyc``,
    pastas de cache, arquivos ocultos).
    """
    raiz = importlib.resources.files("ecolab.licoes")
    curso = {
        item.name: item.read_bytes()
        for item in raiz.iterdir()
        if item.is_file() and item.name.endswith(".ipynb")
    }
    for item in (raiz / PASTA_DAS_SOLUCOES).iterdir():
        if item.is_file() and not item.name.startswith(".") and not item.name.endswith(".pyc"):
            curso[f"{PASTA_DAS_SOLUCOES}/{item.name}"] = item.read_bytes()
    return curso


def conferir_que_nao_e_a_pasta_do_curso(pasta):
    """Levanta :class:`PastaDoCurso` se ``pasta`` é onde estão as lições originais.

    Numa instalação editável (``pip install -e .``) as lições originais são o
    próprio ``notebooks/`` do repositório: é a cópia que protege o aluno (e os
    testes), então o lançador recusa trabalhar ali.
    """
    originais = importlib.resources.files("ecolab.licoes")
    if isinstance(originais, Path) and Path(pasta).resolve() == originais.resolve():
        raise PastaDoCurso(pasta)


def resumo(conteudo):
    """O resumo SHA-256 de um conteúdo (bytes), em hexadecimal."""
    return hashlib.sha256(conteudo).hexdigest()


def e_licao(caminho):
    """Uma lição é um notebook no alto da pasta (as soluções ficam em ``solucoes/``)."""
    return "/" not in caminho and caminho.endswith(".ipynb")


# ----- o manifesto ---------------------------------------------------------------


def ler_manifesto(pasta):
    """``{caminho: resumo como copiado}``; vazio se não há manifesto (ou ele está ilegível).

    Um manifesto ilegível não é um problema grave: sem ele, nenhum arquivo do
    aluno é sobrescrito (só se perde a distinção "editado ou não").
    """
    try:
        dados = json.loads((Path(pasta) / NOME_DO_MANIFESTO).read_text(encoding="utf-8"))
        return dict(dados["arquivos"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def gravar_manifesto(pasta, arquivos):
    """Grava o manifesto de uma vez (arquivo temporário + troca), nunca pela metade."""
    dados = {
        "versao": VERSAO_DO_MANIFESTO,
        "sobre": "Arquivo do ecolab: o resumo (SHA-256) de cada arquivo como foi "
        "copiado do curso. Serve para saber se você editou uma lição. Não apague.",
        "arquivos": dict(sorted(arquivos.items())),
    }
    destino = Path(pasta) / NOME_DO_MANIFESTO
    temporario = destino.with_name(destino.name + ".tmp")
    temporario.write_text(json.dumps(dados, indent=1, ensure_ascii=False) + "\n", "utf-8")
    os.replace(temporario, destino)


# ----- preparar a cópia ------------------------------------------------------------


def nome_atual(caminho, renomeadas=RENOMEADAS):
    """Segue a tabela de renomeações até o nome de hoje."""
    vistos = {caminho}
    while caminho in renomeadas and renomeadas[caminho] not in vistos:
        caminho = renomeadas[caminho]
        vistos.add(caminho)
    return caminho


def preparar_copia(pasta, curso=None, renomeadas=RENOMEADAS):
    """Deixa a pasta do aluno em dia com o curso, sem tocar em trabalho dele.

    Cria a pasta se preciso, copia o que falta, atualiza o que o aluno não
    editou e grava o manifesto (só se ele mudou: quando nada muda, nenhum
    arquivo da pasta é escrito). Devolve as :class:`Mudanca` que o aluno deve
    saber (vazia quando nada mudou).
    """
    pasta = Path(pasta)
    pasta.mkdir(parents=True, exist_ok=True)
    curso = arquivos_do_curso() if curso is None else curso
    manifesto = ler_manifesto(pasta)
    como_estava = dict(manifesto)
    nomes_antigos = {
        nome_atual(antigo, renomeadas): antigo
        for antigo in manifesto
        if antigo not in curso and nome_atual(antigo, renomeadas) in curso
    }
    mudancas = []
    for caminho in sorted(curso):
        mudanca = _sincronizar(pasta, caminho, curso[caminho], manifesto)
        if mudanca and mudanca.tipo == "copiada" and caminho in nomes_antigos:
            mudanca = Mudanca("renomeada", caminho, nomes_antigos[caminho])
        if mudanca:
            mudancas.append(mudanca)
    for antigo in sorted(set(manifesto) - set(curso)):
        del manifesto[antigo]
        if antigo not in nomes_antigos.values():
            mudancas.append(Mudanca("retirada", antigo))
    if manifesto != como_estava or not (pasta / NOME_DO_MANIFESTO).exists():
        gravar_manifesto(pasta, manifesto)
    return mudancas


def _sincronizar(pasta, caminho, conteudo, manifesto):
    """Um arquivo do curso contra a cópia do aluno; anota o manifesto; devolve a mudança."""
    destino = pasta / caminho
    do_curso = resumo(conteudo)
    copiado = manifesto.get(caminho)
    if not destino.exists():
        _copiar(conteudo, destino)
        manifesto[caminho] = do_curso
        return Mudanca("recopiada" if copiado else "copiada", caminho)
    do_aluno = resumo(destino.read_bytes())
    if do_aluno == do_curso:
        manifesto[caminho] = do_curso
        return None
    if copiado == do_curso:
        return None  # o aluno editou e o curso não mudou: o arquivo é dele
    if do_aluno == copiado:
        _copiar(conteudo, destino)  # intacta: trocar não perde nada
        manifesto[caminho] = do_curso
        return Mudanca("atualizada", caminho)
    return Mudanca("versao_nova", caminho)


def _copiar(conteudo, destino):
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(conteudo)


# ----- restaurar uma lição -----------------------------------------------------------


def achar_no_curso(nome, curso):
    """O caminho do curso que ``nome`` indica: "01", "01_tcp", "01_tcp.ipynb" ou o caminho.

    Levanta :class:`LicaoDesconhecida` (com a lista das lições) se nenhum, ou
    mais de um, arquivo serve.
    """
    nome = nome.strip().replace("\\", "/")
    if nome in curso:
        return nome
    licoes = sorted(c for c in curso if e_licao(c))
    candidatos = [c for c in licoes if c[: -len(".ipynb")] == nome]
    if not candidatos and nome.isdigit():
        candidatos = [c for c in licoes if c.startswith(nome.zfill(2) + "_")]
    if len(candidatos) != 1:
        raise LicaoDesconhecida(nome, licoes)
    return candidatos[0]


def nome_para_guardar(destino, dia):
    """``01_tcp (sua cópia de 2026-11-29).ipynb``; com ", 2", ", 3"… se já existir."""
    base = f"{destino.stem} (sua cópia de {dia.isoformat()}"
    candidato = destino.with_name(f"{base}){destino.suffix}")
    numero = 2
    while candidato.exists():
        candidato = destino.with_name(f"{base}, {numero}){destino.suffix}")
        numero += 1
    return candidato


def restaurar(pasta, nome, curso=None, dia=None):
    """Dá uma cópia nova de uma lição; a do aluno é guardada ao lado, com a data no nome."""
    pasta = Path(pasta)
    curso = arquivos_do_curso() if curso is None else curso
    caminho = achar_no_curso(nome, curso)
    destino = pasta / caminho
    guardada = ""
    if destino.exists():
        if resumo(destino.read_bytes()) == resumo(curso[caminho]):
            return Mudanca("ja_igual", caminho)
        nova_casa = nome_para_guardar(destino, dia or datetime.date.today())
        destino.rename(nova_casa)
        guardada = nova_casa.relative_to(pasta).as_posix()
    _copiar(curso[caminho], destino)
    manifesto = ler_manifesto(pasta)
    manifesto[caminho] = resumo(curso[caminho])
    gravar_manifesto(pasta, manifesto)
    return Mudanca("restaurada", caminho, guardada)


# ----- o que dizer ao aluno --------------------------------------------------------------


def _rotulo(caminho):
    return f"a lição {caminho}" if e_licao(caminho) else f"o arquivo {caminho}"


def mensagens(mudancas, comando="ecolab"):
    """Os avisos para o aluno, um texto por assunto.

    ``comando`` é como o aluno chama o lançador (com ``--pasta``, se ele usou),
    para que a instrução de ``--restaurar`` funcione copiada e colada.
    """
    textos = []
    copiadas = [m.arquivo for m in mudancas if m.tipo == "copiada"]
    licoes = [c for c in copiadas if e_licao(c) and c[:2].isdigit()]  # NN_nome.ipynb
    if licoes:
        quantas = "1 lição" if len(licoes) == 1 else f"{len(licoes)} lições"
        textos.append(f"Copiei para a sua pasta {quantas}: {', '.join(licoes)}.")
    apoio = [c for c in copiadas if c not in licoes]
    if apoio:
        quantos = "1 arquivo" if len(apoio) == 1 else f"{len(apoio)} arquivos"
        partes = [c for c in apoio if "/" not in c]  # o glossário
        if len(partes) < len(apoio):
            partes.append("as soluções, em solucoes/")
        textos.append(f"Copiei também {quantos} de apoio ({' e '.join(partes)}).")
    for mudanca in mudancas:
        texto = _mensagem_de_uma(mudanca)
        if texto:
            textos.append(texto)
    editadas = [m.arquivo for m in mudancas if m.tipo == "versao_nova"]
    if editadas:
        textos.append(_mensagem_de_versao_nova(editadas, comando))
    return textos


def _mensagem_de_uma(mudanca):
    arquivo, antes = mudanca.arquivo, mudanca.antes
    rotulo = _rotulo(arquivo)
    if mudanca.tipo == "atualizada":
        return f"Atualizei {rotulo}: o curso tem uma versão nova e a sua cópia estava intacta."
    if mudanca.tipo == "recopiada":
        return (
            f"{rotulo.capitalize()} não estava na sua pasta (foi apagada?): "
            "copiei de novo a versão do curso."
        )
    if mudanca.tipo == "renomeada":
        return (
            f"A lição {antes} agora se chama {arquivo}: copiei {arquivo} para a sua "
            f"pasta. O seu arquivo {antes} continua lá, com tudo o que você fez."
        )
    if mudanca.tipo == "retirada":
        return f"{rotulo.capitalize()} saiu do curso; a sua cópia continua na pasta."
    if mudanca.tipo == "restaurada" and antes:
        return (
            f"Restaurei {rotulo} com a versão do curso. A sua cópia foi guardada "
            f'como "{antes}".'
        )
    if mudanca.tipo == "restaurada":
        return f"Copiei {rotulo} do curso (não havia cópia sua)."
    if mudanca.tipo == "ja_igual":
        return f"{rotulo.capitalize()} já é igual à versão do curso: nada a restaurar."
    return ""


def _mensagem_de_versao_nova(arquivos, comando):
    nomes = " ".join(Path(a).stem if e_licao(a) else a for a in arquivos)
    return (
        "O curso tem uma versão nova destes arquivos, que você editou "
        "(as suas cópias NÃO foram tocadas):\n"
        + "".join(f"  - {a}\n" for a in arquivos)
        + "Para pegar a versão nova guardando a sua ao lado, com a data no nome, "
        "feche a lição no JupyterLab e rode:\n"
        f"  {comando} --restaurar {nomes}"
    )
