#!/bin/bash
# Part of bench/README.md, "Name search that survives writes": a running server's name search on a store folder — from
# the start (the server builds the base's name index in the background), again, and after a write.
# Build first: dotnet build src/SupplyGraph.Server -c Release
# usage: server-name-search.sh DATA PORT [QUERY]  — QUERY defaults to "Company 12345" (the --store-scale fixture's names)
DATA=$1; PORT=$2; QUERY=${3:-Company 12345}
Q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$QUERY")
R="X-Api-Key: benchreader12345678"; W="X-Api-Key:benchwriter12345678"
start=$(date +%s.%N)
SUPPLYGRAPH_API_KEYS="reader:benchreader12345678,editor:benchwriter12345678" SUPPLYGRAPH_DATA=$DATA \
  dotnet $(dirname "$0")/../src/SupplyGraph.Server/bin/Release/net10.0/SupplyGraph.Server.dll --urls http://127.0.0.1:$PORT > /tmp/server_names_$PORT.log 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:$PORT/health > /dev/null; do sleep 0.2; if ! kill -0 $pid 2>/dev/null; then echo "server died"; tail /tmp/server_names_$PORT.log; exit 1; fi; done
echo "health after $(echo "$(date +%s.%N) - $start" | bc) s, RSS $(($(grep VmRSS /proc/$pid/status | awk '{print $2}') / 1024)) MB"
search() { curl -s -H "$R" -o /tmp/server_names_$PORT.out -w "%{http_code} %{time_total} s" "http://127.0.0.1:$PORT/api/entities?q=$Q&limit=5"; echo " $1: $(head -c 100 /tmp/server_names_$PORT.out)"; }
search "first search (since start $(echo "$(date +%s.%N) - $start" | bc) s)"
search "again"
curl -s -X PUT -H "$W" -H "Content-Type: application/json" -o /dev/null -w "%{http_code} %{time_total} s put bench-new-entity\n" \
  -d '{"id": "bench-new-entity", "labels": ["Company"], "name": "Benchmark Newco Limited"}' \
  "http://127.0.0.1:$PORT/api/entities/bench-new-entity"
search "after one write"
Q=Benchmark%20Newco; search "the new name"
curl -s -X DELETE -H "$W" -o /dev/null -w "%{http_code} %{time_total} s delete bench-new-entity\n" "http://127.0.0.1:$PORT/api/entities/bench-new-entity"
Q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$QUERY"); search "after a second write"
echo "RSS $(($(grep VmRSS /proc/$pid/status | awk '{print $2}') / 1024)) MB, peak $(($(grep VmHWM /proc/$pid/status | awk '{print $2}') / 1024)) MB"
kill $pid; wait $pid 2>/dev/null
