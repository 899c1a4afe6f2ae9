#!/usr/bin/env bash
# sim/golden.sh check|update OUTDIR GOLDENDIR: golden-vector determinism.
# golden-vectors/NAME/ holds SHA256SUMS of every file gen writes to vectors/ and rtl/, and a copy of
# each of those files under 1 MiB (reviewable diffs; the 1M-weight vectors are covered by the sums),
# except the vectors of the testbench-only stall patterns (burst, slow_in, slow_out): the sums cover
# them, and the free and stall copies already show any change of the cycle model in a diff.
#   check:  a fresh gen (OUTDIR) must match SHA256SUMS and the copies byte for byte
#   update: rewrite GOLDENDIR from OUTDIR (make vectors)
set -euo pipefail
mode=${1:?usage}; out=$(cd "${2:?usage}" && pwd); golden=${3:?usage}
# rtl/ is absent for a coder without RTL yet (coder: rans): its vectors alone are golden.
dirs() { for d in vectors rtl; do [ -d "$1/$d" ] && echo "$d"; done; }
sums() { (cd "$out" && find $(dirs .) -type f | LC_ALL=C sort | xargs sha256sum); }
case "$mode" in
  update)
    rm -rf "$golden"; mkdir -p "$golden"
    sums > "$golden/SHA256SUMS"
    (cd "$out" && find $(dirs .) -type f -size -1024k | grep -Ev '^vectors/(beats|words)_(burst|slow_in|slow_out)\.hex$' | LC_ALL=C sort) | while read -r f; do
      mkdir -p "$golden/$(dirname "$f")"; cp "$out/$f" "$golden/$f"
    done
    echo "golden: $golden updated ($(wc -l < "$golden/SHA256SUMS") files)"
    ;;
  check)
    diff -u "$golden/SHA256SUMS" <(sums)
    (cd "$golden" && find $(dirs .) -type f | LC_ALL=C sort) | while read -r f; do cmp "$golden/$f" "$out/$f"; done
    echo "golden: $out matches $golden"
    ;;
  *) echo "sim/golden.sh: check or update" >&2; exit 2 ;;
esac
