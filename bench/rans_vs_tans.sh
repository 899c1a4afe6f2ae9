#!/usr/bin/env bash
# bench/rans_vs_tans.sh: issue 13's compression and table-memory checks of coder: rans against tANS
# (BENCHMARKS.md, "rANS against tANS"). For the two real models in ../shared/weights (or $WEIGHTS), at
# `quantize --bits 4` and at the ECSQ 1-bit point (`--target-bpw 1.0 --method ecsq`), 4 lanes (quantize's
# default): gen's bits/weight (coded + initial states) for tANS table_log 11 and rANS at rans_state_bits 15,
# 8, 4 (the default) and 0 (multiply-free), each as a ratio to tANS in the same run, with the entropy;
# then at 8 lanes the on-chip table bits of tANS rom and rANS (report.json memory). Exit 1 if a target
# is missed: every wide state (rans_state_bits 15, 8, 4) within 0.5% of tANS, multiply-free (0) within
# 2%, rANS tables at 8 lanes at most 1% of tANS rom's. C# only (no synthesis): a few minutes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
weights=${WEIGHTS:-$root/../shared/weights}
cli="dotnet generator/bin/Release/net10.0/decoderhw.dll"
dotnet build generator -c Release --nologo -v q > /dev/null
out=build/bench/rans; mkdir -p "$out"
fail=0

# gen SPEC NAME CODER STATE_BITS LANES: writes $out/NAME and prints nothing
gen() {
  sed -e "s/^name: .*/name: $2/" -e "s/^coder: tans/coder: $3\nrans_state_bits: $4/" -e "s/^lanes: .*/lanes: $5/" "$1" > "$out/$2.yaml"
  $cli gen "$out/$2.yaml" -o "$out/$2" > /dev/null
}
bpw() { jq .totals.bits_per_weight "$out/$1/report.json"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }

printf '| model | point | entropy | tANS tl 11 | rANS state 15 | rANS state 8 | rANS state 4 | rANS state 0 (multiply-free) | tANS rom table bits, 8 lanes | rANS table bits, 8 lanes | rANS / tANS tables |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for model in age_gender face_landmark_68; do
  for point in "bits4:--bits 4" "ecsq1:--target-bpw 1.0 --method ecsq"; do
    tag=${point%%:*}; args=${point#*:}
    spec="$out/${model}_$tag.yaml"
    # shellcheck disable=SC2086
    $cli quantize "$weights/${model}_model.safetensors" $args -o "$spec" > /dev/null
    # quantize writes paths relative to the spec's folder: the variants sit beside it.
    gen "$spec" "${model}_${tag}_tans" tans 4 4
    tans=$(bpw "${model}_${tag}_tans")
    entropy=$(jq .totals.entropy_bits_per_weight "$out/${model}_${tag}_tans/report.json")
    row="| $model | $tag | $(printf %.4f "$entropy") | $(printf %.4f "$tans")"
    for b in 15 8 4 0; do
      gen "$spec" "${model}_${tag}_rans$b" rans "$b" 4
      r=$(bpw "${model}_${tag}_rans$b")
      q=$(ratio "$r" "$tans")
      row="$row | $(printf %.4f "$r") ($q)"
      limit=$([ "$b" = 0 ] && echo 1.02 || echo 1.005)
      if awk -v q="$q" -v l="$limit" 'BEGIN { exit !(q > l) }'; then
        echo "MISSED: $model $tag rans_state_bits $b at $q of tANS (limit $limit)" >&2; fail=1
      fi
    done
    gen "$spec" "${model}_${tag}_tans8" tans 4 8
    gen "$spec" "${model}_${tag}_rans8" rans 4 8
    tt=$(jq .memory.table_bits "$out/${model}_${tag}_tans8/report.json")
    rt=$(jq .memory.table_bits "$out/${model}_${tag}_rans8/report.json")
    q=$(ratio "$rt" "$tt")
    if awk -v q="$q" 'BEGIN { exit !(q > 0.01) }'; then echo "MISSED: $model $tag rANS tables at $q of tANS rom's" >&2; fail=1; fi
    printf '%s | %s | %s | %s |\n' "$row" "$tt" "$rt" "$q"
  done
done
exit $fail
