#!/usr/bin/env bash
# `npm run chaos`: faults and hostile input on the real stack (bench/chaos/run.ts says what is injected and
# checked). Starts PostgreSQL, Redis and the Temporal dev server when they are down, recreates a throw-away
# database (<db>_chaos), gives the run a Temporal namespace of its own (deleted after), prebuilds the
# workflow bundle (a restarted worker polls in a second or two), and runs the driver, which starts and kills
# GovFlow's workers and API itself and stops and starts PostgreSQL, Redis and Temporal through
# scripts/services.sh. CHAOS_SIZE=ci is every scenario scaled down (npm run chaos:ci).
#
# CHAOS_SIZE=slice (npm run chaos:slice) is what scripts/test-all.sh runs by default, beside the jest streams
# and the production profile: it stops no service (the tests share them), runs on the browser stream's
# in-memory Temporal server in a namespace of its own (the profile holds the Temporal port), takes an API port
# of its own (the profile's two APIs hold API_PORT and API_PORT+1), and starts the processes scripts/build.ts
# built (dist/), as production does.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
size="${CHAOS_SIZE:-full}"
if [[ "$size" == slice ]]; then
  # Started already in CI; no Prisma generate here (the jest streams beside it load the client).
  bash scripts/services.sh start postgres redis temporal-test >/dev/null
  [[ -f dist/worker.js && -f dist/server.js && -f dist/workflow-bundle.js ]] \
    || node --import tsx scripts/build.ts >"$LOG_DIR/chaos-build.log" 2>&1 || { cat "$LOG_DIR/chaos-build.log" >&2; die "the production build failed"; }
  TEMPORAL_PORT="$TEMPORAL_TEST_E2E_PORT"
  export GOVFLOW_CHAOS_BUILT=1 GOVFLOW_API_PORT="${GOVFLOW_CHAOS_API_PORT:-$((API_PORT + 2))}"
else
  services_up postgres redis temporal
  npx tsx scripts/build-workflows.ts >"$LOG_DIR/chaos-build-workflows.log" 2>&1 || { cat "$LOG_DIR/chaos-build-workflows.log" >&2; die "bundling the workflows failed"; }
  export GOVFLOW_API_PORT="$API_PORT"
fi
if [[ "${GOVFLOW_CHAOS_DB:-}" == copied ]]; then
  # scripts/test-all.sh: the copy scripts/test-db.sh made of the freshly seeded test database just before.
  DATABASE_URL="$(database_url "$PG_TEST_CHAOS_DB")"; export DATABASE_URL
else
  fresh_database "${PG_DB}_chaos"
fi
own_namespace govflow-chaos
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export GOVFLOW_LOG_DIR="$LOG_DIR"
rc=0
node --import tsx bench/chaos/run.ts "$@" || rc=$?
# Whatever the driver stopped comes back up for whoever uses the services next (the slice stops none).
[[ "$size" == slice ]] || bash scripts/services.sh start postgres redis temporal >/dev/null || rc=1
drop_namespace
exit $rc
