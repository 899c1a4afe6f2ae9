#!/usr/bin/env bash
# bench/resnet_memory.sh [LANES...]: issue 13's table-memory table on bench/specs/resnet18_like.yaml (22
# layers, ResNet-18's tensor sizes, 11.7M weights) at lanes 1, 4, 8, 16 (or LANES): for every variant
# `compare --no-size` computes (tans rom, tans ram, huffman rom and ram, raw, tans with 2 states, tans and
# huffman with table_groups: auto, rans at rans_state_bits 4 and 0, rans ram): bits/weight, on-chip table
# bits, stream + tables against int8. C# only: LUT4/FF/BRAM/Fmax need `compare` without --no-size.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
lanes=${*:-1 4 8 16}
cli="dotnet generator/bin/Release/net10.0/decoderhw.dll"
dotnet build generator -c Release --nologo -v q > /dev/null
out=build/bench/resnet; mkdir -p "$out"
printf '| lanes | variant | bits/weight | table bits | stream + tables KB | int8 KB | int8 / (stream + tables) |\n|---:|---|---:|---:|---:|---:|---:|\n'
for l in $lanes; do
  sed -e "s/^name: .*/name: resnet18_like_l$l/" -e "s/^lanes: .*/lanes: $l/" bench/specs/resnet18_like.yaml > "$out/l$l.yaml"
  $cli compare "$out/l$l.yaml" --no-size -o "$out/l$l" > /dev/null
  jq -r --arg l "$l" '.variants[] | select(.coder != "raw" or .tables == "rom") |
    "| \($l) | \(.coder) \(.tables)\(if .states_per_lane == 2 then " 2 states" else "" end)\(if .option then " (" + .option + ")" else "" end) | \(.bits_per_weight * 10000 | round / 10000) | \(.table_bits) | \(.memory.total_bits / 8192 | . * 10 | round / 10) | \(.memory.int8_bits / 8192 | round) | \(.memory.int8_over_total * 100 | round / 100) |"' "$out/l$l/compare.json"
done
