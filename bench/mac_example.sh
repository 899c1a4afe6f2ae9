#!/usr/bin/env bash
# bench/mac_example.sh: the MAC example (BENCHMARKS.md, "Decoding feeding a MAC array"). For each spec
# of examples/mac/ (one real layer of age_gender, 128 x 128, 4 bits; input_width 32 with 8 lanes, 64
# with 16): `decoderhw mac` (C# reference and cycle comparison), the testbench on Verilator and Icarus
# (bit- and cycle-exact), and the area as gate equivalents (NAND2 = 1, the `size --target asic` flow)
# of the decoder alone and of the whole MAC top, for the decoder's share. Prints one markdown table.
# Needs /work/shared/weights (the spec's source), verilator, iverilog, yosys.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
cli="dotnet generator/bin/Release/net10.0/decoderhw.dll"
dotnet build generator -c Release --nologo -v q > /dev/null
out=build/bench/mac; mkdir -p "$out"

ge() { awk '/Estimated number of transistors/ {gsub(/\+/, "", $5); printf "%.0f", $5 / 4}' "$1"; }

printf '| spec | input_width | lanes | bits/weight | compressed cycles | plain int8 cycles (%s) | speedup | Verilator | Icarus | decoder GE | MAC top GE | decoder share | table bits |\n' "weights/cycle"
printf '|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|\n'
for spec in examples/mac/*.yaml; do
  name=$(basename "$spec" .yaml); dir="$out/$name"
  $cli mac "$spec" --cols 128 -o "$dir" > /dev/null
  v=$(sim/mac.sh verilator "$dir" | sed 's/^TB MAC //; s/ (.*//'); i=$(sim/mac.sh icarus "$dir" | sed 's/^TB MAC //; s/ (.*//')
  $cli size "$dir" --target asic > /dev/null
  dec_ge=$(ge "$dir/logs/asic_cmos.stat")
  # The same ASIC script on the MAC top (decoder + MACs; the activation ROM kept as memory bits), with its
  # parameters in a one-instance wrapper: read_verilog -defer elaborates mac_layer only with them.
  mb=$(sed -n 's/^ *localparam int MaxBits *= *\([0-9]*\);.*/\1/p' "$dir"/rtl/*_decoder.sv | head -1)
  cw=$(sed -n 's/^ *localparam int CountWidth *= *\([0-9]*\);.*/\1/p' "$dir"/rtl/*_decoder.sv | head -1)
  jq -r --arg mb "$mb" --arg cw "$cw" --arg n "$name" '"module mac_top (input logic clk_i, rst_ni, s_valid_i, s_last_i, input logic [\(.input_width - 1):0] s_data_i,
  output logic s_ready_o, y_valid_o, error_o, done_o, output logic [7:0] y_row_o, output logic [31:0] y_o);
  mac_layer #(.Lanes (\(.lanes)), .MaxBits (\($mb)), .InputWidth (\(.input_width)), .CountWidth (\($cw)), .Rows (\(.rows)),
    .Cols (\(.cols)), .RowWidth (8), .ActFile (\"../mac/acts.hex\"), .MemFile (\"\($n)_rom.mem\")) u_mac (.*);
endmodule"' "$dir/mac/mac.json" > "$dir/logs/mac_top.sv"
  sed -e "s|^read_verilog -sv \(.*\)|read_verilog -defer -sv -DMAC_DECODER=${name}_decoder \1 $root/examples/mac/mac_layer.sv ../logs/mac_top.sv|" \
      -e "s/-top ${name}_decoder/-top mac_top/g" -e "s|logs/asic|logs/mac_asic|g" "$dir/logs/yosys_asic.ys" > "$dir/logs/yosys_mac_asic.ys"
  (cd "$dir/rtl" && yosys -q -s ../logs/yosys_mac_asic.ys > /dev/null)
  mac_ge=$(ge "$dir/logs/mac_asic_cmos.stat")
  jq -r --arg v "$v" --arg i "$i" --arg d "$dec_ge" --arg m "$mac_ge" --arg n "$name" --slurpfile r "$dir/report.json" '
    "| \($n) | \(.input_width) | \(.lanes) | \(.bits_per_weight * 10000 | round / 10000) | \(.compressed_cycles) | \(.plain_int8_cycles) (\(.plain_int8_weights_per_cycle)) | \(.speedup) | \($v) | \($i) | \($d) | \($m) | \(($d | tonumber) / ($m | tonumber) * 1000 | round / 10)% | \($r[0].area.table_rom_bits) |"' "$dir/mac/mac.json"
done
