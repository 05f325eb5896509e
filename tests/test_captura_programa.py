"""Sem o socket de pacotes, a captura usa o tcpdump ou o dumpcap; a escolha da interface.

Os testes com programa de verdade simulam o ``PermissionError`` do ``AF_PACKET``
(o que um usuário sem privilégio recebe) e rodam como root, como no CI: o
tcpdump e o dumpcap do Debian capturam no lugar do socket de pacotes.
"""

import os

import pytest
from ajudantes_captura import (
    conversa_tcp,
    exigir_root,
    sequencia,
    servidor_tcp_em_porta_livre,
)
from conftest import exigir_programa

from ecolab.captura import ao_vivo, capturar, programas

LISTA_DO_NPCAP = """\
1. \\Device\\NPF_{3C1D8F2A-6B7E-4A0C-9F11-2D5E8B7A6C40} (Intel(R) Ethernet Connection)
2. \\Device\\NPF_Loopback (Adapter for loopback traffic capture)
3. etwdump (Event Tracing for Windows (ETW) reader)
"""

LISTA_DO_NPCAP_ANTIGO = """\
1. \\Device\\NPF_{3C1D8F2A-6B7E-4A0C-9F11-2D5E8B7A6C40} (Ethernet)
2. \\Device\\NPF_{A1B2C3D4-0000-1111-2222-333344445555} (Npcap Loopback Adapter)
"""

LISTA_SEM_LOOPBACK = "1. \\Device\\NPF_{3C1D8F2A-6B7E-4A0C-9F11-2D5E8B7A6C40} (Ethernet)\n"


def test_interface_de_loopback_em_cada_sistema():
    assert programas.interface_de_loopback("Linux") == "lo"
    assert programas.interface_de_loopback("Darwin") == "lo0"
    assert programas.interface_de_loopback("FreeBSD") == "lo0"


def test_no_windows_a_interface_vem_da_lista_do_dumpcap():
    assert programas.interface_de_loopback("Windows", LISTA_DO_NPCAP) == "\\Device\\NPF_Loopback"
    assert programas.interface_de_loopback("Windows", LISTA_DO_NPCAP_ANTIGO) == (
        "\\Device\\NPF_{A1B2C3D4-0000-1111-2222-333344445555}"
    )
    assert programas.interface_de_loopback("Windows", LISTA_SEM_LOOPBACK) is None
    assert programas.interface_de_loopback("Windows", "") is None


def test_no_windows_so_o_dumpcap_e_achado_onde_o_wireshark_o_instala(tmp_path, monkeypatch):
    (tmp_path / "Wireshark").mkdir()
    (tmp_path / "Wireshark" / "dumpcap.exe").write_bytes(b"")
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    monkeypatch.setattr(programas.shutil, "which", lambda nome: None)
    assert programas.programas_de_captura("Windows") == [
        ("dumpcap", str(tmp_path / "Wireshark" / "dumpcap.exe"))]


def test_tcpdump_vem_antes_do_dumpcap_fora_do_windows(monkeypatch):
    monkeypatch.setattr(programas.shutil, "which", lambda nome: f"/usr/bin/{nome}")
    assert [nome for nome, _ in programas.programas_de_captura("Linux")] == ["tcpdump", "dumpcap"]


def sem_socket_de_pacotes(monkeypatch, so_o_programa):
    """Simula um usuário sem privilégio que só pode usar ``so_o_programa``."""

    def negado(porta):
        raise PermissionError(1, "Operation not permitted")

    achados = programas.programas_de_captura
    monkeypatch.setattr(ao_vivo, "SocketDePacotes", negado)
    monkeypatch.setattr(
        programas, "programas_de_captura",
        lambda sistema: [p for p in achados(sistema) if p[0] == so_o_programa],
    )


@pytest.mark.parametrize("programa, pacote", [("tcpdump", "tcpdump"), ("dumpcap", "tshark")])
def test_sem_privilegio_o_programa_captura_a_conversa_inteira(monkeypatch, programa, pacote):
    exigir_root()
    exigir_programa(programa, pacote)
    sem_socket_de_pacotes(monkeypatch, programa)
    with servidor_tcp_em_porta_livre() as servidor:
        with capturar(porta=servidor.porta) as captura:
            conversa_tcp(servidor.porta)
    assert captura.fonte == f"{programa} na interface lo"
    vistos = sequencia(captura.pacotes, servidor.porta)
    assert vistos[:3] == [("→", "SYN", b""), ("←", "SYN,ACK", b""), ("→", "ACK", b"")]
    assert [dados for _, _, dados in vistos if dados] == [
        "Olá, servidor!\n".encode(), "Resposta do servidor: Olá, servidor!\n".encode(),
        b"Tudo bem?\n", b"Resposta do servidor: Tudo bem?\n",
    ]
    assert sorted(s for s, flags, _ in vistos if "FIN" in flags) == ["←", "→"]
    assert all(p.dados != b"ecolab: fim da captura" for p in captura.pacotes)


def test_programa_parado_mesmo_com_excecao_no_bloco(monkeypatch):
    exigir_root()
    exigir_programa("tcpdump", "tcpdump")
    sem_socket_de_pacotes(monkeypatch, "tcpdump")
    iniciados = []
    original = ao_vivo.CapturaPorPrograma.iniciar

    def guardar(captor):
        iniciados.append(captor)
        return original(captor)

    monkeypatch.setattr(ao_vivo.CapturaPorPrograma, "iniciar", guardar)
    with servidor_tcp_em_porta_livre() as servidor:
        with pytest.raises(KeyError):
            with capturar(porta=servidor.porta):
                raise KeyError("erro no bloco")
    [captor] = iniciados
    assert captor._processo.poll() is not None  # o tcpdump terminou
    assert not os.path.exists(captor._pasta)  # e a pasta temporária foi apagada


def test_programa_encerrado_a_forca_com_pacote_pela_metade_vale_a_ultima_leitura(monkeypatch):
    exigir_root()
    exigir_programa("tcpdump", "tcpdump")
    sem_socket_de_pacotes(monkeypatch, "tcpdump")
    original = ao_vivo.CapturaPorPrograma._encerrar

    def encerrar_e_estragar(captor):  # como um kill no meio da escrita de um pacote
        original(captor)
        if os.path.exists(captor.arquivo):
            with open(captor.arquivo, "ab") as arquivo:
                arquivo.write(b"\x01\x02\x03")

    monkeypatch.setattr(ao_vivo.CapturaPorPrograma, "_encerrar", encerrar_e_estragar)
    with servidor_tcp_em_porta_livre() as servidor:
        with capturar(porta=servidor.porta) as captura:
            conversa_tcp(servidor.porta)
    assert [p.dados for p in captura.pacotes if p.dados][0] == "Olá, servidor!\n".encode()
    assert sorted(s for s, f, _ in sequencia(captura.pacotes, servidor.porta) if "FIN" in f) == [
        "←", "→"]
