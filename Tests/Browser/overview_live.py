#!/usr/bin/env python3
"""Real-browser tests: headless Chromium (Debian's) loads the overview of a live server with one agent and
must see a value change within 5 s, with no request leaving the server's origin and no script error; creates,
fires and dismisses an alert rule through the forms; and profiles a dev pod (real processes, real perf) from its
pod page, then zooms, hovers and searches the flame graph. Run by `make test-browser` (part of `make test`; root,
for the dev pod's cgroups and perf)."""
import os
import signal
import socket
import subprocess
import sys
import time
import json
import urllib.request

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, ".build", "debug")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process, name):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"{name} did not shut down within 10 s of SIGTERM")


def profile_from_pod_page(page, base):
    # nginx runs a small CPU burner in the dev simulation (about 1 % of a core): enough samples in 5 s.
    def burner():
        pods = json.load(urllib.request.urlopen(f"{base}/api/v1/nodes/node-01/pods", timeout=2))
        return next((p for p in pods if p["name"].startswith("nginx-")), None)
    wait_for("the dev node's nginx pod", lambda: burner() is not None)
    pod = burner()
    page.goto(f"{base}/nodes/node-01/pods/{pod['namespace']}/{pod['name']}")
    # The burner execs `sleep` twice a second: eBPF counts those execs on this pod's page.
    def execs():
        text = page.inner_text("[data-pod-execs]")
        return text not in ("0.0/s", "—/s")
    wait_for("execs counted by eBPF on the nginx pod's page", execs, timeout=20)
    print(f"browser: the pod page shows eBPF's execs: {page.inner_text('[data-pod-execs]')}")
    page.select_option("select[name=duration_seconds]", "5")
    page.fill("input[name=frequency_hz]", "999")
    with page.expect_navigation():
        page.click("form[action='/profiles'] button")
    assert "/profiles/" in page.url, f"the profile form answered at {page.url}: {page.inner_text('main')[:300]}"
    # The status region polls; when the profile is done the page reloads into its graph.
    page.wait_for_selector("svg.flamegraph", timeout=60000)
    frame = page.locator("svg.flamegraph g.f[data-d='1']").first
    frame.hover()
    assert "samples" in page.inner_text("#flame-details"), "hovering a frame shows no samples"
    frame.click()
    width = frame.locator("rect").get_attribute("width")
    assert width == "1200.00", f"a clicked frame did not zoom to the full width (width {width})"
    page.fill("#flame-search", ".")
    assert "matched: 100.00%" in page.inner_text("#flame-match"), page.inner_text("#flame-match")
    page.click("#flame-reset")
    assert page.locator("svg.flamegraph g.f[data-d='0'] rect").get_attribute("width") == "1200.00"
    for kind in ("folded", "json", "svg"):
        assert page.locator(f"a[href$='/{kind}']").count() == 1, f"no {kind} download link"


def alert_with_profile(page, base):
    """A rule with profile_on_fire_seconds on the dev node's nginx pods fires: /alerts links the alert, whose page
    shows the top processes at fire time and, once the profile is done, links its flame graph."""
    pods = json.load(urllib.request.urlopen(f"{base}/api/v1/nodes/node-01/pods", timeout=2))
    nginx = next(p for p in pods if p["name"].startswith("nginx-"))
    rule = {"name": "browser nginx busy", "target": {"kind": "pods", "namespace": nginx["namespace"],
                                                     "pod_prefix": nginx["name"]},
            "metric": "pod.cpu.cores", "operator": ">=", "threshold": 0, "for_seconds": 0,
            "profile_on_fire_seconds": 3}
    request = urllib.request.Request(f"{base}/api/v1/rules", data=json.dumps(rule).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    assert urllib.request.urlopen(request, timeout=5).status == 201
    page.goto(base + "/alerts")
    link = "[data-live='/alerts/fragments/active'] a[href^='/alerts/']:text('browser nginx busy')"
    page.wait_for_selector(link, timeout=15000)
    with page.expect_navigation():
        page.click(link)
    assert "Top processes at fire time" in page.inner_text("main"), page.inner_text("main")[:500]
    assert page.locator("table.alert-context tbody tr").count() > 0, "the alert lists no processes"
    def profiled():
        page.reload()
        return page.locator("#alert-flame-link").count() == 1
    wait_for("the alert's profile", profiled, timeout=60)
    with page.expect_navigation():
        page.click("#alert-flame-link")
    page.wait_for_selector("svg.flamegraph", timeout=10000)
    frame = page.locator("svg.flamegraph g.f[data-d='1']").first
    frame.hover()
    assert "samples" in page.inner_text("#flame-details"), "hovering a frame of the alert's profile shows nothing"


def cluster_pages(page, base):
    # Search from any page: '/' focuses the box; a label selector finds the dev nginx pod and not the web tier's
    # other pod (api, also tier=frontend).
    page.goto(base + "/")
    page.keyboard.press("/")
    focused = page.evaluate("document.activeElement && document.activeElement.name")
    assert focused == "q", f"'/' did not focus the search box (focused: {focused})"
    page.keyboard.type("app=nginx,tier=frontend")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/pods?q=app%3Dnginx%2Ctier%3Dfrontend" in page.url, page.url
    page.wait_for_selector("table.rows tbody tr[data-href*='/pods/web/nginx-']", timeout=10000)
    rows = page.query_selector_all("table.rows tbody tr")
    assert rows and all("nginx-" in r.inner_text() for r in rows), [r.inner_text()[:60] for r in rows]
    # Its workload: the Deployment's page with its pods and charts.
    with page.expect_navigation():
        page.click("table.rows tbody tr a[href^='/workloads/web/Deployment/nginx']")
    page.wait_for_selector("text=pods on", timeout=10000)
    main = page.inner_text("main")
    assert "nginx" in main and "Deployment in web" in main, main[:300]
    # The dense view of the simulated nodes, sorted by CPU (descending on the first click): the hot one first.
    page.goto(base + "/nodes?q=browser-sim-")
    page.wait_for_function("document.querySelectorAll('table.dense tbody tr').length >= 6", timeout=20000)
    page.wait_for_function(
        "Array.from(document.querySelectorAll('table.dense tbody tr td:nth-child(4)')).every(td => td.dataset.sort !== '-1')",
        timeout=20000)
    page.click("table.dense th[data-col=cpu]")
    first = page.get_attribute("table.dense tbody tr:first-child", "data-node")
    assert first == "browser-sim-0001", f"sorted by CPU, the first node is {first}"
    # The sort survives a refresh of the live region.
    time.sleep(2.5)
    first = page.get_attribute("table.dense tbody tr:first-child", "data-node")
    assert first == "browser-sim-0001", f"after a refresh the first node is {first}"
    # j selects the first row, Enter opens it.
    page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/nodes/browser-sim-0001"), page.url
    # The overview's heat map shows the hot node in the hottest colour.
    page.goto(base + "/")
    assert page.query_selector(".strip a.h9[href='/nodes/browser-sim-0001']"), "the hot node is not h9 on the heat map"


def main():
    http, ingest = free_port(), free_port()
    base = f"http://127.0.0.1:{http}"
    server = subprocess.Popen([f"{BIN}/podwatch-server", "--host", "127.0.0.1", "--http-port", str(http),
                               "--ingest-port", str(ingest), "--token", "browser-test-token-0001", "--log-level", "warning", "--insecure",
                               "--evaluation-interval", "1", "--profile-min-duration", "1"])
    agent = subprocess.Popen([f"{BIN}/podwatch-agent", "--node-name", "browser-node", "--server", f"127.0.0.1:{ingest}",
                              "--token", "browser-test-token-0001", "--interval", "1s", "--log-level", "warning", "--insecure"])
    dev = subprocess.Popen([f"{BIN}/podwatch-agent", "--node-name", "node-01", "--server", f"127.0.0.1:{ingest}",
                            "--token", "browser-test-token-0001", "--interval", "1s", "--log-level", "warning", "--dev",
                            "--insecure"])
    sim = subprocess.Popen([f"{BIN}/podwatch-sim", "run", "--agents", "6", "--pods-per-node", "12", "--interval", "1s",
                            "--hot-nodes", "1", "--name-prefix", "browser-sim-", "--server", f"127.0.0.1:{ingest}",
                            "--token", "browser-test-token-0001", "--insecure", "--report-every", "600"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    passed = failed = 0
    try:
        def ready():
            nodes = json.load(urllib.request.urlopen(f"{base}/api/v1/nodes", timeout=2))
            return any(n["name"] == "browser-node" and n.get("cpuBusyPercent") is not None for n in nodes)
        wait_for("the agent's second snapshot", ready)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            outside, errors = [], []
            page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/")
            assert "browser-node" in page.inner_text("main"), "the node is not on the overview"
            before = page.inner_text(".live")
            started = time.time()
            page.wait_for_selector(".live .changed", state="attached", timeout=5000)
            elapsed = time.time() - started
            after = page.inner_text(".live")
            assert before != after, "a value was flashed but the text did not change"
            assert not outside, f"requests left the server's origin: {outside}"
            assert not errors, f"script errors: {errors}"
            print(f"browser: overview value changed after {elapsed:.1f} s; no external request; no script error")
            passed += 1

            # The dev node's simulated kubelet: health, eviction headroom, the pods agreeing, its probes.
            page.goto(base + "/nodes/node-01")
            page.wait_for_selector("text=Kubelet", timeout=10000)
            main = page.inner_text("main")
            for expected in ("dev simulation (no kubelet)", "memory.available", "nodefs.available", "probes;",
                             "the API server lists the same"):
                assert expected in main, f"the node page's Kubelet section lacks {expected!r}"
            assert not errors, f"script errors: {errors}"
            print("browser: the node page shows the kubelet's health, eviction headroom, pods and probes")
            # eBPF on the dev node (root here): every signal on, the node's run-queue latency measured.
            page.wait_for_selector("[data-kernel=on] [data-signal=execs][data-on=true]", timeout=10000)
            assert "Kernel signals" in main and "run-queue latency" in main, "the node page lacks the eBPF section"
            off = page.query_selector_all("[data-kernel=on] [data-on=false]")
            assert not off, f"eBPF signals off on the dev node: {[o.inner_text() for o in off]}"
            print("browser: the node page shows every eBPF signal on")
            passed += 1

            # A rule created through the form fires, shows on /alerts and as a badge, and can be dismissed.
            page.goto(base + "/alerts")
            page.click("details summary")
            page.fill("input[name=name]", "browser <b>load</b>")
            page.fill("input[name=node]", "browser-node")
            page.select_option("select[name=metric]", "node.load1")
            page.select_option("select[name=operator]", ">=")
            page.fill("input[name=threshold]", "0")
            page.fill("input[name=for_seconds]", "0")
            with page.expect_navigation():
                page.click("form.rule-form button[type=submit]")
            assert page.url == base + "/alerts", f"the form answered at {page.url}: {page.content()[:500]}"
            assert "browser <b>load</b>" in page.inner_text("main"), "the new rule is not listed"
            page.wait_for_selector("[data-live='/alerts/fragments/active'] button", timeout=8000)
            page.goto(base + "/")
            page.wait_for_selector(".card .badge.alert-warning", timeout=5000)
            page.goto(base + "/alerts")
            with page.expect_navigation():
                page.click("[data-live='/alerts/fragments/active'] button")
            assert page.url == base + "/alerts", f"dismiss answered at {page.url}: {page.inner_text('main')[:500]}"
            assert "Nothing is firing" in page.inner_text("[data-live='/alerts/fragments/active']"), "dismiss did not resolve"
            assert not outside, f"requests left the server's origin: {outside}"
            assert not errors, f"script errors: {errors}"
            print("browser: a rule created in the form fired, showed a badge on the overview, and was dismissed")
            passed += 1

            # A profile started from a pod page finishes into an interactive flame graph.
            profile_from_pod_page(page, base)
            assert not outside, f"requests left the server's origin: {outside}"
            assert not errors, f"script errors: {errors}"
            print("browser: a profile started from a pod page finished; its flame graph zooms, hovers and searches")
            passed += 1

            # The cluster pages: search by label, a workload, the dense view sorted by CPU, the keyboard.
            cluster_pages(page, base)
            assert not outside, f"requests left the server's origin: {outside}"
            assert not errors, f"script errors: {errors}"
            print("browser: found a pod by label from the search box, opened its workload, sorted the dense view by CPU with the outlier first, opened it with j/Enter")
            passed += 1

            # An alert whose rule profiles on fire: its page, its top processes, its flame graph.
            alert_with_profile(page, base)
            assert not outside, f"requests left the server's origin: {outside}"
            assert not errors, f"script errors: {errors}"
            browser.close()
        print("browser: an alert's page showed its top processes at fire time and opened its profile's flame graph")
        passed += 1
    except Exception as error:  # report, then fail the run
        print(f"browser: FAILED: {error}", file=sys.stderr)
        failed += 1
    finally:
        stop(sim, "podwatch-sim")
        stop(dev, "podwatch-agent --dev")
        stop(agent, "podwatch-agent")
        stop(server, "podwatch-server")
    print(f"browser tests: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
