#!/usr/bin/env bash
# sim/mutation.sh: a deliberately broken decoder must be caught. The test-only mutation makes the
# output register drop m_valid_o after one cycle whether or not the receiver took the beat (an
# AXI4-Stream violation a decoder with a missing `else if (m_ready_i)` would have). It must be caught
#   - by the testbench's axis_checker on Verilator and on Icarus (the minimal example's stall run), and
#   - by the formal proof (formal/prove.sh, f_rom1, safety).
# Prints a PASS or FAIL line per catch; exit 0 only if all three catch it.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
gen="dotnet generator/bin/Release/net10.0/decoderhw.dll gen"
out=build/mutation
rm -rf "$out"; mkdir -p "$out"
rc=0

# mutate DIR: the mutation on the generated RTL of a gen output folder (whichever module holds the
# output register); it must apply exactly once, or the test fails rather than pass on an intact decoder.
mutate() {
  local hold='end else if (m_ready_i) begin'
  local n; n=$(cat "$1"/rtl/*.sv | grep -c "$hold")
  [ "$n" = 1 ] || { echo "FAIL  mutation: expected one output-register hold in $1/rtl, found $n"; return 1; }
  sed -i "s/$hold/end else begin  \/\/ MUTATION (sim\/mutation.sh): drops valid without a handshake/" $(grep -l "$hold" "$1"/rtl/*.sv)
}

$gen examples/minimal.yaml -o "$out/minimal" > /dev/null && mutate "$out/minimal" || exit 1
for sim in verilator icarus; do
  sim/build.sh "$sim" "$out/minimal" > "$out/build_$sim.log" 2>&1 || { echo "FAIL  mutation: $sim build (log: $out/build_$sim.log)"; rc=1; continue; }
  if sim/run.sh "$sim" "$out/minimal" stall > "$out/run_$sim.log" 2>&1; then
    echo "FAIL  mutation: $sim passed the broken decoder (log: $out/run_$sim.log)"; rc=1
  elif grep -Eq 'axis_checker\[m_axis\]: valid withdrawn before the handshake|m_valid_o dropped in cycle' "$out/run_$sim.log"; then
    # The bench's own hold check (tb_decoder.sv) and axis_checker both watch this rule; the first to fire names it.
    echo "PASS  mutation caught by the testbench's protocol checks on $sim"
  else
    echo "FAIL  mutation: $sim failed, but not on the protocol check (log: $out/run_$sim.log)"; rc=1
  fi
done

$gen formal/specs/f_rom1.yaml -o "$out/f_rom1" > /dev/null && mutate "$out/f_rom1" || exit 1
if FORMAL_RTL="$root/$out/f_rom1/rtl" formal/prove.sh formal/specs/f_rom1.yaml safety 8 > "$out/formal.log" 2>&1; then
  echo "FAIL  mutation: the formal proof passed the broken decoder (log: $out/formal.log)"; rc=1
else
  echo "PASS  mutation caught by the formal proof: $(head -1 "$out/formal.log")"
fi
exit $rc
