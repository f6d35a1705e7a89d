#!/bin/bash
# N coprog instances on one database behind nginx, which terminates TLS and balances the load
# (least connections). Used by the test suite (three instances on PostgreSQL) and described in
# docs/operations.md.
#   scaleout.sh start DIR DB_URL N PORT [coprog serve options...]   prints https://127.0.0.1:PORT
#   scaleout.sh stop DIR
# Instances listen on PORT+1 .. PORT+N; logs, the certificate and nginx's files go in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=$1
dir=$2
if [ "$cmd" = stop ]; then
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    for p in "$dir"/coprog-*.pid; do
        [ -f "$p" ] && kill -TERM "$(cat "$p")" 2>/dev/null || true
    done
    exit 0
fi
db=$3
n=$4
port=$5
shift 5
bin=${COPROG_BIN:-./coprog}
mkdir -p "$dir"
# A self-signed certificate for 127.0.0.1 (a real deployment uses its own).
[ -f "$dir/cert.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
upstreams=""
for i in $(seq 1 "$n"); do
    p=$((port + i))
    # The first instance applies pending migrations before the others start.
    COPROG_SECURE_COOKIES=1 "$bin" serve --db "$db" --listen "127.0.0.1:$p" --trusted-proxy 127.0.0.1 "$@" >>"$dir/coprog-$i.log" 2>&1 &
    echo $! >"$dir/coprog-$i.pid"
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    if ! curl -sf "http://127.0.0.1:$p/healthz" >/dev/null 2>&1; then
        echo "scaleout: instance $i on port $p did not start:" >&2
        tail -n 5 "$dir/coprog-$i.log" >&2
        exit 1
    fi
    upstreams="$upstreams    server 127.0.0.1:$p max_fails=0;
"
done
cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream coprog {
    least_conn;
$upstreams    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $dir/cert.pem;
    ssl_certificate_key $dir/key.pem;
    # coprog sets and answers its own limits (25 MiB bodies, 64 KiB headers, with a message):
    # nginx lets a little more through so that the answer is coprog's.
    client_max_body_size 64m;
    large_client_header_buffers 4 256k;
    location / {
      proxy_pass http://coprog;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # With the port: coprog compares Origin with Host (CSRF).
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto https;
      proxy_read_timeout 60s;
    }
  }
}
CONF
nginx -c "$dir/nginx.conf"
for _ in $(seq 1 50); do curl -skf "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "https://127.0.0.1:$port"
