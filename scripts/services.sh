#!/usr/bin/env bash
# start | stop | status for GovFlow's local services: PostgreSQL, Redis, the Temporal dev server (with its
# Web UI), and GovFlow's own worker and API. Safe to run twice: a running service is left alone, a stopped
# one stays stopped. Usage: scripts/services.sh start|stop|restart|status [postgres|redis|temporal|temporal-test|worker|api ...]
# `restart NAME` stops and starts one service (the chaos suite restarts PostgreSQL and Temporal mid-run).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_DATA="$DATA_DIR/postgres"
PG_LOG="$LOG_DIR/postgres.log"
REDIS_DATA="$DATA_DIR/redis"
REDIS_LOG="$LOG_DIR/redis.log"
TEMPORAL_DATA="$DATA_DIR/temporal"
TEMPORAL_LOG="$LOG_DIR/temporal.log"

# --- PostgreSQL -------------------------------------------------------------------------------------
pg_ready() { as_pg_user "$PG_BIN/pg_isready" -q -t 2 -h 127.0.0.1 -p "$PG_PORT"; }
postgres_status() {
  if pg_ready; then ok "postgres  up    127.0.0.1:$PG_PORT  data $PG_DATA  log $PG_LOG"; return 0; fi
  bad "postgres  down  (port $PG_PORT, log $PG_LOG)"; return 1
}
postgres_start() {
  [[ -x "$PG_BIN/pg_ctl" ]] || die "PostgreSQL 15 is not installed ($PG_BIN/pg_ctl missing); run scripts/install-deps.sh"
  if pg_ready; then ok "postgres  already up on 127.0.0.1:$PG_PORT"; return 0; fi
  touch "$PG_LOG"
  if [[ "$(id -u)" == "0" ]]; then chown postgres "$PG_LOG"; fi
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    mkdir -p "$PG_DATA"
    [[ "$(id -u)" == "0" ]] && chown postgres "$PG_DATA"
    chmod 700 "$PG_DATA"
    local pwfile; pwfile="$(mktemp)"; echo "$PG_PASSWORD" > "$pwfile"; chmod 644 "$pwfile"
    as_pg_user "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" --auth=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >>"$PG_LOG" 2>&1 || { rm -f "$pwfile"; tail -n 20 "$PG_LOG" >&2; die "initdb failed"; }
    rm -f "$pwfile"
  fi
  # TCP on loopback only and no unix socket: nothing else on the machine is touched.
  as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 30 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=on" \
    start >/dev/null 2>&1 || true
  wait_for postgres 30 "$PG_LOG" pg_ready || return 1
  local db
  for db in "$PG_DB" "$PG_TEST_DB"; do
    if ! PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
    fi
  done
  ok "postgres  started on 127.0.0.1:$PG_PORT"
}
postgres_stop() {
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then
    as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  ok "postgres  stopped"
}

# --- Redis ------------------------------------------------------------------------------------------
# Bounded: something else answering on the port must not hang the check.
redis_ready() { [[ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]; }
redis_status() {
  if redis_ready; then ok "redis     up    127.0.0.1:$REDIS_PORT  data $REDIS_DATA  log $REDIS_LOG"; return 0; fi
  bad "redis     down  (port $REDIS_PORT, log $REDIS_LOG)"; return 1
}
redis_start() {
  command -v redis-server >/dev/null || die "redis-server is not installed; run scripts/install-deps.sh"
  if redis_ready; then ok "redis     already up on 127.0.0.1:$REDIS_PORT"; return 0; fi
  mkdir -p "$REDIS_DATA"; : >>"$REDIS_LOG"
  # Append-only file: queued notifications survive a Redis restart (PostgreSQL is still the source of truth).
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DATA" --daemonize yes \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$REDIS_LOG" --appendonly yes --save "60 1" \
    --maxmemory-policy noeviction >/dev/null 2>&1 || true
  wait_for redis 15 "$REDIS_LOG" redis_ready || return 1
  ok "redis     started on 127.0.0.1:$REDIS_PORT"
}
redis_stop() {
  if redis_ready; then redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true; fi
  local i; for ((i = 0; i < 40; i++)); do redis_ready || break; sleep 0.25; done
  ok "redis     stopped"
}

# --- Temporal dev server ----------------------------------------------------------------------------
temporal_ready() { port_open "$TEMPORAL_PORT" && timeout 5 "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1; }
temporal_status() {
  if temporal_ready; then
    ok "temporal  up    127.0.0.1:$TEMPORAL_PORT  web UI http://127.0.0.1:$TEMPORAL_UI_PORT  db $TEMPORAL_DATA/temporal.db  log $TEMPORAL_LOG"; return 0
  fi
  bad "temporal  down  (port $TEMPORAL_PORT, log $TEMPORAL_LOG)"; return 1
}
# SQLite pragmas of the dev server's database file. Its defaults (rollback journal, a full sync on every
# commit) make each workflow or activity transition wait for the disk; WAL with normal sync does not, and
# a crash of the machine loses at most the last commits of a throw-away dev history.
# GOVFLOW_TEMPORAL_SQLITE_PRAGMAS="journal_mode=delete synchronous=full" gives SQLite's defaults back.
TEMPORAL_SQLITE_PRAGMAS="${GOVFLOW_TEMPORAL_SQLITE_PRAGMAS-journal_mode=wal synchronous=normal}"
temporal_start() {
  if temporal_ready; then ok "temporal  already up on 127.0.0.1:$TEMPORAL_PORT"; return 0; fi
  local pragmas=() p
  for p in $TEMPORAL_SQLITE_PRAGMAS; do pragmas+=(--sqlite-pragma "$p"); done
  [[ -x "$TEMPORAL_BIN" ]] || bash "$GOVFLOW_ROOT/scripts/build-temporal.sh"
  mkdir -p "$TEMPORAL_DATA"; : >>"$TEMPORAL_LOG"
  # The SQLite file keeps workflows across restarts. Search attributes are registered on every start
  # (idempotent) so that campaign queries work on a fresh database too.
  nohup "$TEMPORAL_BIN" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$TEMPORAL_DATA/temporal.db" "${pragmas[@]}" --namespace default --log-level warn \
    --search-attribute GovFlowCampaignId=Keyword --search-attribute GovFlowUnitCode=Keyword \
    --search-attribute GovFlowFlow=Keyword \
    >>"$TEMPORAL_LOG" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/temporal.pid"
  wait_for temporal 60 "$TEMPORAL_LOG" temporal_ready || return 1
  ok "temporal  started on 127.0.0.1:$TEMPORAL_PORT (web UI http://127.0.0.1:$TEMPORAL_UI_PORT)"
}
temporal_stop() {
  if pid_alive "$RUN_DIR/temporal.pid"; then
    kill "$(cat "$RUN_DIR/temporal.pid")" 2>/dev/null || true
    local i; for ((i = 0; i < 60; i++)); do pid_alive "$RUN_DIR/temporal.pid" || break; sleep 0.25; done
    pid_alive "$RUN_DIR/temporal.pid" && kill -9 "$(cat "$RUN_DIR/temporal.pid")" 2>/dev/null || true
  fi
  rm -f "$RUN_DIR/temporal.pid"
  ok "temporal  stopped"
}

# --- Temporal for the test suite: in memory, headless, on ports of its own -------------------------
# Every test run starts from an empty history and never touches the demo's workflows. Two servers: the
# integration tests use one and the browser tests the other, so scripts/test-all.sh runs the two streams side
# by side without either seeing the other's workflows (test/support/env.ts picks the stream's server).
# `temporal-test` starts, stops and reports both.
TEMPORAL_TEST_STREAMS=(integration e2e)
# tt_port STREAM / tt_name STREAM / tt_log STREAM: the stream's port, the name its pid file and messages use, its log.
tt_port() { if [[ "$1" == e2e ]]; then echo "$TEMPORAL_TEST_E2E_PORT"; else echo "$TEMPORAL_TEST_PORT"; fi; }
tt_name() { if [[ "$1" == e2e ]]; then echo temporal-test-e2e; else echo temporal-test; fi; }
tt_log() { echo "$LOG_DIR/$(tt_name "$1").log"; }
tt_ready() { local port; port="$(tt_port "$1")"; port_open "$port" && timeout 5 "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1; }
temporal_test_status() {
  local s rc=0
  for s in "${TEMPORAL_TEST_STREAMS[@]}"; do
    if tt_ready "$s"; then ok "$(tt_name "$s") up 127.0.0.1:$(tt_port "$s") (in memory, $s tests)  log $(tt_log "$s")"
    else bad "$(tt_name "$s") down (port $(tt_port "$s"), log $(tt_log "$s"))"; rc=1; fi
  done
  return $rc
}
tt_start() {
  local s="$1" name port log
  name="$(tt_name "$s")"; port="$(tt_port "$s")"; log="$(tt_log "$s")"
  if tt_ready "$s"; then ok "$name already up on 127.0.0.1:$port"; return 0; fi
  : >"$log"
  nohup "$TEMPORAL_BIN" server start-dev --ip 127.0.0.1 --port "$port" --headless \
    --namespace default --log-level warn \
    --search-attribute GovFlowCampaignId=Keyword --search-attribute GovFlowUnitCode=Keyword \
    --search-attribute GovFlowFlow=Keyword \
    >>"$log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}
temporal_test_start() {
  [[ -x "$TEMPORAL_BIN" ]] || bash "$GOVFLOW_ROOT/scripts/build-temporal.sh"
  local s
  # Both start at once, then each is waited for: the second server's start overlaps the first's.
  for s in "${TEMPORAL_TEST_STREAMS[@]}"; do tt_start "$s"; done
  for s in "${TEMPORAL_TEST_STREAMS[@]}"; do
    wait_for "$(tt_name "$s")" 60 "$(tt_log "$s")" tt_ready "$s" || return 1
  done
  ok "temporal-test started on 127.0.0.1:$TEMPORAL_TEST_PORT and 127.0.0.1:$TEMPORAL_TEST_E2E_PORT (in memory)"
}
temporal_test_stop() {
  local s pidfile
  for s in "${TEMPORAL_TEST_STREAMS[@]}"; do
    pidfile="$RUN_DIR/$(tt_name "$s").pid"
    if pid_alive "$pidfile"; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      local i; for ((i = 0; i < 60; i++)); do pid_alive "$pidfile" || break; sleep 0.25; done
      pid_alive "$pidfile" && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
  ok "temporal-test stopped"
}

# --- GovFlow worker and API (node processes) ------------------------------------------------------
app_env() {
  export DATABASE_URL="${DATABASE_URL:-$(database_url)}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
  export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}"
  export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
  export TEMPORAL_UI_URL="${TEMPORAL_UI_URL:-http://127.0.0.1:$TEMPORAL_UI_PORT}"
  export PORT="${PORT:-$API_PORT}"
  export NODE_ENV="${NODE_ENV:-production}"
}
worker_ready() { pid_alive "$RUN_DIR/worker.pid" && grep -q '"msg":"worker running"' "$LOG_DIR/worker.log" 2>/dev/null; }
api_ready() { port_open "$API_PORT" && curl -fsS -m 3 "http://127.0.0.1:$API_PORT/api/health" >/dev/null 2>&1; }
worker_status() {
  if worker_ready; then ok "worker    up    pid $(cat "$RUN_DIR/worker.pid")  log $LOG_DIR/worker.log"; return 0; fi
  bad "worker    down  (log $LOG_DIR/worker.log)"; return 1
}
api_status() {
  if api_ready; then ok "api       up    http://127.0.0.1:$API_PORT  log $LOG_DIR/api.log"; return 0; fi
  bad "api       down  (port $API_PORT, log $LOG_DIR/api.log)"; return 1
}
# The API and the worker run from `npm run build` (dist/server.js, dist/worker.js, dist/workflow-bundle.js)
# with plain node, as in production; the build is redone first when a source file is newer than it.
ensure_build() {
  local stale
  if [[ -f "$GOVFLOW_ROOT/dist/server.js" && -f "$GOVFLOW_ROOT/dist/worker.js" && -f "$GOVFLOW_ROOT/dist/workflow-bundle.js" ]]; then
    stale="$(cd "$GOVFLOW_ROOT" && find server worker activities domain workflows prisma/generated -name '*.ts' -newer dist/server.js -print -quit 2>/dev/null)"
    [[ -z "$stale" ]] && return 0
  fi
  say "Building the API and the worker (npm run build)..."
  (cd "$GOVFLOW_ROOT" && node --import tsx scripts/build.ts >"$LOG_DIR/build.log" 2>&1) || { cat "$LOG_DIR/build.log" >&2; die "npm run build failed"; }
  ok "$(tail -n 1 "$LOG_DIR/build.log")"
}
node_start() {
  local name="$1" entry="$2" ready="$3"
  if "$ready"; then ok "$name already up"; return 0; fi
  app_env
  ensure_build
  : >"$LOG_DIR/$name.log"
  # `exec` so the pid file holds node's own pid and no shell lingers holding the caller's stdout open.
  # MALLOC_ARENA_MAX=2: fewer glibc malloc arenas for the native threads (README, Benchmarks: about 90 MB of worker RSS).
  local opts=(--enable-source-maps)
  [[ "$entry" == dist/worker.js ]] && opts=("${WORKER_NODE_OPTIONS[@]}")
  (cd "$GOVFLOW_ROOT" || exit 1; MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec nohup node "${opts[@]}" "$entry" >>"$LOG_DIR/$name.log" 2>&1 </dev/null) &
  echo $! >"$RUN_DIR/$name.pid"
  wait_for "$name" 90 "$LOG_DIR/$name.log" "$ready" || return 1
  ok "$name started"
}
node_stop() {
  local name="$1"
  if pid_alive "$RUN_DIR/$name.pid"; then
    kill "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null || true
    # SIGTERM drains (API_SHUTDOWN_TIMEOUT, WORKER_SHUTDOWN_GRACE: 30 s each): wait past that before kill -9.
    local i; for ((i = 0; i < 160; i++)); do pid_alive "$RUN_DIR/$name.pid" || break; sleep 0.25; done
    pid_alive "$RUN_DIR/$name.pid" && kill -9 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null || true
  fi
  rm -f "$RUN_DIR/$name.pid"
  ok "$name stopped"
}
worker_start() { node_start worker dist/worker.js worker_ready; }
worker_stop() { node_stop worker; }
api_start() { node_start api dist/server.js api_ready; }
api_stop() { node_stop api; }

# --- dispatch ---------------------------------------------------------------------------------------
action="${1:-status}"; shift || true
services=("$@")
if [[ ${#services[@]} -eq 0 ]]; then
  case "$action" in
    stop) services=(api worker temporal-test temporal redis postgres) ;;
    *) services=(postgres redis temporal worker api) ;;
  esac
fi
rc=0
case "$action" in
  start)  for s in "${services[@]}"; do "${s//-/_}_start" || { rc=1; break; }; done ;;
  stop)   for s in "${services[@]}"; do "${s//-/_}_stop" || rc=1; done ;;
  restart) for s in "${services[@]}"; do "${s//-/_}_stop" || rc=1; "${s//-/_}_start" || { rc=1; break; }; done ;;
  status) for s in "${services[@]}"; do "${s//-/_}_status" || rc=1; done ;;
  *) die "usage: scripts/services.sh start|stop|restart|status [postgres|redis|temporal|temporal-test|worker|api ...]" ;;
esac
exit $rc
