# Sourced by the scripts that need a database: starts the project's own PostgreSQL (local-postgres) in the
# background and, once it accepts connections, exports KEYLESS_DB_URL, KEYLESS_DB_USER and KEYLESS_DB_PASSWORD.
#   start_project_postgres <data dir> <port> <database> <env file>   (sets PG_PID; local-postgres must be built)
# PG_STARTED, if the caller defines it, is called with the launcher's pid as soon as it runs, so that the caller's
# clean-up covers a launcher that is still starting.
start_project_postgres() {
  local data="$1" port="$2" database="$3" env_file="$4"
  rm -f "$env_file"
  "$JAVA" -jar local-postgres/target/keyless-local-postgres-*-all.jar --data "$data" --port "$port" \
    --database "$database" --env-file "$env_file" &
  PG_PID=$!
  if declare -F PG_STARTED >/dev/null; then PG_STARTED "$PG_PID"; fi
  for _ in $(seq 1 600); do
    [ -f "$env_file" ] && break
    kill -0 "$PG_PID" 2>/dev/null || { echo "the project's PostgreSQL did not start (see above)" >&2; return 1; }
    sleep 0.1
  done
  if [ ! -f "$env_file" ]; then
    echo "the project's PostgreSQL did not start in 60 s; see $data.log" >&2
    kill "$PG_PID" 2>/dev/null || true
    return 1
  fi
  set -a; . "$env_file"; set +a
}

# Sourced by the tlog-service benchmarks: a fresh tlog-service on 127.0.0.1:<port> over the project's PostgreSQL on
# ${BENCH_PG_PORT:-54330}, both in a new temporary directory (DATA), stopped and removed when the script exits.
#   start_bench_tlog <port>   (sets DATA, PG_PID, SERVER; tlog-service and local-postgres must be built)
start_bench_tlog() {
  local port="$1"
  DATA=$(mktemp -d)
  chmod 755 "$DATA"   # run as root, the database server runs as another user and must reach its directory
  PG_PID=""
  SERVER=""
  trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; kill $PG_PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"' EXIT
  start_project_postgres "$DATA/postgres" "${BENCH_PG_PORT:-54330}" keyless_bench "$DATA/postgres.env"
  # The credentials go through the environment (KEYLESS_DB_*, exported above), not the command line.
  "$JAVA" -Xmx4g -jar tlog-service/target/tlog-service-exec.jar --server.port="$port" \
    --keyless.tlog.data-dir="$DATA" > "$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/api/v1/log" >/dev/null && break; sleep 1; done
}
