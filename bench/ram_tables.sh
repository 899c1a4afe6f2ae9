#!/usr/bin/env bash
# bench/ram_tables.sh [OUT]: what loading tables from the stream (tables: ram) costs against rom tables,
# from the cycle model (which the RTL matches on every handshake in make test), for the main example and
# age_gender (../shared/weights, quantized --bits 4, when it is there), at lanes 1 and 4, table_log 11 and 8.
# Prints per spec: rom and ram cycles of the free run, ram/rom, first output, the cycles spent on loads
# (report table_load_cycles), and per layer the table builder's cycles and the load cycles.
#   OLD_GEN=path/to/decoderhw.dll  also gens every ram spec with that (an earlier) generator: the "before"
#                                  columns, side by side in the same run.
#   SIZE=1                         also sizes age_gender's ram decoder at lanes 1 (yosys + nextpnr, ~1 min),
#                                  and with OLD_GEN the earlier one: LUT4, FF, BRAM of the second bank.
# Output under OUT (default build/ram_tables). CPU: a few seconds of gen per spec.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-build/ram_tables}
mkdir -p "$out"
gen="dotnet $root/generator/bin/Release/net10.0/decoderhw.dll"
[ -f generator/bin/Release/net10.0/decoderhw.dll ] || dotnet build generator -c Release > /dev/null
old=${OLD_GEN:-}

# variant SPEC NAME TABLES LANES TABLE_LOG: the spec with those fields, written to OUT/NAME.yaml.
variant() {
  sed -e "s/^name: .*$/name: $2/" -e "s/^lanes: .*$/lanes: $4/" -e "s/^table_log: .*$/table_log: $5/" \
      -e '/^tables: /d' -e '/^ram_limits:/,/^[^ ]/{/^ram_limits:/d;/^  /d}' "$1" \
    | sed -e "s/^lanes: .*/&\ntables: $3/" > "$out/$2.yaml"
}
totals() { python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['totals']; print(t['predicted_cycles'], t['first_output_latency_cycles'], t.get('table_load_cycles', 0))" "$1"; }

specs=("examples/decoder.yaml:main")
if [ -f ../shared/weights/age_gender_model.safetensors ]; then
  $gen quantize ../shared/weights/age_gender_model.safetensors --bits 4 --method uniform --name ag4 -o "$out/ag4/spec.yaml" > /dev/null
  # The quantized spec names its weights relative to its folder; the variants sit one folder up.
  sed -e 's|file: \.\./|file: |' "$out/ag4/spec.yaml" > "$out/ag4.yaml"
  specs+=("$out/ag4.yaml:ag4")
fi

printf '%-18s %6s %5s %10s %10s %8s %9s %9s' spec lanes tl rom ram ram/rom first_out load
[ -n "$old" ] && printf ' %10s %8s %9s' ram_before before/rom load_before
printf '\n'
for entry in "${specs[@]}"; do
  spec=${entry%%:*}; tag=${entry##*:}
  for tl in 11 8; do
    for lanes in 1 4; do
      base="${tag}_l${lanes}_t${tl}"
      variant "$spec" "${base}_rom" rom "$lanes" "$tl"
      variant "$spec" "${base}_ram" ram "$lanes" "$tl"
      $gen gen "$out/${base}_rom.yaml" -o "$out/${base}_rom" > /dev/null
      $gen gen "$out/${base}_ram.yaml" -o "$out/${base}_ram" > /dev/null
      read -r rc rf _ < <(totals "$out/${base}_rom/report.json")
      read -r ac af al < <(totals "$out/${base}_ram/report.json")
      printf '%-18s %6s %5s %10s %10s %8.4f %9s %9s' "$tag" "$lanes" "$tl" "$rc" "$ac" "$(echo "$ac / $rc" | bc -l)" "$af" "$al"
      if [ -n "$old" ]; then
        sed -e "s/^name: ${base}_ram$/name: ${base}_old/" "$out/${base}_ram.yaml" > "$out/${base}_old.yaml"
        dotnet "$old" gen "$out/${base}_old.yaml" -o "$out/${base}_old" > /dev/null
        read -r oc _ ol < <(totals "$out/${base}_old/report.json")
        printf ' %10s %8.4f %9s' "$oc" "$(echo "$oc / $rc" | bc -l)" "$ol"
      fi
      printf '\n'
    done
  done
done

# Per layer (table_log 11, lanes 4): the builder's cycles beside the decoder and the load cycles the run
# spends on the layer (its header, waiting for its build); before: the load cycles with the decoder idle.
for entry in "${specs[@]}"; do
  tag=${entry##*:}; base="${tag}_l4_t11"
  echo
  echo "$tag, lanes 4, table_log 11, per layer: weights, builder cycles, load cycles${old:+, load cycles before}"
  python3 - "$out/${base}_ram/report.json" "${old:+$out/${base}_old/report.json}" << 'EOF'
import json, sys
new = json.load(open(sys.argv[1]))['layers']
old = json.load(open(sys.argv[2]))['layers'] if len(sys.argv) > 2 and sys.argv[2] else None
for i, l in enumerate(new):
    row = f"{i:3d} {l['weights']:8d} {l['bits']:2d} bits {l['table_build_cycles']:6d} {l['table_load_cycles']:6d}"
    if old: row += f" {old[i]['table_load_cycles']:6d}"
    print(row)
EOF
done

if [ "${SIZE:-0}" = 1 ] && [ -d "$out/ag4_l1_t11_ram" ]; then
  $gen size "$out/ag4_l1_t11_ram" | tail -n 3
  [ -n "$old" ] && dotnet "$old" size "$out/ag4_l1_t11_old" | tail -n 3
fi
