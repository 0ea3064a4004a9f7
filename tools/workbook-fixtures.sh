#!/usr/bin/env bash
# Remakes tests/data/workbooks/*.ods and *.xls: the test fixtures of tests/import.rs written as
# .xlsx, then saved by LibreOffice (Debian's libreoffice-calc-nogui) as .ods and .xls, so that
# the tests read those formats as a coordinator's own files would be. Not run in CI; the
# saved files are committed (made-up names only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v soffice >/dev/null || { echo "needs soffice (apt-get install libreoffice-calc-nogui)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ROTA_ENGAGE_FIXTURES="$tmp" cargo test --release --test integration import::write_fixtures -- --ignored --exact >/dev/null
mkdir -p tests/data/workbooks
for f in "$tmp"/*.xlsx; do
    soffice --headless --convert-to ods --outdir tests/data/workbooks "$f" >/dev/null
    soffice --headless --convert-to xls --outdir tests/data/workbooks "$f" >/dev/null
done
ls -l tests/data/workbooks
