#!/usr/bin/env bash
# Benchmarks on instances made by bench/trust_rota.py, not by `generate` (the speed issue's
# shapes): the hard department (40 doctors, 13 weeks, 3 h / 4 weeks, cover binds), the plain
# department, 120 × 26 weeks, and the trust (40 departments of 50, 26 weeks, trust-wide
# consultation), each at the default settings and stopped at 10 s (the trust also at 30 and 5 s). Not a test: one line per
# run. Usage: bench/outside.sh [threads] [seeds] [trust seeds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${1:-2}"
seeds="${2:-1 2 3 4 5}"
trust_seeds="${3:-1 2 3 4 5}"
cargo build --release --quiet
bin=$PWD/target/release/rota-engage
root=target/bench/outside
mkdir -p "$root"
one() { # name dir limit
    local name=$1 dir=$2 limit=$3 out="$2/out-$3"
    local t0=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$dir/mem-$limit" "$bin" schedule --rota "$dir/rota.csv" \
        --shifts "$dir/shifts.csv" --meetings "$dir/meetings.csv" --cover "$dir/cover.csv" \
        --policy "$dir/policy.toml" --out "$out" --time-limit "$limit" --threads "$threads" --quiet
    local t1=$(date +%s.%N)
    python3 - "$out/summary.json" "$name --time-limit $limit" "$t0" "$t1" "$dir/mem-$limit" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
mem = int(open(sys.argv[5]).read().split()[-1]) / 1024
print(f"{sys.argv[2]:<40} {float(sys.argv[4]) - float(sys.argv[3]):6.2f} s {mem:6.0f} MiB  "
      f"{s['status']:<10} gap {100 * s['gap']:.3f}%  {s['doctor_windows_at_target']}/{s['doctor_windows']} "
      f"doctor-windows  {s['doctors_at_target']}/{s['doctors_with_target']} doctors  "
      f"{s['occurrences_placed']}/{s['occurrences']} placed  parts {s['components']}")
PY
}
for seed in $seeds; do
    d="$root/hard-40x13-$seed"
    python3 bench/trust_rota.py "$d" --departments 1 --doctors 40 --weeks 13 --hours 3 --seed "$seed"
    one "hard dept 40x13 3h/4wk seed $seed" "$d" 60
    one "hard dept 40x13 3h/4wk seed $seed" "$d" 10
    d="$root/dept-40x13-$seed"
    python3 bench/trust_rota.py "$d" --departments 1 --doctors 40 --weeks 13 --seed "$seed"
    one "dept 40x13 seed $seed" "$d" 60
    d="$root/dept-120x26-$seed"
    python3 bench/trust_rota.py "$d" --departments 1 --doctors 120 --weeks 26 --seed "$seed"
    one "dept 120x26 seed $seed" "$d" 60
done
for seed in $trust_seeds; do
    d="$root/trust-$seed"
    python3 bench/trust_rota.py "$d" --seed "$seed"
    one "trust 40x50x26 seed $seed" "$d" 60
    one "trust 40x50x26 seed $seed" "$d" 30
    one "trust 40x50x26 seed $seed" "$d" 10
    one "trust 40x50x26 seed $seed" "$d" 5
done
