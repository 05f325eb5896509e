"""O JupyterLab do curso abre em português e sem a pergunta sobre novidades.

O JupyterLab tem três camadas de preferências, da mais fraca para a mais forte:

1. os padrões de cada extensão (inglês, "Jupyter news?" na primeira abertura);
2. os *overrides* do ambiente Python: arquivos JSON em
   ``{sys.prefix}/share/jupyter/lab/settings/``, que trocam os padrões só deste
   ambiente. Cada pacote pode pôr o seu em ``overrides.d/`` (lidos em ordem
   alfabética) e, por último, vale ``overrides.json``, que é do administrador;
3. as escolhas do usuário (menu Settings), guardadas na pasta dele.

O lançador grava ``overrides.d/ecolab.json`` (camada 2), um arquivo só do
ecolab: nenhum arquivo de outra pessoa é aberto ou mesclado. Então o curso abre
em português sem o aluno mexer em nada, e quem escolheu outro idioma no menu
Settings → Language continua com o seu (a camada 3 ganha da 2); um
``overrides.json`` de quem administra o ambiente também ganha do nosso.

O idioma só entra nas preferências se o pacote de idioma pt-BR
(``jupyterlab-language-pack-pt-br``) estiver instalado; sem ele o JupyterLab
ficaria em inglês de qualquer jeito.

Para quem chama:
  - :func:`preferencias_do_curso` → o dicionário que vai no arquivo;
  - :func:`gravar_preferencias` (pasta de configurações) → o caminho gravado;
  - :func:`pasta_de_configuracoes` → a pasta que o JupyterLab deste ambiente lê.
"""

import importlib.util
import json
from pathlib import Path

NOME_DO_ARQUIVO = "ecolab.json"
PACOTE_DE_IDIOMA = "jupyterlab_language_pack_pt_BR"

IDIOMA = {"@jupyterlab/translation-extension:plugin": {"locale": "pt_BR"}}
SEM_NOVIDADES = {
    # "false" é texto mesmo: a opção tem três valores ("true", "false", "none" = perguntar).
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
}


def pacote_de_idioma_instalado():
    """O pacote de idioma pt-BR do JupyterLab está neste ambiente?"""
    return importlib.util.find_spec(PACOTE_DE_IDIOMA) is not None


def preferencias_do_curso(com_portugues=None):
    """As preferências que o ecolab põe como padrão (português só com o pacote de idioma)."""
    if com_portugues is None:
        com_portugues = pacote_de_idioma_instalado()
    preferencias = dict(SEM_NOVIDADES)
    if com_portugues:
        preferencias.update(IDIOMA)
    return preferencias


def pasta_de_configuracoes():
    """A pasta de configurações do JupyterLab deste ambiente (``.../lab/settings``)."""
    from jupyterlab.commands import get_app_dir  # o JupyterLab é quem sabe onde fica

    return Path(get_app_dir()) / "settings"


def gravar_preferencias(pasta, preferencias=None):
    """Grava ``pasta/overrides.d/ecolab.json`` e devolve o caminho.

    Só esse arquivo é escrito (inteiro, quando muda): é do ecolab. Levanta
    ``OSError`` se não for possível escrever na pasta.
    """
    if preferencias is None:
        preferencias = preferencias_do_curso()
    destino = Path(pasta) / "overrides.d" / NOME_DO_ARQUIVO
    texto = json.dumps(preferencias, indent=2) + "\n"
    if destino.exists() and destino.read_text(encoding="utf-8") == texto:
        return destino  # já está assim: nada a escrever
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_text(texto, encoding="utf-8")
    return destino
