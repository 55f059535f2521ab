#!/usr/bin/env bash
# One command from a fresh clone to a running GovFlow: installs what is missing, builds the Temporal
# server once, starts PostgreSQL, Redis and Temporal, migrates and seeds the demo database, builds the
# console and starts the worker and the API. Safe to run again: what is done is skipped, what runs stays.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
export DATABASE_URL="${DATABASE_URL:-$(database_url)}"
t0=$(date +%s)
say "GovFlow: setting up in $GOVFLOW_ROOT"
bash scripts/install-deps.sh
bash scripts/build-temporal.sh
bash scripts/services.sh start postgres redis temporal
bash scripts/db.sh generate
bash scripts/db.sh migrate
node --import tsx prisma/seed.ts >"$LOG_DIR/seed.log" 2>&1 || { cat "$LOG_DIR/seed.log" >&2; die "seeding the demo database failed"; }
ok "demo data seeded ($(grep -m1 'org units' "$LOG_DIR/seed.log"))"
bash scripts/build-admin.sh
# The API and worker run compiled (dist/server.js, dist/worker.js) with the workflow code bundled once.
node --import tsx scripts/build.ts >"$LOG_DIR/build.log" 2>&1 || { cat "$LOG_DIR/build.log" >&2; die "npm run build failed"; }
ok "$(tail -n 1 "$LOG_DIR/build.log")"
bash scripts/services.sh start worker api
TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" node --import tsx scripts/demo-flows.ts >"$LOG_DIR/demo-flows.log" 2>&1 \
  || { cat "$LOG_DIR/demo-flows.log" >&2; die "starting the demo flows failed"; }
ok "$(cat "$LOG_DIR/demo-flows.log")"
cat <<EOT

GovFlow is running ($(( $(date +%s) - t0 ))s).
  Console          http://127.0.0.1:$API_PORT/
  API              http://127.0.0.1:$API_PORT/api/health
  Temporal Web UI  http://127.0.0.1:$TEMPORAL_UI_PORT/
  Logs             $LOG_DIR/   (scripts/services.sh status | stop)

Demo logins (password: GovFlow#2026)
  admin          系统管理员 · 北京市人民政府办公厅
  supervisor     全市督办 · 北京市人民政府办公厅
  dc-supervisor  东城区督办 · 东城区人民政府办公室
  city-verifier  全市核查经办人 · 北京市人民政府办公厅
  dc-reviewer    区级汇总经办人 · 东城区人民政府办公室
  fgw-clerk      经办人 · 北京市发展和改革委员会      fgw-head     主要负责同志
  street-clerk   经办人 · 东城区东华门街道              street-head  主要负责同志
  Every other unit has <code>-clerk and <code>-head, e.g. bj-q05-s03-clerk.
EOT
