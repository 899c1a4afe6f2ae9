#!/usr/bin/env bash
# sim/mutants.sh SIM OUTDIR NAME: run a test-only broken decoder and require the testbench to reject it
# with the check that names its fault (exit 0 = caught). OUTDIR must hold the mutant build
# (MUTANT=1 sim/build.sh SIM OUTDIR): testbenches/tb_mutant.sv between the DUT's ports and the bench.
#   none             must PASS free and stall (the shim alone breaks nothing)
#   beat_after_done  a beat after done_o: the quiet cycles after the end (free)
#   ready_late       word words/2 taken one cycle late: the input-cycle check (free)
#   valid_drop       m_valid_o drops while the sink stalls: the hold rule (stall, then slow_out)
#   x_layer          X on m_layer_o at the first beat: $isunknown on Icarus; on Verilator (2-state,
#                    --x-assign 1) the X reads as all ones, a wrong layer
set -euo pipefail
sim=${1:?usage: sim/mutants.sh SIM OUTDIR NAME}; out=${2:?usage}; name=${3:?usage}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$name" in
  none)            scenarios="free stall" ;;
  beat_after_done) scenarios="free";           pattern='output beat in cycle [0-9]+, after done_o' ;;
  ready_late)      scenarios="free";           pattern='word [0-9]+ of [0-9]+: expected input handshake in cycle' ;;
  valid_drop)      scenarios="stall slow_out"; pattern='m_valid_o dropped in cycle' ;;
  x_layer)
    scenarios="free"
    if [ "$sim" = icarus ]; then pattern='unknown \(X/Z\) output beat .*m_layer_o x'
    else pattern='expected layer 0 count [0-9]+ last [01], got layer 1'; fi ;;
  *) echo "sim/mutants.sh: unknown mutant '$name'" >&2; exit 2 ;;
esac
for scen in $scenarios; do
  set +e
  log=$(MUTANT=1 "$root/sim/run.sh" "$sim" "$out" "$scen" +mutant="$name" 2>&1)
  rc=$?
  set -e
  echo "$log" | grep -E '^TB (mutant|PASS|FAIL)' || true
  if [ "$name" = none ]; then
    [ $rc -eq 0 ] || { echo "mutants: the pass-through shim failed $sim $scen"; exit 1; }
    continue
  fi
  if [ $rc -ne 0 ]; then
    if echo "$log" | grep -E '^TB FAIL' | grep -Eq "$pattern"; then
      echo "mutants: $name caught on $sim $scen"; exit 0
    fi
    echo "mutants: $name failed $sim $scen, but not with /$pattern/"; exit 1
  fi
done
[ "$name" = none ] && { echo "mutants: pass-through passes on $sim"; exit 0; }
echo "mutants: $name NOT caught on $sim ($scenarios)"
exit 1
