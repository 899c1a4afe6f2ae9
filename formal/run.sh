#!/usr/bin/env bash
# formal/run.sh [FIRST]: the proofs of formal/proofs.txt (make formal), or only the first FIRST of them
# (make test runs the first: the fastest). Prints one PROOF line each, then "N proved, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
first=${1:-0}
command -v yosys-smtbmc > /dev/null && command -v z3 > /dev/null || { echo "formal: needs yosys-smtbmc and z3 (make deps)" >&2; exit 2; }
# sim/test.sh builds the generator once before its parallel suites; a rebuild here would replace the DLL
# under them.
[ -n "${DECODERHW_GENERATOR_BUILT:-}" ] || dotnet build generator -c Release --nologo -v q > /dev/null || exit 1
proved=0; failed=0; n=0
while read -r spec property depth bound; do
  case "$spec" in ''|'#'*) continue ;; esac
  n=$((n + 1)); [ "$first" -gt 0 ] && [ "$n" -gt "$first" ] && break
  if STALL_BOUND=${bound:-16} formal/prove.sh "$spec" "$property" "$depth"; then proved=$((proved + 1)); else failed=$((failed + 1)); fi
done < formal/proofs.txt
echo "$proved proved, $failed failed"
[ "$failed" -eq 0 ]
