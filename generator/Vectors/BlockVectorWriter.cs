using System.Globalization;
using System.Text;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Rtl;

namespace DecoderHw.Vectors;

/// <summary>
/// Vectors for the block-level testbenches (testbenches/tb_bitbuf.sv, tb_lane.sv, tb_tables_ram.sv,
/// tb_tables_huffman_ram.sv): stimulus and the results C# expects of one block on its own, so a bug in
/// a block fails at that block rather than as a cycle mismatch of the whole decoder. Each testbench
/// stalls with the decoder testbench's LFSR (<see cref="Lfsr"/>, <see cref="StallScenario.Stall"/>); the
/// cycles that depend on the stalls are computed here with the same generator. Written to vectors/blocks/,
/// one NAME.vh of sizes and file names per block, beside its .hex files.
/// </summary>
public static class BlockVectorWriter
{
    public const string Folder = "blocks";

    /// <summary>Steps of the bit buffer bench: enough to fill, drain and refill the buffer many times.</summary>
    private const int BitbufSteps = 400;

    /// <summary>Cycles of the lane bench.</summary>
    private const int LaneSteps = 300;

    public static void Write(ResolvedModel model, EncodedStream stream, string vectorsDir)
    {
        var rtl = RtlModel.From(model, RtlWriter.SpecLabel(model.Spec.SourcePath), RtlWriter.GeneratorVersion());
        var dir = Path.Combine(vectorsDir, Folder);
        Directory.CreateDirectory(dir);
        Bitbuf(rtl, stream, dir);
        switch (rtl.Variant)
        {
            case TansRomRtl rom:
                Lane(rtl, rom.Tans, model, dir);
                break;
            case TansRamRtl ram:
                Lane(rtl, ram.Tans, model, dir);
                TablesRam(rtl, ram, model, dir);
                break;
            case HuffmanRamRtl huffman:
                TablesHuffmanRam(rtl, huffman, model, dir);
                break;
        }
    }

    /// <summary>The bit buffer under seeded input stalls and a seeded series of consumes: each step takes
    /// <c>need</c> bits (0..C_MAX) as soon as they are there; the bench checks the fill in every cycle
    /// (fill_o, or the pipelined buffer's registered enough/word compares), the cycle of every step and
    /// the bits it sees at the bottom of buf_o. Both buffers keep the same fill, a cycle apart in how.</summary>
    private static void Bitbuf(RtlModel rtl, EncodedStream stream, string dir)
    {
        var scenario = StallScenario.Stall;
        // Word 0 is the model tag: the bit buffer's tag check takes it and stores nothing (docs/bitstream.md).
        long first = stream.TagBits;
        long available = (long)stream.WordCount * rtl.InputWidth - first;
        var random = new Random(18);
        var needs = new List<int>();
        long position = 0;
        while (needs.Count < BitbufSteps && position < available)
        {
            // The first step reads at least a bit, so nothing fires in cycle 0 (the pipelined buffer's
            // enough_q is that of a 0-bit beat out of reset, as the decoder's IDLE is).
            int need = (int)Math.Min(random.Next(needs.Count == 0 ? 1 : 0, rtl.BitsPerCycle + 1), available - position);
            needs.Add(need);
            position += need;
        }

        // The first words of stream.hex: those the steps read, and a buffer's worth beyond.
        int words = (int)Math.Min(stream.WordCount, stream.TagWords + (position + rtl.BufferWidth) / rtl.InputWidth + 1);

        // The bit buffer's rules (docs/architecture.md): a word is taken while fill <= W_BUF - IW, a
        // step fires when its bits are there; the testbench holds valid once raised.
        var gate = new Lfsr(scenario.InputSeed);
        var cycles = new List<long>();
        var fills = new List<string>();
        long fill = 0;
        int accepted = 0;
        bool held = false, lastSeen = false, tagPending = stream.TagWords > 0;
        for (long cycle = 0; cycles.Count < needs.Count; cycle++)
        {
            if (cycle > 64L * (needs.Count + words) + 1000) throw new InvalidOperationException("bit buffer model did not finish");
            fills.Add(fill.ToString("x4", CultureInfo.InvariantCulture));
            bool valid = accepted < words && (held || gate.Gate(scenario.InputStallThreshold));
            bool ready = tagPending ? !lastSeen : !lastSeen && fill <= rtl.BufferWidth - rtl.InputWidth;
            int consume = 0;
            if (needs[cycles.Count] <= fill)
            {
                consume = needs[cycles.Count];
                cycles.Add(cycle);
            }
            fill -= consume;
            if (valid && ready)
            {
                if (tagPending) tagPending = false;
                else fill += rtl.InputWidth;
                if (++accepted == words) lastSeen = true;
            }
            held = valid && !ready;
            gate.Advance();
        }

        var bits = new List<string>();
        position = 0;
        foreach (int need in needs)
        {
            bits.Add(Hex(StreamBits(stream, first + position, need), rtl.BufferWidth));
            position += need;
        }
        Lines(dir, "bitbuf_words.hex", Enumerable.Range(0, words).Select(stream.WordHex));
        Lines(dir, "bitbuf_need.hex", needs.Select(n => n.ToString("x4", CultureInfo.InvariantCulture)));
        Lines(dir, "bitbuf_bits.hex", bits);
        Lines(dir, "bitbuf_fill.hex", fills);
        Lines(dir, "bitbuf_cycle.hex", cycles.Select(c => c.ToString("x8", CultureInfo.InvariantCulture)));
        string[] defines = rtl.IsCircular ? ["TB_BITBUF_PIPELINED", "TB_BITBUF_CIRCULAR"] : rtl.IsPipelined ? ["TB_BITBUF_PIPELINED"] : [];
        Params(dir, "tb_bitbuf.vh", rtl, rtl.BitbufModule, defines,
            ("TbInputWidth", rtl.InputWidth), ("TbBufWidth", rtl.BufferWidth), ("TbFillWidth", rtl.FillWidth),
            ("TbStoreWidth", rtl.StoreWidth), ("TbPtrWidth", rtl.PtrWidth),
            ("TbWords", words), ("TbSteps", needs.Count), ("TbCycles", fills.Count), ("TbStall", scenario.InputStallThreshold), ("TbSeed", scenario.InputSeed));
    }

    /// <summary>The widest tANS lane: each cycle, when the LFSR lets it, it loads baseline | the nbBits
    /// bits at offset of a seeded window, with (baseline, nbBits) pairs from the model's own decode tables.</summary>
    private static void Lane(RtlModel rtl, TansWidths tans, ResolvedModel model, string dir)
    {
        var scenario = StallScenario.Stall;
        var lane = tans.LaneInstances[^1];
        var entries = model.Layers.SelectMany(l => l.Tables.Decode).Where(e => e.NbBits <= tans.StateWidth).ToList();
        var random = new Random(18);
        var gate = new Lfsr(scenario.InputSeed);
        var ctrl = new List<string>();
        var windows = new List<string>();
        var states = new List<string>();
        long state = 0;
        for (int step = 0; step < LaneSteps; step++)
        {
            var entry = entries.Count > 0 ? entries[random.Next(entries.Count)] : new Tans.DecodeEntry(0, 0, 0);
            int offset = random.Next(0, Math.Max(1, lane.WindowWidth - entry.NbBits + 1));
            var window = new byte[(lane.WindowWidth + 7) / 8];
            random.NextBytes(window);
            bool load = gate.Gate(scenario.InputStallThreshold);
            long bits = 0;
            for (int b = 0; b < entry.NbBits; b++)
                if (Bit(window, offset + b, lane.WindowWidth)) bits |= 1L << b;
            long next = load ? ((long)(uint)entry.Baseline | bits) : state;
            ctrl.Add(string.Create(CultureInfo.InvariantCulture, $"{entry.NbBits:x2}{entry.Baseline:x4}{offset:x4}"));
            windows.Add(Hex(window, lane.WindowWidth));
            states.Add(next.ToString("x4", CultureInfo.InvariantCulture));
            state = next;
            gate.Advance();
        }
        Lines(dir, "lane_ctrl.hex", ctrl);
        Lines(dir, "lane_window.hex", windows);
        Lines(dir, "lane_state.hex", states);
        Params(dir, "tb_lane.vh", rtl, rtl.LaneModule, [],
            ("TbWindowWidth", lane.WindowWidth), ("TbStateWidth", tans.StateWidth), ("TbNbWidth", tans.NbBitsWidth), ("TbFillWidth", rtl.FillWidth),
            ("TbSteps", LaneSteps), ("TbStall", scenario.InputStallThreshold), ("TbSeed", scenario.InputSeed));
    }

    /// <summary>tANS tables: ram: every layer's counts through the builder (with stalls between load steps)
    /// into bank k mod 2, its busy cycles against <see cref="RamHeader.BuildCycles"/>, and every table word
    /// read back from the other bank while the next layer builds, compared with the decode table C# built
    /// (docs/bitstream.md).</summary>
    private static void TablesRam(RtlModel rtl, TansRamRtl ram, ResolvedModel model, string dir)
    {
        var layers = new List<string>();
        var counts = new List<string>();
        var entries = new List<string>();
        foreach (var layer in model.Layers)
        {
            var tables = layer.Tables;
            int build = RamHeader.BuildCycles(tables.NormalizedCounter, layer.TableLog, model.Spec.BuildEngines);
            layers.Add(string.Create(CultureInfo.InvariantCulture, $"{build:x8}{layer.TableLog:x2}{layer.Bits:x2}{tables.NormalizedCounter.Length:x4}"));
            counts.AddRange(tables.NormalizedCounter.Select(c => c.ToString("x4", CultureInfo.InvariantCulture)));
            int digits = (ram.Tans.EntryWidth + 3) / 4;
            foreach (var e in tables.Decode)
            {
                long value = (e.Symbol - layer.MaxLevel) & ((1L << rtl.MaxBits) - 1);
                long word = (value << (ram.Tans.NbBitsWidth + ram.Tans.StateWidth)) | ((long)e.NbBits << ram.Tans.StateWidth) | (long)e.Baseline;
                entries.Add(word.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            }
        }
        Lines(dir, "tables_layers.hex", layers);
        Lines(dir, "tables_counts.hex", counts);
        Lines(dir, "tables_entries.hex", entries);
        // testbenches/tb_tables_ram.sv drives the ports of each bank count: two by default (no define, so the
        // default decoder's vectors stay as they were), one (busy_o, no bank) or three (no busy_o, restart_i).
        string[] defines = ram.Ram.OneBank ? ["TB_TABLES_ONE_BANK"] : ram.Ram.ThreeBanks ? ["TB_TABLES_THREE_BANKS"] : [];
        Params(dir, "tb_tables_ram.vh", rtl, rtl.TablesModule, defines,
            ("TbLanes", rtl.Lanes), ("TbMaxBits", rtl.MaxBits), ("TbStateWidth", ram.Tans.StateWidth), ("TbNbWidth", ram.Tans.NbBitsWidth),
            ("TbEntryWidth", ram.Tans.EntryWidth), ("TbSymbolWidth", ram.Ram.SymbolWidth), ("TbNextWidth", ram.Ram.NextWidth),
            ("TbLayers", model.Layers.Count), ("TbCounts", counts.Count), ("TbEntries", entries.Count),
            ("TbStall", StallScenario.Stall.InputStallThreshold), ("TbSeed", StallScenario.Stall.InputSeed));
    }

    /// <summary>Huffman tables: ram: every layer's code lengths (or its single symbol) through the code builder,
    /// with stalls between load steps, then End/Base and the symbol table compared with C#'s
    /// (<see cref="HuffmanRtlTables.Constants"/>, left-justified to huffman_max_length).</summary>
    private static void TablesHuffmanRam(RtlModel rtl, HuffmanRamRtl variant, ResolvedModel model, string dir)
    {
        var h = variant.Huffman;
        var layers = new List<string>();
        var fields = new List<string>();
        var constants = new List<string>();
        var symbols = new List<string>();
        var present = new List<string>();
        foreach (var layer in model.Layers)
        {
            var code = layer.Huffman ?? throw new InvalidOperationException($"layer {layer.Name} has no Huffman code");
            bool single = code.MaxCodeLength == 0;
            int fieldCount = single ? 1 : code.CodeLengths.Length;
            int build = single ? 0 : RamHuffmanHeader.BuildBusy(variant.HuffmanRam.LimitLength, code.CodeLengths.Length);
            layers.Add(string.Create(CultureInfo.InvariantCulture, $"{build:x4}{(single ? 1 : 0):x2}{layer.Bits:x2}{fieldCount:x4}{code.SortedSymbols.Length:x4}"));
            if (single) fields.Add(code.SortedSymbols[0].ToString("x4", CultureInfo.InvariantCulture));
            else fields.AddRange(code.CodeLengths.Select(l => l.ToString("x4", CultureInfo.InvariantCulture)));
            var (ends, bases) = HuffmanRtlTables.Constants(code, h.CodeWidth, 0, h.IndexWidth);
            // {Ends, Bases} as the builder's ends_o and bases_o, End[0] and Base[0] lowest: one hex line.
            var packed = System.Numerics.BigInteger.Zero;
            for (int l = ends.Length - 1; l >= 0; l--) packed = (packed << h.EndWidth) | ends[l];
            for (int l = bases.Length - 1; l >= 0; l--) packed = (packed << h.IndexWidth) | bases[l];
            constants.Add(BigHex(packed, h.EndsWidth + h.BasesWidth));
            // Base[l] is only read for lengths the layer has codes of (the builder leaves the others as they fall).
            long mask = single ? 1 : Enumerable.Range(1, code.MaxCodeLength).Where(l => code.CountOfLength[l] > 0).Sum(l => 1L << l);
            present.Add(mask.ToString("x8", CultureInfo.InvariantCulture));
            symbols.AddRange(code.SortedSymbols.Select(s => ((s - layer.MaxLevel) & ((1 << rtl.MaxBits) - 1)).ToString("x4", CultureInfo.InvariantCulture)));
        }
        Lines(dir, "huffman_layers.hex", layers);
        Lines(dir, "huffman_fields.hex", fields);
        Lines(dir, "huffman_constants.hex", constants);
        Lines(dir, "huffman_symbols.hex", symbols);
        Lines(dir, "huffman_present.hex", present);
        Params(dir, "tb_tables_huffman_ram.vh", rtl, rtl.TablesModule, [],
            ("TbLanes", rtl.Lanes), ("TbMaxBits", rtl.MaxBits), ("TbLimitLength", variant.HuffmanRam.LimitLength),
            ("TbSymbolWidth", variant.HuffmanRam.SymbolWidth), ("TbLengthWidth", variant.HuffmanRam.LengthWidth),
            ("TbIndexWidth", h.IndexWidth), ("TbEndsWidth", h.EndsWidth), ("TbBasesWidth", h.BasesWidth),
            ("TbLayers", model.Layers.Count), ("TbFields", fields.Count), ("TbSymbols", symbols.Count),
            ("TbStall", StallScenario.Stall.InputStallThreshold), ("TbSeed", StallScenario.Stall.InputSeed));
    }

    private static byte[] StreamBits(EncodedStream stream, long first, int count)
    {
        var bytes = new byte[(count + 7) / 8];
        for (int b = 0; b < count; b++)
        {
            long bit = first + b;
            if (bit < (long)stream.Bytes.Length * 8 && ((stream.Bytes[bit >> 3] >> (int)(bit & 7)) & 1) != 0)
                bytes[b >> 3] |= (byte)(1 << (b & 7));
        }
        return bytes;
    }

    private static bool Bit(byte[] bytes, int index, int width) =>
        index < width && index < bytes.Length * 8 && ((bytes[index >> 3] >> (index & 7)) & 1) != 0;

    /// <summary>The low <paramref name="width"/> bits of an LSB-first byte array as $readmemh hex.</summary>
    private static string Hex(byte[] bytes, int width)
    {
        int digits = (width + 3) / 4;
        var chars = new char[digits];
        for (int d = 0; d < digits; d++)
        {
            int nibble = 0;
            for (int b = 0; b < 4; b++)
                if (Bit(bytes, d * 4 + b, width)) nibble |= 1 << b;
            chars[digits - 1 - d] = "0123456789abcdef"[nibble];
        }
        return new string(chars);
    }

    private static string BigHex(System.Numerics.BigInteger value, int width)
    {
        int digits = (width + 3) / 4;
        var chars = new char[digits];
        for (int d = 0; d < digits; d++)
        {
            chars[digits - 1 - d] = "0123456789abcdef"[(int)(value & 15)];
            value >>= 4;
        }
        return new string(chars);
    }

    private static void Lines(string dir, string name, IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(line).Append('\n');
        File.WriteAllText(Path.Combine(dir, name), sb.ToString(), new UTF8Encoding(false));
    }

    /// <summary>NAME.vh: the module under test and the sizes its testbench declares its arrays with.</summary>
    private static void Params(string dir, string name, RtlModel rtl, string module, IReadOnlyList<string> defines,
        params (string Name, long Value)[] values)
    {
        var sb = new StringBuilder();
        sb.Append("// ").Append(name).Append(": block testbench sizes for ").Append(module).Append('\n');
        sb.Append("// Generated by ").Append(RtlWriter.GeneratorVersion()).Append(" from ").Append(rtl.SpecFile)
          .Append(": generated, do not edit.\n\n");
        sb.Append("`define TB_BLOCK ").Append(module).Append('\n');
        foreach (var define in defines) sb.Append("`define ").Append(define).Append('\n');
        foreach (var (n, v) in values)
            sb.Append("localparam int ").Append(n.PadRight(14)).Append(" = ").Append(v.ToString(CultureInfo.InvariantCulture)).Append(";\n");
        File.WriteAllText(Path.Combine(dir, name), sb.ToString(), new UTF8Encoding(false));
    }
}
