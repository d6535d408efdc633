#!/usr/bin/env bash
# Dovira's nightly backup: one pg_dump archive (custom format, compressed) of the database in
# DATABASE_URL, written whole or not at all, checked readable, with its SHA-256 beside it; then
# archives older than DOVIRA_BACKUP_KEEP_DAYS are deleted. Prints the archive's path.
#
#   deploy/backup.sh [FOLDER]
#
#   DATABASE_URL             the database, as Dovira's own setting (postgres://user:password@host/db)
#   DOVIRA_BACKUP_DIR        where archives go when no FOLDER is given (default /var/backups/dovira)
#   DOVIRA_BACKUP_KEEP_DAYS  delete archives older than this many days after a good backup (default 14; 0 keeps all)
#   DOVIRA_BACKUP_TEXTFILE_DIR  when set, node_exporter's textfile folder: the time of the last good
#                            backup is written there as dovira_backup_last_success_timestamp_seconds
#   PG_BIN                   the folder of pg_dump and pg_restore (default: the newest /usr/lib/postgresql/*/bin)
#
# dovira-backup.timer runs it every night with /etc/dovira/dovira.env. The archive holds personal
# data: it is readable by its owner only; copy it off the machine (and keep that copy as safe).
# Restore with deploy/restore.sh.
set -euo pipefail
umask 077

fail() { echo "backup.sh: $*" >&2; exit 1; }

[ -n "${DATABASE_URL:-}" ] || fail "DATABASE_URL не задано. Вбудовану базу PGlite копіюють інакше: зупиніть Dovira і скопіюйте теку DOVIRA_DATA_DIR."

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local dir
  # The newest client reads every older server; an older pg_dump refuses a newer server.
  dir="$(for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_dump" ] && echo "$d"; done | sort -V | tail -n 1)"
  if [ -n "$dir" ]; then echo "$dir"; return; fi
  command -v pg_dump >/dev/null 2>&1 && dirname "$(command -v pg_dump)"
}
bin="$(pg_bin)"
[ -n "$bin" ] && [ -x "$bin/pg_dump" ] || fail "pg_dump не знайдено (apt-get install postgresql-client або задайте PG_BIN)"

# The password goes to libpq through PGPASSWORD, never on the command line, where every user of
# the machine could read it in the process list.
url="$DATABASE_URL"
if [[ "$url" =~ ^(postgres(ql)?://[^:@/]*):([^@/]*)@(.*)$ ]]; then
  encoded="${BASH_REMATCH[3]//\\/\\\\}"
  PGPASSWORD="$(printf '%b' "${encoded//%/\\x}")"
  export PGPASSWORD
  url="${BASH_REMATCH[1]}@${BASH_REMATCH[4]}"
fi

dir="${1:-${DOVIRA_BACKUP_DIR:-/var/backups/dovira}}"
keep_days="${DOVIRA_BACKUP_KEEP_DAYS:-14}"
[[ "$keep_days" =~ ^[0-9]+$ ]] || fail "DOVIRA_BACKUP_KEEP_DAYS=\"$keep_days\" має бути цілим числом днів (0 — зберігати всі)"
mkdir -p "$dir"

archive="$dir/dovira-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$archive.partial"
trap 'rm -f "$partial"' EXIT

# One consistent snapshot of the whole database, taken while Dovira keeps working.
"$bin/pg_dump" --format=custom --no-password --file="$partial" --dbname="$url"
# An archive pg_restore cannot read is no backup.
"$bin/pg_restore" --list "$partial" >/dev/null || fail "архів $partial не читається"
(cd "$dir" && sha256sum "$(basename "$partial")" | sed 's/\.partial$//' >"$(basename "$archive").sha256")
mv "$partial" "$archive"
trap - EXIT

if [ "$keep_days" -gt 0 ]; then
  find "$dir" -maxdepth 1 -type f \( -name 'dovira-*.dump' -o -name 'dovira-*.dump.sha256' \) -mtime "+$keep_days" -delete
fi

if [ -n "${DOVIRA_BACKUP_TEXTFILE_DIR:-}" ]; then
  metrics="$DOVIRA_BACKUP_TEXTFILE_DIR/dovira_backup.prom"
  {
    echo '# HELP dovira_backup_last_success_timestamp_seconds When deploy/backup.sh last wrote a good archive (Unix time)'
    echo '# TYPE dovira_backup_last_success_timestamp_seconds gauge'
    echo "dovira_backup_last_success_timestamp_seconds $(date +%s)"
    echo '# HELP dovira_backup_last_size_bytes Size of the last archive'
    echo '# TYPE dovira_backup_last_size_bytes gauge'
    echo "dovira_backup_last_size_bytes $(stat -c %s "$archive")"
  } >"$metrics.partial"
  chmod 0644 "$metrics.partial"
  mv "$metrics.partial" "$metrics"
fi

echo "$archive"
