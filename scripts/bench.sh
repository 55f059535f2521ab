#!/usr/bin/env bash
# `npm run bench`: GovFlow beside a raw Temporal baseline on the same services (bench/throughput.ts says
# what it measures). Starts PostgreSQL, Redis and the Temporal dev server when they are down, recreates a
# throw-away database (<db>_bench) and uses a Temporal namespace of its own for each run (deleted after),
# so the demo's data and flows are never touched. BENCH_QUICK=1 for a 3-5 minute run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
bash scripts/services.sh start postgres redis temporal >/dev/null
bash scripts/db.sh generate >/dev/null
export PGPASSWORD="$PG_PASSWORD"
db="${PG_DB}_bench"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\"" || die "could not recreate $db"
export DATABASE_URL="$(database_url "$db")"
bash scripts/db.sh migrate >/dev/null
node --import tsx prisma/seed.ts >"$LOG_DIR/seed-bench.log" 2>&1 || { cat "$LOG_DIR/seed-bench.log" >&2; die "seeding $db failed"; }
namespace="govflow-bench-$(date +%s)"
"$TEMPORAL_BIN" operator namespace create --namespace "$namespace" --address "127.0.0.1:$TEMPORAL_PORT" --retention 24h >/dev/null \
  || die "could not create the Temporal namespace $namespace"
export TEMPORAL_NAMESPACE="$namespace" TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export GOVFLOW_API_PORT="$API_PORT" GOVFLOW_LOG_DIR="$LOG_DIR" BENCH_PG_LOG="$LOG_DIR/postgres.log"
rc=0
node --import tsx bench/throughput.ts "$@" || rc=$?
# The run's flows go with their namespace (the server deletes them in the background).
"$TEMPORAL_BIN" operator namespace delete --namespace "$namespace" --address "127.0.0.1:$TEMPORAL_PORT" --yes >/dev/null 2>&1 || true
exit $rc
