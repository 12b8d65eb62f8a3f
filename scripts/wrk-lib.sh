# Shared by the benchmark scripts: wrk (C, from Debian's wrk package) as the load generator when it is installed,
# because it costs ~0.04 ms of CPU per request where the JDK HttpClient load generators cost ~0.5 ms, on the same
# two cores as the service. Installed when missing if running as root with apt-get.
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }; } >/dev/null 2>&1 || true
  fi
  command -v wrk >/dev/null
}

# wrk_run NAME CLIENTS SECONDS URL SCRIPT [extra wrk args]: one line "NAME clients=N rate=R/s p50=.. p99=.. non2xx=K".
wrk_run() {
  local name=$1 clients=$2 seconds=$3 url=$4 script=$5
  shift 5
  local threads=2
  [ "$clients" -lt 2 ] && threads=1
  WRK_THREADS=$threads wrk -t"$threads" -c"$clients" -d"${seconds}s" --latency -s "$script" "$@" "$url" 2>&1 | awk -v n="$name" -v c="$clients" '
    /^Requests\/sec:/ {rate=$2}
    /^ +50%/ {p50=$2}
    /^ +99%/ {p99=$2}
    /Non-2xx or 3xx responses:/ {bad=$NF}
    /Socket errors:/ {err=$0}
    END {printf "%s clients=%d rate=%.0f/s p50=%s p99=%s non2xx=%d%s\n", n, c, rate, p50, p99, bad, (err ? " " err : "")}'
}

# wrk_warm_up URL SCRIPT: 20 s runs at 64 clients until the JIT has settled, that is until a run's rate is within 5 %
# of the run before (at least 2 runs, at most 8). Measured after 40 s of load, both services were still spending
# ~25 % of their CPU compiling, and certificates/s rose by another ~15 % over the next minute.
wrk_warm_up() {
  local url=$1 script=$2 previous=0 rate line i
  for i in 1 2 3 4 5 6 7 8; do
    line=$(wrk_run warm-up 64 20 "$url" "$script")
    echo "$line"
    rate=$(echo "$line" | sed -E 's/.* rate=([0-9]+)\/s.*/\1/')
    if [ "$i" -ge 2 ] && [ $((rate * 100)) -le $((previous * 105)) ] && [ $((rate * 100)) -ge $((previous * 95)) ]; then
      return 0
    fi
    previous=$rate
  done
}
