#!/bin/bash
# The whole test suite: unit tests (Criterion) on SQLite and PostgreSQL, then the HTTP suite
# against a real running coprog on each engine, then the browser test (Chromium + axe-core).
# MODE=asan builds everything with AddressSanitizer and UBSan. --no-browser skips Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=1
[ "${1:-}" = "--no-browser" ] && browser=0
export MODE=${MODE:-release}
# The sanitizer build ignores only the third-party caches listed in scripts/lsan.supp.
export LSAN_OPTIONS="suppressions=$(pwd)/scripts/lsan.supp:print_suppressions=0"
bin=build/$MODE/coprog
make -s -j2 MODE="$MODE" "$bin" "build/$MODE/unit-tests" "build/$MODE/stamp-tool"

work=$(mktemp -d /tmp/coprog-test.XXXXXX)
chmod 755 "$work"
server_pid=""
sink_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
    [ -d "$work/scaleout" ] && scripts/scaleout.sh stop "$work/scaleout" || true
    scripts/pg.sh stop "$work/pg" || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== starting a throwaway PostgreSQL"
pg_url=$(scripts/pg.sh start "$work/pg")
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

passed=0
failed=0
skipped=0
count_criterion() { # from the closing "Synthesis" line
    local line
    line=$(grep -a "Synthesis:" "$1" | tail -n 1)
    passed=$((passed + $(sed -E 's/.*Passing: ([0-9]+).*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.*Failing: ([0-9]+).*/\1/' <<<"$line") + $(sed -E 's/.*Crashing: ([0-9]+).*/\1/' <<<"$line")))
}
count_node() { # from the TAP summary
    passed=$((passed + $(grep -a '^# pass' "$1" | awk '{print $3}')))
    failed=$((failed + $(grep -a '^# fail' "$1" | awk '{print $3}')))
}

echo "== the shape of the code: floors and the module order"
if scripts/layers.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "== unit tests (SQLite and PostgreSQL)"
if [ -z "${COPROG_SPEC_DIR:-}" ] || [ ! -d "${COPROG_SPEC_DIR:-}/mustache" ]; then
    echo "Mustache spec suites skipped: COPROG_SPEC_DIR does not name a folder with mustache/*.json" \
        "(.ci/run sets it to ../shared/spec; the spec is github.com/mustache/spec, folder specs/)"
    # Criterion's closing line does not count skipped tests: these are the spec's suites.
    skipped=$((skipped + $(grep -c '^Test(mustache_spec' tests/unit/view/test_mustache_spec.c)))
fi
status=0
COPROG_TEST_PG_URL=$pg_url "build/$MODE/unit-tests" -j2 2>&1 | tee "$work/unit.log" || status=1
count_criterion "$work/unit.log"

# Below the kernel's ephemeral ports (32768 and up), which client connections take at random.
port=$((20000 + RANDOM % 10000))
# Mail leaves through a local SMTP sink that writes each message to a file the tests read.
smtp_port=$((port + 1))
node tests/smtp-sink.mjs "$smtp_port" "$work/mail" >"$work/sink.log" 2>&1 &
sink_pid=$!
# The suite's servers let the roles that decide sign in with a password alone (many tests sign
# in as an officer within seconds); tests/http/second_factor.test.mjs starts its own with the
# second factor required, as `coprog serve` has it by default.
start_server() { # $1 = database URL
    COPROG_TEST_CLOCK=1 "$bin" serve --db "$1" --listen "127.0.0.1:$port" --second-factor optional \
        --smtp "127.0.0.1:$smtp_port" --mail-from "coprog@test.invalid" \
        --base-url "http://127.0.0.1:$port" >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    cat "$work/server.log"
    return 1
}
stop_server() { # SIGTERM must end it cleanly, with exit status 0
    kill -TERM "$server_pid"
    local rc=0
    wait "$server_pid" || rc=$?
    server_pid=""
    if [ "$rc" != 0 ]; then
        echo "coprog did not stop cleanly on SIGTERM (exit $rc)"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
        echo "ok - coprog stopped cleanly on SIGTERM"
    fi
}

demo_pw="demo-pw-$RANDOM$RANDOM"
for engine in sqlite postgres; do
    if [ $engine = sqlite ]; then
        url="sqlite:$work/http.db"
    else
        "$pg_bin/createdb" -h "$work/pg" -U coprog coprog_http
        url="postgresql://coprog@/coprog_http?host=$work/pg"
    fi
    "$bin" demo --db "$url" --password "$demo_pw" >/dev/null
    test_url="http://127.0.0.1:$port"
    [ $engine = sqlite ] && start_server "$url"
    if [ $engine = postgres ]; then
        # On PostgreSQL the whole suite goes through nginx (TLS) to three instances on the one
        # database; the tests' clock is kept in the database, so all three read the same.
        echo "== HTTP tests on postgres, three instances behind nginx"
        test_url=$(COPROG_BIN="$bin" COPROG_TEST_CLOCK=1 scripts/scaleout.sh start "$work/scaleout" "$url" 3 $((port + 10)) \
            --smtp "127.0.0.1:$smtp_port" --mail-from "coprog@test.invalid" --base-url "https://127.0.0.1:$((port + 10))" \
            --second-factor optional)
    else
        echo "== HTTP tests on $engine"
    fi
    COPROG_URL="$test_url" COPROG_DB="$url" COPROG_BIN="$bin" COPROG_DEMO_PASSWORD="$demo_pw" COPROG_MAIL_DIR="$work/mail" \
        NODE_TLS_REJECT_UNAUTHORIZED=0 \
        node --test --test-concurrency=1 --test-reporter=tap tests/http/ tests/race/ >"$work/http-$engine.log" 2>&1 || status=1
    grep -aE '^(not ok|# (pass|fail))' "$work/http-$engine.log" || true
    grep -aq '^not ok' "$work/http-$engine.log" && sed -n '/^not ok/,/^ok/p' "$work/http-$engine.log" | head -80
    count_node "$work/http-$engine.log"
    if [ $engine = sqlite ] && [ $browser = 1 ]; then
        echo "== browser test (Chromium, axe-core) on $engine"
        # A fresh demo of its own: the HTTP suite moves the clock by days and closes things
        # (a call at its deadline, a day's register), which the pages would then show.
        stop_server
        "$bin" demo --db "sqlite:$work/browser.db" --password "$demo_pw" >/dev/null
        start_server "sqlite:$work/browser.db" || status=1
        # Every page view's screenshot stays after the run (build/ is not committed).
        shots=$(pwd)/build/screenshots
        rm -rf "$shots"
        COPROG_URL="http://127.0.0.1:$port" COPROG_DEMO_PASSWORD="$demo_pw" COPROG_SCREENSHOTS="$shots" \
            node --test --test-concurrency=1 --test-reporter=tap tests/browser/ >"$work/browser.log" 2>&1 || status=1
        grep -a "# page views" "$work/browser.log" || true
        grep -aE '^(not ok|# (pass|fail))' "$work/browser.log" || true
        grep -aq '^not ok' "$work/browser.log" && sed -n '/^not ok/,/^ok/p' "$work/browser.log" | head -80
        count_node "$work/browser.log"
    fi
    if [ $engine = postgres ]; then
        scripts/scaleout.sh stop "$work/scaleout"
        # nginx must have spread the suite over all three.
        spread=$(for i in 1 2 3; do grep -c " POST /" "$work/scaleout/coprog-$i.log" || true; done | paste -sd ' ')
        if [[ " $spread " == *" 0 "* ]]; then
            echo "not ok - an instance behind nginx took no requests (POSTs per instance: $spread)"
            tail -n 5 "$work"/scaleout/*.log
            failed=$((failed + 1))
        else
            echo "ok - the three instances took $spread POSTs"
            passed=$((passed + 1))
        fi
        start_server "$url" # one instance of its own, for the clean-stop check
    fi
    stop_server
done

# Sanitizer reports (leaks, overflows, undefined behaviour) fail the run wherever they appear.
if grep -lE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$work"/*.log "$work"/scaleout/*.log 2>/dev/null; then
    echo "sanitizer findings above"
    failed=$((failed + 1))
fi

[ -n "${shots:-}" ] && echo "screenshots of every page view: $shots"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" = 0 ] && [ "$failed" = 0 ]
