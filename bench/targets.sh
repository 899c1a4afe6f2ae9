#!/usr/bin/env bash
# bench/targets.sh [SEEDS] [SPEC...]: area of a decoder on every `size --target` (BENCHMARKS.md, "Area
# beyond iCE40"). For each spec (default: the minimal and the main example): iCE40 synthesized, placed
# and routed (nextpnr-ice40, SEEDS seeds, default 1, the median Fmax), ECP5, Xilinx 7-series and Gowin
# synthesized only (Yosys vendor scripts), and the ASIC figure (gate equivalents, NAND2 = 1, plus
# memory bits). Prints one markdown table. Needs yosys and nextpnr-ice40 (make deps).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
seeds=${1:-1}; shift || true
specs=("$@"); [ ${#specs[@]} -gt 0 ] || specs=(examples/minimal.yaml examples/decoder.yaml)
cli="dotnet generator/bin/Release/net10.0/decoderhw.dll"
dotnet build generator -c Release --nologo -v q > /dev/null
out=build/bench/targets; mkdir -p "$out"

printf '| decoder | target | estimate | LUT | FF | BRAM | DSP | carry | Fmax (MHz) | GE (NAND2 = 1) | memory bits | size s |\n'
printf '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for spec in "${specs[@]}"; do
  name=$(sed -n 's/^name:[[:space:]]*\([A-Za-z0-9_]*\).*/\1/p' "$spec" | head -1)
  $cli gen "$spec" -o "$out/$name" > /dev/null
  for target in ice40 ecp5 xilinx gowin asic; do
    extra=(); [ "$target" = ice40 ] && extra=(--seeds "$seeds" --device hx8k)
    start=$(date +%s.%N)
    $cli size "$out/$name" --target "$target" "${extra[@]}" > /dev/null
    secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
    jq -r --arg n "$name" --arg s "$secs" '.area.target as $t |
      "| \($n) | \($t.family) | \($t.estimate)\(if .timing.not_fitting then " (\(.timing.not_fitting[0]))" else "" end) | \($t.luts // "-") | \($t.ffs // $t.flip_flops) | \($t.brams // "-") | \($t.dsps // "-") | \($t.carries // "-") | \(.timing.fmax_mhz // "-") | \($t.gate_equivalents // "-") | \($t.memory_bits // .area.table_rom_bits) | \($s) |"' \
      "$out/$name/report.json"
  done
done
