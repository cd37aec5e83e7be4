#!/usr/bin/env bash
# API server benchmarks behind BENCHMARKS.md (issue 3): HTTPS with keep-alive, a bearer
# token, a release build of flotilla on a temp data dir (SQLite, fsync on).
#   bench/api/run-api-bench.sh [build dir, default build/release]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build/release}"
work=$(mktemp -d)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

export BENCH_TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "$BENCH_TOKEN,bench,1000,\"system:masters\"" > "$work/tokens.csv"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
QT_LOGGING_RULES='flotilla.*.info=false' "$build/app/flotilla" --headless --data-dir "$work/data" \
  --listen "127.0.0.1:$port" --token-auth-file "$work/tokens.csv" > "$work/log" 2>&1 &
echo $! > "$work/pid"
for _ in $(seq 100); do grep -q "running at" "$work/log" && break; sleep 0.1; done
url="https://127.0.0.1:$port"
pid=$(cat "$work/pid")
auth=(-H "Authorization: Bearer $BENCH_TOKEN" --cacert "$work/data/pki/ca.crt")
curl -s "${auth[@]}" -H "Content-Type: application/json" -X POST "$url/api/v1/namespaces" \
  -d '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"throughput"}}' > /dev/null

# wrk gets one thread: on a 2-core machine the client's own TLS work would otherwise
# take the core the server needs.
echo "== durable creates (2 KB pods, generateName), 64 connections, 10 s"
BENCH_THREADS=1 wrk -t1 -c64 -d10s -s bench/api/create-pod.lua "$url/api/v1/namespaces/throughput/pods" | grep -E "creates:"
echo "== durable creates, 8 connections, 10 s"
BENCH_THREADS=1 wrk -t1 -c8 -d10s -s bench/api/create-pod.lua "$url/api/v1/namespaces/throughput/pods" | grep -E "creates:"
echo "== 10,000 pods into namespace default (for LIST, GET and RSS)"
BENCH_LIMIT=10000 BENCH_THREADS=1 wrk -t1 -c16 -d120s -s bench/api/create-pod.lua "$url/api/v1/namespaces/default/pods" | grep -E "creates:"

count=$(curl -s "${auth[@]}" "$url/api/v1/namespaces/default/pods" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
echo "== pods stored: $count; RSS of flotilla: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status)"

for format in json table; do
  accept="application/json"
  [[ $format == table ]] && accept="application/json;as=Table;v=v1;g=meta.k8s.io"
  times=()
  for _ in $(seq 10); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' "${auth[@]}" -H "Accept: $accept" "$url/api/v1/namespaces/default/pods")")
  done
  printf '== LIST of %s pods as %s: %s s (10 runs, sorted)\n' "$count" "$format" "$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
done

name=$(curl -s "${auth[@]}" "$url/api/v1/namespaces/default/pods?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["metadata"]["name"])')
echo "== GET of one pod while a background load creates pods (2 connections)"
wrk -t1 -c2 -d12s -s bench/api/create-pod.lua "$url/api/v1/namespaces/throughput/pods" > "$work/background" &
background=$!
sleep 1
wrk -t1 -c4 -d10s --latency -s bench/api/get.lua "$url/api/v1/namespaces/default/pods/$name" | grep -E "gets:"
wait $background
grep creates: "$work/background" | sed 's/^/   background /'
echo "== RSS of flotilla at the end: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status)"

echo "== 1,000 concurrent watches, 200 ConfigMap creates at 100/s"
"$build/bench/api/bench_watch" "$url" "$work/data/pki/ca.crt" "$BENCH_TOKEN" 1000 200 100 | tail -1
echo "== RSS of flotilla after the watch run: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$pid/status)"
