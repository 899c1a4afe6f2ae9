// mac_layer: the MAC example. A generated decoder feeds Lanes multiply-accumulate units computing one
// layer's matrix-vector product y = W x with int8 activations (examples/mac/README.md). Hand-written; it
// sits on the decoder's ports only. The decoder module comes in as the define MAC_DECODER (sim/mac.sh).
//
// W is Rows x Cols, row-major in decode order; Cols is a multiple of Lanes, so every beat holds Lanes
// weights of one row. Each handshake multiplies the beat's weights by x[col .. col+Lanes-1] and adds
// the sum to the row's accumulator; the row's last beat puts y[row] in the output register, so
// y_valid_o rises one cycle after that handshake. m_ready is tied high: the MACs take a beat every
// cycle, so the decoder (its input bus and lanes) alone sets the pace. The arithmetic is the C#
// reference's (generator/Mac/MacLayer.cs): signed weights times int8, summed in 32 bits.

`default_nettype none

`ifndef MAC_DECODER_PARAMS
  `define MAC_DECODER_PARAMS #(.MemFile (MemFile))
`endif

module mac_layer #(
  parameter int Lanes      = 8,
  parameter int MaxBits    = 4,
  parameter int InputWidth = 32,
  parameter int CountWidth = 4,
  parameter int LayerWidth = 1,
  parameter int Rows       = 128,
  parameter int Cols       = 128,
  parameter int RowWidth   = 8,
  parameter     ActFile    = "acts.hex",
  parameter     MemFile    = ""
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  s_valid_i,
  output logic                  s_ready_o,
  input  logic [InputWidth-1:0] s_data_i,
  input  logic                  s_last_i,
  output logic                  y_valid_o,
  output logic [RowWidth-1:0]   y_row_o,
  output logic signed [31:0]    y_o,
  output logic                  error_o,
  output logic                  done_o
);

  localparam int ColWidth = $clog2(Cols + 1);

  logic                     m_valid;
  logic [Lanes*MaxBits-1:0] m_data;
  logic [CountWidth-1:0]    m_count;
  logic [LayerWidth-1:0]    m_layer;
  logic                     m_last;

  `MAC_DECODER `MAC_DECODER_PARAMS u_decoder (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .s_valid_i (s_valid_i),
    .s_ready_o (s_ready_o),
    .s_data_i  (s_data_i),
    .s_last_i  (s_last_i),
    .m_valid_o (m_valid),
    .m_ready_i (1'b1),
    .m_data_o  (m_data),
    .m_count_o (m_count),
    .m_layer_o (m_layer),
    .m_last_o  (m_last),
    .error_o   (error_o),
    .done_o    (done_o)
  );

  // The activations: int8, one per column, loaded at start-up (a ROM here; an accelerator's buffer).
  logic [7:0] act [Cols];
  initial $readmemh(ActFile, act);

  logic [ColWidth-1:0] col_q, col_d;
  logic [RowWidth-1:0] row_q, row_d;
  logic signed [31:0]  acc_q, acc_d;
  logic                y_valid_q, y_valid_d;
  logic [RowWidth-1:0] y_row_q, y_row_d;
  logic signed [31:0]  y_q, y_d;
  logic signed [31:0]  dot;

  // Lanes products of a beat, summed (lanes at and above m_count_o are 0 from the decoder).
  always_comb begin
    dot = '0;
    for (int j = 0; j < Lanes; j++) begin
      dot = dot + 32'($signed(m_data[j*MaxBits +: MaxBits])) * 32'($signed(act[32'(col_q) + j]));
    end
  end

  always_comb begin
    col_d     = col_q;
    row_d     = row_q;
    acc_d     = acc_q;
    y_valid_d = 1'b0;
    y_row_d   = y_row_q;
    y_d       = y_q;
    if (m_valid) begin
      if (32'(col_q) + Lanes == Cols) begin
        y_valid_d = 1'b1;
        y_row_d   = row_q;
        y_d       = acc_q + dot;
        acc_d     = '0;
        col_d     = '0;
        row_d     = row_q + 1'b1;
      end else begin
        acc_d = acc_q + dot;
        col_d = col_q + ColWidth'(Lanes);
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      col_q     <= '0;
      row_q     <= '0;
      acc_q     <= '0;
      y_valid_q <= 1'b0;
      y_row_q   <= '0;
      y_q       <= '0;
    end else begin
      col_q     <= col_d;
      row_q     <= row_d;
      acc_q     <= acc_d;
      y_valid_q <= y_valid_d;
      y_row_q   <= y_row_d;
      y_q       <= y_d;
    end
  end

  assign y_valid_o = y_valid_q;
  assign y_row_o   = y_row_q;
  assign y_o       = y_q;

  // Unused here: one layer, and the row counter already says where the layer ends.
  logic unused;
  assign unused = ^{m_layer, m_last, m_count};

endmodule

`default_nettype wire
