#!/bin/bash
# make bench: requests/s and p99 latency of coprog's GET /healthz and home page, next to nginx
# serving files with the same bytes, measured in the same run with the same wrk settings
# (2 threads, 64 connections, 10 s by default). Also coprog's RSS under that load.
# Reports ratios; never pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh wrk nginx-light >/dev/null
make -s coprog
duration=${BENCH_SECONDS:-10}
work=$(mktemp -d /tmp/coprog-bench.XXXXXX)
chmod 755 "$work"
cport=$((30000 + RANDOM % 10000))
nport=$((cport + 1))
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

./coprog demo --db "sqlite:$work/bench.db" --password bench-password >/dev/null 2>&1
./coprog serve --db "sqlite:$work/bench.db" --listen "127.0.0.1:$cport" 2>"$work/coprog.log" &
cpid=$!
pids+=("$cpid")
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$cport/healthz" >/dev/null && break; sleep 0.1; done

# nginx serves the very bytes coprog answers.
mkdir -p "$work/www"
curl -s "http://127.0.0.1:$cport/healthz" >"$work/www/healthz.json"
curl -s "http://127.0.0.1:$cport/" >"$work/www/home.html"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $work/nginx-access.log;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
    location = /healthz { default_type application/json; try_files /healthz.json =404; }
    location = / { default_type text/html; try_files /home.html =404; }
  }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
pids+=("$!")
sleep 0.5

run() { # $1 = URL; prints "req/s p99_ms"
    wrk -t2 -c64 -d"${duration}s" --latency "$1" >"$work/wrk.out"
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
    if grep -q "Non-2xx" "$work/wrk.out"; then echo "non-2xx answers in $1" >&2; fi
    echo "$rps $p99"
}
to_ms() { # wrk prints 1.23ms, 456.00us or 1.2s
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.2f", n }'
}

printf "%-10s %8s %12s %10s %12s %10s %8s\n" page bytes coprog_rps coprog_p99 nginx_rps nginx_p99 ratio
for page in healthz home; do
    path=/healthz
    file=healthz.json
    [ $page = home ] && path=/ && file=home.html
    read -r crps cp99 < <(run "http://127.0.0.1:$cport$path")
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$cpid/status")
    read -r nrps np99 < <(run "http://127.0.0.1:$nport$path")
    printf "%-10s %8s %12s %8sms %12s %8sms %8s\n" $page "$(wc -c <"$work/www/$file")" "$crps" \
        "$(to_ms "$cp99")" "$nrps" "$(to_ms "$np99")" "$(awk -v a="$crps" -v b="$nrps" 'BEGIN{printf "%.2f", a/b}')"
done
echo "coprog peak RSS under load: $(awk '/VmHWM/ {print $2}' "/proc/$cpid/status") kB"
echo "(ratio = coprog req/s / nginx req/s; both log every request; same machine, same run)"
