#!/bin/bash
# make lint: formatting (clang-format, .clang-format), cppcheck, clang-tidy (.clang-tidy), and
# the calls we never use. Any finding fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh clang-format cppcheck clang-tidy
files=$(find src tests/unit tests/fuzz tests/signatures -name '*.[ch]' | sort)
status=0
echo "== clang-format"
clang-format --dry-run --Werror $files || status=1
echo "== layers and the module order (src/modules/ORDER)"
scripts/layers.sh || status=1
echo "== banned calls (sprintf, vsprintf, strcpy, strcat, gets)"
if grep -nE '(^|[^a-z_n])(sprintf|vsprintf|strcpy|strcat|gets)\(' $files; then status=1; fi
echo "== cppcheck"
cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,performance,portability \
    --inline-suppr --suppress=missingIncludeSystem --suppress=unknownMacro -D_GNU_SOURCE -Isrc src || status=1
echo "== clang-tidy"
make -s coprog >/dev/null
flags="-std=c17 -D_GNU_SOURCE -Isrc $(pkg-config --cflags libmicrohttpd jansson libsodium sqlite3 libpq pangocairo cairo-pdf xmlsec1-openssl)"
clang-tidy --quiet $(find src -name '*.c' | sort) -- $flags 2>/dev/null || status=1
[ $status = 0 ] && echo "lint: clean"
exit $status
