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
  new)      # `migrate dev` refuses to run non-interactively; the diff between the committed migrations and
            # the schema (replayed in a throw-away shadow database) is the same migration, written as a file.
            [[ "${2:-}" =~ ^[a-z0-9_]+$ ]] || die "usage: scripts/db.sh new <migration_name in snake_case>"
            dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$2"
            sql="$(prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script 2>"$LOG_DIR/prisma-diff.log")" \
              || { cat "$LOG_DIR/prisma-diff.log" >&2; die "prisma migrate diff failed"; }
            if ! grep -qv '^--\|^$' <<<"$sql" || grep -q 'This is an empty migration' <<<"$sql"; then ok "schema and migrations agree: nothing to do"; exit 0; fi
            mkdir -p "$dir"; printf '%s\n' "$sql" >"$dir/migration.sql"
            ok "wrote $dir/migration.sql: review it, then scripts/db.sh migrate" ;;
  status)   prisma migrate status ;;
  reset)    prisma migrate reset --force --skip-seed ;;
  *) die "usage: scripts/db.sh generate|migrate|new NAME|status|reset" ;;
esac
