#!/usr/bin/env bash
# Builds and starts both services with development defaults. Called by ./dev run (which selects the JDK).
#   tlog-service: Rekor v1 API and CT log on http://localhost:3000
#   ca-service:   Fulcio API (REST + gRPC) on https://localhost:5555, with a generated development CA and TLS
#                 certificate, embedding SCTs from the CT log
# Database: KEYLESS_DB_URL (with KEYLESS_DB_USER / KEYLESS_DB_PASSWORD) when set; otherwise the project's own
# PostgreSQL server (local-postgres: the machine's binaries or bundled ones), data in <data>/postgres, on
# 127.0.0.1:${KEYLESS_PG_PORT:-54320}, started and stopped with the services. Generated keys are kept in
# KEYLESS_DATA_DIR (default ./data). Processes left running by an earlier run that died are stopped first.
# Identity issuers for ca-service: KEYLESS_CA_ISSUERS_FILE (see ca-service/README.md); when it is not set, a
# development OIDC issuer on http://127.0.0.1:8088 (loopback only; never for real use) is started and trusted,
# and hands out tokens: curl 'http://127.0.0.1:8088/token?email=you@example.com'.
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s.%N)

DATA="$(mkdir -p "${KEYLESS_DATA_DIR:-$PWD/data}" && cd "${KEYLESS_DATA_DIR:-$PWD/data}" && pwd)"
unset KEYLESS_DATA_DIR
CA_DATA="$DATA/ca"
TLOG_DATA="$DATA/tlog"
RUN="$DATA/run"   # pid files of the processes this script starts
TLOG_PORT="${KEYLESS_TLOG_PORT:-3000}"
CA_PORT="${KEYLESS_CA_PORT:-5555}"
ISSUER_PORT="${KEYLESS_DEV_ISSUER_PORT:-8088}"
PG_PORT="${KEYLESS_PG_PORT:-54320}"
JAVA="$JAVA_HOME/bin/java"
mkdir -p "$CA_DATA" "$TLOG_DATA" "$RUN"

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
say() { echo "dev run: $*"; }

# One ./dev run per data directory: a second one would fight the first for its ports and its database.
if [ -f "$RUN/dev-run.pid" ]; then
  other=$(cat "$RUN/dev-run.pid")
  if [ "$other" != "$$" ] && kill -0 "$other" 2>/dev/null && ps -o args= -p "$other" 2>/dev/null | grep -q "run-dev.sh"; then
    echo "dev run: another ./dev run (pid $other) is using $DATA; stop it (Ctrl-C there, or kill $other) first" >&2
    exit 1
  fi
fi
echo "$$" > "$RUN/dev-run.pid"

# A run killed without its clean-up (kill -9 of this script alone) leaves its children running and holding their
# ports. Each pid file names a process this script started; if it is still that program, it is stopped.
stop_leftovers() {
  local f pid what
  if ! command -v ps >/dev/null; then
    echo "dev run: ps is missing (Debian: apt-get install procps), so processes an earlier run left are not stopped" >&2
    return 0
  fi
  for what in ca-service ca-service-bootstrap tlog-service dev-issuer postgres; do  # the database last
    f="$RUN/$what.pid"
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null && ps -o args= -p "$pid" 2>/dev/null \
        | grep -q "keyless-local-postgres\|keyless-admin-all\|tlog-service-exec\|ca-service-exec"; then
      say "stopping $what (pid $pid), left running by an earlier run"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}
stop_leftovers

T=$(now)
say "building (Maven, offline after the first run's downloads)..."
./mvnw -q -B -DskipTests -pl tlog-service,ca-service,admin,local-postgres -am package
say "built in $(took "$T")"

PIDS=()
# Stopped one at a time in reverse order of start: the services before the database they write to.
stop_all() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  rm -f "$RUN"/*.pid
}
trap stop_all EXIT
trap 'exit 130' INT TERM
started() { # name pid
  PIDS+=("$2")
  echo "$2" > "$RUN/$1.pid"
}
wait_for() { # url, name, pid: the process must stay alive (another one may hold the port)
  local t0
  t0=$(now)
  for _ in $(seq 1 600); do
    kill -0 "$3" 2>/dev/null || { echo "dev run: $2 exited; see its log in $DATA" >&2; exit 1; }
    if curl -skf "$1" >/dev/null; then say "$2 up in $(took "$t0")"; return 0; fi
    sleep 0.2
  done
  echo "dev run: $2 did not start in 120 s; see its log in $DATA" >&2
  exit 1
}
if [ -z "${KEYLESS_DB_URL:-}" ]; then
  . scripts/pg-lib.sh
  ENV_FILE="$RUN/postgres.env"
  PG_STARTED() { started postgres "$1"; }
  start_project_postgres "$DATA/postgres" "$PG_PORT" keyless "$ENV_FILE" || exit 1
  DB_HINT="  database       $KEYLESS_DB_URL (user $KEYLESS_DB_USER, password in $ENV_FILE; data $DATA/postgres)"
else
  DB_HINT="  database       $KEYLESS_DB_URL"
fi
export KEYLESS_DB_USER="${KEYLESS_DB_USER:-postgres}"

# Always started in the background: exec makes $! the Java process itself, so kill reaches it.
ca() { exec "$JAVA" -jar ca-service/target/ca-service-exec.jar --server.port="$CA_PORT" --keyless.ca.data-dir="$CA_DATA" "$@"; }

if [ -z "${KEYLESS_CA_ISSUERS_FILE:-}" ]; then
  "$JAVA" -cp admin/target/keyless-admin-all.jar dev.keyless.admin.DevIssuer --port "$ISSUER_PORT" \
    --data "$DATA/issuer" > "$DATA/dev-issuer.log" 2>&1 &
  started dev-issuer "$!"
  wait_for "http://127.0.0.1:$ISSUER_PORT/jwks" dev-issuer "$!"
  cat > "$DATA/issuers.yaml" <<YAML
issuers:
  - url: http://127.0.0.1:$ISSUER_PORT
    client-id: sigstore
    type: email
YAML
  export KEYLESS_CA_ISSUERS_FILE="$DATA/issuers.yaml"
  ISSUER_HINT="  tokens         curl -s 'http://127.0.0.1:$ISSUER_PORT/token?email=you@example.com'   (development issuer)"
else
  ISSUER_HINT="  issuers        $KEYLESS_CA_ISSUERS_FILE"
fi

# The CT log accepts only chains to the CA's root, and the CA verifies SCTs with the CT log's key: on the very
# first start the CA runs once on its own to create its development CA.
if [ ! -f "$CA_DATA/dev-ca/ca-chain.pem" ]; then
  say "first start: creating the development CA in $CA_DATA/dev-ca"
  ca --keyless.ca.ct.enabled=false > "$DATA/ca-service.log" 2>&1 &
  BOOT=$!
  started ca-service-bootstrap "$BOOT"
  wait_for "https://localhost:$CA_PORT/api/v2/trustBundle" ca-service "$BOOT"
  kill "$BOOT"; wait "$BOOT" 2>/dev/null || true
  unset 'PIDS[-1]'; rm -f "$RUN/ca-service-bootstrap.pid"
fi
# The root is the last certificate of the chain file.
awk '/BEGIN CERTIFICATE/{b=""} {b=b $0 "\n"} /END CERTIFICATE/{last=b} END{printf "%s", last}' \
  "$CA_DATA/dev-ca/ca-chain.pem" > "$TLOG_DATA/ca-root.pem"

"$JAVA" -jar tlog-service/target/tlog-service-exec.jar --server.port="$TLOG_PORT" \
  --keyless.tlog.data-dir="$TLOG_DATA" --keyless.tlog.ct.roots[0]="$TLOG_DATA/ca-root.pem" > "$DATA/tlog-service.log" 2>&1 &
started tlog-service "$!"
wait_for "http://localhost:$TLOG_PORT/api/v1/log" tlog-service "$!"

# The trust files list the Rekor v2 log beside v1 (cosign then signs through v2, with a timestamp from the CA's TSA).
ca --keyless.ca.ct.enabled=true --keyless.ca.ct.url="http://localhost:$TLOG_PORT" \
  --keyless.ca.ct.public-key="$TLOG_DATA/ct-key.pub.pem" \
  --keyless.ca.trust-root.rekor-v2-url="${KEYLESS_CA_REKOR_V2_URL-http://localhost:$TLOG_PORT}" \
  --keyless.ca.tuf.repository-dir="$DATA/tuf" --keyless.ca.tuf.online-keys-dir="$DATA/tuf-keys/online" \
  --keyless.ca.trust-root.refresh=20s \
  > "$DATA/ca-service.log" 2>&1 &
started ca-service "$!"
wait_for "https://localhost:$CA_PORT/api/v2/trustBundle" ca-service "$!"

# The development TUF repository of the trust files, served by ca-service at /tuf/: created on the first run,
# re-published (new timestamp, and new targets if the files changed) on every later one. Its offline keys are in
# $DATA/tuf-keys, unencrypted (a development repository only); ca-service re-signs the timestamp and snapshot with
# the online keys in $DATA/tuf-keys/online. A repository from before the online/offline split is started afresh.
"$JAVA" -jar admin/target/keyless-admin-all.jar --ca "https://localhost:$CA_PORT" \
  --ca-tls-cert "$CA_DATA/dev-tls/server-cert.pem" --out "$DATA/trust" > /dev/null
[ -d "$DATA/tuf-keys/online" ] || rm -rf "$DATA/tuf" "$DATA/tuf-keys"
TUF_MODE=publish
[ -f "$DATA/tuf/1.root.json" ] || TUF_MODE=init
"$JAVA" -cp admin/target/keyless-admin-all.jar dev.keyless.admin.TufCommand "$TUF_MODE" --repo "$DATA/tuf" \
  --keys "$DATA/tuf-keys" --trusted-root "$DATA/trust/trusted_root.json" \
  --signing-config "$DATA/trust/signing_config.json" > /dev/null

cat <<TXT

keyless is running (up in $(took "$START"); Ctrl-C stops everything):
  Rekor API      http://localhost:$TLOG_PORT          (log key: curl http://localhost:$TLOG_PORT/api/v1/log/publicKey)
  Rekor v2       http://localhost:$TLOG_PORT/api/v2/log/entries   (tiles: http://localhost:$TLOG_PORT/checkpoint)
  CT log         http://localhost:$TLOG_PORT/ct/v1/   (key: $TLOG_DATA/ct-key.pub.pem)
  console        http://localhost:$TLOG_PORT/console/   (auditors: search, entries and proofs verified in the browser)
  Fulcio API     https://localhost:$CA_PORT         (REST and gRPC; TLS certificate: $CA_DATA/dev-tls/server-cert.pem)
  CA chain       $CA_DATA/dev-ca/ca-chain.pem
  timestamps     https://localhost:$CA_PORT/api/v1/timestamp   (RFC 3161; chain: $CA_DATA/dev-tsa/tsa-chain.pem)
  logs           $DATA/tlog-service.log, $DATA/ca-service.log
$DB_HINT
$ISSUER_HINT
  trust files    https://localhost:$CA_PORT/trusted_root.json and /signing_config.json
                 ./dev trust-root   writes both into this directory (--out DIR for another)
  TUF            mirror https://localhost:$CA_PORT/tuf, initial root $DATA/tuf/1.root.json
                 (cosign initialize --mirror https://localhost:$CA_PORT/tuf --root $DATA/tuf/1.root.json)
TXT
wait -n "${PIDS[@]}"
