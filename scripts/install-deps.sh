#!/bin/sh
# Installs what coprog needs on Debian 12 and is missing: build tools, libraries, the
# PostgreSQL server (for tests), Chromium (browser tests), Node.js and the npm packages.
# Extra package names may be passed as arguments (lint, fuzz and bench tools).
set -eu
cd "$(dirname "$0")/.."
need="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev libcriterion-dev
libsqlite3-dev libpq-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev libjemalloc-dev libqrencode-dev libssl-dev libxmlsec1-dev libcurl4-openssl-dev fonts-dejavu-core
poppler-utils libnss3-tools sqlite3 postgresql chromium curl nginx-light openssl xmlsec1 $*"
# Node.js and npm may come from elsewhere than Debian (and then conflict with its packages):
# only a missing command asks for Debian's.
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# npm ci only when the lock file changed since the last install.
stamp=node_modules/.coprog-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
fi
