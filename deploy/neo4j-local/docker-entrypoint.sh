#!/bin/bash
# Writes Neo4j 3.1.1's configuration from the environment, sets the initial password on a new database and runs Neo4j
# in the foreground. NEO4J_AUTH: neo4j/<password> (default neo4j/neo4j) or none. NEO4J_HEAP_MAX: default 1g.
set -euo pipefail
home=/opt/neo4j
auth="${NEO4J_AUTH:-neo4j/neo4j}"
auth_enabled=true
[ "$auth" = none ] && auth_enabled=false
# The same configuration as scripts/neo4j-test-server.sh writes on the host (neo4j-conf.sh, beside this file).
# shellcheck source=SCRIPTDIR/neo4j-conf.sh
. "$(dirname "$0")/neo4j-conf.sh"
neo4j_conf 0.0.0.0 7474 "$auth_enabled" "${NEO4J_HEAP_MAX:-1g}" 256m data=/data logs=/logs >"$home/conf/neo4j.conf"
if $auth_enabled && [ ! -f /data/dbms/auth ]; then
  user="${auth%%/*}" password="${auth#*/}"
  [ "$user" = neo4j ] || { echo "NEO4J_AUTH: the user must be neo4j (neo4j/<password> or none)" >&2; exit 1; }
  "$home/bin/neo4j-admin" set-initial-password "$password" >/dev/null
fi
exec "$home/bin/neo4j" console
