#!/usr/bin/env bash
# `make hostile`: the security review's reproduced attacks against the release server, each measured while it
# runs: the server's peak RSS over its RSS before, and /healthz polled every 100 ms (any failure is printed).
#   1. ten connections at once, five rounds, each an unauthenticated compressed Hello inflating to 16 MiB;
#   2. one agent (with the token) sending a delta that repeats container index 0 four million times;
#   3. one agent sending a keyframe with load1 = 1e17: refused with its reason; every page still renders.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product podwatch-server >/dev/null
swift build -c release --product podwatch-sim >/dev/null
bin=.build/release
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http=$(port); ingest=$(port)
token=hostile-measurement-token
"$bin/podwatch-server" --host 127.0.0.1 --http-port "$http" --ingest-port "$ingest" --token "$token" --insecure \
  --log-level warning >"$work/server.log" 2>&1 &
server=$!; pids+=("$server")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.1; done
# Three honest nodes, so that the pages have something to show.
"$bin/podwatch-sim" run --agents 3 --pods-per-node 20 --interval 1s --server "127.0.0.1:$ingest" --token "$token" --insecure \
  >"$work/sim.out" 2>"$work/sim.log" &
pids+=("$!")
sleep 4
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }

# Runs an attack while sampling RSS and /healthz; prints its answers, the peak RSS over the baseline and any
# /healthz failure.
measure() {
  local name=$1; shift
  local base; base=$(rss)
  : >"$work/peak"; : >"$work/health"
  ( while kill -0 "$server" 2>/dev/null; do rss >>"$work/peak"; sleep 0.05; done ) &
  local sampler=$!
  ( while true; do curl -fs -m 2 "http://127.0.0.1:$http/healthz" >/dev/null || date +%T.%N >>"$work/health"; \
      sleep 0.1; done ) &
  local prober=$!
  "$bin/podwatch-sim" attack --server "127.0.0.1:$ingest" "$@" | sed "s/^/  $name: /"
  sleep 1
  kill "$sampler" "$prober" 2>/dev/null || true; wait "$sampler" "$prober" 2>/dev/null || true
  local peak; peak=$(sort -n "$work/peak" | tail -1)
  echo "  $name: RSS $((base / 1024)) MB before, peak $((peak / 1024)) MB (+$(((peak - base) / 1024)) MB);" \
    "/healthz failures: $(wc -l <"$work/health")"
}

echo "hostile: server pid $server"
measure inflating-hellos --kind inflating-hellos --connections 10 --rounds 5
measure repeated-layout --kind repeated-layout --token "$token" --entries 4000000
measure absurd-load --kind absurd-load --token "$token"
kill -0 "$server" || { echo "hostile: the server died"; tail -20 "$work/server.log"; exit 1; }
failed=0
for path in / /fragments/overview /alerts /api/v1/nodes /api/v1/server \
  $(curl -fs "http://127.0.0.1:$http/api/v1/nodes" | python3 -c 'import json,sys; print(" ".join("/nodes/"+n["name"] for n in json.load(sys.stdin)))'); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http$path")
  [ "$code" = 200 ] || { echo "  GET $path: $code"; failed=1; }
done
echo "hostile: every page answered 200: $([ $failed = 0 ] && echo yes || echo NO)"
curl -fs "http://127.0.0.1:$http/api/v1/server" | python3 -c 'import json,sys; i=json.load(sys.stdin)["ingest"]; print("hostile: ingest counters:", {k: i[k] for k in ("malformedFrames","snapshotsRefused","connectionsRejected","handshakeTimeouts","connectionsOverLimit")}); [print("hostile: refused:", r["node"], r["field"], "=", r["value"], "expected", r["limit"]) for r in i["recentRefusals"]]'
[ $failed = 0 ]
