wide_bitbuf.sv
wide_prefix_sum.sv
wide_lane.sv
wide_tables.sv
wide_decoder.sv
