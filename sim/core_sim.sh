#!/usr/bin/env bash
# sim/core_sim.sh OUTDIR: runs NAME.core's sim target the way FuseSoC would on Icarus, from the core file
# alone: the files of its filesets rtl and tb in the core's order (an is_include_file's folder on the
# include path, a copyto file copied into the work folder), toplevel tb_decoder, and the target's
# plusargs at their default values (the free run). FuseSoC is not packaged here; this keeps the core
# honest: a file or parameter the bench needs and the core forgets fails this run.
# Work folder: OUTDIR/obj_core/. Prints the bench's output; exit 0 only on "TB PASS".
set -euo pipefail
out=$(cd "${1:?usage: sim/core_sim.sh OUTDIR}" && pwd)
core=$(ls "$out"/*.core 2> /dev/null || true)
[ "$(echo "$core" | grep -c .)" = 1 ] || { echo "sim/core_sim.sh: $out needs exactly one NAME.core (run gen)" >&2; exit 2; }
# Beside the other builds (obj_SIM/): each run rewrites its own files there and removes nothing.
work="$out/obj_core"
mkdir -p "$work"

# The core is plain YAML written by RtlManifest.Core (no anchors); these awk passes read the parts the
# sim target uses. fileset FS's entries: "path" or "path|attributes".
fileset() {
  awk -v fs="$1" '
    /^[^ ]/ { in_sets = ($0 == "filesets:") }
    in_sets && /^  [^ ]/ { cur = $1; sub(":", "", cur) }
    in_sets && cur == fs && /^      - / { line = substr($0, 9); n = index(line, ": {");
      if (n) print substr(line, 1, n - 1) "|" substr(line, n + 3); else print line }' "$core"
}
target_params=$(awk '/^  sim:/ { t = 1 } t && /^    parameters:/ { sub(/^    parameters: \[/, ""); sub(/\]$/, ""); gsub(/,/, ""); print; exit }' "$core")
param_default() {
  awk -v p="$1" '/^parameters:/ { in_p = 1; next } in_p && /^  [^ ]/ { cur = $1; sub(":", "", cur) }
    in_p && cur == p && /^    default:/ { sub(/^    default: /, ""); print; exit }' "$core"
}

srcs=(); incs=()
for fs in rtl tb; do
  while IFS= read -r entry; do
    path=${entry%%|*}; attrs=""; [ "$entry" != "$path" ] && attrs=${entry#*|}
    abs="$out/$path"
    [ -e "$abs" ] || { echo "sim/core_sim.sh: $core names $path, which is not there ($abs)" >&2; exit 1; }
    if [[ $attrs == *is_include_file:\ true* ]]; then incs+=("-I$(dirname "$abs")")
    elif [[ $attrs == *copyto:* ]]; then dest=$(sed -e 's/.*copyto: //' -e 's/[},].*//' <<< "$attrs"); cp "$abs" "$work/$dest"
    elif [[ $attrs == *file_type:\ user* ]]; then :
    else srcs+=("$abs"); fi
  done < <(fileset "$fs")
done
plus=()
for p in $target_params; do
  value=$(param_default "$p")
  # A file parameter resolves against the core's folder, as FuseSoC resolves it against the core root.
  [ "$p" = vectors ] && value="$out/$value"
  plus+=("+$p=$value")
done

cd "$work"
iverilog -g2012 -s tb_decoder "${incs[@]}" -o tb_decoder.vvp "${srcs[@]}" > build.log 2>&1 || { cat build.log >&2; exit 1; }
vvp -n tb_decoder.vvp "${plus[@]}" | tee run.log
grep -q '^TB PASS' run.log
