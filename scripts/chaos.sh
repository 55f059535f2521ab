#!/usr/bin/env bash
# `npm run chaos`: faults and hostile input on the real stack (bench/chaos/run.ts says what is injected and
# checked). Starts PostgreSQL, Redis and the Temporal dev server when they are down, recreates a throw-away
# database (<db>_chaos), gives the run a Temporal namespace of its own (deleted after), prebuilds the
# workflow bundle (a restarted worker polls in a second or two), and runs the driver, which starts and kills
# GovFlow's workers and API itself and stops and starts PostgreSQL, Redis and Temporal through
# scripts/services.sh. CHAOS_SIZE=ci is the scaled run scripts/test-all.sh makes.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
services_up postgres redis temporal
npx tsx scripts/build-workflows.ts >"$LOG_DIR/chaos-build-workflows.log" 2>&1 || { cat "$LOG_DIR/chaos-build-workflows.log" >&2; die "bundling the workflows failed"; }
fresh_database "${PG_DB}_chaos"
own_namespace govflow-chaos
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export GOVFLOW_API_PORT="$API_PORT" GOVFLOW_LOG_DIR="$LOG_DIR"
rc=0
node --import tsx bench/chaos/run.ts "$@" || rc=$?
# Whatever the driver stopped comes back up for whoever uses the services next.
bash scripts/services.sh start postgres redis temporal >/dev/null || rc=1
drop_namespace
exit $rc
