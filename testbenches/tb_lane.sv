// tb_lane: block testbench of a generated tANS lane (NAME_lane, the widest instance), for Verilator and
// Icarus alike. Vectors from gen (vectors/blocks/, generator/Vectors/BlockVectorWriter.cs): per cycle an
// entry (nbBits, baseline) of the model's own decode tables, an offset and a seeded window; the lane loads
// when the decoder testbench's seeded LFSR lets it (as a stalled beat does not fire), and C# gives the
// state it must then hold: baseline | the nbBits window bits at offset, or its old state.
//   +vectors=DIR  +sim=NAME

`timescale 1ns / 1ps
`default_nettype none

module tb_lane;
  `include "tb_lane.vh"

  logic                     clk, rst_n, load;
  logic [TbNbWidth-1:0]     nb;
  logic [TbStateWidth-1:0]  baseline, state_d, state_q;
  logic [TbFillWidth-1:0]   offset;
  logic [TbWindowWidth-1:0] window;

  `TB_BLOCK #(
    .WindowWidth (TbWindowWidth)
  ) dut (
    .clk_i      (clk),
    .rst_ni     (rst_n),
    .load_i     (load),
    .nb_i       (nb),
    .baseline_i (baseline),
    .offset_i   (offset),
    .window_i   (window),
    .state_d_o  (state_d),
    .state_q_o  (state_q)
  );

  initial clk = 1'b0;
  always #5 clk = ~clk;

  logic [39:0]              ctrl    [0:TbSteps-1];   // {nbBits[8], baseline[16], offset[16]}
  logic [TbWindowWidth-1:0] windows [0:TbSteps-1];
  logic [15:0]              states  [0:TbSteps-1];

  string       vectors_dir, sim_name;
  logic [31:0] lfsr;
  int          step, loads;

  function automatic logic [31:0] lfsr_next(input logic [31:0] s);
    return (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
  endfunction

  task automatic fail(input string msg);
    $display("TB FAIL [%s] tb_lane: %s", sim_name, msg);
    $fatal(1, "tb_lane: %s", msg);
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", vectors_dir)) vectors_dir = ".";
    if (!$value$plusargs("sim=%s", sim_name)) sim_name = "sim";
    $readmemh({vectors_dir, "/lane_ctrl.hex"}, ctrl);
    $readmemh({vectors_dir, "/lane_window.hex"}, windows);
    $readmemh({vectors_dir, "/lane_state.hex"}, states);

    lfsr = 32'(TbSeed);
    loads = 0;
    rst_n = 1'b0;
    load = 1'b0;
    nb = '0;
    baseline = '0;
    offset = '0;
    window = '0;
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    for (step = 0; step < TbSteps; step++) begin
      load     = ({24'b0, lfsr[7:0]} >= 32'(TbStall));
      nb       = TbNbWidth'(ctrl[step][39:32]);
      baseline = TbStateWidth'(ctrl[step][31:16]);
      offset   = TbFillWidth'(ctrl[step][15:0]);
      window   = windows[step];
      #1;
      if (state_d != TbStateWidth'(states[step]))
        fail($sformatf("cycle %0d (load %0d, nb %0d, baseline 0x%h, offset %0d): state_d_o 0x%h, expected 0x%h",
                       step, load, nb, baseline, offset, state_d, states[step]));
      if (load) loads++;
      @(negedge clk);
      if (state_q != TbStateWidth'(states[step])) fail($sformatf("cycle %0d: state_q_o 0x%h, expected 0x%h", step, state_q, states[step]));
      lfsr = lfsr_next(lfsr);
    end
    $display("TB PASS [%s] tb_lane: %0d cycles, %0d loads", sim_name, TbSteps, loads);
    $finish;
  end
endmodule

`default_nettype wire
