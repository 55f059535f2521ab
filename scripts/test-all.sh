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
# The chaos suite, scaled: real worker and API processes killed, PostgreSQL, Redis and the Temporal dev
# server stopped and started (after jest: the suite's own services must not restart under other tests).
# Opt-in (GOVFLOW_CHAOS=1) until it fits the 15-minute budget: 6+ minutes on a loaded 2-core machine, and it
# fails while flows can be left stuck after a workflow task timeout (README, "Faults and hostile input").
if [[ $# -eq 0 && "${GOVFLOW_CHAOS:-}" == "1" ]]; then
  say "Chaos (scaled)..."
  npm run --silent chaos:ci || status=$?
fi
say "test-all finished in $(( $(date +%s) - t0 ))s with exit code $status"
exit $status
