#!/usr/bin/env bash
# make test: every suite, each check counted once; ends with the plain line "N passed, N failed".
#   1. dotnet test (its own pass/fail counts; fewer than DOTNET_MIN_TESTS passed is a failure; skips are listed)
#   2. every examples/*.yaml: gen, lint (verilator -Wall, yosys), golden-vector determinism,
#      the block testbenches (sim/blocks.sh: bit buffer, lane, loaded tables) on both simulators,
#      Verilator and Icarus: the stall patterns (free and stall always; burst, slow_in and slow_out where
#      the run fits the simulator's cycle cap), each comparing every weight, every output handshake's and
#      every input word's cycle, and done_o; corrupt streams (a flip the reference decoder accepts: every
#      weight against its output; tables: ram: also the header lies gen wrote, vectors/lie_*.bin), another
#      model's stream (lie_other_model.hex)
#   3. back to back (sim/b2b.sh): two models on one tables: ram decoder, a rom decoder's model twice; both
#      simulators; the test-only mutants (sim/mutants.sh) on minimal: broken decoders the testbench must
#      reject, on both simulators; and NAME.core's sim target run from the core file (sim/core_sim.sh)
#   4. seeded random specs (sim/random_spec.sh) through both simulators; the first RAM_RANDOM_SPECS
#      tans ones and the first HUFFMAN_RAM_RANDOM_SPECS huffman ones again as tables: ram decoders
#      (ram_limits default to what the layers need), RANS_RANDOM_SPECS coder rans ones (the first
#      RANS_RAM_RANDOM_SPECS of them again as tables: ram decoders), and PIPE_RANDOM_SPECS more tans ones with
#      states_per_lane: 2 or 3 (the pipelined lanes; every other one with lanes: 1). The seeds start at
#      RANDOM_SEED, new each run and printed first: RANDOM_SEED=S make test replays a run.
#   5. formal/run.sh 1 (the fastest bounded proof) and sim/mutation.sh (a broken decoder caught by the
#      AXI4-Stream checks on both simulators and by the proof)
#   6. the MAC example (sim/mac.sh): examples/mac/laplace_iw32.yaml, and ag_pw_iw32.yaml (a real age_gender layer)
#      where ../shared/weights is there; bit- and cycle-exact on both simulators
# Suites run JOBS at a time (default: nproc); each one's output is printed whole when it ends, and the
# totals are counted from the PASS/FAIL lines of all of them.
# Environment: JOBS, RANDOM_SEED (default: from the clock), RANDOM_SPECS (default 20, tans),
# RANDOM_PREFIX_SPECS (default 4 each for huffman and raw), RANS_RANDOM_SPECS (default 4), RANS_RAM_RANDOM_SPECS
# (default 2), CORRUPT_SEEDS (default "1 2"; the random specs run
# the first), VERILATOR_CORRUPT_SEEDS (the examples on Verilator; default 1 2 3 4 of the 8 seeds gen gives a verdict for), EXAMPLES (default
# examples/*.yaml), RAM_RANDOM_SPECS (default 4), HUFFMAN_RAM_RANDOM_SPECS (default 4), PIPE_RANDOM_SPECS
# (default 6), B2B_PAIRS (default: decoder_ram and decoder_ram_b, and decoder_huffman_ram and
# decoder_huffman_ram_b, each pair both ways, decoder_rans_ram then decoder_rans_ram_b, decoder_ram3 (three banks) and decoder_ram1 (one bank) each on its own
# model twice, and the rom decoders minimal and minimal_pipe each on its own
# model twice; A:B decodes A then B on A's RTL), MUTANTS (default: all; "" for none), DOTNET_MIN_TESTS,
# VERILATOR_PATTERN_MAX_CYCLES (default 20000000: every example, big's 16.8M-cycle slow_out too, at ~10M
# cycles/s) and ICARUS_PATTERN_MAX_CYCLES (default 30000): the caps on a burst/slow_in/slow_out run's cycles;
# ICARUS_STALL_MAX_CYCLES (default 200000) and ICARUS_CORRUPT_MAX_CYCLES (default 45000): Icarus's stall run
# and corrupt runs, in tANS-cycle equivalents (icarus_cost below).
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
rans_random_specs=${RANS_RANDOM_SPECS:-4}
rans_ram_random_specs=${RANS_RAM_RANDOM_SPECS:-2}
b2b_pairs=${B2B_PAIRS:-decoder_ram:decoder_ram_b decoder_ram_b:decoder_ram decoder_huffman_ram:decoder_huffman_ram_b decoder_huffman_ram_b:decoder_huffman_ram decoder_rans_ram:decoder_rans_ram_b decoder_ram3:decoder_ram3 decoder_ram1:decoder_ram1 minimal:minimal minimal_pipe:minimal_pipe}
random_prefix_specs=${RANDOM_PREFIX_SPECS:-4}
corrupt_seeds=${CORRUPT_SEEDS:-1 2}
verilator_corrupt_seeds=${VERILATOR_CORRUPT_SEEDS:-1 2 3 4}
# A new base seed each run (the clock), printed so that a failing run can be replayed.
random_seed=${RANDOM_SEED:-$(( $(date +%s) % 100000 + 1 ))}
mutants=${MUTANTS-none beat_after_done ready_late valid_drop x_layer}
dotnet_min=${DOTNET_MIN_TESTS:-458}
verilator_pattern_max=${VERILATOR_PATTERN_MAX_CYCLES:-20000000}
icarus_pattern_max=${ICARUS_PATTERN_MAX_CYCLES:-30000}
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

echo "random specs: base seed $random_seed (replay: RANDOM_SEED=$random_seed make test)"

# 1. C# tests --------------------------------------------------------------------------------------
echo "== dotnet test"
dotnet_log="$logs/dotnet-test.log"
dotnet test DecoderHw.sln -c Release --nologo > "$dotnet_log" 2>&1
dotnet_rc=$?
# "Passed!  - Failed:     0, Passed:   123, Skipped:     0, Total:   123, ..." per test assembly
dp=$(grep -Eo 'Passed: +[0-9]+' "$dotnet_log" | awk '{s += $2} END {print s + 0}')
df=$(grep -Eo 'Failed: +[0-9]+' "$dotnet_log" | awk '{s += $2} END {print s + 0}')
ds=$(grep -Eo 'Skipped: +[0-9]+' "$dotnet_log" | awk '{s += $2} END {print s + 0}')
if [ "$dotnet_rc" -ne 0 ] && [ "$df" -eq 0 ]; then df=1; fi   # a build or runner failure counts once
echo "dotnet test: $dp passed, $df failed, $ds skipped (log: $dotnet_log)"
grep -E '^\s+Skipped ' "$dotnet_log" | sed -E 's/^\s+Skipped /  skipped: /'
[ "$df" -gt 0 ] && { failures+=("dotnet test ($df)"); grep -E '^\s+Failed |error' "$dotnet_log" | head -20; }
# "0 passed, 0 failed" (no test found, a filter left behind) must not read as green.
if [ "$dp" -lt "$dotnet_min" ]; then
  echo "dotnet test: $dp passed, fewer than the floor of $dotnet_min (DOTNET_MIN_TESTS): tests went missing"
  df=$((df + 1)); failures+=("dotnet test: $dp passed < $dotnet_min")
fi

dotnet build generator -c Release --nologo -v q > "$logs/gen-build.log" 2>&1 || { cat "$logs/gen-build.log"; echo "$dp passed, $((df + 1)) failed"; exit 1; }
# Built once here: a suite that rebuilt the generator (formal/run.sh did) replaced the DLL under the others.
export DECODERHW_GENERATOR_BUILT=1

# Run one model through everything. $1 = spec, $2 = output folder, $3 = "example" or "random"
model_suite() {
  local spec=$1 out=$2 kind=$3 name
  name=$(basename "$out")
  check "$name gen" $gen "$spec" -o "$out" || return 0
  if [ "$kind" = example ]; then
    if [ -d "golden-vectors/$name" ]; then
      check "$name golden vectors" sim/golden.sh check "$out" "golden-vectors/$name"
    else
      fail "$name golden vectors" /dev/null; echo "      golden-vectors/$name missing: run 'make vectors'"
    fi
  fi
  check "$name lint" sim/lint.sh "$out"
  for sim in verilator icarus; do
    # Block testbenches (bit buffer, lane, loaded tables) of the examples: each block on its own.
    [ "$kind" = example ] && check "$name $sim blocks" sim/blocks.sh "$sim" "$out"
    check "$name $sim build" sim/build.sh "$sim" "$out" || continue
    check "$name $sim free" sim/run.sh "$sim" "$out" free
    # Icarus runs stall where its cost (icarus_cost) is below ICARUS_STALL_MAX_CYCLES; Verilator always.
    if [ "$sim" = verilator ] || [ "$(icarus_cost "$out")" -le "${ICARUS_STALL_MAX_CYCLES:-200000}" ]; then
      check "$name $sim stall" sim/run.sh "$sim" "$out" stall
    fi
    extra_patterns "$sim" "$out"
    # Another model's stream (its tag word in front): error_o before any weight, on every model and
    # both simulators (it ends in the first cycles, so even the big models run it on Icarus).
    check "$name $sim other model's stream" sim/run.sh "$sim" "$out" corrupt-lie +stream=lie_other_model.bin
    local words
    words=$(grep -c . "$out/vectors/stream.hex")
    # Corrupt runs decode most of the stream; on Icarus (~16k cycles/s for tANS, slower for wider
    # decoders) only for models whose icarus_cost is below ICARUS_CORRUPT_MAX_CYCLES: minimal,
    # edge_cases, wide, lanes16, decoder_ram, rans_edge and the random specs. The big ones are covered
    # on Verilator.
    if [ "$sim" = icarus ] && [ "$(icarus_cost "$out")" -gt "${ICARUS_CORRUPT_MAX_CYCLES:-45000}" ]; then
      continue
    fi
    local seeds=$corrupt_seeds
    [ "$sim" = verilator ] && [ "$kind" = example ] && seeds=$verilator_corrupt_seeds
    for seed in $seeds; do
      [ "$kind" = random ] && [ "$seed" != "${corrupt_seeds%% *}" ] && continue
      local verdict
      verdict=$(awk -v s="$seed" '$1 == s {print ($3 == 0 && $4 == "accepted") ? " (accepted: every weight compared)" : ""}' "$out/vectors/corrupt_flip.txt")
      check "$name $sim corrupt flip seed $seed$verdict" sim/run.sh "$sim" "$out" corrupt-flip +corrupt_seed="$seed"
      if [ "$words" -ge 2 ]; then
        check "$name $sim corrupt truncate seed $seed" sim/run.sh "$sim" "$out" corrupt-truncate +corrupt_seed="$seed"
      fi
      check "$name $sim corrupt extra seed $seed" sim/run.sh "$sim" "$out" corrupt-extra +corrupt_seed="$seed"
    done
    local lie
    for lie in "$out"/vectors/lie_*.bin; do
      [ -e "$lie" ] || continue
      lie=$(basename "$lie")
      [ "$lie" = lie_other_model.bin ] && continue   # run above
      check "$name $sim header ${lie%.bin}" sim/run.sh "$sim" "$out" corrupt-lie +stream="$lie"
    done
  done
}

# icarus_cost OUT: a decoder's Icarus run time in tANS-cycle equivalents: its predicted cycles, times 12
# for coder rans, whose lanes' entry search (wide vectors in always_comb loops) Icarus evaluates about 12x
# slower per cycle than a tANS lane (decoder_rans: 46 s free against the tANS decoder's 3.9 s at the same
# 50,050 cycles). The caps then bound Icarus's time, not its cycles; Verilator runs every pattern.
icarus_cost() {
  local cycles factor=1
  cycles=$(jq -r .totals.predicted_cycles "$1/report.json")
  [ "$(jq -r .coder "$1/report.json")" = rans ] && factor=12
  echo $((cycles * factor))
}

# extra_patterns SIM OUT: the stall patterns beyond free and stall (burst, slow_in, slow_out), each where
# its run (done_o's cycle, from its .args) fits the simulator's cap; Icarus runs ~16k cycles/s.
extra_patterns() {
  local sim=$1 out=$2 scen cycles max=$verilator_pattern_max
  local factor=1
  [ "$sim" = icarus ] && max=$icarus_pattern_max && factor=$(( $(icarus_cost "$out") / $(jq -r .totals.predicted_cycles "$out/report.json") ))
  for scen in burst slow_in slow_out; do
    cycles=$(( $(grep -o '+done_cycle=[0-9]*' "$out/vectors/$scen.args" | cut -d= -f2) * factor ))
    [ "$cycles" -le "$max" ] || continue
    check "$(basename "$out") $sim $scen" sim/run.sh "$sim" "$out" "$scen"
  done
}

# The test-only mutants on OUT's decoder: each must be caught on both simulators.
mutant_suite() {
  local out=$1 name sim m
  name=$(basename "$out")
  echo "== mutants on $name: $mutants"
  for sim in verilator icarus; do
    check "mutants $name $sim build" env MUTANT=1 sim/build.sh "$sim" "$out" || continue
    for m in $mutants; do
      if [ "$m" = none ]; then check "mutant none $name $sim passes" sim/mutants.sh "$sim" "$out" none
      else check "mutant $m $name $sim caught" sim/mutants.sh "$sim" "$out" "$m"; fi
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
    extra_patterns "$sim" "$out"
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
if [ -n "$mutants" ]; then
  [ -d build/minimal/rtl ] || $gen examples/minimal.yaml -o build/minimal > /dev/null
  spawn mutant_suite build/minimal
fi
# NAME.core's sim target, read from the core alone (sim/core_sim.sh, Icarus): a rom decoder with its
# ROM image to copy and a tables: ram one.
core_suite() {
  echo "== FuseSoC core sim targets: $*"
  for out in "$@"; do
    [ -d "$out/rtl" ] && check "core $(basename "$out") sim target (icarus)" sim/core_sim.sh "$out"
  done
  return 0
}
spawn core_suite build/minimal build/decoder_huffman_ram

# 4. Random specs ----------------------------------------------------------------------------------
rm -rf build/random; mkdir -p build/random   # the seeds change each run: no old specs pile up
r0=$random_seed
for seed in $(seq "$r0" $((r0 + random_specs - 1))); do
  sim/random_spec.sh "$seed" > "build/random/rand_$seed.yaml"
  spawn eval 'echo "== random spec '"$seed"'"; model_suite build/random/rand_'"$seed"'.yaml build/random/rand_'"$seed"' random'
done
for coder in huffman raw; do
  for seed in $(seq "$r0" $((r0 + random_prefix_specs - 1))); do
    sim/random_spec.sh "$seed" "$coder" > "build/random/rand_${coder}_$seed.yaml"
    spawn eval 'echo "== random '"$coder"' spec '"$seed"'"; model_suite build/random/rand_'"${coder}_$seed"'.yaml build/random/rand_'"${coder}_$seed"' random'
  done
done
# ram_build_engines 4, 1, 2, auto by the seed (each consecutive four cover them all); ram_banks 1, 2 or 3
# by 1 + seed mod 3 (all three in any three consecutive seeds, each engine count with each in twelve).
ram_engines=(4 1 2 auto)
for seed in $(seq "$r0" $((r0 + ram_random_specs - 1))); do
  sim/random_spec.sh "$seed" | sed -e 's/^name: rand_/name: ramrand_/' -e "s/^coder: tans\$/coder: tans\ntables: ram\nram_build_engines: ${ram_engines[$((seed % 4))]}\nram_banks: $((1 + seed % 3))/" \
    > "build/random/ramrand_$seed.yaml"
  spawn eval 'echo "== random spec '"$seed"', tables: ram"; model_suite build/random/ramrand_'"$seed"'.yaml build/random/ramrand_'"$seed"' random'
done
for seed in $(seq "$r0" $((r0 + huffman_ram_random_specs - 1))); do
  sim/random_spec.sh "$seed" huffman | sed -e 's/^name: rand_/name: ramrand_/' -e 's/^coder: huffman$/coder: huffman\ntables: ram/' \
    > "build/random/ramrand_huffman_$seed.yaml"
  spawn eval 'echo "== random huffman spec '"$seed"', tables: ram"; model_suite build/random/ramrand_huffman_'"$seed"'.yaml build/random/ramrand_huffman_'"$seed"' random'
done
for seed in $(seq "$r0" $((r0 + rans_random_specs - 1))); do
  sim/random_spec.sh "$seed" rans > "build/random/rand_rans_$seed.yaml"
  spawn eval 'echo "== random rans spec '"$seed"'"; model_suite build/random/rand_rans_'"$seed"'.yaml build/random/rand_rans_'"$seed"' random'
done
for seed in $(seq "$r0" $((r0 + rans_ram_random_specs - 1))); do
  sim/random_spec.sh "$seed" rans | sed -e 's/^name: rand_/name: ramrand_/' -e 's/^coder: rans$/coder: rans\ntables: ram/' \
    > "build/random/ramrand_rans_$seed.yaml"
  spawn eval 'echo "== random rans spec '"$seed"', tables: ram"; model_suite build/random/ramrand_rans_'"$seed"'.yaml build/random/ramrand_rans_'"$seed"' random'
done
# 5. formal (issue 16): the fastest proof of formal/proofs.txt, and a test-only mutation that the
# testbench's AXI4-Stream checks (both simulators) and the proof must each catch (sim/mutation.sh).
spawn eval 'echo "== formal"; check "formal: fastest proof ($(sed -n "/^formal/{p;q}" formal/proofs.txt))" formal/run.sh 1; sim/mutation.sh'
# 6. the MAC example (issue 16): a real age_gender layer through the decoder into 8 MACs, against the C# reference
# The synthetic layer always; the real age_gender layer where ../shared/weights is beside the checkout.
mac_specs="laplace_iw32"
[ -f ../shared/weights/age_gender_model.safetensors ] && mac_specs="$mac_specs ag_pw_iw32" || echo "mac example: ../shared/weights absent, the real age_gender layer is skipped"
for m in $mac_specs; do
  spawn eval 'echo "== mac example '"$m"'"; check "mac '"$m"' gen" dotnet generator/bin/Release/net10.0/decoderhw.dll mac examples/mac/'"$m"'.yaml --cols 128 -o build/mac/'"$m"' && for sim in verilator icarus; do check "mac '"$m"' $sim" sim/mac.sh $sim build/mac/'"$m"'; done'
done
# states_per_lane: 2 (the pipelined lanes): random specs with two states per lane, three where seed mod 4 is
# 0 or 3 (the beat after next summed ahead); odd seeds with one lane (the minimal decoder's shape), even
# seeds with the spec's own lanes.
for seed in $(seq "$r0" $((r0 + pipe_random_specs - 1))); do
  states=2; case $((seed % 4)) in 0|3) states=3 ;; esac
  lanes_rule="s/^lanes: \(.*\)/lanes: \1\nstates_per_lane: $states/"
  [ $((seed % 2)) = 1 ] && lanes_rule="s/^lanes: .*/lanes: 1\nstates_per_lane: $states/"
  sim/random_spec.sh "$((seed + 100))" | sed -e 's/^name: rand_/name: piperand_/' -e "$lanes_rule" > "build/random/piperand_$seed.yaml"
  spawn eval 'echo "== random spec '"$((seed + 100))"', states_per_lane: '"$states"'"; model_suite build/random/piperand_'"$seed"'.yaml build/random/piperand_'"$seed"' random'
done
drain

sp=$(cat "$suites"/*.out 2>/dev/null | grep -c '^PASS ')
sf=$(cat "$suites"/*.out 2>/dev/null | grep -c '^FAIL ')
passed=$((dp + sp)); failed=$((df + sf))
# What the passes are: "N passed" also counts gen, lint and build steps.
full=$(cat "$suites"/*.out 2>/dev/null | grep -cE '^PASS .* (verilator|icarus) (free|stall|burst|slow_in|slow_out)$')
flips=$(cat "$suites"/*.out 2>/dev/null | grep -c '^PASS .*(accepted: every weight compared)$')
caught=$(cat "$suites"/*.out 2>/dev/null | grep -cE '^PASS  mutant .* caught$')
echo
echo "make test: $((SECONDS - start)) s, $suite_count simulation suites, $jobs_max at a time; random specs from seed $random_seed"
echo "of the $passed passed: $dp C# tests; $full simulation runs that compared every weight, every output handshake's and input word's cycle and done_o;"
echo "  $flips accepted flips whose every weight matched the reference decoder's output; $caught mutants caught;"
echo "  $((sp - full - flips - caught)) other checks (gen, lint, builds, golden vectors, rejected corrupt streams, header lies)"
if [ "$failed" -gt 0 ]; then
  echo "failed:"
  printf '  %s\n' "${failures[@]}"
  cat "$suites"/*.out | grep '^FAIL ' | sed 's/^FAIL /  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
