#!/usr/bin/env bash
# Fuzzes the readers and the whole `validate` path with cargo-fuzz (libFuzzer). Not run in CI.
# Usage: fuzz/run.sh [seconds per target, default 600] [targets...]
# Needs a nightly toolchain; installs cargo-fuzz from crates.io if it is missing. The seeds in
# fuzz/seeds/ are read, never written; what the fuzzer finds goes to fuzz/target/corpus/, and
# a crash to fuzz/artifacts/<target>/ (keep each as a test in tests/bad_input.rs once fixed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
secs="${1:-600}"
shift || true
targets="${*:-rota shifts meetings cover policy validate workbook sheet}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in $targets; do
    mkdir -p "target/corpus/$t"
    echo "== $t: ${secs} s"
    cargo +nightly fuzz run --sanitizer none "$t" "target/corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 2>&1 |
        grep -E "^(==|#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|.*(panicked|ERROR|SUMMARY|crash-))" || true
done
