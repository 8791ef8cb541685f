#!/usr/bin/env bash
# Captures real kernel output from this machine into a fixture tree (proc + sys/block + cgroup), for the
# KernelStats and AgentCore fixture tests. Usage: scripts/capture-fixtures.sh DEST PID...
# cgroup-v2 memory/io files cannot be produced on a hybrid host; those fixtures are kept by hand.
set -euo pipefail
dest=$1; shift
mkdir -p "$dest/proc/pressure" "$dest/proc/net" "$dest/sys/block"
for f in stat meminfo vmstat loadavg diskstats net/dev; do cat "/proc/$f" > "$dest/proc/$f"; done
for f in cpu memory io; do cat "/proc/pressure/$f" > "$dest/proc/pressure/$f"; done
for d in /sys/block/*; do mkdir -p "$dest/sys/block/$(basename "$d")"; cat "$d/dev" > "$dest/sys/block/$(basename "$d")/dev"; done
mkdir -p "$dest/proc/1/net" "$dest/proc/1/ns"
cat /proc/1/net/dev > "$dest/proc/1/net/dev"
link() { local target; target=$(readlink "$1" 2>/dev/null) && [ -n "$target" ] && ln -sfn "$target" "$2" || true; }
link /proc/1/ns/net "$dest/proc/1/ns/net"
mkdir -p "$dest/proc/self/ns" && link /proc/self/ns/net "$dest/proc/self/ns/net"
for pid in "$@"; do
  mkdir -p "$dest/proc/$pid/ns" "$dest/proc/$pid/net"
  for f in stat status io statm cmdline cgroup; do cat "/proc/$pid/$f" > "$dest/proc/$pid/$f"; done
  cat "/proc/$pid/net/dev" > "$dest/proc/$pid/net/dev"
  link "/proc/$pid/ns/net" "$dest/proc/$pid/ns/net"
done
