// axis_checker: the AXI4-Stream handshake rules on one valid/ready stream, checked every cycle.
// Hand-written (not generated); one source for the testbench (Verilator, Icarus) and the formal
// harness (yosys read_verilog -formal).
//
// Rules (AMBA AXI4-Stream, section 2.2): once valid is high it stays high until the handshake
// (valid && ready); while valid is high and ready low, data and last do not change. A reset may drop
// valid: nothing is checked in a cycle with rst_ni low, nor across it.
//
// Simulation: a violation stops the run with $fatal, naming the stream, the rule and the time.
// Formal: Assume = 0 asserts the rules (the DUT drives the stream), Assume = 1 assumes them (the
// environment drives it: the proof then covers every legal sender).

`default_nettype none

module axis_checker #(
  parameter int    DataWidth = 8,
  parameter        Name      = "stream",
  parameter bit    Assume    = 1'b0
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  input  logic                 ready_i,
  input  logic [DataWidth-1:0] data_i,
  input  logic                 last_i
);

  // held_q: the previous cycle, out of reset, offered a transfer that was not taken.
  logic                 held_q;
  logic [DataWidth-1:0] data_q;
  logic                 last_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      held_q <= 1'b0;
    end else begin
      held_q <= valid_i && !ready_i;
    end
    data_q <= data_i;
    last_q <= last_i;
  end

  logic valid_kept, payload_kept;
  assign valid_kept   = !rst_ni || !held_q || valid_i;
  assign payload_kept = !rst_ni || !held_q || (data_i == data_q && last_i == last_q);

`ifdef FORMAL
  always_comb begin
    if (Assume) begin
      assume (valid_kept);
      assume (payload_kept);
    end else begin
      assert (valid_kept);
      assert (payload_kept);
    end
  end
`else
  always_ff @(posedge clk_i) begin
    if (!valid_kept) $fatal(1, "axis_checker[%s]: valid withdrawn before the handshake at %0t", Name, $time);
    if (!payload_kept)
      $fatal(1, "axis_checker[%s]: data or last changed while valid and not ready at %0t (data %h -> %h, last %b -> %b)",
             Name, $time, data_q, data_i, last_q, last_i);
  end
`endif

endmodule

`default_nettype wire
