#!/usr/bin/env python3
"""Offline checks of everything that deploys Podwatch (run by `make test-deploy`, part of `make test`):

1. k8s/*.yaml validate against the Kubernetes schemas with `kubernetes-validate --strict` (a misspelt field fails).
2. The Helm chart lints clean (strict) and renders, for several value sets, manifests that validate the same way;
   profiling adds exactly SYS_PTRACE and PERFMON and only when enabled, ebpf exactly BPF and PERFMON (and
   --no-ebpf otherwise); nothing is privileged.
3. Every flag and environment variable the manifests, the chart and docker-compose.yml give the binaries exists
   in those binaries (their --help), so the deployment cannot drift from the code.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

import helm_python as helm
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "debug")
CHART = os.path.join(ROOT, "k8s", "helm", "podwatch")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def validate(paths, label):
    result = subprocess.run(["kubernetes-validate", "--strict", "--quiet", *paths], capture_output=True, text=True)
    check(result.returncode == 0, f"{label}: kubernetes-validate --strict failed:\n{result.stdout}{result.stderr}")


def documents(paths):
    for path in paths:
        with open(path) as handle:
            for document in yaml.safe_load_all(handle):
                if document:
                    yield path, document


def containers(document):
    spec = document.get("spec", {}).get("template", {}).get("spec", {})
    return spec.get("containers", [])


def help_text(*arguments):
    return subprocess.run([*arguments, "--help"], capture_output=True, text=True, check=True).stdout


def main():
    manifests = sorted(glob.glob(os.path.join(ROOT, "k8s", "*.yaml")))
    validate(manifests, "k8s/")

    report = helm.lint(CHART, strict=True)
    check(not report["errors"] and not report["messages"], f"helm lint: {report}")
    chart = helm.Chart.load(CHART)
    rendered_sets = {}
    for label, values in {
        "defaults": {},
        "profiling+ingress+secret": {
            "agentIdentity": "token",
            "profiling": {"enabled": True},
            "ingress": {"enabled": True, "className": "nginx"},
            "secret": {"create": True, "agentToken": "t", "readToken": "r", "adminToken": "a"},
        },
        "readAllProcesses": {"agent": {"readAllProcesses": True, "podAnnotations": ["example.com/team", "owner"]},
                             "kubelet": {"nodesProxy": True, "insecureTLS": True}},
        "cert-manager": {"tls": {"certManager": {"enabled": True, "issuerRef": {"name": "ca", "kind": "ClusterIssuer"}}}},
        "insecure": {"tls": {"enabled": False}, "server": {"readToken": {"required": False}, "recordings": {"enabled": False}}},
        "ebpf": {"ebpf": {"enabled": True}},
        "single replica, no database": {"server": {"replicas": 1}, "database": {"enabled": False}},
        "ebpf+profiling": {"ebpf": {"enabled": True}, "profiling": {"enabled": True}},
        "serviceMonitor": {"serviceMonitor": {"enabled": True, "labels": {"release": "kps"}},
                           "server": {"otlpEndpoint": "http://otel-collector.monitoring:4318"}},
    }.items():
        manifests_by_template = chart.render(values=values, name="pw", namespace="podwatch")
        if label == "defaults":
            # Replicas without a database would each notify: the chart refuses to render them.
            try:
                chart.render(values={"database": {"enabled": False}}, name="pw", namespace="podwatch")
                refused = False
            except Exception as error:  # the SDK raises helm's own error, message included
                refused = "needs database.enabled" in str(error)
            check(refused, "chart: two replicas without a database must be refused")
        directory = tempfile.mkdtemp(prefix="podwatch-chart-")
        paths = []
        certificates = []
        monitors = []
        for template, text in manifests_by_template.items():
            if text.strip():
                path = os.path.join(directory, os.path.basename(template))
                with open(path, "w") as handle:
                    handle.write(text)
                # cert-manager's Certificate and the Prometheus Operator's monitors are CRDs the Kubernetes schemas
                # do not know: checked by hand below.
                if "kind: Certificate" in text:
                    certificates.append(path)
                elif "monitoring.coreos.com" in text:
                    monitors.append(path)
                else:
                    paths.append(path)
        validate(paths, f"chart ({label})")
        rendered_sets[label] = paths
        if label == "single replica, no database":
            kinds = [d.get("kind") for _, d in documents(paths)]
            check("PodDisruptionBudget" not in kinds, "chart (one replica): a PodDisruptionBudget would block drains")
        for _, certificate in documents(certificates):
            spec = certificate.get("spec", {})
            check(certificate.get("apiVersion") == "cert-manager.io/v1" and spec.get("secretName") == "podwatch-tls"
                  and "pw-podwatch-server.podwatch.svc" in " ".join(spec.get("dnsNames", []))
                  and spec.get("issuerRef", {}).get("name") == "ca",
                  f"chart ({label}): the Certificate does not issue podwatch-tls for the server's service: {spec}")
        check(bool(certificates) == (label == "cert-manager"), f"chart ({label}): a Certificate only with cert-manager")
        kinds = {document.get("kind"): document for _, document in documents(monitors)}
        check(set(kinds) == ({"ServiceMonitor", "PodMonitor"} if label == "serviceMonitor" else set()),
              f"chart ({label}): monitors {sorted(kinds)}")
        if label == "serviceMonitor":
            endpoint = kinds["ServiceMonitor"]["spec"]["endpoints"][0]
            check(endpoint.get("port") == "http" and endpoint.get("path") == "/metrics"
                  and endpoint.get("authorization", {}).get("credentials", {}).get("key") == "read-token",
                  f"chart ({label}): the ServiceMonitor must scrape /metrics on http with the read token: {endpoint}")
            check(kinds["PodMonitor"]["spec"]["podMetricsEndpoints"][0].get("port") == "metrics",
                  f"chart ({label}): the PodMonitor must scrape the agents' metrics port")
            check(all(d["metadata"]["labels"].get("release") == "kps" for d in kinds.values()),
                  f"chart ({label}): serviceMonitor.labels must reach both monitors")

    for label, paths in rendered_sets.items():
        for _, document in documents(paths):
            for container in containers(document):
                security = container.get("securityContext", {})
                check(not security.get("privileged"), f"chart ({label}): {container['name']} is privileged")
                added = security.get("capabilities", {}).get("add", [])
                if container["name"] == "agent":
                    expected = {
                        "defaults": [],
                        "cert-manager": [],
                        "insecure": [],
                        "profiling+ingress+secret": ["SYS_PTRACE", "PERFMON"],
                        "readAllProcesses": ["SYS_PTRACE", "DAC_READ_SEARCH"],
                        "ebpf": ["BPF", "PERFMON"],
                        "ebpf+profiling": ["SYS_PTRACE", "BPF", "PERFMON"],
                        "serviceMonitor": [],
                        "single replica, no database": [],
                    }[label]
                    check(added == expected, f"chart ({label}): agent capabilities {added}, expected {expected}")
                    ebpf_off = "--no-ebpf" in container.get("args", [])
                    check(ebpf_off == (not label.startswith("ebpf")),
                          f"chart ({label}): --no-ebpf must be passed exactly when ebpf.enabled is false")
                    sampled = "--ebpf-sample-percent=4" in container.get("args", [])
                    check(sampled == (not ebpf_off),
                          f"chart ({label}): eBPF on must sample runqueue and syscalls at ebpf.samplePercent (4)")

    # Flags and environment variables given to the binaries must exist in them.
    agent_help = help_text(f"{BIN}/podwatch-agent", "run") + help_text(f"{BIN}/podwatch-agent", "health")
    server_help = help_text(f"{BIN}/podwatch-server")
    sources = manifests + [p for paths in rendered_sets.values() for p in paths]
    given = []
    for path, document in documents(sources):
        for container in containers(document):
            binary = "agent" if container["name"] == "agent" else "server"
            words = container.get("args", []) + container.get("command", [])
            for probe in ("livenessProbe", "readinessProbe"):
                words += container.get(probe, {}).get("exec", {}).get("command", [])
            given += [(path, binary, word) for word in words]
            given += [(path, binary, "$" + env["name"]) for env in container.get("env", [])]
    with open(os.path.join(ROOT, "docker-compose.yml")) as handle:
        compose = yaml.safe_load(handle)
    for name in ("server", "agent"):
        service = compose["services"][name]
        given += [("docker-compose.yml", name, word) for word in service.get("command", [])]
        given += [("docker-compose.yml", name, "$" + key) for key in service.get("environment", {})]
    check(compose["services"]["agent"].get("pid") == "host", "docker-compose.yml: the agent needs pid: host")
    for name in ("server", "agent"):
        check(compose["services"][name].get("cap_drop") == ["ALL"], f"docker-compose.yml: {name} must drop every capability")
    check(all(str(port).startswith("127.0.0.1:") for port in compose["services"]["server"].get("ports", [])),
          "docker-compose.yml: the web port is published on 127.0.0.1 only")
    # Reads are guarded by default: the manifests and the chart's defaults pass a read token to the server.
    check(not any(document.get("kind") == "Secret" for _, document in documents(manifests)),
          "k8s/: no Secret with known tokens (kubectl apply -f k8s/ would create it)")
    for path, document in documents(manifests + rendered_sets["defaults"]):
        for container in containers(document):
            args = container.get("args", [])
            where = os.path.relpath(path, ROOT)
            check("--insecure" not in args, f"{where}: {container['name']} runs --insecure by default")
            if container["name"] != "agent":
                check(any(word.startswith("--read-token-file=") for word in args),
                      f"{where}: the server must require the read token by default")
                check(any(word.startswith("--tls-cert=") for word in args), f"{where}: the server must serve TLS")
            else:
                check(any(word.startswith("--tls-ca=") for word in args), f"{where}: the agent must verify the server")
            # The agent mounts only the CA of the TLS Secret, never the server's key.
            for volume in document["spec"]["template"]["spec"].get("volumes", []):
                items = [item["key"] for item in volume.get("secret", {}).get("items", [])]
                if container["name"] == "agent" and volume.get("secret", {}).get("secretName") == "podwatch-tls":
                    check(items == ["ca.crt"], f"{where}: the agent mounts {items} of the TLS Secret")
    for label, paths in (("k8s/", manifests), ("chart (defaults)", rendered_sets["defaults"])):
        docs = [document for _, document in documents(paths)]
        policies = {d["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]: d
                    for d in docs if d.get("kind") == "NetworkPolicy"}
        server_rules = policies.get("podwatch-server", {}).get("spec", {}).get("ingress", [])
        ingest_sources = [peer for rule in server_rules if any(p.get("port") == 9090 for p in rule.get("ports", []))
                          for peer in rule.get("from", [])]
        check(bool(ingest_sources) and all(peer.get("podSelector", {}).get("matchLabels", {}).get(
            "app.kubernetes.io/name") == "podwatch-agent" for peer in ingest_sources),
              f"{label}: a NetworkPolicy must open the ingest port to agent pods only")
        agent_rules = policies.get("podwatch-agent", {}).get("spec", {}).get("ingress", [])
        agent_ports = [p.get("port") for rule in agent_rules for p in rule.get("ports", [])]
        agent_sources = [peer for rule in agent_rules for peer in rule.get("from", [])]
        check("podwatch-agent" in policies and agent_ports in ([], [9102]) and all(
            "namespaceSelector" in peer and "podSelector" not in peer for peer in agent_sources)
              and bool(agent_sources) == bool(agent_ports),
              f"{label}: a NetworkPolicy must close the agents to everything but their metrics port from "
              f"networkPolicy.metricsFrom: {agent_rules}")
        for d in docs:
            if d.get("kind") in ("DaemonSet", "Deployment", "StatefulSet"):
                profile = d["spec"]["template"]["spec"].get("securityContext", {}).get("seccompProfile", {})
                check(profile.get("type") == "RuntimeDefault",
                      f"{label}: {d['metadata']['name']} runs without the RuntimeDefault seccomp profile")
    # Per-node identity by default: the agent presents its projected token (audience podwatch), the server checks it
    # for the agents' service account with exactly create tokenreviews and get pods.
    for label, paths in (("k8s/", manifests), ("chart (defaults)", rendered_sets["defaults"])):
        docs = [document for _, document in documents(paths)]
        workloads = {d["kind"]: d for d in docs if d.get("kind") in ("DaemonSet", "StatefulSet")}
        agent_pod = workloads["DaemonSet"]["spec"]["template"]["spec"]
        server_pod = workloads["StatefulSet"]["spec"]["template"]["spec"]
        # Replicas (issue #16): two by default, each agent streaming to every one through the headless Service,
        # one replica down at a time, each named by its pod.
        server_set = workloads["StatefulSet"]
        headless = [d for d in docs if d.get("kind") == "Service" and d["spec"].get("clusterIP") == "None"]
        check(server_set["spec"].get("replicas") == 2 and len(headless) == 1
              and server_set["spec"].get("serviceName") == headless[0]["metadata"]["name"],
              f"{label}: the server must run 2 replicas behind a headless Service")
        check(any(word == f"--server=dns+{headless[0]['metadata']['name']}.{headless[0]['metadata']['namespace']}.svc:9090"
                  for word in agent_pod["containers"][0].get("args", [])),
              f"{label}: the agent must stream to every replica (dns+ the headless Service)")
        check(any(d.get("kind") == "PodDisruptionBudget" and d["spec"].get("maxUnavailable") == 1 for d in docs),
              f"{label}: a PodDisruptionBudget must keep one replica up")
        check(any(env["name"] == "POD_NAME" for env in server_pod["containers"][0].get("env", [])),
              f"{label}: each replica must be named by its pod (POD_NAME)")
        check("podAntiAffinity" in server_pod.get("affinity", {}),
              f"{label}: the replicas must prefer different nodes")
        agent_args = agent_pod["containers"][0].get("args", [])
        server_args = server_pod["containers"][0].get("args", [])
        projected = [source["serviceAccountToken"] for volume in agent_pod.get("volumes", [])
                     for source in volume.get("projected", {}).get("sources", []) if "serviceAccountToken" in source]
        check(len(projected) == 1 and projected[0].get("audience") == "podwatch"
              and f"--token-file=/var/run/secrets/podwatch/{projected[0].get('path')}" in agent_args,
              f"{label}: the agent must present a projected service-account token with audience podwatch")
        account = f"{workloads['DaemonSet']['metadata']['namespace']}:{agent_pod['serviceAccountName']}"
        check("--agent-identity=kubernetes" in server_args and f"--agent-service-account={account}" in server_args
              and not any(word.startswith("--token") for word in server_args),
              f"{label}: the server must check agents' tokens for {account} (and take no shared token)")
        check(server_pod.get("automountServiceAccountToken") is True,
              f"{label}: the server needs its own service-account token to ask for TokenReviews")
        roles = {d["metadata"]["name"]: d for d in docs if d.get("kind") == "ClusterRole"}
        bindings = [d for d in docs if d.get("kind") == "ClusterRoleBinding"
                    and any(subject["name"] == server_pod["serviceAccountName"] for subject in d["subjects"])]
        rules = [(tuple(rule["apiGroups"]), tuple(rule["resources"]), tuple(rule["verbs"]))
                 for binding in bindings for rule in roles.get(binding["roleRef"]["name"], {}).get("rules", [])]
        check(sorted(rules) == [(("",), ("pods",), ("get",)), (("authentication.k8s.io",), ("tokenreviews",), ("create",))],
              f"{label}: the server's RBAC must be create tokenreviews and get pods, nothing more: {rules}")
    # The agent reads its own kubelet through the fine-grained subresources; nodes/proxy only when opted into.
    for label, paths in (("k8s/", manifests), ("chart (defaults)", rendered_sets["defaults"]),
                         ("chart (readAllProcesses)", rendered_sets["readAllProcesses"])):
        docs = [document for _, document in documents(paths)]
        daemonset = next(d for d in docs if d.get("kind") == "DaemonSet")
        agent = daemonset["spec"]["template"]["spec"]["containers"][0]
        address = [env for env in agent.get("env", []) if env["name"] == "PODWATCH_KUBELET_ADDRESS"]
        check(len(address) == 1 and address[0].get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "status.hostIP",
              f"{label}: the agent must reach its kubelet at status.hostIP")
        role = next(d for d in docs if d.get("kind") == "ClusterRole"
                    and d["metadata"]["name"] == daemonset["spec"]["template"]["spec"]["serviceAccountName"])
        resources = {resource for rule in role["rules"] for resource in rule["resources"]}
        wanted = {"nodes/healthz", "nodes/configz", "nodes/stats", "nodes/pods", "nodes/metrics", "nodes/spec"}
        check(wanted <= resources, f"{label}: the agent lacks {sorted(wanted - resources)}")
        check(("nodes/proxy" in resources) == (label == "chart (readAllProcesses)"),
              f"{label}: nodes/proxy only when kubelet.nodesProxy is set")
        check(("--kubelet-insecure-tls" in agent.get("args", [])) == (label == "chart (readAllProcesses)"),
              f"{label}: --kubelet-insecure-tls only when kubelet.insecureTLS is set")
        verbs = {verb for rule in role["rules"] if any(r.startswith("nodes/") for r in rule["resources"])
                 for verb in rule["verbs"]}
        check(verbs == {"get"}, f"{label}: kubelet subresources need get only, not {sorted(verbs)}")
    for _, document in documents(rendered_sets["profiling+ingress+secret"]):
        for container in containers(document):
            check(any(word == "--token-file=/var/run/secrets/podwatch/agent-token" for word in container.get("args", [])),
                  f"chart (agentIdentity=token): {container['name']} must use the shared agent-token")
    for _, document in documents(rendered_sets["insecure"]):
        for container in containers(document):
            check("--insecure" in container.get("args", []), f"chart (insecure): {container['name']} lacks --insecure")
    check(
        any("server:9090" in word for word in compose["services"]["agent"]["command"]),
        "docker-compose.yml: the agent must connect to the server service's ingest port",
    )
    for path, binary, word in given:
        text = agent_help if binary == "agent" else server_help
        if word.startswith("$"):
            check(re.search(rf"\b{re.escape(word[1:])}\b", text) is not None,
                  f"{os.path.relpath(path, ROOT)}: {binary} does not read environment variable {word[1:]}")
        elif word.startswith("--"):
            flag = word.split("=", 1)[0]
            check(re.search(rf"(^|\s){re.escape(flag)}(\s|,|$|=| <)", text, re.M) is not None,
                  f"{os.path.relpath(path, ROOT)}: {binary} has no flag {flag}")
    checked = len(given)

    for failure in failures:
        print(f"deploy: FAILED: {failure}", file=sys.stderr)
    print(f"deploy: {len(manifests)} manifests and the chart ({len(rendered_sets)} value sets) validated; "
          f"{checked} flags and environment variables checked against the binaries; {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
