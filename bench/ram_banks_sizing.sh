#!/usr/bin/env bash
# bench/ram_banks_sizing.sh [BANKS...]: block RAM, LUT4 and Fmax of the ResNet-like 8-lane tans ram table_log-9
# decoder (BENCHMARKS.md, "The ResNet-like model on an iCE40") with ram_banks 1, 2 (default) or BANKS, and
# ram_build_engines 4 (default) or ENGINES, on the iCE40 HX8K (`size --device hx8k --seeds SEEDS`, default 3:
# the median Fmax). A tables: ram decoder's RTL depends only on lanes, input_width and ram_limits, so the spec
# is two small layers under the limits of bench/specs/resnet18_like.yaml at table_log 9 (max_table_log 9,
# max_bits 8, max_layers 22, max_weights 2,359,296; lanes 8, input_width 64): the same Verilog as the full
# model's, without its 11.7M weights of vectors. Output: one line per run, `size`'s summary, and the runs'
# folders under build/bench/ram_banks_sizing/. One size at a time (yosys, then nextpnr per seed).
#   CYCLES=1  also gens the whole bench/specs/resnet18_like.yaml (11.7M weights) at lanes 8, table_log 9 as tans
#             rom and as tans ram with each BANKS and ENGINES, and prints the cycle model's free-run cycles per
#             weight (report.json; the vectors are removed after each gen, ~440 MB each)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
banks=${*:-1 2}
engines=${ENGINES:-4}
seeds=${SEEDS:-3}
out=build/bench/ram_banks_sizing; mkdir -p "$out"
dotnet build generator -c Release --nologo -v q > /dev/null
cli="dotnet generator/bin/Release/net10.0/decoderhw.dll"
if [ "${CYCLES:-0}" = 1 ]; then
  cpw() { jq -r '"\(.totals.predicted_cycles) cycles, \(.totals.cycles_per_weight) cycles/weight, first output \(.totals.first_output_latency_cycles), load \(.totals.table_load_cycles // 0)"' "$1/report.json"; }
  full() { # NAME EXTRA: the whole ResNet-like model at lanes 8, table_log 9
    sed -e "s/^name: .*/name: $1/" -e "s/^lanes: .*/lanes: 8/" -e "s/^table_log: .*/table_log: 9/" bench/specs/resnet18_like.yaml > "$out/$1.yaml"
    printf "$2" >> "$out/$1.yaml"
    $cli gen "$out/$1.yaml" -o "$out/$1" > /dev/null
    rm -rf "$out/$1/vectors"
    echo "$1: $(cpw "$out/$1")"
  }
  full r18_full_rom_l8 ""
  for b in $banks; do
    for e in $engines; do full "r18_full_ram_b${b}_e${e}_l8" "tables: ram\nram_banks: $b\nram_build_engines: $e\n"; done
  done
  exit 0
fi
for b in $banks; do
  for e in $engines; do
    name=r18_ram_tl9_l8_b${b}_e$e
    cat > "$out/$name.yaml" <<SPEC
# bench/ram_banks_sizing.sh: the RTL of the ResNet-like 8-lane tans ram table_log-9 decoder, ram_banks $b
name: $name
coder: tans
table_log: 9
lanes: 8
input_width: 64
tables: ram
ram_banks: $b
ram_build_engines: $e
ram_limits: {max_table_log: 9, max_bits: 8, max_layers: 22, max_weights: 2359296}
layers:
  - {name: conv1,      bits: 8, distribution: {laplace: 12.0}, count: 9408,  seed: 1}
  - {name: layer1_0_a, bits: 4, distribution: {laplace: 1.6},  count: 36864, seed: 2}
SPEC
    echo "== ram_banks $b, ram_build_engines $e ($(date -u +%H:%M) UTC)"
    /usr/bin/time -f "size: %e s wall, %U s user" $cli size "$out/$name.yaml" -o "$out/$name" --device hx8k --seeds "$seeds" 2>&1 | grep -v '^\s*$'
  done
done
