"""A tabela dos sockets da máquina: pelo psutil (aqui, no Linux, ao vivo) e pelo
``netstat -an`` do macOS e do Windows (com saídas gravadas: não há Mac nem Windows
nas máquinas de teste)."""

import shutil
import socket
import time

import pytest

from ecolab import sockets_da_maquina as modulo
from ecolab.sockets_da_maquina import (
    Linha,
    TabelaDeSockets,
    ler_netstat,
    nome_do_estado,
    sockets_da_maquina,
)

# netstat -an de um macOS 14, com as conexões da lição 07 no meio das do sistema.
NETSTAT_DO_MACOS = """\
Active Internet connections (including servers)
Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)    
tcp4       0      0  127.0.0.1.12074        127.0.0.1.52344        TIME_WAIT  
tcp4       0      0  127.0.0.1.52350        127.0.0.1.12070        ESTABLISHED
tcp4       0      0  127.0.0.1.12070        127.0.0.1.52350        ESTABLISHED
tcp4       0      0  127.0.0.1.12070        *.*                    LISTEN     
tcp6       0      0  *.7000                 *.*                    LISTEN     
tcp4       0      0  192.168.0.12.52290     17.57.146.52.5223      ESTABLISHED
tcp6       0      0  ::1.12073              ::1.52401              FIN_WAIT_2 
tcp6       0      0  ::1.52401              ::1.12073              CLOSE_WAIT 
tcp4       0      0  127.0.0.1.52402        127.0.0.1.12072        SYN_SENT   
udp4       0      0  127.0.0.1.12071        *.*                               
udp46      0      0  *.5353                 *.*                               
Active Multipath Internet connections
Proto/ID  Flags      Local Address          Foreign Address        (state)    
icm6       0      0  *.*                    *.*                               
Active LOCAL (UNIX) domain sockets
Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr
b1f6a8e0c5d3a2c1 stream      0      0                0 b1f6a8e0c5d3a3f9                0                0 /var/run/mDNSResponder
"""

# netstat -an de um Windows 11 (o texto em volta é traduzido; as colunas, não).
NETSTAT_DO_WINDOWS = """\

Conexões Ativas

  Proto  Endereço local         Endereço externo       Estado
  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING
  TCP    127.0.0.1:12070        0.0.0.0:0              LISTENING
  TCP    127.0.0.1:12070        127.0.0.1:50512        ESTABLISHED
  TCP    127.0.0.1:12074        127.0.0.1:50519        TIME_WAIT
  TCP    127.0.0.1:50512        127.0.0.1:12070        ESTABLISHED
  TCP    [::]:135               [::]:0                 LISTENING
  TCP    [::1]:12073            [::1]:50530            FIN_WAIT_2
  UDP    0.0.0.0:5353           *:*                    
  UDP    127.0.0.1:12071        *:*                    
  UDP    [::]:5353              *:*                    
"""


def test_netstat_do_macos_vira_linhas_com_os_estados_da_rfc():
    linhas = ler_netstat(NETSTAT_DO_MACOS)
    assert len(linhas) == 11  # nem o icm6 nem os sockets UNIX entram
    assert linhas[0] == Linha("TCP", ("127.0.0.1", 12074), ("127.0.0.1", 52344), "TIME-WAIT")
    assert Linha("TCP", ("127.0.0.1", 12070), None, "LISTEN") in linhas
    assert Linha("TCP", ("*", 7000), None, "LISTEN") in linhas
    assert Linha("TCP", ("::1", 12073), ("::1", 52401), "FIN-WAIT-2") in linhas
    assert Linha("TCP", ("::1", 52401), ("::1", 12073), "CLOSE-WAIT") in linhas
    assert Linha("TCP", ("127.0.0.1", 52402), ("127.0.0.1", 12072), "SYN-SENT") in linhas
    assert Linha("UDP", ("127.0.0.1", 12071), None, "") in linhas


def test_netstat_do_windows_vira_as_mesmas_linhas():
    linhas = ler_netstat(NETSTAT_DO_WINDOWS)
    assert len(linhas) == 10
    assert Linha("TCP", ("0.0.0.0", 135), None, "LISTEN") in linhas  # LISTENING
    assert Linha("TCP", ("127.0.0.1", 12074), ("127.0.0.1", 50519), "TIME-WAIT") in linhas
    assert Linha("TCP", ("::", 135), None, "LISTEN") in linhas
    assert Linha("TCP", ("::1", 12073), ("::1", 50530), "FIN-WAIT-2") in linhas
    assert Linha("UDP", ("127.0.0.1", 12071), None, "") in linhas


def test_netstat_do_linux_tambem_e_entendido():
    texto = (
        "Active Internet connections (servers and established)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n"
        "tcp        0      0 127.0.0.1:12070         0.0.0.0:*               LISTEN     \n"
        "tcp        0      0 127.0.0.1:12074         127.0.0.1:39734         TIME_WAIT  \n"
        "tcp6       0      0 :::22                   :::*                    LISTEN     \n"
        "udp        0      0 127.0.0.1:12071         0.0.0.0:*                          \n"
    )
    assert ler_netstat(texto) == [
        Linha("TCP", ("127.0.0.1", 12070), None, "LISTEN"),
        Linha("TCP", ("127.0.0.1", 12074), ("127.0.0.1", 39734), "TIME-WAIT"),
        Linha("TCP", ("::", 22), None, "LISTEN"),
        Linha("UDP", ("127.0.0.1", 12071), None, ""),
    ]


def test_estado_desconhecido_fica_como_veio():
    assert nome_do_estado("TIME_WAIT") == "TIME-WAIT"
    assert nome_do_estado("FIN_WAIT2") == "FIN-WAIT-2"  # como o psutil escreve
    assert nome_do_estado("SYN_RECV") == "SYN-RECEIVED"
    assert nome_do_estado("NONE") == ""  # o psutil, para UDP
    assert nome_do_estado("ESPERANDO") == "ESPERANDO"


def test_no_macos_a_tabela_vem_do_netstat_filtrada_pelas_portas(monkeypatch):
    monkeypatch.setattr(modulo.sys, "platform", "darwin")
    monkeypatch.setattr(modulo, "_rodar_netstat", lambda: NETSTAT_DO_MACOS)
    tabela = sockets_da_maquina(portas=[12070])
    assert tabela.origem == "netstat -an"
    assert tabela.estados() == ["LISTEN", "ESTABLISHED", "ESTABLISHED"]
    assert "(lido com netstat -an)" in str(tabela)


def test_sem_permissao_no_psutil_a_tabela_cai_para_o_netstat(monkeypatch):
    psutil = pytest.importorskip("psutil")

    def sem_permissao(kind):
        raise psutil.AccessDenied()

    monkeypatch.setattr(psutil, "net_connections", sem_permissao)
    monkeypatch.setattr(modulo, "_rodar_netstat", lambda: NETSTAT_DO_WINDOWS)
    tabela = sockets_da_maquina(portas=[12074], origem="psutil")
    assert tabela.origem == "netstat -an"
    assert tabela.linhas == [
        Linha("TCP", ("127.0.0.1", 12074), ("127.0.0.1", 50519), "TIME-WAIT")]


def test_sem_netstat_a_tabela_fica_vazia_e_diz_isso(monkeypatch):
    monkeypatch.setattr(modulo.subprocess, "run", _sem_programa)
    tabela = sockets_da_maquina(origem="netstat")
    assert tabela.linhas == []
    assert "(nenhum socket)" in str(tabela) and "(nenhum socket)" in tabela._repr_html_()


def _sem_programa(*args, **kwargs):
    raise FileNotFoundError("netstat")


def test_texto_e_html_mostram_as_mesmas_colunas():
    tabela = TabelaDeSockets([Linha("TCP", ("127.0.0.1", 12074), ("127.0.0.1", 50519),
                                    "TIME-WAIT"),
                              Linha("TCP", ("::1", 12070), None, "LISTEN")], "psutil")
    texto = str(tabela).splitlines()
    assert texto[0].split() == ["protocolo", "local", "remoto", "estado"]
    assert texto[1].split() == ["TCP", "127.0.0.1:12074", "127.0.0.1:50519", "TIME-WAIT"]
    assert texto[2].split() == ["TCP", "[::1]:12070", "-", "LISTEN"]
    html = tabela._repr_html_()
    assert "<code>127.0.0.1:50519</code>" in html and "<code>[::1]:12070</code>" in html


# ----- ao vivo, nesta máquina ----------------------------------------------------


def conexao_que_o_servidor_fecha_primeiro():
    """Uma conexão no loopback em que o servidor fecha primeiro; devolve (servidor, cliente)."""
    with socket.create_server(("127.0.0.1", 0)) as escuta:
        servidor = escuta.getsockname()
        with socket.create_connection(servidor, timeout=2) as cliente:
            conexao, _ = escuta.accept()
            conexao.close()  # o servidor fecha primeiro: ele passa por TIME-WAIT
            assert cliente.recv(10) == b""
            return servidor, cliente.getsockname()


def esperar_estados(enderecos, esperados, origem):
    """Os estados das linhas entre os ``enderecos``, esperando (até 2 s) os ``esperados``.

    Filtrar pelos dois endereços, e não só pela porta do servidor: a mesma porta pode
    estar em TIME-WAIT de uma conexão antiga de outro teste, em que ela foi a porta
    efêmera de um cliente.
    """
    fim = time.monotonic() + 2
    while True:
        estados = sockets_da_maquina(enderecos=enderecos, origem=origem).estados()
        if estados == esperados or time.monotonic() > fim:
            return estados
        time.sleep(0.05)


@pytest.mark.parametrize("origem", ["psutil", "netstat"])
def test_quem_fecha_primeiro_aparece_em_time_wait_na_tabela(origem):
    if origem == "netstat" and shutil.which("netstat") is None:
        pytest.skip("esta máquina não tem netstat")
    servidor, cliente = conexao_que_o_servidor_fecha_primeiro()
    assert esperar_estados([servidor, cliente], ["TIME-WAIT"], origem) == ["TIME-WAIT"]
    [linha] = sockets_da_maquina(enderecos=[servidor, cliente], origem=origem).linhas
    assert linha.local == servidor and linha.remoto == cliente


def test_servidor_escutando_e_conexao_aberta_aparecem_dos_dois_lados():
    with socket.create_server(("127.0.0.1", 0)) as escuta:
        porta = escuta.getsockname()[1]
        with socket.create_connection(("127.0.0.1", porta), timeout=2) as cliente:
            conexao, _ = escuta.accept()
            with conexao:
                tabela = sockets_da_maquina(portas=[porta])
                # Uma conexão antiga de outro teste pode ter usado esta porta (como porta
                # efêmera de cliente) e ainda estar em TIME-WAIT: ela não é desta conversa.
                estados = [e for e in tabela.estados() if e != "TIME-WAIT"]
                assert sorted(estados) == ["ESTABLISHED", "ESTABLISHED", "LISTEN"]
                assert Linha("TCP", cliente.getsockname(), ("127.0.0.1", porta),
                             "ESTABLISHED") in tabela.linhas


def test_so_as_linhas_entre_os_enderecos_pedidos(monkeypatch):
    monkeypatch.setattr(modulo, "_rodar_netstat", lambda: NETSTAT_DO_WINDOWS)
    servidor, cliente = ("127.0.0.1", 12070), ("127.0.0.1", 50512)
    tabela = sockets_da_maquina(enderecos=[servidor, cliente], origem="netstat")
    assert [(l.local, l.remoto) for l in tabela.linhas] == [
        (servidor, None), (servidor, cliente), (cliente, servidor)]
