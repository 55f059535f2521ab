#!/usr/bin/env bash
# Benchmark of a calendar change applied to running steps (default 1,000) beside a raw Temporal baseline, against the real
# services, in a throw-away database (<db>_bench) and the in-memory Temporal used by the tests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
bash scripts/services.sh start postgres redis temporal-test >/dev/null
bash scripts/db.sh generate >/dev/null
export PGPASSWORD="$PG_PASSWORD"
db="${PG_DB}_bench"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\"" || die "could not recreate $db"
export DATABASE_URL="$(database_url "$db")"
bash scripts/db.sh migrate >/dev/null
node --import tsx prisma/seed.ts >"$LOG_DIR/seed-bench.log" 2>&1 || { cat "$LOG_DIR/seed-bench.log" >&2; die "seeding $db failed"; }
exec npx tsx bench/calendarChange.ts "$@"
