// tb_decoder: self-checking testbench for a generated NAME_decoder, one source for Icarus and Verilator.
//
// It reads the golden vectors of one model (vectors/: stream.bin, weights.bin, beats_*.bin,
// words_*.bin, and tb_params.vh at compile time), drives the stream and the output backpressure with
// the stall pattern of docs/architecture.md ("Cycles, latency and the testbench's stall patterns"),
// and checks against the C# reference and cycle model: every weight and the cycle, layer, count and
// last flag of every output handshake; the cycle of every input word's handshake (every word must be
// taken, each in its cycle); the cycle of done_o; then TbDrainCycles more cycles with the sink ready,
// in which no beat, error_o or done_o may come. Every cycle it checks the handshake rules: a beat
// offered and not taken holds m_valid_o, data, count, layer and last until taken (and the bench's own
// s_valid/s_data/s_last likewise), and no output or flag is X or Z ($isunknown/!==: Icarus is 4-state;
// on the 2-state Verilator, built with --x-assign 1, an X assigned in the RTL reads as all ones).
// Any difference ends the run with $fatal (non-zero exit).
//
// Plusargs (the scenario line of vectors/NAME.args, plus the run's own):
//   +vectors=DIR  +stall_in=T +stall_out=T +seed_in=S +seed_out=S +burst_in=B +burst_out=B
//   +beats=FILE +words=FILE +done_cycle=C
// The vector files are binary records as $fread reads them (generator/Vectors/BinaryRecords.cs): each
// memory element big-endian in its width rounded up to whole bytes; a file shorter than tb_params.vh
// says is an error. (stream.hex and weights.hex hold the same for readers; the bench does not parse hex.)
//   +sim=NAME (label in the report)  +json=PATH (write the summary)  +waves=PATH (dump, needs TB_WAVES)
//   +dump=PATH: write every weight the decoder emits (weights.hex format) for decoderhw evaluate --levels
//   +corrupt=flip|truncate|extra +corrupt_seed=N: mutate the stream; then error_o must rise within
//   TbFiredBeats + words + 8 cycles (no stalls) and done_o must never rise, unless the reference
//   decoder accepts the flipped stream (+corrupt_expect_error=0): then +flip_weights=FILE holds where
//   its output differs from weights.bin, and every weight, layer, count and last flag must equal that
//   output (the cycles of a flipped stream are not modelled).
//   +stream=FILE (default stream.bin) +corrupt=lie: a stream gen wrote with a lying header (tables: ram,
//   vectors/lie_*.bin); the same error_o bound applies, and no output beat may come before error_o (the
//   lies are in layer 0's header, which the decoder checks while loading).
//   +next_words=W +next_beats=B +next_done_cycle=C: back to back (tables: ram, sim/b2b.sh): the last W
//   words and B beats of the vectors are a second stream, fed into the same DUT without a reset once the
//   first has passed; its cycles, stall patterns and done cycle C count from that point as from reset.
//   +mutant=NAME (builds with TB_MUTANT only, sim/mutants.sh): testbenches/tb_mutant.sv breaks the
//   decoder on its ports; the run must fail.
//
// Timing: cycle t is the clock period that the t-th rising edge after reset ends. The bench drives
// cycle t's stimulus at the rising edge that starts it (nonblocking, so that edge still samples cycle
// t-1's), and checks and steps its state at the falling edge, when everything has settled: what it sees
// there is what the next rising edge samples. No other delay or event control: on Verilator the bench is
// built without --timing (sim/build.sh, TB_EXTERNAL_CLOCK) and sim/tb_main.cpp toggles the clk input, and
// two edge processes drive and check; on Icarus (or a Verilator --timing build) one process of the bench
// makes the clock (#5 a half period) and calls the same two tasks after each edge.
//
// Cost on Icarus: vvp interprets the bench, and every variable it reads is a dynamic_cast, every task or
// function call, named block or for-loop with its own variable a new thread. So the common cycle reads
// few variables (the port conditions are nets, the next expectations are cached or nets), and each full
// check (check_beat, check_word, check_end) runs only when a cheap test says it could fail; the checks
// themselves, and their messages, are the same on both simulators.

`timescale 1ns / 1ps
`default_nettype none

module tb_decoder
`ifdef TB_EXTERNAL_CLOCK
  (input logic clk)  // sim/tb_main.cpp: a 10 ns period, starting low
`endif
;

  `include "tb_params.vh"

  localparam int DataWidth = TbLanes * TbMaxBits;
  localparam int MaxExtraWords = 3;
  localparam int StreamDepth = TbWords + MaxExtraWords;
  // Cycles run after done_o and the last beat, with the sink ready and no input, before TB PASS.
  localparam int TbDrainCycles = 64;
  // Rising edges with rst_n low before cycle 0.
  localparam int TbResetCycles = 4;

  // ---------------------------------------------------------------------------------------------
  // DUT
  // ---------------------------------------------------------------------------------------------
`ifndef TB_EXTERNAL_CLOCK
  logic                    clk;
`endif
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
  // The DUT's side of the ports: the same nets as the bench's unless a test-only mutant sits between.
  logic                    dut_s_valid, dut_s_ready, dut_s_last, dut_m_valid, dut_m_ready, dut_m_last;
  logic [TbInputWidth-1:0] dut_s_data;
  logic [DataWidth-1:0]    dut_m_data;
  logic [TbCountWidth-1:0] dut_m_count;
  logic [TbLayerWidth-1:0] dut_m_layer;
  logic                    dut_error, dut_done;

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
    .s_valid_i (dut_s_valid),
    .s_ready_o (dut_s_ready),
    .s_data_i  (dut_s_data),
    .s_last_i  (dut_s_last),
    .m_valid_o (dut_m_valid),
    .m_ready_i (dut_m_ready),
    .m_data_o  (dut_m_data),
    .m_count_o (dut_m_count),
    .m_layer_o (dut_m_layer),
    .m_last_o  (dut_m_last),
    .error_o   (dut_error),
    .done_o    (dut_done)
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

`ifdef TB_MUTANT
  // Test-only (sim/mutants.sh): a broken decoder made on the port boundary, so the mutations do not
  // depend on the generated top's insides.
  tb_mutant #(
    .InputWidth (TbInputWidth),
    .DataWidth  (DataWidth),
    .CountWidth (TbCountWidth),
    .LayerWidth (TbLayerWidth),
    .Words      (TbWords)
  ) mutant (
    .clk_i         (clk),
    .rst_ni        (rst_n),
    .s_valid_i     (s_valid),
    .s_ready_o     (s_ready),
    .s_data_i      (s_data),
    .s_last_i      (s_last),
    .m_valid_o     (m_valid),
    .m_ready_i     (m_ready),
    .m_data_o      (m_data),
    .m_count_o     (m_count),
    .m_layer_o     (m_layer),
    .m_last_o      (m_last),
    .error_o       (error),
    .done_o        (done),
    .dut_s_valid_o (dut_s_valid),
    .dut_s_ready_i (dut_s_ready),
    .dut_s_data_o  (dut_s_data),
    .dut_s_last_o  (dut_s_last),
    .dut_m_valid_i (dut_m_valid),
    .dut_m_ready_o (dut_m_ready),
    .dut_m_data_i  (dut_m_data),
    .dut_m_count_i (dut_m_count),
    .dut_m_layer_i (dut_m_layer),
    .dut_m_last_i  (dut_m_last),
    .dut_error_i   (dut_error),
    .dut_done_i    (dut_done)
  );
`else
  assign dut_s_valid = s_valid;
  assign dut_s_data  = s_data;
  assign dut_s_last  = s_last;
  assign dut_m_ready = m_ready;
  assign s_ready     = dut_s_ready;
  assign m_valid     = dut_m_valid;
  assign m_data      = dut_m_data;
  assign m_count     = dut_m_count;
  assign m_layer     = dut_m_layer;
  assign m_last      = dut_m_last;
  assign error       = dut_error;
  assign done        = dut_done;
`endif

  // What the bench reads of the ports every cycle, as nets: the simulator updates them when a port
  // changes, and the checks read one variable instead of several (on Icarus every read costs).
  logic                                         m_fire, s_fire;   // the handshakes
  logic                                         m_wait, s_wait;   // offered and not taken
  logic                                         raised;           // error_o or done_o
  logic                                         port_x;           // X if a flag, or a field of an offered beat, is X or Z
  logic [31:0]                                  out_fields;       // the beat as beats_*.bin holds it: layer, count, last
  assign m_fire     = m_valid && m_ready;
  assign s_fire     = s_valid && s_ready;
  assign m_wait     = m_valid && !m_ready;
  assign s_wait     = s_valid && !s_ready;
  assign raised     = error || done;
  // An XOR reduction is X if any bit is X or Z (cheaper on Icarus than $isunknown, a system function
  // call, and $isunknown of a concatenation of known bits is X on Icarus 11).
  assign port_x     = ^{s_ready, m_valid, error, done, m_valid ? {m_data, m_count, m_layer, m_last} : '0};
  assign out_fields = {16'(m_layer), 8'(m_count), 7'd0, m_last};

  // ---------------------------------------------------------------------------------------------
  // Vectors and run options
  // ---------------------------------------------------------------------------------------------
  logic [TbInputWidth-1:0] stream_mem [0:StreamDepth-1];
  logic [TbMaxBits-1:0]    weight_mem [0:TbWeights-1];
  logic [63:0]             beat_mem   [0:TbBeats-1];
  logic [31:0]             word_mem   [0:TbWords-1];   // the cycle of each word's input handshake

  string   vectors_dir, beats_file, words_file, sim_name, json_path, waves_path, corrupt, stream_file;
  string   flip_weights;
  // +dump=PATH: every weight the decoder emits, in weights.hex format, so the network can be run on
  // exactly what the RTL produced (decoderhw evaluate --levels PATH).
  string   dump_path;
  int      dump_fd;
  int      stall_in, stall_out, burst_in, burst_out;
  longint  seed_in, seed_out, done_cycle, corrupt_seed;
  int      corrupt_expect_error;
  logic    lie_run;          // +corrupt=lie
  logic    checked;          // every beat is compared (good streams, and flips the reference accepts)
  logic    check_cycles;     // and its cycle, every word's cycle and done_o's (good streams)
  int      n_words;          // words driven (changes with truncate/extra)
  int      next_words, next_beats;  // back to back: the second stream's words and beats (0: none)
  longint  next_done_cycle;
  int      stream_words, stream_beats;  // where the stream now running ends (words, beats)
  longint  stream_weight0;               // weights of the streams before it
  logic    restart;                      // the next cycle is cycle 0 of the second stream
  longint  max_cycles;       // watchdog

  // The stall pattern's LFSR (docs/architecture.md): a 32-bit Galois LFSR. A macro, not a function:
  // Icarus runs every function call as a thread of its own.
`define TB_LFSR_NEXT(s) ((s >> 1) ^ (s[0] ? 32'h8020_0003 : 32'h0))

  // A simulator-independent hash for the corruption choices (splitmix64's finalizer).
  function automatic logic [63:0] mix64(input logic [63:0] x);
    logic [63:0] z;
    z = x + 64'h9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)) * 64'hbf58_476d_1ce4_e5b9;
    z = (z ^ (z >> 27)) * 64'h94d0_49bb_1331_11eb;
    return z ^ (z >> 31);
  endfunction

  // Not inlined on Verilator: inlined, its strings are built and freed in the per-cycle code.
  function automatic string hexs(input logic [TbMaxBits-1:0] v);
    /*verilator no_inline_task*/
    return $sformatf("%0d (0x%h)", $signed(v), v);
  endfunction

  // Good streams: 16 cycles past done_o or the stream's last output handshake, whichever comes later
  // (under backpressure done_o can come while the last beat still waits for m_ready).
  function automatic longint watchdog_for(input longint done_at, input int end_beat);
    longint last_beat_at;
    last_beat_at = longint'(beat_mem[end_beat - 1][63:32]);
    return (done_at > last_beat_at ? done_at : last_beat_at) + 16;
  endfunction

  // It reads +sim itself (not sim_name): a task that uses no module variable need not be inlined.
  task automatic fail(input string msg);
    /*verilator no_inline_task*/
    string name;
    if (!$value$plusargs("sim=%s", name)) name = "sim";
    $display("TB FAIL [%s]: %s", name, msg);
    $fatal(1, "tb_decoder: %s", msg);
  endtask

  // Vector files: opened for $fread (binary records), read whole, checked for their length.
  task automatic open_vectors(input string file, output int fd);
    fd = $fopen({vectors_dir, "/", file}, "rb");
    if (fd == 0) fail($sformatf("cannot read %s/%s (run gen)", vectors_dir, file));
  endtask

  task automatic check_read(input string file, input longint got, input longint want);
    if (got != want) fail($sformatf("%s/%s: read %0d bytes, expected %0d (tb_params.vh and the vectors disagree: run gen)",
                                    vectors_dir, file, got, want));
  endtask

  // ---------------------------------------------------------------------------------------------
  // Run state
  // ---------------------------------------------------------------------------------------------
  logic [31:0] lfsr_in, lfsr_out;
  int          burst_in_count, burst_out_count;  // cycles since the side's LFSR last stepped
  longint      cycle;
  int          word_idx;
  logic        held;
  int          beat_idx;
  longint      weight_idx;
  longint      first_in_cycle, first_out_cycle, last_out_cycle;
  logic        done_seen;
  longint      done_seen_cycle;
  logic        draining;     // done_o and the last beat have come: TbDrainCycles quiet cycles follow
  longint      drain_end;
  int          mismatches;
  longint      layer_weights [0:TbLayers-1];
  longint      layer_first   [0:TbLayers-1];
  longint      layer_last    [0:TbLayers-1];
  // The previous cycle's handshake state, for the hold rules.
  logic                    out_waited, in_waited;
  logic [DataWidth-1:0]    out_data_q;
  logic [TbCountWidth-1:0] out_count_q;
  logic [TbLayerWidth-1:0] out_layer_q;
  logic                    out_last_q;
  logic [TbInputWidth-1:0] in_data_q;
  logic                    in_last_q;
  longint                  out_offer_cycle, in_offer_cycle;
  logic                    running;      // rst_n is released: the falling edges check
  int                      reset_edges;

  // The common cycle is kept cheap for Icarus, where every variable read costs a dynamic_cast and
  // every task call, named block or for-loop with its own variable starts a thread (docs/rtl.md,
  // "Testbench"): it reads few variables, and the full checks run whenever a cheap test says they
  // could fail. They are the same checks either way.
  logic        drive_valid, beat_ok;
  logic        stalling;          // a stall threshold is not 0: the LFSRs gate the handshakes
  logic        in_open, out_open; // the LFSRs' gates for this cycle: lfsr[7:0] >= stall threshold
  int          lane;              // lane loops' index (module scope: a for-loop's own int is a scope)
  longint      next_word_cycle;   // good streams: word_mem[word_idx] while words remain, else -1
  longint      next_end_check;    // the first cycle the end checks must see: done_cycle or the watchdog
  logic        end_watch;         // the end checks run every cycle: a corrupt stream, or after done_o
  int          cur_layer;         // the layer of the last beat (-1: none yet in this stream)
  longint      layer_w0;          // weight_idx at cur_layer's first beat

  // The next beat's expectation, as nets of beat_idx and weight_idx (which change only in the checks
  // at a falling edge, so both simulators have settled these by the next one): its record and lanes.
  logic [63:0]          beat_rec;   // beat_mem[beat_idx]: cycle, layer, count, last as gen wrote them
  logic [DataWidth-1:0] exp_data;   // weight_mem[weight_idx + j] in lane j below the count, 0 above
  assign beat_rec = beat_mem[beat_idx];
  for (genvar j = 0; j < TbLanes; j++) begin : gen_exp_lane
    assign exp_data[j*TbMaxBits +: TbMaxBits] = (j < int'(beat_rec[15:8])) ? weight_mem[weight_idx + j] : '0;
  end

  task check_beat();
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
    for (lane = 0; lane < TbLanes; lane++) begin
      got = m_data[lane*TbMaxBits +: TbMaxBits];
      if (lane < exp_count) begin
        want = weight_mem[weight_idx + lane];
        if (got !== want) begin
          mismatches++;
          fail($sformatf("weight %0d (beat %0d, layer %0d, lane %0d): expected %s, got %s, cycle %0d",
                         weight_idx + lane, beat_idx, exp_layer, lane, hexs(want), hexs(got), cycle));
        end
      end else if (got !== '0) begin
        mismatches++;
        fail($sformatf("beat %0d lane %0d above count %0d: expected 0, got %s, cycle %0d",
                       beat_idx, lane, exp_count, hexs(got), cycle));
      end
    end
    // !== on the port's own width: an X or Z never equals a number (int'() would read it as 0 on Icarus).
    if (m_layer !== TbLayerWidth'(exp_layer) || m_count !== TbCountWidth'(exp_count) || m_last !== exp_last) begin
      mismatches++;
      fail($sformatf("beat %0d (weight %0d): expected layer %0d count %0d last %0d, got layer %0d count %0d last %0d, cycle %0d",
                     beat_idx, weight_idx, exp_layer, exp_count, exp_last, m_layer, m_count, m_last, cycle));
    end
    if (check_cycles && cycle != exp_cycle) begin
      mismatches++;
      fail($sformatf("beat %0d (weight %0d, layer %0d): expected handshake in cycle %0d, got cycle %0d",
                     beat_idx, weight_idx, exp_layer, exp_cycle, cycle));
    end
    take_beat();
  endtask

  // A beat that passed check_beat (or the quick compare in check_cycle that stands for it): the
  // dump, the per-layer figures (updated at a layer's first beat; report() closes the last layer)
  // and the next beat. beat_rec is the beat's record.
  task take_beat();
    if (dump_fd != 0) begin
      for (lane = 0; lane < int'(m_count); lane++) $fwrite(dump_fd, "%h\n", m_data[lane*TbMaxBits +: TbMaxBits]);
    end
    if (int'(beat_rec[31:16]) != cur_layer) start_layer(int'(beat_rec[31:16]));
    last_out_cycle = cycle;
    weight_idx += longint'(beat_rec[15:8]);
    beat_idx++;
  endtask

  task start_layer(input int k);
    close_layer();
    if (first_out_cycle < 0) first_out_cycle = cycle;
    if (layer_first[k] < 0) layer_first[k] = cycle;
    cur_layer = k;
  endtask

  // The layer of the beats so far ends at the last beat taken: its last cycle and weights.
  task close_layer();
    if (cur_layer >= 0) begin
      layer_last[cur_layer] = last_out_cycle;
      layer_weights[cur_layer] += weight_idx - layer_w0;
    end
    layer_w0 = weight_idx;
  endtask

  // Corrupt runs the reference rejects: the decoded weights are only counted against the good ones.
  task count_corrupt_beat();
    for (lane = 0; lane < TbLanes; lane++) begin
      if (lane < int'(m_count) && weight_idx + lane < TbWeights
          && m_data[lane*TbMaxBits +: TbMaxBits] !== weight_mem[weight_idx + lane]) begin
        mismatches++;
      end
    end
    weight_idx += longint'(m_count);
  endtask

  // Good streams: a word is taken exactly in the cycle the model takes it.
  task check_word(input logic fire);
    longint exp_cycle;
    if (word_idx < stream_words) begin
      exp_cycle = longint'(word_mem[word_idx]);
      if (fire && cycle != exp_cycle)
        fail($sformatf("word %0d of %0d: expected input handshake in cycle %0d, got cycle %0d",
                       word_idx, stream_words, exp_cycle, cycle));
      if (!fire && cycle == exp_cycle)
        fail($sformatf("word %0d of %0d: expected input handshake in cycle %0d, none (s_valid %0d, s_ready_o %0d)",
                       word_idx, stream_words, exp_cycle, s_valid, s_ready));
    end
  endtask

  // Every cycle: no output or flag is X/Z, and what was offered and not taken last cycle still is.
  task check_protocol();
    if (port_x === 1'bx) begin
      if ((^{s_ready, m_valid, error, done}) === 1'bx)
        fail($sformatf("unknown (X/Z) flag in cycle %0d: s_ready_o %b m_valid_o %b error_o %b done_o %b",
                       cycle, s_ready, m_valid, error, done));
      if (m_valid && (^{m_data, m_count, m_layer, m_last}) === 1'bx)
        fail($sformatf("unknown (X/Z) output beat in cycle %0d (beat %0d): m_layer_o %b m_count_o %b m_last_o %b m_data_o %h",
                       cycle, beat_idx, m_layer, m_count, m_last, m_data));
    end
    // A decoder that raises error_o has given up on the stream; its output register may be cleared.
    if (out_waited && error !== 1'b1) begin
      if (m_valid !== 1'b1)
        fail($sformatf("m_valid_o dropped in cycle %0d: beat %0d, offered since cycle %0d, was not taken (m_ready low)",
                       cycle, beat_idx, out_offer_cycle));
      if (m_data !== out_data_q || m_count !== out_count_q || m_layer !== out_layer_q || m_last !== out_last_q)
        fail($sformatf("beat %0d changed in cycle %0d while m_valid_o waited for m_ready (offered since cycle %0d): layer %0d->%0d count %0d->%0d last %0d->%0d data %h->%h",
                       beat_idx, cycle, out_offer_cycle, out_layer_q, m_layer, out_count_q, m_count, out_last_q, m_last, out_data_q, m_data));
    end
    if (in_waited) begin
      if (s_valid !== 1'b1 || s_data !== in_data_q || s_last !== in_last_q)
        fail($sformatf("testbench: word %0d withdrawn or changed in cycle %0d while waiting for s_ready_o (offered since cycle %0d)",
                       word_idx, cycle, in_offer_cycle));
    end
    // A wait starts in the cycle the beat (word) is offered and not taken: its offer cycle, for the messages.
    if (m_wait) begin
      if (!out_waited) out_offer_cycle = cycle;
      out_waited  = 1'b1;
      out_data_q  = m_data;
      out_count_q = m_count;
      out_layer_q = m_layer;
      out_last_q  = m_last;
    end else if (out_waited) begin
      out_waited  = 1'b0;
    end
    if (s_wait) begin
      if (!in_waited) in_offer_cycle = cycle;
      in_waited   = 1'b1;
      in_data_q   = s_data;
      in_last_q   = s_last;
    end else if (in_waited) begin
      in_waited   = 1'b0;
    end
  endtask

  // An accepted flip: the reference decoder's output is weights.bin with the records of +flip_weights
  // (index << 32 | value, in weight order) put in.
  logic [63:0] flip_mem [0:TbWeights-1];
  int          flip_changed;
  task automatic apply_flip_weights();
    int fd, n;
    open_vectors(flip_weights, fd);
    n = $fread(flip_mem, fd);
    $fclose(fd);
    if (n % 8 != 0) fail($sformatf("%s/%s: %0d bytes, not whole 8-byte records", vectors_dir, flip_weights, n));
    for (int i = 0; i < n / 8; i++) begin
      if (flip_mem[i][63:32] >= 32'(TbWeights)) fail($sformatf("%s: weight index %0d out of range", flip_weights, flip_mem[i][63:32]));
      weight_mem[flip_mem[i][63:32]] = flip_mem[i][TbMaxBits-1:0];
    end
    flip_changed = n / 8;
    $display("TB corrupt=flip: the reference decoder accepts the stream; %0d weight(s) differ from weights.bin (%s)", flip_changed, flip_weights);
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
    close_layer();
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
    int fd, n;
    if (!$value$plusargs("vectors=%s", vectors_dir)) vectors_dir = ".";
    if (!$value$plusargs("beats=%s", beats_file)) beats_file = "beats_free.bin";
    if (!$value$plusargs("words=%s", words_file)) words_file = "";
    if (!$value$plusargs("sim=%s", sim_name)) sim_name = "sim";
    if (!$value$plusargs("json=%s", json_path)) json_path = "";
    if (!$value$plusargs("corrupt=%s", corrupt)) corrupt = "";
    if (!$value$plusargs("stall_in=%d", stall_in)) stall_in = 0;
    if (!$value$plusargs("stall_out=%d", stall_out)) stall_out = 0;
    if (!$value$plusargs("burst_in=%d", burst_in)) burst_in = 1;
    if (!$value$plusargs("burst_out=%d", burst_out)) burst_out = 1;
    if (!$value$plusargs("seed_in=%d", seed_in)) seed_in = 1;
    if (!$value$plusargs("seed_out=%d", seed_out)) seed_out = 1;
    if (!$value$plusargs("done_cycle=%d", done_cycle)) done_cycle = -1;
    if (!$value$plusargs("corrupt_seed=%d", corrupt_seed)) corrupt_seed = 1;
    if (!$value$plusargs("stream=%s", stream_file)) stream_file = "stream.bin";
    if (!$value$plusargs("flip_weights=%s", flip_weights)) flip_weights = "";
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
    if (burst_in < 1 || burst_out < 1) fail("burst lengths must be 1 or more");

`ifdef TB_WAVES
    if (!$value$plusargs("waves=%s", waves_path)) waves_path = "waves.vcd";
    $dumpfile(waves_path);
    $dumpvars(0, tb_decoder);
`endif

    check_cycles = (corrupt == "");
    lie_run = (corrupt == "lie");
    checked = check_cycles || (corrupt == "flip" && !corrupt_expect_error && flip_weights != "");
    open_vectors(stream_file, fd);
    n = $fread(stream_mem, fd, 0, TbWords);
    $fclose(fd);
    // A lying stream (+corrupt=lie) may be shorter than the model's; the rest of stream_mem is never driven then.
    if (corrupt == "lie") begin
      if (n <= 0 || n > TbWords * ((TbInputWidth + 7) / 8)) check_read(stream_file, n, TbWords * ((TbInputWidth + 7) / 8));
    end else begin
      check_read(stream_file, n, TbWords * ((TbInputWidth + 7) / 8));
    end
    open_vectors("weights.bin", fd);
    check_read("weights.bin", $fread(weight_mem, fd), longint'(TbWeights) * ((TbMaxBits + 7) / 8));
    $fclose(fd);
    if (checked && !check_cycles) apply_flip_weights();
    if (checked) begin
      open_vectors(beats_file, fd);
      check_read(beats_file, $fread(beat_mem, fd), longint'(TbBeats) * 8);
      $fclose(fd);
    end
    if (check_cycles) begin
      if (words_file == "") fail("missing +words (the cycle of every input word: words_*.bin)");
      open_vectors(words_file, fd);
      check_read(words_file, $fread(word_mem, fd), longint'(TbWords) * 4);
      $fclose(fd);
    end

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
      max_cycles = watchdog_for(done_cycle, stream_beats);
    end

    lfsr_in  = (seed_in == 0) ? 32'd1 : 32'(seed_in);
    lfsr_out = (seed_out == 0) ? 32'd1 : 32'(seed_out);
    stalling = (stall_in != 0 || stall_out != 0);
    open_gates();
    burst_in_count = 0;
    burst_out_count = 0;
    word_idx = 0;
    held = 1'b0;
    beat_idx = 0;
    weight_idx = 0;
    first_in_cycle = -1;
    first_out_cycle = -1;
    last_out_cycle = -1;
    done_seen = 1'b0;
    done_seen_cycle = -1;
    draining = 1'b0;
    drain_end = -1;
    mismatches = 0;
    out_waited = 1'b0;
    in_waited = 1'b0;
    out_offer_cycle = -1;
    in_offer_cycle = -1;
    cur_layer = -1;
    layer_w0 = 0;
    next_word_cycle = (check_cycles && stream_words > 0) ? longint'(word_mem[0]) : -1;
    next_end_check = end_check_from(done_cycle, max_cycles);
    end_watch = !checked;
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
    running = 1'b0;
    reset_edges = 0;
    cycle = 0;
  end

  // Stimulus of cycle `cycle`, at the rising edge that starts it (after TbResetCycles rising edges in
  // reset, the one that releases rst_n starts cycle 0); after the end, no input and the sink always ready.
  task drive();
    if (reset_edges < TbResetCycles - 1) begin
      reset_edges++;
    end else begin
      drive_valid = !draining && (word_idx < stream_words) && (held || in_open);
      rst_n   <= 1'b1;
      running =  1'b1;
      s_valid <= drive_valid;
      s_data  <= drive_valid ? stream_mem[word_idx] : '0;
      s_last  <= drive_valid && (word_idx == stream_words - 1);
      m_ready <= draining || out_open;
    end
  endtask

`ifdef TB_EXTERNAL_CLOCK
  always @(posedge clk) drive();
  always @(negedge clk) begin
    if (running) check_cycle();
  end
`else
  // The clock, the stimulus and the checks in one process: on Icarus each process woken by an edge
  // costs a thread wake-up. The same order as the two edge processes: the stimulus right after the
  // rising edge (nonblocking: the DUT's flops sample the previous cycle's), the checks at the falling one.
  initial begin
    clk = 1'b0;
    forever begin
      #5 clk = 1'b1;
      drive();
      #5 clk = 1'b0;
      if (running) check_cycle();
    end
  end
`endif

  // The falling edge of cycle `cycle`: what the rising edge at its end samples, checked; then the
  // bench's state steps to the next cycle.
  task check_cycle();
    // What the rising edge at the end of the cycle samples.
    check_protocol();
    if (m_fire) begin
      if (draining)
        fail($sformatf("output beat in cycle %0d, after done_o (cycle %0d) and the last beat: layer %0d count %0d last %0d",
                       cycle, done_seen_cycle, m_layer, m_count, m_last));
      if (checked) begin
        // One compare of the beat against its record (the cycle on good streams; layer, count, last)
        // and its lanes; only a difference runs check_beat, which names the first one and fails.
        beat_ok = (beat_idx < TbBeats)
                  && ({check_cycles ? cycle[31:0] : beat_rec[63:32], out_fields, m_data} === {beat_rec, exp_data});
        if (beat_ok) take_beat();
        else check_beat();
      end else begin
        count_corrupt_beat();
        // Every lie is in layer 0's header: the decoder must reject it while loading, before any weight.
        if (lie_run) fail($sformatf("corrupt=lie: a weight left the decoder in cycle %0d, before error_o", cycle));
      end
    end
    // check_word can only fail on a handshake or in the cycle the model takes the next word.
    if (s_fire || cycle == next_word_cycle) begin
      if (check_cycles) check_word(s_fire);
      if (s_fire) begin
        if (first_in_cycle < 0) first_in_cycle = cycle;
        word_idx++;
        next_word_cycle = (check_cycles && word_idx < stream_words) ? longint'(word_mem[word_idx]) : -1;
      end
    end
    held = s_wait;

    // The end checks can only act on error_o or done_o, after done_o, from the model's done cycle or
    // at the watchdog, and always on corrupt streams.
    if (end_watch || raised || cycle >= next_end_check) check_end();

    if (restart) begin
      restart  = 1'b0;
      lfsr_in  = (seed_in == 0) ? 32'd1 : 32'(seed_in);
      lfsr_out = (seed_out == 0) ? 32'd1 : 32'(seed_out);
      burst_in_count = 0;
      burst_out_count = 0;
      cycle    = 0;
      next_word_cycle = (check_cycles && word_idx < stream_words) ? longint'(word_mem[word_idx]) : -1;
      next_end_check = end_check_from(done_cycle, max_cycles);
      open_gates();
    end else begin
      // A side's LFSR steps once every burst cycles (docs/architecture.md); with both thresholds 0 the
      // gates are always open and the LFSRs need not step.
      // (counters, not (cycle + 1) % burst: a 64-bit division every cycle showed in Verilator's profile)
      if (stalling) begin
        burst_in_count++;
        burst_out_count++;
        if (burst_in_count == burst_in) begin
          lfsr_in = `TB_LFSR_NEXT(lfsr_in);
          burst_in_count = 0;
        end
        if (burst_out_count == burst_out) begin
          lfsr_out = `TB_LFSR_NEXT(lfsr_out);
          burst_out_count = 0;
        end
        open_gates();
      end
      cycle++;
    end
  endtask

  // The stall pattern's gates for the next cycle, from the LFSRs' low bytes.
  task open_gates();
    in_open  = ({24'b0, lfsr_in[7:0]} >= 32'(stall_in));
    out_open = ({24'b0, lfsr_out[7:0]} >= 32'(stall_out));
  endtask

  // Good streams: the end checks may skip the cycles before this one when nothing is raised.
  function automatic longint end_check_from(input longint done_at, input longint watchdog);
    return (check_cycles && done_at < watchdog) ? done_at : watchdog;
  endfunction

  // done_o, error_o, the quiet cycles after the end, the back-to-back restart and the watchdog.
  task check_end();
    if (checked) begin
      if (error) fail($sformatf("error_o in cycle %0d (beat %0d, weight %0d)%s", cycle, beat_idx, weight_idx,
                                draining ? ", after done_o and the last beat" : ""));
      if (done && draining)
        fail($sformatf("done_o again in cycle %0d, after done_o in cycle %0d", cycle, done_seen_cycle));
      if (done && done_seen)
        fail($sformatf("done_o again in cycle %0d, after done_o in cycle %0d (beat %0d of %0d)", cycle, done_seen_cycle, beat_idx, TbBeats));
      if (done && check_cycles && cycle != done_cycle)
        fail($sformatf("done_o in cycle %0d, expected in cycle %0d", cycle, done_cycle));
      if (done) begin
        done_seen = 1'b1;
        done_seen_cycle = cycle;
      end
      if (check_cycles && cycle == done_cycle && !done)
        fail($sformatf("done_o low in cycle %0d where the model has it high (beat %0d of %0d)", cycle, beat_idx, TbBeats));
      if (done_seen && beat_idx == stream_beats && word_idx != stream_words)
        fail($sformatf("done_o and the last beat came with %0d of %0d words taken", word_idx, stream_words));
      if (done_seen && beat_idx == stream_beats && stream_beats < TbBeats) begin
        // Back to back: the first stream passed; the second starts in the next cycle, as from reset.
        $display("TB PASS [%s] %s: first stream: %0d weights, %0d beats, %0d words, done_o in cycle %0d", sim_name,
                 beats_file, weight_idx, beat_idx, word_idx, done_cycle);
        report();
        stream_words = n_words;
        stream_beats = TbBeats;
        stream_weight0 = weight_idx;
        done_cycle = next_done_cycle;
        max_cycles = watchdog_for(done_cycle, TbBeats);
        done_seen = 1'b0;
        held = 1'b0;
        first_in_cycle = -1;
        first_out_cycle = -1;
        for (int k = 0; k < TbLayers; k++) begin
          layer_weights[k] = 0;
          layer_first[k] = -1;
          layer_last[k] = -1;
        end
        cur_layer = -1;
        layer_w0 = weight_idx;
        restart = 1'b1;
      end
      if (!draining && done_seen && beat_idx == TbBeats) begin
        draining = 1'b1;
        drain_end = cycle + TbDrainCycles;
      end else if (draining && cycle == drain_end) begin
        if (check_cycles) begin
          $display("TB PASS [%s] %s: %0d weights, %0d beats, %0d words, done_o in cycle %0d, then %0d quiet cycles",
                   sim_name, beats_file, weight_idx, beat_idx, word_idx, done_cycle, TbDrainCycles);
          report();
        end else begin
          $display("TB PASS [%s] corrupt=flip seed %0d: done_o in cycle %0d; the reference decoder accepts this stream and all %0d weights (%0d changed by the flip) and %0d beats equal its output, %0d words, then %0d quiet cycles",
                   sim_name, corrupt_seed, done_seen_cycle, weight_idx, flip_changed, beat_idx, word_idx, TbDrainCycles);
        end
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
        // Only when gen could not write the reference's output (the flip changed a layer's weight count).
        $display("TB PASS [%s] corrupt=%s seed %0d: done_o in cycle %0d, %0d of %0d weights differ; the reference decoder accepts this stream too (weights not compared: no +flip_weights)",
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
    if (!restart && !draining && cycle >= max_cycles) begin
      fail($sformatf("watchdog: cycle %0d reached; %0d of %0d beats, %0d of %0d words accepted, error_o %0d, done_o %0d",
                     cycle, beat_idx, TbBeats, word_idx, n_words, error, done));
    end
    end_watch = !checked || done_seen;

  endtask

endmodule

`default_nettype wire
