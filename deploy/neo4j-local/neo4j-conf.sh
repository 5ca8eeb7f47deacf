# shellcheck shell=bash
# The neo4j.conf of Neo4j Community 3.1.1 on Java 17 that SupplyGraph runs, in one place for the two that start it:
# deploy/neo4j-local/docker-entrypoint.sh (the local image, in a container) and scripts/neo4j-test-server.sh (on the
# host). Sourced, not run. HTTP only (no Bolt, no HTTPS; the healthchecks and the adapter use HTTP), G1, and the
# --add-opens Java 17 needs for a 3.1 kernel; the shipped neo4j.conf would turn on Bolt, HTTPS and AlwaysPreTouch.
#   neo4j_conf LISTEN_ADDRESS HTTP_PORT AUTH_ENABLED HEAP_MAX PAGECACHE DIRECTORY=PATH...   # prints the file
# Each DIRECTORY=PATH becomes dbms.directories.DIRECTORY=PATH (data and logs at least).
neo4j_conf() {
  local listen="$1" port="$2" auth_enabled="$3" heap="$4" pagecache="$5" directory
  shift 5
  for directory in "$@"; do
    echo "dbms.directories.$directory"
  done
  cat <<CONF
dbms.security.auth_enabled=$auth_enabled
dbms.connectors.default_listen_address=$listen
dbms.connector.http.enabled=true
dbms.connector.http.listen_address=$listen:$port
dbms.connector.https.enabled=false
dbms.connector.bolt.enabled=false
dbms.memory.heap.initial_size=512m
dbms.memory.heap.max_size=$heap
dbms.memory.pagecache.size=$pagecache
dbms.udc.enabled=false
dbms.jvm.additional=-XX:+UseG1GC
dbms.jvm.additional=-XX:-OmitStackTraceInFastThrow
dbms.jvm.additional=-XX:+DisableExplicitGC
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
}
