#!/usr/bin/env bash
# Whether two builds write the same schedules: runs BEFORE and AFTER (two binaries) on the
# demo department and on outside instances (../shared/outside: gen.py's and the two ward
# rosters), each at two threads and a time limit long enough that no solve stops for time, and
# compares every output file byte for byte (summary.json's solve seconds and the report's
# figure of them aside). For a refactor that must change nothing. Not a test: one line per
# instance, and exit 1 if any differs.
#
#   bench/same_bytes.sh BEFORE AFTER [SEEDS]     (from the project's root; SEEDS default "1 2")
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
before=$1 after=$2 seeds=${3:-1 2}
outside=../shared/outside
cache=${OUTSIDE_CACHE:-$HOME/.cache/rota-engage-outside}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"
gen() { # NAME ARGS...: a generated instance, made once
    local name=$1; shift
    [ -f "$cache/$name/rota.csv" ] || python3 "$outside/gen.py" "$@" --out "$cache/$name" >/dev/null 2>&1
    echo "$cache/$name"
}
differs=0
one() { # LABEL DIR
    local label=$1 d=$2 a
    a=(--rota "$d/rota.csv" --shifts "$d/shifts.csv" --meetings "$d/meetings.csv")
    [ -f "$d/cover.csv" ] && a+=(--cover "$d/cover.csv")
    [ -f "$d/policy.toml" ] && a+=(--policy "$d/policy.toml")
    for which in before after; do
        local bin=$before
        [ $which = after ] && bin=$after
        SOURCE_DATE_EPOCH=1796083200 "$bin" schedule "${a[@]}" --out "$work/$which" \
            --threads 2 --time-limit 600 --quiet || { echo "$label: $which failed"; differs=1; return; }
        # Solve times are not the schedule's.
        sed -i -E 's/"solve_seconds": [0-9.e+-]+/"solve_seconds": 0/' "$work/$which/summary.json"
        sed -i -E 's/[0-9]+\.[0-9]+ s, ([0-9]+ independent)/0 s, \1/g' "$work/$which/report.html"
    done
    if diff -r -q "$work/before" "$work/after" >"$work/diff"; then
        printf '%-28s same (%s files, status %s)\n' "$label" "$(find "$work/after" -type f | wc -l)" \
            "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['status'])" "$work/after/summary.json")"
    else
        printf '%-28s DIFFERS:\n' "$label"
        sed 's/^/    /' "$work/diff"
        differs=1
    fi
    rm -rf "$work/before" "$work/after"
}
one "demo" data
one "ward100" "$outside/ward100"
one "ward120a" "$outside/ward120a"
for s in $seeds; do
    one "dept 40x13 #$s" "$(gen "dept-$s" --doctors 40 --departments 1 --weeks 13 --seed "$((100 + s))")"
    one "trio 45x8 #$s" "$(gen "trio-$s" --doctors 45 --departments 3 --weeks 8 --seed "$((400 + s))" --cover)"
    one "big 120x26 #$s" "$(gen "big-$s" --doctors 120 --departments 1 --weeks 26 --seed "$((300 + s))")"
done
exit $differs
