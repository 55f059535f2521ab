#!/usr/bin/env bash
# Prisma's CLI, offline: `generate` the client, `migrate` (deploy committed migrations), `new NAME` (create a
# migration from a schema change, as `migrate dev` would), `status`, `reset`. The CLI would download a Rust
# engine from its own site; pointing these two variables at any existing file makes it skip the download,
# and prisma.config.ts supplies the WASM schema engine through the pg adapter instead.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
export PRISMA_SCHEMA_ENGINE_BINARY="$GOVFLOW_ROOT/package.json"
export PRISMA_QUERY_ENGINE_LIBRARY="$GOVFLOW_ROOT/package.json"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
export DATABASE_URL="${DATABASE_URL:-$(database_url)}"
prisma() { node_modules/.bin/prisma "$@"; }

case "${1:-}" in
  generate) prisma generate >"$LOG_DIR/prisma-generate.log" 2>&1 || { cat "$LOG_DIR/prisma-generate.log" >&2; die "prisma generate failed"; }
            ok "prisma client generated" ;;
  migrate)  prisma migrate deploy >"$LOG_DIR/prisma-migrate.log" 2>&1 || { cat "$LOG_DIR/prisma-migrate.log" >&2; die "prisma migrate deploy failed ($DATABASE_URL)"; }
            ok "migrations applied to ${DATABASE_URL##*/}" ;;
  new)      [[ -n "${2:-}" ]] || die "usage: scripts/db.sh new <migration_name>"
            prisma migrate dev --name "$2" --create-only ;;
  status)   prisma migrate status ;;
  reset)    prisma migrate reset --force --skip-seed ;;
  *) die "usage: scripts/db.sh generate|migrate|new NAME|status|reset" ;;
esac
