#!/usr/bin/env bash
# make bench (fourth part): an alert storm against the release server. NODES simulated nodes x PODS pods
# (default 300 x 100), one rule per namespace that every pod meets, a local webhook receiver; prints how many
# alerts fire, how many messages the receiver got (one per rule and group is the target), and /alerts and its
# live fragment: bytes, and p50/p99 under wrk against /healthz (the HTTP stack alone) in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${NODES:-300}
PODS=${PODS:-100}
CLIENTS=${CLIENTS:-10}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
swift build -c release --product podwatch-server >/dev/null
swift build -c release --product podwatch-sim >/dev/null
bin=.build/release
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
. scripts/bench-lib.sh
http=$(port); ingest=$(port); hook=$(port)
python3 scripts/webhook-receiver.py "$hook" "$work/messages.jsonl" &
pids+=("$!")
"$bin/podwatch-server" --host 127.0.0.1 --http-port "$http" --ingest-port "$ingest" --log-level warning --insecure \
  --max-connections-per-address 0 --no-default-rules --webhook "http://127.0.0.1:$hook/hook" --group-wait 10 \
  --evaluation-interval 5 >"$work/server.log" 2>&1 &
pids+=("$!")
base="http://127.0.0.1:$http"
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done
"$bin/podwatch-sim" run --agents "$NODES" --pods-per-node "$PODS" --interval 5s --server "127.0.0.1:$ingest" \
  --insecure >"$work/sim.out" 2>"$work/sim.log" &
pids+=("$!")
json() { curl -fs "$base$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"; }
for _ in $(seq 1 300); do [ "$(json /api/v1/server 'len(d["connectedNodes"])')" -ge "$NODES" ] && break; sleep 1; done
sleep 12  # every node has sent a keyframe and a delta: CPU rates exist
namespaces=$(json /api/v1/nodes/sim-0001/pods '" ".join(sorted({p["namespace"] for p in d}))')
for namespace in $namespaces; do
  curl -fs -X POST -H 'Content-Type: application/json' "$base/api/v1/rules" -d '{"name":"storm '"$namespace"'",
    "target":{"kind":"pods","namespace":"'"$namespace"'"},"metric":"pod.cpu.cores","operator":">=","threshold":0,
    "for_seconds":0,"channels":["webhook"],"renotify_seconds":0}' >/dev/null
done
firing=0
for _ in $(seq 1 60); do
  now=$(json '/api/v1/alerts?state=firing' 'len(d)')
  [ "$now" -gt 0 ] && [ "$now" = "$firing" ] && break
  firing=$now; sleep 5
done
sleep 15  # the group wait, then the messages
echo "storm.nodes $NODES"
echo "storm.rules $(echo "$namespaces" | wc -w)"
echo "storm.alerts_firing $firing"
echo "storm.messages_received $(wc -l < "$work/messages.jsonl")  (target: one per rule and group)"
python3 - "$work/messages.jsonl" <<'PY'
import collections, json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    kinds = collections.Counter(n["kind"] for n in m["notifications"])
    print(f"storm.message {m['rule_name']!r} group={m['group_key']!r} firing={m['firing']} "
          f"notifications={m['notification_count']} carried={dict(kinds)}")
PY
echo "storm.alerts_page_bytes $(curl -fs "$base/alerts" | wc -c)  (target < 300000)"
echo "storm.alerts_fragment_bytes $(curl -fs "$base/alerts/fragments/active" | wc -c)"
latency() { wrk_latency "$base$1" "$2"; }
latency /healthz storm.reference_healthz
latency /alerts storm.alerts_page
latency /alerts/fragments/active storm.alerts_fragment
grep -c -E ' (error|critical) ' "$work/server.log" | sed 's/^/storm.error_log_lines /' || true
