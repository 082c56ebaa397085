#!/usr/bin/env bash
# Ingest benchmark for Kuager on synthetic documents.
#
#   bench/run.sh [N ...]          default sizes: 1000 10000 50000
#
# For each N and backend: generate N documents (cached in bench/out/corpus-N-sSEED),
# ingest them RUNS times into a fresh database each time under /usr/bin/time -v,
# record wall time and peak RSS, then print a Markdown table of medians and the
# growth of the cost per 1,000 documents. Raw rows go to bench/out/results.tsv;
# the table, per-run timelines and logs and quality reports to bench/out/SESSION/.
#
# Environment:
#   RUNS=3                 runs per (N, backend), each on a fresh database
#   RUNS_<N>               runs for one size only, e.g. RUNS_50000=1
#   BACKENDS="sqlite postgres"
#   SEED=1                 corpus seed
#   TIMEOUT=900            seconds before a run is stopped (recorded as rc 124)
#   EVAL_N="1000"          sizes whose first run is scored against the truth
#   BUILD=1                build release binaries first (0: use what is there)
#   SAMPLE=1               record a per-second timeline (RSS, CPU, database size)
#                          of each run in bench/out/SESSION/timeline-N-backend-run.tsv
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   (trust auth, loopback only)
#   KUAGER_LOG=info,kuager_identity=debug   kuager's own phase timings, kept in
#                          bench/out/SESSION/log-N-backend-run.txt, parsed into the table
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
RUNS=${RUNS:-3}
BACKENDS=${BACKENDS:-"sqlite postgres"}
SEED=${SEED:-1}
TIMEOUT=${TIMEOUT:-900}
EVAL_N=${EVAL_N:-1000}
BUILD=${BUILD:-1}
SAMPLE=${SAMPLE:-1}
export KUAGER_LOG=${KUAGER_LOG:-info,kuager_identity=debug}
export NO_COLOR=1
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
if [ "$#" -gt 0 ]; then SIZES=("$@"); else read -r -a SIZES <<<"${SIZES:-1000 10000 50000}"; fi

case "$PGHOST" in
127.0.0.1 | localhost | ::1) ;;
*)
    echo "PGHOST must be a loopback address (got $PGHOST)" >&2
    exit 2
    ;;
esac

mkdir -p "$OUT"
KUAGER="$ROOT/target/release/kuager"
GEN="$ROOT/target/release/kuager-gen"
RESULTS="$OUT/results.tsv"
SESSION="$(date +%Y%m%dT%H%M%S)-$$"
RUNDIR="$OUT/$SESSION"
mkdir -p "$RUNDIR"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (/usr/bin/time)..." >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    $sudo apt-get install -y time >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y time >/dev/null; }
fi

if [ "$BUILD" = 1 ]; then
    (cd "$ROOT" && cargo build --release -p kuager-cli -p kuager-bench)
fi

commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]; then commit="$commit+dirty"; fi

HEADER='session\tcommit\tn\tbackend\trun\trc\twall_s\tmax_rss_kb\tpersons\tingest_s\tdocs_bytes\textract_store_s\tload_s\tresolve_s\twrite_s\n'
if [ ! -f "$RESULTS" ]; then
    printf "$HEADER" >"$RESULTS"
elif ! head -1 "$RESULTS" | grep -q write_s; then
    # Older files lack the phase columns: extend the header, keep the rows.
    { printf "$HEADER"; tail -n +2 "$RESULTS"; } >"$RESULTS.new" && mv "$RESULTS.new" "$RESULTS"
fi

# "1:02.34" or "1:02:03.4" -> seconds
to_seconds() {
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

# Timeline of one run, one line a second: elapsed s, RSS MB, CPU s of the
# kuager process, database MB. The phases show in it: extraction and inserts
# (database growing, RSS small), resolution (RSS jumps, database flat),
# writing the resolution (database grows again).
sample_run() {
    local parent=$1 backend=$2 pid="" t0 now
    t0=$(date +%s.%N)
    printf 't_s\trss_mb\tcpu_s\tdb_mb\n'
    while kill -0 "$parent" 2>/dev/null; do
        if [ -z "$pid" ]; then
            local timepid
            timepid=$(pgrep -P "$parent" | head -1 || true)
            [ -n "$timepid" ] && pid=$(pgrep -P "$timepid" | head -1 || true)
        fi
        if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
            now=$(date +%s.%N)
            local rss cpu db
            rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true)
            cpu=$(awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$pid/stat" 2>/dev/null || true)
            if [ "$backend" = sqlite ]; then
                db=$(du -cm "$TMPD"/bench.db* 2>/dev/null | tail -1 | cut -f1)
            else
                db=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc \
                    "select pg_database_size('$PGDB') / 1048576" 2>/dev/null || true)
            fi
            printf '%.1f\t%s\t%s\t%s\n' "$(awk -v a="$t0" -v b="$now" 'BEGIN{print b - a}')" \
                "${rss:-}" "${cpu:-}" "${db:-}"
        fi
        sleep 1
    done
}

cleanup_db() {
    if [ -n "${PGDB:-}" ]; then
        dropdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" --if-exists "$PGDB" 2>/dev/null || true
        PGDB=
    fi
    if [ -n "${TMPD:-}" ]; then
        rm -rf "$TMPD"
        TMPD=
    fi
}
trap cleanup_db EXIT INT TERM

# The cached corpora are valid while the generator's sources are unchanged.
fingerprint=$(cat "$ROOT"/crates/kuager-bench/src/*.rs "$ROOT"/crates/kuager-bench/data/* | sha256sum | cut -c1-16)

for n in "${SIZES[@]}"; do
    corpus="$OUT/corpus-$n-s$SEED"
    if [ "$(cat "$corpus/.complete" 2>/dev/null)" != "$fingerprint" ]; then
        echo "generating $n documents -> $corpus" >&2
        rm -rf "$corpus"
        start=$(date +%s.%N)
        "$GEN" --docs "$n" --out "$corpus" --seed "$SEED"
        end=$(date +%s.%N)
        echo "generated in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') s" >&2
        echo "$fingerprint" >"$corpus/.complete"
    fi
    bytes=$(find "$corpus" -name 'kg*.txt' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
    runs_var="RUNS_$n"
    runs=${!runs_var:-$RUNS}
    for backend in $BACKENDS; do
        for run in $(seq 1 "$runs"); do
            TMPD=$(mktemp -d "$OUT/tmp.XXXXXX")
            case "$backend" in
            sqlite)
                url="sqlite://$TMPD/bench.db"
                ;;
            postgres)
                PGDB="kuager_bench_${n}_${run}_$$"
                createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$PGDB"
                url="postgres://$PGUSER@$PGHOST:$PGPORT/$PGDB"
                ;;
            *)
                echo "unknown backend $backend" >&2
                exit 2
                ;;
            esac
            echo "N=$n $backend run $run/$runs ..." >&2
            set +e
            timeout "$TIMEOUT" /usr/bin/time -v -o "$TMPD/time.txt" \
                "$KUAGER" --db "$url" ingest "$corpus" --json >"$TMPD/ingest.json" 2>"$TMPD/stderr.txt" &
            tpid=$!
            if [ "$SAMPLE" = 1 ]; then
                sample_run "$tpid" "$backend" >"$RUNDIR/timeline-$n-$backend-$run.tsv" &
                spid=$!
            fi
            wait "$tpid"
            rc=$?
            if [ "$SAMPLE" = 1 ]; then wait "$spid" 2>/dev/null; fi
            set -e
            wall=$(grep -m1 'Elapsed (wall clock)' "$TMPD/time.txt" 2>/dev/null | awk '{print $NF}' || true)
            wall=$([ -n "$wall" ] && to_seconds "$wall" || echo NA)
            rss=$(grep -m1 'Maximum resident set size' "$TMPD/time.txt" 2>/dev/null | awk '{print $NF}' || true)
            persons=$(grep -m1 -E '^  "persons": ' "$TMPD/ingest.json" | tr -dc '0-9' || true)
            ingest_s=$(grep -m1 -E '^  "seconds": ' "$TMPD/ingest.json" | sed -E 's/.*: ([0-9.]+).*/\1/' || true)
            # timeout kills its whole process group, itself included, so a
            # run it stopped may end with 124 or 143 (SIGTERM).
            if [ "$rc" -eq 124 ] || { [ "$rc" -eq 143 ] && [ "$wall" != NA ] &&
                awk -v w="$wall" -v t="$TIMEOUT" 'BEGIN { exit !(w >= 0.95 * t) }'; }; then
                echo "  stopped after ${TIMEOUT} s" >&2
                rc=124
                wall="$TIMEOUT"
            elif [ "$rc" -ne 0 ]; then
                echo "  kuager exited with $rc:" >&2
                tail -5 "$TMPD/stderr.txt" >&2 || true
            fi
            # kuager's own phase timings (from its log, when it writes them).
            sed -E 's/\x1b\[[0-9;]*m//g' "$TMPD/stderr.txt" >"$RUNDIR/log-$n-$backend-$run.txt" || true
            field() { grep -m1 "$1" "$RUNDIR/log-$n-$backend-$run.txt" | grep -oE "$2=[0-9.]+" | cut -d= -f2 || true; }
            extract_store_s=$(field 'documents read, extracted and stored' seconds)
            load_s=$(field 'resolved the register' load_s)
            resolve_s=$(field 'resolved the register' resolve_s)
            write_s=$(field 'resolved the register' store_s)
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SESSION" "$commit" "$n" "$backend" "$run" "$rc" \
                "$wall" "${rss:-NA}" "${persons:-NA}" "${ingest_s:-NA}" "$bytes" \
                "${extract_store_s:-NA}" "${load_s:-NA}" "${resolve_s:-NA}" "${write_s:-NA}" >>"$RESULTS"
            echo "  wall ${wall} s, peak RSS $(awk -v k="${rss:-0}" 'BEGIN{printf "%.0f", k/1024}') MB, persons ${persons:-NA}" >&2
            if [ "$run" -eq 1 ] && [ "$rc" -eq 0 ] && [[ " $EVAL_N " == *" $n "* ]]; then
                "$KUAGER" --db "$url" persons --json >"$RUNDIR/persons-$n-$backend.json"
                "$GEN" eval --truth "$corpus/truth.tsv" --persons "$RUNDIR/persons-$n-$backend.json" \
                    >"$RUNDIR/quality-$n-$backend.txt"
                echo "  quality -> bench/out/$SESSION/quality-$n-$backend.txt" >&2
            fi
            cleanup_db
        done
    done
done

# Summary of this session: medians per (N, backend) and growth.
awk -F'\t' -v s="$SESSION" '
function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 == s && $6 == 0 {
    k = $3 "\t" $4
    if (!(k in wall)) { order[++m] = k }
    wall[k] = wall[k] " " $7; rss[k] = rss[k] " " $8; runs[k]++; persons[k] = $9; bytes[k] = $11
    if ($12 != "" && $12 != "NA") { ex[k] = ex[k] " " $12; rv[k] = rv[k] " " ($13 + $14); wr[k] = wr[k] " " $15 }
}
$1 == s && $6 != 0 {
    k = $3 "\t" $4
    if ($6 == 124) { stopped[k]++; stopped_at[k] = $7 } else { failed[k]++ }
    if (!(k in wall) && !(k in seen)) { seen[k] = 1; order[++m] = k }
}
END {
    print "| N docs | backend | runs | median wall s | median peak RSS MB | docs/s | s per 1k docs | persons | read+extract+store s | load+resolve s | write resolution s |"
    print "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= m; i++) {
        k = order[i]; split(k, p, "\t")
        if (!(k in wall)) {
            if (k in stopped) printf "| %s | %s | %d stopped | > %d (stopped) | – | < %.0f | > %.3f | – | – | – | – |\n", p[1], p[2], stopped[k], stopped_at[k], p[1] / stopped_at[k], stopped_at[k] / (p[1] / 1000)
            else printf "| %s | %s | %d failed | – | – | – | – | – | – | – | – |\n", p[1], p[2], failed[k]
            continue
        }
        w = median(wall[k]); r = median(rss[k]) / 1024
        per1k = w / (p[1] / 1000)
        note = (k in failed) ? sprintf(" (+%d failed)", failed[k]) : ""
        if (k in stopped) note = note sprintf(" (+%d stopped)", stopped[k])
        phases = (k in ex) ? sprintf(" %.1f | %.1f | %.1f |", median(ex[k]), median(rv[k]), median(wr[k])) : " – | – | – |"
        printf "| %s | %s | %d%s | %.2f | %.0f | %.0f | %.3f | %s |%s\n", p[1], p[2], runs[k], note, w, r, p[1] / w, per1k, persons[k], phases
        W[p[2], p[1]] = w; if (!(p[2] in B)) { B[p[2]] = 1; blist[++nb] = p[2] } ; Ns[p[2]] = Ns[p[2]] " " p[1]
    }
    print ""
    print "Growth (time per 1,000 documents; exponent b in t ~ N^b between consecutive sizes):"
    print ""
    for (j = 1; j <= nb; j++) {
        b = blist[j]; n = split(Ns[b], ns, " "); line = "- " b ": "
        for (i = 1; i <= n; i++) {
            line = line sprintf("%s docs %.3f s/1k", ns[i], W[b, ns[i]] / (ns[i] / 1000))
            if (i > 1) line = line sprintf(" (b = %.2f)", log(W[b, ns[i]] / W[b, ns[i-1]]) / log(ns[i] / ns[i-1]))
            if (i < n) line = line "; "
        }
        print line
    }
}' "$RESULTS" | tee "$RUNDIR/summary.md"
echo >&2
echo "raw results: bench/out/results.tsv (session $SESSION); table, timelines, logs: bench/out/$SESSION/" >&2
