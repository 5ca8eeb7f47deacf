#!/bin/bash
# Writes Neo4j 3.1.1's configuration from the environment, sets the initial password on a new database and runs Neo4j
# in the foreground. NEO4J_AUTH: neo4j/<password> (default neo4j/neo4j) or none. NEO4J_HEAP_MAX: default 1g.
set -euo pipefail
home=/opt/neo4j
auth="${NEO4J_AUTH:-neo4j/neo4j}"
auth_enabled=true
[ "$auth" = none ] && auth_enabled=false
cat >"$home/conf/neo4j.conf" <<CONF
dbms.directories.data=/data
dbms.directories.logs=/logs
dbms.security.auth_enabled=$auth_enabled
dbms.connectors.default_listen_address=0.0.0.0
dbms.connector.http.enabled=true
dbms.connector.http.listen_address=0.0.0.0:7474
dbms.connector.https.enabled=false
dbms.connector.bolt.enabled=false
dbms.memory.heap.initial_size=512m
dbms.memory.heap.max_size=${NEO4J_HEAP_MAX:-1g}
dbms.memory.pagecache.size=256m
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
if $auth_enabled && [ ! -f /data/dbms/auth ]; then
  user="${auth%%/*}" password="${auth#*/}"
  [ "$user" = neo4j ] || { echo "NEO4J_AUTH: the user must be neo4j (neo4j/<password> or none)" >&2; exit 1; }
  "$home/bin/neo4j-admin" set-initial-password "$password" >/dev/null
fi
exec "$home/bin/neo4j" console
