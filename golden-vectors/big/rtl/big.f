big_bitbuf.sv
big_prefix_sum.sv
big_lane.sv
big_tables.sv
big_decoder.sv
