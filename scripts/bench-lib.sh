# Shared by the server benchmarks (sourced): a free loopback port, and wrk's latency figures for one URL.

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk_latency URL NAME: NAME_p50_ms, NAME_p99_ms and NAME_requests_per_second, from CLIENTS connections for
# SECONDS_PER_RUN seconds (with the request header WRK_HEADER when set).
wrk_latency() {
  wrk -t2 -c"$CLIENTS" -d"${SECONDS_PER_RUN}s" --latency ${WRK_HEADER:+-H "$WRK_HEADER"} "$1" |
    awk -v name="$2" '
      /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2}
      function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
      END { printf "%s_p50_ms %.2f\n%s_p99_ms %.2f\n%s_requests_per_second %s\n", name, ms(p50), name, ms(p99), name, rps }'
}
