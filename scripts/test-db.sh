#!/usr/bin/env bash
# Recreates the test database from the committed migrations and seeds it: every test run starts clean.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
export PGPASSWORD="$PG_PASSWORD"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -c "DROP DATABASE IF EXISTS \"${PG_DB}_test\" WITH (FORCE)" -c "CREATE DATABASE \"${PG_DB}_test\"" \
  || die "could not recreate the test database ${PG_DB}_test"
DATABASE_URL="$(database_url "${PG_DB}_test")" bash scripts/db.sh migrate
DATABASE_URL="$(database_url "${PG_DB}_test")" node --import tsx prisma/seed.ts >"$LOG_DIR/seed-test.log" 2>&1 \
  || { cat "$LOG_DIR/seed-test.log" >&2; die "seeding the test database failed"; }
ok "test database ${PG_DB}_test migrated and seeded"
