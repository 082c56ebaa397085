#!/usr/bin/env bash
# Web app benchmark for Kuager (issue 3).
#
#   bench/web.sh
#
# For each backend: fill a fresh database with a synthetic register
# (`kuager-gen casework`: PEOPLE people, EVENTS events, documents naming the
# people, reports, an analyst account), start `kuager serve` on loopback,
# log in with curl, and load it from a second process with wrk for
# DURATION seconds per run, RUNS runs per endpoint, at CONNECTIONS open
# connections:
#
#   person  GET /persons/<id>        a random one of SAMPLES person ids
#   search  GET /search?q=<name>     a random one of SAMPLES queries (Cyrillic and Latin)
#   report  POST /reports            the volunteer's intake form (multipart, logged in)
#   publist   GET /lists/...          the public site's list pages (anonymous): every list,
#                          pages, region filters and orders, from the site's own API
#   pubperson GET /people/<handle>    public person pages (anonymous), of people the
#                          public lists show
#                          (both need PUBLISH > 0: the share of events the generator publishes)
#   public  POST /report             the public form (multipart, anonymous); not in the
#                          default ENDPOINTS: it allows 10 posts a minute per address, so it
#                          needs SERVE_ARGS="--attempts-per-minute 100000000"
#                          (`kuager serve --attempts-per-minute`)
#
# Each endpoint gets a WARMUP-second run first, not recorded. Search runs
# before the form posts, so the reports the posts add do not change what
# search reads. Rows go to bench/out/web-results.tsv; the table of medians,
# the generator's and the server's logs to bench/out/web-SESSION/.
#
# Environment:
#   RUNS=3 DURATION=15 WARMUP=5 CONNECTIONS=16 THREADS=1
#   BACKENDS="sqlite postgres"
#   ENDPOINTS="person search report"
#   PEOPLE=100000 EVENTS=300000 SEED=1 SAMPLES=5000
#   PUBLISH=0              percentage of events the generator publishes (with consent)
#   BUILD=1                build release binaries first (0: use what is there)
#   REUSE=0                1: keep the database of an earlier run when it is there
#                          (bench/out/web-sqlite.db, PostgreSQL kuager_bench_web) and
#                          skip generating; it then holds that run's posted reports too
#   KEEP=0                 1: do not drop the PostgreSQL database at the end
#   KUAGER, GEN            the binaries (default: target/release/kuager, kuager-gen), to
#                          compare builds on the same databases (with REUSE=1)
#   PORT=18080
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   (trust auth, loopback only)
#   SERVE_ARGS=""          more arguments for `kuager serve`
#   KUAGER_LOG=warn        the server's log filter (its log: bench/out/web-SESSION/server-BACKEND.log)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
RUNS=${RUNS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-1}
BACKENDS=${BACKENDS:-"sqlite postgres"}
ENDPOINTS=${ENDPOINTS:-"person search report"}
PEOPLE=${PEOPLE:-100000}
EVENTS=${EVENTS:-300000}
SEED=${SEED:-1}
SAMPLES=${SAMPLES:-5000}
PUBLISH=${PUBLISH:-0}
BUILD=${BUILD:-1}
REUSE=${REUSE:-0}
KEEP=${KEEP:-0}
PORT=${PORT:-18080}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
PGDB=kuager_bench_web
USER_NAME=bench
PASSWORD=bench-password-2026
# The public site's rebuilds are logged at info: their times go in the results.
export KUAGER_LOG=${KUAGER_LOG:-warn,kuager_web::site=info}
export NO_COLOR=1

case "$PGHOST" in
127.0.0.1 | localhost | ::1) ;;
*)
    echo "PGHOST must be a loopback address (got $PGHOST)" >&2
    exit 2
    ;;
esac

KUAGER=${KUAGER:-"$ROOT/target/release/kuager"}
GEN=${GEN:-"$ROOT/target/release/kuager-gen"}
BASE="http://127.0.0.1:$PORT"
SESSION="$(date +%Y%m%dT%H%M%S)-$$"
RUNDIR="$OUT/web-$SESSION"
RESULTS="$OUT/web-results.tsv"
mkdir -p "$RUNDIR"

need() {
    command -v "$1" >/dev/null && return 0
    echo "installing $2 (for $1)..." >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    $sudo apt-get install -y "$2" >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$2" >/dev/null; }
}
need wrk wrk
need curl curl

if [ "$BUILD" = 1 ]; then
    (cd "$ROOT" && cargo build --release -p kuager-cli -p kuager-bench)
fi

commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]; then commit="$commit+dirty"; fi

if [ ! -f "$RESULTS" ]; then
    printf 'session\tcommit\tbackend\tendpoint\trun\tconnections\tduration_s\trequests\trps\tp50_ms\tp95_ms\tp99_ms\tmax_ms\tmean_ms\tstatus_errors\tsocket_errors\tserver_cpu_pct\tload1\n' >"$RESULTS"
fi

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
drop_pg() {
    if [ "$KEEP" != 1 ]; then
        dropdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" --if-exists "$PGDB" 2>/dev/null || true
    fi
}
cleanup() {
    stop_server
    if [[ " $BACKENDS " == *" postgres "* ]]; then drop_pg; fi
    rm -f "$RUNDIR"/cookies-*.txt
}
trap cleanup EXIT INT TERM

# CPU seconds (user + system) a process has used.
cpu_seconds() {
    awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

for backend in $BACKENDS; do
    case "$backend" in
    sqlite)
        db_file="$OUT/web-sqlite.db"
        url="sqlite://$db_file"
        fresh() { rm -f "$db_file" "$db_file-wal" "$db_file-shm"; }
        present() { [ -f "$db_file" ]; }
        ;;
    postgres)
        url="postgres://$PGUSER@$PGHOST:$PGPORT/$PGDB"
        fresh() {
            dropdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" --if-exists "$PGDB"
            createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$PGDB"
        }
        present() {
            [ "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc \
                "SELECT 1 FROM pg_database WHERE datname = '$PGDB'")" = 1 ]
        }
        ;;
    *)
        echo "unknown backend $backend" >&2
        exit 2
        ;;
    esac
    samples="$OUT/web-samples-$backend"
    if [ "$REUSE" = 1 ] && present && [ -s "$samples/person-paths.txt" ]; then
        echo "$backend: reusing the database of an earlier run" >&2
    else
        fresh
        echo "$backend: generating $PEOPLE people and $EVENTS events..." >&2
        start=$(date +%s.%N)
        "$GEN" casework --db "$url" --people "$PEOPLE" --events "$EVENTS" --seed "$SEED" \
            --samples "$samples" --sample-count "$SAMPLES" --user "$USER_NAME" --password "$PASSWORD" \
            --publish "$PUBLISH" \
            2>&1 | tee "$RUNDIR/generate-$backend.log" >&2
        end=$(date +%s.%N)
        echo "$backend: generated in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.0f", b-a}') s" >&2
    fi
    if [ "$backend" = postgres ]; then
        # Fresh statistics for the planner, as autovacuum would give them in time.
        psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDB" -qc "VACUUM ANALYZE" >/dev/null
    fi

    # shellcheck disable=SC2086 # SERVE_ARGS is a list of words
    "$KUAGER" --db "$url" serve --addr "127.0.0.1:$PORT" ${SERVE_ARGS:-} 2>"$RUNDIR/server-$backend.log" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        if curl -s -o /dev/null "$BASE/login"; then break; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "kuager serve exited:" >&2
            cat "$RUNDIR/server-$backend.log" >&2
            exit 1
        fi
        sleep 0.2
    done

    cookie=""
    # Staff pages need an analyst's session; the public site none.
    if [[ " $ENDPOINTS " =~ " "(person|search|report|public)" " ]]; then
    # Log in as a browser would: the login form's anti-forgery field
    # matches its cookie; then the session's token for the report form.
    jar="$RUNDIR/cookies-$backend.txt"
    rm -f "$jar"
    csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//')
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
        --data-urlencode "csrf=$csrf" --data-urlencode "name=$USER_NAME" --data-urlencode "password=$PASSWORD" \
        "$BASE/login")
    token=$(awk '$6 == "kuager_session" { print $7 }' "$jar")
    if [ "$code" != 303 ] || [ -z "$token" ]; then
        echo "logging in failed (HTTP $code)" >&2
        exit 1
    fi
    cookie="Cookie: kuager_session=$token"
    # Analysts need a second factor: enrol as the user would, reading the
    # secret off the page and computing the code (RFC 6238) with Python.
    totp_page=$(curl -s -H "$cookie" "$BASE/account/totp")
    secret=$(grep -o 'id="totp-secret"[^>]*>[A-Z2-7 ]*<' <<<"$totp_page" | sed 's/.*>//; s/<$//; s/ //g')
    totp_csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$totp_page" | head -1 | sed 's/.*value="//; s/"$//')
    totp=$(python3 -c '
import base64, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
offset = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7fffffff) % 1000000))
' "$secret")
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" \
        --data-urlencode "csrf=$totp_csrf" --data-urlencode "code=$totp" "$BASE/account/totp")
    if [ "$code" != 303 ]; then
        echo "enrolling the second factor failed (HTTP $code)" >&2
        exit 1
    fi
    form_csrf=$(curl -s -H "$cookie" "$BASE/reports/new" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//')
    # An anonymous visitor of the public form: its token is also its cookie.
    anon_csrf=$(curl -s -D - -o /dev/null "$BASE/report" | grep -io 'kuager_csrf=[0-9a-f]*' | head -1 | cut -d= -f2)
    # One request of each kind must succeed before the load starts.
    first_person=$(head -1 "$samples/person-paths.txt")
    first_search=$(head -1 "$samples/search-paths.txt")
    for path in "$first_person" "$first_search"; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$BASE$path")
        if [ "$code" != 200 ]; then
            echo "GET $path answered $code" >&2
            exit 1
        fi
    done
    fi

    if [[ " $ENDPOINTS " == *" pub"* ]]; then
        # The first public request builds the public site: time it, then
        # read the request paths off the site's own API.
        t0=$(date +%s.%N)
        curl -s -o /dev/null "$BASE/lists/persecuted"
        t1=$(date +%s.%N)
        echo "$backend: public site built in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s" >&2
        grep "public site rebuilt" "$RUNDIR/server-$backend.log" | tail -1 >&2 || true
        : >"$samples/public-person-paths.txt"
        for page in $(seq 1 20); do
            curl -s "$BASE/api/v1/lists/persecuted?per_page=500&page=$page&sort=latest" |
                python3 -c 'import json, sys; [print(i["page"]) for i in json.load(sys.stdin)["items"]]' \
                >>"$samples/public-person-paths.txt"
        done
        python3 - "$samples/public-list-paths.txt" <<'PY'
import random, sys
random.seed(1)
regions = ["kz-region-abai", "kz-region-akmola", "kz-region-aktobe", "kz-region-almaty",
           "kz-region-atyrau", "kz-region-east-kazakhstan", "kz-region-zhambyl",
           "kz-region-zhetysu", "kz-region-karaganda", "kz-region-kostanay",
           "kz-region-kyzylorda", "kz-region-mangystau", "kz-region-north-kazakhstan",
           "kz-region-pavlodar", "kz-region-turkistan", "kz-region-ulytau",
           "kz-region-west-kazakhstan", "kz-astana", "kz-almaty", "kz-shymkent"]
lists = ["political-prisoners", "persecuted", "killed", "missing", "detained"]
with open(sys.argv[1], "w") as out:
    for _ in range(5000):
        l = random.choice(lists)
        r = random.random()
        if r < 0.4:
            out.write(f"/lists/{l}?page={random.randint(1, 40)}\n")
        elif r < 0.7:
            out.write(f"/lists/{l}?region={random.choice(regions)}&page={random.randint(1, 3)}\n")
        elif r < 0.85:
            out.write(f"/lists/{l}?sort=latest&page={random.randint(1, 10)}\n")
        else:
            out.write(f"/lists/detained?from=2022-01&to=2022-{random.randint(1, 12):02d}\n")
PY
        wc -l "$samples/public-person-paths.txt" "$samples/public-list-paths.txt" >&2
    fi

    for endpoint in $ENDPOINTS; do
        header="$cookie"
        case "$endpoint" in
        person) args=(paths "$samples/person-paths.txt") ;;
        search) args=(paths "$samples/search-paths.txt") ;;
        publist)
            args=(paths "$samples/public-list-paths.txt")
            header="Accept-Language: ru"
            ;;
        pubperson)
            args=(paths "$samples/public-person-paths.txt")
            header="Accept-Language: ru"
            ;;
        report) args=(post /reports "$form_csrf") ;;
        public)
            args=(post /report "$anon_csrf")
            header="Cookie: kuager_csrf=$anon_csrf"
            ;;
        *)
            echo "unknown endpoint $endpoint" >&2
            exit 2
            ;;
        esac
        load() {
            wrk -t "$THREADS" -c "$CONNECTIONS" -d "${1}s" --timeout 10s -H "$header" \
                -s "$ROOT/bench/web.lua" "$BASE" -- "${args[@]}"
        }
        if [ "$WARMUP" -gt 0 ]; then
            load "$WARMUP" >/dev/null
        fi
        for run in $(seq 1 "$RUNS"); do
            cpu0=$(cpu_seconds "$SERVER_PID")
            t0=$(date +%s.%N)
            load "$DURATION" >"$RUNDIR/wrk-$backend-$endpoint-$run.txt"
            t1=$(date +%s.%N)
            cpu1=$(cpu_seconds "$SERVER_PID")
            load1=$(cut -d' ' -f1 /proc/loadavg)
            line=$(grep '^RESULT ' "$RUNDIR/wrk-$backend-$endpoint-$run.txt")
            val() { grep -o "$1=[0-9.]*" <<<"$line" | cut -d= -f2; }
            cpu_pct=$(awk -v a="$cpu0" -v b="$cpu1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.0f", 100 * (b - a) / (e - s) }')
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
                "$SESSION" "$commit" "$backend" "$endpoint" "$run" "$CONNECTIONS" \
                "$(val duration_s)" "$(val requests)" "$(val rps)" "$(val p50_ms)" "$(val p95_ms)" \
                "$(val p99_ms)" "$(val max_ms)" "$(val mean_ms)" "$(val status_errors)" \
                "$(val socket_errors)" "$cpu_pct" "$load1" >>"$RESULTS"
            echo "$backend $endpoint run $run/$RUNS: $(val rps) req/s, p50 $(val p50_ms) ms, p95 $(val p95_ms) ms, p99 $(val p99_ms) ms, errors $(val status_errors)+$(val socket_errors), kuager CPU ${cpu_pct} %, load $load1" >&2
        done
    done
    stop_server
done

# Medians of this session's runs.
awk -F'\t' -v s="$SESSION" '
function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j > 0 && a[j] + 0 > t + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 == s {
    k = $3 "\t" $4
    if (!(k in rps)) order[++m] = k
    rps[k] = rps[k] " " $9; p50[k] = p50[k] " " $10; p95[k] = p95[k] " " $11; p99[k] = p99[k] " " $12
    cpu[k] = cpu[k] " " $17; runs[k]++; errors[k] += $15 + $16; conns[k] = $6
}
END {
    print "| backend | endpoint | runs | connections | req/s | p50 ms | p95 ms | p99 ms | errors | kuager CPU % |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= m; i++) {
        k = order[i]; split(k, p, "\t")
        printf "| %s | %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %d | %.0f |\n", p[1], p[2], runs[k], conns[k], median(rps[k]), median(p50[k]), median(p95[k]), median(p99[k]), errors[k], median(cpu[k])
    }
}' "$RESULTS" | tee "$RUNDIR/summary.md"
echo >&2
echo "raw results: bench/out/web-results.tsv (session $SESSION); table, logs: bench/out/web-$SESSION/" >&2
