#!/usr/bin/env bash
# Prisma's CLI, offline: `generate` the client, `migrate` (deploy committed migrations), `new NAME` (create a
# migration from a schema change, as `migrate dev` would), `check` (the migrations and the schema agree),
# `status`, `reset`. The CLI would download a Rust engine from its own site; pointing these two variables at
# any existing file makes it skip the download, and prisma.config.ts supplies the WASM schema engine through
# the pg adapter instead.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
export PRISMA_SCHEMA_ENGINE_BINARY="$GOVFLOW_ROOT/package.json"
export PRISMA_QUERY_ENGINE_LIBRARY="$GOVFLOW_ROOT/package.json"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
export DATABASE_URL="${DATABASE_URL:-$(database_url)}"
prisma() { node_modules/.bin/prisma "$@"; }

# diff_migrations_to_schema: the SQL that would bring a database built from the committed migrations (replayed
# in a throw-away shadow database) to prisma/schema.prisma; exit code 2 when there is any, 0 when they agree.
# Triggers, functions and CHECK constraints of the migrations are not in the schema and are not compared:
# Prisma never drops what the schema cannot describe.
diff_migrations_to_schema() {
  prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script --exit-code
}

case "${1:-}" in
  generate) prisma generate >"$LOG_DIR/prisma-generate.log" 2>&1 || { cat "$LOG_DIR/prisma-generate.log" >&2; die "prisma generate failed"; }
            ok "prisma client generated" ;;
  migrate)  prisma migrate deploy >"$LOG_DIR/prisma-migrate.log" 2>&1 || { cat "$LOG_DIR/prisma-migrate.log" >&2; die "prisma migrate deploy failed ($DATABASE_URL)"; }
            ok "migrations applied to ${DATABASE_URL##*/}" ;;
  new)      # `migrate dev` refuses to run non-interactively; the diff between the committed migrations and
            # the schema is the same migration, written as a file.
            [[ "${2:-}" =~ ^[a-z0-9_]+$ ]] || die "usage: scripts/db.sh new <migration_name in snake_case>"
            dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$2"
            rc=0; sql="$(diff_migrations_to_schema 2>"$LOG_DIR/prisma-diff.log")" || rc=$?
            ((rc == 0)) && { ok "schema and migrations agree: nothing to do"; exit 0; }
            ((rc == 2)) || { cat "$LOG_DIR/prisma-diff.log" >&2; die "prisma migrate diff failed"; }
            mkdir -p "$dir"; printf '%s\n' "$sql" >"$dir/migration.sql"
            ok "wrote $dir/migration.sql: review it, then scripts/db.sh migrate" ;;
  check)    # Fails when the committed migrations do not build what prisma/schema.prisma describes (a column,
            # index, table, enum or foreign key one has and the other lacks), printing the missing SQL.
            rc=0; sql="$(diff_migrations_to_schema 2>"$LOG_DIR/prisma-check.log")" || rc=$?
            ((rc == 0)) && { ok "migrations build what prisma/schema.prisma describes"; exit 0; }
            ((rc == 2)) || { cat "$LOG_DIR/prisma-check.log" >&2; die "prisma migrate diff failed"; }
            printf '%s\n' "$sql" >&2
            die "prisma/schema.prisma and prisma/migrations disagree: the SQL above is what the migrations lack; write it with scripts/db.sh new NAME (never edit an applied migration)" ;;
  status)   prisma migrate status ;;
  reset)    prisma migrate reset --force --skip-seed ;;
  *) die "usage: scripts/db.sh generate|migrate|new NAME|check|status|reset" ;;
esac
