// tb_decoder: self-checking testbench for a generated NAME_decoder, one source for Icarus and Verilator.
//
// It reads the golden vectors of one model (vectors/: stream.hex, weights.hex, beats_*.hex, and
// tb_params.vh at compile time), drives the stream and the output backpressure with the stall
// pattern of docs/architecture.md ("Cycles, latency and the testbench's stall patterns"), and checks
// every weight and the cycle, layer, count and last flag of every output handshake, and the cycle of
// done_o, against the C# cycle model. Any difference ends the run with $fatal (non-zero exit).
//
// Plusargs (the scenario line of vectors/free.args or stall.args, plus the run's own):
//   +vectors=DIR  +stall_in=T +stall_out=T +seed_in=S +seed_out=S +beats=FILE +done_cycle=C
//   +sim=NAME (label in the report)  +json=PATH (write the summary)  +waves=PATH (dump, needs TB_WAVES)
//   +dump=PATH: write every weight the decoder emits (weights.hex format) for decoderhw evaluate --levels
//   +corrupt=flip|truncate|extra +corrupt_seed=N: mutate the stream; then error_o must rise within
//   TbFiredBeats + words + 8 cycles (no stalls) and done_o must never rise.
//   +stream=FILE (default stream.hex) +corrupt=lie: a stream gen wrote with a lying header (tables: ram,
//   vectors/lie_*.hex); the same error_o bound applies, and no output beat may come before error_o (the
//   lies are in layer 0's header, which the decoder checks while loading).
//   +next_words=W +next_beats=B +next_done_cycle=C: back to back (tables: ram, sim/b2b.sh): the last W
//   words and B beats of the vectors are a second stream, fed into the same DUT without a reset once the
//   first has passed; its cycles, stall patterns and done cycle C count from that point as from reset.
//
// Timing: all stimulus and checks run at the falling edge. Cycle t is the clock period that the
// t-th rising edge after reset ends; the DUT's handshake outputs (s_ready_o, m_valid_o) come from
// registers, so what the testbench sees at the falling edge is what the rising edge samples.

`timescale 1ns / 1ps
`default_nettype none

module tb_decoder;

  `include "tb_params.vh"

  localparam int DataWidth = TbLanes * TbMaxBits;
  localparam int MaxExtraWords = 3;
  localparam int StreamDepth = TbWords + MaxExtraWords;

  // ---------------------------------------------------------------------------------------------
  // DUT
  // ---------------------------------------------------------------------------------------------
  logic                    clk;
  logic                    rst_n;
  logic                    s_valid;
  logic                    s_ready;
  logic [TbInputWidth-1:0] s_data;
  logic                    s_last;
  logic                    m_valid;
  logic                    m_ready;
  logic [DataWidth-1:0]    m_data;
  logic [TbCountWidth-1:0] m_count;
  logic [TbLayerWidth-1:0] m_layer;
  logic                    m_last;
  logic                    error;
  logic                    done;

`ifndef TB_ROM_FILE
  `define TB_ROM_FILE `TB_ROM_NAME
`endif

  // tables: rom decoders take their ROM image as a parameter; tb_params.vh of a tables: ram decoder
  // defines TB_DUT_PARAMS empty.
`ifndef TB_DUT_PARAMS
  `define TB_DUT_PARAMS #(.MemFile (`TB_ROM_FILE))
`endif
  `TB_DUT `TB_DUT_PARAMS dut (
    .clk_i     (clk),
    .rst_ni    (rst_n),
    .s_valid_i (s_valid),
    .s_ready_o (s_ready),
    .s_data_i  (s_data),
    .s_last_i  (s_last),
    .m_valid_o (m_valid),
    .m_ready_i (m_ready),
    .m_data_o  (m_data),
    .m_count_o (m_count),
    .m_layer_o (m_layer),
    .m_last_o  (m_last),
    .error_o   (error),
    .done_o    (done)
  );

  // AXI4-Stream rules on both streams, every cycle (testbenches/axis_checker.sv; the formal harness
  // asserts the same module on the output and assumes it on the input).
  axis_checker #(.DataWidth (TbInputWidth), .Name ("s_axis")) u_check_in (
    .clk_i (clk), .rst_ni (rst_n), .valid_i (s_valid), .ready_i (s_ready), .data_i (s_data), .last_i (s_last)
  );
  axis_checker #(.DataWidth (DataWidth + TbCountWidth + TbLayerWidth), .Name ("m_axis")) u_check_out (
    .clk_i (clk), .rst_ni (rst_n), .valid_i (m_valid), .ready_i (m_ready), .data_i ({m_data, m_count, m_layer}),
    .last_i (m_last)
  );

  initial clk = 1'b0;
  always #5 clk = ~clk;

  // ---------------------------------------------------------------------------------------------
  // Vectors and run options
  // ---------------------------------------------------------------------------------------------
  logic [TbInputWidth-1:0] stream_mem [0:StreamDepth-1];
  logic [TbMaxBits-1:0]    weight_mem [0:TbWeights-1];
  logic [63:0]             beat_mem   [0:TbBeats-1];

  string   vectors_dir, beats_file, sim_name, json_path, waves_path, corrupt, stream_file;
  // +dump=PATH: every weight the decoder emits, in weights.hex format, so the network can be run on
  // exactly what the RTL produced (decoderhw evaluate --levels PATH).
  string   dump_path;
  int      dump_fd;
  int      stall_in, stall_out;
  longint  seed_in, seed_out, done_cycle, corrupt_seed;
  int      corrupt_expect_error;
  int      n_words;          // words driven (changes with truncate/extra)
  int      next_words, next_beats;  // back to back: the second stream's words and beats (0: none)
  longint  next_done_cycle;
  int      stream_words, stream_beats;  // where the stream now running ends (words, beats)
  longint  stream_weight0;               // weights of the streams before it
  logic    restart;                      // the next cycle is cycle 0 of the second stream
  longint  max_cycles;       // watchdog

  // The stall pattern's LFSR (docs/architecture.md): a 32-bit Galois LFSR.
  function automatic logic [31:0] lfsr_next(input logic [31:0] s);
    return (s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0);
  endfunction

  // A simulator-independent hash for the corruption choices (splitmix64's finalizer).
  function automatic logic [63:0] mix64(input logic [63:0] x);
    logic [63:0] z;
    z = x + 64'h9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)) * 64'hbf58_476d_1ce4_e5b9;
    z = (z ^ (z >> 27)) * 64'h94d0_49bb_1331_11eb;
    return z ^ (z >> 31);
  endfunction

  function automatic string hexs(input logic [TbMaxBits-1:0] v);
    return $sformatf("%0d (0x%h)", $signed(v), v);
  endfunction

  task automatic fail(input string msg);
    $display("TB FAIL [%s]: %s", sim_name, msg);
    $fatal(1, "tb_decoder: %s", msg);
  endtask

  // ---------------------------------------------------------------------------------------------
  // Run state
  // ---------------------------------------------------------------------------------------------
  logic [31:0] lfsr_in, lfsr_out;
  longint      cycle;
  int          word_idx;
  logic        held;
  int          beat_idx;
  longint      weight_idx;
  longint      first_in_cycle, first_out_cycle, last_out_cycle;
  logic        done_seen;
  longint      error_cycle;
  int          mismatches;
  longint      layer_weights [0:TbLayers-1];
  longint      layer_first   [0:TbLayers-1];
  longint      layer_last    [0:TbLayers-1];

  task automatic check_beat();
    logic [63:0]              exp;
    longint                   exp_cycle;
    int                       exp_layer, exp_count;
    logic                     exp_last;
    logic [TbMaxBits-1:0]     got, want;
    if (beat_idx >= TbBeats) begin
      fail($sformatf("extra output beat %0d at cycle %0d (layer %0d, count %0d)", beat_idx, cycle, m_layer, m_count));
    end
    exp       = beat_mem[beat_idx];
    exp_cycle = longint'(exp[63:32]);
    exp_layer = int'(exp[31:16]);
    exp_count = int'(exp[15:8]);
    exp_last  = exp[0];
    for (int j = 0; j < TbLanes; j++) begin
      got = m_data[j*TbMaxBits +: TbMaxBits];
      if (dump_fd != 0 && j < int'(m_count)) $fwrite(dump_fd, "%h\n", got);
      if (j < exp_count) begin
        want = weight_mem[weight_idx + j];
        if (got !== want) begin
          mismatches++;
          fail($sformatf("weight %0d (beat %0d, layer %0d, lane %0d): expected %s, got %s, cycle %0d",
                         weight_idx + j, beat_idx, exp_layer, j, hexs(want), hexs(got), cycle));
        end
      end else if (got !== '0) begin
        mismatches++;
        fail($sformatf("beat %0d lane %0d above count %0d: expected 0, got %s, cycle %0d",
                       beat_idx, j, exp_count, hexs(got), cycle));
      end
    end
    if (int'(m_layer) != exp_layer || int'(m_count) != exp_count || m_last !== exp_last) begin
      mismatches++;
      fail($sformatf("beat %0d (weight %0d): expected layer %0d count %0d last %0d, got layer %0d count %0d last %0d, cycle %0d",
                     beat_idx, weight_idx, exp_layer, exp_count, exp_last, m_layer, m_count, m_last, cycle));
    end
    if (cycle != exp_cycle) begin
      mismatches++;
      fail($sformatf("beat %0d (weight %0d, layer %0d): expected handshake in cycle %0d, got cycle %0d",
                     beat_idx, weight_idx, exp_layer, exp_cycle, cycle));
    end
    if (first_out_cycle < 0) first_out_cycle = cycle;
    last_out_cycle = cycle;
    if (layer_first[exp_layer] < 0) layer_first[exp_layer] = cycle;
    layer_last[exp_layer] = cycle;
    layer_weights[exp_layer] += exp_count;
    weight_idx += exp_count;
    beat_idx++;
  endtask

  // Corrupt runs: the decoded weights are only counted against the good ones (timing differs).
  task automatic count_corrupt_beat();
    for (int j = 0; j < TbLanes; j++) begin
      if (j < int'(m_count) && weight_idx + j < TbWeights
          && m_data[j*TbMaxBits +: TbMaxBits] !== weight_mem[weight_idx + j]) begin
        mismatches++;
      end
    end
    weight_idx += longint'(m_count);
  endtask

  task automatic apply_corruption();
    logic [63:0] r;
    longint      bit_idx;
    r = mix64(corrupt_seed);
    if (corrupt == "flip") begin
      bit_idx = longint'(r % (64'(TbWords) * 64'(TbInputWidth)));
      stream_mem[bit_idx / TbInputWidth] = stream_mem[bit_idx / TbInputWidth]
                                           ^ (TbInputWidth'(1) << (bit_idx % TbInputWidth));
      $display("TB corrupt=flip: stream bit %0d (word %0d, bit %0d)", bit_idx, bit_idx / TbInputWidth, bit_idx % TbInputWidth);
    end else if (corrupt == "truncate") begin
      if (TbWords < 2) fail("corrupt=truncate needs a stream of at least 2 words");
      n_words = 1 + int'(r % 64'(TbWords - 1));
      $display("TB corrupt=truncate: %0d of %0d words", n_words, TbWords);
    end else if (corrupt == "extra") begin
      n_words = TbWords + 1 + int'(r % 64'(MaxExtraWords));
      for (int w = TbWords; w < n_words; w++) begin
        r = mix64(r);
        stream_mem[w] = TbInputWidth'({4{r}});
      end
      $display("TB corrupt=extra: %0d extra word(s)", n_words - TbWords);
    end else if (corrupt == "lie") begin
      $display("TB corrupt=lie: %s", stream_file);
    end else begin
      fail($sformatf("unknown +corrupt=%s (flip, truncate, extra or lie)", corrupt));
    end
  endtask

  task automatic write_json(input longint cycles, input real cpw, input longint latency);
    int fd;
    fd = $fopen(json_path, "w");
    if (fd == 0) fail($sformatf("cannot write %s", json_path));
    $fwrite(fd, "{\n");
    $fwrite(fd, "  \"simulator\": \"%s\",\n", sim_name);
    $fwrite(fd, "  \"scenario\": \"%s\",\n", beats_file);
    $fwrite(fd, "  \"weights\": %0d,\n", weight_idx - stream_weight0);
    $fwrite(fd, "  \"cycles\": %0d,\n", cycles);
    $fwrite(fd, "  \"cycles_per_weight\": %0.6f,\n", cpw);
    $fwrite(fd, "  \"first_output_latency_cycles\": %0d,\n", latency);
    $fwrite(fd, "  \"done_cycle\": %0d,\n", done_cycle);
    $fwrite(fd, "  \"mismatches\": %0d\n", mismatches);
    $fwrite(fd, "}\n");
    $fclose(fd);
  endtask

  task automatic report();
    longint cycles, prev, lc, lat;
    real    cpw;
    cycles = last_out_cycle - first_in_cycle + 1;
    cpw    = real'(cycles) / real'(weight_idx - stream_weight0);
    $display("TB [%s] %s: layer  weights     cycles  cycles/weight  first_output_latency", sim_name, beats_file);
    prev = first_in_cycle - 1;
    for (int k = 0; k < TbLayers; k++) begin
      lc  = layer_last[k] - prev;
      lat = layer_first[k] - (k == 0 ? first_in_cycle : prev);
      $display("TB [%s] %s: %5d %8d %10d %14.4f %21d", sim_name, beats_file, k, layer_weights[k], lc,
               real'(lc) / real'(layer_weights[k]), lat);
      prev = layer_last[k];
    end
    $display("TB [%s] %s: total %8d %10d %14.4f %21d", sim_name, beats_file, weight_idx - stream_weight0, cycles, cpw,
             first_out_cycle - first_in_cycle);
    if (json_path != "") write_json(cycles, cpw, first_out_cycle - first_in_cycle);
  endtask

  // ---------------------------------------------------------------------------------------------
  // The run
  // ---------------------------------------------------------------------------------------------
  initial begin
    if (!$value$plusargs("vectors=%s", vectors_dir)) vectors_dir = ".";
    if (!$value$plusargs("beats=%s", beats_file)) beats_file = "beats_free.hex";
    if (!$value$plusargs("sim=%s", sim_name)) sim_name = "sim";
    if (!$value$plusargs("json=%s", json_path)) json_path = "";
    if (!$value$plusargs("corrupt=%s", corrupt)) corrupt = "";
    if (!$value$plusargs("stall_in=%d", stall_in)) stall_in = 0;
    if (!$value$plusargs("stall_out=%d", stall_out)) stall_out = 0;
    if (!$value$plusargs("seed_in=%d", seed_in)) seed_in = 1;
    if (!$value$plusargs("seed_out=%d", seed_out)) seed_out = 1;
    if (!$value$plusargs("done_cycle=%d", done_cycle)) done_cycle = -1;
    if (!$value$plusargs("corrupt_seed=%d", corrupt_seed)) corrupt_seed = 1;
    if (!$value$plusargs("stream=%s", stream_file)) stream_file = "stream.hex";
    dump_fd = 0;
    if ($value$plusargs("dump=%s", dump_path)) begin
      dump_fd = $fopen(dump_path, "w");
      if (dump_fd == 0) fail($sformatf("cannot write %s", dump_path));
    end
    if (!$value$plusargs("next_words=%d", next_words)) next_words = 0;
    if (!$value$plusargs("next_beats=%d", next_beats)) next_beats = 0;
    if (!$value$plusargs("next_done_cycle=%d", next_done_cycle)) next_done_cycle = -1;
    // Only flips can be undetectable; truncation and extra data always are errors.
    if (!$value$plusargs("corrupt_expect_error=%d", corrupt_expect_error)) corrupt_expect_error = 1;
    if (stall_in < 0 || stall_in > 256 || stall_out < 0 || stall_out > 256) fail("stall thresholds must be 0..256");

`ifdef TB_WAVES
    if (!$value$plusargs("waves=%s", waves_path)) waves_path = "waves.vcd";
    $dumpfile(waves_path);
    $dumpvars(0, tb_decoder);
`endif

    $readmemh({vectors_dir, "/", stream_file}, stream_mem, 0, TbWords - 1);
    $readmemh({vectors_dir, "/weights.hex"}, weight_mem);
    if (corrupt == "") $readmemh({vectors_dir, "/", beats_file}, beat_mem);

    n_words = TbWords;
    stream_words = TbWords - next_words;
    stream_beats = TbBeats - next_beats;
    stream_weight0 = 0;
    restart = 1'b0;
    if (corrupt != "") apply_corruption();
    if (corrupt != "") stream_words = n_words;
    if (corrupt != "") begin
      // Every cycle without stalls fires a beat, accepts a word, or ends (docs/architecture.md).
      max_cycles = longint'(TbFiredBeats) + longint'(n_words) + 8;
    end else begin
      if (done_cycle < 0) fail("missing +done_cycle");
      max_cycles = done_cycle + 16;
    end

    lfsr_in  = (seed_in == 0) ? 32'd1 : 32'(seed_in);
    lfsr_out = (seed_out == 0) ? 32'd1 : 32'(seed_out);
    word_idx = 0;
    held = 1'b0;
    beat_idx = 0;
    weight_idx = 0;
    first_in_cycle = -1;
    first_out_cycle = -1;
    last_out_cycle = -1;
    done_seen = 1'b0;
    error_cycle = -1;
    mismatches = 0;
    for (int k = 0; k < TbLayers; k++) begin
      layer_weights[k] = 0;
      layer_first[k] = -1;
      layer_last[k] = -1;
    end

    rst_n   = 1'b0;
    s_valid = 1'b0;
    s_data  = '0;
    s_last  = 1'b0;
    m_ready = 1'b0;
    repeat (4) @(negedge clk);

    rst_n = 1'b1;
    cycle = 0;
    forever begin
      // Stimulus of cycle `cycle`.
      s_valid = (word_idx < stream_words) && (held || ({24'b0, lfsr_in[7:0]} >= 32'(stall_in)));
      s_data  = s_valid ? stream_mem[word_idx] : '0;
      s_last  = s_valid && (word_idx == stream_words - 1);
      m_ready = ({24'b0, lfsr_out[7:0]} >= 32'(stall_out));
      #1;

      // What the rising edge at the end of the cycle samples.
      if (m_valid && m_ready) begin
        if (corrupt == "") check_beat();
        else count_corrupt_beat();
        // Every lie is in layer 0's header: the decoder must reject it while loading, before any weight.
        if (corrupt == "lie") fail($sformatf("corrupt=lie: a weight left the decoder in cycle %0d, before error_o", cycle));
      end
      if (s_valid && s_ready) begin
        if (first_in_cycle < 0) first_in_cycle = cycle;
        word_idx++;
      end
      held = s_valid && !s_ready;

      if (corrupt == "") begin
        if (error) fail($sformatf("error_o in cycle %0d (beat %0d, weight %0d)", cycle, beat_idx, weight_idx));
        if (done && cycle != done_cycle)
          fail($sformatf("done_o in cycle %0d, expected in cycle %0d", cycle, done_cycle));
        if (done) done_seen = 1'b1;
        if (cycle == done_cycle && !done)
          fail($sformatf("done_o low in cycle %0d where the model has it high (beat %0d of %0d)", cycle, beat_idx, TbBeats));
        if (done_seen && beat_idx == stream_beats && stream_beats < TbBeats) begin
          // Back to back: the first stream passed; the second starts in the next cycle, as from reset.
          $display("TB PASS [%s] %s: first stream: %0d weights, %0d beats, done_o in cycle %0d", sim_name,
                   beats_file, weight_idx, beat_idx, done_cycle);
          report();
          stream_words = n_words;
          stream_beats = TbBeats;
          stream_weight0 = weight_idx;
          done_cycle = next_done_cycle;
          max_cycles = done_cycle + 16;
          done_seen = 1'b0;
          held = 1'b0;
          first_in_cycle = -1;
          first_out_cycle = -1;
          for (int k = 0; k < TbLayers; k++) begin
            layer_weights[k] = 0;
            layer_first[k] = -1;
            layer_last[k] = -1;
          end
          restart = 1'b1;
        end
        if (done_seen && beat_idx == TbBeats) begin
          $display("TB PASS [%s] %s: %0d weights, %0d beats, done_o in cycle %0d", sim_name, beats_file,
                   weight_idx, beat_idx, done_cycle);
          report();
          if (dump_fd != 0) $fclose(dump_fd);
          $finish;
        end
      end else begin
        // A flip can leave every integrity check satisfied (tANS states can re-converge; the format
        // has no checksum): gen's reference decoder gives the verdict, and the RTL must agree.
        if (done && corrupt_expect_error) begin
          $display("TB UNDETECTED [%s] corrupt=%s seed %0d: done_o in cycle %0d without error_o; %0d of %0d weights differ",
                   sim_name, corrupt, corrupt_seed, cycle, mismatches, weight_idx);
          fail($sformatf("corrupt=%s: done_o in cycle %0d, error_o expected (the reference decoder rejects this stream)",
                         corrupt, cycle));
        end
        if (done) begin
          $display("TB PASS [%s] corrupt=%s seed %0d: done_o in cycle %0d, %0d of %0d weights differ; the reference decoder accepts this stream too",
                   sim_name, corrupt, corrupt_seed, cycle, mismatches, weight_idx);
          $finish;
        end
        if (error && !corrupt_expect_error)
          fail($sformatf("corrupt=%s: error_o in cycle %0d, but the reference decoder accepts this stream", corrupt, cycle));
        if (error) begin
          $display("TB PASS [%s] corrupt=%s seed %0d: error_o in cycle %0d (bound %0d)", sim_name, corrupt,
                   corrupt_seed, cycle, max_cycles);
          $finish;
        end
      end
      if (!restart && cycle >= max_cycles) begin
        fail($sformatf("watchdog: cycle %0d reached; %0d of %0d beats, %0d of %0d words accepted, error_o %0d, done_o %0d",
                       cycle, beat_idx, TbBeats, word_idx, n_words, error, done));
      end

      if (restart) begin
        restart  = 1'b0;
        lfsr_in  = (seed_in == 0) ? 32'd1 : 32'(seed_in);
        lfsr_out = (seed_out == 0) ? 32'd1 : 32'(seed_out);
        cycle    = 0;
      end else begin
        lfsr_in  = lfsr_next(lfsr_in);
        lfsr_out = lfsr_next(lfsr_out);
        cycle++;
      end
      @(negedge clk);
    end
  end

endmodule

`default_nettype wire
