"""O modo laboratório de verdade: servidor numa "máquina", cliente em outra.

Em vez de duas máquinas, o teste cria duas redes isoladas do Linux (*network
namespaces*), cada uma com a sua placa de rede virtual, ligadas por um cabo
virtual (um par ``veth``)::

    [ecolab-srv-PID]  10.213.77.1 ──── cabo veth ──── 10.213.77.2  [ecolab-cli-PID]
      servidores (0.0.0.0)                                 clientes

O tráfego fica preso nessas duas redes: nada sai para a rede do computador.
Depois, o ``nftables`` descarta ao acaso uma parte dos pacotes que chegam ao
servidor (este kernel não tem ``netem``), e o teste mostra a diferença entre
os protocolos: o UDP perde mais ou menos essa parte dos "pings", o TCP entrega
um texto inteiro e em ordem (o kernel retransmite o que se perdeu).

Precisa ser root e ter ``ip`` (iproute2) e ``nft`` (nftables). Sem isso o teste
é pulado com o motivo; com ``CI=true`` a falta é uma falha. As redes, e a ponta
do cabo que tenha ficado no computador, são removidas no fim, passe ou falhe.
Rode com ``-s`` para ver a perda medida.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import exigir_programa, falhar_ou_pular

PID = os.getpid()  # nomes únicos: duas execuções ao mesmo tempo não se atrapalham
REDE_SERVIDOR, REDE_CLIENTE = f"ecolab-srv-{PID}", f"ecolab-cli-{PID}"
CABO_SERVIDOR, CABO_CLIENTE = f"ecl{PID}s", f"ecl{PID}c"  # nomes de interface: até 15 letras
IP_SERVIDOR, IP_CLIENTE = "10.213.77.1", "10.213.77.2"  # sub-rede privada pouco usada
PORTA_LAB, PORTA_PADRAO = 12000, 12001
PERDA_CONFIGURADA = 30  # por cento dos pacotes que chegam ao servidor


def rodar(*comando, timeout=30):
    """Roda um comando e devolve o resultado (sem levantar erro)."""
    return subprocess.run(comando, capture_output=True, text=True, timeout=timeout)


def exigir(*comando):
    resultado = rodar(*comando)
    assert resultado.returncode == 0, f"{' '.join(comando)}: {resultado.stderr}"
    return resultado.stdout


class Laboratorio:
    """As duas "máquinas" (namespaces), o cabo entre elas e os comandos para usá-las."""

    def montar(self):
        criado = rodar("ip", "netns", "add", REDE_SERVIDOR)
        if criado.returncode != 0:
            falhar_ou_pular(f"não foi possível criar uma rede isolada: {criado.stderr.strip()}")
        exigir("ip", "netns", "add", REDE_CLIENTE)
        exigir("ip", "link", "add", CABO_SERVIDOR, "type", "veth", "peer", "name", CABO_CLIENTE)
        for rede, cabo, ip in [(REDE_SERVIDOR, CABO_SERVIDOR, IP_SERVIDOR),
                               (REDE_CLIENTE, CABO_CLIENTE, IP_CLIENTE)]:
            exigir("ip", "link", "set", cabo, "netns", rede)
            exigir("ip", "-n", rede, "addr", "add", f"{ip}/24", "dev", cabo)
            exigir("ip", "-n", rede, "link", "set", cabo, "up")
            exigir("ip", "-n", rede, "link", "set", "lo", "up")

    def desmontar(self):
        for rede in (REDE_SERVIDOR, REDE_CLIENTE):
            rodar("ip", "netns", "del", rede)
        for cabo in (CABO_SERVIDOR, CABO_CLIENTE):  # a ponta que tenha ficado no computador
            rodar("ip", "link", "del", cabo)

    def sobrou(self):
        """O que ainda existe do laboratório depois de desmontar (deve ser nada)."""
        redes = rodar("ip", "netns", "list").stdout
        sobras = [rede for rede in (REDE_SERVIDOR, REDE_CLIENTE) if rede in redes]
        sobras += [cabo for cabo in (CABO_SERVIDOR, CABO_CLIENTE)
                   if rodar("ip", "link", "show", cabo).returncode == 0]
        return sobras

    def python(self, rede, codigo, **opcoes):
        """Um Python rodando ``codigo`` dentro da rede ``rede`` (``subprocess.Popen``)."""
        comando = ["ip", "netns", "exec", rede, sys.executable, "-c", textwrap.dedent(codigo)]
        return subprocess.Popen(comando, text=True, **opcoes)

    def no_cliente(self, codigo, timeout=60):
        """Roda ``codigo`` na máquina do cliente e devolve o JSON que ele imprimiu."""
        processo = self.python(REDE_CLIENTE, codigo, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
        saida, erros = processo.communicate(timeout=timeout)
        assert processo.returncode == 0, erros
        return json.loads(saida)

    def perder_pacotes_no_servidor(self, por_cento):
        """nftables na máquina do servidor: descarta ``por_cento`` % do que chega."""
        nft = ["ip", "netns", "exec", REDE_SERVIDOR, "nft"]
        exigir(*nft, "add", "table", "inet", "ecolab")
        exigir(*nft, "add", "chain", "inet", "ecolab", "entrada",
               "{ type filter hook input priority 0; }")
        exigir(*nft, "add", "rule", "inet", "ecolab", "entrada",
               "numgen", "random", "mod", "100", "<", str(por_cento), "counter", "drop")

    def pacotes_descartados(self):
        saida = exigir("ip", "netns", "exec", REDE_SERVIDOR, "nft", "-j", "list", "ruleset")
        for item in json.loads(saida)["nftables"]:
            for expressao in item.get("rule", {}).get("expr", []):
                if "counter" in expressao:
                    return expressao["counter"]["packets"]
        return None

    def parar_de_perder(self):
        rodar("ip", "netns", "exec", REDE_SERVIDOR, "nft", "delete", "table", "inet", "ecolab")


SERVIDORES = f"""
    import sys, warnings
    from ecolab import AvisoRede, ServidorTCP, ServidorUDP
    warnings.simplefilter("ignore", AvisoRede)  # aqui o 0.0.0.0 é de propósito
    with ServidorTCP(host="0.0.0.0", porta={PORTA_LAB}), \\
            ServidorUDP(host="0.0.0.0", porta={PORTA_LAB}), \\
            ServidorTCP(porta={PORTA_PADRAO}), ServidorUDP(porta={PORTA_PADRAO}):
        print("prontos", flush=True)
        sys.stdin.readline()  # até o teste fechar a entrada
"""


@pytest.fixture(scope="module")
def lab():
    """O laboratório montado, com os servidores rodando; tudo some no fim."""
    if not sys.platform.startswith("linux"):
        falhar_ou_pular("o laboratório de duas máquinas usa namespaces de rede do Linux")
    if os.geteuid() != 0:
        falhar_ou_pular("criar redes isoladas (ip netns) exige root; rode como root ou no CI")
    exigir_programa("ip", "iproute2")
    exigir_programa("nft", "nftables")
    laboratorio = Laboratorio()
    servidores = None
    try:
        laboratorio.montar()
        servidores = laboratorio.python(
            REDE_SERVIDOR, SERVIDORES, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert servidores.stdout.readline().strip() == "prontos"
        yield laboratorio
    finally:
        if servidores is not None:
            servidores.stdin.close()
            try:
                servidores.wait(10)
            except subprocess.TimeoutExpired:
                servidores.kill()
                servidores.wait()
        laboratorio.desmontar()
    sobras = laboratorio.sobrou()
    assert not sobras, f"o laboratório deixou restos no computador: {sobras}"


def test_cliente_na_outra_maquina_conversa_com_o_servidor_em_0000_por_tcp_e_udp(lab):
    resultado = lab.no_cliente(f"""
        import json
        from ecolab import ClienteTCP, ClienteUDP
        respostas = {{}}
        for classe in (ClienteTCP, ClienteUDP):
            with classe("{IP_SERVIDOR}", {PORTA_LAB}, timeout=5) as cliente:
                respostas[classe.protocolo] = cliente.enviar("Olá da outra máquina!")
        print(json.dumps(respostas))
    """)
    assert resultado == {
        "TCP": "Resposta do servidor: Olá da outra máquina!",
        "UDP": "Resposta do servidor: Olá da outra máquina!",
    }


def test_servidor_padrao_nao_e_alcancado_da_outra_maquina(lab):
    resultado = lab.no_cliente(f"""
        import json
        from ecolab import ClienteTCP, ClienteUDP, ErroEcolab
        erros = {{}}
        for classe in (ClienteTCP, ClienteUDP):
            with classe("{IP_SERVIDOR}", {PORTA_PADRAO}, timeout=1) as cliente:
                try:
                    erros[classe.protocolo] = "respondeu: " + cliente.enviar("alguém aí?")
                except ErroEcolab as erro:
                    erros[classe.protocolo] = type(erro).__name__
        print(json.dumps(erros))
    """)
    # o servidor escuta só em 127.0.0.1: o TCP é recusado, o UDP fica sem resposta
    assert resultado == {"TCP": "ServidorIndisponivel", "UDP": "TempoEsgotado"}


PINGS_E_TEXTO = f"""
    import json, socket
    from ecolab import ClienteTCP

    def retransmissoes():
        with open("/proc/net/snmp") as arquivo:  # contadores desta rede isolada
            linhas = [l.split() for l in arquivo if l.startswith("Tcp:")]
        return int(linhas[1][linhas[0].index("RetransSegs")])

    # UDP: 1000 pings, em rajadas de 100; cada resposta traz o número do ping
    servidor = ("{IP_SERVIDOR}", {PORTA_LAB})
    respondidos = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.3)
        for rajada in range(10):
            for i in range(rajada * 100, rajada * 100 + 100):
                sock.sendto(f"ping {{i}}".encode(), servidor)
            try:
                while True:  # até 0,3 s sem nada chegar
                    resposta = sock.recv(65_535).decode()
                    respondidos.add(int(resposta.rsplit(" ", 1)[1]))
            except TimeoutError:
                pass

    # TCP: um texto de 300 linhas de uma vez; as respostas, na ordem
    linhas = [f"linha {{i:03d}}: no TCP nada se perde, ação e emoção" for i in range(300)]
    antes = retransmissoes()
    with socket.create_connection(servidor, timeout=30) as sock:
        sock.sendall(("\\n".join(linhas) + "\\n").encode())
        recebido = b""
        while recebido.count(b"\\n") < len(linhas):
            pedaco = sock.recv(65_536)
            if not pedaco:
                break
            recebido += pedaco
    with ClienteTCP(*servidor, timeout=30) as cliente:
        depois = cliente.enviar("e o ClienteTCP também")
    print(json.dumps({{
        "pings": 1000, "respondidos": len(respondidos),
        "respostas_tcp": recebido.decode().split("\\n")[:-1],
        "linhas": linhas, "cliente_tcp": depois,
        "retransmissoes": retransmissoes() - antes,
    }}))
"""


def test_com_perda_de_pacotes_udp_perde_a_parte_configurada_e_tcp_entrega_tudo(lab):
    lab.perder_pacotes_no_servidor(PERDA_CONFIGURADA)
    try:
        resultado = lab.no_cliente(PINGS_E_TEXTO, timeout=90)
        descartados = lab.pacotes_descartados()
    finally:
        lab.parar_de_perder()
    perda = 100 * (1 - resultado["respondidos"] / resultado["pings"])
    print(f"\nperda configurada: {PERDA_CONFIGURADA} %; UDP medida: {perda:.1f} % "
          f"({resultado['pings'] - resultado['respondidos']} de {resultado['pings']} pings); "
          f"nftables descartou {descartados} pacotes; TCP retransmitiu "
          f"{resultado['retransmissoes']} segmentos e entregou as "
          f"{len(resultado['respostas_tcp'])} linhas em ordem")
    assert PERDA_CONFIGURADA - 12 <= perda <= PERDA_CONFIGURADA + 12
    esperadas = ["Resposta do servidor: " + linha for linha in resultado["linhas"]]
    assert resultado["respostas_tcp"] == esperadas  # inteiro e em ordem
    assert resultado["cliente_tcp"] == "Resposta do servidor: e o ClienteTCP também"
    assert descartados > 0
