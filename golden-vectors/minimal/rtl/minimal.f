minimal_tag_check.sv
minimal_bitbuf.sv
minimal_prefix_sum.sv
minimal_lane.sv
minimal_tables.sv
minimal_decoder.sv
