#!/usr/bin/env bash
# sim/mac.sh SIM OUTDIR: build and run the MAC example (examples/mac/mac_layer.sv, testbenches/tb_mac.sv)
# on an output folder of `decoderhw mac` (rtl/, vectors/, mac/). Prints the TB MAC line; exit 0 on PASS.
set -euo pipefail
sim=${1:?usage: sim/mac.sh verilator|icarus OUTDIR}
out=$(cd "${2:?usage: sim/mac.sh verilator|icarus OUTDIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
name=$(basename "$(ls "$out"/rtl/*_decoder.sv)" _decoder.sv)
rom=$(ls "$out"/rtl/*_rom.mem)
obj="$out/obj_mac_$sim"; mkdir -p "$obj"
defs=(-DMAC_DECODER="${name}_decoder" "-DMAC_ROM_FILE=\"$rom\"" "-DMAC_ACT_FILE=\"$out/mac/acts.hex\""
      "-DMAC_Y_FILE=\"$out/mac/y.hex\"" "-DMAC_STREAM_FILE=\"$out/vectors/stream.hex\"")
# The decoder's files: gen's manifest rtl/NAME.f when there is one (the composed RTL), else every .sv.
if ls "$out"/rtl/*.f > /dev/null 2>&1; then
  mapfile -t rtl < <(sed -e '/^[[:space:]]*$/d' -e '/^#/d' -e "s|^|$out/rtl/|" "$out"/rtl/*.f)
else
  rtl=("$out"/rtl/*.sv)
fi
src=("${rtl[@]}" "$root/examples/mac/mac_layer.sv" "$root/testbenches/axis_checker.sv" "$root/testbenches/tb_mac.sv")
case "$sim" in
  verilator)
    command -v ccache > /dev/null 2>&1 && export OBJCACHE=${OBJCACHE:-ccache}
    verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style -Wno-TIMESCALEMOD --top-module tb_mac \
      -I"$out/vectors" -I"$out/mac" "${defs[@]}" -CFLAGS -O1 -j 2 --Mdir "$obj" -o Vtb_mac "${src[@]}" > "$obj/build.log" 2>&1 \
      || { cat "$obj/build.log" >&2; exit 1; }
    "$obj/Vtb_mac" | tee "$obj/run.log" | grep '^TB MAC'
    ;;
  icarus)
    iverilog -g2012 -s tb_mac -I"$out/vectors" -I"$out/mac" "${defs[@]}" -o "$obj/tb_mac.vvp" "${src[@]}" > "$obj/build.log" 2>&1 \
      || { cat "$obj/build.log" >&2; exit 1; }
    vvp -n "$obj/tb_mac.vvp" | tee "$obj/run.log" | grep '^TB MAC'
    ;;
  *) echo "sim/mac.sh: unknown simulator '$sim'" >&2; exit 2 ;;
esac
grep -q '^TB MAC PASS' "$obj/run.log"
