#!/usr/bin/env bash
# Packs the CLI as a .NET tool into .build/packages and restores the repository's tool manifest
# (.config/dotnet-tools.json) from there, so that `dotnet supplygraph …` runs it. Run it again after changing the
# sources: the package keeps its version, so the copy NuGet cached from the previous run is dropped first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
packages="$root/.build/packages"
rid=$(dotnet --info 2>/dev/null | sed -n 's/^ *RID: *//p' | head -n1)
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/src/SupplyGraph.Cli/SupplyGraph.Cli.csproj")
rm -rf "$packages"
mkdir -p "$packages"
echo "packing the supplygraph tool ($rid, ReadyToRun) into $packages" >&2
# A tool packed for this machine's runtime identifier is precompiled (ReadyToRun); without one it is portable.
if ! dotnet pack "$root/src/SupplyGraph.Cli" -c Release ${rid:+-r "$rid"} -o "$packages" -nologo -v quiet -clp:ErrorsOnly; then
  echo "packing for $rid failed; packing the portable tool (slower start)" >&2
  dotnet pack "$root/src/SupplyGraph.Cli" -c Release -o "$packages" -nologo -v quiet -clp:ErrorsOnly
fi
nuget_packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
rm -rf "$nuget_packages/supplygraph.cli/$version"
cd "$root"
dotnet tool restore --add-source "$packages"
echo "installed: run 'dotnet supplygraph --help' from anywhere inside $root" >&2
