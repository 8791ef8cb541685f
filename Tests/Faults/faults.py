#!/usr/bin/env python3
"""make test-faults: real processes, real faults (needs root for the network namespace and PostgreSQL's user).

A real PostgreSQL, a webhook receiver, podwatch-server, 20 simulated agents (podwatch-sim) and one real
podwatch-agent inside a network namespace reached through a veth pair. Then, in order:
  1. link down on the agent's veth for 40 s (past the 30 s silence limit, so the connection is dropped): its node
     goes stale and `node.nodata` fires; link up: the agent reconnects, the node is live and the alert resolves;
  2. PostgreSQL stopped for 60 s: pages stay up; an alert fires and resolves meanwhile; once PostgreSQL is back
     both transitions are in the history, rules are intact, and each notification arrived exactly once;
  3. the server killed (SIGKILL) and restarted: every agent is back within 5 s of the server listening again;
  4. SIGTERM: the server, the agent and the simulator each exit cleanly within 10 s.
Each step prints what it measured; any failed expectation exits non-zero with the logs' tails."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("PODWATCH_BIN", os.path.join(ROOT, ".build", "debug"))
ADMIN = "fault-admin-token"
NS, HOST_IF, NS_IF = "pwfault", "pwf0", "pwf1"
HOST_IP, NS_IP = "10.231.7.1", "10.231.7.2"
SIM_AGENTS = 20
WORK = tempfile.mkdtemp(prefix="podwatch-faults-")
os.chmod(WORK, 0o755)
processes = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


HTTP, INGEST, HOOK, PG_PORT = free_port(), free_port(), free_port(), free_port()


class Failure(Exception):
    pass


def log(message):
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def expect(condition, message):
    if not condition:
        raise Failure(message)


def run(*command, check=True):
    return subprocess.run(command, check=check, capture_output=True, text=True)


def start(name, command, **kwargs):
    out = open(os.path.join(WORK, f"{name}.log"), "ab")
    processes[name] = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **kwargs)
    return processes[name]


def wait_for(what, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (OSError, urllib.error.URLError, ValueError):
            pass
        time.sleep(0.2)
    raise Failure(f"timed out after {timeout} s waiting for {what}")


def http(method, path, body=None, timeout=5):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{HTTP}{path}", data=data, method=method)
    request.add_header("Authorization", f"Bearer {ADMIN}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(path):
    status, body = http("GET", path)
    expect(status == 200, f"GET {path} answered {status}: {body[:200]!r}")
    return json.loads(body)


def nodes():
    return {node["name"]: node for node in get_json("/api/v1/nodes")}


def live_nodes():
    return [name for name, node in nodes().items() if not node["stale"] and node["connected"]]


# --- PostgreSQL -------------------------------------------------------------------------------------------
PG_BIN = next(
    f"/usr/lib/postgresql/{v}/bin" for v in range(20, 11, -1) if os.path.exists(f"/usr/lib/postgresql/{v}/bin/initdb")
)
PG_DIR = os.path.join(WORK, "pg")
AS_POSTGRES = ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"] if os.getuid() == 0 else []


def pg_init():
    os.mkdir(PG_DIR)
    if AS_POSTGRES:
        shutil.chown(PG_DIR, "postgres", "postgres")
    subprocess.run(AS_POSTGRES + [f"{PG_BIN}/initdb", "-D", f"{PG_DIR}/data", "-U", "postgres", "-A", "trust",
                                  "--no-sync"], check=True, capture_output=True)


def pg_start():
    start("postgres", AS_POSTGRES + [f"{PG_BIN}/postgres", "-D", f"{PG_DIR}/data", "-k", PG_DIR, "-p", str(PG_PORT),
                                     "-c", "listen_addresses=", "-c", "fsync=off"])
    wait_for("PostgreSQL", lambda: os.path.exists(f"{PG_DIR}/.s.PGSQL.{PG_PORT}"), 30)
    time.sleep(0.5)


def pg_stop():
    processes["postgres"].send_signal(signal.SIGINT)  # fast shutdown
    processes["postgres"].wait(30)


# --- network namespace ------------------------------------------------------------------------------------
def netns_up():
    run("ip", "netns", "del", NS, check=False)
    run("ip", "link", "del", HOST_IF, check=False)
    run("ip", "netns", "add", NS)
    run("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF)
    run("ip", "link", "set", NS_IF, "netns", NS)
    run("ip", "addr", "add", f"{HOST_IP}/30", "dev", HOST_IF)
    run("ip", "link", "set", HOST_IF, "up")
    run("ip", "netns", "exec", NS, "ip", "addr", "add", f"{NS_IP}/30", "dev", NS_IF)
    run("ip", "netns", "exec", NS, "ip", "link", "set", NS_IF, "up")
    run("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up")


def netns_down():
    run("ip", "link", "del", HOST_IF, check=False)
    run("ip", "netns", "del", NS, check=False)


def link(state):
    run("ip", "link", "set", HOST_IF, state)


# --- the system under test --------------------------------------------------------------------------------
TLS = os.path.join(WORK, "tls")


def start_server():
    # Agents connect over TLS, with a throwaway CA, as in a cluster (the simulated ones too).
    run(os.path.join(ROOT, "scripts", "dev-ca.sh"), TLS, HOST_IP)
    start("server", [f"{BIN}/podwatch-server", "--host", "0.0.0.0", "--http-port", str(HTTP), "--ingest-port",
                     str(INGEST), "--tls-cert", os.path.join(TLS, "server.pem"), "--tls-key",
                     os.path.join(TLS, "server.key"),
                     "--database-url", f"host={PG_DIR} port={PG_PORT} user=postgres dbname=postgres",
                     "--webhook", f"http://127.0.0.1:{HOOK}/hook", "--ttl", "4", "--evaluation-interval", "1",
                     "--group-wait", "0", "--group-interval", "0", "--admin-token", ADMIN])
    wait_for("the server", lambda: http("GET", "/readyz")[0] == 200, 60)


def alerts(state="all"):
    return [a for a in get_json(f"/api/v1/alerts?state={state}") if a["target"].get("node") == "netns-node"]


def notifications():
    path = os.path.join(WORK, "hooks.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as lines:
        # One message per (rule, group); each carries its notifications (webhook payload version 2).
        return [n for line in lines if line.strip() for n in json.loads(line)["notifications"]]


def cut_off_and_restore(label, hold=0):
    """Link down until nodata fires (and at least `hold` seconds), then up until it resolves; returns the alert."""
    link("down")
    cut = time.monotonic()
    wait_for(f"{label}: netns-node stale", lambda: nodes()["netns-node"]["stale"], 30)
    firing = wait_for(f"{label}: node.nodata firing", lambda: alerts("firing"), 30)
    log(f"{label}: link down → stale and node.nodata firing after {time.monotonic() - cut:.1f} s")
    time.sleep(max(0, hold - (time.monotonic() - cut)))
    link("up")
    back = time.monotonic()
    wait_for(f"{label}: netns-node live again", lambda: "netns-node" in live_nodes(), 60)
    wait_for(f"{label}: node.nodata resolved", lambda: not alerts("firing"), 30)
    log(f"{label}: link up → live and resolved after {time.monotonic() - back:.1f} s")
    return firing[0]


def main():
    for binary in ("podwatch-server", "podwatch-agent", "podwatch-sim"):
        expect(os.access(f"{BIN}/{binary}", os.X_OK), f"{BIN}/{binary} missing: run `swift build` first")
    pg_init()
    pg_start()
    start("webhook", [sys.executable, os.path.join(ROOT, "scripts", "webhook-receiver.py"), str(HOOK),
                      os.path.join(WORK, "hooks.jsonl")])
    netns_up()
    start_server()
    start("sim", [f"{BIN}/podwatch-sim", "run", "--agents", str(SIM_AGENTS), "--pods-per-node", "10", "--interval",
                  "1s", "--server", f"127.0.0.1:{INGEST}", "--report-every", "5",
                  "--tls-ca", os.path.join(TLS, "ca.pem")])
    # Every byte between the real agent and the server, from its first connection (Hello, keyframe): neither its
    # node name nor any command line may be readable in it.
    pcap = os.path.join(WORK, "ingest.pcap")
    capture = start("tcpdump", ["tcpdump", "-i", HOST_IF, "-U", "-s", "0", "-w", pcap, "tcp", "port", str(INGEST)])
    time.sleep(1)
    start("agent", ["ip", "netns", "exec", NS, f"{BIN}/podwatch-agent", "--node-name", "netns-node", "--server",
                    f"{HOST_IP}:{INGEST}", "--interval", "1s", "--no-kubernetes", "--no-profiling",
                    "--tls-ca", os.path.join(TLS, "ca.pem")])
    wait_for("every agent live", lambda: len(live_nodes()) == SIM_AGENTS + 1, 60)
    log(f"{SIM_AGENTS} simulated agents and netns-node live")
    time.sleep(3)
    capture.send_signal(signal.SIGINT)
    capture.wait(10)
    with open(pcap, "rb") as handle:
        captured = handle.read()
    expect(len(captured) > 8_000, f"the capture of the ingest port holds only {len(captured)} bytes")
    for secret in (b"netns-node", b"podwatch-agent", b"--no-kubernetes"):
        expect(secret not in captured, f"{secret!r} readable in the capture of the ingest port")
    log(f"ingest over TLS: {len(captured):,} bytes captured on the veth, no node name or command line readable")
    arenas = get_json("/api/v1/server")["memory"]["heapArenas"]
    expect(arenas == 1, f"the server's heap has {arenas} glibc arenas, not 1")
    status, body = http("POST", "/api/v1/rules", {
        "name": "netns-node silent", "target": {"kind": "node", "node": "netns-node"}, "metric": "node.nodata",
        "operator": ">", "threshold": 3, "for_seconds": 0, "severity": "critical", "channels": ["webhook"]})
    expect(status == 201, f"creating the rule answered {status}: {body!r}")
    rule = json.loads(body)

    # 1. Cut off in a network namespace.
    # Held past both sides' 30 s silence limit, so that the connection is dropped and the agent must reconnect.
    accepted = get_json("/api/v1/server")["ingest"]["connectionsAccepted"]
    first = cut_off_and_restore("netns", hold=40)
    expect(get_json("/api/v1/server")["ingest"]["connectionsAccepted"] > accepted, "the agent did not reconnect")
    wait_for("two notifications", lambda: len(notifications()) >= 2, 30)

    # 2. PostgreSQL stopped for 60 s.
    pg_stop()
    stopped = time.monotonic()
    log("PostgreSQL stopped")
    for path in ("/", "/fragments/overview", "/nodes/netns-node", "/alerts", "/api/v1/nodes"):
        status, _ = http("GET", path)
        expect(status == 200, f"{path} answered {status} while PostgreSQL was down")
    second = cut_off_and_restore("during the outage")
    for path in ("/", "/alerts"):
        expect(http("GET", path)[0] == 200, f"{path} failed while PostgreSQL was down")
    time.sleep(max(0, 60 - (time.monotonic() - stopped)))
    pg_start()
    log(f"PostgreSQL back after {time.monotonic() - stopped:.0f} s")

    def history_has_both():
        status, body = http("GET", "/api/v1/alerts/history?window=1h&limit=50")
        if status == 503:  # the server has not reconnected yet (it says when it will retry)
            return False
        expect(status == 200, f"history answered {status}: {body[:200]!r}")
        history = json.loads(body)["alerts"]
        ids = {a["id"]: a for a in history}
        return first["id"] in ids and second["id"] in ids and ids[second["id"]]["state"] == "resolved" and ids
    history = wait_for("both transitions of the outage in the database", history_has_both, 60)
    wait_for("four notifications", lambda: len(notifications()) >= 4, 60)
    time.sleep(5)  # anything duplicated would arrive now
    sent = [(n["alert_id"], n["kind"]) for n in notifications()]
    expect(len(sent) == 4 and len(set(sent)) == 4, f"expected 4 distinct notifications, got {sent}")
    expect(rule["id"] in {r["id"] for r in get_json("/api/v1/rules")}, "the rule was lost")
    log(f"history holds both alerts ({history[second['id']]['state']}); notifications exactly once: {len(sent)}")

    # 3. Server killed and restarted.
    processes["server"].kill()
    processes["server"].wait()
    time.sleep(3)
    start_server()
    back = time.monotonic()
    wait_for("every agent reconnected", lambda: len(live_nodes()) == SIM_AGENTS + 1, 30)
    reconnect = time.monotonic() - back
    log(f"server restarted: all {SIM_AGENTS + 1} agents live {reconnect:.1f} s after it was listening")
    expect(reconnect <= 5, f"agents took {reconnect:.1f} s to reconnect (target 5 s)")
    expect(rule["id"] in {r["id"] for r in get_json("/api/v1/rules")}, "the rule was lost in the restart")
    for name in ("sim", "agent", "webhook", "postgres"):
        expect(processes[name].poll() is None, f"{name} died")

    # 4. SIGTERM.
    for name in ("server", "agent", "sim"):
        sent_at = time.monotonic()
        processes[name].send_signal(signal.SIGTERM)
        try:
            code = processes[name].wait(10)
        except subprocess.TimeoutExpired:
            raise Failure(f"{name} did not exit within 10 s of SIGTERM")
        log(f"SIGTERM → {name} exited with {code} after {time.monotonic() - sent_at:.2f} s")
        expect(code == 0, f"{name} exited with {code}")
    for name in ("server", "agent", "sim"):
        with open(os.path.join(WORK, f"{name}.log"), errors="replace") as text:
            content = text.read()
        expect("Fatal error" not in content and "Segmentation" not in content, f"{name} crashed")
    log("all fault tests passed")


def run_script(body, logs, cleanup=lambda: None):
    """Runs `body`; on a failure prints it with the tails of `logs`; kills what is left, runs `cleanup`, and exits
    with 0 (the work directory removed) or 1 (kept, and said where)."""
    code = 0
    try:
        body()
    except Exception as error:  # report, show the logs, clean up, fail
        code = 1
        print(f"FAILED: {error}", file=sys.stderr)
        for name in logs:
            path = os.path.join(WORK, f"{name}.log")
            if os.path.exists(path):
                print(f"--- {name}.log (tail)", file=sys.stderr)
                with open(path, errors="replace") as text:
                    print("".join(text.readlines()[-25:]), file=sys.stderr)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()
        cleanup()
        if code == 0:
            shutil.rmtree(WORK, ignore_errors=True)
        else:
            print(f"logs kept in {WORK}", file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    run_script(main, ("server", "agent", "sim"), netns_down)
