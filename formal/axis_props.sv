// axis_props: formal properties of the AXI4-Stream wrapper NAME_axis (rtl-templates/axis.sv.sbn) on its
// AMBA ports (formal/prove.sh SPEC axis DEPTH; the module comes in as the define FORMAL_AXIS). Inputs
// free, reset in cycle 0 only, the s_axis stream obeying AXI4-Stream (assumed); asserted:
//   m_axis obeys AXI4-Stream: tvalid held until taken; tdata, tkeep, tuser, tlast stable meanwhile;
//   tkeep is a run of ones from byte 0, never empty on a beat, and every byte it drops is 0 in tdata;
//   a kept lane's weight is sign-extended to LaneBits (its bits above max_bits copy its sign bit).

`default_nettype none

module axis_props #(
  parameter int Lanes           = 1,
  parameter int InputWidth      = 8,
  parameter int MaxBits         = 2,
  parameter int LayerWidth      = 1,
  parameter bit PadLanesToBytes = 1'b0
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  s_axis_tvalid,
  input  logic [InputWidth-1:0] s_axis_tdata,
  input  logic                  s_axis_tlast,
  input  logic                  m_axis_tready
);

  localparam int LaneBits   = PadLanesToBytes ? (((MaxBits + 7) / 8) * 8) : MaxBits;
  localparam int TDataWidth = (((Lanes * LaneBits) + 7) / 8) * 8;
  localparam int KeepWidth  = TDataWidth / 8;

  logic                  s_axis_tready, m_axis_tvalid, m_axis_tlast, error, done;
  logic [TDataWidth-1:0] m_axis_tdata;
  logic [KeepWidth-1:0]  m_axis_tkeep;
  logic [LayerWidth-1:0] m_axis_tuser;

  `FORMAL_AXIS #(.PadLanesToBytes (PadLanesToBytes)) dut (
    .clk_i, .rst_ni, .s_axis_tvalid, .s_axis_tready, .s_axis_tdata, .s_axis_tlast,
    .m_axis_tvalid, .m_axis_tready, .m_axis_tdata, .m_axis_tkeep, .m_axis_tuser, .m_axis_tlast,
    .error_o (error), .done_o (done)
  );

  logic started_q = 1'b0;
  always_ff @(posedge clk_i) started_q <= 1'b1;
  always_comb assume (rst_ni == started_q);

  axis_checker #(.DataWidth (InputWidth), .Name ("s_axis"), .Assume (1'b1)) u_in (
    .clk_i, .rst_ni, .valid_i (s_axis_tvalid), .ready_i (s_axis_tready), .data_i (s_axis_tdata), .last_i (s_axis_tlast)
  );
  axis_checker #(.DataWidth (TDataWidth + KeepWidth + LayerWidth), .Name ("m_axis"), .Assume (1'b0)) u_out (
    .clk_i, .rst_ni, .valid_i (m_axis_tvalid), .ready_i (m_axis_tready),
    .data_i ({m_axis_tdata, m_axis_tkeep, m_axis_tuser}), .last_i (m_axis_tlast)
  );

  always_comb begin
    if (rst_ni && m_axis_tvalid) begin
      assert (m_axis_tkeep[0]);
      for (int b = 1; b < KeepWidth; b++) begin
        if (m_axis_tkeep[b]) assert (m_axis_tkeep[b-1]);
      end
      for (int b = 0; b < KeepWidth; b++) begin
        if (!m_axis_tkeep[b]) assert (m_axis_tdata[b*8 +: 8] == 8'h00);
      end
      for (int j = 0; j < Lanes; j++) begin
        for (int k = MaxBits; k < LaneBits; k++) begin
          assert (m_axis_tdata[j*LaneBits + k] == m_axis_tdata[j*LaneBits + MaxBits - 1]);
        end
      end
    end
  end

  logic unused;
  assign unused = ^{error, done};

endmodule

`default_nettype wire
