#!/usr/bin/env bash
# Writes docs/benchmarks.md from bench.sh's results: RESULTS TENANTS LOAD_SECONDS BDN_TABLE
set -euo pipefail
RESULTS=$1 TENANTS=$2 LOAD_SECONDS=$3 BDN=$4

# median NAME COLUMN: the median of a column (3 rps, 4 p50, 5 p99) over a scenario's rounds.
median() { awk -v n="$1" -v c="$2" '$1==n{print $c}' "$RESULTS" | sort -g | awk '{a[NR]=$1} END{ if (NR==0) print 0; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
# ratios A B: per-round rps(A)/rps(B), then their median.
ratios() {
  awk -v a="$1" -v b="$2" '$1==a{x[$2]=$3} $1==b{y[$2]=$3} END{for (r in x) if (y[r]>0) printf "%.3f\n", x[r]/y[r]}' "$RESULTS" | sort -g > /tmp/ratios.$$
  local list; list=$(paste -sd' ' /tmp/ratios.$$)
  local mid; mid=$(awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }' /tmp/ratios.$$)
  rm -f /tmp/ratios.$$
  echo "$mid|$list"
}
row() { local r; r=$(ratios "$1" "$2"); printf '| %s | %s | **%s** | %s |\n' "$3" "$4" "${r%%|*}" "${r#*|}"; }

cat <<MD
# Benchmarks

Produced by \`./build.sh bench\` on $(date -u +%Y-%m-%d) at commit \`$(git rev-parse --short HEAD)\`.
Machine: $(nproc) cores ($(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr).
This machine is shared and noisy: the ratios measured in one run are the figures that count; absolute numbers are context.

## Method

- The upstream is nginx answering a fixed 20-byte 200 with keep-alive, one worker. The baseline is nginx as a plain
  reverse proxy to it with upstream keep-alive, one worker.
- Every proxy under test (nginx and the Tollgate all-in-one nodes) is pinned to core 0 with \`taskset\`; wrk and the
  upstream share core 1. wrk: 1 thread, 32 connections, 10 s per run, HTTP/1.1 keep-alive.
- The scenarios run interleaved, one after the other in each round, so a noisy moment hits every scenario alike.
  Each ratio is taken within a round, and the median of the rounds is reported.
- Three Tollgate nodes run side by side: analytics off (scenarios 3, 4), analytics on (3a, 5), and analytics on with
  $TENANTS tenants × 10 routes loaded (6a, 6b; loading them through the Admin API took $LOAD_SECONDS s). Traffic goes to the tenant
  \`bench\` on the enterprise plan, whose ceilings are above what one core serves.
- Scenarios 4, 5 and 6b use 100 consumers, each request with the next consumer's key (key-auth), a rate limit
  per consumer far above the load (rate-limiting, \`local\` or \`cluster\`), and correlation-id.
- Latency at half load: 16 connections each paced to one request per interval (wrk's \`delay\`), so that the offered load
  is half of scenario 3's median throughput, direct to the upstream and through Tollgate.

## Throughput and latency (medians over the rounds)

| scenario | requests/s | p50 ms | p99 ms |
|---|---:|---:|---:|
MD
for s in 1-direct 2-nginx 3-tollgate 3a-tollgate-analytics 4-local-plugins 5-cluster-analytics 6a-10k-tenants 6b-10k-cluster-analytics 1h-direct-half-load 3h-tollgate-half-load; do
  printf '| %s | %.0f | %.2f | %.2f |\n' "$s" "$(median $s 3)" "$(median $s 4)" "$(median $s 5)"
done
cat <<MD

## Ratios (per round, median in bold)

| compare | target | median | rounds |
|---|---|---:|---|
MD
row 3-tollgate 2-nginx "scenario 3 / scenario 2 (Tollgate / nginx)" "≥ 0.8, stretch ≥ 1.0"
row 5-cluster-analytics 3-tollgate "scenario 5 / scenario 3 (plugins, cluster limit and analytics / neither)" "≥ 0.9"
row 5-cluster-analytics 3a-tollgate-analytics "scenario 5 / scenario 3a (plugins, cluster limit / none; analytics on in both)" "—"
row 4-local-plugins 3-tollgate "scenario 4 / scenario 3 (plugins, local limit)" "—"
row 3a-tollgate-analytics 3-tollgate "analytics on / off" "—"
row 6a-10k-tenants 3a-tollgate-analytics "$TENANTS tenants / 1 tenant, no plugins" "≥ 0.95"
row 6b-10k-cluster-analytics 5-cluster-analytics "$TENANTS tenants / 1 tenant, scenario 5" "≥ 0.95"
row 2-nginx 1-direct "nginx / direct" "—"
added=$(awk -v a="$(median 3h-tollgate-half-load 5)" -v b="$(median 1h-direct-half-load 5)" 'BEGIN{printf "%.2f", a-b}')
cat <<MD

p99 added over direct at half of scenario 3's load: **$added ms** (target ≤ 1 ms).

## In-process pipeline (scenario 7)

CPU time and allocations of one request through Host → tenant, the router, the plugin chain and YARP's forwarder
with an in-memory transport (\`tests/Tollgate.Gateway.Benchmarks\`, BenchmarkDotNet short job):

$BDN

## Drills

Scale and fault drills (\`./build.sh drill …\`) are in [drills.md](drills.md).

## Raw rounds

\`\`\`
scenario round requests/s p50_ms p99_ms non_2xx
$(cat "$RESULTS")
\`\`\`
MD
