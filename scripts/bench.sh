#!/usr/bin/env bash
# `npm run bench`: GovFlow beside a raw Temporal baseline on the same services (bench/throughput.ts says
# what it measures). Starts PostgreSQL, Redis and the Temporal dev server when they are down, recreates a
# throw-away database (<db>_bench) and uses a Temporal namespace of its own for each run (deleted after),
# so the demo's data and flows are never touched. BENCH_QUICK=1 for a 3-5 minute run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
services_up postgres redis temporal
fresh_database "${PG_DB}_bench"
own_namespace govflow-bench
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export GOVFLOW_API_PORT="$API_PORT" GOVFLOW_LOG_DIR="$LOG_DIR" BENCH_PG_LOG="$LOG_DIR/postgres.log"
# glibc's malloc gives each thread of a process an arena of its own (up to 8 per core): the worker's Temporal core,
# V8 and libuv threads kept about 90 MB more RSS that way (MALLOC_ARENA_MAX=2 in production too: Dockerfile,
# scripts/services.sh, scripts/prod.sh). Every process of the run, GovFlow's and the raw baseline's, gets it.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# The worker and the API run from the build (dist/worker.js, dist/server.js), as production runs them.
npm run --silent build || die "npm run build failed"
rc=0
node --import tsx bench/throughput.ts "$@" || rc=$?
drop_namespace
exit $rc
