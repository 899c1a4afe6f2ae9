#!/usr/bin/env bash
# bench/pipe_lanes.sh [SEEDS] [BASE_REF]: issue 15 part 2, the pipelined lanes' clock at several lanes
# (BENCHMARKS.md, "Several pipelined lanes"). examples/decoder_pipe.yaml at lanes 2 (table_log 8 and 9),
# 4 and 8 (table_log 8), iCE40 HX8K, each point placed with SEEDS seeds (default 5, median Fmax and
# range): this checkout at states_per_lane 2 and 3, and BASE_REF (default main, exported with git
# archive into build/bench/pipe_lanes/base and built there; or a folder holding a built checkout) at
# states_per_lane 2, in the same run.
# Prints a markdown table. Lanes 8 needs 64 block RAMs at table_log 8 (the HX8K has 32): area only.
# Needs yosys and nextpnr-ice40 (make deps); one to four minutes per point on one core.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
seeds=${1:-5}
base_ref=${2:-main}
out=build/bench/pipe_lanes
mkdir -p "$out"
dotnet build generator -c Release --nologo -v q > /dev/null
if [ -d "$base_ref" ]; then
  # A built checkout of the reference (its generator/bin/Release), e.g. an export of main.
  base_tree=$(cd "$base_ref" && pwd); base_sha=$(basename "$base_tree")
else
  base_tree=$root/$out/base; base_sha=$(git rev-parse --short "$base_ref")
  rm -rf "$base_tree"; mkdir -p "$base_tree"
  git archive "$base_ref" | tar -x -C "$base_tree"
  (cd "$base_tree" && dotnet build generator -c Release --nologo -v q > /dev/null)
fi

point() {   # point TREE LABEL STATES LANES TABLE_LOG
  local tree=$1 label=$2 states=$3 lanes=$4 tl=$5 name
  name=pipe_$(echo "$label" | tr -c 'a-z0-9\n' '_')_s${states}_l${lanes}_t${tl}
  sed -e "s/^name: decoder_pipe/name: $name/" -e "s/^lanes: .*/lanes: $lanes/" -e "s/^table_log: .*/table_log: $tl/" \
      -e "s/^states_per_lane: .*/states_per_lane: $states/" examples/decoder_pipe.yaml > "$out/$name.yaml"
  # REUSE=1: keep a point already sized (a run cut short and started again).
  if [ "${REUSE:-0}" != 1 ] || [ ! -f "$out/$name/report.json" ] || ! jq -e .area "$out/$name/report.json" > /dev/null; then
    (cd "$tree" && dotnet generator/bin/Release/net10.0/decoderhw.dll size "$root/$out/$name.yaml" -o "$root/$out/$name" --device hx8k --seeds "$seeds" > /dev/null)
  fi
  jq -r --arg rtl "$label" --arg s "$states" --arg l "$lanes" --arg t "$tl" \
    '"| \($l) | \($t) | \($rtl) | \($s) | \(.area.ice40.lut4) | \(.area.ice40.lut4 / ($l | tonumber) | round) | \(.area.ice40.ff) | \(.area.ice40.bram) | \(.timing.fmax_mhz // "-") | \(if .timing.fmax_mhz then "\(.timing.fmax_mhz_min)..\(.timing.fmax_mhz_max)" else "does not fit" end) | \(.totals.cycles_per_weight | . * 10000 | round / 10000) | \(.totals.bits_per_weight | . * 10000 | round / 10000) |"' \
    "$out/$name/report.json"
}

printf '| lanes | table_log | RTL | states_per_lane | LUT4 | LUT4/lane | FF | BRAM | Fmax median (MHz) | Fmax range | cycles/weight | bits/weight |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for p in "2 8" "2 9" "4 8" "8 8"; do
  set -- $p
  point "$base_tree" "base-$base_sha" 2 "$1" "$2"
  point "$root" this 2 "$1" "$2"
  point "$root" this 3 "$1" "$2"
done
