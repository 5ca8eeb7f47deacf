#!/usr/bin/env bash
# Runs every check and test on a fresh machine: set-up (with a Docker engine and the local images), compose lint, build
# (warnings and code style are errors), format, then the test projects. CI's .ci/run runs exactly this, as root with CI=true and no stdin.
# Exits non-zero when a tool is missing, a service cannot start, a check fails or a test fails; under CI also when a
# test was skipped. Ends with a timing table (also when a phase fails) and the line "tests: N passed, N failed, N skipped".
#   SUPPLYGRAPH_TEST_JOBS   test projects run at once (default 2, for this 2-core machine)
#   SUPPLYGRAPH_NEO4J_IMAGE the Neo4j image the tests start through Testcontainers (default: the local Neo4j 3.1.1 image
#                           that scripts/local-images.sh builds once; e.g. neo4j:5 where a registry can be reached)
#   SUPPLYGRAPH_NO_NEO4J=1  a developer's machine without Docker: no Neo4j; its tests skip, listed at the end (not in CI)
# For Testcontainers (docs/neo4j.md): DOCKER_API_VERSION (default: the engine's), TESTCONTAINERS_RYUK_DISABLED=true (no
# Ryuk image without a registry: the run removes its containers by label itself), TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild worker nodes outliving the run: CI waits for every process holding its output.
export MSBUILDDISABLENODEREUSE=1
ci=false
case "$(echo "${CI:-}" | tr '[:upper:]' '[:lower:]')" in true | 1) ci=true ;; esac
jobs_max="${SUPPLYGRAPH_TEST_JOBS:-2}"
no_neo4j=false
[ -z "${SUPPLYGRAPH_NO_NEO4J:-}" ] || no_neo4j=true
logs=$(mktemp -d)

# --- phases and their timing table ---------------------------------------------------------------------------------
names=() secs=() states=()
phase="" phase_start=0 run_start=$SECONDS
begin() {
  phase=$1 phase_start=$SECONDS
  echo "== $1"
}
finish() {
  names+=("$phase") secs+=($((SECONDS - phase_start))) states+=("${1:-ok}")
  phase=""
}
# shellcheck disable=SC2317 # (used by on_exit)
fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

test_run="supplygraph-$$-$(date +%s)" tests_line="" skipped_groups="" rows=()
# shellcheck disable=SC2317 # (run by the EXIT trap)
on_exit() {
  local rc=$?
  [ -n "$phase" ] && finish FAILED
  # The test projects' rows (name, seconds, state) go under the tests row.
  while [ "${#rows[@]}" -gt 0 ]; do
    names+=("${rows[0]}") secs+=("${rows[1]}") states+=("${rows[2]}")
    rows=("${rows[@]:3}")
  done
  # Test projects still running (a failed phase or an interrupt): end them and their children, by process group.
  for pid in $(jobs -p); do kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  # Containers this run started and did not remove (an interrupted test host): by the label the tests put on them.
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    local left
    left=$( (docker ps -aq --filter "label=supplygraph.test-run=$test_run"; docker ps -aq --filter "label=com.docker.compose.project=$test_run-compose") 2>/dev/null || true)
    # shellcheck disable=SC2086 # (one id a word)
    [ -z "$left" ] || docker rm -f $left >/dev/null 2>&1 || true
    docker network rm "$test_run-compose_default" >/dev/null 2>&1 || true
    docker volume rm "$test_run-compose_neo4j-data" >/dev/null 2>&1 || true
  fi
  echo
  echo "== timing ($(uptime | sed 's/.*load average/load average/'))"
  local i
  for i in "${!names[@]}"; do
    printf '  %-28s %8s  %s\n' "${names[$i]}" "$(fmt_time "${secs[$i]}")" "${states[$i]}"
  done
  printf '  %-28s %8s  %s\n' "total" "$(fmt_time $((SECONDS - run_start)))" "$([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")"
  if [ -n "$skipped_groups" ]; then
    echo
    echo "################################################################################"
    echo "#  SKIPPED TESTS: this run did not test everything (allowed only without CI=true)"
    printf '%s\n' "$skipped_groups" | sed 's/^/#    /'
    echo "#  Start the service they name (scripts/test.sh does it for Neo4j) and rerun."
    echo "################################################################################"
  fi
  [ -n "$tests_line" ] && echo "$tests_line"
  rm -rf "$logs"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

die() {
  echo "test.sh: $*" >&2
  exit 1
}

if $ci && $no_neo4j; then
  die "SUPPLYGRAPH_NO_NEO4J is for a developer's machine: under CI=true every test runs"
fi

# --- set-up ----------------------------------------------------------------------------------------------------------
begin "set-up"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_updated=false
apt_install() {
  command -v apt-get >/dev/null || die "cannot install $* (no apt-get here): install them and rerun"
  # Another apt (an unattended upgrade, a colleague's install) may hold the lock: wait for it, within bounds.
  if ! $apt_updated; then
    local try
    for try in 1 2 3 4 5 6; do
      $sudo apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 update -qq && break
      [ "$try" -lt 6 ] || die "apt-get update failed 6 times"
      echo "apt-get update failed (lock or network); retrying in $((try * 10)) s" >&2
      sleep $((try * 10))
    done
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 install -y -qq "$@" >/dev/null
}

# The tools, each with what needs it. What Debian packages, the script installs; then every check must pass.
node_ok() { command -v node >/dev/null && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; }
docker_ok() { command -v dockerd >/dev/null && command -v docker >/dev/null && command -v docker-compose >/dev/null && command -v debootstrap >/dev/null; }
networkx_ok() { command -v python3 >/dev/null && python3 -c "import networkx" 2>/dev/null; }
missing=()
node_ok || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v curl >/dev/null || missing+=(curl)
$no_neo4j || docker_ok || missing+=(docker.io docker-compose debootstrap)
networkx_ok || missing+=(python3 python3-networkx)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/redis-server ] && command -v redis-cli >/dev/null || missing+=(redis-server)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} (apt)"
  apt_install "${missing[@]}"
fi
# `docker compose` v2 is what users run; docker-compose.yml must work with it and with Debian 12's docker-compose 1.29
# (ComposeStackTests runs both). Debian 12 packages only 1.29, so v2 is taken from Debian 13's docker-compose package
# on the Debian mirror, checked against its pinned SHA-256; only its CLI plugin is installed (the package as a whole
# would replace 1.29).
compose_v2_ok() { docker compose version 2>/dev/null | grep -q 'version v\?2\.'; }
compose_v2_deb=debian/pool/main/d/docker-compose/docker-compose_2.26.1-4_amd64.deb
compose_v2_sha256=47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea
if ! $no_neo4j && command -v docker >/dev/null && ! compose_v2_ok && [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ]; then
  echo "installing docker compose v2 (the CLI plugin of Debian 13's docker-compose 2.26.1)"
  deb=$(mktemp -d)
  if curl -fsSL --retry 3 -o "$deb/compose.deb" "http://deb.debian.org/$compose_v2_deb" &&
    echo "$compose_v2_sha256  $deb/compose.deb" | sha256sum -c --quiet - && dpkg-deb -x "$deb/compose.deb" "$deb/root"; then
    $sudo install -D -m 0755 "$deb/root/usr/libexec/docker/cli-plugins/docker-compose" /usr/local/lib/docker/cli-plugins/docker-compose
  fi
  rm -rf "$deb"
fi
problems=()
sdk=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' global.json)
if ! command -v dotnet >/dev/null; then
  problems+=("the .NET SDK $sdk (or a later ${sdk%.*}.x feature band) is required by global.json: not found (https://dot.net; not in Debian)")
elif ! found=$(dotnet --version 2>/dev/null); then
  problems+=("the .NET SDK $sdk (or a later ${sdk%.*}.x feature band) is required by global.json; installed: $(dotnet --list-sdks | cut -d' ' -f1 | tr '\n' ' ')")
fi
node_ok || problems+=("node >= 20.19 is required (dclint, playwright-core; the dashboard test); found: $(node --version 2>/dev/null || echo none). Debian 12's nodejs is 18: use a newer nodejs package")
command -v npm >/dev/null || problems+=("npm is required (Debian: apt-get install npm)")
command -v curl >/dev/null || problems+=("curl is required (Debian: apt-get install curl)")
$no_neo4j || docker_ok || problems+=("a Docker engine, docker-compose and debootstrap are required to run Neo4j and the compose stack (Debian: apt-get install docker.io docker-compose debootstrap)")
$no_neo4j || compose_v2_ok || problems+=("docker compose v2 is required by the compose test: put a docker-compose 2.x CLI plugin in /usr/local/lib/docker/cli-plugins (the set-up downloads Debian 13's from deb.debian.org: was it reachable?)")
networkx_ok || problems+=("python3 with networkx is required: the tests' independent oracle (Debian: apt-get install python3-networkx)")
[ -x /usr/bin/chromium ] || problems+=("/usr/bin/chromium is required by the dashboard tests (Debian: apt-get install chromium)")
[ -x /usr/bin/redis-server ] && command -v redis-cli >/dev/null || problems+=("redis-server and redis-cli are required by the backplane tests (Debian: apt-get install redis-server)")
if [ "${#problems[@]}" -gt 0 ]; then
  printf 'missing: %s\n' "${problems[@]}" >&2
  die "${#problems[@]} required tool(s) missing"
fi
echo "dotnet $found, node $(node --version), python3 networkx $(python3 -c 'import networkx; print(networkx.__version__)')"

# npm packages for the browser tests, the dashboard's bundler and the Compose linter, at once; ~/.npm
# caches the downloads. A folder whose node_modules was installed from the same lock file is kept.
npm_pids=()
for dir in tests/browser src/SupplyGraph.Dashboard tools/compose-lint; do
  if cmp -s "$dir/package-lock.json" "$dir/node_modules/.supplygraph-lock" 2>/dev/null; then
    continue
  fi
  (
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$dir" --no-audit --no-fund --prefer-offline --loglevel=error >"$logs/npm-${dir//\//-}.log" 2>&1 ||
      { cat "$logs/npm-${dir//\//-}.log" >&2; echo "npm ci failed in $dir" >&2; exit 1; }
    cp "$dir/package-lock.json" "$dir/node_modules/.supplygraph-lock"
  ) &
  npm_pids+=($!)
done
for pid in "${npm_pids[@]}"; do wait "$pid" || die "npm ci failed"; done
finish

# docker-compose.yml against the Compose Specification's schema and dclint's rules; ComposeStackTests then runs it with
# `docker compose` v2 and with Debian's docker-compose 1.29.
begin "compose lint"
tools/compose-lint/node_modules/.bin/dclint docker-compose.yml --max-warnings 0
finish

# Neo4j runs in Docker: the Neo4j tests start it through Testcontainers, the compose test the whole stack. The engine is
# started here when it is not running (it is left running for the next run); the local images are built while the
# solution builds (from nothing ~4-5 minutes, then reused), and "images" below waits for them.
images_pid=""
if ! $no_neo4j; then
  begin "docker engine"
  if ! docker info >/dev/null 2>&1; then
    [ -z "$sudo" ] || die "the Docker engine is not running: start it (sudo dockerd), or run as root"
    echo "starting dockerd (log: /var/log/supplygraph-dockerd.log)"
    # Its own session and no handle on our output: CI waits for every process that holds it.
    setsid dockerd </dev/null >>/var/log/supplygraph-dockerd.log 2>&1 &
    deadline=$((SECONDS + 60))
    until docker info >/dev/null 2>&1; do
      [ "$SECONDS" -lt "$deadline" ] || { tail -20 /var/log/supplygraph-dockerd.log >&2; die "dockerd did not answer within 60 s"; }
      sleep 1
    done
  fi
  # Testcontainers' client does not negotiate the API version: it uses the engine's (Debian 12's engine speaks 1.41).
  DOCKER_API_VERSION="${DOCKER_API_VERSION:-$(docker version --format '{{.Server.APIVersion}}')}"
  export DOCKER_API_VERSION TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 SUPPLYGRAPH_TEST_RUN="$test_run"
  export SUPPLYGRAPH_NEO4J_IMAGE="${SUPPLYGRAPH_NEO4J_IMAGE:-supplygraph/neo4j:3.1.1-local}"
  echo "docker engine $(docker version --format '{{.Server.Version}}') (API $DOCKER_API_VERSION), Neo4j image $SUPPLYGRAPH_NEO4J_IMAGE"
  scripts/local-images.sh all >"$logs/images.log" 2>&1 &
  images_pid=$!
  finish
fi

# The dashboard's script is committed built (the server embeds it; `dotnet run` needs no node): it must be current.
begin "dashboard bundle"
node src/SupplyGraph.Dashboard/build.mjs --check
finish

begin "build"
dotnet build SupplyGraph.sln -c Release -nologo -clp:ErrorsOnly
finish

# The build already fails on every code-style and analyzer diagnostic of severity warning (EnforceCodeStyleInBuild,
# TreatWarningsAsErrors): that is what `dotnet format`'s style and analyzers passes would re-run, at 3-4 minutes.
# What the build does not check is formatting: whitespace, line ends, final newlines and using order (.editorconfig).
# `--diagnostics IDE0055` keeps dotnet format's whitespace and import passes and limits its analyzer pass to the
# formatting rule.
begin "format"
dotnet format SupplyGraph.sln --verify-no-changes --no-restore --diagnostics IDE0055 -v quiet
finish

# The tests start their own Neo4j in Docker: an outside server's settings must not divert them.
unset SUPPLYGRAPH_NEO4J_URL SUPPLYGRAPH_NEO4J_USER SUPPLYGRAPH_NEO4J_PASSWORD
if [ -n "$images_pid" ]; then
  begin "images"
  wait "$images_pid" || { cat "$logs/images.log" >&2; die "building the local Docker images failed"; }
  cat "$logs/images.log"
  # The server image of this build, for the compose test (docker-compose.yml's build on the local bases).
  scripts/local-images.sh server
  finish
fi

# --- tests -----------------------------------------------------------------------------------------------------------
# Each test project is its own `dotnet test`, $jobs_max at a time, the longest first; each project's output is
# printed whole when it ends, and its time is a row of the table.
begin "tests"
projects=(SupplyGraph.Neo4j.Tests SupplyGraph.Cli.Tests SupplyGraph.Core.Tests SupplyGraph.Server.Tests SupplyGraph.Tck.Tests SupplyGraph.Cypher.Tests)
for p in tests/*/*.Tests.csproj; do
  name=$(basename "$p" .csproj)
  [[ " ${projects[*]} " == *" $name "* ]] || die "$p is not in scripts/test.sh's list of test projects"
done
declare -A name_of started_at
# The attack suite measures the server process's time and memory against its budgets: it runs alone after the others
# (like a benchmark, not beside another project), so the lanes leave it out.
attacks="SupplyGraph.Server.Tests.Attacks"
declare -A filter_of=([SupplyGraph.Server.Tests]="FullyQualifiedName!~$attacks.")
status=0 pending=("${projects[@]}") running=()
while [ "${#pending[@]}" -gt 0 ] || [ "${#running[@]}" -gt 0 ]; do
  while [ "${#pending[@]}" -gt 0 ] && [ "${#running[@]}" -lt "$jobs_max" ]; do
    name=${pending[0]} pending=("${pending[@]:1}")
    # setsid: its own process group, so that on_exit can end it with its test host and whatever the tests started.
    # env --default-signal: a background job of a script starts with SIGINT ignored, which the tests' processes would
    # inherit (the shell's Ctrl+C test needs it).
    setsid env --default-signal=INT,QUIT dotnet test "tests/$name/$name.csproj" -c Release --no-build -nologo ${filter_of[$name]:+--filter "${filter_of[$name]}"} >"$logs/$name.log" 2>&1 &
    name_of[$!]=$name started_at[$name]=$SECONDS running+=($!)
  done
  rc=0
  wait -n -p ended "${running[@]}" || rc=$?
  name=${name_of[$ended]}
  still=()
  for pid in "${running[@]}"; do [ "$pid" = "$ended" ] || still+=("$pid"); done
  running=("${still[@]}")
  echo "-- $name (exit $rc)"
  cat "$logs/$name.log"
  grep -q '^\(Passed\|Failed\)!' "$logs/$name.log" || echo "$name: dotnet test exited $rc without a summary line (test host crash?)" >&2
  [ "$rc" -eq 0 ] || status=1
  rows+=("  $name" $((SECONDS - started_at[$name])) "$([ "$rc" -eq 0 ] && echo ok || echo FAILED)")
done
started=$SECONDS rc=0
setsid env --default-signal=INT,QUIT dotnet test tests/SupplyGraph.Server.Tests/SupplyGraph.Server.Tests.csproj -c Release --no-build -nologo \
  --filter "FullyQualifiedName~$attacks." >"$logs/$attacks.log" 2>&1 || rc=$?
echo "-- $attacks, alone (exit $rc)"
cat "$logs/$attacks.log"
grep -q '^\(Passed\|Failed\)!' "$logs/$attacks.log" || echo "$attacks: dotnet test exited $rc without a summary line" >&2
[ "$rc" -eq 0 ] || status=1
rows+=("  $attacks (alone)" $((SECONDS - started)) "$([ "$rc" -eq 0 ] && echo ok || echo FAILED)")
if [ "$status" -eq 0 ]; then finish; else finish FAILED; fi

# One closing line over all test projects, e.g. "tests: 120 passed, 0 failed, 0 skipped".
cat "$logs"/SupplyGraph.*.log >"$logs/all"
tests_line=$(awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$logs/all")
# Skipped tests, by class: listed in a banner at the end; under CI a skip fails the run (the tests already fail
# themselves there when their service is missing; this catches any other skip).
skipped_groups=$(sed -n 's/^ *Skipped \([^ (]*\)\.[^.( ]*[ (].*/\1/p' "$logs/all" | sort | uniq -c | awk '{ printf "%s (%d)\n", $2, $1 }')
# openCypher TCK totals per folder (written by tests/SupplyGraph.Tck.Tests).
report=tests/SupplyGraph.Tck.Tests/bin/Release/net10.0/tck-report.txt
[ -f "$report" ] && cat "$report"
[ "$status" -eq 0 ] || exit "$status"
if $ci && [ -n "$skipped_groups" ]; then
  die "CI=true and tests were skipped: CI must test everything"
fi
exit 0
