#!/usr/bin/env bash
# make test: every suite, each check counted once; ends with the plain line "N passed, N failed".
#   1. dotnet test (its own pass/fail counts)
#   2. every examples/*.yaml: gen, lint (verilator -Wall, yosys), golden-vector determinism, the block
#      testbenches (sim/blocks.sh: bit buffer, lane, loaded tables) on both simulators,
#      Verilator and Icarus: free and stall runs (every weight and handshake cycle), corrupt streams
#      (tables: ram: also the header lies gen wrote, vectors/lie_*.hex), another model's stream (lie_other_model.hex)
#   3. back to back (sim/b2b.sh): two models on one tables: ram decoder, a rom decoder's model twice; both simulators
#   4. seeded random specs (sim/random_spec.sh) through both simulators; the first RAM_RANDOM_SPECS
#      tans ones and the first HUFFMAN_RAM_RANDOM_SPECS huffman ones again as tables: ram decoders
#      (ram_limits default to what the layers need), and PIPE_RANDOM_SPECS more tans ones with
#      states_per_lane: 2 (the pipelined lanes; every other one with lanes: 1)
# Suites run JOBS at a time (default: nproc); each one's output is printed whole when it ends, and the
# totals are counted from the PASS/FAIL lines of all of them.
# Environment: JOBS, RANDOM_SPECS (default 20, tans), RANDOM_PREFIX_SPECS (default 4 each for huffman and raw),
# CORRUPT_SEEDS (default "1 2"), EXAMPLES (default examples/*.yaml), RAM_RANDOM_SPECS (default 4),
# HUFFMAN_RAM_RANDOM_SPECS (default 4), PIPE_RANDOM_SPECS (default 6), B2B_PAIRS (default: decoder_ram and
# decoder_ram_b, and decoder_huffman_ram and decoder_huffman_ram_b, each pair both ways, and the rom decoders
# minimal and minimal_pipe each on its own model twice; A:B decodes A then B on A's RTL).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
logs=build/test-logs
mkdir -p "$logs"
gen="dotnet generator/bin/Release/net10.0/decoderhw.dll gen"
random_specs=${RANDOM_SPECS:-20}
ram_random_specs=${RAM_RANDOM_SPECS:-4}
pipe_random_specs=${PIPE_RANDOM_SPECS:-6}
huffman_ram_random_specs=${HUFFMAN_RAM_RANDOM_SPECS:-4}
b2b_pairs=${B2B_PAIRS:-decoder_ram:decoder_ram_b decoder_ram_b:decoder_ram decoder_huffman_ram:decoder_huffman_ram_b decoder_huffman_ram_b:decoder_huffman_ram minimal:minimal minimal_pipe:minimal_pipe}
random_prefix_specs=${RANDOM_PREFIX_SPECS:-4}
corrupt_seeds=${CORRUPT_SEEDS:-1 2}
examples=${EXAMPLES:-$(ls examples/*.yaml)}
passed=0
failed=0
failures=()
start=$SECONDS

jobs_max=${JOBS:-$(nproc)}
suites=$logs/suites
rm -rf "$suites"; mkdir -p "$suites"
suite_count=0

pass() { printf 'PASS  %s\n' "$1"; }
fail() { printf 'FAIL  %s  (log: %s)\n' "$1" "$2"; tail -n 5 "$2" | sed 's/^/      /'; }

# spawn CMD...: run a suite in the background, at most jobs_max at once, its output to its own file.
spawn() {
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  suite_count=$((suite_count + 1))
  ( "$@" ) > "$suites/$(printf '%04d' "$suite_count").out" 2>&1 &
}
# drain: wait for every running suite, then print the outputs not yet printed, in order.
printed=0
drain() {
  wait
  local i
  for ((i = printed + 1; i <= suite_count; i++)); do cat "$suites/$(printf '%04d' "$i").out"; done
  printed=$suite_count
}
# check NAME CMD...: run a check, its output to a log, count it.
check() {
  local name=$1; shift
  local log="$logs/$(echo "$name" | tr ' /:' '___').log"
  if "$@" > "$log" 2>&1; then pass "$name"; return 0; else fail "$name" "$log"; return 1; fi
}

# 1. C# tests --------------------------------------------------------------------------------------
echo "== dotnet test"
dotnet_log="$logs/dotnet-test.log"
dotnet test DecoderHw.sln -c Release --nologo > "$dotnet_log" 2>&1
dotnet_rc=$?
# "Passed!  - Failed:     0, Passed:   123, Skipped:     0, Total:   123, ..." per test assembly
dp=$(grep -Eo 'Passed: +[0-9]+' "$dotnet_log" | awk '{s += $2} END {print s + 0}')
df=$(grep -Eo 'Failed: +[0-9]+' "$dotnet_log" | awk '{s += $2} END {print s + 0}')
if [ "$dotnet_rc" -ne 0 ] && [ "$df" -eq 0 ]; then df=1; fi   # a build or runner failure counts once
echo "dotnet test: $dp passed, $df failed (log: $dotnet_log)"
[ "$df" -gt 0 ] && { failures+=("dotnet test ($df)"); grep -E '^\s+Failed |error' "$dotnet_log" | head -20; }

dotnet build generator -c Release --nologo -v q > "$logs/gen-build.log" 2>&1 || { cat "$logs/gen-build.log"; echo "$dp passed, $((df + 1)) failed"; exit 1; }

# Run one model through everything. $1 = spec, $2 = output folder, $3 = "example" or "random"
model_suite() {
  local spec=$1 out=$2 kind=$3 name
  name=$(basename "$out")
  check "$name gen" $gen "$spec" -o "$out" || return 0
  check "$name lint" sim/lint.sh "$out"
  if [ "$kind" = example ]; then
    if [ -d "golden-vectors/$name" ]; then
      check "$name golden vectors" sim/golden.sh check "$out" "golden-vectors/$name"
    else
      fail "$name golden vectors" /dev/null; echo "      golden-vectors/$name missing: run 'make vectors'"
    fi
  fi
  for sim in verilator icarus; do
    # Block testbenches (bit buffer, lane, loaded tables) of the examples: each block on its own.
    [ "$kind" = example ] && check "$name $sim blocks" sim/blocks.sh "$sim" "$out"
    check "$name $sim build" sim/build.sh "$sim" "$out" || continue
    check "$name $sim free" sim/run.sh "$sim" "$out" free
    check "$name $sim stall" sim/run.sh "$sim" "$out" stall
    # Another model's stream (its tag word in front): error_o before any weight, on every model and
    # both simulators (it ends in the first cycles, so even the big models run it on Icarus).
    check "$name $sim other model's stream" sim/run.sh "$sim" "$out" corrupt-lie +stream=lie_other_model.hex
    local words
    words=$(grep -c . "$out/vectors/stream.hex")
    # Corrupt runs decode most of the stream; on Icarus (~16k cycles/s for tANS, slower for wider
    # decoders) only for models below ICARUS_CORRUPT_MAX_CYCLES predicted cycles: minimal,
    # edge_cases, wide, lanes16 and the random specs. The big ones are covered on Verilator.
    if [ "$sim" = icarus ] && [ "$(jq -r .totals.predicted_cycles "$out/report.json")" -gt "${ICARUS_CORRUPT_MAX_CYCLES:-20000}" ]; then
      continue
    fi
    for seed in $corrupt_seeds; do
      [ "$kind" = random ] && [ "$seed" != "${corrupt_seeds%% *}" ] && continue
      check "$name $sim corrupt flip seed $seed" sim/run.sh "$sim" "$out" corrupt-flip +corrupt_seed="$seed"
      if [ "$words" -ge 2 ]; then
        check "$name $sim corrupt truncate seed $seed" sim/run.sh "$sim" "$out" corrupt-truncate +corrupt_seed="$seed"
      fi
      check "$name $sim corrupt extra seed $seed" sim/run.sh "$sim" "$out" corrupt-extra +corrupt_seed="$seed"
    done
    local lie
    for lie in "$out"/vectors/lie_*.hex; do
      [ -e "$lie" ] || continue
      lie=$(basename "$lie")
      [ "$lie" = lie_other_model.hex ] && continue   # run above
      check "$name $sim header ${lie%.hex}" sim/run.sh "$sim" "$out" corrupt-lie +stream="$lie"
    done
  done
}

# tables: ram back to back: A's decoder decodes A's stream, then B's.
b2b_suite() {
  local a=$1 b=$2 out="build/b2b_$1_then_$2" sim
  echo "== back to back: $a then $b on ${a}_decoder"
  check "b2b $a then $b vectors" sim/b2b.sh "build/$a" "build/$b" "$out" || return 0
  for sim in verilator icarus; do
    check "b2b $a then $b $sim build" sim/build.sh "$sim" "$out" || continue
    check "b2b $a then $b $sim free" sim/run.sh "$sim" "$out" free
    check "b2b $a then $b $sim stall" sim/run.sh "$sim" "$out" stall
  done
}

# 2. Examples --------------------------------------------------------------------------------------
for spec in $examples; do
  name=$(basename "$($gen "$spec" --print-output)")
  spawn eval 'echo "== example '"$spec"'"; model_suite "'"$spec"'" "build/'"$name"'" example'
done
drain   # back to back needs the ram examples' outputs

# 3. tables: ram back to back --------------------------------------------------------------------
for pair in $b2b_pairs; do
  a=${pair%%:*}; b=${pair#*:}
  [ -d "build/$a/rtl" ] && [ -d "build/$b/rtl" ] || continue
  spawn b2b_suite "$a" "$b"
done

# 4. Random specs ----------------------------------------------------------------------------------
mkdir -p build/random
for seed in $(seq 1 "$random_specs"); do
  sim/random_spec.sh "$seed" > "build/random/rand_$seed.yaml"
  spawn eval 'echo "== random spec '"$seed"'"; model_suite build/random/rand_'"$seed"'.yaml build/random/rand_'"$seed"' random'
done
for coder in huffman raw; do
  for seed in $(seq 1 "$random_prefix_specs"); do
    sim/random_spec.sh "$seed" "$coder" > "build/random/rand_${coder}_$seed.yaml"
    spawn eval 'echo "== random '"$coder"' spec '"$seed"'"; model_suite build/random/rand_'"${coder}_$seed"'.yaml build/random/rand_'"${coder}_$seed"' random'
  done
done
for seed in $(seq 1 "$ram_random_specs"); do
  sim/random_spec.sh "$seed" | sed -e 's/^name: rand_/name: ramrand_/' -e 's/^coder: tans$/coder: tans\ntables: ram/' \
    > "build/random/ramrand_$seed.yaml"
  spawn eval 'echo "== random spec '"$seed"', tables: ram"; model_suite build/random/ramrand_'"$seed"'.yaml build/random/ramrand_'"$seed"' random'
done
for seed in $(seq 1 "$huffman_ram_random_specs"); do
  sim/random_spec.sh "$seed" huffman | sed -e 's/^name: rand_/name: ramrand_/' -e 's/^coder: huffman$/coder: huffman\ntables: ram/' \
    > "build/random/ramrand_huffman_$seed.yaml"
  spawn eval 'echo "== random huffman spec '"$seed"', tables: ram"; model_suite build/random/ramrand_huffman_'"$seed"'.yaml build/random/ramrand_huffman_'"$seed"' random'
done
# states_per_lane: 2 (the pipelined lanes): random specs with two states per lane; odd seeds with one lane
# (the minimal decoder's shape), even seeds with the spec's own lanes.
for seed in $(seq 1 "$pipe_random_specs"); do
  lanes_rule='s/^lanes: \(.*\)/lanes: \1\nstates_per_lane: 2/'
  [ $((seed % 2)) = 1 ] && lanes_rule='s/^lanes: .*/lanes: 1\nstates_per_lane: 2/'
  sim/random_spec.sh "$((seed + 100))" | sed -e 's/^name: rand_/name: piperand_/' -e "$lanes_rule" > "build/random/piperand_$seed.yaml"
  spawn eval 'echo "== random spec '"$((seed + 100))"', states_per_lane: 2"; model_suite build/random/piperand_'"$seed"'.yaml build/random/piperand_'"$seed"' random'
done
drain

sp=$(cat "$suites"/*.out 2>/dev/null | grep -c '^PASS ')
sf=$(cat "$suites"/*.out 2>/dev/null | grep -c '^FAIL ')
passed=$((dp + sp)); failed=$((df + sf))
echo
echo "make test: $((SECONDS - start)) s, $suite_count simulation suites, $jobs_max at a time"
if [ "$failed" -gt 0 ]; then
  echo "failed:"
  printf '  %s\n' "${failures[@]}"
  cat "$suites"/*.out | grep '^FAIL ' | sed 's/^FAIL /  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
