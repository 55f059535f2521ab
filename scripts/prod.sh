#!/usr/bin/env bash
# The production profile on one machine: Temporal's own server (not the CLI's dev server) on PostgreSQL with
# several history shards and SQL visibility (the campaign search attributes), the Temporal Web UI when it
# could be built, two GovFlow workers and two API processes, all from `npm run build` with plain node.
# It is the honest form of "runs on a cluster": every address, port, namespace, database and TLS setting
# below is an environment variable, and README "Running in production" maps each one.
#
#   scripts/prod.sh build    build the Temporal server, its SQL tool and the UI server (Go module proxy, once)
#   scripts/prod.sh start    PostgreSQL, Redis, Temporal schema + server, namespace, GovFlow build, 2 workers, 2 APIs
#   scripts/prod.sh start-temporal   only PostgreSQL and the Temporal server (+ UI): for GovFlow elsewhere
#   scripts/prod.sh status | stop
#   scripts/prod.sh check    start, then the two-of-everything check (scripts/prodCheck.ts), then the integration
#                            files of PROD_TESTS against it (on fresh test databases: scripts/test-db.sh)
#   scripts/prod.sh ci       what CI runs beside the test streams (scripts/test-all.sh): build without the UI,
#                            start, the two-of-everything check, the integration files of PROD_TESTS on their own
#                            test database and Redis database, stop; GovFlow's build, console and test databases
#                            come from CI's own preparations, and nothing already running is reused
#
# Safe to re-run: what is built is not rebuilt, what runs is left alone, the schema is only upgraded.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"

# --- settings (all from the environment) -----------------------------------------------------------
TEMPORAL_SERVER_VERSION="v1.29.1"   # the server the CLI v1.5.1 embeds (its go.mod), so both speak the same schema
TEMPORAL_UI_VERSION="v2.42.1"       # the UI server the CLI v1.5.1 embeds
SERVER_DIR="$TOOLS_DIR/temporal-server-$TEMPORAL_SERVER_VERSION"
SERVER_BIN="$SERVER_DIR/temporal-server"
SQL_TOOL="$SERVER_DIR/temporal-sql-tool"
UI_BIN="$TOOLS_DIR/temporal-ui-server-$TEMPORAL_UI_VERSION/temporal-ui-server"
# Temporal's own databases and user on the project's PostgreSQL (or any PostgreSQL 12+: set the host).
T_DB_HOST="${GOVFLOW_TEMPORAL_DB_HOST:-127.0.0.1}"
T_DB_PORT="${GOVFLOW_TEMPORAL_DB_PORT:-$PG_PORT}"
T_DB_USER="${GOVFLOW_TEMPORAL_DB_USER:-temporal}"
T_DB_PASSWORD="${GOVFLOW_TEMPORAL_DB_PASSWORD:-temporal}"
T_DB="${GOVFLOW_TEMPORAL_DB:-temporal}"
T_VIS_DB="${GOVFLOW_TEMPORAL_VISIBILITY_DB:-temporal_visibility}"
# History shards are fixed when the database is created; 4 is plenty for one machine, a city cluster uses 512+.
T_SHARDS="${GOVFLOW_TEMPORAL_SHARDS:-4}"
T_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
T_RETENTION="${GOVFLOW_TEMPORAL_RETENTION:-30d}"
# Internal ports of the four Temporal services. Membership (ringpop) ports are stored as smallint: < 32768.
T_INTERNAL="${GOVFLOW_TEMPORAL_INTERNAL_PORT:-27233}"
T_MEMBER="${GOVFLOW_TEMPORAL_MEMBERSHIP_PORT:-26233}"
T_HTTP_PORT="${GOVFLOW_TEMPORAL_HTTP_PORT:-$((T_INTERNAL + 10))}"
T_METRICS_PORT="${GOVFLOW_TEMPORAL_METRICS_PORT:-$((T_INTERNAL + 11))}"
API_PORT_2="${GOVFLOW_API_PORT_2:-$((API_PORT + 1))}"
WORKER_METRICS_PORT="${GOVFLOW_WORKER_METRICS_PORT:-$((API_PORT + 100))}"
(( T_MEMBER + 3 < 32768 )) || die "GOVFLOW_TEMPORAL_MEMBERSHIP_PORT must be below 32765 (Temporal stores membership ports as smallint)"

PROD_DIR="$DATA_DIR/temporal-prod"
SERVER_LOG="$LOG_DIR/temporal-server.log"
UI_LOG="$LOG_DIR/temporal-ui.log"
TEMPORAL_CLI=("$TEMPORAL_BIN")

# --- build ------------------------------------------------------------------------------------------
# go install from the module proxy, in the background-friendly `nice`; never committed (.tools is ignored).
# From nothing (empty Go caches) the server takes 7+ minutes on 2 cores. With Go's caches warm (~/go/pkg/mod,
# ~/.cache/go-build: kept on a machine between CI runs) only the link is left: about 18 s of CPU for the
# server and 7 s for the SQL tool (54 s and 16 s of wall time at load 5-10, 88 s and 79 s at load 29).
# Go does not cache what `go install` links, so each binary is also kept, by version, in BIN_CACHE outside
# the checkout: a fresh clone on a machine that built it once copies it in a second; on a new machine it is
# built as above.
BIN_CACHE="${GOVFLOW_BIN_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache}/govflow-bin}"
go_build() {
  local what="$1" pkg="$2" dest_dir="$3" dest_name="$4" built_name="$5"
  if [[ -x "$dest_dir/$dest_name" ]]; then ok "$what already built ($dest_dir/$dest_name)"; return 0; fi
  local cached="$BIN_CACHE/$(basename "$dest_dir")/$dest_name"
  if [[ -x "$cached" ]]; then
    mkdir -p "$dest_dir"
    cp "$cached" "$dest_dir/$dest_name.tmp" && mv "$dest_dir/$dest_name.tmp" "$dest_dir/$dest_name"
    ok "$what copied from the build cache ($cached)"; return 0
  fi
  command -v go >/dev/null || die "Go is needed to build $what (go install); install golang first"
  say "Building $what from the Go module proxy (first time only; minutes)..."
  mkdir -p "$dest_dir"
  local start=$SECONDS tmp="$dest_dir.tmp"
  if ! GOBIN="$tmp" GOFLAGS=-buildvcs=false nice -n 10 go install "$pkg" >"$LOG_DIR/build-$dest_name.log" 2>&1; then
    tail -n 30 "$LOG_DIR/build-$dest_name.log" >&2
    return 1
  fi
  mv "$tmp/$built_name" "$dest_dir/$dest_name"; rmdir "$tmp" 2>/dev/null || true
  # Into the cache through a temporary name: a half-copied binary is never taken for a built one.
  if mkdir -p "$(dirname "$cached")" 2>/dev/null && cp "$dest_dir/$dest_name" "$cached.tmp.$$" 2>/dev/null; then mv "$cached.tmp.$$" "$cached"; fi
  ok "$what built in $((SECONDS - start))s: $dest_dir/$dest_name"
}
build() {
  bash scripts/build-temporal.sh   # the CLI: namespace and search-attribute administration
  go_build "Temporal SQL tool $TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" "$SERVER_DIR" temporal-sql-tool sql \
    || die "building the Temporal SQL tool failed (log $LOG_DIR/build-temporal-sql-tool.log)"
  go_build "Temporal server $TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" "$SERVER_DIR" temporal-server server \
    || die "building the Temporal server failed (log $LOG_DIR/build-temporal-server.log)"
  # The Web UI is optional: without it the profile runs, and the CLI or any UI elsewhere can be pointed at it.
  [[ "${GOVFLOW_TEMPORAL_UI:-1}" == "0" ]] && return 0
  go_build "Temporal Web UI server $TEMPORAL_UI_VERSION" "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_VERSION" "$(dirname "$UI_BIN")" temporal-ui-server server \
    || bad "the Temporal Web UI could not be built (log $LOG_DIR/build-temporal-ui-server.log); the profile runs without it"
}

# --- Temporal's schema in PostgreSQL ----------------------------------------------------------------
module_dir() { GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" 2>/dev/null || echo "$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"; }
psql_admin() { PGPASSWORD="$PG_PASSWORD" psql -h "$T_DB_HOST" -p "$T_DB_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
sql_tool() { "$SQL_TOOL" --plugin postgres12 --ep "$T_DB_HOST" -p "$T_DB_PORT" -u "$T_DB_USER" --pw "$T_DB_PASSWORD" "$@"; }
schema() {
  local mod; mod="$(module_dir)"
  [[ -d "$mod/schema/postgresql/v12" ]] || die "Temporal's schema folder is missing ($mod/schema/postgresql/v12): run scripts/prod.sh build"
  # Temporal gets its own user (it may create its databases, nothing more), not GovFlow's superuser.
  if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$T_DB_USER'")" != "1" ]]; then
    psql_admin -c "CREATE ROLE \"$T_DB_USER\" LOGIN CREATEDB PASSWORD '$T_DB_PASSWORD'" >/dev/null
  fi
  local db dir
  for db in "$T_DB" "$T_VIS_DB"; do
    [[ "$db" == "$T_DB" ]] && dir="$mod/schema/postgresql/v12/temporal/versioned" || dir="$mod/schema/postgresql/v12/visibility/versioned"
    if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]]; then
      sql_tool --db "$db" create-database >>"$LOG_DIR/temporal-schema.log" 2>&1 || { tail -n 20 "$LOG_DIR/temporal-schema.log" >&2; die "creating database $db failed"; }
      sql_tool --db "$db" setup-schema -v 0.0 >>"$LOG_DIR/temporal-schema.log" 2>&1 || { tail -n 20 "$LOG_DIR/temporal-schema.log" >&2; die "setting up the schema of $db failed"; }
    fi
    # Applies only the versions the database does not have yet: an upgrade of the server upgrades its schema.
    sql_tool --db "$db" update-schema -d "$dir" >>"$LOG_DIR/temporal-schema.log" 2>&1 || { tail -n 20 "$LOG_DIR/temporal-schema.log" >&2; die "updating the schema of $db failed"; }
  done
  ok "temporal schema  $T_DB and $T_VIS_DB on $T_DB_HOST:$T_DB_PORT (user $T_DB_USER, $T_SHARDS shards)"
}

# --- the server's configuration ---------------------------------------------------------------------
write_config() {
  mkdir -p "$PROD_DIR/config/dynamicconfig"
  cat >"$PROD_DIR/config/production.yaml" <<EOF
# Written by scripts/prod.sh from the environment (GOVFLOW_TEMPORAL_*): edit the variables, not this file.
log:
  stdout: true
  level: ${GOVFLOW_TEMPORAL_LOG_LEVEL:-warn}
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: $T_SHARDS
  datastores:
    postgres-default:
      sql:
        pluginName: postgres12
        databaseName: $T_DB
        connectAddr: "$T_DB_HOST:$T_DB_PORT"
        connectProtocol: tcp
        user: $T_DB_USER
        password: "$T_DB_PASSWORD"
        maxConns: ${GOVFLOW_TEMPORAL_DB_MAX_CONNS:-20}
        maxIdleConns: ${GOVFLOW_TEMPORAL_DB_MAX_CONNS:-20}
        maxConnLifetime: 1h
    postgres-visibility:
      sql:
        pluginName: postgres12
        databaseName: $T_VIS_DB
        connectAddr: "$T_DB_HOST:$T_DB_PORT"
        connectProtocol: tcp
        user: $T_DB_USER
        password: "$T_DB_PASSWORD"
        maxConns: 5
        maxIdleConns: 5
        maxConnLifetime: 1h
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: "127.0.0.1:$T_METRICS_PORT"
services:
  frontend:
    rpc: { grpcPort: $TEMPORAL_PORT, membershipPort: $T_MEMBER, httpPort: $T_HTTP_PORT, bindOnIP: "${GOVFLOW_TEMPORAL_BIND_IP:-127.0.0.1}" }
  history:
    rpc: { grpcPort: $((T_INTERNAL + 1)), membershipPort: $((T_MEMBER + 1)), bindOnLocalHost: true }
  matching:
    rpc: { grpcPort: $((T_INTERNAL + 2)), membershipPort: $((T_MEMBER + 2)), bindOnLocalHost: true }
  worker:
    rpc: { grpcPort: $((T_INTERNAL + 3)), membershipPort: $((T_MEMBER + 3)), bindOnLocalHost: true }
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:$TEMPORAL_PORT"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "$PROD_DIR/config/dynamicconfig/production.yaml"
  pollInterval: 10s
EOF
  cat >"$PROD_DIR/config/dynamicconfig/production.yaml" <<'EOF'
# Temporal's dynamic config for GovFlow (re-read every 10 s).
limit.maxIDLength:
  - value: 255
# Search attributes registered by scripts/prod.sh (and the worker) are visible at once; they are added
# rarely, so the extra reads are negligible.
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
EOF
}

# --- Temporal server --------------------------------------------------------------------------------
cli() { "$TEMPORAL_BIN" "$@" --address "127.0.0.1:$TEMPORAL_PORT"; }
server_ready() { port_open "$TEMPORAL_PORT" && timeout 5 "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1; }
# Ready, or its process is gone (then waiting on is pointless).
server_ready_or_gone() { server_ready || ! pid_alive "$RUN_DIR/temporal-server.pid"; }
server_start() {
  if server_ready; then ok "temporal-server already up on 127.0.0.1:$TEMPORAL_PORT"; return 0; fi
  [[ -x "$SERVER_BIN" && -x "$SQL_TOOL" ]] || build
  schema
  write_config
  : >>"$SERVER_LOG"
  local attempt from
  for attempt in 1 2 3; do
    from=$(stat -c %s "$SERVER_LOG")
    (exec nohup "$SERVER_BIN" --root "$PROD_DIR" --config config --env production --allow-no-auth start >>"$SERVER_LOG" 2>&1 </dev/null) &
    echo $! >"$RUN_DIR/temporal-server.pid"
    wait_for temporal-server 120 "$SERVER_LOG" server_ready_or_gone || return 1
    server_ready && break
    # It exited at once. Its ports are in Linux's ephemeral range (32768-60999 by default), so another process's
    # outgoing connection can hold one for a moment ("bind: address already in use" with nothing listening,
    # seen once at load 28): started again, twice at most. Anything else is reported as it is.
    if ((attempt < 3)) && tail -c +$((from + 1)) "$SERVER_LOG" | grep -q 'bind: address already in use'; then
      bad "temporal-server could not bind a port (an outgoing connection may hold it); starting it again"
      sleep 2
      continue
    fi
    bad "temporal-server exited. Last lines of $SERVER_LOG:"; tail -n 30 "$SERVER_LOG" >&2
    return 1
  done
  # The namespace, then GovFlow's search attributes (Keyword each, in SQL visibility).
  if ! cli operator namespace describe -n "$T_NAMESPACE" >/dev/null 2>&1; then
    cli operator namespace create -n "$T_NAMESPACE" --retention "$T_RETENTION" >/dev/null
  fi
  local end=$((SECONDS + 60))
  until cli workflow list -n "$T_NAMESPACE" --limit 1 >/dev/null 2>&1; do
    ((SECONDS < end)) || die "namespace $T_NAMESPACE not usable after 60 s (log $SERVER_LOG)"; sleep 1
  done
  local have sa; have="$(cli operator search-attribute list -n "$T_NAMESPACE" 2>/dev/null || true)"
  for sa in GovFlowCampaignId GovFlowUnitCode GovFlowFlow; do
    grep -q "$sa" <<<"$have" || cli operator search-attribute create -n "$T_NAMESPACE" --name "$sa" --type Keyword >/dev/null
  done
  ok "temporal-server started on 127.0.0.1:$TEMPORAL_PORT (PostgreSQL, $T_SHARDS shards, namespace $T_NAMESPACE, metrics http://127.0.0.1:$T_METRICS_PORT/metrics)"
}

ui_ready() { port_open "$TEMPORAL_UI_PORT"; }
ui_start() {
  [[ "${GOVFLOW_TEMPORAL_UI:-1}" == "0" ]] && return 0
  [[ -x "$UI_BIN" ]] || { bad "temporal-ui not built (scripts/prod.sh build); skipped"; return 0; }
  if ui_ready; then ok "temporal-ui already up on http://127.0.0.1:$TEMPORAL_UI_PORT"; return 0; fi
  mkdir -p "$PROD_DIR/ui/config"
  cat >"$PROD_DIR/ui/config/production.yaml" <<EOF
temporalGrpcAddress: "127.0.0.1:$TEMPORAL_PORT"
host: 127.0.0.1
port: $TEMPORAL_UI_PORT
enableUi: true
defaultNamespace: $T_NAMESPACE
auth:
  enabled: false
EOF
  : >>"$UI_LOG"
  (exec nohup "$UI_BIN" --root "$PROD_DIR/ui" --env production start >>"$UI_LOG" 2>&1 </dev/null) &
  echo $! >"$RUN_DIR/temporal-ui.pid"
  wait_for temporal-ui 30 "$UI_LOG" ui_ready || { bad "temporal-ui did not start (log $UI_LOG)"; return 0; }
  ok "temporal-ui started on http://127.0.0.1:$TEMPORAL_UI_PORT"
}

# --- GovFlow: two workers, two APIs -----------------------------------------------------------------
app_env() {
  export DATABASE_URL="${DATABASE_URL:-$(database_url)}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
  export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"
  export TEMPORAL_NAMESPACE="$T_NAMESPACE"
  export TEMPORAL_UI_URL="${TEMPORAL_UI_URL:-http://127.0.0.1:$TEMPORAL_UI_PORT}"
  export NODE_ENV=production
}
# INSTANCE_PORT[name]: the API's HTTP port or the worker's metrics port.
declare -A INSTANCE_PORT=([api-1]="$API_PORT" [api-2]="$API_PORT_2" [worker-1]="$WORKER_METRICS_PORT" [worker-2]="$((WORKER_METRICS_PORT + 1))")
instance_ready() {
  local name="$1"
  pid_alive "$RUN_DIR/$name.pid" || return 1
  case "$name" in
    api-*) curl -fsS -m 3 "http://127.0.0.1:${INSTANCE_PORT[$name]}/api/ready" >/dev/null 2>&1 ;;
    worker-*) grep -q '"msg":"worker running"' "$LOG_DIR/$name.log" 2>/dev/null ;;
  esac
}
instance_start() {
  local name="$1"
  if instance_ready "$name"; then ok "$name already up"; return 0; fi
  app_env
  : >"$LOG_DIR/$name.log"
  local t0=$SECONDS
  case "$name" in
    api-*) (PORT="${INSTANCE_PORT[$name]}" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec nohup node --enable-source-maps dist/server.js >>"$LOG_DIR/$name.log" 2>&1 </dev/null) & ;;
    worker-*) (WORKER_METRICS_ADDRESS="127.0.0.1:${INSTANCE_PORT[$name]}" MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec nohup node "${WORKER_NODE_OPTIONS[@]}" dist/worker.js >>"$LOG_DIR/$name.log" 2>&1 </dev/null) & ;;
  esac
  echo $! >"$RUN_DIR/$name.pid"
  disown $! 2>/dev/null || true   # a crash test kills it: no "Killed" job notice from this shell
  wait_for "$name" 90 "$LOG_DIR/$name.log" instance_ready "$name" || return 1
  case "$name" in
    api-*) ok "$name started in $((SECONDS - t0))s on http://127.0.0.1:${INSTANCE_PORT[$name]} (metrics /metrics, ready /api/ready)" ;;
    worker-*) ok "$name started in $((SECONDS - t0))s (SDK metrics http://127.0.0.1:${INSTANCE_PORT[$name]}/metrics)" ;;
  esac
}
stop_pid() {
  local name="$1" file="$RUN_DIR/$1.pid"
  if pid_alive "$file"; then
    kill "$(cat "$file")" 2>/dev/null || true
    local i; for ((i = 0; i < 80; i++)); do pid_alive "$file" || break; sleep 0.25; done
    pid_alive "$file" && kill -9 "$(cat "$file")" 2>/dev/null || true
  fi
  rm -f "$file"
  ok "$name stopped"
}
status_of() {
  local name="$1"
  case "$name" in
    temporal-server) server_ready && ok "temporal-server up  127.0.0.1:$TEMPORAL_PORT  log $SERVER_LOG" || bad "temporal-server down (log $SERVER_LOG)" ;;
    temporal-ui) ui_ready && ok "temporal-ui up  http://127.0.0.1:$TEMPORAL_UI_PORT" || bad "temporal-ui down (log $UI_LOG)" ;;
    *) instance_ready "$name" && ok "$name up  pid $(cat "$RUN_DIR/$name.pid")  log $LOG_DIR/$name.log" || bad "$name down (log $LOG_DIR/$name.log)" ;;
  esac
}

# --- the suite's integration files against this Temporal server --------------------------------------
# Each file starts its own API and an in-process worker on a task queue of its own, so the profile's workers
# never take its flows; they reach Temporal's server on PostgreSQL (SQL visibility, the campaign search
# attributes, several shards) instead of the tests' in-memory dev server. Data of their own: the test database
# copy $PG_TEST_PROD_DB (scripts/test-db.sh makes it beside the streams' two) and Redis database 3 (the
# streams use 1 and 2), so they run in CI beside the suite's two streams. Chosen to cover what differs on this
# server: a flow from start to its last step through the API (walking skeleton), every step action and its
# refusals, a campaign launched in batches and found again by its search attributes, the attributes'
# registration, the reconciler closing the tasks of terminated flows, the administrators' flow monitor, and
# delegation and batch approval (updates to many flows at once). About 40 s of CPU (README).
PROD_TESTS="${PROD_TESTS:-test/server/walkingSkeleton.test.ts test/server/stepActions.test.ts test/server/annualReportCampaign.test.ts test/activities/searchAttributes.test.ts test/server/taskReconciler.test.ts test/server/flowMonitoring.test.ts test/server/delegationAndBatch.test.ts}"
prod_tests() {
  [[ "$(PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = '$PG_TEST_PROD_DB'")" == "1" ]] \
    || die "the test database $PG_TEST_PROD_DB is missing (each run uses up its copy): run scripts/test-db.sh"
  say "Integration tests against Temporal's server on PostgreSQL ($PG_TEST_PROD_DB, Redis database 3): $PROD_TESTS"
  local rc=0
  # shellcheck disable=SC2086 # a list of paths
  env -u NODE_ENV DATABASE_URL="$(database_url "$PG_TEST_PROD_DB")" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/3" \
    TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" TEMPORAL_NAMESPACE="$T_NAMESPACE" \
    npx jest --ci $PROD_TESTS --selectProjects integration || rc=1
  # The copy is used up (the files leave their campaigns and flows in it): a second run on it would fail on its
  # leftovers, so it is dropped and the next run asks for a fresh one (scripts/test-db.sh).
  PGPASSWORD="$PG_PASSWORD" PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -c "DROP DATABASE IF EXISTS \"$PG_TEST_PROD_DB\" WITH (FORCE)" || true
  return $rc
}

INSTANCES=(worker-1 worker-2 api-1 api-2)
start() {
  bash scripts/services.sh start postgres redis
  server_start
  ui_start
  export DATABASE_URL="${DATABASE_URL:-$(database_url)}"
  # CI generated the Prisma client in its preparations; generating it again would rewrite node_modules/.prisma
  # under the tests that run meanwhile.
  [[ "${GOVFLOW_PROD_PREBUILT:-0}" == "1" ]] || bash scripts/db.sh generate
  bash scripts/db.sh migrate
  node --import tsx prisma/seed.ts >"$LOG_DIR/seed.log" 2>&1 || { cat "$LOG_DIR/seed.log" >&2; die "seeding the database failed"; }
  [[ -f admin/dist/index.html ]] || bash scripts/build-admin.sh
  # CI builds once in its preparations (scripts/test-all.sh): what the tests ran is what starts here.
  if [[ "${GOVFLOW_PROD_PREBUILT:-0}" == "1" && -f dist/server.js && -f dist/worker.js ]]; then
    ok "GovFlow build from $(stat -c %y dist/server.js | cut -d. -f1) (npm run build of the preparations)"
  else
    node --import tsx scripts/build.ts >"$LOG_DIR/build.log" 2>&1 || { cat "$LOG_DIR/build.log" >&2; die "npm run build failed"; }
    ok "$(tail -n 1 "$LOG_DIR/build.log")"
  fi
  local n; for n in "${INSTANCES[@]}"; do instance_start "$n"; done
  cat <<EOT

GovFlow production profile is running.
  API (two processes)   http://127.0.0.1:$API_PORT/   http://127.0.0.1:$API_PORT_2/   (put a load balancer in front)
  Metrics               http://127.0.0.1:$API_PORT/metrics  workers: :$WORKER_METRICS_PORT/metrics :$((WORKER_METRICS_PORT + 1))/metrics  Temporal: :$T_METRICS_PORT/metrics
  Temporal              127.0.0.1:$TEMPORAL_PORT (PostgreSQL $T_DB_HOST:$T_DB_PORT/$T_DB, $T_SHARDS shards)   Web UI http://127.0.0.1:$TEMPORAL_UI_PORT/
  Logs                  $LOG_DIR/   (scripts/prod.sh status | stop)
EOT
}
stop() {
  local n; for n in api-2 api-1 worker-2 worker-1 temporal-ui temporal-server; do stop_pid "$n"; done
}

case "${1:-status}" in
  build) build ;;
  start) start ;;
  start-temporal) bash scripts/services.sh start postgres; server_start; ui_start ;;
  stop) stop ;;
  start-instance) [[ -n "${INSTANCE_PORT[${2:-}]:-}" ]] || die "usage: scripts/prod.sh start-instance worker-1|worker-2|api-1|api-2"
                  instance_start "$2" ;;
  status) rc=0; for n in temporal-server temporal-ui "${INSTANCES[@]}"; do status_of "$n" || rc=1; done; exit $rc ;;
  check) t0=$SECONDS
         start
         app_env
         rc=0
         node --import tsx scripts/prodCheck.ts --api "http://127.0.0.1:$API_PORT" --api "http://127.0.0.1:$API_PORT_2" \
           --worker-metrics "http://127.0.0.1:$WORKER_METRICS_PORT/metrics" --run-dir "$RUN_DIR" --log-dir "$LOG_DIR" || rc=1
         # Then the integration files against this Temporal server, on fresh test databases (scripts/test-db.sh
         # recreates all three: not while the suite runs).
         bash scripts/test-db.sh
         prod_tests || rc=1
         say "prod check finished in $((SECONDS - t0))s with exit code $rc"
         exit $rc ;;
  # CI: the same profile and check, proven on every run beside the integration tests (scripts/test-all.sh).
  # Nothing already listening is reused (a developer's stack on the same ports would be checked instead);
  # the processes it started are stopped at the end, pass or fail. Prints each phase's time and the CPU
  # seconds its processes used, so the cost beside the tests stays visible in CI's log.
  ci) t0=$SECONDS
      for p in "$TEMPORAL_PORT" "$T_INTERNAL" "$T_HTTP_PORT" "$API_PORT" "$API_PORT_2"; do
        port_open "$p" && die "port $p is in use: the CI profile starts its own processes (set GOVFLOW_TEMPORAL_PORT / GOVFLOW_API_PORT)"
      done
      export GOVFLOW_TEMPORAL_UI=0 GOVFLOW_PROD_PREBUILT=1
      # Small pools: the suite's own tests share this PostgreSQL (max_connections 200) meanwhile.
      export GOVFLOW_TEMPORAL_DB_MAX_CONNS="${GOVFLOW_TEMPORAL_DB_MAX_CONNS:-8}" DB_POOL_SIZE="${DB_POOL_SIZE:-4}"
      # Its own Redis database: CI's chaos slice runs beside it on database 0 (the demo's), and a worker of the
      # profile must not deliver the slice's queued notifications (their rows are in another database).
      export REDIS_URL="${GOVFLOW_PROD_CI_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT/4}"
      cpu_of() { local f="$RUN_DIR/$1.pid" s; pid_alive "$f" && s=($(cut -d' ' -f14,15 "/proc/$(cat "$f")/stat" 2>/dev/null)) && echo $(( (s[0] + s[1]) / $(getconf CLK_TCK) )) || echo 0; }
      trap 'stop >/dev/null' EXIT
      build; t_build=$((SECONDS - t0))
      start; t_start=$((SECONDS - t0 - t_build))
      app_env
      rc=0
      node --import tsx scripts/prodCheck.ts --api "http://127.0.0.1:$API_PORT" --api "http://127.0.0.1:$API_PORT_2" \
        --worker-metrics "http://127.0.0.1:$WORKER_METRICS_PORT/metrics" --run-dir "$RUN_DIR" --log-dir "$LOG_DIR" || rc=1
      t_check=$((SECONDS - t0 - t_build - t_start))
      prod_tests || rc=1
      t_tests=$((SECONDS - t0 - t_build - t_start - t_check))
      procs=0; for n in temporal-server "${INSTANCES[@]}"; do procs=$((procs + $(cpu_of "$n"))); done
      # `times`, second line: user and system time of the waited children ("1m2.500s 0m3.100s").
      # (`times` in this shell, not in a pipeline's subshell, which has no children of its own.)
      times >"$RUN_DIR/prod-ci.times"
      children=$(tail -n 1 "$RUN_DIR/prod-ci.times" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); t += a[1] * 60 + a[2] } printf "%d", t }')
      say "prod profile (CI) finished in $((SECONDS - t0))s with exit code $rc: Temporal build ${t_build}s, start ${t_start}s, check ${t_check}s, integration files ${t_tests}s; CPU: ${procs}s in Temporal, workers and APIs, ${children}s in builds, schema, seed, check and tests"
      exit $rc ;;
  *) die "usage: scripts/prod.sh build|start|stop|status|check|ci" ;;
esac
