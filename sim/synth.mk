# Sizing targets: area with Yosys, Fmax with nextpnr-ice40, and the design-space sweep.
# Included by the top Makefile (`-include sim/synth.mk`); works standalone too:
#   make -f sim/synth.mk synth SPEC=examples/minimal.yaml
#
#   make synth [SPEC=...]                    gen + yosys (generic, iCE40) + nextpnr; numbers in
#                                            build/NAME/report.json and report.md, logs in build/NAME/logs/
#   make sweep [SPEC=...] [LANES=1,2,4,8] [TABLE_LOG=8..12] [INPUT_WIDTH=32,64] [JOBS=2]
#                                            build/sweep/NAME/{sweep.csv,plots/*.png}, resumable
#   make sizing-plots                        the committed plots: sweep of the main example -> docs/img/
#
# Tools: yosys, nextpnr-ice40 (apt: yosys nextpnr-ice40 fpga-icestorm).

SPEC ?= examples/decoder.yaml
# Release build: the sweep spends its time in the tools, but gen of large specs is faster.
SYNTH_DECODERHW ?= dotnet run --project generator -c Release --
LANES ?= 1,2,4,8
TABLE_LOG ?= 8..12
INPUT_WIDTH ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: synth sweep sizing-plots

synth:
	$(SYNTH_DECODERHW) size $(SPEC)

sweep:
	$(SYNTH_DECODERHW) sweep $(SPEC) --lanes $(LANES) --table-log $(TABLE_LOG) $(if $(INPUT_WIDTH),--input-width $(INPUT_WIDTH)) --jobs $(JOBS)

sizing-plots:
	$(SYNTH_DECODERHW) sweep examples/decoder.yaml --lanes 1,2,4,8 --table-log 8..12 --jobs $(JOBS)
	mkdir -p docs/img
	for f in build/sweep/decoder/plots/*.png; do cp "$$f" "docs/img/sizing_decoder_$$(basename "$$f")"; done
