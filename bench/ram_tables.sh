#!/usr/bin/env bash
# bench/ram_tables.sh [OUT]: what loading tables from the stream (tables: ram) costs against rom tables,
# from the cycle model (which the RTL matches on every handshake in make test), for the main example,
# age_gender (../shared/weights, quantized --bits 4, when it is there) and the ImageNet ResNet-18 (the
# NuGet package of bench/resnet18_fidelity.sh, quantized --min-fidelity 0.99 on 16 inputs: a real
# network-fidelity figure), at lanes 1 and 4.
# Configurations at table_log 11 (the same table_log_mode for rom and ram, so ram/rom compares like with like):
#   fixed          table_log_mode fixed, 4 build engines        (main at 531e132: every layer at 11)
#   by_size        table_log_mode by_size, 4 engines            (each layer capped by its size, FSE's rule)
#   by_size_auto   table_log_mode by_size, ram_build_engines auto
#   best           table_log_mode best, 4 engines               (main and age_gender only)
#   best_b3        table_log_mode best, 4 engines, ram_banks 3  (main and age_gender: headers two layers ahead)
#   by_size_b3     table_log_mode by_size, 4 engines, ram_banks 3 (ResNet-18)
#   fixed_b1       table_log_mode fixed, 4 engines, ram_banks 1  (headers inline: every build exposed)
#   best_b1        table_log_mode best, 4 engines, ram_banks 1   (main and age_gender)
#   by_size_b1     table_log_mode by_size, 4 engines, ram_banks 1 (ResNet-18)
# and for main and age_gender also table_log 8, fixed. Prints per spec and configuration: bits/weight (rom,
# ram), rom and ram cycles of the free run, ram/rom, first output, the cycles spent on loads (report
# table_load_cycles) and the engines; per layer (lanes 4, table_log 11) fixed against by_size: the chosen
# table_log, the table builder's cycles and the load cycles.
#   RESNET=0   skips ResNet-18 (quantize ~4 min, 8 gens of 15.9M weights ~30 s each, ~190 MB of vectors each)
#   SIM=1      also runs the Verilator free run of ResNet-18's ram decoder at lanes 4 (by_size, auto):
#              every weight and every output handshake's cycle against the cycle model (~5 min)
#   SIZE=1     also sizes age_gender's ram decoder at lanes 1 with 1 and 4 build engines, and with 4 engines and
#              ram_banks 3 (yosys + nextpnr, ~1 min each)
# Output under OUT (default build/ram_tables). CPU: seconds of gen per small spec.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-build/ram_tables}
mkdir -p "$out"
gen="dotnet $root/generator/bin/Release/net10.0/decoderhw.dll"
[ -f generator/bin/Release/net10.0/decoderhw.dll ] || dotnet build generator -c Release > /dev/null

# variant SPEC NAME TABLES LANES TABLE_LOG MODE ENGINES [BANKS]: the spec with those fields, written to OUT/NAME.yaml.
variant() {
  local extra="tables: $3\ntable_log_mode: $6"
  [ "$3" = ram ] && extra="$extra\nram_build_engines: $7"
  [ "$3" = ram ] && [ "${8:-2}" != 2 ] && extra="$extra\nram_banks: $8"
  sed -e "s/^name: .*$/name: $2/" -e "s/^lanes: .*$/lanes: $4/" -e "s/^table_log: .*$/table_log: $5/" \
      -e '/^tables: /d' -e '/^table_log_mode: /d' -e '/^ram_build_engines: /d' -e '/^ram_banks: /d' -e '/^ram_limits:/,/^[^ ]/{/^ram_limits:/d;/^  /d}' "$1" \
    | sed -e "s/^lanes: .*/&\n$extra/" > "$out/$2.yaml"
}
# totals REPORT: cycles, first output, load cycles, bits/weight, engines (- for rom or the default)
totals() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); t=r['totals']; print(t['predicted_cycles'], t['first_output_latency_cycles'], t.get('table_load_cycles', 0), '%.4f' % t['bits_per_weight'], r.get('ram_build_engines', 4 if r['tables'] == 'ram' else '-'))" "$1"; }
# gen_once NAME: gen OUT/NAME.yaml into OUT/NAME unless its report is newer than the spec.
gen_once() {
  if [ ! -f "$out/$1/report.json" ] || [ "$out/$1.yaml" -nt "$out/$1/report.json" ] || [ "$gen_dll" -nt "$out/$1/report.json" ]; then
    $gen gen "$out/$1.yaml" -o "$out/$1" > /dev/null
  fi
}
gen_dll=generator/bin/Release/net10.0/decoderhw.dll

specs=("examples/decoder.yaml:main")
if [ -f ../shared/weights/age_gender_model.safetensors ]; then
  [ -f "$out/ag4/spec.yaml" ] || $gen quantize ../shared/weights/age_gender_model.safetensors --bits 4 --method uniform --name ag4 -o "$out/ag4/spec.yaml" > /dev/null
  # The quantized spec names its weights relative to its folder; the variants sit one folder up.
  sed -e 's|file: \.\./|file: |' "$out/ag4/spec.yaml" > "$out/ag4.yaml"
  specs+=("$out/ag4.yaml:ag4")
fi
if [ "${RESNET:-1}" = 1 ]; then
  dotnet restore bench/resnet18/ResNet18Model.csproj --nologo -v q > /dev/null
  pkg=${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.ml.dnnimagefeaturizer.resnet18/0.23.1/tools/DnnImageModels
  if [ -f "$pkg/ResNet18Onnx/ResNet18.onnx" ]; then
    if [ ! -f "$out/r18/spec.yaml" ]; then
      if [ ! -d /usr/share/backgrounds/mate/nature ]; then
        apt-get install -y mate-backgrounds > /dev/null || { apt-get update > /dev/null && apt-get install -y mate-backgrounds > /dev/null; }
      fi
      mkdir -p "$out/images"
      ln -sf /usr/share/backgrounds/mate/nature/*.jpg /usr/share/backgrounds/mate/abstract/Elephants.jpg "$out/images"/
      $gen quantize "$pkg/ResNet18Onnx/ResNet18.onnx" --min-fidelity 0.99 --images "$out/images" \
        --preprocess "$pkg/ResNetPrepOnnx/ResNetPreprocess.onnx" --inputs 16 -o "$out/r18/spec.yaml" > /dev/null
    fi
    # The ONNX path in the spec is absolute or relative to r18/: make it relative to OUT.
    sed -e 's|file: \.\./|file: |' "$out/r18/spec.yaml" > "$out/r18.yaml"
    python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['fidelity']; print('ResNet-18 quantize --min-fidelity 0.99: mean output cosine %.5f, 5th percentile %.5f, NN agreement %.1f%% on its %d sensitivity inputs' % (f['mean_cosine'], f['p5_cosine'], 100 * f['nn_agreement'], f['inputs']))" "$out/r18/quantize_report.json"
    specs+=("$out/r18.yaml:r18")
  else
    echo "ResNet-18: no $pkg/ResNet18Onnx/ResNet18.onnx after restore; skipped" >&2
  fi
fi

printf '%-6s %-13s %5s %3s %8s %8s %10s %10s %8s %9s %8s %4s\n' spec config lanes tl rom_b/w ram_b/w rom ram ram/rom first_out load eng
for entry in "${specs[@]}"; do
  spec=${entry%%:*}; tag=${entry##*:}
  configs="fixed by_size by_size_auto best best_b3 fixed_b1 best_b1"
  [ "$tag" = r18 ] && configs="fixed by_size by_size_auto by_size_b3 fixed_b1 by_size_b1"
  rows=()
  for lanes in 1 4; do
    for config in $configs; do rows+=("$lanes 11 $config"); done
  done
  [ "$tag" = r18 ] || rows+=("1 8 fixed" "4 8 fixed")
  for row in "${rows[@]}"; do
    read -r lanes tl config <<< "$row"
    mode=${config%_auto}; mode=${mode%_b3}; mode=${mode%_b1}; engines=4; banks=2
    [ "$config" = by_size_auto ] && engines=auto
    [ "${config%_b3}" != "$config" ] && banks=3
    [ "${config%_b1}" != "$config" ] && banks=1
    romname="${tag}_l${lanes}_t${tl}_${mode}_rom"; ramname="${tag}_l${lanes}_t${tl}_${config}_ram"
    variant "$spec" "$romname" rom "$lanes" "$tl" "$mode" 4
    variant "$spec" "$ramname" ram "$lanes" "$tl" "$mode" "$engines" "$banks"
    gen_once "$romname"; gen_once "$ramname"
    read -r rc _ _ rb _ < <(totals "$out/$romname/report.json")
    read -r ac af al ab ae < <(totals "$out/$ramname/report.json")
    printf '%-6s %-13s %5s %3s %8s %8s %10s %10s %8.4f %9s %8s %4s\n' "$tag" "$config" "$lanes" "$tl" "$rb" "$ab" "$rc" "$ac" "$(echo "$ac / $rc" | bc -l)" "$af" "$al" "$ae"
  done
done

# Per layer (table_log 11, lanes 4): fixed against by_size: the chosen table_log, the builder's cycles beside
# the decoder and the load cycles the run spends on the layer (its header, waiting for its build).
for entry in "${specs[@]}"; do
  tag=${entry##*:}
  echo
  echo "$tag, lanes 4, table_log 11, per layer: weights, bits, table_log fixed -> by_size, builder cycles fixed -> by_size, load cycles fixed -> by_size"
  python3 - "$out/${tag}_l4_t11_fixed_ram/report.json" "$out/${tag}_l4_t11_by_size_ram/report.json" << 'EOF'
import json, sys
fixed = json.load(open(sys.argv[1]))['layers']
by_size = json.load(open(sys.argv[2]))['layers']
for i, (f, b) in enumerate(zip(fixed, by_size)):
    print(f"{i:3d} {f['weights']:8d} {f['bits']:2d} bits  tl {f['table_log']:2d} -> {b['table_log']:2d}"
          f"  build {f['table_build_cycles']:5d} -> {b['table_build_cycles']:5d}  load {f['table_load_cycles']:5d} -> {b['table_load_cycles']:5d}")
EOF
done

if [ "${SIM:-0}" = 1 ] && [ -d "$out/r18_l4_t11_by_size_auto_ram" ]; then
  o="$out/r18_l4_t11_by_size_auto_ram"
  sim/build.sh verilator "$o" > "$out/r18_sim_build.log" 2>&1
  /usr/bin/time -f "sim %e s" sim/run.sh verilator "$o" free | grep -E '^TB|^sim'
fi

if [ "${SIZE:-0}" = 1 ] && [ -f "$out/ag4.yaml" ]; then
  for engines in 1 4; do
    variant "$out/ag4.yaml" "ag4_l1_t11_fixed_e${engines}_ram" ram 1 11 fixed "$engines"
    gen_once "ag4_l1_t11_fixed_e${engines}_ram"
    $gen size "$out/ag4_l1_t11_fixed_e${engines}_ram" | tail -n 3 | head -n 1
  done
  variant "$out/ag4.yaml" "ag4_l1_t11_fixed_e4_b3_ram" ram 1 11 fixed 4 3
  gen_once "ag4_l1_t11_fixed_e4_b3_ram"
  $gen size "$out/ag4_l1_t11_fixed_e4_b3_ram" | tail -n 3 | head -n 1
fi
