#!/usr/bin/env bash
# sim/bench.sh: the RTL simulation numbers of BENCHMARKS.md ("RTL simulation").
#   1. cycles/weight and first-output latency of 1M-weight (2^20) laplace layers at lanes 1, 2, 4, 8, 16
#      on Verilator (free run), against the cycle model's prediction
#   2. simulation speed (weights/s, cycles/s) of Verilator and Icarus on examples/big.yaml (1M weights)
# Run on an otherwise idle machine; takes a few minutes (Icarus ~1 min per 1M cycles).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
gen="dotnet generator/bin/Release/net10.0/decoderhw.dll gen"
dotnet build generator -c Release --nologo -v q > /dev/null
mkdir -p build/bench

echo "## throughput: 1M weights, bits 4, laplace 1.0, table_log 11"
printf '| lanes | input_width | bits/weight | cycles/weight | x lanes | first output latency | model agrees |\n|---|---|---|---|---|---|---|\n'
for lanes in 1 2 4 8 16; do
  iw=$(( lanes <= 4 ? 32 : lanes * 8 ))
  name=tput_l$lanes
  cat > build/bench/$name.yaml <<YAML
name: $name
table_log: 11
lanes: $lanes
input_width: $iw
layers:
  - {name: weights, bits: 4, distribution: {laplace: 1.0}, count: 1048576, seed: 1}
YAML
  $gen build/bench/$name.yaml -o build/bench/$name > /dev/null
  sim/build.sh verilator build/bench/$name
  sim/run.sh verilator build/bench/$name free > /dev/null
  j=build/bench/$name/sim_verilator.json; r=build/bench/$name/report.json
  agree=$([ "$(jq .cycles $j)" = "$(jq .totals.predicted_cycles $r)" ] && [ "$(jq .mismatches $j)" = 0 ] && echo yes || echo NO)
  printf '| %s | %s | %.4f | %.6f | %.4f | %s | %s |\n' "$lanes" "$iw" "$(jq .totals.bits_per_weight $r)" \
    "$(jq .cycles_per_weight $j)" "$(jq "$(jq .cycles_per_weight $j) * $lanes" -n)" "$(jq .first_output_latency_cycles $j)" "$agree"
done

echo
echo "## simulation speed: examples/big.yaml (1,048,576 weights, lanes 1), free run"
$gen examples/big.yaml -o build/big > /dev/null
printf '| simulator | build s | run s | cycles | weights/s | cycles/s |\n|---|---|---|---|---|---|\n'
for sim in verilator icarus; do
  t0=$(date +%s.%N); sim/build.sh $sim build/big; t1=$(date +%s.%N)
  sim/run.sh $sim build/big free > /dev/null; t2=$(date +%s.%N)
  cycles=$(jq .cycles build/big/sim_$sim.json); weights=$(jq .weights build/big/sim_$sim.json)
  printf '| %s | %.1f | %.1f | %s | %.0f | %.0f |\n' $sim "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" \
    "$cycles" "$(echo "$weights / ($t2 - $t1)" | bc -l)" "$(echo "$cycles / ($t2 - $t1)" | bc -l)"
done
