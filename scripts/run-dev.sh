#!/usr/bin/env bash
# Builds and starts the services with development defaults. Called by ./dev run (which selects the JDK).
# Database: KEYLESS_DB_URL (default jdbc:postgresql://127.0.0.1:5432/keyless, user postgres); the database is
# created if it does not exist. Generated keys are kept in KEYLESS_DATA_DIR (default ./data).
set -euo pipefail
cd "$(dirname "$0")/.."

export KEYLESS_DB_URL="${KEYLESS_DB_URL:-jdbc:postgresql://127.0.0.1:5432/keyless}"
export KEYLESS_DB_USER="${KEYLESS_DB_USER:-postgres}"
export KEYLESS_DATA_DIR="${KEYLESS_DATA_DIR:-$PWD/data}"
TLOG_PORT="${KEYLESS_TLOG_PORT:-3000}"

# Create the default database when it is missing (only for the local default URL).
if [ "$KEYLESS_DB_URL" = "jdbc:postgresql://127.0.0.1:5432/keyless" ] && command -v psql >/dev/null; then
  if ! psql -h 127.0.0.1 -U "$KEYLESS_DB_USER" -d postgres -Atc "select 1 from pg_database where datname = 'keyless'" | grep -q 1; then
    psql -h 127.0.0.1 -U "$KEYLESS_DB_USER" -d postgres -qc "create database keyless"
    echo "created database keyless"
  fi
fi

./mvnw -q -B -DskipTests -pl tlog-service -am install
mkdir -p "$KEYLESS_DATA_DIR"

echo "Starting tlog-service on http://localhost:$TLOG_PORT (Rekor v1 API at the root; keys in $KEYLESS_DATA_DIR)"
exec "$JAVA_HOME/bin/java" -jar tlog-service/target/tlog-service-exec.jar --server.port="$TLOG_PORT"
