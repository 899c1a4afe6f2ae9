#!/usr/bin/env bash
# bench/resnet18_fidelity.sh [curves|scale|all]: issue 14, the ImageNet-trained ResNet-18 end to end
# (BENCHMARKS.md, "ResNet-18: rate against network fidelity").
#   curves  rate-fidelity on 200 inputs (13 photos of the Debian package mate-backgrounds, crops and
#           mirror images): uniform max-scaled and MSE-step 2..8 bits, ECSQ with SQNR and with fidelity
#           allocation; lowest bits/weight at mean cosine 0.99 and 0.999; the figure.
#   scale   quantize --min-fidelity 0.99 (16 inputs), gen, evaluate (200 inputs, C# decode), Verilator
#           make sim of all 15.9M weights with the RTL's output dumped, evaluate of the dump: time and
#           peak memory of each step.
# Opt-in (not part of make test): installs mate-backgrounds with apt-get, restores the model package
# (Microsoft.ML.DnnImageFeaturizer.ResNet18) with dotnet restore. About 30 minutes (curves) and
# 15 minutes (scale) on one core of the shared machine. Results under build/bench/resnet18/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
what=${1:-all}
out=build/bench/resnet18
[ "$what" = scale ] && times_suffix=_scale || times_suffix=""
cli="dotnet generator/bin/Release/net10.0/decoderhw.dll"
mkdir -p "$out"

dotnet build generator -c Release --nologo -v q > /dev/null
dotnet restore bench/resnet18/ResNet18Model.csproj --nologo -v q > /dev/null
pkg=${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.ml.dnnimagefeaturizer.resnet18/0.23.1/tools/DnnImageModels
model=$pkg/ResNet18Onnx/ResNet18.onnx
prep=$pkg/ResNetPrepOnnx/ResNetPreprocess.onnx
[ -f "$model" ] || { echo "no $model after restore" >&2; exit 2; }

if [ ! -d /usr/share/backgrounds/mate/nature ]; then
  apt-get install -y mate-backgrounds > /dev/null || { apt-get update > /dev/null && apt-get install -y mate-backgrounds > /dev/null; }
fi
# The photographs (nature/ and the elephants); the rest of the package is drawn art.
images=$out/images
rm -rf "$images"; mkdir -p "$images"
ln -s /usr/share/backgrounds/mate/nature/*.jpg /usr/share/backgrounds/mate/abstract/Elephants.jpg "$images"/

fid=(--images "$images" --preprocess "$prep")
timed() {  # timed NAME CMD...: runs CMD, appends "NAME seconds peak_MB" to $out/times.txt
  local name=$1; shift
  /usr/bin/time -f "$name %e %M" -o "$out/time_$name.txt" "$@"
  awk '{printf "%s %.1f s, peak %.0f MB\n", $1, $2, $3 / 1024}' "$out/time_$name.txt" | tee -a "$out/times$times_suffix.txt"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'); $(date -u +%Y-%m-%dT%H:%MZ)" | tee "$out/times$times_suffix.txt"

if [ "$what" = curves ] || [ "$what" = all ]; then
  timed rate_fidelity $cli rate-fidelity "$model" "${fid[@]}" --inputs 200 --sensitivity-inputs 16 -o "$out/curves" 2> "$out/curves.log"
fi

if [ "$what" = scale ] || [ "$what" = all ]; then
  timed quantize $cli quantize "$model" --min-fidelity 0.99 "${fid[@]}" --inputs 16 -o "$out/spec/resnet18_f99.yaml" > "$out/quantize.txt" 2> "$out/quantize.log"
  tail -n 3 "$out/quantize.txt"
  timed gen $cli gen "$out/spec/resnet18_f99.yaml" -o "$out/gen"
  timed evaluate $cli evaluate "$model" "$out/gen" "${fid[@]}" --inputs 200 2> /dev/null | tee "$out/evaluate.txt"
  timed sim_build sim/build.sh verilator "$out/gen" 0 > "$out/sim_build.log" 2>&1
  timed sim sim/run.sh verilator "$out/gen" free +dump="$(pwd)/$out/rtl_weights.hex" | grep '^TB'
  cmp "$out/rtl_weights.hex" "$out/gen/vectors/weights.hex" && echo "RTL dump: all $(wc -l < "$out/rtl_weights.hex") levels equal weights.hex"
  cp "$out/gen/report.json" "$out/report_csharp_decode.json"
  timed evaluate_rtl $cli evaluate "$model" "$out/gen" "${fid[@]}" --inputs 200 --levels "$out/rtl_weights.hex" 2> /dev/null | tee "$out/evaluate_rtl.txt"
  cmp <(jq 'del(.fidelity.weights)' "$out/report_csharp_decode.json" | jq .fidelity) <(jq 'del(.fidelity.weights)' "$out/gen/report.json" | jq .fidelity) \
    && echo "RTL dump and C# decode: identical fidelity"
fi
