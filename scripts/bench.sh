#!/usr/bin/env bash
# make bench: the agent's CPU per steady pass against the C floor (Benchmarks/procfloor.c), measured in the
# same run on the same processes, and the agent's RSS. Needs root (it builds 100 pods in real cgroups).
set -euo pipefail
cd "$(dirname "$0")/.."
PASSES=${PASSES:-50}
ROUNDS=${ROUNDS:-3}
PODS=${PODS:-100}
PROCESSES=${PROCESSES:-10}

swift build -c release --product podwatch-agent >/dev/null
mkdir -p .build/bench
gcc -O2 -Wall -Wno-format-truncation -o .build/bench/procfloor Benchmarks/procfloor.c
agent=.build/release/podwatch-agent

ready=.build/bench/sandbox.out
"$agent" sandbox --pods "$PODS" --processes "$PROCESSES" >"$ready" 2>&1 &
sandbox=$!
trap 'kill -TERM $sandbox 2>/dev/null; wait $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q '^ready' "$ready" && break; sleep 0.1; done
grep '^ready' "$ready" || { cat "$ready"; exit 1; }

# Alternate the two so that machine noise hits both alike; keep each one's best median.
ref_best=""; agent_best=""; agent_out=""; ref_out=""
for round in $(seq 1 "$ROUNDS"); do
  r=$(.build/bench/procfloor "$PASSES")
  a=$("$agent" bench --passes "$PASSES")
  rv=$(awk '/^reference.cpu_ms_per_pass /{print $2}' <<<"$r")
  av=$(awk '/^agent.cpu_ms_per_pass /{print $2}' <<<"$a")
  echo "round $round: reference ${rv} ms, agent ${av} ms"
  if [ -z "$ref_best" ] || awk "BEGIN{exit !($rv < $ref_best)}"; then ref_best=$rv; ref_out=$r; fi
  if [ -z "$agent_best" ] || awk "BEGIN{exit !($av < $agent_best)}"; then agent_best=$av; agent_out=$a; fi
done
echo "$ref_out"
echo "$agent_out"
awk -v a="$agent_best" -v r="$ref_best" 'BEGIN{printf "bench.agent_cpu_ratio %.2f  (agent %.2f ms / C reference %.2f ms per steady pass; target <= 1.00)\n", a/r, a, r}'
awk '/^agent.peak_rss_mb /{printf "bench.agent_peak_rss_mb %s  (target <= 10)\n", $2}' <<<"$agent_out"
