decoder_bitbuf.sv
decoder_prefix_sum.sv
decoder_lane.sv
decoder_tables.sv
decoder_decoder.sv
