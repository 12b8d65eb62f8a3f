#!/usr/bin/env bash
# The monitor's catch-up: a fresh tlog-service grown to ENTRIES (default 10^5) valid hashedrekord entries, then
# ./dev monitor --once from an empty state, timed: entries/s verified (fetched, hashed into the tree, root compared
# with the signed checkpoint, identity rules matched). Run on a quiet machine: ./dev bench-monitor. The project's own
# PostgreSQL on 127.0.0.1:${BENCH_PG_PORT:-54330}, a fresh one in a temporary directory; everything on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk-lib.sh
JAVA="$JAVA_HOME/bin/java"
PORT="${BENCH_PORT:-3100}"
ENTRIES="${ENTRIES:-100000}"
. scripts/pg-lib.sh

./mvnw -q -B -DskipTests -pl bench,admin,local-postgres -am package
ensure_wrk || { echo "bench-monitor: needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }
start_bench_tlog "$PORT"
size() { curl -s "http://127.0.0.1:$PORT/api/v1/log" | sed -n 's/.*"treeSize":\([0-9]*\).*/\1/p'; }

echo "== growing the log to $ENTRIES entries (pre-signed unique bodies, wrk at 64 clients)"
"$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode dump --entries "$ENTRIES" \
  --out "$DATA/bodies.jsonl" > /dev/null
while [ "$(size)" -lt "$ENTRIES" ]; do
  BODIES="$DATA/bodies.jsonl" wrk_run appends 64 20 "http://127.0.0.1:$PORT" bench/wrk/append.lua
done
echo "tree size $(size)"

curl -sf "http://127.0.0.1:$PORT/api/v1/log/publicKey" > "$DATA/rekor.pub"
cat > "$DATA/rules.yaml" <<'YAML'
rules:
  - name: nobody
    san: nobody@example.com
YAML
echo "== catch-up from an empty state (./dev monitor --once true)"
START=$(date +%s%N)
"$JAVA" -cp admin/target/keyless-admin-all.jar dev.keyless.admin.monitor.MonitorCommand \
  --rekor "http://127.0.0.1:$PORT" --key "$DATA/rekor.pub" --hostname localhost --state "$DATA/state.json" \
  --rules "$DATA/rules.yaml" --once true --progress lines
END=$(date +%s%N)
VERIFIED=$(tr -d "\n " < "$DATA/state.json" | sed -n 's/.*"size":\([0-9]*\).*/\1/p')
awk -v n="$VERIFIED" -v ns=$((END - START)) 'BEGIN {printf "monitor catch-up: %d entries in %.1f s = %.0f entries/s (JVM start included)\n", n, ns / 1e9, n / (ns / 1e9)}'
