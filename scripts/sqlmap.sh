#!/bin/bash
# make attack (and make soak): sqlmap against every form, JSON API body, query string and
# numeric path segment that the demo's roles reach (tests/attack/targets.mjs walks the pages as
# each role, with a bearer token), on SQLite and on PostgreSQL. First a positive control: sqlmap
# must find the one flaw of tests/attack/vulnerable.py, or a clean report means nothing.
# Fails if sqlmap reports any injection point in coprog, or if a target could not be tested.
# Usage: scripts/sqlmap.sh [sqlite|postgres ...]   (default both)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh sqlmap python3 >/dev/null
make -s coprog
engines=${*:-sqlite postgres}
work=$(mktemp -d /tmp/coprog-sqlmap.XXXXXX)
chmod 755 "$work"
port=$((42000 + RANDOM % 8000))
pids=()
cleanup() {
    [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
    scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
common=(--batch --level=1 --risk=1 -v 0 --flush-session --answers="resend=N,follow=Y" --timeout=10 --retries=1)

python3 tests/attack/vulnerable.py $((port + 1)) &
pids+=("$!")
sleep 0.5
if ! sqlmap "${common[@]}" -u "http://127.0.0.1:$((port + 1))/item?id=1" --dbms=SQLite --output-dir="$work/control" 2>&1 |
    grep -q "identified the following injection point"; then
    echo "sqlmap: the positive control was not detected; the harness cannot be trusted" >&2
    exit 1
fi
echo "sqlmap: positive control detected (tests/attack/vulnerable.py, GET id)"

failed=0
for engine in $engines; do
    if [ "$engine" = sqlite ]; then
        url="sqlite:$work/attack.db"
        dbms=SQLite
    else
        url="$(scripts/pg.sh start "$work/pg")"
        dbms=PostgreSQL
    fi
    ./coprog demo --db "$url" --password attack-password-1 >/dev/null 2>&1
    ./coprog serve --db "$url" --listen "127.0.0.1:$port" --second-factor optional 2>"$work/coprog-$engine.log" &
    pids+=("$!")
    for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    {
        echo "{"
        sep=""
        for who in admin officer evaluator1 controller ets1 resident1 auditor housing social registry; do
            printf '%s"%s": "%s"\n' "$sep" "$who" "$(./coprog token create --db "$url" --email "$who@demo.invalid")"
            sep=","
        done
        echo "}"
    } >"$work/tokens.json"
    node tests/attack/targets.mjs "http://127.0.0.1:$port" "$work/tokens.json" >"$work/targets-$engine.jsonl"
    total=$(wc -l <"$work/targets-$engine.jsonl")
    echo "sqlmap on $engine: $total targets"
    # One sqlmap per target, two at a time; each writes its verdict to its own file.
    node -e '
        const fs = require("fs");
        const tokens = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        fs.readFileSync(process.argv[2], "utf8").trim().split("\n").forEach((l, i) => {
            const t = JSON.parse(l);
            const args = ["-u", t.url, "-H", `Authorization: Bearer ${tokens[t.role]}`];
            if (t.data) args.push(`--data=${t.data}`);
            if (t.json) args.push("-H", "Content-Type: application/json");
            fs.writeFileSync(`${process.argv[3]}/t${i}.args`, args.join("\0"));
            fs.writeFileSync(`${process.argv[3]}/t${i}.what`, `${t.role} ${t.method} ${t.url}${t.json ? " (JSON)" : ""} ${t.data}`);
        });' "$work/tokens.json" "$work/targets-$engine.jsonl" "$work"
    export work dbms
    export SQLMAP_COMMON="${common[*]}"
    t0=$(date +%s)
    ls "$work"/t*.args | xargs -P 2 -I{} bash -c '
        f={}; base=${f%.args}
        mapfile -d "" args <"$f"
        read -ra common <<<"$SQLMAP_COMMON"
        sqlmap "${common[@]}" --dbms="$dbms" --output-dir="$base.out" "${args[@]}" >"$base.log" 2>&1 || true
        if grep -q "identified the following injection point" "$base.log"; then echo injectable
        elif grep -qE "do not appear to be injectable|not injectable" "$base.log"; then echo clean
        else echo untested; fi >"$base.verdict"'
    t1=$(date +%s)
    clean=0
    for v in "$work"/t*.verdict; do
        case $(cat "$v") in
            clean) clean=$((clean + 1)) ;;
            injectable) failed=1; echo "INJECTABLE: $(cat "${v%.verdict}.what")"; grep -A 8 "^Parameter:" "${v%.verdict}.log" ;;
            *) failed=1; echo "NOT TESTED: $(cat "${v%.verdict}.what")"; grep -E "CRITICAL|ERROR" "${v%.verdict}.log" | head -n 3 ;;
        esac
    done
    echo "sqlmap on $engine: $clean of $total targets not injectable, in $((t1 - t0)) s"
    rm -f "$work"/t*.args "$work"/t*.what "$work"/t*.verdict "$work"/t*.log
    rm -rf "$work"/t*.out
    kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
    unset 'pids[-1]'
done
[ $failed = 0 ] && echo "sqlmap: nothing injectable" || { echo "sqlmap: see above"; exit 1; }
