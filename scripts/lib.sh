#!/usr/bin/env bash
# Shared settings for GovFlow's service scripts. Every port and folder can be overridden from the
# environment, so a second checkout (or CI beside a developer's stack) never clashes with the first.
set -euo pipefail

GOVFLOW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GOVFLOW_ROOT
DATA_DIR="${GOVFLOW_DATA_DIR:-$GOVFLOW_ROOT/.data}"
LOG_DIR="${GOVFLOW_LOG_DIR:-$GOVFLOW_ROOT/.logs}"
RUN_DIR="${GOVFLOW_RUN_DIR:-$GOVFLOW_ROOT/.run}"
TOOLS_DIR="${GOVFLOW_TOOLS_DIR:-$GOVFLOW_ROOT/.tools}"

PG_PORT="${GOVFLOW_PG_PORT:-55432}"
PG_USER="${GOVFLOW_PG_USER:-govflow}"
PG_PASSWORD="${GOVFLOW_PG_PASSWORD:-govflow}"
PG_DB="${GOVFLOW_PG_DB:-govflow}"
# The test databases: one for the integration tests, one for the browser tests (test/support/env.ts).
PG_TEST_DB="${PG_DB}_test"
PG_TEST_E2E_DB="${PG_DB}_test_e2e"
# The integration files scripts/prod.sh ci runs against the production profile (a copy of the first, like e2e).
PG_TEST_PROD_DB="${PG_DB}_test_prod"
# The chaos slice's database in CI (scripts/test-db.sh copies it, scripts/chaos.sh uses it when told to).
PG_TEST_CHAOS_DB="${PG_DB}_test_chaos"
REDIS_PORT="${GOVFLOW_REDIS_PORT:-56379}"
TEMPORAL_PORT="${GOVFLOW_TEMPORAL_PORT:-57233}"
TEMPORAL_UI_PORT="${GOVFLOW_TEMPORAL_UI_PORT:-58233}"
# The tests' in-memory Temporal servers: one for the integration tests, one for the browser tests (the next port).
TEMPORAL_TEST_PORT="${GOVFLOW_TEMPORAL_TEST_PORT:-57234}"
TEMPORAL_TEST_E2E_PORT="${GOVFLOW_TEMPORAL_TEST_E2E_PORT:-$((TEMPORAL_TEST_PORT + 1))}"
API_PORT="${GOVFLOW_API_PORT:-8080}"

TEMPORAL_CLI_VERSION="v1.5.1"
TEMPORAL_BIN="$TOOLS_DIR/temporal-$TEMPORAL_CLI_VERSION/temporal"
PG_BIN="${GOVFLOW_PG_BIN:-/usr/lib/postgresql/15/bin}"

mkdir -p "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$TOOLS_DIR"

# node's options for a worker, read from `npm run start:worker` (package.json), the one place they are written
# (docker-compose.yml repeats them; test/unit/dockerCompose.test.ts holds the two together): --enable-source-maps,
# and the heap cap README "Configuration" explains.
WORKER_NODE_OPTIONS=()
read -r -a WORKER_NODE_OPTIONS <<<"$(sed -n 's/.*"start:worker": "node \(.*\) dist\/worker.js".*/\1/p' "$GOVFLOW_ROOT/package.json")"

say()  { printf '%s\n' "$*"; }
ok()   { printf '  \033[32m✔\033[0m %s\n' "$*"; }
bad()  { printf '  \033[31m✘\033[0m %s\n' "$*" >&2; }
die()  { bad "$*"; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for NAME SECONDS LOGFILE CHECK...: polls CHECK until it succeeds; on timeout prints the log tail
# and fails, so a service that cannot start never hangs the caller.
wait_for() {
  local name="$1" secs="$2" log="$3"; shift 3
  local end=$((SECONDS + secs))
  while ((SECONDS < end)); do
    if "$@"; then return 0; fi
    sleep 0.25
  done
  bad "$name did not become ready within ${secs}s. Last lines of $log:"
  tail -n 30 "$log" >&2 || true
  return 1
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# as_pg_user CMD...: PostgreSQL refuses to run as root, so under root it runs as the `postgres` user.
as_pg_user() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

database_url() { echo "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/${1:-$PG_DB}"; }

# --- What a benchmark, the chaos suite and the tests share before they run ------------------------------
# services_up SERVICE...: the named services up (scripts/services.sh; one already running is left alone) and
# the Prisma client generated, quietly.
services_up() {
  bash "$GOVFLOW_ROOT/scripts/services.sh" start "$@" >/dev/null
  bash "$GOVFLOW_ROOT/scripts/db.sh" generate >/dev/null
}

# fresh_database NAME: drops the database NAME, creates it again, applies the committed migrations and seeds
# it (the demo org tree, prisma/seed.ts); exports DATABASE_URL pointing at it. Each kind of run has its own
# (<db>_test, <db>_bench, <db>_chaos), so none touches the demo's data or another run's.
fresh_database() {
  local db="$1" log="$LOG_DIR/seed-$1.log"
  PGPASSWORD="$PG_PASSWORD" psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\"" || die "could not recreate the database $db"
  DATABASE_URL="$(database_url "$db")"
  export DATABASE_URL
  bash "$GOVFLOW_ROOT/scripts/db.sh" migrate >/dev/null
  node --import tsx "$GOVFLOW_ROOT/prisma/seed.ts" >"$log" 2>&1 || { cat "$log" >&2; die "seeding the database $db failed"; }
}

# own_namespace PREFIX: a Temporal namespace of the run's own on the dev server (PREFIX-<unix time>), so the
# run's flows never mix with the demo's; exports TEMPORAL_NAMESPACE and TEMPORAL_ADDRESS. drop_namespace
# deletes it afterwards (the server removes its flows in the background).
own_namespace() {
  TEMPORAL_NAMESPACE="$1-$(date +%s)" TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
  export TEMPORAL_NAMESPACE TEMPORAL_ADDRESS
  "$TEMPORAL_BIN" operator namespace create --namespace "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS" --retention 24h >/dev/null \
    || die "could not create the Temporal namespace $TEMPORAL_NAMESPACE"
}
drop_namespace() {
  "$TEMPORAL_BIN" operator namespace delete --namespace "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS" --yes >/dev/null 2>&1 || true
}
