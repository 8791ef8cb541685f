#!/usr/bin/env python3
"""make test-faults, part 2: two server replicas sharing a real PostgreSQL (issue #16).

A webhook receiver, replicas `a` and `b` of podwatch-server on one database, 5 simulated nodes (podwatch-sim) and
one real podwatch-agent, each streaming to both replicas. Then:
  1. both replicas list every node; exactly one leads alerting, the other names it;
  2. a rule fires (its notification delivered) and another is pending; the leader is killed with SIGKILL: the
     survivor takes the lead within 10 s, the pending alert fires once, the firing one is not notified again;
  3. a rule created on the survivor fires; a dismissal asked of the follower is applied by the leader;
  4. the killed replica comes back: the agents stream to it again (timed), it catches up (every node, the new
     rule) and follows — the survivor keeps leading; each notification reached the receiver exactly once.
Binaries from PODWATCH_BIN (default .build/debug; `make test-replicas-release` runs it on release builds)."""
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faults as f  # noqa: E402  (the shared helpers: processes, PostgreSQL, waiting)

TOKEN = "replica-agent-token-0123456789abcdef"
REPLICAS = {name: {"http": f.free_port(), "ingest": f.free_port()} for name in ("a", "b")}
NODES = ["sim-0001", "sim-0002", "sim-0003", "sim-0004", "sim-0005", "real-node"]


def request(replica, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{REPLICAS[replica]['http']}{path}", data=data, method=method)
    req.add_header("Authorization", f"Bearer {f.ADMIN}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get(replica, path):
    status, body = request(replica, "GET", path)
    f.expect(status == 200, f"{replica}: GET {path} answered {status}: {body[:200]!r}")
    return json.loads(body)


def alerting(replica):
    return get(replica, "/api/v1/server")["alerting"]


def live(replica):
    return sorted(n["name"] for n in get(replica, "/api/v1/nodes") if not n["stale"] and n["connected"])


def sql(query):
    return f.run("psql", "-h", f.PG_DIR, "-p", str(f.PG_PORT), "-U", "postgres", "-d", "postgres", "-Atc",
                 query).stdout.strip()


def start_replica(name):
    ports = REPLICAS[name]
    f.start(f"server-{name}", [f"{f.BIN}/podwatch-server", "--host", "127.0.0.1", "--http-port", str(ports["http"]),
                               "--ingest-port", str(ports["ingest"]), "--insecure", "--token", TOKEN,
                               "--replica-name", name,
                               "--database-url", f"host={f.PG_DIR} port={f.PG_PORT} user=postgres dbname=postgres",
                               "--webhook", f"http://127.0.0.1:{f.HOOK}/hook", "--ttl", "4",
                               "--evaluation-interval", "1", "--group-wait", "0", "--group-interval", "0",
                               "--no-default-rules", "--admin-token", f.ADMIN])
    f.wait_for(f"replica {name}", lambda: request(name, "GET", "/readyz")[0] == 200, 60)


def rule(name, for_seconds, node="real-node"):
    return {"name": name, "target": {"kind": "node", "node": node}, "metric": "node.memory.percent",
            "operator": ">", "threshold": 0, "for_seconds": for_seconds, "severity": "warning",
            "channels": ["webhook"]}


def create(replica, body):
    status, answer = request(replica, "POST", "/api/v1/rules", body)
    f.expect(status == 201, f"creating {body['name']} on {replica} answered {status}: {answer!r}")
    return json.loads(answer)


def firing(replica, rule_id):
    return [a for a in get(replica, "/api/v1/alerts?state=firing") if a["rule_id"] == rule_id]


def sent():
    """Every notification the receiver got, in order."""
    return f.notifications()


def main():
    for binary in ("podwatch-server", "podwatch-agent", "podwatch-sim"):
        f.expect(os.access(f"{f.BIN}/{binary}", os.X_OK), f"{f.BIN}/{binary} missing")
    f.pg_init()
    f.pg_start()
    f.start("webhook", [sys.executable, os.path.join(f.ROOT, "scripts", "webhook-receiver.py"), str(f.HOOK),
                        os.path.join(f.WORK, "hooks.jsonl")])
    for name in REPLICAS:
        start_replica(name)
    servers = [arg for name in REPLICAS for arg in ("--server", f"127.0.0.1:{REPLICAS[name]['ingest']}")]
    f.start("sim", [f"{f.BIN}/podwatch-sim", "run", "--agents", "5", "--pods-per-node", "5", "--interval", "1s",
                    "--token", TOKEN, "--insecure", "--report-every", "30"] + servers)
    f.start("agent", [f"{f.BIN}/podwatch-agent", "--node-name", "real-node", "--interval", "1s", "--no-kubernetes",
                      "--no-profiling", "--no-ebpf", "--token", TOKEN, "--insecure"] + servers)

    # 1. Both replicas hold the whole cluster; one leads.
    for name in REPLICAS:
        f.wait_for(f"every node on replica {name}", lambda n=name: live(n) == sorted(NODES), 60)
    roles = f.wait_for("one leader", lambda: (lambda r: sorted(x["role"] for x in r.values()) == ["follower", "leader"]
                                               and r)({n: alerting(n) for n in REPLICAS}), 20)
    leader = next(n for n, r in roles.items() if r["role"] == "leader")
    survivor = next(n for n in REPLICAS if n != leader)
    f.expect(roles[survivor]["leader"] == leader, f"the follower names {roles[survivor]['leader']}, not {leader}")
    f.log(f"both replicas list all {len(NODES)} nodes; {leader} leads (term {roles[leader]['term']}), "
          f"{survivor} follows and names it")

    # 2. One alert firing and notified, one pending; SIGKILL the leader.
    fired = create(survivor, rule("fires before the kill", 0))  # through the follower: the leader takes it up
    f.wait_for("the first alert's notification",
               lambda: any(n["kind"] == "firing" and n["alert_id"] for n in sent()), 20)
    first_alert = firing(leader, fired["id"])[0]
    f.wait_for("its delivery recorded in the database", lambda: sql(
        f"SELECT count(*) FROM notification_outbox WHERE alert_id = '{first_alert['id']}' AND status = 'delivered'")
        == "1", 10)
    pending = create(leader, rule("pending across the kill", 12))
    f.wait_for("the second rule pending in the database", lambda: sql(
        f"SELECT phase FROM alert_pair_states WHERE rule_id = '{pending['id']}'") == "pending", 10)
    pending_since = int(sql(f"SELECT since_ms FROM alert_pair_states WHERE rule_id = '{pending['id']}'"))
    time.sleep(2)
    f.processes[f"server-{leader}"].kill()
    killed = time.monotonic()
    f.processes[f"server-{leader}"].wait()
    f.log(f"{leader} killed with SIGKILL while one alert fires and one is pending")
    f.wait_for(f"{survivor} to lead", lambda: alerting(survivor)["role"] == "leader", 15)
    takeover = time.monotonic() - killed
    f.expect(takeover <= 10, f"{survivor} took {takeover:.1f} s to lead (target 10 s)")
    f.log(f"{survivor} leads {takeover:.1f} s after the kill (term {alerting(survivor)['term']})")
    second = f.wait_for("the pending alert firing on the survivor", lambda: firing(survivor, pending["id"]), 30)
    started = f.wait_for("the alert written", lambda: sql(f"SELECT started_ms FROM alerts WHERE id = '{second[0]['id']}'"), 10)
    late = int(started) - pending_since
    f.log(f"the pending alert fired {late / 1000:.1f} s after it began pending (for 12 s): resumed, not restarted")
    f.expect(late < 12_000 + 8_000, f"the pending alert fired {late} ms after it began pending (its start was lost)")
    f.expect([a["id"] for a in firing(survivor, fired["id"])] == [first_alert["id"]],
             "the alert firing before the kill is not the same one after it")

    # 3. A rule created on the survivor fires; a dismissal asked of the follower (once it is back) is applied.
    created = create(survivor, rule("created on the survivor", 0, node="sim-0001"))
    third = f.wait_for("the survivor's new rule firing", lambda: firing(survivor, created["id"]), 20)

    # 4. The killed replica comes back.
    start_replica(leader)
    back = time.monotonic()
    f.wait_for(f"the agents streaming to {leader} again", lambda: live(leader) == sorted(NODES), 30)
    f.log(f"{leader} back: all {len(NODES)} agents stream to it {time.monotonic() - back:.1f} s after it listens")
    f.wait_for(f"{leader} following {survivor}", lambda: alerting(leader)["role"] == "follower"
               and alerting(leader)["leader"] == survivor, 10)
    f.wait_for(f"{leader} showing the rule created meanwhile",
               lambda: created["id"] in {r["id"] for r in get(leader, "/api/v1/rules")}, 10)
    f.wait_for(f"{leader} showing the alerts firing", lambda: len(firing(leader, created["id"])) == 1, 10)
    status, _ = request(leader, "POST", f"/api/v1/alerts/{third[0]['id']}/dismiss")
    f.expect(status == 202, f"a dismissal asked of the follower answered {status}, not 202 (forwarded)")
    f.wait_for("the forwarded dismissal applied by the leader", lambda: not firing(survivor, created["id"]), 10)
    for _ in range(10):  # does not lead twice
        roles = {n: alerting(n)["role"] for n in REPLICAS}
        f.expect(roles == {survivor: "leader", leader: "follower"}, f"roles after the return: {roles}")
        time.sleep(0.5)
    terms = sql("SELECT term, holder FROM alert_leadership")
    f.log(f"{leader} caught up and follows; the lead stayed with {survivor} ({terms})")

    # Exactly once: every notification id once, every (alert, kind) once, and the ones expected.
    time.sleep(4)  # a duplicate would arrive now
    notes = sent()
    ids = [n["id"] for n in notes]
    pairs = [(n["alert_id"], n["kind"]) for n in notes]
    f.expect(len(ids) == len(set(ids)), f"a notification arrived twice: {ids}")
    f.expect(len(pairs) == len(set(pairs)), f"an alert was notified twice: {pairs}")
    for alert, what in ((first_alert["id"], "the alert firing before the kill"),
                        (second[0]["id"], "the pending alert"), (third[0]["id"], "the survivor's alert")):
        f.expect((alert, "firing") in pairs, f"{what} was never notified")
    f.log(f"each of {len(notes)} notifications reached the receiver exactly once")

    for name in [survivor, leader]:
        process = f.processes[f"server-{name}"]
        process.send_signal(signal.SIGTERM)
        f.expect(process.wait(15) == 0, f"replica {name} did not exit cleanly")
    f.log("all replica tests passed")


if __name__ == "__main__":
    f.run_script(main, ("server-a", "server-b", "agent", "sim"))
