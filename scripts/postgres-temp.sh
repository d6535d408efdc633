#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server in a temporary directory on a free loopback port and prints
# its connection URL. Stop it with: scripts/postgres-temp.sh stop DIR
# Used by .ci/run and `npm run bench`; handy for running the suite against PostgreSQL by hand.
set -euo pipefail

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && echo "$dir"; done | sort -V | tail -n 1
}

if [ "${1:-}" = "stop" ]; then
  dir="$2"
  bin="$(pg_bin)"
  runuser_prefix=()
  [ "$(id -u)" = "0" ] && runuser_prefix=(runuser -u postgres --)
  "${runuser_prefix[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

bin="$(pg_bin)"
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
dir="$(mktemp -d /tmp/dovira-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
run=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
  chown postgres "$dir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
echo "DIR=$dir"
echo "URL=postgres://postgres@127.0.0.1:$port/postgres"
