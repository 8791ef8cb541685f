#!/usr/bin/env bash
# The server's figures for `make bench`, each next to the reference it is compared to, measured in this run:
#   - ingest snapshots/s on one thread at P pods per node vs decoding the same frames alone (podwatch-sim bench);
#   - heap per node with 15 min of history (in process), and the real server's RSS per simulated node;
#   - wire bytes per steady snapshot at P pods per node;
#   - /fragments/overview and a node page's fragment, p50/p99 under 50 concurrent clients (wrk) with AGENTS
#     simulated nodes connected, against /healthz (the HTTP stack alone) under the same load.
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${AGENTS:-1000}
# Pods per node for the in-process figures, and for the nodes connected during the latency runs. With 1,000
# nodes of 100 pods the simulator and the server's ingest need more than this 2-core machine has (see README),
# so the latency runs default to 10-pod nodes: the overview's cost grows with nodes, the node page's with pods.
BENCH_PODS=${BENCH_PODS:-100}
PODS=${PODS:-10}
CLIENTS=${CLIENTS:-50}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
swift build -c release --product podwatch-server >/dev/null
swift build -c release --product podwatch-sim >/dev/null
bin=.build/release
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# IN_PROCESS=0 skips the in-process figures (to re-run only the latency part).
[ "${IN_PROCESS:-1}" = 0 ] || "$bin/podwatch-sim" bench --pods-per-node "$BENCH_PODS"

. scripts/bench-lib.sh
http=$(port); ingest=$(port)
"$bin/podwatch-server" --host 127.0.0.1 --http-port "$http" --ingest-port "$ingest" --log-level warning --insecure \
  --max-connections-per-address 0 \
  >"$work/server.log" 2>&1 &
server=$!; pids+=("$server")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.1; done
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
rss_empty=$(rss "$server")
"$bin/podwatch-sim" run --agents "$AGENTS" --pods-per-node "$PODS" --interval 5s --server "127.0.0.1:$ingest" --insecure \
  --report-every 30 >"$work/sim.out" 2>"$work/sim.log" &
pids+=("$!")
connected() { curl -fs "http://127.0.0.1:$http/api/v1/server" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["connectedNodes"]))'; }
for _ in $(seq 1 600); do [ "$(connected)" -ge "$AGENTS" ] && break; sleep 1; done
sleep 12  # every node has sent a keyframe and at least one delta: rates and sparklines exist
echo "server.latency_nodes_connected $(connected)"
echo "server.rss_mb_with_nodes $(( $(rss "$server") / 1024 ))  (empty server: $(( rss_empty / 1024 )) MB)"
echo "server.rss_kb_per_node $(( ($(rss "$server") - rss_empty) / AGENTS ))  (whole process, latest snapshots + history so far)"

latency() { wrk_latency "http://127.0.0.1:$http$1" "$2"; }
latency /healthz server.reference_healthz
latency / server.overview_page
latency /fragments/overview server.overview_fragment
latency /nodes/sim-0500 server.node_page
latency /nodes/sim-0500/fragment server.node_fragment
latency /api/v1/nodes server.api_nodes
echo "server.overview_page_bytes $(curl -fs "http://127.0.0.1:$http/fragments/overview" | wc -c)"
echo "server.node_fragment_bytes $(curl -fs "http://127.0.0.1:$http/nodes/sim-0500/fragment" | wc -c)"
grep -c -E ' (error|critical) ' "$work/server.log" | sed 's/^/server.error_log_lines /' || true
