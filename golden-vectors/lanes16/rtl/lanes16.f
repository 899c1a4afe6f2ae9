lanes16_bitbuf.sv
lanes16_prefix_sum.sv
lanes16_lane.sv
lanes16_tables.sv
lanes16_decoder.sv
