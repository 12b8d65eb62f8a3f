#!/usr/bin/env bash
# tlog-service load benchmark: appends at 1/16/64 clients, reads, and proof latency at 10^3, 10^5, 10^7 entries.
# Run on a quiet machine: ./dev bench-tlog   (runs the project's own PostgreSQL on 127.0.0.1:${BENCH_PG_PORT:-54330},
# a fresh one in a temporary directory). Everything goes to 127.0.0.1 only. Set SIZES to change the proof sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wrk-lib.sh
JAVA="$JAVA_HOME/bin/java"
PORT="${BENCH_PORT:-3100}"
SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
SIZES="${SIZES:-1000 100000 10000000}"
. scripts/pg-lib.sh

./mvnw -q -B -DskipTests -pl bench,local-postgres -am package
start_bench_tlog "$PORT"
DB="$KEYLESS_DB_URL"

load() { "$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --url "http://127.0.0.1:$PORT" "$@" 2>&1 | grep -E '^mode='; }
fill() { "$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TreeFill --db "$DB" --user "$KEYLESS_DB_USER" --size "$1" 2>&1 | tail -1; }

proofs() {
  echo "== proof latency at $1 entries"
  fill "$1"
  load --mode read --clients 1 --seconds 10 --warmup 2
  load --mode proof --clients 1 --seconds 10 --warmup 2
}
# The smallest size first, before the append runs grow the tree past it.
set -- $SIZES
proofs "$1"
shift
if ensure_wrk; then
  # Pre-signed unique bodies, each posted once (bench/wrk/append.lua); a fresh file per run.
  bodies() { "$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode dump --entries "$1" --out "$DATA/bodies.jsonl" > /dev/null; }
  append() { bodies $(( (SECONDS_PER_RUN + 2) * 8000 )); BODIES="$DATA/bodies.jsonl" wrk_run appends "$1" "$SECONDS_PER_RUN" "http://127.0.0.1:$PORT" bench/wrk/append.lua; }
  echo "== warm-up: 40 s of appends at 64 clients (the JIT settles after about a minute of load)"
  bodies 336000; BODIES="$DATA/bodies.jsonl" wrk_run warm-up 64 40 "http://127.0.0.1:$PORT" bench/wrk/append.lua
  echo "== appends (unique valid hashedrekord entries over HTTP/1.1 keep-alive; load generator: wrk)"
  for c in 1 16 64; do append "$c"; done
  echo "== reads (GET entry by random index: entry + inclusion proof + SET + checkpoint; wrk)"
  size=$(curl -s "http://127.0.0.1:$PORT/api/v1/log" | sed -n 's/.*"treeSize":\([0-9]*\).*/\1/p')
  TREE_SIZE=$size wrk_run reads 16 10 "http://127.0.0.1:$PORT" bench/wrk/read.lua > /dev/null # warm-up
  for c in 16 64; do TREE_SIZE=$size wrk_run reads "$c" "$SECONDS_PER_RUN" "http://127.0.0.1:$PORT" bench/wrk/read.lua; done
else
  echo "== appends (unique valid hashedrekord entries over HTTP; wrk not installed: the JDK load generator)"
  for c in 1 16 64; do load --mode append --clients "$c" --seconds "$SECONDS_PER_RUN" --warmup 3; done
  echo "== reads (GET entry by random index: entry + inclusion proof + SET + checkpoint)"
  load --mode read --clients 16 --seconds "$SECONDS_PER_RUN" --warmup 3
fi
for size in "$@"; do proofs "$size"; done
