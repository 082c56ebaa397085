#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run):
#
#   scripts/test.sh [extra arguments for cargo nextest run / cargo test]
#
# Finds or starts a PostgreSQL server for the storage tests, then builds once
# and runs the tests of the whole workspace (cargo-nextest if installed).
#
# PostgreSQL, in this order:
#   1. KUAGER_TEST_PG_URL, if set: used as is.
#   2. A server on 127.0.0.1:${KUAGER_PG_PORT_PROBE:-5432} that lets user
#      postgres in without a password and may create databases.
#   3. A throwaway cluster (initdb, trust authentication) in a temporary
#      directory, listening on a free port of 127.0.0.1; stopped and removed
#      when this script exits. Debian's postgresql package is installed first
#      if initdb cannot be found.
# KUAGER_SKIP_PG=1 skips all of this and the PostgreSQL half of the tests.
#
# Chromium and chromedriver for the browser tests: installed by
# scripts/install-browser.sh when not on PATH (or given by KUAGER_CHROMIUM /
# KUAGER_CHROMEDRIVER).
set -euo pipefail

cd "$(dirname "$0")/.."

log() { printf 'test.sh: %s\n' "$*" >&2; }
redact() { sed -E 's#(://[^:/@]*:)[^@/]*@#\1***@#; s#([?&]password=)[^&]*#\1***#' <<<"$1"; }

probe_port="${KUAGER_PG_PORT_PROBE:-5432}"
pg_tmp=""  # throwaway cluster directory, if we made one
pg_bin=""  # directory with initdb, pg_ctl, postgres
pg_user="" # system user running the throwaway cluster when we are root

# Runs a PostgreSQL server program as $pg_user (initdb refuses to run as root).
as_pg_user() {
  if [ -z "$pg_user" ]; then
    (cd / && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u "$pg_user" -- "$@")
  else
    (cd / && su -s /bin/sh "$pg_user" -c "$(printf '%q ' "$@")")
  fi
}

cleanup() {
  if [ -n "$pg_tmp" ] && [ -d "$pg_tmp" ]; then
    if [ -f "$pg_tmp/data/postmaster.pid" ]; then
      as_pg_user "$pg_bin/pg_ctl" -D "$pg_tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Does anything accept connections on 127.0.0.1:$1?
port_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p "$1" -t 5
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# Can user postgres log in on port $1 without a password and create databases?
trust_login_works() {
  command -v psql >/dev/null 2>&1 || return 1
  local ok
  ok=$(PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -w -XAtq \
    -c 'select 1' \
    -c 'select rolsuper or rolcreatedb from pg_roles where rolname = current_user' \
    2>/dev/null) || return 1
  [ "$ok" = $'1\nt' ]
}

# The directory holding initdb and pg_ctl, newest version first.
find_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
    return 0
  fi
  if command -v initdb >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v initdb)")")
    if [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  fi
  return 1
}

install_postgres() {
  log "initdb not found: installing Debian's postgresql with apt-get"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      log "cannot install postgresql: not root and no sudo"
      exit 1
    fi
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_throwaway_cluster() {
  if ! pg_bin=$(find_pg_bin); then
    install_postgres
    pg_bin=$(find_pg_bin) || {
      log "initdb still not found after installing postgresql"
      exit 1
    }
  fi
  pg_tmp=$(mktemp -d "${TMPDIR:-/tmp}/kuager-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then pg_user=postgres; else pg_user=nobody; fi
    chown "$pg_user" "$pg_tmp"
  fi
  chmod 700 "$pg_tmp"

  if ! as_pg_user "$pg_bin/initdb" -D "$pg_tmp/data" --auth=trust -U postgres \
    -E UTF8 --locale=C >"$pg_tmp/initdb.log" 2>&1; then
    cat "$pg_tmp/initdb.log" >&2
    log "initdb failed"
    exit 1
  fi

  # A free port; retried in case another run takes the same one meanwhile.
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    port_is_free "$port" || continue
    if as_pg_user "$pg_bin/pg_ctl" -D "$pg_tmp/data" -l "$pg_tmp/data/server.log" -w -t 60 \
      -o "-p $port -k $pg_tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
      export KUAGER_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt):"
    tail -n 5 "$pg_tmp/data/server.log" >&2 || true
  done
  log "could not start a throwaway PostgreSQL cluster"
  exit 1
}

if [ "${KUAGER_SKIP_PG:-}" = 1 ]; then
  pg_used="none (KUAGER_SKIP_PG=1: PostgreSQL tests skipped)"
elif [ -n "${KUAGER_TEST_PG_URL:-}" ]; then
  pg_used="$(redact "$KUAGER_TEST_PG_URL") (from KUAGER_TEST_PG_URL)"
elif port_answers "$probe_port" && trust_login_works "$probe_port"; then
  export KUAGER_TEST_PG_URL="postgres://postgres@127.0.0.1:$probe_port/postgres"
  pg_used="$KUAGER_TEST_PG_URL (server already running)"
else
  log "no usable PostgreSQL on 127.0.0.1:$probe_port; starting a throwaway cluster"
  start_throwaway_cluster
  pg_used="$KUAGER_TEST_PG_URL (throwaway cluster in $pg_tmp, $("$pg_bin/postgres" --version))"
fi
log "PostgreSQL for tests: $pg_used"

# SQLCipher (the encrypted embedded database) is built from source by
# libsqlite3-sys and links OpenSSL's libcrypto: install Debian's libssl-dev
# and pkg-config if the headers are missing.
if [ ! -f /usr/include/openssl/evp.h ]; then
  log "OpenSSL headers missing: installing libssl-dev and pkg-config with apt-get"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libssl-dev pkg-config >/dev/null
fi

# The browser end-to-end tests (crates/kuager-web/tests/browser.rs) drive a
# real headless Chromium; install Debian's chromium and chromium-driver if
# they are missing.
if [ -z "${KUAGER_CHROMIUM:-}" ] || [ -z "${KUAGER_CHROMEDRIVER:-}" ]; then
  ./scripts/install-browser.sh >&2
fi

if cargo nextest --version >/dev/null 2>&1; then
  cmd=(cargo nextest run --workspace --no-fail-fast "$@")
else
  cmd=(cargo test --workspace --no-fail-fast "$@")
fi
log "running: ${cmd[*]}"
status=0
"${cmd[@]}" || status=$?
log "PostgreSQL for tests was: $pg_used"

# Coverage-guided fuzzing of the parsers (documents, names, CSV/XLSX lists,
# form decoding) for a bounded time per target; any crash fails the run.
# KUAGER_FUZZ_SECONDS=0 skips it. Without the sanitizer the build is much
# shorter, and what CI looks for is panics (the code is safe Rust).
fuzz_seconds="${KUAGER_FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" != 0 ]; then
  log "fuzzing each target for ${fuzz_seconds}s (KUAGER_FUZZ_SECONDS=0 skips)"
  FUZZ_SANITIZER="${FUZZ_SANITIZER:-none}" ./scripts/fuzz.sh "$fuzz_seconds" || status=1
fi
exit "$status"
