#!/usr/bin/env bash
# bench/age_gender_rans.sh: issue 13's "age_gender at --bits 4, 4 lanes: a rans decoder that fits an iCE40
# with stream + tables at least 3x smaller than int8". Quantizes ../shared/weights/age_gender_model.safetensors
# (or $WEIGHTS/...) with `--bits 4` (the default method, mse) and with `--bits 4 --method uniform`, gens each at
# 4 lanes (quantize's default) with coder: rans at rans_state_bits 4 and 0, and sizes every one that has RTL
# (`size --seeds SEEDS`, default 1). Per row: the quantizer's weight SQNR (total and worst layer: the model has
# no graph or data, so weight SQNR is the only fidelity figure; BENCHMARKS.md "Real weights"), bits/weight,
# table bits, stream + tables against int8, LUT4, FF, BRAM, DSP, device, Fmax, weights/s. The last line says
# whether some row both fits an iCE40 and is at least 3x smaller than int8 (exit 1 if none, once rans has RTL).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
weights=${WEIGHTS:-$root/../shared/weights}
seeds=${SEEDS:-1}
out=build/bench/ag_rans; mkdir -p "$out"
dotnet build generator -c Release --nologo -v q > /dev/null
rm -rf "$out/cli"; cp -r generator/bin/Release/net10.0 "$out/cli"
cli="dotnet $out/cli/decoderhw.dll"

printf '| quantize | rans_state_bits | SQNR dB (total / worst layer) | bits/weight | table bits | stream + tables KB | int8 KB | int8 / (stream + tables) | LUT4 | FF | BRAM | DSP | device | Fmax MHz | M weights/s | note |\n'
printf '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|\n'
met=0; sized=0
for point in "mse:--bits 4" "uniform:--bits 4 --method uniform"; do
  tag=${point%%:*}; args=${point#*:}
  mkdir -p "$out/$tag"
  # shellcheck disable=SC2086
  $cli quantize "$weights/age_gender_model.safetensors" $args -o "$out/$tag/ag4.yaml" > /dev/null 2>&1
  sqnr=$(jq -r '"\(.totals.sqnr_db * 100 | round / 100) / \([.layers[].sqnr_db] | min * 100 | round / 100)"' "$out/$tag/quantize_report.json")
  for b in 4 0; do
    name=ag4_${tag}_rans$b; dir=$out/$tag/$name
    # quantize writes paths relative to the spec's folder: the variants sit beside it.
    sed -e "s/^name: .*/name: $name/" -e "s/^coder: tans/coder: rans\nrans_state_bits: $b/" "$out/$tag/ag4.yaml" > "$out/$tag/$name.yaml"
    $cli gen "$out/$tag/$name.yaml" -o "$dir" > /dev/null
    rm -rf "$dir/vectors"
    read -r bpw table total int8 ratio < <(jq -r '[.totals.bits_per_weight, .memory.table_bits, .memory.total_bits, .memory.int8_bits, .memory.int8_over_total] | @tsv' "$dir/report.json")
    lut=-; ff=-; bram=-; dsp=-; device=-; fmax=-; rate=-; note=""
    if ! ls "$dir"/rtl/*.f > /dev/null 2>&1; then
      note="RTL not merged yet"
    elif timeout "${SIZE_TIMEOUT:-1200}" $cli size "$dir" --seeds "$seeds" > "$dir/size.log" 2>&1; then
      sized=1
      read -r lut ff bram dsp device fmax wps < <(jq -r '[.area.ice40.lut4, .area.ice40.ff, .area.ice40.bram, .area.ice40.dsp, (.timing.device // "-"), (.timing.fmax_mhz // "-"), (.throughput.weights_per_second // "-")] | @tsv' "$dir/report.json")
      [ "$wps" = "-" ] || rate=$(awk -v w="$wps" 'BEGIN { printf "%.1f", w / 1e6 }')
      if [ "$device" = "-" ]; then note="does not fit: $(jq -r '.timing.not_fitting | join("; ")' "$dir/report.json")"
      elif awk -v r="$ratio" 'BEGIN { exit !(r >= 3) }'; then met=1; fi
    else
      note="size failed or timed out ($dir/size.log)"
    fi
    printf '| `%s` | %s | %s | %.4f | %s | %.1f | %.1f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$args" "$b" "$sqnr" "$bpw" "$table" \
      "$(echo "$total / 8192" | bc -l)" "$(echo "$int8 / 8192" | bc -l)" "$ratio" "$lut" "$ff" "$bram" "$dsp" "$device" "$fmax" "$rate" "$note"
  done
done
if [ "$sized" = 0 ]; then echo; echo "no rans decoder sized: its RTL is not merged yet"
elif [ "$met" = 1 ]; then echo; echo "met: a rans decoder of age_gender at --bits 4, 4 lanes, fits an iCE40 with stream + tables at least 3x smaller than int8"
else echo; echo "NOT met: no rans row both fits an iCE40 and is at least 3x smaller than int8"; exit 1; fi
