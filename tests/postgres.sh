#!/usr/bin/env bash
# A throwaway PostgreSQL for the store tests: `tests/postgres.sh start DIR` initialises a
# cluster in DIR on a free loopback port and prints its URL; `tests/postgres.sh stop DIR`
# stops it and removes DIR; `halt DIR` and `resume DIR` stop and start it again on the same
# port (the fault tests). Runs the server as the postgres user (it refuses root).
set -euo pipefail
action="$1"; dir="$2"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
    as_pg "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres --encoding=UTF8 >"$dir/initdb.log" 2>&1
    echo "$port" >"$dir/port"
    bash "$0" resume "$dir"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  resume)
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    ;;
  halt)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
