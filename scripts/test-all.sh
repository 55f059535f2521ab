#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what is missing, starts the real services (PostgreSQL,
# Redis, and a Temporal server in memory for the tests), recreates and seeds the test database, then runs
# the type check, the lint, and every jest project (unit, integration, browser end-to-end).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
t0=$(date +%s)
bash scripts/install-deps.sh
bash scripts/build-temporal.sh
bash scripts/build-temporal-test-server.sh
bash scripts/services.sh start postgres redis temporal-test
bash scripts/db.sh generate
bash scripts/test-db.sh
bash scripts/build-admin.sh
# What production runs (test/prod/builtProcesses.test.ts starts these very files).
node --import tsx scripts/build.ts >"$LOG_DIR/build.log" 2>&1 || { cat "$LOG_DIR/build.log" >&2; die "npm run build failed"; }
ok "$(tail -n 1 "$LOG_DIR/build.log")"
# One statement per check: `a && b` would let a failure pass under `set -e`.
say "Type check..."
npx tsc -p tsconfig.json --noEmit
npx tsc -p admin/tsconfig.json
ok "types (server, workflows, console)"
say "Lint..."
npx eslint .
ok "lint"
say "Tests..."
status=0
npx jest --ci "$@" || status=$?
say "test-all finished in $(( $(date +%s) - t0 ))s with exit code $status"
exit $status
