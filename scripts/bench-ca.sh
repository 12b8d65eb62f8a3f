#!/usr/bin/env bash
# ca-service load benchmark: certificates/s and latency at 1, 16 and 64 clients, with the SCT step (CT log in
# tlog-service) and without it, each after a warm-up at 64 clients that lasts until the rate stops rising. Run on a
# quiet machine: ./dev bench-ca. Runs a fresh project PostgreSQL of its own (port ${BENCH_PG_PORT:-54331}, in a
# temporary directory) and sends traffic to 127.0.0.1 only. The load generator runs its own OIDC issuer on port 8900.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk-lib.sh
JAVA="$JAVA_HOME/bin/java"
SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
./mvnw -q -B -DskipTests -pl bench,ca-service -am package

DATA=$(mktemp -d)
chmod 755 "$DATA"   # run as root, the database server runs as another user and must reach its directory
cat > "$DATA/issuers.yaml" <<YAML
issuers:
  - url: http://127.0.0.1:8900
    client-id: sigstore
    type: email
YAML
KEYLESS_DATA_DIR="$DATA" KEYLESS_PG_PORT="${BENCH_PG_PORT:-54331}" KEYLESS_TLOG_PORT=3101 \
  KEYLESS_CA_PORT=5556 KEYLESS_CA_ISSUERS_FILE="$DATA/issuers.yaml" scripts/run-dev.sh > "$DATA/run.log" 2>&1 &
SERVICES=$!
NOCT=""
ISSUER=""
trap 'kill $NOCT $ISSUER 2>/dev/null || true; kill -TERM $SERVICES 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "keyless is running" "$DATA/run.log" && break; sleep 1; done

if ensure_wrk; then
  # CaLoad writes 2,000 requests (distinct keys, proofs of possession, one token) and keeps serving their issuer.
  "$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.CaLoad --dump "$DATA/bodies.jsonl" --keys 2000 \
    --serve-seconds 3600 > "$DATA/issuer.log" 2>&1 &
  ISSUER=$!
  for _ in $(seq 1 60); do grep -q "wrote" "$DATA/issuer.log" && break; sleep 1; done
  grep -q "wrote" "$DATA/issuer.log" || { echo "CaLoad did not write the request bodies; see $DATA/issuer.log" >&2; exit 1; }
  load() {
    BODIES="$DATA/bodies.jsonl" wrk_warm_up "$1" bench/wrk/certificates.lua
    for c in 1 16 64; do BODIES="$DATA/bodies.jsonl" wrk_run certificates "$c" "$SECONDS_PER_RUN" "$1" bench/wrk/certificates.lua; done
  }
else
  load() { "$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.CaLoad --url "$1" --runs 1,16,64 \
    --seconds "$SECONDS_PER_RUN" --warmup 3 2>&1 | grep -E '^certificates'; }
fi

echo "== with SCT (precertificate logged in tlog-service's CT log, SCT verified and embedded)"
load https://127.0.0.1:5556

# The same CA without the CT step, on another port.
"$JAVA" -jar ca-service/target/ca-service-exec.jar --server.port=5557 --keyless.ca.data-dir="$DATA/ca" \
  --keyless.ca.issuers-file="$DATA/issuers.yaml" --keyless.ca.ct.enabled=false > "$DATA/ca-noct.log" 2>&1 &
NOCT=$!
for _ in $(seq 1 120); do curl -skf https://127.0.0.1:5557/api/v2/configuration >/dev/null && break; sleep 1; done
echo "== without SCT"
load https://127.0.0.1:5557
