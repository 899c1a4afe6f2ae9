// decoder_props: the formal property harness of a generated NAME_decoder (make formal, formal/prove.sh).
// Hand-written; it binds to the decoder's ports only, so it holds for every variant (ROM or RAM
// tables, tANS, Huffman or raw, any lane count). The decoder's module name comes in as the define
// FORMAL_DUT, its port widths as parameters (formal/prove.sh sets both from the gen output).
//
// Every input is free in every cycle (yosys-smtbmc), except: rst_ni is low in cycle 0 and high after,
// and the input stream obeys AXI4-Stream (assumed with axis_checker). Proven, at every step up to the
// depth:
//   stream      the output stream obeys AXI4-Stream (valid held until taken; data, count, layer and last
//               stable while stalled), asserted with the same axis_checker the testbench uses;
//   lanes       a beat carries 1..Lanes weights, and the lanes at and above m_count_o are 0;
//   sticky      error_o never falls;
//   no_weight   once error_o is high, m_valid_o never rises: no weight is decoded after an error (a
//               beat decoded before it, already in the output register, may still drain);
//   live        (Live = 1) with the input always valid and the output always ready, the decoder never
//               spends StallBound cycles in a row without taking a word, giving a beat, raising error_o
//               or done_o, whatever the words say: a lying header cannot make it wait forever.

`default_nettype none

module decoder_props #(
  parameter int Lanes      = 1,
  parameter int InputWidth = 8,
  parameter int MaxBits    = 2,
  parameter int CountWidth = 1,
  parameter int LayerWidth = 1,
  parameter bit Live       = 1'b0,
  parameter int StallBound = 16
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  s_valid_i,
  input  logic [InputWidth-1:0] s_data_i,
  input  logic                  s_last_i,
  input  logic                  m_ready_i
);

  localparam int DataWidth = Lanes * MaxBits;

  logic                  s_ready;
  logic                  m_valid;
  logic [DataWidth-1:0]  m_data;
  logic [CountWidth-1:0] m_count;
  logic [LayerWidth-1:0] m_layer;
  logic                  m_last;
  logic                  error;
  logic                  done;

  `FORMAL_DUT dut (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .s_valid_i (s_valid_i),
    .s_ready_o (s_ready),
    .s_data_i  (s_data_i),
    .s_last_i  (s_last_i),
    .m_valid_o (m_valid),
    .m_ready_i (m_ready_i),
    .m_data_o  (m_data),
    .m_count_o (m_count),
    .m_layer_o (m_layer),
    .m_last_o  (m_last),
    .error_o   (error),
    .done_o    (done)
  );

  // Reset in cycle 0 only.
  logic started_q = 1'b0;
  always_ff @(posedge clk_i) started_q <= 1'b1;
  always_comb assume (rst_ni == started_q);

  axis_checker #(.DataWidth (InputWidth), .Name ("s_axis"), .Assume (1'b1)) u_in (
    .clk_i, .rst_ni, .valid_i (s_valid_i), .ready_i (s_ready), .data_i (s_data_i), .last_i (s_last_i)
  );
  axis_checker #(.DataWidth (DataWidth + CountWidth + LayerWidth), .Name ("m_axis"), .Assume (1'b0)) u_out (
    .clk_i, .rst_ni, .valid_i (m_valid), .ready_i (m_ready_i), .data_i ({m_data, m_count, m_layer}), .last_i (m_last)
  );

  // lanes: 1..Lanes weights a beat, the unused lanes zero.
  always_comb begin
    if (rst_ni && m_valid) begin
      assert (m_count >= CountWidth'(1) && 32'(m_count) <= Lanes);
      for (int j = 0; j < Lanes; j++) begin
        if (j >= 32'(m_count)) assert (m_data[j*MaxBits +: MaxBits] == '0);
      end
    end
  end

  // sticky and no_weight.
  logic error_q = 1'b0;
  logic m_valid_q = 1'b0;
  always_ff @(posedge clk_i) begin
    error_q   <= rst_ni && error;
    m_valid_q <= rst_ni && m_valid && !m_ready_i;
  end
  always_comb begin
    if (rst_ni && started_q) begin
      if (error_q) assert (error);
      if (error_q && m_valid) assert (m_valid_q);
    end
  end

  // live: under an always-valid sender and an always-ready receiver.
  logic [7:0] stall_q = '0;
  logic       progress;
  assign progress = (s_valid_i && s_ready) || (m_valid && m_ready_i) || error || done;
  always_ff @(posedge clk_i) begin
    if (!rst_ni || progress) stall_q <= '0;
    else if (stall_q != 8'hff) stall_q <= stall_q + 8'd1;
  end
  always_comb begin
    if (Live && rst_ni) begin
      assume (s_valid_i);
      assume (m_ready_i);
      assert (32'(stall_q) < StallBound);
    end
  end

endmodule

`default_nettype wire
