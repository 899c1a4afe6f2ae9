// tb_mutant: test-only broken decoders for sim/mutants.sh, made on the port boundary.
//
// Sits between the DUT's ports and tb_decoder (built with TB_MUTANT) and changes what the bench sees
// as +mutant=NAME says, so each mutation is a decoder the testbench must reject on both simulators.
// It touches only the top's ports (the names tb_decoder connects), never the generated top's
// insides, so it keeps working however the RTL templates are composed.
//   none             pass-through (the shim itself must not break a good run)
//   beat_after_done  one more output beat (m_valid_o high) in the cycle after done_o
//   ready_late       word Words/2 is taken one cycle late: s_ready_o (and the DUT's s_valid_i) are
//                    held low in the first cycle the DUT would take it
//   valid_drop       m_valid_o drops in the second cycle of a wait for m_ready (the DUT keeps its
//                    beat: only the bench's view breaks the valid/ready rule)
//   x_layer          m_layer_o is X while the first beat is offered (Verilator, 2-state and built
//                    with --x-assign 1, reads it as all ones: layer 0's first beat then has a wrong layer)

`default_nettype none

module tb_mutant #(
  parameter int InputWidth = 32,
  parameter int DataWidth  = 4,
  parameter int CountWidth = 1,
  parameter int LayerWidth = 1,
  parameter int Words      = 2
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // the testbench's side
  input  logic                  s_valid_i,
  output logic                  s_ready_o,
  input  logic [InputWidth-1:0] s_data_i,
  input  logic                  s_last_i,
  output logic                  m_valid_o,
  input  logic                  m_ready_i,
  output logic [DataWidth-1:0]  m_data_o,
  output logic [CountWidth-1:0] m_count_o,
  output logic [LayerWidth-1:0] m_layer_o,
  output logic                  m_last_o,
  output logic                  error_o,
  output logic                  done_o,
  // the DUT's side
  output logic                  dut_s_valid_o,
  input  logic                  dut_s_ready_i,
  output logic [InputWidth-1:0] dut_s_data_o,
  output logic                  dut_s_last_o,
  input  logic                  dut_m_valid_i,
  output logic                  dut_m_ready_o,
  input  logic [DataWidth-1:0]  dut_m_data_i,
  input  logic [CountWidth-1:0] dut_m_count_i,
  input  logic [LayerWidth-1:0] dut_m_layer_i,
  input  logic                  dut_m_last_i,
  input  logic                  dut_error_i,
  input  logic                  dut_done_i
);

  localparam int LateWord = Words / 2;

  string mutant;
  logic  beat_after_done, ready_late, valid_drop, x_layer;
  initial begin
    if (!$value$plusargs("mutant=%s", mutant)) mutant = "none";
    beat_after_done = (mutant == "beat_after_done");
    ready_late      = (mutant == "ready_late");
    valid_drop      = (mutant == "valid_drop");
    x_layer         = (mutant == "x_layer");
    if (!(beat_after_done || ready_late || valid_drop || x_layer || mutant == "none")) begin
      $display("TB FAIL [mutant]: unknown +mutant=%s", mutant);
      $fatal(1, "tb_mutant: unknown +mutant=%s", mutant);
    end
    $display("TB mutant: %s", mutant);
  end

  // Port-level state: words taken, whether the late word was held back, a wait for m_ready, beats taken.
  int   words_q;
  logic late_done_q, done_q, waited_q, beat_seen_q;
  logic hold_word;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      words_q     <= 0;
      late_done_q <= 1'b0;
      done_q      <= 1'b0;
      waited_q    <= 1'b0;
      beat_seen_q <= 1'b0;
    end else begin
      if (dut_s_valid_o && dut_s_ready_i) words_q <= words_q + 1;
      if (hold_word && s_valid_i && dut_s_ready_i) late_done_q <= 1'b1;
      done_q      <= dut_done_i;
      waited_q    <= dut_m_valid_i && !m_ready_i;
      if (dut_m_valid_i && m_ready_i) beat_seen_q <= 1'b1;
    end
  end

  always_comb begin
    hold_word     = ready_late && words_q == LateWord && !late_done_q;
    dut_s_valid_o = s_valid_i && !hold_word;
    dut_s_data_o  = s_data_i;
    dut_s_last_o  = s_last_i;
    s_ready_o     = dut_s_ready_i && !hold_word;
    dut_m_ready_o = m_ready_i;
    m_valid_o     = dut_m_valid_i;
    if (beat_after_done && done_q) m_valid_o = 1'b1;
    if (valid_drop && waited_q && dut_m_valid_i && !m_ready_i) m_valid_o = 1'b0;
    m_data_o      = dut_m_data_i;
    m_count_o     = dut_m_count_i;
    m_layer_o     = (x_layer && dut_m_valid_i && !beat_seen_q) ? 'x : dut_m_layer_i;
    m_last_o      = dut_m_last_i;
    error_o       = dut_error_i;
    done_o        = dut_done_i;
  end

endmodule

`default_nettype wire
