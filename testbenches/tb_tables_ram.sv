// tb_tables_ram: block testbench of the loaded tANS tables (NAME_tables of a tables: ram decoder: the table
// builder and the lanes' table RAMs), for Verilator and Icarus alike. Vectors from gen (vectors/blocks/,
// generator/Vectors/BlockVectorWriter.cs): every layer's table_log, bits and normalized counts, and the
// decode table C# built for it. The bench runs the header loader's steps (start; per symbol a count and
// one spread per slot; build, then its 2^tl + 1 busy cycles) with the decoder testbench's seeded LFSR
// stalls between steps, then reads every state through every lane's read port.
//   +vectors=DIR  +sim=NAME

`timescale 1ns / 1ps
`default_nettype none

module tb_tables_ram;
  `include "tb_tables_ram.vh"

  logic                           clk, rst_n;
  logic [TbNbWidth-1:0]           table_log;
  logic [3:0]                     bits;
  logic                           start, count, spread, build;
  logic [TbSymbolWidth-1:0]       count_sym;
  logic [TbNextWidth-1:0]         count_value;
  logic [TbLanes*TbStateWidth-1:0] state_d;
  logic [TbLanes*TbEntryWidth-1:0] entry;

  `TB_BLOCK dut (
    .clk_i         (clk),
    .rst_ni        (rst_n),
    .table_log_i   (table_log),
    .bits_i        (bits),
    .start_i       (start),
    .count_i       (count),
    .count_sym_i   (count_sym),
    .count_value_i (count_value),
    .spread_i      (spread),
    .build_i       (build),
    .state_d_i     (state_d),
    .entry_o       (entry)
  );

  initial clk = 1'b0;
  always #5 clk = ~clk;

  logic [31:0]             layers  [0:TbLayers-1];    // {table_log[8], bits[8], symbols[16]}
  logic [15:0]             counts  [0:TbCounts-1];
  logic [TbEntryWidth-1:0] entries [0:TbEntries-1];

  string       vectors_dir, sim_name;
  logic [31:0] lfsr;
  int          count_idx, entry_idx, stalls;

  function automatic logic [31:0] lfsr_next(input logic [31:0] s);
    return (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
  endfunction

  task automatic fail(input string msg);
    $display("TB FAIL [%s] tb_tables_ram: %s", sim_name, msg);
    $fatal(1, "tb_tables_ram: %s", msg);
  endtask

  // One cycle: apply the step's inputs, clock, clear the strobes, advance the LFSR.
  task automatic tick();
    @(negedge clk);
    start = 1'b0;
    count = 1'b0;
    spread = 1'b0;
    build = 1'b0;
    lfsr = lfsr_next(lfsr);
  endtask

  // Idle cycles while the LFSR says stall: a load step waits for its bits.
  task automatic stall();
    while ({24'b0, lfsr[7:0]} < 32'(TbStall)) begin
      stalls++;
      tick();
    end
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", vectors_dir)) vectors_dir = ".";
    if (!$value$plusargs("sim=%s", sim_name)) sim_name = "sim";
    $readmemh({vectors_dir, "/tables_layers.hex"}, layers);
    $readmemh({vectors_dir, "/tables_counts.hex"}, counts);
    $readmemh({vectors_dir, "/tables_entries.hex"}, entries);

    lfsr = 32'(TbSeed);
    stalls = 0;
    rst_n = 1'b0;
    {start, count, spread, build} = '0;
    table_log = '0;
    bits = 4'd2;
    count_sym = '0;
    count_value = '0;
    state_d = '0;
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    count_idx = 0;
    entry_idx = 0;
    for (int k = 0; k < TbLayers; k++) begin
      table_log = TbNbWidth'(layers[k][31:24]);
      bits = layers[k][19:16];
      stall();
      start = 1'b1;
      tick();
      for (int s = 0; s < int'(layers[k][15:0]); s++) begin
        stall();
        count = 1'b1;
        count_sym = TbSymbolWidth'(s);
        count_value = TbNextWidth'(counts[count_idx]);
        tick();
        for (int slot = 0; slot < int'(counts[count_idx]); slot++) begin
          spread = 1'b1;
          tick();
        end
        count_idx++;
      end
      stall();
      build = 1'b1;
      tick();
      repeat ((1 << table_log) + 1) tick();
      // The loader's done ends LOAD; INIT and at least one DECODE beat pass before the next header.
      repeat (2) tick();
      // Read back: the RAMs are read with the next state; entry_o holds table[state] a cycle later.
      for (int u = 0; u <= (1 << table_log); u++) begin
        if (u > 0) begin
          for (int j = 0; j < TbLanes; j++) begin
            if (entry[j*TbEntryWidth +: TbEntryWidth] != entries[entry_idx])
              fail($sformatf("layer %0d (table_log %0d), lane %0d, state %0d: entry 0x%h, expected 0x%h",
                             k, table_log, j, u - 1, entry[j*TbEntryWidth +: TbEntryWidth], entries[entry_idx]));
          end
          entry_idx++;
        end
        for (int j = 0; j < TbLanes; j++) state_d[j*TbStateWidth +: TbStateWidth] = TbStateWidth'(u);
        tick();
      end
    end
    if (entry_idx != TbEntries) fail($sformatf("checked %0d entries of %0d", entry_idx, TbEntries));
    $display("TB PASS [%s] tb_tables_ram: %0d layers, %0d table entries on %0d lanes, %0d stall cycles", sim_name,
             TbLayers, TbEntries, TbLanes, stalls);
    $finish;
  end
endmodule

`default_nettype wire
