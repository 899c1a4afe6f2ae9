// tb_mac: self-checking testbench of the MAC example (examples/mac/mac_layer.sv), one source for
// Icarus and Verilator (sim/mac.sh). Feeds the compressed stream with no stalls, checks every y[row]
// against the C# reference (mac/y.hex from `decoderhw mac`), in row order, and that the last y comes in
// the cycle the cycle model predicts (mac_params.vh: MacLastYCycle). Prints
//   TB MAC PASS rows=R cycles=C   or   TB MAC FAIL ... and stops.
// Cycle t is the clock period that the t-th rising edge after reset ends (as tb_decoder.sv).

`timescale 1ns / 1ps
`default_nettype none

module tb_mac;

  `include "tb_params.vh"
  `include "mac_params.vh"

  logic clk, rst_n, s_valid, s_ready, s_last, y_valid, error, done;
  logic [TbInputWidth-1:0] s_data;
  logic [MacRowWidth-1:0] y_row;
  logic signed [31:0] y;

  mac_layer #(
    .Lanes (TbLanes), .MaxBits (TbMaxBits), .InputWidth (TbInputWidth), .CountWidth (TbCountWidth),
    .LayerWidth (TbLayerWidth), .Rows (MacRows), .Cols (MacCols), .RowWidth (MacRowWidth),
    .ActFile (`MAC_ACT_FILE), .MemFile (`MAC_ROM_FILE)
  ) dut (
    .clk_i (clk), .rst_ni (rst_n), .s_valid_i (s_valid), .s_ready_o (s_ready), .s_data_i (s_data),
    .s_last_i (s_last), .y_valid_o (y_valid), .y_row_o (y_row), .y_o (y), .error_o (error), .done_o (done)
  );

  axis_checker #(.DataWidth (TbInputWidth), .Name ("s_axis")) u_check_in (
    .clk_i (clk), .rst_ni (rst_n), .valid_i (s_valid), .ready_i (s_ready), .data_i (s_data), .last_i (s_last)
  );

  logic [TbInputWidth-1:0] stream [TbWords];
  logic [31:0] expected [MacRows];
  initial clk = 1'b0;
  always #5 clk = ~clk;

  int cycle, word, rows, last_y;

  initial begin
    $readmemh(`MAC_STREAM_FILE, stream);
    $readmemh(`MAC_Y_FILE, expected);
    rst_n = 1'b0; s_valid = 1'b0; s_data = '0; s_last = 1'b0;
    word = 0; rows = 0; last_y = -1;
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    cycle = 0;
    forever begin
      s_valid = word < TbWords;
      s_data  = s_valid ? stream[word] : '0;
      s_last  = s_valid && word == TbWords - 1;
      #1;
      if (s_valid && s_ready) word++;
      if (error) begin
        $display("TB MAC FAIL error_o in cycle %0d", cycle);
        $fatal(1, "tb_mac: error_o");
      end
      if (y_valid) begin
        if (32'(y_row) != rows) begin
          $display("TB MAC FAIL row %0d came out as row %0d in cycle %0d", rows, y_row, cycle);
          $fatal(1, "tb_mac: row order");
        end
        if (y !== $signed(expected[rows])) begin
          $display("TB MAC FAIL y[%0d] = %0d, C# reference %0d (cycle %0d)", rows, y, $signed(expected[rows]), cycle);
          $fatal(1, "tb_mac: mismatch");
        end
        rows++;
        last_y = cycle;
        if (rows == MacRows) begin
          if (last_y != MacLastYCycle) begin
            $display("TB MAC FAIL last y in cycle %0d, cycle model %0d", last_y, MacLastYCycle);
            $fatal(1, "tb_mac: cycle");
          end
          $display("TB MAC PASS rows=%0d cycles=%0d (last y in cycle %0d, as the cycle model)", rows, last_y + 1, last_y);
          $finish;
        end
      end
      if (cycle > 4 * MacLastYCycle + 100) begin
        $display("TB MAC FAIL timeout after %0d cycles with %0d of %0d rows", cycle, rows, MacRows);
        $fatal(1, "tb_mac: timeout");
      end
      @(negedge clk);
      cycle++;
    end
  end

endmodule

`default_nettype wire
