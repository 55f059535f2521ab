#!/usr/bin/env bash
# `npm run bench:scenarios`: the full-size scenarios against the real services (started if needed) and a
# freshly seeded test database, as CI runs the scaled ones: a campaign of at least 300 units and 644 websites
# consolidated into 78, each driven to its end through the API, every end state asserted. Each prints its
# time; a name filter runs one (`npm run bench:scenarios -- website`).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$GOVFLOW_ROOT"
bash scripts/services.sh start postgres redis temporal-test
bash scripts/db.sh generate
bash scripts/test-db.sh
t0=$(date +%s)
status=0
npx jest --ci --config bench/scenarios.jest.config.js --verbose "$@" || status=$?
say "bench:scenarios finished in $(( $(date +%s) - t0 ))s with exit code $status (load: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
