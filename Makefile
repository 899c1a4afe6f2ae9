# DecoderHw: generate a tANS weight decoder from a YAML spec, simulate it, test everything.
#   make sim [SPEC=examples/decoder.yaml] [SIM=verilator|icarus] [WAVES=1]
#   make test      dotnet test + every example, random specs (new seeds each run: RANDOM_SEED=S replays) and
#                  the test-only mutants on both simulators; ends "N passed, N failed"
#   make vectors   regenerate golden-vectors/ from the examples
#   make lint      verilator -Wall and yosys on the RTL of SPEC
#   make deps      install missing tools (apt-get)
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := sim

SPEC  ?= examples/decoder.yaml
SIM   ?= verilator
WAVES ?= 0

NAME := $(shell sed -n 's/^name:[[:space:]]*\([A-Za-z0-9_]*\).*/\1/p' $(SPEC) 2>/dev/null | head -1)
OUT  := build/$(NAME)
# gen is run from its built dll (a `dotnet run` per spec would cost a build check each time).
GEN_DLL := generator/bin/Release/net10.0/decoderhw.dll
GEN_SRC := $(shell find generator -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/obj/*' -not -path '*/bin/*')
EXAMPLES := $(wildcard examples/*.yaml)

.PHONY: deps gen sim lint test vectors clean

deps:
	@sim/deps.sh

$(GEN_DLL): $(GEN_SRC)
	dotnet build generator -c Release --nologo -v q
	@touch $@

gen: $(GEN_DLL)
	@test -n "$(NAME)" || { echo "no 'name:' in $(SPEC)"; exit 2; }
	dotnet $(GEN_DLL) gen $(SPEC) -o $(OUT)

sim: deps gen
	sim/build.sh $(SIM) $(OUT) $(WAVES)
	WAVES=$(WAVES) sim/run.sh $(SIM) $(OUT) free | grep '^TB'
	WAVES=$(WAVES) sim/run.sh $(SIM) $(OUT) stall | grep '^TB'
	@echo
	@sim/latency_table.sh $(OUT)
	@if [ "$(WAVES)" = 1 ]; then echo "waves: $(OUT)/waves_$(SIM)_free.vcd, $(OUT)/waves_$(SIM)_stall.vcd"; fi

lint: gen
	sim/lint.sh $(OUT)

test: deps
	sim/test.sh

vectors: $(GEN_DLL)
	@rc=0; for spec in $(EXAMPLES); do \
	  name=$$(sed -n 's/^name:[[:space:]]*\([A-Za-z0-9_]*\).*/\1/p' $$spec | head -1); \
	  { dotnet $(GEN_DLL) gen $$spec -o build/$$name && sim/golden.sh update build/$$name golden-vectors/$$name; } || rc=1; \
	done; exit $$rc

clean:
	rm -rf build

# Synthesis and place-and-route targets (sizing).
-include sim/synth.mk
