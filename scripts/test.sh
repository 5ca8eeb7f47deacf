#!/usr/bin/env bash
# Runs every check and test on a fresh machine: set-up, build (warnings are errors), format, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== set-up"
# The SignalR hub tests drive the server with the npm client under node (the .NET client is not obtainable).
command -v node >/dev/null || { echo "node is required (Debian: apt-get install nodejs npm)" >&2; exit 1; }
command -v python3 >/dev/null && python3 -c "import networkx" 2>/dev/null || { echo "python3 with networkx is required (the tests' independent oracle)" >&2; exit 1; }
npm ci --prefix tests/hub-client --no-audit --no-fund --loglevel=error
npm ci --prefix tools/compose-lint --no-audit --no-fund --loglevel=error
# The dashboard's browser test: Debian's Chromium, driven by playwright-core (which never downloads a browser).
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

# No Docker engine here: docker-compose.yml is checked against the Compose schema (and dclint's rules) instead.
echo "== compose lint"
tools/compose-lint/node_modules/.bin/dclint docker-compose.yml --max-warnings 0

# A real Neo4j for the Neo4j store's compliance tests (Neo4j 3.1.1 from npm, on this machine's Java).
echo "== neo4j"
eval "$(scripts/neo4j-test-server.sh start | sed 's/^/export /')"
trap 'scripts/neo4j-test-server.sh stop' EXIT

echo "== build"
dotnet build SupplyGraph.sln -c Release -nologo -clp:ErrorsOnly

echo "== format"
dotnet format SupplyGraph.sln --verify-no-changes --no-restore

echo "== test"
log=$(mktemp)
set +e
dotnet test SupplyGraph.sln -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test projects, e.g. "tests: 120 passed, 0 failed".
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
# openCypher TCK totals per folder (written by tests/SupplyGraph.Tck.Tests).
report=tests/SupplyGraph.Tck.Tests/bin/Release/net10.0/tck-report.txt
[ -f "$report" ] && cat "$report"
exit "$status"
