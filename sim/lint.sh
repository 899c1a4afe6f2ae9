#!/usr/bin/env bash
# sim/lint.sh OUTDIR: the generated RTL must be `verilator --lint-only -Wall` clean and accepted by
# yosys (read_verilog -sv; synth -top NAME_decoder). FULL_SYNTH=1 runs yosys' whole generic synth;
# by default it stops before `fine`, whose memory_map turns the ROMs into logic and takes minutes
# on 2^11-entry tables (block-RAM mapping is sim/synth.mk's job).
set -euo pipefail
out=$(cd "${1:?usage: sim/lint.sh OUTDIR}" && pwd)
# The files and the top come from gen's manifest rtl/NAME.f (the top is its last line), never a glob.
flist=$(ls "$out"/rtl/*.f)
cd "$out/rtl"
files=$(sed -e '/^[[:space:]]*$/d' -e '/^#/d' "$flist")
top=$(basename "$(echo "$files" | tail -n 1)" .sv)
verilator --lint-only -Wall --top-module "$top" $files
# The AXI4-Stream wrapper (NAME_axis.sv), with lanes packed and padded to bytes.
axis=${top%_decoder}_axis
if [ -f "$axis.sv" ]; then
  verilator --lint-only -Wall --top-module "$axis" $files "$axis.sv"
  verilator --lint-only -Wall --top-module "$axis" "-GPadLanesToBytes=1'b1" $files "$axis.sv"
fi
run=(-run begin:fine)
[ "${FULL_SYNTH:-0}" = 1 ] && run=()
yosys -q -l "$out/yosys.log" -p "read_verilog -sv $(echo $files); synth -top $top ${run[*]}" > /dev/null
echo "lint: $top clean (verilator -Wall, yosys synth${run:+ ${run[*]}})${axis:+; $axis clean (verilator -Wall, both PadLanesToBytes)}"
