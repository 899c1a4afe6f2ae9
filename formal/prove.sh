#!/usr/bin/env bash
# formal/prove.sh SPEC PROPERTY DEPTH [SOLVER]: one bounded proof of formal/decoder_props.sv on the
# decoder that SPEC generates (make formal runs the table of formal/proofs.txt).
#   PROPERTY  safety: stream, lanes, sticky and no_weight (any sender that obeys AXI4-Stream, any
#             receiver); live: the stall bound under an always-valid sender and always-ready receiver;
#             axis, axis_pad: the AXI4-Stream wrapper NAME_axis on its AMBA ports (formal/axis_props.sv),
#             lanes packed or padded to bytes
#   DEPTH     cycles unrolled from reset (yosys-smtbmc -t); live also takes STALL_BOUND (default 16)
#   SOLVER    z3 (default) or another yosys-smtbmc solver; --unroll: z3 4.8 stalls on the
#             uninterpreted-function form of the model, and proves the unrolled one in seconds
# Prints one line: "PROOF <spec> <property> depth=<n> solver=<s> <proved|FAILED> <seconds> s"; on a
# failure the counterexample trace is build/formal/<name>/<property>.vcd. Exit 0 proved, 1 failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
spec=${1:?usage: formal/prove.sh SPEC safety|live DEPTH [z3|boolector]}
property=${2:?usage}; depth=${3:?usage}; solver=${4:-z3}
stall_bound=${STALL_BOUND:-16}
case "$property" in safety) live=0 ;; live) live=1 ;; axis|axis_pad) live=0 ;; *) echo "formal/prove.sh: property must be safety, live, axis or axis_pad" >&2; exit 2 ;; esac
name=$(sed -n 's/^name:[[:space:]]*\([A-Za-z0-9_]*\).*/\1/p' "$spec" | head -1)
out="$root/build/formal/$name"
# FORMAL_RTL: prove an existing rtl/ folder instead (the mutation test uses it).
if [ -z "${FORMAL_RTL:-}" ]; then
  mkdir -p "$out"
  dotnet "$root/generator/bin/Release/net10.0/decoderhw.dll" gen "$spec" -o "$out/gen" > /dev/null
  rtl="$out/gen/rtl"
else
  rtl=$FORMAL_RTL; out="$out.given"; mkdir -p "$out"
fi
# The decoder's files: gen's manifest rtl/NAME.f when there is one (the composed RTL), else every .sv;
# the AXI4-Stream wrapper NAME_axis.sv is added when the manifest does not list it.
if ls "$rtl"/*.f > /dev/null 2>&1; then
  files=$(sed -e '/^[[:space:]]*$/d' -e '/^#/d' -e "s|^|$rtl/|" "$rtl"/*.f | tr '\n' ' ')
  case "$files" in *"${name}_axis.sv"*) ;; *) [ -f "$rtl/${name}_axis.sv" ] && files="$files $rtl/${name}_axis.sv" ;; esac
else
  files=$(ls "$rtl"/*.sv | tr '\n' ' ')
fi
dec="$rtl/${name}_decoder.sv"
param() { sed -n "s/^ *localparam int $1 *= *\([0-9]*\);.*/\1/p" "$dec" | head -1; }
lanes=$(param Lanes); iw=$(param InputWidth); mb=$(param MaxBits); cw=$(param CountWidth); lw=$(param LayerWidth)

tag="$out/$property"
if [ "${property%_pad}" = axis ]; then
  # The AXI4-Stream wrapper on its AMBA ports (formal/axis_props.sv); axis_pad with lanes padded to bytes.
  pad=0; [ "$property" = axis_pad ] && pad=1
  harness=axis_props
  read_line="read_verilog -formal -sv -DFORMAL_AXIS=${name}_axis $files $root/testbenches/axis_checker.sv $root/formal/axis_props.sv"
  chparam_line="chparam -set Lanes $lanes -set InputWidth $iw -set MaxBits $mb -set LayerWidth $lw -set PadLanesToBytes $pad axis_props"
else
  harness=decoder_props
  read_line="read_verilog -formal -sv -DFORMAL_DUT=${name}_decoder $files $root/testbenches/axis_checker.sv $root/formal/decoder_props.sv"
  chparam_line="chparam -set Lanes $lanes -set InputWidth $iw -set MaxBits $mb -set CountWidth $cw -set LayerWidth $lw -set Live $live -set StallBound $stall_bound decoder_props"
fi
cat > "$tag.ys" <<YS
$read_line
$chparam_line
prep -top $harness
flatten
memory_map
opt -fast
async2sync
dffunmap
write_smt2 -wires $tag.smt2
YS
(cd "$rtl" && yosys -q -l "$tag.yosys.log" -s "$tag.ys") > /dev/null
start=$(date +%s.%N)
if yosys-smtbmc -s "$solver" --unroll -t "$depth" --presat --dump-vcd "$tag.vcd" "$tag.smt2" > "$tag.log" 2>&1; then result=proved; else result=FAILED; fi
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
echo "PROOF $name $property depth=$depth solver=$solver $result $secs s (lanes $lanes, input_width $iw$( [ $live = 1 ] && echo ", stall bound $stall_bound"))"
[ "$result" = proved ] || { grep -E "Assert failed|failed" "$tag.log" | head -5; exit 1; }
