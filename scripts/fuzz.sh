#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every @FuzzTest target, one after another.
#   ./dev fuzz                     every target, each for the maxDuration its annotation gives
#   ./dev fuzz signedNote          the targets whose method name contains the word
#   ./dev fuzz --seconds 600       every target for ten minutes (a long run)
#   --installed                    the modules are installed already (./dev test fuzzes right after its build)
# A crash stops the run: Jazzer writes the input under the test's resources (<Class>Inputs/<method>/), where it
# then stays as a regression case run with the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=""
installed=false
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --installed) installed=true; shift ;;
    *) break ;;
  esac
done
if [ -n "$seconds" ]; then
  export JAZZER_MAX_DURATION="${seconds}s"
fi
filter="${1:-}"
$installed || ./mvnw -q -B -DskipTests install > /dev/null
targets=0
start=$(date +%s)
for file in $(grep -rl "@FuzzTest" --include=*.java */src/test/java); do
  module=${file%%/src/*}
  class=$(basename "$file" .java)
  for method in $(grep -A1 "@FuzzTest" "$file" | sed -n 's/.*void \([a-zA-Z0-9_]*\)(.*/\1/p'); do
    case "$method" in *"$filter"*) ;; *) continue ;; esac
    echo "fuzz: $module $class#$method"
    log=$(mktemp)
    if ! JAZZER_FUZZ=1 ./mvnw -q -B -pl "$module" surefire:test -Dtest="$class#$method" \
        -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1; then
      grep -E "== Java Exception|Exception|Error|crash|Test unit written" "$log" | head -20
      echo "fuzz: $class#$method FOUND A BUG; the input is kept under $module/src/test/resources (see above); log: $log" >&2
      exit 1
    fi
    grep -E "^Done [0-9]+ runs" "$log" || true
    rm -f "$log"
    targets=$((targets + 1))
  done
done
echo "fuzz: $targets targets fuzzed in $(( $(date +%s) - start )) s, nothing found"
