#!/usr/bin/env bash
# Record linkage benchmark: Kuager's linker against Splink 5 (DuckDB) on
# synthetic partial lists from `kuager-gen lists`.
#
#   bench/linkage.sh [SIZES...]          (default: 10000 100000 1000000)
#
# For each size (people on at least one list): generate the lists, import
# them into a fresh SQLite database with `kuager lists import`, run
# `kuager link --json` three times under /usr/bin/time (median wall time,
# peak RSS), score with `kuager link eval truth.csv --json`, then run
# bench/splink/link.py on the same files (in bench/.venv, bounded by
# `timeout` and an address-space limit). One table row per (tool, size);
# the rows also go to bench/results/linkage-<date>.tsv.
#
# Environment: SEED (default 1), LISTS (default 4), WORK (default
# bench/out/linkage), SPLINK=0 to skip Splink, KUAGER=0 to skip Kuager,
# SPLINK_TIMEOUT (seconds, default 1800), SPLINK_MEM_GIB (default 16),
# SPLINK_THRESHOLD (default 0.9), BUILD=0 to use the binaries already in
# $CARGO_TARGET_DIR/$PROFILE (default release) without building.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
bin=$CARGO_TARGET_DIR/${PROFILE:-release}
seed=${SEED:-1}
lists=${LISTS:-4}
work=${WORK:-$root/bench/out/linkage}
splink_timeout=${SPLINK_TIMEOUT:-1800}
splink_mem_gib=${SPLINK_MEM_GIB:-16}
splink_threshold=${SPLINK_THRESHOLD:-0.9}
run_splink=${SPLINK:-1}
run_kuager=${KUAGER:-1}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)

mkdir -p "$root/bench/results" "$work"
results=$root/bench/results/linkage-$(date +%Y-%m-%d).tsv
if [ ! -s "$results" ]; then
    printf 'tool\tsize\trecords\twall_s\tpeak_mib\tprecision\trecall\tf1\tclusters\tstatus\n' >"$results"
fi

if [ ! -x /usr/bin/time ]; then
    echo "installing Debian's time package for /usr/bin/time" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time; else sudo apt-get update -qq && sudo apt-get install -y -qq time; fi
fi

if [ "${BUILD:-1}" = 0 ]; then
    :
elif [ "$run_kuager" = 1 ]; then
    cargo build --release -p kuager-cli -p kuager-bench
else
    cargo build --release -p kuager-bench --bin kuager-gen
fi

venv=$root/bench/.venv
if [ "$run_splink" = 1 ] && [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$root/bench/splink/requirements.txt"
fi

# manifest FIELD...: one line per list, the fields tab-separated.
manifest() {
    python3 - "$1" "${@:2}" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
for l in m["lists"]:
    print("\t".join(str(l[f]) for f in sys.argv[2:]))
EOF
}

# json_field FILE KEY...: the values, tab-separated ("" if missing).
json_fields() {
    python3 - "$@" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception:
    d = {}
print("\t".join(str(d.get(k, "")) for k in sys.argv[2:]))
EOF
}

row() { # tool size records wall peak p r f1 clusters status
    printf '%s\t' "$@" | sed 's/\t$/\n/' >>"$results"
    printf '%-7s %8s %9s %9s %9s %9s %9s %7s %9s  %s\n' "$@"
}

printf '%-7s %8s %9s %9s %9s %9s %9s %7s %9s  %s\n' tool size records wall_s peak_MiB precision recall F1 clusters status

for size in "${sizes[@]}"; do
    dir=$work/lists-$size
    rm -rf "$dir"
    "$bin/kuager-gen" lists --people "$size" --seed "$seed" --lists "$lists" --out "$dir" 2>"$work/gen-$size.log"
    records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$dir/manifest.json")

    if [ "$run_kuager" = 1 ]; then
        db=$work/link-$size.db
        rm -f "$db" "$db-wal" "$db-shm"
        status=ok
        while IFS=$'\t' read -r file name compiled_by as_of; do
            if ! "$bin/kuager" --db "sqlite://$db" lists import "$dir/$file" \
                --name "$name" --compiled-by "$compiled_by" --as-of "$as_of" \
                >>"$work/import-$size.log" 2>&1; then
                status="import failed ($file)"
            fi
        done < <(manifest "$dir/manifest.json" file name compiled_by as_of)
        walls=()
        peak=0
        for i in 1 2 3; do
            if [ "$status" != ok ]; then break; fi
            if /usr/bin/time -f '%e %M' -o "$work/time-$size-$i" \
                "$bin/kuager" --db "sqlite://$db" link --json >"$work/clusters-$size.json" 2>>"$work/link-$size.log"; then
                read -r wall kib <"$work/time-$size-$i"
                walls+=("$wall")
                [ "$kib" -gt "$peak" ] && peak=$kib
            else
                status="link failed"
            fi
        done
        if [ "$status" = ok ]; then
            median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)
            "$bin/kuager" --db "sqlite://$db" link eval "$dir/truth.csv" --json >"$work/kuager-eval-$size.json" 2>>"$work/link-$size.log" || status="eval failed"
            IFS=$'\t' read -r p r f c < <(json_fields "$work/kuager-eval-$size.json" precision recall f1 clusters)
            row kuager "$size" "$records" "$median" "$((peak / 1024))" "$p" "$r" "$f" "$c" "$status"
        else
            row kuager "$size" "$records" - - - - - - "$status"
        fi
    fi

    if [ "$run_splink" = 1 ]; then
        out=$work/splink-$size.json
        rm -f "$out"
        status=ok
        set +e
        timeout "$splink_timeout" prlimit --as=$((splink_mem_gib * 1024 * 1024 * 1024)) -- \
            "$venv/bin/python" "$root/bench/splink/link.py" "$dir" --threshold "$splink_threshold" \
            >"$out" 2>"$work/splink-$size.log"
        rc=$?
        set -e
        if [ $rc -eq 124 ]; then
            status="timeout ${splink_timeout}s"
        elif [ $rc -ne 0 ]; then
            status="failed rc=$rc (memory cap ${splink_mem_gib} GiB?) see $work/splink-$size.log"
        fi
        if [ "$status" = ok ]; then
            IFS=$'\t' read -r w m p r f c < <(json_fields "$out" wall_s peak_mib precision recall f1 clusters)
            row splink "$size" "$records" "$w" "$m" "$p" "$r" "$f" "$c" "$status"
        else
            row splink "$size" "$records" - - - - - - "$status"
        fi
    fi
done
echo "results -> $results"
