#!/bin/bash
# make fuzz: builds the libFuzzer targets in tests/fuzz with clang (ASan + UBSan) and runs each
# for FUZZ_SECONDS (default 60; make soak: 600), starting from tests/fuzz/seeds/<target> and
# replaying tests/fuzz/regressions/<target>. A crash fails, and its input is kept there as a
# regression input to commit with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh clang libclang-rt-14-dev
seconds=${FUZZ_SECONDS:-60}
make -s -j2 MODE=fuzz CC=clang build/fuzz/libcoprog.a
libs="$(pkg-config --libs libmicrohttpd jansson libsodium sqlite3 libpq libcrypto xmlsec1-openssl) -lxlsxwriter -lpthread -lm"
flags="-std=c17 -D_GNU_SOURCE -Isrc -g -O1 -fsanitize=fuzzer,address,undefined $(pkg-config --cflags jansson xmlsec1-openssl)"
for target in mustache form check csv hours signed; do
    bin=build/fuzz/fuzz_$target
    clang $flags -o "$bin" "tests/fuzz/fuzz_$target.c" build/fuzz/libcoprog.a $libs
    corpus=tests/fuzz/corpus-$target
    regressions=tests/fuzz/regressions/$target
    mkdir -p "$corpus" "$regressions"
    echo "== fuzz_$target for ${seconds}s"
    "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$regressions/" "$corpus" "tests/fuzz/seeds/$target" "$regressions" 2>&1 | grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|==.*ERROR|SUMMARY)" || true
    [ "${PIPESTATUS[0]}" = 0 ] || { echo "fuzz_$target found a crash"; exit 1; }
done
echo "fuzz: no crash"
