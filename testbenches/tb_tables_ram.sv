// tb_tables_ram: block testbench of the loaded tANS tables (NAME_tables of a tables: ram decoder: the table
// builder and the lanes' table RAMs in 1, 2 or 3 banks), for Verilator and Icarus alike. Vectors from gen
// (vectors/blocks/, generator/Vectors/BlockVectorWriter.cs): every layer's table_log, bits, normalized
// counts and builder cycles (RamHeader.BuildCycles), and the decode table C# built for it. The bench runs
// the header loader's steps (a count per symbol, the last one with build_i) with the decoder testbench's
// seeded LFSR stalls between them, each only while the builder is idle.
// Two banks (ram_banks: 2, the default): layer k builds into bank k mod 2; busy_o must stay high exactly
// the builder cycles C# predicts. While layer k builds, layer k-1's table is read back from the other bank
// through every lane's read port (ready_o high), so a write into the bank the lanes read fails here;
// ready_o must be low for the bank being built. The last layer is read after its build.
// One bank (TB_TABLES_ONE_BANK, ram_banks: 1): busy_o high exactly the predicted cycles and ready_o its
// inverse; layer k is read back after its build, before layer k+1's counts.
// Three banks (TB_TABLES_THREE_BANKS, ram_banks: 3; no busy_o): layer k builds into bank k mod 3, and
// ready_o of that bank must be low exactly the predicted cycles after build_i (the builder is idle, so the
// build starts at once); layer k-1 is read back after layer k's build, so a write into another bank fails.
//   +vectors=DIR  +sim=NAME

`timescale 1ns / 1ps
`default_nettype none

module tb_tables_ram;
  `include "tb_tables_ram.vh"

  logic                           clk, rst_n;
  logic [TbNbWidth-1:0]           table_log;
  logic [3:0]                     bits;
  logic                           count, build, ready;
`ifdef TB_TABLES_THREE_BANKS
  logic [1:0]                     build_bank, read_bank;
  logic                           restart;
`elsif TB_TABLES_ONE_BANK
  logic                           busy;
`else
  logic                           build_bank, busy, read_bank;
`endif
  logic [TbSymbolWidth-1:0]       count_sym;
  logic [TbNextWidth-1:0]         count_value;
  logic [TbLanes*TbStateWidth-1:0] state_d;
  logic [TbLanes*TbEntryWidth-1:0] entry;

  `TB_BLOCK dut (
    .clk_i         (clk),
    .rst_ni        (rst_n),
    .table_log_i   (table_log),
    .bits_i        (bits),
    .count_i       (count),
    .count_sym_i   (count_sym),
    .count_value_i (count_value),
    .build_i       (build),
`ifdef TB_TABLES_THREE_BANKS
    .build_bank_i  (build_bank),
    .restart_i     (restart),
    .read_bank_i   (read_bank),
`elsif TB_TABLES_ONE_BANK
    .busy_o        (busy),
`else
    .build_bank_i  (build_bank),
    .busy_o        (busy),
    .read_bank_i   (read_bank),
`endif
    .ready_o       (ready),
    .state_d_i     (state_d),
    .entry_o       (entry)
  );

  initial clk = 1'b0;
  always #5 clk = ~clk;

  logic [63:0]             layers  [0:TbLayers-1];    // {build cycles[32], table_log[8], bits[8], symbols[16]}
  logic [15:0]             counts  [0:TbCounts-1];
  logic [TbEntryWidth-1:0] entries [0:TbEntries-1];

  string       vectors_dir, sim_name;
  logic [31:0] lfsr;
  int          count_idx, entry_idx, stalls, busy_cycles, read_u, read_size, bank;
  logic        reading;

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
    count = 1'b0;
    build = 1'b0;
    lfsr = lfsr_next(lfsr);
  endtask

  // One cycle of reading back table (read_bank): check the entry of the state set a cycle ago, set the next.
  task automatic read_step(input int k);
    if (read_u > 0) begin
      for (int j = 0; j < TbLanes; j++) begin
        if (entry[j*TbEntryWidth +: TbEntryWidth] != entries[entry_idx])
          fail($sformatf("layer %0d (bank %0d), lane %0d, state %0d: entry 0x%h, expected 0x%h",
                         k, bank, j, read_u - 1, entry[j*TbEntryWidth +: TbEntryWidth], entries[entry_idx]));
      end
      entry_idx++;
    end
    if (read_u == read_size) begin
      reading = 1'b0;
    end else begin
      for (int j = 0; j < TbLanes; j++) state_d[j*TbStateWidth +: TbStateWidth] = TbStateWidth'(read_u);
      read_u++;
    end
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
`ifdef TB_TABLES_THREE_BANKS
    {count, build, build_bank, read_bank, restart} = '0;
`elsif TB_TABLES_ONE_BANK
    {count, build} = '0;
`else
    {count, build, build_bank, read_bank} = '0;
`endif
    bank = 0;
    table_log = '0;
    bits = 4'd2;
    count_sym = '0;
    count_value = '0;
    state_d = '0;
    reading = 1'b0;
    read_size = 0;
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    count_idx = 0;
    entry_idx = 0;
`ifdef TB_TABLES_THREE_BANKS
    restart = 1'b1;                             // a stream starts: the builder's queue at bank 0
    tick();
    restart = 1'b0;
`endif
`ifdef TB_TABLES_ONE_BANK
  `define TB_TABLES_BUILD_THEN_READ
`elsif TB_TABLES_THREE_BANKS
  `define TB_TABLES_BUILD_THEN_READ
`endif
`ifdef TB_TABLES_BUILD_THEN_READ
    // One or three banks: each build on its own (the builder idle at build_i), then a table read back:
    // one bank, the layer just built; three banks, the layer before it (in another bank).
    for (int k = 0; k <= TbLayers; k++) begin
      if (k < TbLayers) begin
`ifdef TB_TABLES_ONE_BANK
        if (busy) fail($sformatf("layer %0d: busy_o before its counts", k));
`endif
        table_log = TbNbWidth'(layers[k][31:24]);
        bits = layers[k][19:16];
        for (int s = 0; s < int'(layers[k][15:0]); s++) begin
          stall();
          count = 1'b1;
          count_sym = TbSymbolWidth'(s);
          count_value = TbNextWidth'(counts[count_idx++]);
`ifdef TB_TABLES_THREE_BANKS
          build_bank = 2'(k % 3);               // the header's counts buffer and table bank
`endif
          if (s == int'(layers[k][15:0]) - 1) build = 1'b1;
          tick();
        end
`ifdef TB_TABLES_THREE_BANKS
        read_bank = 2'(k % 3);                  // ready_o of the bank being built
        #1;
`endif
        busy_cycles = 0;
`ifdef TB_TABLES_ONE_BANK
        while (busy) begin
          busy_cycles++;
          if (ready) fail($sformatf("layer %0d: ready_o high while the one bank builds", k));
          if (busy_cycles > int'(layers[k][63:32])) fail($sformatf("layer %0d: busy_o past the %0d cycles C# predicts", k, layers[k][63:32]));
          tick();
        end
        if (!ready) fail($sformatf("layer %0d: ready_o low with the builder idle", k));
`else
        while (!ready) begin
          busy_cycles++;
          if (busy_cycles > int'(layers[k][63:32])) fail($sformatf("layer %0d: bank %0d not ready after the %0d cycles C# predicts", k, k % 3, layers[k][63:32]));
          tick();
        end
`endif
        if (busy_cycles != int'(layers[k][63:32]))
          fail($sformatf("layer %0d (table_log %0d): built for %0d cycles, C# predicts %0d", k, table_log, busy_cycles, layers[k][63:32]));
      end
`ifdef TB_TABLES_ONE_BANK
      if (k < TbLayers) begin
        bank = 0;
        read_size = 1 << layers[k][31:24];
`else
      if (k > 0) begin
        bank = (k - 1) % 3;
        read_bank = 2'(bank);
        read_size = 1 << layers[k-1][31:24];
`endif
        reading = 1'b1;
        read_u = 0;
        #1;                                     // ready_o follows read_bank combinationally
        while (reading) begin
          if (!ready) fail($sformatf("layer %0d: ready_o low for a built bank", k));
`ifdef TB_TABLES_ONE_BANK
          read_step(k);
`else
          read_step(k - 1);
`endif
          tick();
        end
      end
      // The loader reads the next header only when the builder is idle, with stalls as the input's.
      stall();
    end
`else
    for (int k = 0; k <= TbLayers; k++) begin
      if (k < TbLayers) begin
        if (busy) fail($sformatf("layer %0d: busy_o before its counts", k));
        table_log = TbNbWidth'(layers[k][31:24]);
        bits = layers[k][19:16];
        for (int s = 0; s < int'(layers[k][15:0]); s++) begin
          stall();
          count = 1'b1;
          count_sym = TbSymbolWidth'(s);
          count_value = TbNextWidth'(counts[count_idx++]);
          if (s == int'(layers[k][15:0]) - 1) begin
            build = 1'b1;                       // the last count starts the build of bank k mod 2
            build_bank = k[0];
          end
          tick();
        end
      end
      // Layer k builds while layer k-1 is read back from the other bank (the last layer after its build).
      if (k > 0) begin
        read_bank = build_bank ^ (k < TbLayers);
        bank = int'(read_bank);
        reading = 1'b1;
        read_u = 0;
        read_size = 1 << layers[k-1][31:24];
        #1;                                     // ready_o follows read_bank combinationally
      end
      busy_cycles = 0;
      while (busy || reading) begin
        if (busy) begin
          busy_cycles++;
          if (ready != (read_bank != build_bank)) fail($sformatf("layer %0d: ready_o %0b while bank %0d builds and bank %0d is read",
                                                                 k, ready, build_bank, read_bank));
          if (k == TbLayers) fail("busy_o after the last build");
        end else if (!ready) begin
          fail($sformatf("layer %0d: ready_o low with the builder idle", k));
        end
        if (reading) read_step(k - 1);
        tick();
      end
      if (k < TbLayers && busy_cycles != int'(layers[k][63:32]))
        fail($sformatf("layer %0d (table_log %0d): busy_o for %0d cycles, C# predicts %0d", k, table_log, busy_cycles, layers[k][63:32]));
      // The loader reads the next header only when busy_o is low, with stalls as the input's.
      stall();
    end
`endif
    if (entry_idx != TbEntries) fail($sformatf("checked %0d entries of %0d", entry_idx, TbEntries));
    $display("TB PASS [%s] tb_tables_ram: %0d layers, %0d table entries on %0d lanes, %0d stall cycles", sim_name,
             TbLayers, TbEntries, TbLanes, stalls);
    $finish;
  end
endmodule

`default_nettype wire
