#!/usr/bin/env bash
# bench/resnet_sizing.sh [LANES...]: issue 13's sizing table on bench/specs/resnet18_like.yaml (22 layers with
# ResNet-18's tensor sizes, 11.7M weights) at lanes 1, 4, 8, 16 (or LANES), for tans rom, tans ram, huffman
# (rom), rans at rans_state_bits 4 and 0, tans with table_groups: auto, and tans ram at table_log 9 (one
# 512-entry table RAM per lane, small enough for 8 lanes' copies to fit block RAM). Per row: gen's bits/weight,
# on-chip table bits and stream + tables against int8 (report.json memory), then `size --seeds 1` (yosys
# synth_ice40, nextpnr-ice40 on the HX8K, else the UP5K with -dsp -spram): LUT4, FF, BRAM, DSP, device,
# Fmax, weights/s (Fmax / the cycle model's cycles per weight).
#
# Bounded before it starts: a design whose tables cannot fit any iCE40 is not synthesized. The bound is
# generous on purpose (only a sure "no" skips yosys): the largest part holds 32 x 4 kbit block RAMs
# (HX8K; the UP5K has 30) and at most 16 ROM bits per LUT4 in its 7,680 logic cells, 253,952 bits in
# all. SPRAM is not counted: the table RAMs are read by the lanes and written by the loader through two
# ports, and an SB_SPRAM256KA has one. Each `size` runs under `timeout` (SIZE_TIMEOUT seconds, default
# 1200) on top of size's own limits (yosys 10 min, nextpnr 20 min per run).
#
# Rows whose gen writes no RTL (coder: rans before its RTL is merged) are marked "RTL not merged yet";
# their memory columns still stand. Output: the markdown table on stdout, every row's report.json under
# build/bench/resnet_sizing/, this run's rows in rows.tsv beside them (VARIANTS=... reruns some variants;
# KEEP_DONE=1 keeps the rows already measured; REPORT_ONLY=1 prints their table).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
lanes=${*:-1 4 8 16}
variants=${VARIANTS:-tans_rom tans_ram tans_ram_tl9 huffman rans_s4 rans_s0 tans_groups}
size_timeout=${SIZE_TIMEOUT:-1200}
bound_bits=$((32 * 4096 + 7680 * 16))
out=build/bench/resnet_sizing; mkdir -p "$out"
[ -n "${REPORT_ONLY:-}" ] || dotnet build generator -c Release --nologo -v q > /dev/null
# A copy of the CLI, so a rebuild during the (long) run cannot change the binary under it.
[ -n "${REPORT_ONLY:-}" ] || { rm -rf "$out/cli"; cp -r generator/bin/Release/net10.0 "$out/cli"; }
cli="dotnet $out/cli/decoderhw.dll"

spec_for() { # VARIANT LANES -> the spec on stdout
  local v=$1 l=$2 extra="" coder=tans tl=11
  case $v in
    tans_rom) ;;
    tans_ram) extra="tables: ram" ;;
    # One table RAM per lane at table_log 9: 512 x 21 bits, three block RAMs a lane.
    tans_ram_tl9) extra="tables: ram"; tl=9 ;;
    huffman) coder=huffman ;;
    rans_s4) coder=rans; extra="rans_state_bits: 4" ;;
    rans_s0) coder=rans; extra="rans_state_bits: 0" ;;
    tans_groups) extra="table_groups: auto" ;;
    *) echo "unknown variant $v" >&2; exit 2 ;;
  esac
  sed -e "s/^name: .*/name: r18_${v}_l$l/" -e "s/^lanes: .*/lanes: $l/" -e "s/^coder: .*/coder: $coder/" -e "s/^table_log: .*/table_log: $tl/" bench/specs/resnet18_like.yaml
  [ -z "$extra" ] || echo "$extra"
}

header='lanes\tvariant\tbits_per_weight\ttable_bits\ttotal_kb\tint8_over_total\tlut4\tff\tbram\tdsp\tdevice\tfmax_mhz\tmweights_s\tnote\tsize_s\n'
for l in $lanes; do
  for v in $variants; do
    [ -z "${REPORT_ONLY:-}" ] || continue
    name=r18_${v}_l$l; dir=$out/$name
    [ -z "${KEEP_DONE:-}" ] || [ ! -f "$out/$name.row" ] || continue
    spec_for "$v" "$l" > "$out/$name.yaml"
    $cli gen "$out/$name.yaml" -o "$dir" > /dev/null
    rm -rf "$dir/vectors" # 440 MB of stimulus per row that sizing does not read
    read -r bpw table total int8x cpw < <(jq -r '[.totals.bits_per_weight, .memory.table_bits, .memory.total_bits, .memory.int8_over_total, .totals.cycles_per_weight] | @tsv' "$dir/report.json")
    lut=-; ff=-; bram=-; dsp=-; device=-; fmax=-; rate=-; note=""; secs=0
    if ! ls "$dir"/rtl/*.f > /dev/null 2>&1; then
      note="RTL not merged yet"
    elif [ "$table" -gt "$bound_bits" ]; then
      note="does not fit: tables of $table bits need at least $(( (table + 4095) / 4096 )) SB_RAM40_4K, the largest iCE40 has 32 (not synthesized)"
    else
      start=$(date +%s)
      if timeout "$size_timeout" $cli size "$dir" --seeds 1 > "$dir/size.log" 2>&1; then
        read -r lut ff bram dsp device fmax wps < <(jq -r '[.area.ice40.lut4, .area.ice40.ff, .area.ice40.bram, .area.ice40.dsp, (.timing.device // "-"), (.timing.fmax_mhz // "-"), (.throughput.weights_per_second // "-")] | @tsv' "$dir/report.json")
        [ "$wps" = "-" ] || rate=$(awk -v w="$wps" 'BEGIN { printf "%.1f", w / 1e6 }')
        [ "$device" != "-" ] || note="does not fit: $(jq -r '.timing.not_fitting | join("; ")' "$dir/report.json")"
      else
        note="size failed or timed out after ${size_timeout} s (exit $?; $dir/size.log)"
      fi
      secs=$(( $(date +%s) - start ))
    fi
    printf '%s\t%s\t%.4f\t%s\t%.1f\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$l" "$v" "$bpw" "$table" "$(echo "$total / 8192" | bc -l)" "$int8x" \
      "$lut" "$ff" "$bram" "$dsp" "$device" "$fmax" "$rate" "$note" "$secs" > "$out/$name.row"
    echo "$(date +%H:%M:%S) $(cat "$out/$name.row")" >&2
  done
done
# This run's rows, in order (each row also stays in NAME.row, so a rerun of some variants keeps the others).
{ printf "$header"; for l in $lanes; do for v in $variants; do [ ! -f "$out/r18_${v}_l$l.row" ] || cat "$out/r18_${v}_l$l.row"; done; done; } > "$out/rows.tsv"

printf '| lanes | variant | bits/weight | table bits | stream + tables KB | int8 / (stream + tables) | LUT4 | FF | BRAM | DSP | device | Fmax MHz | M weights/s | note |\n'
printf '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|\n'
tail -n +2 "$out/rows.tsv" | awk -F'\t' 'function commas(n,  s) { s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } return n s }
  { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, commas($4), $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 }'
# Issue 13: rANS's tables at 8 lanes against tANS rom's on the same model.
awk -F'\t' '$1 == 8 && $2 == "tans_rom" { t = $4 } $1 == 8 && $2 == "rans_s4" { r = $4 }
  END { if (t && r) printf "\nrans (state 4) table bits at 8 lanes: %d = %.3f%% of tans rom'"'"'s %d\n", r, 100 * r / t, t }' "$out/rows.tsv"
