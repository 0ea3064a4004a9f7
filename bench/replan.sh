#!/usr/bin/env bash
# Re-planning against a fresh schedule, on instances made by bench/trust_rota.py (not by
# `generate`): schedule, change the rota as rotas change (bench/perturb.py: two shift swaps,
# a week of nights, three days off sick), then re-plan with --previous and, for comparison,
# schedule the changed rota afresh. Reports each run's wall time and what changed against the
# published schedule. Not a test. Usage: bench/replan.sh [threads] [seeds] [trust seeds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads="${1:-2}"
seeds="${2:-1 2 3}"
trust_seeds="${3:-1}"
cargo build --release --quiet
bin=$PWD/target/release/rota-engage
root=target/bench/replan
mkdir -p "$root"
run() { # dir rota out [flags...]: prints the wall time
    local dir=$1 rota=$2 out=$3
    shift 3
    local t0=$(date +%s.%N)
    "$bin" schedule --rota "$dir/$rota" --shifts "$dir/shifts.csv" --meetings "$dir/meetings.csv" \
        --cover "$dir/cover.csv" --policy "$dir/policy.toml" --out "$dir/$out" \
        --threads "$threads" --quiet "$@"
    local t1=$(date +%s.%N)
    python3 -c "print(f'{$t1 - $t0:.2f}')"
}
compare() { # name dir
    local name=$1 dir=$2
    python3 bench/perturb.py "$dir/rota.csv" "$dir/rota2.csv" --seed 7 > "$dir/perturbed.txt"
    local t1 t2 t3
    t1=$(run "$dir" rota.csv v1)
    t2=$(run "$dir" rota2.csv replan --previous "$dir/v1" --organizer "Rota office <rota@example.nhs.uk>")
    t3=$(run "$dir" rota2.csv fresh)
    python3 - "$name" "$dir" "$t1" "$t2" "$t3" <<'PY'
import csv, json, sys
name, d, t1, t2, t3 = sys.argv[1:]
def placed(run):
    with open(f"{d}/{run}/meetings.csv", newline="") as f:
        return {r["occurrence_id"]: (r["start_at"], set(filter(None, r["attendee_ids"].split(";")))) for r in csv.DictReader(f)}
v1, re, fr = placed("v1"), placed("replan"), placed("fresh")
def diff(new):
    moved = sum(1 for o, (s, _) in new.items() if o in v1 and v1[o][0] and s and s != v1[o][0])
    dropped = sum(1 for o, (s, _) in new.items() if o in v1 and v1[o][0] and not s)
    att = sum(len(a ^ v1[o][1]) for o, (s, a) in new.items() if o in v1 and v1[o][0] and s)
    return moved, dropped, att
def windows(run):
    s = json.load(open(f"{d}/{run}/summary.json"))
    return f"{s['doctor_windows_at_target']}/{s['doctor_windows']} {s['status']}"
with open(f"{d}/replan/changes.csv", newline="") as f:
    rows = list(csv.DictReader(f))
print(f"{name:<22} schedule {t1:>6} s ({windows('v1')}) | re-plan {t2:>6} s ({windows('replan')}): "
      f"{len(rows)} change rows, moved/cancelled/attendee changes {diff(re)} | "
      f"afresh {t3:>6} s ({windows('fresh')}): {diff(fr)}")
PY
}
for seed in $seeds; do
    d="$root/dept-120x26-$seed"
    python3 bench/trust_rota.py "$d" --departments 1 --doctors 120 --weeks 26 --seed "$seed"
    compare "dept 120x26 seed $seed" "$d"
done
for seed in $trust_seeds; do
    d="$root/trust-$seed"
    python3 bench/trust_rota.py "$d" --seed "$seed"
    compare "trust seed $seed" "$d"
done
