#!/usr/bin/env bash
# Recreates the test databases from the committed migrations and seeds them: every test run starts clean.
# The integration tests use one, the browser tests another (test/support/env.ts), CI's chaos slice a third and the
# integration files run against the production profile a fourth (scripts/prod.sh ci), so scripts/test-all.sh runs
# them all at once. The others are copies of the first made by PostgreSQL (CREATE DATABASE ... TEMPLATE, about a
# second each) rather than more migrations and seeds.
#
# All commit without waiting for the disk (synchronous_commit = off, for these databases only): on a
# shared machine whose disk every other PostgreSQL also flushes to, the migrations took 40 s and the seed 39 s
# with it on, 17 s and 12 s with it off, and every test's writes wait less. An OS crash could lose the last
# commits of a database that is recreated before every run anyway; nothing can be corrupted.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
export PGPASSWORD="$PG_PASSWORD" PGOPTIONS='--client-min-messages=warning'
pg() { psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 "$@"; }
pg -c "DROP DATABASE IF EXISTS \"$PG_TEST_DB\" WITH (FORCE)" -c "CREATE DATABASE \"$PG_TEST_DB\"" \
  -c "ALTER DATABASE \"$PG_TEST_DB\" SET synchronous_commit = off" \
  || die "could not recreate the test database $PG_TEST_DB"
DATABASE_URL="$(database_url "$PG_TEST_DB")" bash scripts/db.sh migrate
DATABASE_URL="$(database_url "$PG_TEST_DB")" node --import tsx prisma/seed.ts >"$LOG_DIR/seed-test.log" 2>&1 \
  || { cat "$LOG_DIR/seed-test.log" >&2; die "seeding the test database failed"; }
ok "test database $PG_TEST_DB migrated and seeded"
# A template must have no other session while it is copied: a test run still connected is ended, as the
# DROP ... WITH (FORCE) above ends one. A copy does not take the database's settings: they are set again.
# Two more copies: the chaos slice CI runs beside the tests (scripts/chaos.sh, GOVFLOW_CHAOS_DB=copied: a migration
# and a seed of its own took 40-50 s of the slice on a loaded machine), and the integration files scripts/prod.sh ci
# runs against the production profile beside the two streams (README "Running in production").
for copy in "$PG_TEST_E2E_DB" "$PG_TEST_CHAOS_DB" "$PG_TEST_PROD_DB"; do
  pg -c "DROP DATABASE IF EXISTS \"$copy\" WITH (FORCE)" \
    -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$PG_TEST_DB' AND pid <> pg_backend_pid()" \
    -c "CREATE DATABASE \"$copy\" TEMPLATE \"$PG_TEST_DB\"" \
    -c "ALTER DATABASE \"$copy\" SET synchronous_commit = off" >/dev/null \
    || die "could not copy $PG_TEST_DB to $copy"
done
ok "test databases $PG_TEST_E2E_DB (browser tests), $PG_TEST_CHAOS_DB (chaos slice) and $PG_TEST_PROD_DB (tests on the production profile) copied from $PG_TEST_DB"
