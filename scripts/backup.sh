#!/usr/bin/env bash
# scripts/backup.sh [DIR]: a backup of everything GovFlow keeps, into DIR (default .backups/<UTC time>):
# each PostgreSQL database of the cluster (pg_dump, custom format: the task rows, audit log, outbox,
# accounts, campaigns) and the Temporal dev server's own state (its SQLite file: every flow's history,
# timers, namespaces and search attributes). Restore with scripts/restore.sh DIR into a fresh data folder.
#
# Consistency: Temporal is stopped for the copy and the dumps (a few seconds; the API answers 503
# WORKFLOW_UNAVAILABLE meanwhile, sign-in and the inbox keep working), so no flow moves between the two.
# An activity already running when Temporal stops may still write to PostgreSQL: the backup is then a
# little ahead of the flows, which the flows repair (projections are keyed upserts; a row closed by a step
# the flow did not record is reopened by the reconciler or by the clerk's retry; README, "Backup and restore").
# Redis is not backed up: it is a queue fed from the PostgreSQL outbox.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GOVFLOW_ROOT"
dir="${1:-$GOVFLOW_ROOT/.backups/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$dir"
export PGPASSWORD="$PG_PASSWORD"
temporal_db="$DATA_DIR/temporal/temporal.db"
[[ -f "$temporal_db" ]] || die "no Temporal state at $temporal_db (is this the dev server's data folder?)"
pg_up() { "$PG_BIN/pg_isready" -q -t 2 -h 127.0.0.1 -p "$PG_PORT"; }
pg_up || die "PostgreSQL is not answering on port $PG_PORT: start it (scripts/services.sh start postgres)"
# GOVFLOW_BACKUP_DATABASES (space-separated) narrows it to those databases (the chaos suite: its own).
databases="${GOVFLOW_BACKUP_DATABASES:-$(psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1")}"

t0=$(date +%s%N)
was_up=0
if port_open "$TEMPORAL_PORT"; then was_up=1; bash scripts/services.sh stop temporal >/dev/null; fi
# Whatever happens below, Temporal comes back as it was.
trap '[[ $was_up == 1 ]] && bash scripts/services.sh start temporal >/dev/null' EXIT
cp "$temporal_db" "$dir/temporal.db"
for f in "$temporal_db"-wal "$temporal_db"-shm; do [[ -f "$f" ]] && cp "$f" "$dir/$(basename "$f")"; done
for db in $databases; do
  "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -Fc -f "$dir/$db.dump" "$db" || die "pg_dump of $db failed"
done
if [[ $was_up == 1 ]]; then bash scripts/services.sh start temporal >/dev/null; fi
trap - EXIT
paused_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
{
  echo "created $(date -u +%FT%TZ)"
  echo "temporal_cli $TEMPORAL_CLI_VERSION"
  echo "postgres $("$PG_BIN/postgres" --version | awk '{print $3}')"
  echo "databases $databases" | tr '\n' ' '; echo
  echo "temporal_paused_ms $paused_ms"
} >"$dir/manifest.txt"
ok "backup in $dir ($(du -sh "$dir" | cut -f1); Temporal paused ${paused_ms} ms): $(echo $databases | tr '\n' ' ')+ Temporal"
