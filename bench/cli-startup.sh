#!/usr/bin/env bash
# Wall time and CPU of one CLI call on the seed store, for each way of running the CLI, rounds interleaved so
# that the machine's drifting load hits every variant alike. Prints the median of the rounds and `uptime`.
#   bench/cli-startup.sh [ROUNDS] [COMMAND...]     default: 5 rounds of `path sugon nettrix`
# Needs scripts/supplygraph to have built .build/cli and scripts/install-tool.sh to have installed the tool.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
shift || true
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(path sugon nettrix)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export SUPPLYGRAPH_DATA="$data"
cd "$root"
dotnet .build/cli/SupplyGraph.Cli.dll init --quiet >/dev/null 2>&1

declare -A variants=(
  ["dotnet supplygraph (tool, ReadyToRun)"]="dotnet supplygraph"
  ["scripts/supplygraph (built, ReadyToRun)"]="scripts/supplygraph"
  ["built dll, ReadyToRun off at run time"]="env DOTNET_ReadyToRun=0 dotnet .build/cli/SupplyGraph.Cli.dll"
)
declare -A wall cpu
for ((i = 0; i < rounds; i++)); do
  for name in "${!variants[@]}"; do
    /usr/bin/time -o "$data/time" -f "%e %U %S" ${variants[$name]} "${args[@]}" >/dev/null 2>&1
    read -r w u s <"$data/time"
    wall[$name]+="$w "
    cpu[$name]+="$(echo "$u + $s" | bc) "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "supplygraph ${args[*]} on the seed store: median of $rounds rounds (wall s, user+sys CPU s)"
for name in "${!variants[@]}"; do
  printf '%-42s wall %5s s   cpu %5s s   (walls: %s)\n' "$name" "$(median <<<"${wall[$name]}")" "$(median <<<"${cpu[$name]}")" "${wall[$name]}"
done
uptime
