#!/usr/bin/env bash
# Benchmark of campaign launches (about 300 and 1,000 units) and of the progress query, against the real
# services, in a throw-away database (<db>_bench) and the in-memory Temporal used by the tests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
services_up postgres redis temporal-test
fresh_database "${PG_DB}_bench"
exec npx tsx bench/campaignLaunch.ts "$@"
