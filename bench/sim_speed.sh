#!/usr/bin/env bash
# bench/sim_speed.sh [BASE_REF]: RTL simulation speed of the testbench, before and after, in one run
# (BENCHMARKS.md, "RTL simulation").
#   before: BASE_REF's tree (default 2d8da64, the last commit with the hex vectors and the --timing
#           build), exported with git archive to build/bench/sim_speed/base (its own generator and scripts)
#   after:  this checkout
# On both: examples/big.yaml (1,048,576 weights, lanes 1), free run, Verilator (best of RUNS, default 3)
# and Icarus (one run); then bench/specs/resnet18_like.yaml (22 layers, 11.7M weights, lanes 4) on
# Verilator, free and stall. Each run is sim/run.sh (it must print TB PASS: every weight and every
# handshake's cycle checked); times are wall and CPU (user + sys) of that command, the build not counted.
# Set RESNET=0 to skip the ResNet-scale model (its gen writes 0.3 GB of vectors before, 0.18 GB after).
# Takes 10-15 minutes on 2 cores, most of it Icarus and the two gens of the ResNet-scale model.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
base_ref=${1:-2d8da64}
runs=${RUNS:-3}
resnet=${RESNET:-1}
work=build/bench/sim_speed
base="$work/base"
mkdir -p "$work"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(verilator --version), $(iverilog -V 2>&1 | head -1); before = $base_ref, after = $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"

rm -rf "$base"; mkdir -p "$base"
git archive "$base_ref" | tar -x -C "$base"
dotnet build "$base/generator" -c Release --nologo -v q > "$work/base_build.log" 2>&1 || { cat "$work/base_build.log"; exit 1; }
dotnet build generator -c Release --nologo -v q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

# timed TREE SIM OUT SCENARIO: one sim/run.sh of TREE's scripts; prints "wall cpu" in seconds.
timed() {
  local tree=$1 sim=$2 out=$3 scen=$4
  /usr/bin/time -o "$out/bench_time" -f '%e %U %S' "$tree/sim/run.sh" "$sim" "$out" "$scen" > "$out/bench_${sim}_$scen.log" 2>&1 \
    && grep -q '^TB PASS' "$out/bench_${sim}_$scen.log" \
    || { echo "sim_speed: $tree $sim $scen did not pass ($out/bench_${sim}_$scen.log)" >&2; exit 1; }
  tail -1 "$out/bench_time" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}

# best TREE SIM OUT SCENARIO N: the fastest (by CPU) of N runs.
best() {
  local i r b=""
  for ((i = 0; i < $5; i++)); do
    r=$(timed "$1" "$2" "$3" "$4")
    if [ -z "$b" ] || [ "$(echo "$r $b" | awk '{print ($2 < $4)}')" = 1 ]; then b=$r; fi
  done
  echo "$b"
}

# row LABEL SPEC SIM SCENARIO N: gen and build with both trees, run, print a table row.
row() {
  local label=$1 spec=$2 sim=$3 scen=$4 n=$5 tree out w t_b t_a weights
  for tree in base after; do
    out="$work/${tree}_$(basename "$spec" .yaml)"
    local dir=$root; [ "$tree" = base ] && dir=$root/$base
    if [ ! -e "$out/report.json" ]; then
      rm -rf "$out"
      (cd "$dir" && dotnet generator/bin/Release/net10.0/decoderhw.dll gen "$root/$spec" -o "$root/$out" > /dev/null)
    fi
    [ -x "$out/obj_$sim/Vtb_decoder" ] || [ -e "$out/obj_$sim/tb_decoder.vvp" ] || "$dir/sim/build.sh" "$sim" "$out"
    if [ "$tree" = base ]; then t_b=$(best "$dir" "$sim" "$out" "$scen" "$n"); else t_a=$(best "$dir" "$sim" "$out" "$scen" "$n"); fi
  done
  weights=$(jq .totals.weights "$out/report.json")
  echo "$t_b $t_a" | awk -v l="$label" -v s="$sim" -v c="$scen" -v w="$weights" '
    function rate(t) { return w / t >= 1e6 ? sprintf("%.2fM", w / t / 1e6) : sprintf("%.1fk", w / t / 1e3) }
    { printf "| %s | %s | %s | %.2f / %.2f | %.2f / %.2f | %s / %s | %s / %s | %.1fx |\n",
        l, s, c, $1, $2, $3, $4, rate($1), rate($2), rate($3), rate($4), $2 / $4 }'
}

echo
echo "| model | simulator | pattern | before s (wall / CPU) | after s (wall / CPU) | before weights/s (wall / CPU) | after weights/s (wall / CPU) | CPU speedup |"
echo "|---|---|---|---|---|---|---|---|"
row "big (1M weights, lanes 1)" examples/big.yaml verilator free "$runs"
row "big (1M weights, lanes 1)" examples/big.yaml icarus free 1
if [ "$resnet" = 1 ]; then
  row "resnet18_like (11.7M weights, lanes 4)" bench/specs/resnet18_like.yaml verilator free 1
  row "resnet18_like (11.7M weights, lanes 4)" bench/specs/resnet18_like.yaml verilator stall 1
fi
echo
echo "vector files read by the bench, big: before $(du -cb $work/base_big/vectors/{stream,weights,beats_free,words_free}.hex | tail -1 | cut -f1) bytes of hex, after $(du -cb $work/after_big/vectors/{stream,weights,beats_free,words_free}.bin | tail -1 | cut -f1) bytes of binary"
