#!/usr/bin/env bash
# What `scripts/prod.sh ci` costs the test streams it runs beside in CI (README "Running in production"): a few
# integration files of the suite's own stream alone, then beside `prod.sh ci`, then alone again, each on fresh
# test databases (scripts/test-db.sh), with the load average at each end. Not while the suite runs: it recreates
# the test databases. Files: BESIDE_FILES (default: five files of about a minute together).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$GOVFLOW_ROOT"
FILES="${BESIDE_FILES:-test/server/refusals.test.ts test/server/taskCounts.test.ts test/server/notifications.test.ts test/server/attachments.test.ts test/server/taskConsoleApi.test.ts}"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
run_files() {
  local s=$SECONDS rc=0
  # shellcheck disable=SC2086 # a list of paths
  npx jest --ci $FILES --selectProjects integration >"$LOG_DIR/bench-beside-$1.log" 2>&1 || rc=$?
  say "$1: integration files ${FILES// /, } took $((SECONDS - s)) s (exit $rc), load $(loadavg)"
}
bash scripts/test-db.sh >/dev/null
say "alone: load $(loadavg)"; run_files alone
bash scripts/test-db.sh >/dev/null
say "beside prod.sh ci: load $(loadavg)"
s=$SECONDS
(rc=0; bash scripts/prod.sh ci >"$LOG_DIR/bench-beside-prod-ci.log" 2>&1 || rc=$?
 say "prod.sh ci took $((SECONDS - s)) s (exit $rc), load $(loadavg): $(tail -n 1 "$LOG_DIR/bench-beside-prod-ci.log")") &
run_files beside
wait
bash scripts/test-db.sh >/dev/null
say "alone again: load $(loadavg)"; run_files alone-again
