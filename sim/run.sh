#!/usr/bin/env bash
# Run one scenario on a built testbench: sim/run.sh SIM OUTDIR SCENARIO [PLUSARGS...]
#   SCENARIO  free | stall | burst | slow_in | slow_out (a stall pattern: reads OUTDIR/vectors/SCENARIO.args),
#             or corrupt-flip|corrupt-truncate|corrupt-extra|corrupt-lie (the free run's stall settings,
#             with +corrupt=... +corrupt_seed=N from PLUSARGS)
#   WAVES=1 in the environment runs the waveform build and dumps OUTDIR/waves_SIM_SCENARIO.vcd;
#   MUTANT=1 runs the test-only mutant build (sim/build.sh, sim/mutants.sh; pass +mutant=NAME).
# Writes OUTDIR/sim_SIM.json (free), sim_SIM_SCENARIO.json (the other patterns); the log goes to stdout.
# Exit status: 0 only if the testbench printed "TB PASS" and the simulator exited 0.
set -euo pipefail
sim=${1:?usage}; out=$(cd "${2:?usage}" && pwd); scenario=${3:?usage}; shift 3
waves=${WAVES:-0}
suffix=""; [ "$waves" = 1 ] && suffix="_waves"
[ "${MUTANT:-0}" = 1 ] && suffix="${suffix}_mutant"
obj="$out/obj_${sim}${suffix}"
vec="$out/vectors"

plus=(+vectors="$vec" +sim="$sim")
case "$scenario" in
  free)  read -r -a scen < "$vec/free.args";  plus+=("${scen[@]}" +json="$out/sim_${sim}.json") ;;
  stall|burst|slow_in|slow_out)
    read -r -a scen < "$vec/$scenario.args"; plus+=("${scen[@]}" +json="$out/sim_${sim}_$scenario.json") ;;
  corrupt-*) read -r -a scen < "$vec/free.args"; plus+=("${scen[@]}" +corrupt="${scenario#corrupt-}") ;;
  *) echo "sim/run.sh: unknown scenario '$scenario'" >&2; exit 2 ;;
esac
[ "$waves" = 1 ] && plus+=(+waves="$out/waves_${sim}_${scenario}.vcd")
plus+=("$@")
# A flip is expected to raise error_o only if the reference decoder rejects the flipped stream
# (gen writes its verdict per seed to corrupt_flip.txt, and for an accepted one its output to
# flip_SEED.bin, which the RTL's weights must equal).
if [ "$scenario" = corrupt-flip ]; then
  seed=1
  for arg in "$@"; do case "$arg" in +corrupt_seed=*) seed=${arg#+corrupt_seed=} ;; esac; done
  expect=$(awk -v s="$seed" '$1 == s {print $3}' "$vec/corrupt_flip.txt")
  [ -n "$expect" ] || { echo "sim/run.sh: no verdict for flip seed $seed in $vec/corrupt_flip.txt" >&2; exit 2; }
  plus+=(+corrupt_expect_error="$expect")
  [ "$expect" = 0 ] && [ -e "$vec/flip_$seed.bin" ] && plus+=(+flip_weights="flip_$seed.bin")
fi

ulimit -c 0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
case "$sim" in
  verilator) "$obj/Vtb_decoder" "${plus[@]}" > "$log" 2>&1 ;;
  icarus)    vvp -n "$obj/tb_decoder.vvp" "${plus[@]}" > "$log" 2>&1 ;;
  *) echo "sim/run.sh: unknown simulator '$sim'" >&2; exit 2 ;;
esac
rc=$?
set -e
cat "$log"
if [ $rc -ne 0 ] || ! grep -q '^TB PASS' "$log"; then
  echo "sim/run.sh: $sim $scenario FAILED (exit $rc)" >&2
  exit 1
fi
