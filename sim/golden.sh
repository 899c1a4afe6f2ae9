#!/usr/bin/env bash
# sim/golden.sh check|update OUTDIR GOLDENDIR: golden-vector determinism.
# golden-vectors/NAME/SHA256SUMS holds the hash of every file gen writes to vectors/ and rtl/: the check
# is byte-exact for every example. A full copy is kept only where a reviewer learns from its diff
# (docs/rtl.md, "Golden snapshots"): the generated RTL (rtl/, without ROM images) and the small text
# vectors (layers.csv, tb_params.vh) of one example per RTL variant, the names in golden-vectors/COPIES.
# The other examples, and every stream, weight, beat and ROM file, are covered by their hashes alone.
# The vectors of the testbench-only stall patterns (burst, slow_in, slow_out) are never copied.
#   check:  a fresh gen (OUTDIR) must match SHA256SUMS and the copies byte for byte
#   update: rewrite GOLDENDIR from OUTDIR (make vectors)
set -euo pipefail
mode=${1:?usage}; out=$(cd "${2:?usage}" && pwd); golden=${3:?usage}
copies_list="$(dirname "$golden")/COPIES"
name=$(basename "$golden")
# rtl/ is absent only where gen writes no RTL: then its vectors alone are golden.
dirs() { for d in vectors rtl; do [ -d "$1/$d" ] && echo "$d"; done; }
sums() { (cd "$out" && find $(dirs .) -type f | LC_ALL=C sort | xargs sha256sum); }
copied() {
  grep -qx "$name" "$copies_list" 2> /dev/null || return 0
  (cd "$out" && { [ -d rtl ] && find rtl -type f ! -name '*.mem'; ls vectors/layers.csv vectors/tb_params.vh 2> /dev/null; } | LC_ALL=C sort)
}
case "$mode" in
  update)
    rm -rf "$golden"; mkdir -p "$golden"
    sums > "$golden/SHA256SUMS"
    copied | while read -r f; do
      mkdir -p "$golden/$(dirname "$f")"; cp "$out/$f" "$golden/$f"
    done
    echo "golden: $golden updated ($(wc -l < "$golden/SHA256SUMS") files hashed, $(copied | grep -c . || true) copied)"
    ;;
  check)
    diff -u "$golden/SHA256SUMS" <(sums)
    (cd "$golden" && { find vectors rtl -type f 2> /dev/null || true; } | LC_ALL=C sort) | while read -r f; do cmp "$golden/$f" "$out/$f"; done
    echo "golden: $out matches $golden"
    ;;
  *) echo "sim/golden.sh: check or update" >&2; exit 2 ;;
esac
