#!/usr/bin/env bash
# scripts/restore.sh DIR: brings a backup of scripts/backup.sh back into a FRESH data folder (point
# GOVFLOW_DATA_DIR at an empty one, or move .data aside): a new PostgreSQL cluster with every database of
# the backup, and the Temporal dev server's state; then starts PostgreSQL, Redis and Temporal. Start the
# worker and the API after it (scripts/services.sh start worker api): the flows carry on from where the
# backup was taken, their timers (deadlines, reminders) firing on time or late, none lost.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
dir="${1:?usage: scripts/restore.sh BACKUP_DIR}"
[[ -f "$dir/temporal.db" && -f "$dir/manifest.txt" ]] || die "$dir is not a backup of scripts/backup.sh (no temporal.db or manifest.txt)"
[[ -e "$DATA_DIR/postgres/PG_VERSION" || -e "$DATA_DIR/temporal/temporal.db" ]] \
  && die "$DATA_DIR already holds data: restore goes into a fresh data folder (GOVFLOW_DATA_DIR=/new/folder, or move it aside)"
for port in "$PG_PORT" "$TEMPORAL_PORT"; do
  port_open "$port" && die "something already listens on port $port: stop the services of the old data folder first"
done
export PGPASSWORD="$PG_PASSWORD"
bash scripts/services.sh start postgres >/dev/null
for dump in "$dir"/*.dump; do
  db="$(basename "$dump" .dump)"
  psql -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\"" >/dev/null
  "$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$db" --no-owner --exit-on-error "$dump" || die "pg_restore of $db failed"
done
mkdir -p "$DATA_DIR/temporal"
cp "$dir/temporal.db" "$DATA_DIR/temporal/temporal.db"
for f in "$dir"/temporal.db-wal "$dir"/temporal.db-shm; do [[ -f "$f" ]] && cp "$f" "$DATA_DIR/temporal/"; done
bash scripts/services.sh start redis temporal >/dev/null
ok "restored $dir into $DATA_DIR: $(ls "$dir"/*.dump | xargs -n1 basename | sed 's/\.dump$//' | tr '\n' ' ')+ Temporal; now: scripts/services.sh start worker api"
