#!/usr/bin/env bash
# Build the testbench for one generated model: sim/build.sh SIM OUTDIR [WAVES]
#   SIM     verilator | icarus
#   OUTDIR  a gen output folder (rtl/, vectors/); the simulator's build goes to OUTDIR/obj_SIM[_waves]/
#   WAVES   1 to compile in waveform dumping (+waves=PATH at run time)
#   MUTANT=1 in the environment: the test-only build for sim/mutants.sh (TB_MUTANT: testbenches/tb_mutant.sv
#           between the DUT and the bench, the mutation chosen by +mutant=NAME at run time) in OUTDIR/obj_SIM_mutant/
# One testbench source (testbenches/tb_decoder.sv) serves both simulators.
set -euo pipefail
sim=${1:?usage: sim/build.sh verilator|icarus OUTDIR [WAVES]}
out=$(cd "${2:?usage: sim/build.sh verilator|icarus OUTDIR [WAVES]}" && pwd)
waves=${3:-0}
root=$(cd "$(dirname "$0")/.." && pwd)

# The RTL is what gen's manifest rtl/NAME.f lists (one file a line, relative to rtl/), never a glob.
flist=$(ls "$out"/rtl/*.f 2> /dev/null || true)
[ "$(echo "$flist" | grep -c .)" = 1 ] || { echo "sim/build.sh: $out/rtl/ needs exactly one file list NAME.f (run gen)" >&2; exit 2; }
rtl=$(sed -e '/^[[:space:]]*$/d' -e '/^#/d' -e "s|^|$out/rtl/|" "$flist")
name=$(basename "$flist" .f)
rom="$out/rtl/${name}_rom.mem"; [ -e "$rom" ] || rom=""   # none for coder: raw and tables: ram
suffix=""; defs=(); [ "$waves" = 1 ] && { suffix="_waves"; defs=(-DTB_WAVES); }
tbs=("$root/testbenches/axis_checker.sv" "$root/testbenches/tb_decoder.sv")
[ "${MUTANT:-0}" = 1 ] && { suffix="${suffix}_mutant"; defs+=(-DTB_MUTANT); tbs=("$root/testbenches/tb_mutant.sv" "${tbs[@]}"); }
obj="$out/obj_${sim}${suffix}"
mkdir -p "$obj"

case "$sim" in
  verilator)
    # ccache (if there) keeps Verilator's runtime objects and unchanged models across builds: a
    # rebuild for a new model then compiles only its own C++.
    command -v ccache > /dev/null 2>&1 && export OBJCACHE=${OBJCACHE:-ccache}
    trace=(); [ "$waves" = 1 ] && trace=(--trace)
    # -O1 for the C++: the testbench is built once per model and a -O2/-O3 build costs more time than
    # it saves on all but the largest runs. --x-assign 1: Verilator is 2-state; an X the RTL assigns
    # becomes all ones (not "fast", which may pick the expected value) so the bench sees a wrong value.
    # No --timing: the bench has no delay but its clock, which sim/tb_main.cpp drives (TB_EXTERNAL_CLOCK),
    # one eval() per edge; the timing scheduler cost a fifth of a run.
    verilator --cc --exe --build -Wno-fatal -Wno-lint -Wno-style -Wno-TIMESCALEMOD --x-assign 1 \
      --top-module tb_decoder -I"$out/vectors" "-DTB_ROM_FILE=\"$rom\"" -DTB_EXTERNAL_CLOCK "${defs[@]}" "${trace[@]}" \
      -CFLAGS -O1 -j 2 --Mdir "$obj" -o Vtb_decoder $rtl "${tbs[@]}" "$root/sim/tb_main.cpp" > "$obj/build.log" 2>&1 \
      || { cat "$obj/build.log" >&2; exit 1; }
    ;;
  icarus)
    iverilog -g2012 -s tb_decoder -I"$out/vectors" "-DTB_ROM_FILE=\"$rom\"" "${defs[@]}" \
      -o "$obj/tb_decoder.vvp" $rtl "${tbs[@]}" > "$obj/build.log" 2>&1 \
      || { cat "$obj/build.log" >&2; exit 1; }
    ;;
  *) echo "sim/build.sh: unknown simulator '$sim' (verilator or icarus)" >&2; exit 2 ;;
esac
