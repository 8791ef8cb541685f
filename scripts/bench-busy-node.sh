#!/usr/bin/env bash
# make bench (third part): the real agent on a node of PROCESSES processes (default ~16,000) in a memory cgroup
# limited to LIMIT (default 64M), streaming to the release server for RUN_SECONDS (default 90): the node must never go
# stale, every process must arrive, nothing may be refused, the agent must not be OOM-killed or log per file.
# Needs root (pods in real cgroups, a memory cgroup).
set -euo pipefail
cd "$(dirname "$0")/.."
PROCESSES=${PROCESSES:-16000}
LIMIT=${LIMIT:-64M}
SECONDS_TO_RUN=${RUN_SECONDS:-90}
swift build -c release --product podwatch-server >/dev/null
swift build -c release --product podwatch-agent --static-swift-stdlib --scratch-path .build-static >/dev/null
agent=.build-static/release/podwatch-agent
work=$(mktemp -d)
cg=/sys/fs/cgroup/memory/podwatch-busy-node-$$
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rmdir "$cg" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"
"$agent" sandbox --pods 100 --processes $(( PROCESSES / 100 )) >"$work/sandbox" 2>&1 &
pids+=("$!")
for _ in $(seq 1 1200); do grep -q '^ready' "$work/sandbox" && break; sleep 0.1; done
grep -q '^ready' "$work/sandbox" || { cat "$work/sandbox"; exit 1; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http=$(port); ingest=$(port)
.build/release/podwatch-server --host 127.0.0.1 --http-port "$http" --ingest-port "$ingest" --token busy-node-bench-token --insecure \
  --log-level warning >"$work/server.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.1; done
mkdir "$cg"; echo "$LIMIT" >"$cg/memory.limit_in_bytes"
sync; echo 2 >/proc/sys/vm/drop_caches
sh -c 'echo $$ > "$0/cgroup.procs"; exec "$@"' "$cg" "$agent" --server "127.0.0.1:$ingest" --token busy-node-bench-token --insecure \
  --node-name busy --no-kubernetes --no-profiling >"$work/agent.log" 2>&1 &
pids+=("$!")
stale=0; samples=0; fewest=999999
end=$(( $(date +%s) + SECONDS_TO_RUN ))
sleep 10
while [ "$(date +%s)" -lt "$end" ]; do
  read -r state count < <(curl -fs "http://127.0.0.1:$http/api/v1/nodes" | python3 -c '
import json, sys
nodes = [n for n in json.load(sys.stdin) if n["name"] == "busy"]
print(("stale" if nodes[0]["stale"] else "fresh") + " " + str(nodes[0]["processes"]) if nodes else "missing 0")')
  samples=$((samples + 1)); [ "$state" = fresh ] || stale=$((stale + 1)); [ "$count" -lt "$fewest" ] && fewest=$count
  sleep 2
done
listed=$(ls /proc | grep -c '^[0-9]')
curl -fs "http://127.0.0.1:$http/api/v1/server" | python3 -c '
import json, sys
i = json.load(sys.stdin)["ingest"]
print("busy.server_snapshots_received", i["snapshotsReceived"])
print("busy.server_snapshots_refused", i["snapshotsRefused"])
print("busy.server_malformed_frames", i["malformedFrames"])'
echo "busy.processes_on_node $listed"
echo "busy.fewest_processes_shown $fewest"
echo "busy.stale_samples $stale of $samples (every 2 s for ${SECONDS_TO_RUN}s after a 10 s start)"
echo "busy.agent_memory_limit $LIMIT"
echo "busy.agent_cgroup_peak_mb $(( $(cat "$cg/memory.max_usage_in_bytes") / 1048576 ))"
echo "busy.agent_oom_kills $(awk '$1 == "oom_kill" {print $2}' "$cg/memory.oom_control")"
echo "busy.agent_log_lines $(wc -l <"$work/agent.log")"
[ "$stale" = 0 ]
