#!/usr/bin/env bash
# bench/minimal_decoder.sh [SEEDS]: issue 7's minimal decoder on iCE40 HX8K (BENCHMARKS.md, "The
# minimal decoder"). One 4-bit layer of 4,096 Laplace weights, table_log 11, lanes 1, at
# states_per_lane 1 and 2 and input_width 8, 16, 32; each point placed with SEEDS seeds (default 5),
# the median Fmax reported with the range. Prints a markdown table, then checks the target on
# examples/minimal_pipe.yaml (<= 300 LUT4 and a median Fmax >= 100 MHz): exit 1 if it is missed.
# Needs yosys and nextpnr-ice40 (make deps); about a minute per point on one core.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
seeds=${1:-5}
cli="dotnet generator/bin/Release/net10.0/decoderhw.dll"
dotnet build generator -c Release --nologo -v q > /dev/null
mkdir -p build/bench/minimal

printf '| states_per_lane | input_width | LUT4 | FF | BRAM | carry | Fmax median (MHz) | Fmax range | cycles/weight | M weights/s |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for states in 1 2; do
  for iw in 8 16 32; do
    name=min_s${states}_iw$iw
    sed -e "s/^name: minimal_pipe/name: $name/" -e "s/^states_per_lane: 2/states_per_lane: $states/" \
        -e "s/^input_width: 8/input_width: $iw/" examples/minimal_pipe.yaml > build/bench/minimal/$name.yaml
    $cli size build/bench/minimal/$name.yaml -o build/bench/minimal/$name --device hx8k --seeds "$seeds" > /dev/null
    jq -r --arg s "$states" --arg iw "$iw" '"| \($s) | \($iw) | \(.area.ice40.lut4) | \(.area.ice40.ff) | \(.area.ice40.bram) | \(.area.ice40.carry) | \(.timing.fmax_mhz) | \(.timing.fmax_mhz_min)..\(.timing.fmax_mhz_max) | \(.totals.cycles_per_weight) | \(.throughput.weights_per_second / 1e6 | . * 10 | round / 10) |"' \
      build/bench/minimal/$name/report.json
  done
done

$cli size examples/minimal_pipe.yaml -o build/bench/minimal/minimal_pipe --device hx8k --seeds "$seeds" > /dev/null
report=build/bench/minimal/minimal_pipe/report.json
lut=$(jq .area.ice40.lut4 "$report"); fmax=$(jq .timing.fmax_mhz "$report")
echo
echo "examples/minimal_pipe.yaml: $lut LUT4, median Fmax $fmax MHz over $seeds seeds (target <= 300 LUT4, >= 100 MHz)"
echo "critical path ($(jq -r .timing.critical_path.total_ns "$report") ns, $(jq -r .timing.critical_path.logic_levels "$report") cells): $(jq -r .timing.critical_path.from "$report") -> $(jq -r .timing.critical_path.to "$report")"
jq -r '.timing.critical_path.rtl_sources[]' "$report" | sed 's/^/  /'
if [ "$lut" -le 300 ] && awk -v f="$fmax" 'BEGIN { exit !(f >= 100) }'; then echo "target met"; else echo "target MISSED"; exit 1; fi
