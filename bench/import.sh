#!/usr/bin/env bash
# Import and `check` at 1x, 10x and 100x the demo department's size, and a 500,000-row rota:
# wall time and peak memory, to show both grow linearly (not a test). Usage: bench/import.sh
# Instances are generated under target/bench-import (never committed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --quiet
bin=target/release/rota-engage
root=target/bench-import
mkdir -p "$root"
measure() { # label command...
    local label=$1; shift
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$root/mem" "$@" >/dev/null 2>"$root/err" || true
    t1=$(date +%s.%N)
    printf '%-44s %7.2f s %7.0f MiB\n' "$label" "$(awk "BEGIN{print $t1 - $t0}")" "$(($(tail -1 "$root/mem") / 1024))"
}
for spec in "1x 1" "10x 10" "100x 100" "500k 120"; do
    set -- $spec
    name=$1 depts=$2
    dir="$root/$name"
    [ -f "$dir/rota.csv" ] || "$bin" generate --out "$dir" --departments "$depts" --doctors 46 --weeks 13 >/dev/null
    rows=$(($(wc -l <"$dir/rota.csv") - 1))
    args=(--rota "$dir/rota.csv" --shifts "$dir/shifts.csv" --meetings "$dir/meetings.csv" --cover "$dir/cover.csv" --policy "$dir/policy.toml")
    measure "validate $name ($rows rows)" "$bin" validate "${args[@]}"
    measure "check --format json $name ($rows rows)" "$bin" check "${args[@]}" --format json
    measure "validate grid form $name" "$bin" validate --rota "$dir/rota_grid.csv" --shifts "$dir/shifts.csv"
done
