#!/usr/bin/env bash
# sim/blocks.sh SIM OUTDIR [BLOCK...]: build and run the block testbenches (testbenches/tb_BLOCK.sv) that
# gen wrote vectors for (OUTDIR/vectors/blocks/tb_BLOCK.vh: bitbuf, lane, tables_ram, tables_huffman_ram),
# each on the one module it tests (compiled with the files of gen's manifest rtl/NAME.f). Prints each bench's TB line;
# exit 0 only if every bench printed "TB PASS". Builds go to OUTDIR/obj_SIM_blocks/.
set -euo pipefail
sim=${1:?usage: sim/blocks.sh verilator|icarus OUTDIR [BLOCK...]}
out=$(cd "${2:?usage: sim/blocks.sh verilator|icarus OUTDIR [BLOCK...]}" && pwd)
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
vec="$out/vectors/blocks"
flist=$(ls "$out"/rtl/*.f)
name=$(basename "$flist" .f)
blocks=("$@")
if [ ${#blocks[@]} = 0 ]; then
  for vh in "$vec"/tb_*.vh; do [ -e "$vh" ] && blocks+=("$(basename "$vh" .vh | sed 's/^tb_//')"); done
fi
[ ${#blocks[@]} -gt 0 ] || { echo "sim/blocks.sh: no block vectors in $vec (run gen)" >&2; exit 2; }
obj="$out/obj_${sim}_blocks"
mkdir -p "$obj"
rc=0
for block in "${blocks[@]}"; do
  tb="$root/testbenches/tb_$block.sv"
  module=$(sed -n 's/^`define TB_BLOCK \(.*\)$/\1/p' "$vec/tb_$block.vh")
  # The module under test must be in the manifest; every listed file is compiled (a block may instantiate
  # others, as the bit buffer its tag check), the bench is the top.
  grep -qx "$module.sv" "$flist" || { echo "sim/blocks.sh: $module.sv is not in $flist" >&2; exit 2; }
  files=$(sed -e '/^[[:space:]]*$/d' -e '/^#/d' -e "s|^|$out/rtl/|" "$flist")
  log="$obj/$block.log"
  case "$sim" in
    verilator)
      command -v ccache > /dev/null 2>&1 && export OBJCACHE=${OBJCACHE:-ccache}
      verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style -Wno-TIMESCALEMOD --top-module "tb_$block" \
        -I"$vec" -CFLAGS -O1 -j 2 --Mdir "$obj/$block" -o "Vtb_$block" $files "$tb" > "$log" 2>&1 \
        || { cat "$log" >&2; exit 1; }
      run=("$obj/$block/Vtb_$block")
      ;;
    icarus)
      iverilog -g2012 -s "tb_$block" -I"$vec" -o "$obj/tb_$block.vvp" $files "$tb" > "$log" 2>&1 \
        || { cat "$log" >&2; exit 1; }
      run=(vvp -n "$obj/tb_$block.vvp")
      ;;
    *) echo "sim/blocks.sh: unknown simulator '$sim' (verilator or icarus)" >&2; exit 2 ;;
  esac
  set +e
  "${run[@]}" +vectors="$vec" +sim="$sim" > "$log.run" 2>&1
  status=$?
  set -e
  grep '^TB ' "$log.run" || tail -5 "$log.run"
  if [ "$status" != 0 ] || ! grep -q '^TB PASS' "$log.run"; then rc=1; fi
done
exit $rc
