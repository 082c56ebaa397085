#!/usr/bin/env bash
# Coverage-guided fuzzing of Kuager's parsers for a bounded time:
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]        (default 30)
#
# Builds every cargo-fuzz target of fuzz/ once, then runs each for
# SECONDS_PER_TARGET seconds (libFuzzer's -max_total_time) under a memory
# limit, one after the other. Exits 0 when no target crashed, 1 when one
# did (its input is kept in fuzz/artifacts/<target>/ and the end of its log
# is printed), 2 on a usage or setup error.
#
# Targets: decode (text decoding, HTML), names (name reading, person
# extraction), csv_list (CSV/XLSX lists of people), form (dates, charges,
# reports, timelines: what the web forms decode).
#
# Corpora: libFuzzer starts from fuzz/seeds/<target>/ (small inputs kept in
# git) and fuzz/corpus/<target>/ (what earlier runs found, not in git) and
# writes new inputs to the latter. Logs go to fuzz/logs/<target>.log.
#
# Toolchain: cargo-fuzz and libFuzzer need unstable compiler flags
# (-Zsanitizer, sanitizer-coverage passes). The machine has only the stable
# toolchain, so the build runs it with RUSTC_BOOTSTRAP=1, which lets stable
# rustc accept them; stable's rust-std ships the sanitizer runtimes.
# cargo-fuzz itself is installed from crates.io into ~/.cargo/bin if
# missing, and a C++ compiler (for libFuzzer's sources) from Debian's g++.
#
# Environment:
#   FUZZ_TARGETS    targets to run, space-separated (default: all)
#   FUZZ_SANITIZER  address (default) or none (faster build and runs, finds
#                   panics, overflows and hangs but not memory errors in
#                   unsafe code)
#   FUZZ_RSS_MB     memory limit per target in MiB (default 2048)
#   FUZZ_TIMEOUT    seconds one input may take before it counts as a hang
#                   (default 20)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf 'fuzz.sh: %s\n' "$*" >&2; }
die() {
  log "$*"
  exit 2
}

secs="${1:-30}"
[[ "$secs" =~ ^[0-9]+$ ]] && [ "$secs" -gt 0 ] || die "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (a positive whole number, not '$secs')"
[ $# -le 1 ] || die "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]"
sanitizer="${FUZZ_SANITIZER:-address}"
case "$sanitizer" in address | none) ;; *) die "FUZZ_SANITIZER must be address or none, not '$sanitizer'" ;; esac
rss_mb="${FUZZ_RSS_MB:-2048}"
timeout_s="${FUZZ_TIMEOUT:-20}"
[[ "$rss_mb" =~ ^[0-9]+$ && "$timeout_s" =~ ^[0-9]+$ ]] || die "FUZZ_RSS_MB and FUZZ_TIMEOUT must be whole numbers"

cargo_fuzz_version="0.13.2"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$cargo_home/bin:$PATH"

# --- what is needed --------------------------------------------------------
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "cargo-fuzz not found: installing cargo-fuzz $cargo_fuzz_version from crates.io into $cargo_home/bin"
  cargo install cargo-fuzz --locked --version "$cargo_fuzz_version" >&2 || die "could not install cargo-fuzz"
fi
if ! command -v c++ >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1; then
  log "no C++ compiler (libFuzzer is C++): installing Debian's g++"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "cannot install g++: not root and no sudo"
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ >/dev/null
fi

host=$(rustc -vV | sed -n 's/^host: //p')
[ -n "$host" ] || die "cannot tell the host triple from rustc -vV"
log "$(rustc --version), $(cargo fuzz --version), sanitizer $sanitizer, host $host"

cd "$root/fuzz"
all_targets=$(cargo fuzz list)
targets="${FUZZ_TARGETS:-$all_targets}"
for t in $targets; do
  grep -qx "$t" <<<"$all_targets" || die "no fuzz target '$t' (targets: $(echo $all_targets))"
done

# --- build once ------------------------------------------------------------
# -O -a: optimised, with debug assertions and overflow checks.
log "building all targets"
build_start=$SECONDS
RUSTC_BOOTSTRAP=1 cargo fuzz build -O -a --sanitizer "$sanitizer" >&2 ||
  die "the build of the fuzz targets failed"
log "built in $((SECONDS - build_start)) s"

# --- run each --------------------------------------------------------------
mkdir -p logs
failed=()
run_start=$SECONDS
for t in $targets; do
  bin="target/$host/release/$t"
  [ -x "$bin" ] || die "built target $t not found at fuzz/$bin"
  mkdir -p "corpus/$t" "artifacts/$t" "seeds/$t"
  before=$(find "corpus/$t" -type f | wc -l)
  log "running $t for $secs s (corpus: $before inputs, seeds: $(find "seeds/$t" -type f | wc -l))"
  status=0
  # A crash, a hang (-timeout) or going over the memory limit ends the run
  # with a non-zero status and the input saved under artifacts/$t/.
  "$bin" "corpus/$t" "seeds/$t" \
    -max_total_time="$secs" \
    -rss_limit_mb="$rss_mb" \
    -malloc_limit_mb="$rss_mb" \
    -timeout="$timeout_s" \
    -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" \
    >"logs/$t.log" 2>&1 || status=$?
  after=$(find "corpus/$t" -type f | wc -l)
  stats=$(grep -E '^#[0-9]+[[:space:]]+DONE' "logs/$t.log" | tail -n 1 | sed -E 's/^#([0-9]+)[[:space:]]+DONE[[:space:]]+/\1 runs, /' || true)
  if [ "$status" -ne 0 ]; then
    failed+=("$t")
    log "$t FAILED (exit $status); end of fuzz/logs/$t.log:"
    tail -n 60 "logs/$t.log" >&2
    artifact=$(grep -oE "Test unit written to [^ ]+" "logs/$t.log" | tail -n 1 | sed 's/^Test unit written to //' || true)
    if [ -n "$artifact" ]; then
      log "$t: the input is fuzz/$artifact; rerun it with: fuzz/$bin fuzz/$artifact"
    fi
  else
    log "$t ok: ${stats:-no stats}; corpus $before -> $after inputs"
  fi
done
log "ran $(echo $targets | wc -w) targets in $((SECONDS - run_start)) s"

if [ ${#failed[@]} -gt 0 ]; then
  log "crashes in: ${failed[*]}"
  exit 1
fi
log "no crashes"
