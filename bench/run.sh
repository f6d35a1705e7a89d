#!/bin/bash
# make bench: requests/s and p99 latency of coprog's GET /healthz and home page, next to nginx
# serving files with the same bytes, measured in the same run with the same wrk settings
# (2 threads, 64 connections, 10 s by default). Also coprog's RSS under that load.
# Then, on SQLite and on a throwaway PostgreSQL: the ranking of 1,000 proposals x 10 criteria x
# 5 evaluators (next to the database's own CLI running the same aggregate query), and the
# submit rate of 32 clients with a 1 MB attachment each (next to the database's own tool
# inserting 1 MB blobs). Reports ratios; never pass/fail. BENCH_SECTIONS="http ranking submit".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh wrk nginx-light time >/dev/null
make -s coprog build/release/ranking-bench build/release/pdf-bench
duration=${BENCH_SECONDS:-10}
sections=${BENCH_SECTIONS:-http ranking submit rush pdf export reporting milan evening slow}
work=$(mktemp -d /tmp/coprog-bench.XXXXXX)
chmod 755 "$work"
cport=$((30000 + RANDOM % 10000))
nport=$((cport + 1))
pids=()
trap '[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; scripts/pg.sh stop "$work/pg"; rm -rf "$work"' EXIT
pg_url=$(scripts/pg.sh start "$work/pg")
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# Everything printed below also goes to bench/out/run.log; bench/report.md and
# bench/report.json are written from it at the end (bench/report.mjs).
mkdir -p bench/out
exec > >(tee bench/out/run.log) 2>&1
echo "coprog bench, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, sections: $sections, ${duration}s per wrk run"

run() { # $1 = URL, $2 = bearer token (optional); prints "req/s p50 p99"
    local auth=()
    [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
    wrk -t2 -c64 -d"${duration}s" --latency "${auth[@]}" "$1" >"$work/wrk.out"
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
    if grep -q "Non-2xx" "$work/wrk.out"; then echo "non-2xx answers in $1" >&2; fi
    echo "$rps $p50 $p99"
}
new_db() { # $1 = engine, $2 = name: an empty database (PostgreSQL: created); prints its URL
    if [ "$1" = sqlite ]; then
        echo "sqlite:$work/$2.db"
    else
        "$pg_bin/createdb" -h "$work/pg" -U coprog "$2"
        echo "postgresql://coprog@/$2?host=$work/pg"
    fi
}
nginx_serve() { # $1 = name, $2 = port, $3 = root, $4 = locations: starts nginx, prints its pid
    cat >"$work/$1.conf" <<CONF
worker_processes 2;
pid $work/$1.pid;
error_log $work/$1-error.log;
events { worker_connections 1024; }
http {
  access_log $work/$1-access.log;
  default_type text/html;
  server { listen 127.0.0.1:$2; root $3; $4 }
}
CONF
    nginx -c "$work/$1.conf" -g 'daemon off;' >/dev/null 2>&1 &
    echo $!
}
to_ms() { # wrk prints 1.23ms, 456.00us or 1.2s
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.2f", n }'
}

if [[ " $sections " == *" http "* ]]; then
echo "== HTTP: coprog next to nginx serving the same bytes"
./coprog demo --db "sqlite:$work/bench.db" --password bench-password >/dev/null 2>&1
./coprog serve --db "sqlite:$work/bench.db" --listen "127.0.0.1:$cport" 2>"$work/coprog.log" &
cpid=$!
pids+=("$cpid")
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$cport/healthz" >/dev/null && break; sleep 0.1; done

# nginx serves the very bytes coprog answers.
mkdir -p "$work/www"
curl -s "http://127.0.0.1:$cport/healthz" >"$work/www/healthz.json"
curl -s "http://127.0.0.1:$cport/" >"$work/www/home.html"
pids+=("$(nginx_serve nginx "$nport" "$work/www" \
    'location = /healthz { default_type application/json; try_files /healthz.json =404; }
     location = / { try_files /home.html =404; }')")
sleep 0.5

printf "%-10s %8s %12s %10s %12s %10s %8s\n" page bytes coprog_rps coprog_p99 nginx_rps nginx_p99 ratio
for page in healthz home; do
    path=/healthz
    file=healthz.json
    [ $page = home ] && path=/ && file=home.html
    read -r crps _ cp99 < <(run "http://127.0.0.1:$cport$path")
    read -r nrps _ np99 < <(run "http://127.0.0.1:$nport$path")
    printf "%-10s %8s %12s %8sms %12s %8sms %8s\n" $page "$(wc -c <"$work/www/$file")" "$crps" \
        "$(to_ms "$cp99")" "$nrps" "$(to_ms "$np99")" "$(awk -v a="$crps" -v b="$nrps" 'BEGIN{printf "%.2f", a/b}')"
done
echo "coprog peak RSS under load: $(awk '/VmHWM/ {print $2}' "/proc/$cpid/status") kB"
echo "(ratio = coprog req/s / nginx req/s; both log every request; same machine, same run)"
kill "$cpid"; wait "$cpid" 2>/dev/null || true
fi

agg="SELECT s.proposal_id, s.criterion_id, SUM(s.points), COUNT(*) FROM scores s JOIN proposals p ON p.id = s.proposal_id WHERE p.call_id = 1 GROUP BY s.proposal_id, s.criterion_id ORDER BY s.proposal_id;"
if [[ " $sections " == *" ranking "* ]]; then
    echo "== ranking: 1,000 proposals x 10 criteria x 5 evaluators"
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        url=$(new_db $engine rank)
        out=$(build/release/ranking-bench "$url")
        if [ $engine = sqlite ]; then
            ref=$(printf '.timer on\n%s\n' "$agg" | sqlite3 "$work/rank.db" | awk '/Run Time/ {printf "%.1f", $4 * 1000}')
        else
            ref=$("$pg_bin/psql" -h "$work/pg" -U coprog -d rank -qAt -c '\timing on' -c "$agg" | awk '/^Time:/ {print $2}')
        fi
        echo "$out" | awk -v ref="$ref" -v e=$engine -F'[:,}]' '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)}
            END {printf "%-8s compute+store %s ms, render %s ms, total %s ms; the database alone runs the aggregate in %s ms (ratio %.1f)\n",
                 e, v["\"compute_store_ms\""], v["\"render_ms\""], v["\"total_ms\""], ref, v["\"total_ms\""] / ref}'
    done
fi

if [[ " $sections " == *" submit "* ]]; then
    echo "== submit: 32 clients, a 1 MB attachment per submission, ${duration}s"
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        url=$(new_db $engine submit)
        ./coprog demo --db "$url" --password bench-password >/dev/null 2>&1
        : >"$work/users"
        for i in $(seq 1 32); do
            base=$(printf '95%08d' "$i")
            cf=$(./coprog validate piva "${base}0" 2>/dev/null || true)
            for d in 0 1 2 3 4 5 6 7 8 9; do
                ./coprog validate piva "$base$d" >/dev/null 2>&1 && { cf="$base$d"; break; }
            done
            echo "bench-password-$i" | ./coprog user add --db "$url" --email "bench$i@bench.invalid" --name "Bench $i" \
                --role ets --city 015146 --org "$cf" --org-name "Ente bench $i" --runts "B-$i" --legal-rep >/dev/null
            echo "bench$i@bench.invalid bench-password-$i" >>"$work/users"
        done
        sport=$((cport + 10))
        ./coprog serve --db "$url" --listen "127.0.0.1:$sport" 2>"$work/submit-$engine.log" &
        spid=$!
        for _ in $(seq 50); do curl -sf "http://127.0.0.1:$sport/healthz" >/dev/null && break; sleep 0.1; done
        res=$(node bench/submit.mjs "http://127.0.0.1:$sport" "$work/users" "$duration")
        kill "$spid"; wait "$spid" 2>/dev/null || true
        # The database's own tool writing 1 MB blobs, each in its own transaction.
        if [ $engine = sqlite ]; then
            sqlite3 "$work/blobs.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE b (x BLOB);" >/dev/null
            t0=$(date +%s.%N)
            for _ in $(seq 1 20); do echo "INSERT INTO b VALUES (zeroblob(1048576));"; done >"$work/ins.sql"
            for _ in $(seq 1 10); do sqlite3 "$work/blobs.db" "PRAGMA synchronous=NORMAL;" ".read $work/ins.sql"; done
            t1=$(date +%s.%N)
            ref=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", 200 / (b - a)}')
        else
            "$pg_bin/psql" -h "$work/pg" -U coprog -d submit -qc "CREATE TABLE b (x bytea)"
            echo "INSERT INTO b VALUES (decode(repeat('20', 1048576), 'hex'));" >"$work/ins.sql"
            ref=$("$pg_bin/pgbench" -h "$work/pg" -U coprog -n -c 32 -j 2 -T "$duration" -f "$work/ins.sql" submit 2>/dev/null |
                awk '/^tps/ {printf "%.1f", $3}')
        fi
        echo "$res" | awk -v ref="$ref" -v e=$engine -F'[:,}]' '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)}
            END {printf "%-8s %s submissions/s (p50 %s ms, p99 %s ms, %s failed); the database alone writes %s 1 MB blobs/s (ratio %.2f)\n",
                 e, v["\"per_second\""], v["\"p50_ms\""], v["\"p99_ms\""], v["\"failed\""], ref, v["\"per_second\""] / ref}'
    done
fi

if [[ " $sections " == *" rush "* ]]; then
    nprop=${BENCH_RUSH_PROPOSALS:-1000}
    nclients=${BENCH_RUSH_CLIENTS:-200}
    echo "== deadline rush: $nclients clients submit $nprop proposals with a 2 MB attachment each"
    # The bodies: organisations with valid partite IVA, their legal representatives and an API
    # token each (bearer requests need no CSRF token, so a client is one token).
    awk -v n="$nprop" 'function piva(base,   s, i, d) {
            for (i = 1; i <= 10; i++) { d = substr(base, i, 1) + 0; if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9 } s += d }
            return base (10 - s % 10) % 10 }
        BEGIN { print "BEGIN;"
            for (i = 1; i <= n; i++) { cf = piva(sprintf("94%08d", i))
                printf "INSERT INTO organisations (city_id, kind, name, tax_code, runts_number, created_at) SELECT id, '\''ets'\'', '\''Ente della corsa %d ETS'\'', '\''%s'\'', '\''R-%d'\'', 0 FROM cities WHERE istat_code = '\''015146'\'';\n", i, cf, i
                printf "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) VALUES ('\''rush%d@bench.invalid'\'', '\''Legale %d'\'', '\''!'\'', 0, 0);\n", i, i
                printf "INSERT INTO memberships (user_id, city_id, organisation_id, role, legal_rep, created_at) SELECT u.id, o.city_id, o.id, '\''ets'\'', 1, 0 FROM users u, organisations o WHERE u.email = '\''rush%d@bench.invalid'\'' AND o.tax_code = '\''%s'\'';\n", i, cf }
            print "COMMIT;" }' >"$work/rush.sql"
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        url=$(new_db $engine rush)
        ./coprog demo --db "$url" --password bench-password >/dev/null 2>&1
        if [ $engine = sqlite ]; then
            sqlite3 "$work/rush.db" <"$work/rush.sql"
        else
            "$pg_bin/psql" -h "$work/pg" -U coprog -d rush -q <"$work/rush.sql"
        fi
        for i in $(seq 1 "$nprop"); do ./coprog token create --db "$url" --email "rush$i@bench.invalid"; done >"$work/rush.tokens"
        rport=$((cport + 11))
        rush_report() { # $1 = label, $2 = rush.mjs output, $3 = RSS at rest, $4 = peak RSS
            local audit
            audit=$(./coprog audit verify --db "$url" 2>&1 | tail -n 1)
            echo "$2" | node -e '
                const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
                const [label, rest, peak, audit] = process.argv.slice(1);
                console.log(`${label}: ${r.submitted} of ${r.proposals} submitted in ${r.seconds} s (${r.per_second}/s, ${r.mb_per_second} MB/s), ` +
                  `p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms per proposal; errors ${r.failed} ${JSON.stringify(r.errors)}; ` +
                  `of the acknowledged receipts: valid ${r.receipts_valid}, served again identical ${r.receipts_identical}, naming the bytes sent ${r.hashes_match}, ` +
                  `attachment intact ${r.attachments_intact}; distinct protocol numbers ${r.distinct_protocols}; ` +
                  `proposals whole ${r.proposals_whole} of ${r.stored_proposals} stored; RSS ${rest} kB at rest, peak ${peak} kB; audit: ${audit}`);' "$1" "$3" "$4" "$audit"
        }
        ./coprog serve --db "$url" --listen "127.0.0.1:$rport" 2>"$work/rush-$engine.log" &
        rpid=$!
        pids+=("$rpid")
        for _ in $(seq 50); do curl -sf "http://127.0.0.1:$rport/healthz" >/dev/null && break; sleep 0.1; done
        rest=$(awk '/VmRSS/ {print $2}' "/proc/$rpid/status")
        res=$(node bench/rush.mjs "http://127.0.0.1:$rport" "$work/rush.tokens" "$nclients")
        peak=$(awk '/VmHWM/ {print $2}' "/proc/$rpid/status")
        rush_report "$(printf '%-8s' $engine) rush" "$res" "$rest" "$peak"
        # The same rush in the call's other area, with coprog killed (SIGKILL) after
        # BENCH_RUSH_KILL_AFTER seconds (default 4) and started again at once.
        ROUND=1 node bench/rush.mjs "http://127.0.0.1:$rport" "$work/rush.tokens" "$nclients" >"$work/rush-kill.json" &
        rush=$!
        sleep "${BENCH_RUSH_KILL_AFTER:-4}"
        midway=no
        kill -0 "$rush" 2>/dev/null && midway=yes
        kill -9 "$rpid"; wait "$rpid" 2>/dev/null || true
        ./coprog serve --db "$url" --listen "127.0.0.1:$rport" 2>>"$work/rush-$engine.log" &
        rpid=$!
        pids+=("$rpid")
        wait "$rush"
        rush_report "$(printf '%-8s' $engine) rush with kill -9 after ${BENCH_RUSH_KILL_AFTER:-4} s (rush still running then: $midway)" "$(cat "$work/rush-kill.json")" "-" "$(awk '/VmHWM/ {print $2}' "/proc/$rpid/status")"
        kill "$rpid"; wait "$rpid" 2>/dev/null || true
        [ $engine = sqlite ] && rm -f "$work/rush.db"*
        [ $engine = postgres ] && "$pg_bin/dropdb" -h "$work/pg" -U coprog rush
    done
fi

if [[ " $sections " == *" pdf "* ]]; then
    echo "== PDF: 100 agreement PDFs (cairo + pango)"
    ./coprog demo --db "sqlite:$work/pdf.db" --password bench-password >/dev/null 2>&1
    build/release/pdf-bench "sqlite:$work/pdf.db" 1 100 | awk -F'[:,}]' '{for (i = 1; i < NF; i++) v[$i] = $(i + 1)}
        END {printf "%s ms per PDF (%s bytes); peak RSS %s kB after 100 (%s kB before)\n",
             v["\"ms_per_pdf\""], v["\"pdf_bytes\""], v["\"peak_rss_kb\""], v["\"rss_before_kb\""]}'
fi

# The database's own CLI running the queries behind the named open-data files (`coprog opendata
# sql`: each file's statement without its paging) and writing them as CSV: the reference for
# coprog's exports. $1 engine, $2 the SQLite file or PostgreSQL database, then dataset names;
# prints the seconds it took.
cli_csv() {
    local engine=$1 target=$2 r0 r1
    shift 2
    ./coprog opendata sql | awk -v want=" $* " '/^-- / {keep = index(want, " " $2 " ") > 0; next} keep' >"$work/ref.sql"
    r0=$(date +%s.%N)
    if [ "$engine" = sqlite ]; then
        sqlite3 -csv "$target" <"$work/ref.sql" >/dev/null
    else
        sed 's/^\(SELECT.*\);$/COPY (\1) TO STDOUT CSV;/' "$work/ref.sql" |
            "$pg_bin/psql" -h "$work/pg" -U coprog -d "$target" -q >/dev/null
    fi
    r1=$(date +%s.%N)
    awk -v a="$r0" -v b="$r1" 'BEGIN {printf "%.3f", b - a}'
}

if [[ " $sections " == *" export "* ]]; then
    echo "== export: 1,000,000 calls as streamed CSV (GET /opendata/calls.csv)"
    rows="INSERT INTO calls (city_id, operation_id, title, object, total_budget_cents, min_cofinancing_bp,
          duration_months, threshold_points, publication_at, deadline_at, state, created_by, created_at,
          updated_at) SELECT 1, 2, 'Avviso numero ' || i, 'o', 100000 + i, 1000, 24, 60, 0, 1, 'closed', 1, 0, 0"
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        if [ $engine = sqlite ]; then
            url="sqlite:$work/export.db"
            ./coprog demo --db "$url" --password bench-password >/dev/null 2>&1
            sqlite3 "$work/export.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) $rows FROM n;"
        else
            "$pg_bin/createdb" -h "$work/pg" -U coprog export
            url="postgresql://coprog@/export?host=$work/pg"
            ./coprog demo --db "$url" --password bench-password >/dev/null 2>&1
            "$pg_bin/psql" -h "$work/pg" -U coprog -d export -qc "$rows FROM generate_series(1, 1000000) i;"
        fi
        eport=$((cport + 20))
        ./coprog serve --db "$url" --listen "127.0.0.1:$eport" 2>/dev/null &
        epid=$!
        for _ in $(seq 50); do curl -sf "http://127.0.0.1:$eport/healthz" >/dev/null && break; sleep 0.1; done
        rest=$(awk '/VmRSS/ {print $2}' "/proc/$epid/status")
        t0=$(date +%s.%N)
        lines=$(curl -s "http://127.0.0.1:$eport/opendata/calls.csv" | wc -l)
        t1=$(date +%s.%N)
        peak=$(awk '/VmHWM/ {print $2}' "/proc/$epid/status")
        kill "$epid"; wait "$epid" 2>/dev/null || true
        if [ $engine = sqlite ]; then ref=$(cli_csv sqlite "$work/export.db" calls); else ref=$(cli_csv postgres export calls); fi
        awk -v e=$engine -v l="$lines" -v a="$t0" -v b="$t1" -v r="$rest" -v p="$peak" -v c="$ref" \
            'BEGIN {printf "%-8s %d lines in %.2f s (the database CLI running the same query to CSV: %.2f s, ratio %.1f); RSS %d kB at rest, peak %d kB\n", e, l, b - a, c, (b - a) / c, r, p}'
    done
fi

if [[ " $sections " == *" reporting "* ]]; then
    # The demo multiplied: every operation, call and agreement indicator copied S - 1 times
    # (new local codes and indicator codes; rankings and agreements stay at the demo's size,
    # since copying them means replaying whole procedures). Then every open-data file (CSV and
    # JSON) downloaded through coprog, and the eight IGRUE files written by `coprog igrue`.
    for scale in ${BENCH_REPORT_SCALES:-10 10000}; do
        echo "== reporting at ${scale}x the demo's operations, calls and indicators"
        copies="INSERT INTO operations (city_id, action_id, local_code, cup, title, summary, fund,
                budget_cents, start_date, end_date, status, created_at, updated_at)
                SELECT o.city_id, o.action_id, o.local_code || '.' || i, o.cup, o.title, o.summary,
                o.fund, o.budget_cents, o.start_date, o.end_date, o.status, o.created_at, o.updated_at
                FROM operations o, n WHERE o.id <= 3;
                INSERT INTO calls (city_id, operation_id, title, object, total_budget_cents,
                min_cofinancing_bp, duration_months, threshold_points, publication_at, deadline_at,
                state, created_by, created_at, updated_at)
                SELECT k.city_id, k.operation_id, k.title || ' ' || i, k.object, k.total_budget_cents,
                k.min_cofinancing_bp, k.duration_months, k.threshold_points, k.publication_at,
                k.deadline_at, k.state, k.created_by, k.created_at, k.updated_at
                FROM calls k, n WHERE k.id <= 2;
                INSERT INTO agreement_indicators (agreement_id, position, code, name, unit, planned,
                is_common) SELECT a.agreement_id, a.position, a.code || '-' || i, a.name, a.unit,
                a.planned, a.is_common FROM agreement_indicators a, n WHERE a.id <= 6;"
        for engine in ${BENCH_ENGINES:-sqlite postgres}; do
            if [ $engine = sqlite ]; then
                url="sqlite:$work/report-$scale.db"
                ./coprog demo --db "$url" --password bench-password >/dev/null 2>&1
                series="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $((scale - 1)))"
                sql=$(echo "$copies" | sed "s/^ *INSERT/$series INSERT/")
                sqlite3 "$work/report-$scale.db" "$sql"
            else
                "$pg_bin/createdb" -h "$work/pg" -U coprog "report$scale"
                url="postgresql://coprog@/report$scale?host=$work/pg"
                ./coprog demo --db "$url" --password bench-password >/dev/null 2>&1
                sql=$(echo "$copies" | sed "s/, n WHERE/, generate_series(1, $((scale - 1))) AS n(i) WHERE/")
                "$pg_bin/psql" -h "$work/pg" -U coprog -d "report$scale" -qc "$sql"
            fi
            eport=$((cport + 21))
            ./coprog serve --db "$url" --listen "127.0.0.1:$eport" 2>/dev/null &
            epid=$!
            for _ in $(seq 50); do curl -sf "http://127.0.0.1:$eport/healthz" >/dev/null && break; sleep 0.1; done
            rest=$(awk '/VmRSS/ {print $2}' "/proc/$epid/status")
            declare -A took
            bytes=0
            for fmt in csv json; do
                t0=$(date +%s.%N)
                for ds in operations calls rankings agreements indicators; do
                    b=$(curl -s "http://127.0.0.1:$eport/opendata/$ds.$fmt" | wc -c)
                    bytes=$((bytes + b))
                done
                t1=$(date +%s.%N)
                took[$fmt]=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
            done
            peak=$(awk '/VmHWM/ {print $2}' "/proc/$epid/status")
            kill "$epid"; wait "$epid" 2>/dev/null || true
            if [ $engine = sqlite ]; then target="$work/report-$scale.db"; else target="report$scale"; fi
            ref=$(cli_csv $engine "$target" operations calls rankings agreements indicators)
            awk -v e=$engine -v n="$bytes" -v c1="${took[csv]}" -v j1="${took[json]}" -v r="$rest" -v p="$peak" -v c="$ref" \
                'BEGIN {printf "%-8s open data, 10 files, %d bytes: 5 CSV in %.3f s, 5 JSON in %.3f s; the database CLI running the same 5 queries to CSV %.3f s (ratio CSV %.1f, JSON %.1f); RSS %d kB at rest, peak %d kB\n", e, n, c1, j1, c, c1 / c, j1 / c, r, p}'
            /usr/bin/time -f "%e %M" -o "$work/igrue.time" ./coprog igrue --db "$url" --date 2030-12-31 \
                --out "$work/igrue-$engine-$scale" >"$work/igrue.out"
            records=$(cat "$work/igrue-$engine-$scale"/*.txt | wc -l)
            read -r secs kb <"$work/igrue.time"
            printf "%-8s IGRUE, 8 files, %d records in %s s; peak RSS %s kB\n" $engine "$records" "$secs" "$kb"
        done
    done
fi

if [[ " $sections " == *" milan "* ]]; then
    echo "== Milan scale: import of the housing company's file (38,616 units, 47,187 residents)"
    # The housing company's file, as the import reads it (the same stock the demo builds).
    awk 'BEGIN {
        print "building_code;address;neighbourhood;municipio;managing_body;unit_code;full_name;tax_code"
        for (u = 0; u < 38616; u++) { b = int(u / 26); n = 1 + ((u * 7919) % 38616 < 8571)
            for (k = 0; k < n; k++) printf "BENCH-%05d;via Bench %d;Quartiere %d;%d;MM Casa;int. %d;Persona %d-%d;\n", b, b, b % 15, b % 9 + 1, u % 26 + 1, u, k } }' \
        >"$work/stock.csv"
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        iurl=$(new_db $engine import)
        ./coprog demo --db "$iurl" --password bench-password >/dev/null 2>&1
        rm -f "$work/codes-$engine.csv"
        t0=$(date +%s.%N)
        ./coprog housing import --db "$iurl" --city 015146 --file "$work/stock.csv" --out "$work/codes-$engine.csv" 2>"$work/import.log"
        t1=$(date +%s.%N)
        # Reference: the database's own bulk loader taking the same file into a bare table.
        if [ $engine = sqlite ]; then
            r0=$(date +%s.%N)
            printf '.mode csv\n.separator ;\n.import %s stock\n' "$work/stock.csv" | sqlite3 "$work/ref.db"
            r1=$(date +%s.%N)
        else
            "$pg_bin/psql" -h "$work/pg" -U coprog -d import -qc "CREATE TABLE stock (b text, a text, n text, m int, mb text, u text, f text, t text)"
            r0=$(date +%s.%N)
            "$pg_bin/psql" -h "$work/pg" -U coprog -d import -qc "\\copy stock FROM '$work/stock.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)"
            r1=$(date +%s.%N)
            # A second reference: the database's own loader putting the rows the import made
            # into the same tables, with their keys, foreign keys, unique indexes and triggers,
            # on a copy of the same demo (so the same ids are free), in one transaction.
            sel="FROM buildings b WHERE b.code LIKE 'BENCH-%'"
            "$pg_bin/psql" -h "$work/pg" -U coprog -d import -q \
                -c "\\copy (SELECT b.* $sel ORDER BY b.id) TO '$work/ref-buildings.tsv'" \
                -c "\\copy (SELECT u.* FROM units u WHERE u.building_id IN (SELECT b.id $sel) ORDER BY u.id) TO '$work/ref-units.tsv'" \
                -c "\\copy (SELECT r.* FROM residents r JOIN units u ON u.id = r.unit_id WHERE u.building_id IN (SELECT b.id $sel) ORDER BY r.id) TO '$work/ref-residents.tsv'"
            "$pg_bin/dropdb" -h "$work/pg" -U coprog import
            ./coprog demo --db "$(new_db postgres import2)" --password bench-password >/dev/null 2>&1
            s0=$(date +%s.%N)
            "$pg_bin/psql" -h "$work/pg" -U coprog -d import2 -q -1 -v ON_ERROR_STOP=1 \
                -c "\\copy buildings FROM '$work/ref-buildings.tsv'" -c "\\copy units FROM '$work/ref-units.tsv'" \
                -c "\\copy residents FROM '$work/ref-residents.tsv'"
            s1=$(date +%s.%N)
            "$pg_bin/dropdb" -h "$work/pg" -U coprog import2
            awk -v a="$t0" -v b="$t1" -v c="$s0" -v d="$s1" -v n="$(wc -l <"$work/ref-residents.tsv")" 'BEGIN {
                printf "postgres the database loading the rows the import made (%d residents, their units and buildings) into the same tables with their constraints: %.2f s (import ratio %.1f)\n", n, d - c, (b - a) / (d - c) }'
        fi
        awk -v e=$engine -v a="$t0" -v b="$t1" -v c="$r0" -v d="$r1" 'BEGIN {
            printf "%-8s import of 47,187 residents (38,616 units, 1,486 buildings) with codes: %.2f s; the database bulk-loading the bare file: %.2f s (ratio %.0f)\n", e, b - a, d - c, (b - a) / (d - c) }'
    done
    rm -f "$work/import.db" "$work/ref.db"

    # Seven pages at each multiple of Milan's stock (BENCH_SCALES, default 0.1 1 10: a span of
    # 100x), next to nginx serving the bytes coprog answered. RSS: at rest after the first
    # request of every page, and the peak under each page's load (VmHWM reset before it).
    echo "== pages at 0.1x, 1x and 10x Milan's stock (1x: 38,616 units, 47,187 residents, 38,616 tickets a year)"
    mport=$((cport + 2))
    mnport=$((cport + 3))
    # officer_home and resident_area are the role home pages (/ signed in): what needs them.
    # services and services_board are issue 15's directory (public, cached) and the operations
    # room's board (an officer's, rendered per request); availability is the same directory with
    # tonight's places as the HSDS API (/hsds/services, 3.1's service_capacity).
    # people, by_name and pathway are issue 16's (the social worker's records, the by-name list,
    # a pathway: its GET writes the reading to the log the person sees).
    # commons and network are issue 17's, at 100 times the demo's (at 1x: 800 goods, 300 bodies,
    # 600 pacts): the public register of goods, and the officer's graph of who works with whom.
    pages=${BENCH_PAGES:-home calls call ranking resident_home queue transparency officer_home resident_area services availability services_board people by_name pathway commons network}
    declare -A grow
    printf "%-8s %5s %-14s %8s %10s %8s %8s %10s %7s %8s %9s\n" engine scale page bytes coprog_rps p50 p99 nginx_rps ratio rest_kb peak_kb
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        for scale in ${BENCH_SCALES:-0.1 1 10}; do
            db=milan$(echo "$scale" | tr -d .)
            url=$(new_db $engine "$db")
            /usr/bin/time -f "%e" -o "$work/scale.time" ./coprog demo --db "$url" --password bench-password --scale "$scale" >/dev/null 2>&1
            grow[$engine,$scale,built]=$(cat "$work/scale.time")
            ./coprog serve --db "$url" --listen "127.0.0.1:$mport" 2>"$work/milan.log" &
            mpid=$!
            pids+=("$mpid")
            for _ in $(seq 50); do curl -sf "http://127.0.0.1:$mport/healthz" >/dev/null && break; sleep 0.1; done
            rtok=$(./coprog token create --db "$url" --email resident1@demo.invalid)
            otok=$(./coprog token create --db "$url" --email officer@demo.invalid)
            rm -rf "$work/mwww"
            mkdir -p "$work/mwww"
            declare -A path=([home]=/ [calls]=/calls [call]=/calls/1 [ranking]=/calls/1/ranking
                [resident_home]=/my/home [queue]=/queue [transparency]=/transparency
                [officer_home]=/ [resident_area]=/ [services]=/services [availability]=/hsds/services
                [services_board]=/services/board [commons]=/commons [network]=/network)
            declare -A tok=([resident_home]=$rtok [queue]=$otok [officer_home]=$otok [resident_area]=$rtok
                [services_board]=$otok [network]=$otok)
            # Issue 16's pages, a social worker's: the records, the by-name list, and the pathway
            # of someone in charge with ten street contacts (each GET of it writes its reading).
            stok=$(./coprog token create --db "$url" --email social@demo.invalid)
            pway=$(curl -s -H "Authorization: Bearer $stok" -H 'Accept: application/json' "http://127.0.0.1:$mport/people/by-name" |
                node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).people.find(p=>p.pathway_id).id))')
            path+=([people]=/people [by_name]=/people/by-name [pathway]=/people/$pway/pathway)
            tok+=([people]=$stok [by_name]=$stok [pathway]=$stok)
            t0=$(date +%s.%N)
            for page in $pages; do
                auth=()
                [ -n "${tok[$page]:-}" ] && auth=(-H "Authorization: Bearer ${tok[$page]}")
                curl -s "${auth[@]}" "http://127.0.0.1:$mport${path[$page]}" >"$work/mwww/$page.html"
            done
            t1=$(date +%s.%N)
            grow[$engine,$scale,first]=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
            rest=$(awk '/VmRSS/ {print $2}' "/proc/$mpid/status")
            npid=$(nginx_serve mnginx "$mnport" "$work/mwww" 'location / { try_files $uri.html =404; }')
            sleep 0.5
            for page in $pages; do
                echo 5 >"/proc/$mpid/clear_refs"
                read -r crps cp50 cp99 < <(run "http://127.0.0.1:$mport${path[$page]}" "${tok[$page]:-}")
                peak=$(awk '/VmHWM/ {print $2}' "/proc/$mpid/status")
                read -r nrps _ _ < <(run "http://127.0.0.1:$mnport/$page")
                ratio=$(awk -v a="$crps" -v b="$nrps" 'BEGIN{printf "%.2f", a/b}')
                printf "%-8s %5s %-14s %8s %10s %6sms %6sms %10s %7s %8s %9s\n" $engine "$scale" $page \
                    "$(wc -c <"$work/mwww/$page.html")" "$crps" "$(to_ms "$cp50")" "$(to_ms "$cp99")" "$nrps" "$ratio" "$rest" "$peak"
                grow[$engine,$scale,$page]="$crps $(to_ms "$cp99")"
            done
            kill "$mpid" "$npid"; wait "$mpid" 2>/dev/null || true
            while kill -0 "$npid" 2>/dev/null; do sleep 0.1; done # nginx is not our child
            if [ $engine = sqlite ]; then rm -f "$work/$db.db"*; else "$pg_bin/dropdb" -h "$work/pg" -U coprog "$db"; fi
        done
    done
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        for scale in ${BENCH_SCALES:-0.1 1 10}; do
            echo "$engine ${scale}x: demo --scale $scale built in ${grow[$engine,$scale,built]} s; first request of each of the $(wc -w <<<"$pages") pages (caches cold) ${grow[$engine,$scale,first]} s in all"
        done
    done

    # The curve: req/s and p99 of each page as the data grows, and the ratio of the largest
    # scale's rate to the smallest (1.00 = flat).
    scales=(${BENCH_SCALES:-0.1 1 10})
    echo "== growth: req/s and p99 (ms) of each page as the data grows ${scales[0]}x to ${scales[-1]}x"
    head="engine page"
    for scale in "${scales[@]}"; do head="$head rps_${scale}x p99_${scale}x"; done
    echo "$head kept_ratio"
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        for page in $pages; do
            line="$engine $page"
            for scale in "${scales[@]}"; do line="$line ${grow[$engine,$scale,$page]}"; done
            first=${grow[$engine,${scales[0]},$page]%% *}
            last=${grow[$engine,${scales[-1]},$page]%% *}
            echo "$line $(awk -v a="$last" -v b="$first" 'BEGIN {printf "%.2f", a / b}')"
        done
    done
fi

if [[ " $sections " == *" evening "* ]]; then
    # The evening rush of the low-threshold network on Milan's (the demo's) network of 2,726
    # beds: BENCH_EVENING_RATE holds a minute for BENCH_EVENING_MINUTES, with a watcher
    # following the board as its page does (bench/evening.mjs).
    echo "== evening rush: ${BENCH_EVENING_RATE:-300} holds a minute for ${BENCH_EVENING_MINUTES:-20} minutes, the board watched every 500 ms"
    eport=$((cport + 4))
    for engine in ${BENCH_ENGINES:-sqlite postgres}; do
        url=$(new_db $engine evening)
        ./coprog demo --db "$url" --password bench-password >/dev/null 2>&1
        otok=$(./coprog token create --db "$url" --email officer@demo.invalid)
        ./coprog serve --db "$url" --listen "127.0.0.1:$eport" 2>"$work/evening-$engine.log" &
        epid=$!
        pids+=("$epid")
        for _ in $(seq 50); do curl -sf "http://127.0.0.1:$eport/healthz" >/dev/null && break; sleep 0.1; done
        res=$(RATE=${BENCH_EVENING_RATE:-300} MINUTES=${BENCH_EVENING_MINUTES:-20} node bench/evening.mjs "http://127.0.0.1:$eport" "$otok")
        echo "$engine evening: $res peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$epid/status")"
        kill "$epid"; wait "$epid" 2>/dev/null || true
        if [ $engine = sqlite ]; then rm -f "$work/evening.db"*; else "$pg_bin/dropdb" -h "$work/pg" -U coprog evening; fi
    done
fi

if [[ " $sections " == *" slow "* ]]; then
    echo "== slow clients: idle and trickling connections from other addresses while one client reads the home page"
    ./coprog demo --db "sqlite:$work/slow.db" --password bench-password >/dev/null 2>&1
    sport=$((cport + 4))
    ./coprog serve --db "sqlite:$work/slow.db" --listen "127.0.0.1:$sport" 2>"$work/slow.log" &
    spid=$!
    pids+=("$spid")
    for _ in $(seq 50); do curl -sf "http://127.0.0.1:$sport/healthz" >/dev/null && break; sleep 0.1; done
    for n in 0 1000 2000 5000; do
        echo 5 >"/proc/$spid/clear_refs"
        res=$(node bench/slow.mjs "http://127.0.0.1:$sport/" "$n" "$duration")
        echo "slow $n: $res; coprog peak RSS $(awk '/VmHWM/ {print $2}' "/proc/$spid/status") kB"
    done
    kill "$spid"; wait "$spid" 2>/dev/null || true
fi

node bench/report.mjs bench/out/run.log bench/report.md bench/report.json
echo "report: bench/report.md and bench/report.json"
