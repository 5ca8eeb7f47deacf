#!/bin/bash
# Part of bench/README.md, "Store open: the snapshot file": RSS of a running server on a store folder.
# Build first: dotnet build src/SupplyGraph.Server -c Release
# usage: server_rss.sh DATA PORT  — starts the server on DATA, times until /health answers, runs a few queries, prints RSS
DATA=$1; PORT=$2
start=$(date +%s.%N)
SUPPLYGRAPH_API_KEYS="reader:benchkey12345678" Logging__Console__TimestampFormat="HH:mm:ss.fff " SUPPLYGRAPH_DATA=$DATA dotnet $(dirname "$0")/../src/SupplyGraph.Server/bin/Release/net10.0/SupplyGraph.Server.dll --urls http://127.0.0.1:$PORT > /tmp/server_$PORT.log 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:$PORT/health > /dev/null; do sleep 0.2; if ! kill -0 $pid 2>/dev/null; then echo "server died"; cat /tmp/server_$PORT.log | tail; exit 1; fi; done
ready=$(date +%s.%N)
rss_ready=$(grep VmRSS /proc/$pid/status | awk '{print $2}')
for q in "api/entities/n1" "api/exposure?entity=n1" "api/paths?from=n1&to=n2" "api/entities/n12345/neighbours" "api/exposure?entity=n777"; do
  code=$(curl -s -H "X-Api-Key: benchkey12345678" -o /tmp/server_$PORT.out -w "%{http_code}" "http://127.0.0.1:$PORT/$q"); echo "$q -> $code $(head -c 120 /tmp/server_$PORT.out)"
done
sleep 1
rss=$(grep VmRSS /proc/$pid/status | awk '{print $2}'); hwm=$(grep VmHWM /proc/$pid/status | awk '{print $2}')
echo "health after $(echo "$ready - $start" | bc) s; RSS at health $((rss_ready/1024)) MB; after queries RSS $((rss/1024)) MB, peak $((hwm/1024)) MB"
kill $pid; wait $pid 2>/dev/null
