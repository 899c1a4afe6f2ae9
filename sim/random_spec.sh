#!/usr/bin/env bash
# sim/random_spec.sh SEED [CODER] > spec.yaml: a seeded random decoder spec for the RTL random test.
# CODER is tans (default; spec name rand_SEED), huffman, raw or rans (name rand_CODER_SEED; huffman also
# draws huffman_max_length 8..16, so length-limited codes come up; rans draws rans_state_bits 0, 0, 2, 4
# or 8, so the multiply-free lane and the multiplier both come up, and lanes 1..8).
# lanes 1..16 (rans 1..8), input_width 8..256, table_log 5..12, bits 2..8, 1..4 layers with sizes from 1 weight
# up, single-symbol layers, p(0)=0.999 layers, laplace and gaussian layers; table_log_mode fixed, by_size or
# best by seed mod 3 (outside the draws, so a seed's layers do not depend on it; the layers of at
# most 3000 weights make by_size and best choose logs below the requested ones, and huffman and raw
# accept and ignore it). The generator is a
# 31-bit LCG in shell arithmetic, so a seed gives the same spec on any machine.
set -euo pipefail
seed=${1:?usage: sim/random_spec.sh SEED [tans|huffman|raw|rans]}
coder=${2:-tans}
case "$coder" in
  tans) name="rand_$seed" ;;
  huffman|raw|rans) name="rand_${coder}_$seed" ;;
  *) echo "sim/random_spec.sh: unknown coder '$coder'" >&2; exit 2 ;;
esac
x=$(( (seed * 2654435761 + 12345) % 2147483648 ))
rnd() {  # rnd N -> r in 0..N-1
  x=$(( (x * 1103515245 + 12345) % 2147483648 ))
  r=$(( (x >> 8) % $1 ))
}

# lanes walk 1..16 with the seed, so any 16 consecutive seeds cover every lane count
lanes=$(( 1 + (seed - 1) % 16 ))
[ "$coder" = rans ] && lanes=$(( 1 + (seed - 1) % 8 ))
rnd 4
case $r in
  0) rnd 249; iw=$((8 + r)) ;;            # any width
  *) widths=(8 16 32 64 128 256); rnd 6; iw=${widths[$r]} ;;
esac
rnd 8; top_tl=$((5 + r))
rnd 4; nl=$((1 + r))

echo "# random spec, seed $seed (sim/random_spec.sh)"
echo "name: $name"
echo "coder: $coder"
if [ "$coder" = huffman ]; then rnd 9; echo "huffman_max_length: $((8 + r))"; fi
if [ "$coder" = rans ]; then state_bits=(0 0 2 4 8); rnd 5; echo "rans_state_bits: ${state_bits[$r]}"; fi
echo "table_log: $top_tl"
modes=(fixed by_size best); echo "table_log_mode: ${modes[$((seed % 3))]}"
echo "lanes: $lanes"
echo "input_width: $iw"
echo "layers:"
for k in $(seq 0 $((nl - 1))); do
  rnd 7; bits=$((2 + r))
  maxl=$(( (1 << (bits - 1)) - 1 ))
  # every level must fit the table: table_log >= bits
  lo=$(( bits > 5 ? bits : 5 )); rnd $((13 - lo)); tl=$((lo + r))
  rnd 10
  if [ $r -eq 0 ]; then count=1
  elif [ $r -le 2 ]; then rnd $((2 * lanes + 1)); count=$((1 + r))
  else rnd 3000; count=$((1 + r)); fi
  echo "  - name: l$k"
  echo "    bits: $bits"
  echo "    table_log: $tl"
  rnd 8
  case $r in
    0) rnd $((2 * maxl + 1)); echo "    frequencies: {$((r - maxl)): 1}" ;;           # single symbol
    1) echo "    frequencies: {-1: 1, 0: 1998, 1: 1}" ;;                              # p(0) = 0.999
    # scale 0.1 .. maxl/2 quantization steps, in tenths
    2|3|4) rnd 40; t=$(( (r + 1) * maxl / 8 + 1 )); echo "    distribution: {laplace: $((t / 10)).$((t % 10))}" ;;
    *)     rnd 40; t=$(( (r + 1) * maxl / 8 + 1 )); echo "    distribution: {gaussian: $((t / 10)).$((t % 10))}" ;;
  esac
  echo "    count: $count"
  rnd 1000000; echo "    seed: $r"
done
