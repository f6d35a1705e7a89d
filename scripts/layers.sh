#!/bin/bash
# The shape of the code, checked from the #include lines: each floor uses only floors below it
# (base, check < db, view < web < modules < app < cli < main.c), the modules follow their
# declared order (src/modules/ORDER): a module includes only the modules its line names, and
# those stand on earlier lines, so the order has no cycle; and no routes.c runs SQL. Prints
# each breach; exit 1 on any.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
fail() { echo "layers: $*"; status=1; }
includes() { grep -ho '#include "[a-z_]*/[a-z_]*' "$@" 2>/dev/null | sed 's|#include "||' | sort -u || true; }

# Floors: what each may include.
declare -A allowed=([base]="base" [check]="base check" [db]="base db" [view]="base view"
    [web]="base check db view web" [modules]="base check db view web modules"
    [app]="base check db view web modules app" [cli]="base check db view web modules app cli")
for floor in "${!allowed[@]}"; do
    for inc in $(includes $(find "src/$floor" -name '*.[ch]')); do
        top=${inc%%/*}
        [[ " ${allowed[$floor]} " == *" $top "* ]] || fail "src/$floor includes $inc (a floor above it)"
    done
done

# Modules: the declared order.
declare -A line_of deps_of
n=0
while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    n=$((n + 1))
    mod=${line%%:*}
    [ -n "${line_of[$mod]:-}" ] && fail "src/modules/ORDER names $mod twice"
    line_of[$mod]=$n
    deps_of[$mod]=${line#*:}
    for d in ${deps_of[$mod]}; do
        [ -n "${line_of[$d]:-}" ] || fail "src/modules/ORDER: $mod uses $d, which is not on an earlier line"
    done
done <src/modules/ORDER
for dir in src/modules/*/; do
    mod=$(basename "$dir")
    [ -n "${line_of[$mod]:-}" ] || { fail "module $mod is not in src/modules/ORDER"; continue; }
    for inc in $(includes "$dir"*.[ch]); do
        [[ $inc == modules/* ]] || continue
        used=${inc#modules/}
        [ "$used" = "$mod" ] && continue
        [[ " ${deps_of[$mod]} " == *" $used "* ]] || fail "module $mod includes $used, which its line in src/modules/ORDER does not name"
    done
done
# routes.c holds HTTP only: its module's functions run the SQL.
for f in src/modules/*/routes.c; do
    if grep -nE '\bdb_(query|query_int|query_json|query_object|exec)\(' "$f" >/dev/null; then
        fail "$f runs SQL (move it into its module's functions): $(grep -cE '\bdb_(query|query_int|query_json|query_object|exec)\(' "$f") calls"
    fi
done
for mod in "${!line_of[@]}"; do
    [ -d "src/modules/$mod" ] || fail "src/modules/ORDER names $mod, which does not exist"
done
[ $status = 0 ] && echo "layers: $n modules in their declared order, every floor below the next"
exit $status
