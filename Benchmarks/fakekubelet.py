#!/usr/bin/env python3
"""A kubelet's HTTP answers at a node's scale, for `make bench` (the agent's CPU with the kubelet client on).

Serves the endpoints the agent reads on the read-only port's terms (plain HTTP, no token) from 127.0.0.1, in the
kubelet's wire shapes (the same as Tests/KubeClientTests/KubeletSamples.swift, scaled): PODS pods of CONTAINERS
containers each; /metrics/cadvisor with the series cAdvisor exports per container (CPU, memory, filesystem per
device, network per interface on the sandbox), /metrics/probes with a liveness and a readiness probe per
container, /metrics with the kubelet's own histograms, /spec answered 404 as kubelets since 1.27 do.
Counters grow between requests so every round parses fresh numbers. Prints "ready PORT" once listening.
Usage: fakekubelet.py PODS [CONTAINERS]
"""
import http.server
import json
import sys
import threading
import time

PODS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
CONTAINERS = int(sys.argv[2]) if len(sys.argv) > 2 else 2
NOW = "2026-12-04T08:30:00Z"
lock = threading.Lock()
state = {"round": 0}


def pods():
    for p in range(PODS):
        uid = "5d3c1a2b-0000-4000-8000-%012d" % p
        yield p, "ns-%d" % (p % 7), "pod-%d-7d9f8b6c5d-x2k4q" % p, uid


def fs(used):
    return {"time": NOW, "availableBytes": 31262711808, "capacityBytes": 104560844800, "usedBytes": used,
            "inodesFree": 5927041, "inodes": 6553600, "inodesUsed": 16}


def summary(n):
    node = {"nodeName": "bench-node", "startTime": NOW,
            "cpu": {"time": NOW, "usageNanoCores": 240934215, "usageCoreNanoSeconds": 52741338000000 + n},
            "memory": {"time": NOW, "availableBytes": 5721972736, "usageBytes": 3146235904,
                       "workingSetBytes": 2378166272, "rssBytes": 1312890880, "pageFaults": 124412,
                       "majorPageFaults": 103},
            "fs": fs(73298132992), "runtime": {"imageFs": fs(14130563072)},
            "rlimit": {"time": NOW, "maxpid": 4194304, "curproc": 1433}}
    items = []
    for p, ns, name, uid in pods():
        containers = [{"name": "c%d" % c, "startTime": NOW,
                       "cpu": {"time": NOW, "usageNanoCores": 12345678, "usageCoreNanoSeconds": 22091000000 + n},
                       "memory": {"time": NOW, "usageBytes": 63021056, "workingSetBytes": 52428800 + n,
                                  "rssBytes": 41943040, "pageFaults": 5310, "majorPageFaults": 2},
                       "rootfs": fs(40960), "logs": fs(1048576 + n)} for c in range(CONTAINERS)]
        items.append({"podRef": {"name": name, "namespace": ns, "uid": uid}, "startTime": NOW,
                      "containers": containers, "cpu": {"time": NOW, "usageNanoCores": 12345678},
                      "memory": {"time": NOW, "workingSetBytes": 52428800},
                      "volume": [{"time": NOW, "usedBytes": 4096, "name": "kube-api-access"}],
                      "ephemeral-storage": fs(1093632 + n)})
    return json.dumps({"node": node, "pods": items})


def podlist(n):
    items = [{"metadata": {"name": name, "namespace": ns, "uid": uid, "labels": {"app": "bench"},
                           "annotations": {"kubernetes.io/config.source": "api"}},
              "spec": {"nodeName": "bench-node",
                       "containers": [{"name": "c%d" % c, "image": "nginx"} for c in range(CONTAINERS)]},
              "status": {"phase": "Running", "qosClass": "Burstable"}} for _, ns, name, uid in pods()]
    return json.dumps({"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": items})


def labels(ns, name, container, **extra):
    pairs = dict(container=container, namespace=ns, pod=name, **extra)
    return ",".join('%s="%s"' % kv for kv in pairs.items())


def probes(n):
    out = ["# HELP prober_probe_total [BETA] Cumulative number of a liveness, readiness or startup probe for a container by result.",
           "# TYPE prober_probe_total counter"]
    for _, ns, name, uid in pods():
        for c in range(CONTAINERS):
            for kind in ("Liveness", "Readiness"):
                for result, count in (("failed", 0), ("successful", 8632 + n), ("unknown", 0)):
                    out.append("prober_probe_total{%s} %d" % (
                        labels(ns, name, "c%d" % c, pod_uid=uid, probe_type=kind, result=result), count))
    out += ["# HELP prober_probe_duration_seconds [ALPHA] Duration in seconds for a probe response.",
            "# TYPE prober_probe_duration_seconds histogram"]
    for _, ns, name, _ in pods():
        for c in range(CONTAINERS):
            for le in ("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"):
                out.append('prober_probe_duration_seconds_bucket{%s,le="%s"} %d' % (
                    labels(ns, name, "c%d" % c, probe_type="Liveness"), le, 8000 + n))
    return "\n".join(out) + "\n"


def resource(n):
    out = ["# TYPE container_cpu_usage_seconds_total counter"]
    out += ["container_cpu_usage_seconds_total{%s} %f 1764836400000" % (labels(ns, name, "c%d" % c), 22.091 + n)
            for _, ns, name, _ in pods() for c in range(CONTAINERS)]
    out += ["# TYPE container_memory_working_set_bytes gauge"]
    out += ["container_memory_working_set_bytes{%s} 5.24288e+07 1764836400000" % labels(ns, name, "c%d" % c)
            for _, ns, name, _ in pods() for c in range(CONTAINERS)]
    out += ["# TYPE pod_cpu_usage_seconds_total counter"]
    out += ['pod_cpu_usage_seconds_total{namespace="%s",pod="%s"} %f 1764836400000' % (ns, name, 44.1 + n)
            for _, ns, name, _ in pods()]
    out += ["# TYPE node_memory_working_set_bytes gauge", "node_memory_working_set_bytes 2.378166272e+09 1764836400000",
            "# TYPE scrape_error gauge", "scrape_error 0"]
    return "\n".join(out) + "\n"


CADVISOR_CONTAINER = ["container_cpu_usage_seconds_total", "container_cpu_user_seconds_total",
                      "container_cpu_system_seconds_total", "container_cpu_cfs_periods_total",
                      "container_cpu_cfs_throttled_periods_total", "container_memory_usage_bytes",
                      "container_memory_working_set_bytes", "container_memory_rss", "container_memory_cache",
                      "container_memory_failcnt", "container_last_seen", "container_start_time_seconds"]
CADVISOR_FS = ["container_fs_reads_bytes_total", "container_fs_writes_bytes_total", "container_fs_reads_total",
               "container_fs_writes_total", "container_fs_usage_bytes", "container_fs_limit_bytes"]
CADVISOR_NET = ["container_network_receive_bytes_total", "container_network_transmit_bytes_total",
                "container_network_receive_packets_total", "container_network_transmit_packets_total",
                "container_network_receive_errors_total", "container_network_transmit_errors_total",
                "container_network_receive_packets_dropped_total", "container_network_transmit_packets_dropped_total"]


def cadvisor(n):
    out = []
    for family in CADVISOR_CONTAINER + CADVISOR_FS + CADVISOR_NET:
        out.append("# TYPE %s counter" % family)
        for p, ns, name, _ in pods():
            if family in CADVISOR_NET:
                out.append('%s{container="",id="/kubepods.slice/pod%d",image="",interface="eth0",name="",'
                           'namespace="%s",pod="%s"} %d 1764836400000' % (family, p, ns, name, 1000 * n))
                continue
            for c in range(CONTAINERS):
                dev = ',device="/dev/nvme0n1"' if family in CADVISOR_FS else ""
                out.append('%s{container="c%d"%s,id="/kubepods.slice/pod%d/c%d",image="nginx",name="c%d",'
                           'namespace="%s",pod="%s"} %d 1764836400000' % (family, c, dev, p, c, c, ns, name, 4096 * n))
    return "\n".join(out) + "\n"


def metrics(n):
    out = []
    buckets = ("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf")
    for family in ("kubelet_pod_start_duration_seconds", "kubelet_pleg_relist_duration_seconds",
                   "kubelet_pod_worker_duration_seconds", "kubelet_cgroup_manager_duration_seconds"):
        out.append("# TYPE %s histogram" % family)
        out += ['%s_bucket{le="%s"} %d' % (family, le, 100 + n) for le in buckets]
        out += ["%s_sum %f" % (family, 31.4 + n), "%s_count %d" % (family, 100 + n)]
    out.append("# TYPE kubelet_runtime_operations_duration_seconds histogram")
    for op in ("create_container", "exec_sync", "pull_image", "list_containers", "container_status", "stop_container",
               "list_podsandbox", "podsandbox_status", "run_podsandbox", "remove_container", "version", "status"):
        out += ['kubelet_runtime_operations_duration_seconds_bucket{operation_type="%s",le="%s"} %d' % (op, le, n)
                for le in buckets]
    out.append("# TYPE kubelet_runtime_operations_errors_total counter")
    out += ['kubelet_runtime_operations_errors_total{operation_type="%s"} %d' % (op, n % 3)
            for op in ("create_container", "exec_sync", "pull_image")]
    out.append("# TYPE rest_client_request_duration_seconds histogram")
    for verb in ("GET", "POST", "PATCH", "PUT", "DELETE"):
        for host in ("10.0.0.1:6443",):
            out += ['rest_client_request_duration_seconds_bucket{host="%s",verb="%s",le="%s"} %d' % (host, verb, le, n)
                    for le in buckets]
    out += ["# TYPE kubelet_running_pods gauge", "kubelet_running_pods %d" % PODS]
    return "\n".join(out) + "\n"


CONFIGZ = json.dumps({"kubeletconfig": {"maxPods": 110, "kubeReserved": {"cpu": "100m", "memory": "256Mi"},
                      "systemReserved": {"memory": "512Mi"},
                      "evictionHard": {"imagefs.available": "15%", "memory.available": "100Mi",
                                       "nodefs.available": "10%", "nodefs.inodesFree": "5%", "pid.available": "2%"},
                      "evictionSoft": {"memory.available": "500Mi"}}})

ANSWERS = {"/stats/summary": (summary, "application/json"), "/pods": (podlist, "application/json"),
           "/metrics/probes": (probes, "text/plain; version=0.0.4"), "/metrics/resource": (resource, "text/plain"),
           "/metrics/cadvisor": (cadvisor, "text/plain"), "/metrics": (metrics, "text/plain; version=0.0.4"),
           "/configz": (lambda n: CONFIGZ, "application/json"), "/healthz": (lambda n: "ok", "text/plain"),
           "/healthz/syncloop": (lambda n: "ok", "text/plain")}


class Kubelet(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        answer = ANSWERS.get(self.path.split("?")[0])
        if self.path == "/healthz":
            with lock:
                state["round"] += 1
        if answer is None:
            body, status, kind = b"404 page not found\n", 404, "text/plain"
        else:
            with lock:
                n = state["round"]
            body, status, kind = answer[0](n).encode(), 200, answer[1]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Kubelet)
sizes = {path: len(make(1).encode()) for path, (make, _) in ANSWERS.items()}
print("ready %d" % server.server_address[1], flush=True)
print("bytes_per_round %d" % sum(sizes.values()), flush=True)
server.serve_forever()
