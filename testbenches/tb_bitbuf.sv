// tb_bitbuf: block testbench of a generated bit buffer (NAME_bitbuf; with TB_BITBUF_PIPELINED the
// pipelined lanes' buffer), for Verilator and Icarus alike. Vectors from gen (vectors/blocks/, generator/Vectors/BlockVectorWriter.cs): the
// stream words, a seeded series of consumes (need bits each) and, per consume, the cycle C# predicts
// under the decoder testbench's seeded input stalls and the bits it must find at the bottom of buf_o.
// Each cycle the bench consumes the next step's bits as soon as fill_o reaches them, as the decoder does.
// Also checked every cycle: the fill against C# (fill_o; pipelined: enough_o, word_left_o and
// over_word_o, its registered compares), and bits at and above the fill are 0. The pipelined buffer
// takes the step's bit count as a register (nb_q_i) and the next cycle's (nb_d_i), as stage X gives
// them; like the decoder in IDLE, the bench fires nothing in cycle 0. The circular buffer
// (TB_BITBUF_CIRCULAR) shows its store and read pointer: the bench reads the window rotated by rd_ptr_o,
// and checks rest_nonzero_o (an unread bit is 1) instead of zeros above the fill, whenever fill <= IW;
// it shows the store's next contents (buf_d_o), which the bench registers.
// Ends with "TB PASS" or "TB FAIL".
//   +vectors=DIR  +sim=NAME

`timescale 1ns / 1ps
`default_nettype none

module tb_bitbuf;
  `include "tb_bitbuf.vh"

  logic                    clk, rst_n;
  logic                    in_valid, in_ready, in_last;
  logic [TbInputWidth-1:0] in_data;
  logic [TbFillWidth-1:0]  consume, fill;
  logic [TbStoreWidth-1:0] buf_w;              // the store (the shifting buffers: the window itself)
  logic [TbBufWidth-1:0]   window;             // stream bits from the first unread one
  logic                    last_seen, tag_error;
  logic                    fire;                // this cycle's step takes its bits

`ifdef TB_BITBUF_PIPELINED
  logic [TbFillWidth-1:0]  nb_q, nb_d;
  logic                    enough, word_left, over_word;
`ifdef TB_BITBUF_CIRCULAR
  logic [TbPtrWidth-1:0]   rd_ptr;
  logic [TbStoreWidth-1:0] buf_next;
  always @(posedge clk) buf_w <= buf_next;
  logic                    rest_nonzero;
`endif

  `TB_BLOCK dut (
    .clk_i       (clk),
    .rst_ni      (rst_n),
    .in_valid_i  (in_valid),
    .in_ready_o  (in_ready),
    .in_data_i   (in_data),
    .in_last_i   (in_last),
    .halt_i      (1'b0),
    .fire_i      (fire),
    .nb_q_i      (nb_q),
    .nb_fired_i  (nb_d),       // the bench forms the next nb itself: the same value in both cases
    .nb_held_i   (nb_d),
    .clear_i     (1'b0),
`ifdef TB_BITBUF_CIRCULAR
    .buf_d_o     (buf_next),
`else
    .buf_o       (buf_w),
`endif
`ifdef TB_BITBUF_CIRCULAR
    .rd_ptr_o    (rd_ptr),
    .rest_nonzero_o (rest_nonzero),
`endif
    .enough_o    (enough),
    .word_left_o (word_left),
    .over_word_o (over_word),
    .last_seen_o (last_seen),
    .tag_error_o (tag_error)
  );
`else
  `TB_BLOCK dut (
    .clk_i       (clk),
    .rst_ni      (rst_n),
    .in_valid_i  (in_valid),
    .in_ready_o  (in_ready),
    .in_data_i   (in_data),
    .in_last_i   (in_last),
    .halt_i      (1'b0),
    .consume_i   (consume),
    .clear_i     (1'b0),
    .buf_o       (buf_w),
    .fill_o      (fill),
    .last_seen_o (last_seen),
    .tag_error_o (tag_error)
  );
`endif

  initial clk = 1'b0;
  always #5 clk = ~clk;

  logic [TbInputWidth-1:0] words  [0:TbWords-1];
  logic [15:0]             needs  [0:TbSteps-1];
  logic [TbBufWidth-1:0]   bits   [0:TbSteps-1];
  logic [31:0]             cycles [0:TbSteps-1];
  logic [15:0]             fills  [0:TbCycles-1];

  string       vectors_dir, sim_name;
  logic [31:0] lfsr;
  longint      cycle;
  int          word_idx, step;
  logic        held;
  logic [TbBufWidth-1:0] mask;

  function automatic logic [31:0] lfsr_next(input logic [31:0] s);
    return (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
  endfunction

  task automatic fail(input string msg);
    $display("TB FAIL [%s] tb_bitbuf: %s", sim_name, msg);
    $fatal(1, "tb_bitbuf: %s", msg);
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", vectors_dir)) vectors_dir = ".";
    if (!$value$plusargs("sim=%s", sim_name)) sim_name = "sim";
    $readmemh({vectors_dir, "/bitbuf_words.hex"}, words);
    $readmemh({vectors_dir, "/bitbuf_need.hex"}, needs);
    $readmemh({vectors_dir, "/bitbuf_bits.hex"}, bits);
    $readmemh({vectors_dir, "/bitbuf_cycle.hex"}, cycles);
    $readmemh({vectors_dir, "/bitbuf_fill.hex"}, fills);

    lfsr = 32'(TbSeed);
    word_idx = 0;
    step = 0;
    held = 1'b0;
    rst_n = 1'b0;
    in_valid = 1'b0;
    in_data = '0;
    in_last = 1'b0;
    consume = '0;
    fire = 1'b0;
`ifdef TB_BITBUF_PIPELINED
    nb_q = TbFillWidth'(needs[0]);
    nb_d = TbFillWidth'(needs[0]);
`endif
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    cycle = 0;
    forever begin
      in_valid = (word_idx < TbWords) && (held || ({24'b0, lfsr[7:0]} >= 32'(TbStall)));
      in_data  = in_valid ? words[word_idx] : '0;
      in_last  = in_valid && (word_idx == TbWords - 1);
`ifdef TB_BITBUF_PIPELINED
      // The fill is C#'s; the buffer shows it only through its registered compares.
      fill     = TbFillWidth'(fills[cycle < TbCycles ? cycle : TbCycles - 1]);
      fire     = (cycle > 0) && (step < TbSteps) && enough;
      nb_q     = step < TbSteps ? TbFillWidth'(needs[step]) : '0;
      nb_d     = (fire ? (step + 1 < TbSteps ? TbFillWidth'(needs[step + 1]) : '0) : nb_q);
      #1;
      if (cycle > 0 && step < TbSteps && enough != (nb_q <= fill))
        fail($sformatf("cycle %0d: enough_o %0d, but C# has fill %0d for a %0d-bit step", cycle, enough, fill, nb_q));
      if (word_left != (fill >= TbFillWidth'(TbInputWidth)) || over_word != (fill > TbFillWidth'(TbInputWidth)))
        fail($sformatf("cycle %0d: word_left_o %0d, over_word_o %0d, but C# has fill %0d", cycle, word_left, over_word, fill));
`else
      consume  = (step < TbSteps && TbFillWidth'(needs[step]) <= fill) ? TbFillWidth'(needs[step]) : '0;
      fire     = step < TbSteps && TbFillWidth'(needs[step]) <= fill;
      #1;
      if (cycle < TbCycles && fill != TbFillWidth'(fills[cycle]))
        fail($sformatf("cycle %0d: fill_o %0d, C# has %0d (word %0d accepted so far)", cycle, fill, fills[cycle], word_idx));
`endif
      if (tag_error) fail($sformatf("cycle %0d: tag_error_o, but word 0 is this model's tag", cycle));
`ifdef TB_BITBUF_CIRCULAR
      window = TbBufWidth'({buf_w, buf_w} >> rd_ptr);
      if (fill <= TbFillWidth'(TbInputWidth)
          && rest_nonzero != ((window & ~({TbBufWidth{1'b1}} << fill)) != '0))
        fail($sformatf("cycle %0d: rest_nonzero_o %0d, but the %0d unread bits are 0x%h", cycle, rest_nonzero, fill,
                       window & ~({TbBufWidth{1'b1}} << fill)));
`else
      window = buf_w;
      if (TbBufWidth'(buf_w >> fill) != '0) fail($sformatf("cycle %0d: bits at or above the fill (%0d) are not 0", cycle, fill));
`endif
      if (fire) begin
        mask = ~({TbBufWidth{1'b1}} << needs[step]);
        if (longint'(cycles[step]) != cycle)
          fail($sformatf("step %0d (%0d bits) fired in cycle %0d, C# predicts cycle %0d", step, needs[step], cycle, cycles[step]));
        if ((window & mask) != bits[step])
          fail($sformatf("step %0d: buf_o has 0x%h at the bottom of the window, expected 0x%h", step, window & mask, bits[step]));
        step++;
      end else if (step < TbSteps && longint'(cycles[step]) == cycle) begin
        fail($sformatf("step %0d: fill_o is %0d in cycle %0d, short of its %0d bits where C# has it fire", step, fill, cycle, needs[step]));
      end
      if (in_valid && in_ready) word_idx++;
      held = in_valid && !in_ready;
      if (step == TbSteps) begin
        $display("TB PASS [%s] tb_bitbuf: %0d consumes in %0d cycles, %0d words", sim_name, TbSteps, cycle + 1, word_idx);
        $finish;
      end
      if (cycle > longint'(cycles[TbSteps-1]) + 16) fail("ran past the last predicted step");
      lfsr = lfsr_next(lfsr);
      cycle++;
      @(negedge clk);
    end
  end
endmodule

`default_nettype wire
