#!/usr/bin/env bash
# The cluster pages for `make bench` (issue #15): with AGENTS simulated nodes of PODS pods each connected (the
# simulator on this same machine), p50/p99 under CLIENTS concurrent wrk clients of /namespaces, a workload page,
# /pods with a label selector and the dense node view /nodes (pages and their live fragments), against /healthz
# (the HTTP stack alone) under the same load, asked as browsers ask (Accept-Encoding: gzip). Target: p99 <= 50 ms each.
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${AGENTS:-1000}
PODS=${PODS:-100}
CLIENTS=${CLIENTS:-50}
INTERVAL=${INTERVAL:-5s}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
swift build -c release --product podwatch-server >/dev/null
swift build -c release --product podwatch-sim >/dev/null
bin=.build/release
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

. scripts/bench-lib.sh
http=$(port); ingest=$(port)
"$bin/podwatch-server" --host 127.0.0.1 --http-port "$http" --ingest-port "$ingest" --log-level warning --insecure \
  --max-connections-per-address 0 >"$work/server.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.1; done
"$bin/podwatch-sim" run --agents "$AGENTS" --pods-per-node "$PODS" --interval "$INTERVAL" --hot-nodes 1 \
  --name-prefix pages- --server "127.0.0.1:$ingest" --insecure --report-every 60 >"$work/sim.out" 2>"$work/sim.log" &
pids+=("$!")
connected() { curl -fs "http://127.0.0.1:$http/api/v1/server" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["connectedNodes"]))'; }
for _ in $(seq 1 900); do [ "$(connected)" -ge "$AGENTS" ] && break; sleep 1; done
sleep 15  # every node has sent a keyframe and deltas: rates exist
echo "pages.nodes_connected $(connected) of $AGENTS ($PODS pods each, snapshots every $INTERVAL)"
echo "pages.pods_listed $(curl -fs "http://127.0.0.1:$http/fragments/namespaces" | grep -o '[0-9]* pods on [0-9]* live nodes' | head -1)"

latency() {  # p50 and p99 in ms from wrk --latency (also kept in $work/latency for the ratios below)
  # A page someone has open is rendered already: one request first, so the figures are the steady state
  # (the first rendering of a URL is waited for once, by everyone asking meanwhile).
  curl -fs -o /dev/null "http://127.0.0.1:$http$1"
  # The box's own latency in the same window: 5 more clients on /healthz while the 50 ask for the page (the
  # machine's load changes from one run to the next, so a page is compared with /healthz measured beside it).
  CLIENTS=5 wrk_latency "http://127.0.0.1:$http/healthz" "$2_beside_healthz" >"$work/beside" &
  local probe=$!
  wrk_latency "http://127.0.0.1:$http$1" "$2" | tee -a "$work/latency"
  wait "$probe"; grep p99 "$work/beside" | tee -a "$work/latency"
}
# Asked as a browser asks (every browser sends Accept-Encoding): the pages go gzipped, compressed once per rendering.
# The dense node view is also measured as plain wrk asks, without it (730 KB a request at 1,000 nodes).
export WRK_HEADER="Accept-Encoding: gzip, deflate, br"
selector='/pods?q=app%3Dstorefront%2Ctrack!%3Dcanary'
workload=/workloads/shop/Deployment/storefront
latency /healthz pages.reference_healthz
latency /namespaces pages.namespaces
latency /fragments/namespaces pages.namespaces_fragment
latency "$workload" pages.workload
latency "/fragments$workload" pages.workload_fragment
latency "$selector" pages.pods_selector
latency "/fragments$selector" pages.pods_selector_fragment
latency /nodes pages.nodes_dense
latency /fragments/nodes pages.nodes_dense_fragment
WRK_HEADER="" latency /fragments/nodes pages.nodes_dense_fragment_uncompressed
# The machine is shared with the simulator and wrk: each page's p99 against /healthz's measured beside it, in the same window.
awk '/_beside_healthz_p99_ms/ {k = $1; sub(/_beside_healthz_p99_ms$/, "", k); beside[k] = $2; next}
     /_p99_ms/ {k = $1; sub(/_p99_ms$/, "", k); p99[k] = $2; order[++n] = k}
     END { for (i = 1; i <= n; i++) { k = order[i]; if (k !~ /healthz/ && beside[k] > 0) printf "%s_p99_vs_healthz_beside_p99 %.2f\n", k, p99[k] / beside[k] } }' "$work/latency"
for path in /namespaces "$workload" "$selector" /nodes; do
  name=$(echo "$path" | sed 's/[^a-z]/_/g; s/__*/_/g; s/^_//; s/_$//' | cut -c1-30)
  echo "pages.bytes_$name $(curl -fs "http://127.0.0.1:$http$path" | wc -c) ($(curl -fs -H "$WRK_HEADER" "http://127.0.0.1:$http$path" | wc -c) gzipped)"
done
echo "pages.render_seconds $(curl -fs "http://127.0.0.1:$http/metrics" | awk '/^podwatch_page_render_seconds_(sum|count)/ {print $1"="$2}' | tr '\n' ' ')"
grep -c -E ' (error|critical) ' "$work/server.log" | sed 's/^/pages.server_error_log_lines /' || true
