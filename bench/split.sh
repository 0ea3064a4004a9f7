#!/usr/bin/env bash
# Each department's windows solved as one part (ROTA_ENGAGE_SPLIT=0) against window-spanning
# occurrences split per window, their windows chosen afterwards (ROTA_ENGAGE_SPLIT=1; the
# default for a department at these limits), on A&E rotas made by
# bench/ae_rota.py (not by `generate`), five seeds, two targets. Not a test: prints one line per
# run. Usage: bench/split.sh [threads]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${1:-2}"
cargo build --release --quiet
bin=$PWD/target/release/rota-engage
root=target/bench/split
mkdir -p "$root"
for target in default 3; do
    for seed in 1 2 3 4 5; do
        dir="$root/ae-$target-$seed"
        if [ "$target" = default ]; then
            python3 bench/ae_rota.py "$dir" --seed "$seed"
        else
            python3 bench/ae_rota.py "$dir" --seed "$seed" --hours "$target" --per-weeks 4
        fi
        for mode in split whole; do
            env=(ROTA_ENGAGE_SPLIT=0)
            [ "$mode" = split ] && env=(ROTA_ENGAGE_SPLIT=1)
            t0=$(date +%s.%N)
            env "${env[@]}" "$bin" schedule --rota "$dir/rota.csv" --shifts "$dir/shifts.csv" \
                --meetings "$dir/meetings.csv" --policy "$dir/policy.toml" --out "$dir/$mode" \
                --gap 0 --time-limit 120 --threads "$threads" --quiet
            t1=$(date +%s.%N)
            python3 - "$dir/$mode/summary.json" "ae target=$target seed=$seed $mode" "$t0" "$t1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<34} {float(sys.argv[4]) - float(sys.argv[3]):6.2f} s  {s['status']:<10} "
      f"gap {100 * s['gap']:.4f}% ({s['gap_scope']})  {s['doctor_windows_at_target']}/{s['doctor_windows']} "
      f"doctor-windows  {s['doctors_at_target']}/{s['doctors_with_target']} doctors  parts {s['components']}")
PY
        done
    done
done
