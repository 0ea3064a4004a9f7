#!/usr/bin/env bash
# Import, `check` and `import` of a workbook at 1x, 10x and 100x the demo department's size, and a 500,000-row rota:
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
# A coordinator's workbook (rota_sheet.xlsx: doctors across, dates down, a legend block):
# `import` at 46 doctors x 13 weeks and 300 doctors x 26 weeks, and its CSV save.
for spec in "sheet-46x13 46 13" "sheet-300x26 300 26"; do
    set -- $spec
    name=$1 doctors=$2 weeks=$3
    dir="$root/$name"
    [ -f "$dir/rota_sheet.xlsx" ] || "$bin" generate --out "$dir" --doctors "$doctors" --weeks "$weeks" --workbook >/dev/null
    rm -rf "$dir/imported"
    measure "import rota_sheet.xlsx $name" "$bin" import "$dir/rota_sheet.xlsx" --out "$dir/imported"
    rows=$(($(wc -l <"$dir/imported/rota.csv") - 1))
    echo "  ($rows rows read; $(du -k "$dir/rota_sheet.xlsx" | cut -f1) KiB workbook)"
    measure "validate --rota rota_sheet.xlsx $name" "$bin" validate --rota "$dir/rota_sheet.xlsx"
done
