#!/usr/bin/env bash
# Rekor v2 and timestamp authority load benchmark, beside v1 on the same services: appends/s and latency at 1, 16
# and 64 clients on the v1 and the v2 log, v1 entry reads and v2 tile reads (full level-0 tiles and entry bundles) at
# 16 and 64 clients, and timestamps/s at 1, 16 and 64 clients. Run on a quiet machine: ./dev bench-v2. Starts the
# services with ./dev run's script (its own PostgreSQL on port ${BENCH_PG_PORT:-54332}, in a temporary directory);
# traffic goes to 127.0.0.1 only; the load generator is the JDK one (bench TlogLoad and TsaLoad).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk-lib.sh
JAVA="$JAVA_HOME/bin/java"
S="${BENCH_SECONDS:-15}"
TLOG=3102
CA=5558
./mvnw -q -B -DskipTests -pl bench,ca-service,tlog-service,admin,local-postgres -am package

DATA=$(mktemp -d)
chmod 755 "$DATA"   # run as root, the database server runs as another user and must reach its directory
KEYLESS_DATA_DIR="$DATA" KEYLESS_PG_PORT="${BENCH_PG_PORT:-54332}" KEYLESS_TLOG_PORT=$TLOG KEYLESS_CA_PORT=$CA \
  scripts/run-dev.sh > "$DATA/run.log" 2>&1 &
SERVICES=$!
trap 'kill -TERM $SERVICES 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "keyless is running" "$DATA/run.log" && break; sleep 1; done
grep -q "keyless is running" "$DATA/run.log" || { echo "the services did not start; see $DATA/run.log" >&2; exit 1; }

load() { "$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --url "http://127.0.0.1:$TLOG" "$@" 2>&1 | grep -E '^mode='; }
echo "== warm-up: 15 s of v1 and 15 s of v2 appends at 64 clients"
load --mode append --clients 64 --seconds 15 --warmup 0 > /dev/null
load --mode append-v2 --clients 64 --seconds 15 --warmup 0 > /dev/null
echo "== appends (unique valid hashedrekord entries), v1 then v2 at each client count"
for c in 1 16 64; do
  load --mode append --clients "$c" --seconds "$S" --warmup 3
  load --mode append-v2 --clients "$c" --seconds "$S" --warmup 3
done
echo "== reads: v1 entry by random index (entry, inclusion proof, SET, checkpoint); v2 random full tile or entry bundle"
for c in 16 64; do
  load --mode read --clients "$c" --seconds "$S" --warmup 3
  load --mode tiles --clients "$c" --seconds "$S" --warmup 3
done
if ensure_wrk; then
  echo "== the same reads with wrk (a load generator that costs the two cores less per request)"
  size=$(curl -s "http://127.0.0.1:$TLOG/api/v1/log" | sed -n 's/.*"treeSize":\([0-9]*\).*/\1/p')
  v2size=$(curl -s "http://127.0.0.1:$TLOG/checkpoint" | sed -n '2p')
  for c in 16 64; do
    TREE_SIZE=$size wrk_run v1-reads "$c" "$S" "http://127.0.0.1:$TLOG" bench/wrk/read.lua
    FULL_TILES=$((v2size / 256)) wrk_run v2-tiles "$c" "$S" "http://127.0.0.1:$TLOG" bench/wrk/tiles.lua
  done
fi
echo "== timestamps (DER requests with a nonce, over TLS)"
"$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TsaLoad --url "https://127.0.0.1:$CA" --runs 1,16,64 \
  --seconds "$S" --warmup 3 2>&1 | grep -E '^timestamps'
