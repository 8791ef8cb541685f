#!/usr/bin/env bash
# Local simulation: the server plus dev agents, each simulating its node's pods with real processes in real
# cgroups (needs root). `scripts/cluster.sh start NODE...` and `scripts/cluster.sh stop`.
# Every process started is recorded in .run/*.pid and stopped from there: nothing else is ever killed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=.run
BIN=${BIN:-.build/release}
HTTP_PORT=${HTTP_PORT:-8080}
INGEST_PORT=${INGEST_PORT:-9090}
PG_PORT=${PG_PORT:-55432}
RECEIVER_PORT=${RECEIVER_PORT:-9099}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

as_postgres() { setpriv --reuid=postgres --regid=postgres --clear-groups -- "$@"; }

# A throwaway PostgreSQL for the server's alert rules, as the unprivileged postgres user, listening only on a
# unix socket under .run/postgres. Prints the conninfo, or nothing when the server binaries are not installed.
start_postgres() {
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && id postgres >/dev/null 2>&1 || return 0
  local dir; dir="$(pwd)/$RUN/postgres"
  mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir"
  [ -f "$dir/data/PG_VERSION" ] || as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >"$RUN/postgres-init.log" 2>&1
  as_postgres "$PG_BIN/postgres" -D "$dir/data" -k "$dir" -p "$PG_PORT" -c listen_addresses= >"$RUN/postgres.log" 2>&1 &
  for _ in $(seq 1 100); do "$PG_BIN/pg_isready" -q -h "$dir" -p "$PG_PORT" && break; sleep 0.1; done
  echo "host=$dir port=$PG_PORT user=postgres dbname=postgres"
}

# The demo of alerts with context: the training pods (gpunode's) burn CPU, so this rule fires within seconds,
# keeps their top processes, profiles the pod for 20 s and links the flame graph from the alert's page and from
# the follow-up message. Created once (the database keeps it; delete it in the UI to stop the demo).
DEMO_RULE="Training pod using CPU (demo: profile on fire)"
demo_rule() {
  local api="http://localhost:$HTTP_PORT/api/v1/rules"
  for _ in $(seq 1 100); do curl -fsS "$api" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "$api" | grep -qF "$DEMO_RULE" && return 0
  curl -fsS -X POST -H 'Content-Type: application/json' "$api" -d '{"name":"'"$DEMO_RULE"'",
    "target":{"kind":"pods","namespace":"ml","pod_prefix":"trainer-"},"metric":"pod.cpu.cores","operator":">",
    "threshold":0.02,"for_seconds":10,"severity":"info","channels":["webhook"],"profile_on_fire_seconds":20,
    "group_by":"workload"}' >/dev/null && echo "demo rule created: $DEMO_RULE (see /alerts within a minute)" \
    || echo "could not create the demo rule (see $RUN/server.log)" >&2
}

stop() {
  shopt -s nullglob
  local pids=()
  for file in "$RUN"/*.pid; do
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" && pids+=("$pid"); fi
    rm -f "$file"
  done
  # Graceful shutdown takes well under 10 s; dev agents remove their pods' processes and cgroups on exit.
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && echo "process $pid did not stop within 10 s" >&2; done
  # PostgreSQL last, after the server has flushed its alert journal; SIGINT is its fast shutdown. Its own
  # postmaster.pid (first line) names the process, whichever shell started it.
  local postmaster="$RUN/postgres/data/postmaster.pid"
  if [ -f "$postmaster" ]; then
    pid=$(head -1 "$postmaster")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -INT "$pid"; pids+=("$pid")
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  echo "stopped ${#pids[@]} processes"
}

start() {
  [ "$(id -u)" = 0 ] || { echo "the dev simulation builds pods in cgroups and needs root (sudo make agents)" >&2; exit 1; }
  stop >/dev/null
  mkdir -p "$RUN"
  [ -s "$RUN/token" ] || head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$RUN/token"
  # Agents reach the server over TLS, as in a cluster: a throwaway CA made here signs the server's certificate.
  scripts/dev-ca.sh "$RUN/tls"
  local database; database=$(start_postgres)
  local alerting=()
  if [ -n "$database" ]; then
    alerting+=(--database-url "$database")
    echo "alert rules in a throwaway PostgreSQL under $RUN/postgres (kept across make stop/agents; rm -rf $RUN/postgres to reset)"
  else
    echo "PostgreSQL server binaries not installed (make deps): alert rules are kept in memory and do not survive a restart"
  fi
  # Notifications go to a local receiver (logged to $RUN/notifications.jsonl) unless real destinations are given.
  python3 scripts/webhook-receiver.py "$RECEIVER_PORT" "$RUN/notifications.jsonl" > "$RUN/receiver.log" 2>&1 &
  echo $! > "$RUN/receiver.pid"
  alerting+=(--webhook "${PODWATCH_WEBHOOK_URL:-http://127.0.0.1:$RECEIVER_PORT/webhook}")
  [ -z "${DISCORD_WEBHOOK_URL:-}" ] || alerting+=(--discord-webhook "$DISCORD_WEBHOOK_URL")
  [ -z "${SLACK_WEBHOOK_URL:-}" ] || alerting+=(--slack-webhook "$SLACK_WEBHOOK_URL")
  # Messages link back here; a short group wait and profile so that the demo rule below shows within a minute.
  alerting+=(--external-url "http://localhost:$HTTP_PORT" --group-wait 10 --profile-min-duration 10)
  "$BIN/podwatch-server" --http-port "$HTTP_PORT" --ingest-port "$INGEST_PORT" --token-file "$RUN/token" \
    --tls-cert "$RUN/tls/server.pem" --tls-key "$RUN/tls/server.key" \
    "${alerting[@]}" > "$RUN/server.log" 2>&1 &
  echo $! > "$RUN/server.pid"
  for node in "$@"; do
    "$BIN/podwatch-agent" --dev --node-name "$node" --server "localhost:$INGEST_PORT" --token-file "$RUN/token" \
      --tls-ca "$RUN/tls/ca.pem" > "$RUN/agent-$node.log" 2>&1 &
    echo $! > "$RUN/agent-$node.pid"
  done
  for _ in $(seq 1 100); do
    curl -fsS "http://localhost:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  demo_rule
  echo "Podwatch is running: http://localhost:$HTTP_PORT/  ($# dev agents; logs in $RUN/; stop with: make stop)"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 start NODE... | stop" >&2; exit 2 ;;
esac
