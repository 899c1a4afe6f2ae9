# DecoderHw: generate a tANS weight decoder from a YAML spec, simulate it, test everything.
#   make sim [SPEC=examples/decoder.yaml] [SIM=verilator|icarus] [WAVES=1]
#   make test      dotnet test + every example, random specs (new seeds each run: RANDOM_SEED=S replays) and
#                  the test-only mutants on both simulators; ends "N passed, N failed"
#   make vectors   regenerate golden-vectors/ from the examples
#   make lint      verilator -Wall and yosys on the RTL of SPEC
#   make deps      install missing tools (apt-get)
#   make formal    the bounded proofs of formal/proofs.txt (yosys-smtbmc, z3): stream rules, lanes, error_o, liveness
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := sim

SPEC  ?= examples/decoder.yaml
SIM   ?= verilator
WAVES ?= 0

# gen is run from its built dll (a `dotnet run` per spec would cost a build check each time).
GEN_DLL := generator/bin/Release/net10.0/decoderhw.dll
GEN_SRC := $(shell find generator -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/obj/*' -not -path '*/bin/*')
EXAMPLES := $(wildcard examples/*.yaml)

.PHONY: deps gen sim lint test vectors clean formal

deps:
	@sim/deps.sh

$(GEN_DLL): $(GEN_SRC)
	dotnet build generator -c Release --nologo -v q
	@touch $@

# The spec's output folder comes from the generator itself (`gen --print-output`), so any valid YAML
# (quoted or flow-style name) and any path (spaces included) works; one shell per recipe keeps it.
OUT_OF_SPEC = out=$$(dotnet $(GEN_DLL) gen "$(SPEC)" --print-output)

gen: $(GEN_DLL)
	dotnet $(GEN_DLL) gen "$(SPEC)"

sim: deps gen
	@$(OUT_OF_SPEC); set -x; \
	sim/build.sh $(SIM) "$$out" $(WAVES); \
	WAVES=$(WAVES) sim/run.sh $(SIM) "$$out" free | grep '^TB'; \
	WAVES=$(WAVES) sim/run.sh $(SIM) "$$out" stall | grep '^TB'; \
	{ set +x; } 2>/dev/null; echo; \
	sim/latency_table.sh "$$out"; \
	if [ "$(WAVES)" = 1 ]; then echo "waves: $$out/waves_$(SIM)_free.vcd, $$out/waves_$(SIM)_stall.vcd"; fi

lint: gen
	@$(OUT_OF_SPEC); sim/lint.sh "$$out"

test: deps
	sim/test.sh

formal: deps $(GEN_DLL)
	formal/run.sh

vectors: $(GEN_DLL)
	@rc=0; for spec in $(EXAMPLES); do \
	  out=$$(dotnet $(GEN_DLL) gen "$$spec" --print-output) && name=$$(basename "$$out") && \
	  { dotnet $(GEN_DLL) gen "$$spec" && sim/golden.sh update "$$out" "golden-vectors/$$name"; } || rc=1; \
	done; exit $$rc

clean:
	rm -rf build

# Synthesis and place-and-route targets (sizing).
-include sim/synth.mk
