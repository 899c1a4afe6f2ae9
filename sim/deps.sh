#!/usr/bin/env bash
# make deps: install the simulation and synthesis tools that are missing (Debian packages), once.
set -euo pipefail
declare -A pkg=(
  [verilator]=verilator
  [iverilog]=iverilog
  [vvp]=iverilog
  [yosys]=yosys
  [nextpnr-ice40]=nextpnr-ice40
  [icepack]=fpga-icestorm
  [jq]=jq
  [ccache]=ccache
  [yosys-smtbmc]=yosys
  [z3]=z3
)
missing=()
for tool in "${!pkg[@]}"; do
  command -v "$tool" > /dev/null 2>&1 || missing+=("${pkg[$tool]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "deps: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
command -v dotnet > /dev/null 2>&1 || { echo "deps: the .NET SDK (dotnet) is required and not installed" >&2; exit 1; }
echo "deps: verilator $(verilator --version | awk '{print $2}'), $(iverilog -V 2>&1 | head -1 | awk '{print "iverilog " $4}'), $(yosys -V | awk '{print "yosys " $2}'), dotnet $(dotnet --version)"
