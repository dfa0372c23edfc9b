#!/usr/bin/env bash
# The gateway against nginx on the same cores. Called by ./build.sh bench; see docs/benchmarks.md for the method.
#   ROUNDS (5) rounds of RUN_SECONDS (10) s per scenario, interleaved; TENANTS (10000) for scenario 6.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-5}
RUN_SECONDS=${RUN_SECONDS:-10}
TENANTS=${TENANTS:-10000}
CONNECTIONS=${CONNECTIONS:-32}
log() { printf '==> %s\n' "$*" >&2; }
trap 'log "line $LINENO: \"$BASH_COMMAND\" failed with $?"' ERR

missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/tollgate-bench.XXXXXX)
PIDS=()
cleanup() {
  local status=$?
  if [ $status -ne 0 ]; then
    mkdir -p /tmp/tollgate-bench-failed && cp "$WORK"/*.log "$WORK"/*.err /tmp/tollgate-bench-failed/ 2>/dev/null || true
    log "failed ($status); logs kept in /tmp/tollgate-bench-failed"
  fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log "building Release"
dotnet build -c Release -nologo -v quiet platform/Tollgate.Server
SERVER=platform/Tollgate.Server/bin/Release/net10.0/Tollgate.Server.dll

UP=18080; NGX=18081
cat > "$WORK/upstream.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/upstream.pid; error_log $WORK/upstream.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$UP; location / { return 200 "hello from upstream\n"; } } }
CONF
cat > "$WORK/proxy.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/proxy.pid; error_log $WORK/proxy.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:$UP; keepalive 64; }
  server { listen 127.0.0.1:$NGX; location / {
    proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection "";
    proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; } } }
CONF
# The upstream and the load generator share core 1; every proxy under test runs on core 0.
taskset -c 1 "$NGINX" -c "$WORK/upstream.conf" & PIDS+=($!)
taskset -c 0 "$NGINX" -c "$WORK/proxy.conf" & PIDS+=($!)

TOKEN=bench-operator-token
# start_node NAME BASE ANALYTICS: an all-in-one node on ports BASE (proxy), BASE+1 (admin), BASE+2 (status) …
start_node() {
  local name=$1 base=$2 analytics=$3
  mkdir -p "$WORK/$name"
  TOLLGATE_DataDir="$WORK/$name" TOLLGATE_BootstrapToken=$TOKEN TOLLGATE_Ports__Proxy=$base TOLLGATE_Ports__Admin=$((base + 1)) \
  TOLLGATE_Ports__Status=$((base + 2)) TOLLGATE_Ports__ProxyHttps=$((base + 3)) TOLLGATE_Ports__ProxyHttp2=$((base + 4)) \
  TOLLGATE_Cluster__SiloPort=$((base + 5)) TOLLGATE_Cluster__GatewayPort=$((base + 6)) TOLLGATE_Gateway__Analytics__Enabled=$analytics \
  TOLLGATE_Serilog__MinimumLevel__Default=Warning DOTNET_ENVIRONMENT=Production \
    taskset -c 0 dotnet "$SERVER" > "$WORK/$name.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$((base + 2))/status/ready" >/dev/null && return 0; sleep 0.5; done
  log "$name did not start"; tail -20 "$WORK/$name.log"; exit 1
}
admin() { curl -fsS -H "Kong-Admin-Token: $TOKEN" -H 'Content-Type: application/json' "$@"; }

# configure BASE: tenant "bench" on enterprise (ceilings above what one core serves) with the scenarios' routes.
configure() {
  local base=$1 consumers=""
  for i in $(seq 1 100); do consumers+="${consumers:+,}{\"username\":\"c$i\",\"keyauth_credentials\":[{\"key\":\"key-$i\"}]}"; done
  admin -o /dev/null "http://127.0.0.1:$((base + 1))/tenants" -d '{"slug":"bench","name":"Bench","plan":"enterprise"}'
  admin -o /dev/null "http://127.0.0.1:$((base + 1))/bench/config" -d @- <<JSON
{"_format_version":"3.0",
 "services":[{"name":"up","url":"http://127.0.0.1:$UP","routes":[
   {"name":"plain","paths":["/plain"]},
   {"name":"local","paths":["/local"],"plugins":[{"name":"key-auth"},{"name":"rate-limiting","config":{"minute":1000000000,"policy":"local"}},{"name":"correlation-id"}]},
   {"name":"cluster","paths":["/cluster"],"plugins":[{"name":"key-auth"},{"name":"rate-limiting","config":{"minute":1000000000,"policy":"cluster"}},{"name":"correlation-id"}]}]}],
 "consumers":[$consumers]}
JSON
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: bench.localhost' "http://127.0.0.1:$base/plain")" = 200 ] && return 0; sleep 0.2
  done
  log "bench routes not served on $base"; exit 1
}

# load BASE N: N-1 more tenants with 10 routes each, through the Admin API, 8 at a time.
load_tenants() {
  local base=$1 n=$2 routes=""
  for r in $(seq 0 9); do routes+="${routes:+,}{\"name\":\"r$r\",\"paths\":[\"/r$r\"]}"; done
  echo "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"s\",\"url\":\"http://127.0.0.1:$UP\",\"routes\":[$routes]}]}" > "$WORK/tenant.json"
  export TOKEN WORK; export ADMIN="http://127.0.0.1:$((base + 1))"
  seq 2 "$n" | xargs -P 8 -I{} sh -c '
    curl -fsS -o /dev/null -H "Kong-Admin-Token: $TOKEN" -H "Content-Type: application/json" "$ADMIN/tenants" -d "{\"slug\":\"tenant-{}\",\"name\":\"tenant-{}\"}" &&
    curl -fsS -o /dev/null -H "Kong-Admin-Token: $TOKEN" -H "Content-Type: application/json" "$ADMIN/tenant-{}/config" -d @"$WORK/tenant.json"'
}

log "starting Tollgate nodes (analytics off; on; on with $TENANTS tenants)"
start_node off 18100 false
start_node on 18200 true
start_node big 18300 true
for base in 18100 18200 18300; do configure $base; done
log "loading $TENANTS tenants × 10 routes into the third node"
load_started=$(date +%s)
load_tenants 18300 "$TENANTS"
LOAD_SECONDS=$(( $(date +%s) - load_started ))
log "loaded in $LOAD_SECONDS s"
sleep 5

RESULTS="$WORK/results.txt"
# run NAME URL [wrk options]: one 10 s run of wrk on core 1; appends "NAME ROUND rps p50_ms p99_ms".
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.3f", v }'; }
run() {
  local name=$1 url=$2; shift 2
  local out; out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${RUN_SECONDS}s" --latency "$@" "$url" 2>&1)
  local rps p50 p99
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out" | to_ms)
  p99=$(awk '$1=="99%"{print $2}' <<<"$out" | to_ms)
  local errors; errors=$(awk '/Non-2xx/{print $5}' <<<"$out")
  echo "$name $ROUND ${rps:-0} ${p50:-0} ${p99:-0} ${errors:-0}" | tee -a "$RESULTS" >&2
}
H=(-H 'Host: bench.localhost')
KEYS=(-s tests/bench/keys.lua)
log "warming up (JIT, connection pools, credential caches)"
for url in 18100/plain 18100/local 18200/cluster 18200/plain 18300/plain 18300/cluster; do
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d5s "${H[@]}" "${KEYS[@]}" "http://127.0.0.1:$url" 2>&1) || { log "warm-up of $url failed: $out"; exit 1; }
done
for ROUND in $(seq 1 "$ROUNDS"); do
  run 1-direct "http://127.0.0.1:$UP/"
  run 2-nginx "http://127.0.0.1:$NGX/"
  run 3-tollgate "http://127.0.0.1:18100/plain" "${H[@]}"
  run 4-local-plugins "http://127.0.0.1:18100/local" "${H[@]}" "${KEYS[@]}"
  run 5-cluster-analytics "http://127.0.0.1:18200/cluster" "${H[@]}" "${KEYS[@]}"
  run 3a-tollgate-analytics "http://127.0.0.1:18200/plain" "${H[@]}"
  run 6a-10k-tenants "http://127.0.0.1:18300/plain" "${H[@]}"
  run 6b-10k-cluster-analytics "http://127.0.0.1:18300/cluster" "${H[@]}" "${KEYS[@]}"
done

# Latency at half of scenario 3's throughput: 16 connections paced to that rate, direct and through Tollgate.
half=$(awk '$1=="3-tollgate"{print $3}' "$RESULTS" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]/2}')
export PACE_MS; PACE_MS=$(awk -v r="$half" 'BEGIN{printf "%d", 16*1000/r}')
for ROUND in $(seq 1 "$ROUNDS"); do
  CONNECTIONS=16 run 1h-direct-half-load "http://127.0.0.1:$UP/" -s tests/bench/paced.lua
  CONNECTIONS=16 run 3h-tollgate-half-load "http://127.0.0.1:18100/plain" "${H[@]}" -s tests/bench/paced.lua
done

log "in-process pipeline (BenchmarkDotNet)"
rm -rf tests/Tollgate.Gateway.Benchmarks/BenchmarkDotNet.Artifacts
(cd tests/Tollgate.Gateway.Benchmarks && dotnet run -c Release -- --filter '*' --job short --exporters github >"$WORK/bdn.log" 2>&1) || { tail -30 "$WORK/bdn.log"; exit 1; }
BDN=$(cat tests/Tollgate.Gateway.Benchmarks/BenchmarkDotNet.Artifacts/results/*-report-github.md)

bash tests/bench/report.sh "$RESULTS" "$TENANTS" "$LOAD_SECONDS" "$BDN" > docs/benchmarks.md
cat docs/benchmarks.md
