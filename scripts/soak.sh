#!/usr/bin/env bash
# make soak: AGENTS simulated agents x PODS pods against one release server for SOAK_SECONDS (default 1,000 x 100
# for 10 minutes). Reports frames sent vs received (dropped), the server's RSS and glibc heap (in use, free but held)
# after warm-up and at the end (sampled every 30 s), reconnects, and the server's error/warning log lines. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${AGENTS:-1000}
PODS=${PODS:-100}
SOAK_SECONDS=${SOAK_SECONDS:-600}
WARMUP=${WARMUP:-60}
swift build -c release --product podwatch-server >/dev/null
swift build -c release --product podwatch-sim >/dev/null
bin=.build/release
work=${SOAK_DIR:-$(mktemp -d)}
mkdir -p "$work"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http=$(port); ingest=$(port)
# debug: the heap trims' log lines (count, duration) are reported at the end
"$bin/podwatch-server" --host 127.0.0.1 --http-port "$http" --ingest-port "$ingest" --log-level debug --insecure \
  --max-connections-per-address 0 \
  ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
server=$!
started_server=$(date +%s)
trap 'kill -TERM $server $sim 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.1; done
"$bin/podwatch-sim" run --agents "$AGENTS" --pods-per-node "$PODS" --interval 5s --server "127.0.0.1:$ingest" --insecure \
  --duration "$SOAK_SECONDS" --report-every 60 >"$work/sim.out" 2>"$work/sim.log" &
sim=$!
rss() { awk '/^VmRSS/ {print int($2/1024)}' "/proc/$server/status"; }
started=$(date +%s)
echo "soak: $AGENTS agents x $PODS pods for $SOAK_SECONDS s; logs in $work"
while kill -0 "$sim" 2>/dev/null; do
  sleep 30
  kill -0 "$sim" 2>/dev/null || break  # the last sample is taken while every agent is still connected
  elapsed=$(( $(date +%s) - started ))
  state=$(curl -fs "http://127.0.0.1:$http/api/v1/server" | python3 -c '
import json, sys
s = json.load(sys.stdin)
m = s["memory"]
mb = lambda v: int(v / 1048576)
print("heap_in_use_mb=%d heap_free_held_mb=%d heap_arena_mb=%d connected=%d ingest=%s heap_arenas=%s" % (
    mb(m["heapInUseBytes"]), mb(m["heapFreeHeldBytes"]), mb(m["heapArenaBytes"]), len(s["connectedNodes"]),
    json.dumps(s["ingest"], separators=(",", ":")), m.get("heapArenas")))' || echo "server unreachable")
  echo "t=${elapsed}s server_rss_mb=$(rss) $state" | tee -a "$work/rss.log"
done
wait "$sim" || true
sleep 3  # frames in flight when the simulator stopped
counters=$(curl -fs "http://127.0.0.1:$http/api/v1/server")
sent=$(awk '$1 == "sim.snapshots_sent" {print $2}' "$work/sim.out")
received=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["ingest"]["snapshotsReceived"])' "$counters")
# field N of the first sample at or after the warm-up, and of the last sample ("key=value" → value)
warm() { awk -v w="$WARMUP" -v f="$1" '{split($1,a,"="); t=a[2]+0} t >= w && !done {split($f,b,"="); print b[2]; done=1}' "$work/rss.log"; }
last() { tail -1 "$work/rss.log" | awk -v f="$1" '{split($f,b,"="); print b[2]}'; }
cat "$work/sim.out"
echo "soak.snapshots_sent $sent"
echo "soak.snapshots_received $received"
echo "soak.dropped $(( sent - received ))"
echo "soak.server_rss_mb_after_warmup $(warm 2)"
echo "soak.server_rss_mb_end $(last 2)"
echo "soak.server_heap_in_use_mb_after_warmup $(warm 3)  (glibc: held by live objects)"
echo "soak.server_heap_in_use_mb_end $(last 3)"
echo "soak.server_heap_free_held_mb_after_warmup $(warm 4)  (glibc: freed, kept in its arenas)"
echo "soak.server_heap_free_held_mb_end $(last 4)"
echo "soak.server_heap_arenas $(last 8)  (glibc arenas: 1 unless MALLOC_ARENA_MAX is set)"
cpu_ticks=$(awk '{print $14 + $15}' "/proc/$server/stat")
server_seconds=$(( $(date +%s) - started_server ))
echo "soak.server_cpu_cores_mean $(python3 -c "print(round($cpu_ticks / $(getconf CLK_TCK) / $server_seconds, 2))")  (whole run, ingest + HTTP + alerts)"
echo "soak.server_error_lines $(grep -c -E ' (error|critical) ' "$work/server.log" || true)"
echo "soak.server_warning_lines $(grep -c ' warning ' "$work/server.log" || true)"
echo "soak.server_heap_trims $(grep -c 'Heap trimmed' "$work/server.log" || true)  (longest $(grep -o 'duration_ms=[0-9]*' "$work/server.log" | cut -d= -f2 | sort -n | tail -1) ms)"
echo "soak.server_rss_mb_after_each_trim $(grep -o 'rss_after=[0-9]*' "$work/server.log" | cut -d= -f2 | tr '\n' ' ')"
echo "soak.sim_warning_lines $(grep -c -E ' (warning|error) ' "$work/sim.log" || true)"
echo "soak.server_ingest_counters $(python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])["ingest"]))' "$counters")"
