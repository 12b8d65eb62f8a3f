#!/usr/bin/env bash
# Builds and starts both services with development defaults. Called by ./dev run (which selects the JDK).
#   tlog-service: Rekor v1 API and CT log on http://localhost:3000
#   ca-service:   Fulcio API (REST + gRPC) on https://localhost:5555, with a generated development CA and TLS
#                 certificate, embedding SCTs from the CT log
# Database: KEYLESS_DB_URL (default jdbc:postgresql://127.0.0.1:5432/keyless, user postgres); the database is
# created if it does not exist. Generated keys are kept in KEYLESS_DATA_DIR (default ./data).
# Identity issuers for ca-service: KEYLESS_CA_ISSUERS_FILE (see ca-service/README.md); when it is not set, a
# development OIDC issuer on http://127.0.0.1:8088 (loopback only; never for real use) is started and trusted,
# and hands out tokens: curl 'http://127.0.0.1:8088/token?email=you@example.com'.
set -euo pipefail
cd "$(dirname "$0")/.."

export KEYLESS_DB_URL="${KEYLESS_DB_URL:-jdbc:postgresql://127.0.0.1:5432/keyless}"
export KEYLESS_DB_USER="${KEYLESS_DB_USER:-postgres}"
DATA="$(mkdir -p "${KEYLESS_DATA_DIR:-$PWD/data}" && cd "${KEYLESS_DATA_DIR:-$PWD/data}" && pwd)"
unset KEYLESS_DATA_DIR
CA_DATA="$DATA/ca"
TLOG_DATA="$DATA/tlog"
TLOG_PORT="${KEYLESS_TLOG_PORT:-3000}"
CA_PORT="${KEYLESS_CA_PORT:-5555}"
ISSUER_PORT="${KEYLESS_DEV_ISSUER_PORT:-8088}"
JAVA="$JAVA_HOME/bin/java"
mkdir -p "$CA_DATA" "$TLOG_DATA"

# Create the default database when it is missing (only for the local default URL).
if [ "$KEYLESS_DB_URL" = "jdbc:postgresql://127.0.0.1:5432/keyless" ] && command -v psql >/dev/null; then
  if ! psql -h 127.0.0.1 -U "$KEYLESS_DB_USER" -d postgres -Atc "select 1 from pg_database where datname = 'keyless'" | grep -q 1; then
    psql -h 127.0.0.1 -U "$KEYLESS_DB_USER" -d postgres -qc "create database keyless"
    echo "created database keyless"
  fi
fi

./mvnw -q -B -DskipTests -pl tlog-service,ca-service,admin -am package

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
wait_for() { # url, name, pid: the process must stay alive (another one may hold the port)
  for _ in $(seq 1 120); do
    kill -0 "$3" 2>/dev/null || { echo "$2 exited; see its log in $DATA" >&2; exit 1; }
    curl -skf "$1" >/dev/null && return 0
    sleep 1
  done
  echo "$2 did not start; see its log in $DATA" >&2
  exit 1
}
# Always started in the background: exec makes $! the Java process itself, so kill reaches it.
ca() { exec "$JAVA" -jar ca-service/target/ca-service.jar --server.port="$CA_PORT" --keyless.ca.data-dir="$CA_DATA" "$@"; }

if [ -z "${KEYLESS_CA_ISSUERS_FILE:-}" ]; then
  "$JAVA" -cp admin/target/keyless-admin-all.jar dev.keyless.admin.DevIssuer --port "$ISSUER_PORT" \
    --data "$DATA/issuer" > "$DATA/dev-issuer.log" 2>&1 &
  PIDS+=($!)
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
  echo "first start: creating the development CA in $CA_DATA/dev-ca"
  ca --keyless.ca.ct.enabled=false > "$DATA/ca-service.log" 2>&1 &
  BOOT=$!
  wait_for "https://localhost:$CA_PORT/api/v2/trustBundle" ca-service "$BOOT"
  kill "$BOOT"; wait "$BOOT" 2>/dev/null || true
fi
# The root is the last certificate of the chain file.
awk '/BEGIN CERTIFICATE/{b=""} {b=b $0 "\n"} /END CERTIFICATE/{last=b} END{printf "%s", last}' \
  "$CA_DATA/dev-ca/ca-chain.pem" > "$TLOG_DATA/ca-root.pem"

"$JAVA" -jar tlog-service/target/tlog-service-exec.jar --server.port="$TLOG_PORT" \
  --keyless.tlog.data-dir="$TLOG_DATA" --keyless.tlog.ct.roots[0]="$TLOG_DATA/ca-root.pem" > "$DATA/tlog-service.log" 2>&1 &
PIDS+=($!)
wait_for "http://localhost:$TLOG_PORT/api/v1/log" tlog-service "$!"

ca --keyless.ca.ct.enabled=true --keyless.ca.ct.url="http://localhost:$TLOG_PORT" \
  --keyless.ca.ct.public-key="$TLOG_DATA/ct-key.pub.pem" > "$DATA/ca-service.log" 2>&1 &
PIDS+=($!)
wait_for "https://localhost:$CA_PORT/api/v2/trustBundle" ca-service "$!"

cat <<TXT

keyless is running (Ctrl-C stops both):
  Rekor API      http://localhost:$TLOG_PORT          (log key: curl http://localhost:$TLOG_PORT/api/v1/log/publicKey)
  CT log         http://localhost:$TLOG_PORT/ct/v1/   (key: $TLOG_DATA/ct-key.pub.pem)
  Fulcio API     https://localhost:$CA_PORT         (REST and gRPC; TLS certificate: $CA_DATA/dev-tls/server-cert.pem)
  CA chain       $CA_DATA/dev-ca/ca-chain.pem
  logs           $DATA/tlog-service.log, $DATA/ca-service.log
$ISSUER_HINT
  trust files    https://localhost:$CA_PORT/trusted_root.json and /signing_config.json
                 ./dev trust-root   writes both into this directory (--out DIR for another)
TXT
wait -n "${PIDS[@]}"
