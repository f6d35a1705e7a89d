#!/bin/sh
# A throwaway PostgreSQL server for tests: `pg.sh start DIR` initialises and starts one in DIR
# (listening only on a Unix socket there) and prints its URL; `pg.sh stop DIR` stops it and
# removes DIR. initdb refuses root, so as root the server runs as the `postgres` user.
set -eu
cmd=$1
dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: PostgreSQL server is not installed" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chmod a+x "$(dirname "$dir")"
        chown postgres "$dir"
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -U coprog -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h "$dir" -U coprog coprog
    echo "postgresql://coprog@/coprog?host=$dir"
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac
