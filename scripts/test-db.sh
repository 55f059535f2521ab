#!/usr/bin/env bash
# Recreates the test database from the committed migrations and seeds it: every test run starts clean.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
fresh_database "${PG_DB}_test"
ok "test database ${PG_DB}_test migrated and seeded"
