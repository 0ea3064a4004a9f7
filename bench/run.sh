#!/usr/bin/env bash
# Benchmarks on generated instances (not a test). Prints one line per instance: wall time,
# peak memory, solver status and gap, doctors at target. Usage: bench/run.sh [threads]
# Instances are written under target/bench (never committed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${1:-2}"
cargo build --release --quiet
bin=target/release/rota-engage
root=target/bench
mkdir -p "$root"
run() { # name doctors departments weeks gap time-limit [extra generate flags]
    local name=$1 doctors=$2 depts=$3 weeks=$4 gap=$5 limit=$6; shift 6
    local dir="$root/$name"
    [ -f "$dir/rota.csv" ] || "$bin" generate --out "$dir" --doctors "$doctors" --departments "$depts" --weeks "$weeks" "$@" >/dev/null
    local t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$dir/mem" "$bin" schedule --rota "$dir/rota.csv" --shifts "$dir/shifts.csv" \
        --meetings "$dir/meetings.csv" --cover "$dir/cover.csv" --policy "$dir/policy.toml" \
        --out "$dir/out" --gap "$gap" --time-limit "$limit" --threads "$threads" --quiet
    local t1=$(date +%s.%N)
    "$bin" schedule --rota "$dir/rota.csv" --shifts "$dir/shifts.csv" --meetings "$dir/meetings.csv" \
        --cover "$dir/cover.csv" --policy "$dir/policy.toml" --out "$dir/baseline" --gap "$gap" \
        --time-limit "$limit" --threads "$threads" --quiet --baseline
    python3 - "$dir" "$name" "$t0" "$t1" <<'PY'
import json, sys
d, name, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
s = json.load(open(f"{d}/out/summary.json"))
b = json.load(open(f"{d}/baseline/summary.json"))
mem = int(open(f"{d}/mem").read().split()[-1]) / 1024
print(f"{name:<34} {t1-t0:7.2f} s  {mem:7.0f} MiB  {s['status']:<10} gap {100*s['gap']:.3f}%  "
      f"{s['doctors_at_target']}/{s['doctors_with_target']} at target  "
      f"{s['occurrences_placed']-s['individual_slots_placed']}/{s['occurrences']-s['individual_slots']} placed  "
      f"slots {s['individual_slots_placed']}/{s['individual_slots']}  parts {s['components']}  "
      f"| by hand: {b['doctors_at_target']}/{b['doctors_with_target']} at target, {b['protected_hours']} h "
      f"vs {s['protected_hours']} h")
PY
}
# Each instance with individual QI slots (the generator's default) and without them.
run dept-40x13w              40 1 13 0 60
run dept-40x13w-group        40 1 13 0 60 --no-individual
run dept-120x26w            120 1 26 0.001 60
run dept-120x26w-group      120 1 26 0.001 60 --no-individual
run trust-2000x26w-40dept    50 40 26 0.01 60 --trust-wide
run trust-2000x26w-40dept-group 50 40 26 0.01 60 --trust-wide --no-individual
