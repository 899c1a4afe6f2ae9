#!/usr/bin/env bash
# sim/latency_table.sh OUTDIR...: model (report.json) against simulation (sim_*.json), free run.
set -euo pipefail
printf '%-14s %-10s %10s %10s %14s %14s %12s %12s %6s\n' model simulator weights cycles \
  "cyc/w model" "cyc/w sim" "lat model" "lat sim" match
for out in "$@"; do
  name=$(basename "$out")
  [ -f "$out/report.json" ] || continue
  mc=$(jq -r '.totals.cycles_per_weight' "$out/report.json")
  ml=$(jq -r '.totals.first_output_latency_cycles' "$out/report.json")
  mcy=$(jq -r '.totals.predicted_cycles' "$out/report.json")
  for json in "$out"/sim_verilator.json "$out"/sim_icarus.json; do
    [ -f "$json" ] || continue
    read -r sim w cy cpw lat mm < <(jq -r '[.simulator, .weights, .cycles, .cycles_per_weight, .first_output_latency_cycles, .mismatches] | @tsv' "$json")
    match=yes
    { [ "$cy" != "$mcy" ] || [ "$lat" != "$ml" ] || [ "$mm" != 0 ]; } && match=NO
    printf '%-14s %-10s %10s %10s %14.4f %14.4f %12s %12s %6s\n' "$name" "$sim" "$w" "$cy" "$mc" "$cpw" "$ml" "$lat" "$match"
  done
done
