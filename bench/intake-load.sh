#!/usr/bin/env bash
# Intake under load (issue 4): 50 signed-in volunteers submit 5,000 reports
# at once to `kuager serve` on loopback, on SQLite (encrypted, key file) and
# PostgreSQL; every report must be stored exactly once and the change log
# must verify. Prints one BENCH line per backend and run.
#
#   bench/intake-load.sh [RUNS]      (default 3)
#
# PostgreSQL: KUAGER_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# each run makes and drops its own database. The per-address limiter is
# raised for the run (every client is 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
export KUAGER_TEST_PG_URL=${KUAGER_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS" >&2
  cargo nextest run --release -p kuager-cli --run-ignored only --no-capture \
    -E 'binary(protection) & test(bench_fifty_volunteers_five_thousand_reports)' 2>&1 |
    grep '^BENCH'
done
