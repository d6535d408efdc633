#!/usr/bin/env bash
# Restores an archive of deploy/backup.sh into a fresh database, then says how to start Dovira on it.
#
#   deploy/restore.sh ARCHIVE TARGET_DATABASE_URL
#
# TARGET_DATABASE_URL names the new database with the user Dovira connects as, e.g.
# postgres://dovira:PASSWORD@127.0.0.1:5432/dovira_restored. That database must be empty or not
# exist yet: it is then created (the user needs CREATEDB; otherwise create it first with
# `sudo -u postgres createdb --owner dovira dovira_restored`). A database that holds any table is
# never touched. Everything restored belongs to that user, whoever owned it in the archive.
# The restore is one transaction: it succeeds whole or leaves the database empty.
#
#   PG_BIN   the folder of pg_restore and psql (default: the newest /usr/lib/postgresql/*/bin)
set -euo pipefail

fail() { echo "restore.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || fail "використання: deploy/restore.sh АРХІВ postgres://КОРИСТУВАЧ:ПАРОЛЬ@ВУЗОЛ:ПОРТ/НОВА_БАЗА"
archive="$1"
url="$2"
[ -f "$archive" ] || fail "архіву $archive немає"

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local dir
  dir="$(for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_restore" ] && echo "$d"; done | sort -V | tail -n 1)"
  if [ -n "$dir" ]; then echo "$dir"; return; fi
  command -v pg_restore >/dev/null 2>&1 && dirname "$(command -v pg_restore)"
}
bin="$(pg_bin)"
[ -n "$bin" ] && [ -x "$bin/pg_restore" ] && [ -x "$bin/psql" ] || fail "pg_restore і psql не знайдено (apt-get install postgresql-client або задайте PG_BIN)"

# The checksum backup.sh wrote beside the archive, when it is there: a copy damaged on its way
# off the machine is refused before anything is written.
if [ -f "$archive.sha256" ]; then
  (cd "$(dirname "$archive")" && sha256sum --check --status "$(basename "$archive").sha256") || fail "контрольна сума $archive не збігається: архів пошкоджено"
fi
"$bin/pg_restore" --list "$archive" >/dev/null 2>&1 || fail "$archive не є архівом pg_dump (-Fc)"

# The password goes to libpq through PGPASSWORD, never on the command line.
if [[ "$url" =~ ^(postgres(ql)?://[^:@/]*):([^@/]*)@(.*)$ ]]; then
  encoded="${BASH_REMATCH[3]//\\/\\\\}"
  PGPASSWORD="$(printf '%b' "${encoded//%/\\x}")"
  export PGPASSWORD
  url="${BASH_REMATCH[1]}@${BASH_REMATCH[4]}"
fi
[[ "$url" =~ ^(postgres(ql)?://[^/]*)/([A-Za-z_][A-Za-z0-9_]*)(\?.*)?$ ]] || fail "в адресі має бути назва нової бази: латинські літери, цифри та _, напр. .../dovira_restored"
server="${BASH_REMATCH[1]}"
name="${BASH_REMATCH[3]}"
query="${BASH_REMATCH[4]}"

psql_at() { "$bin/psql" --no-psqlrc --no-password --quiet --tuples-only --no-align --set ON_ERROR_STOP=1 --dbname="$1" "${@:2}"; }

exists="$(psql_at "$server/postgres$query" -c "SELECT count(*) FROM pg_database WHERE datname = '$name'")"
if [ "$exists" = "0" ]; then
  psql_at "$server/postgres$query" -c "CREATE DATABASE \"$name\"" || fail "не вдалося створити базу $name: створіть її (createdb --owner …) і повторіть"
  echo "Створено базу $name"
else
  tables="$(psql_at "$url" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'v', 'm', 'S', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")"
  [ "$tables" = "0" ] || fail "база $name не порожня ($tables таблиць і послідовностей): відновлюйте лише в нову базу"
fi

# --no-owner --no-privileges: the objects belong to the user of TARGET_DATABASE_URL.
"$bin/pg_restore" --exit-on-error --single-transaction --no-owner --no-privileges --no-password --dbname="$url" "$archive"
# pg_restore brings no planner statistics: without them the first hours would be slow.
psql_at "$url" -c "ANALYZE"

summary="$(psql_at "$url" --field-separator=' ' -c "
  SELECT (SELECT count(*) FROM kysely_migration),
         (SELECT count(*) FROM appeals),
         coalesce((SELECT registration_number FROM appeal_register
                   ORDER BY registration_year DESC, registration_seq DESC LIMIT 1), '—'),
         (SELECT count(*) FROM audit_events),
         (SELECT count(*) FROM deliveries WHERE status = 'pending')")"
read -r migrations appeals last_number audit pending <<<"$summary"
cat <<EOF
Відновлено $archive у базу $name:
  міграцій $migrations, звернень $appeals (останній номер $last_number), записів аудиту $audit, листів у черзі $pending.
Далі: вкажіть DATABASE_URL=…/$name у /etc/dovira/dovira.env і запустіть Dovira (sudo systemctl start dovira);
вона застосує новіші міграції, якщо вони є. На кількох вузлах — спершу один, потім решту.
EOF
