// tb_tables_huffman_ram: block testbench of the loaded Huffman tables (NAME_tables of a coder: huffman,
// tables: ram decoder: the code builder, its double-buffered End/Base registers and symbol RAM), one
// source for both simulators. Vectors from gen (vectors/blocks/, generator/Vectors/BlockVectorWriter.cs):
// every layer's code lengths (or its single symbol), its builder cycles (RamHuffmanHeader.BuildBusy) and
// the constants C# computes for it (HuffmanRtlTables.Constants, left-justified to huffman_max_length)
// with its symbols in canonical order. The bench runs the header loader's steps (start; a length per
// symbol, the last one with build_i, or the single symbol; layer k into bank k mod 2) with the decoder
// testbench's seeded LFSR stalls between steps, each only while busy_o is low; busy_o must stay high
// exactly the cycles C# predicts. While layer k loads and builds, layer k-1's End, Base (of the lengths
// it has) and every symbol are checked through every lane's read port of the other bank (ready_o high);
// ready_o must be low for the bank being built. The last layer is checked after its build.
//   +vectors=DIR  +sim=NAME

`timescale 1ns / 1ps
`default_nettype none

module tb_tables_huffman_ram;
  `include "tb_tables_huffman_ram.vh"

  localparam int EndWidth = TbLimitLength + 1;

  logic                            clk, rst_n;
  logic [3:0]                      bits;
  logic [TbSymbolWidth:0]          last_symbol;
  logic                            start, length, single, build, load_bank, busy, read_bank, ready;
  logic [TbSymbolWidth-1:0]        length_sym, single_sym;
  logic [TbLengthWidth-1:0]        length_value;
  logic [TbEndsWidth-1:0]          ends;
  logic [TbBasesWidth-1:0]         bases;
  logic [TbLanes*TbIndexWidth-1:0] index;
  logic [TbLanes*TbMaxBits-1:0]    value;

  `TB_BLOCK dut (
    .clk_i          (clk),
    .rst_ni         (rst_n),
    .bits_i         (bits),
    .last_symbol_i  (last_symbol),
    .start_i        (start),
    .length_i       (length),
    .length_sym_i   (length_sym),
    .length_value_i (length_value),
    .single_i       (single),
    .single_sym_i   (single_sym),
    .build_i        (build),
    .load_bank_i    (load_bank),
    .busy_o         (busy),
    .read_bank_i    (read_bank),
    .ready_o        (ready),
    .ends_o         (ends),
    .bases_o        (bases),
    .index_i        (index),
    .value_o        (value)
  );

  initial clk = 1'b0;
  always #5 clk = ~clk;

  logic [63:0]                        layers    [0:TbLayers-1];   // {build cycles[16], single[8], bits[8], fields[16], symbols[16]}
  logic [15:0]                        fields    [0:TbFields-1];
  logic [TbEndsWidth+TbBasesWidth-1:0] constants [0:TbLayers-1];  // {Ends, Bases}
  logic [31:0]                        present   [0:TbLayers-1];   // lengths with codes: the Base[l] to check
  logic [15:0]                        symbols   [0:TbSymbols-1];

  string       vectors_dir, sim_name;
  logic [31:0] lfsr;
  int          field_idx, symbol_idx, stalls, busy_cycles, check_i;
  logic        checking;
  logic [TbEndsWidth-1:0]  want_ends;
  logic [TbBasesWidth-1:0] want_bases;

  function automatic logic [31:0] lfsr_next(input logic [31:0] s);
    return (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
  endfunction

  task automatic fail(input string msg);
    $display("TB FAIL [%s] tb_tables_huffman_ram: %s", sim_name, msg);
    $fatal(1, "tb_tables_huffman_ram: %s", msg);
  endtask

  task automatic tick();
    @(negedge clk);
    start = 1'b0;
    length = 1'b0;
    single = 1'b0;
    build = 1'b0;
    lfsr = lfsr_next(lfsr);
  endtask

  // One cycle of checking layer k (in read_bank): End and Base first, then one symbol a cycle.
  task automatic check_step(input int k);
    if (check_i == 0) begin
      {want_ends, want_bases} = constants[k];
      if (ends != want_ends) fail($sformatf("layer %0d (bank %0d): End 0x%h, expected 0x%h", k, read_bank, ends, want_ends));
      for (int l = 0; l <= TbLimitLength; l++)
        if (present[k][l] && bases[l*TbIndexWidth +: TbIndexWidth] != want_bases[l*TbIndexWidth +: TbIndexWidth])
          fail($sformatf("layer %0d: Base[%0d] 0x%h, expected 0x%h", k, l, bases[l*TbIndexWidth +: TbIndexWidth],
                         want_bases[l*TbIndexWidth +: TbIndexWidth]));
    end else begin
      for (int j = 0; j < TbLanes; j++)
        if (value[j*TbMaxBits +: TbMaxBits] != TbMaxBits'(symbols[symbol_idx]))
          fail($sformatf("layer %0d, lane %0d: symbol table[%0d] 0x%h, expected 0x%h", k, j, check_i - 1,
                         value[j*TbMaxBits +: TbMaxBits], symbols[symbol_idx]));
      symbol_idx++;
    end
    if (check_i == int'(layers[k][15:0])) begin
      checking = 1'b0;
    end else begin
      for (int j = 0; j < TbLanes; j++) index[j*TbIndexWidth +: TbIndexWidth] = TbIndexWidth'(check_i);
      check_i++;
    end
  endtask

  // The next step's wait: the LFSR's stalls (the loader waits for its bits), checking the previous layer meanwhile.
  task automatic wait_step(input int k);
    while ({24'b0, lfsr[7:0]} < 32'(TbStall)) begin
      if (busy || !ready) fail($sformatf("layer %0d: busy_o or !ready_o before a load step", k));
      if (checking && k > 0) check_step(k - 1);
      stalls++;
      tick();
    end
  endtask

  initial begin
    if (!$value$plusargs("vectors=%s", vectors_dir)) vectors_dir = ".";
    if (!$value$plusargs("sim=%s", sim_name)) sim_name = "sim";
    $readmemh({vectors_dir, "/huffman_layers.hex"}, layers);
    $readmemh({vectors_dir, "/huffman_fields.hex"}, fields);
    $readmemh({vectors_dir, "/huffman_constants.hex"}, constants);
    $readmemh({vectors_dir, "/huffman_present.hex"}, present);
    $readmemh({vectors_dir, "/huffman_symbols.hex"}, symbols);

    lfsr = 32'(TbSeed);
    stalls = 0;
    rst_n = 1'b0;
    {start, length, single, build, load_bank, read_bank} = '0;
    bits = 4'd2;
    last_symbol = '0;
    length_sym = '0;
    length_value = '0;
    single_sym = '0;
    index = '0;
    checking = 1'b0;
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    field_idx = 0;
    symbol_idx = 0;
    for (int k = 0; k <= TbLayers; k++) begin
      // Layer k-1 is checked in the other bank while layer k loads and builds.
      if (k > 0) begin
        read_bank = (k - 1) % 2 == 1;
        checking = 1'b1;
        check_i = 0;
        #1;                                     // End, Base and ready_o follow read_bank combinationally
      end
      busy_cycles = 0;
      if (k < TbLayers) begin
        load_bank = k % 2 == 1;
        wait_step(k);
        bits = layers[k][35:32];
        last_symbol = (TbSymbolWidth+1)'((1 << bits) - 2);
        start = 1'b1;
        tick();
        if (layers[k][40]) begin                // the layer's single symbol
          wait_step(k);
          single = 1'b1;
          single_sym = TbSymbolWidth'(fields[field_idx++]);
          tick();
        end else begin
          for (int s = 0; s < int'(layers[k][31:16]); s++) begin
            wait_step(k);
            length = 1'b1;
            length_sym = TbSymbolWidth'(s);
            length_value = TbLengthWidth'(fields[field_idx++]);
            build = (s == int'(layers[k][31:16]) - 1);   // the last length starts the build
            tick();
          end
        end
        busy_cycles = 0;
        while (busy) begin
          busy_cycles++;
          if (ready != (read_bank != load_bank) && k > 0)
            fail($sformatf("layer %0d: ready_o %0b while bank %0d builds and bank %0d is read", k, ready, load_bank, read_bank));
          if (checking && k > 0) check_step(k - 1);
          tick();
        end
        if (busy_cycles != int'(layers[k][63:48]))
          fail($sformatf("layer %0d: busy_o for %0d cycles, C# predicts %0d", k, busy_cycles, layers[k][63:48]));
      end
      while (checking && k > 0) begin
        check_step(k - 1);
        tick();
      end
    end
    if (symbol_idx != TbSymbols || field_idx != TbFields) fail("did not use every vector");
    $display("TB PASS [%s] tb_tables_huffman_ram: %0d layers, %0d symbols on %0d lanes, %0d stall cycles", sim_name,
             TbLayers, TbSymbols, TbLanes, stalls);
    $finish;
  end
endmodule

`default_nettype wire
