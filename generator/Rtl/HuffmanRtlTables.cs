using System.Globalization;
using DecoderHw.Huffman;
using DecoderHw.Model;

namespace DecoderHw.Rtl;

/// <summary>One layer's Huffman decode constants, as Verilog literals of the widths in <see cref="HuffmanRtlTables"/>.</summary>
/// <param name="EndsDescending">End[l] for l = M-1 down to 0 (a concatenation with End[0] lowest).</param>
/// <param name="BasesDescending">Base[l] for l = M down to 0.</param>
/// <param name="SymbolBase">Where the layer's sorted symbols start in the symbol ROM.</param>
/// <param name="Ends">End[l], l = 0..M-1.</param>
/// <param name="Bases">Base[l], l = 0..M.</param>
public sealed record HuffmanRtlLayer(int Index, string Name, int MaxCodeLength, int Symbols, int SymbolBase,
    IReadOnlyList<long> Ends, IReadOnlyList<long> Bases,
    IReadOnlyList<string> EndsDescending, IReadOnlyList<string> BasesDescending)
{
    public string SymbolBaseHex => SymbolBase.ToString("x", CultureInfo.InvariantCulture);
}

/// <summary>
/// The canonical-Huffman decode of docs/bitstream.md ("coder: huffman") in the form the lanes
/// compute it. Every layer's codes are left-justified to M = the largest code length of the model
/// (at least 1): a lane takes M bits at its offset and reverses them into v (first stream bit as MSB).
/// Canonical codes in (length, symbol) order are increasing left-justified intervals that tile
/// [0, 2^M), so with End[l] = (FirstCode[l] + CountOfLength[l]) &lt;&lt; (M - l) (carried over lengths
/// without codes, 2^M from the layer's own maximum length up) the code length is the number of
/// l in 0..M-1 with v &gt;= End[l] (End[0] = 0, or 2^M for a single-symbol layer, whose length is 0),
/// and the symbol is SymbolRom[Base[length] + (v &gt;&gt; (M - length))] with
/// Base[l] = SymbolBase + OffsetOfLength[l] - FirstCode[l] modulo 2^IndexWidth.
/// </summary>
/// <param name="CodeWidth">M: bits a lane looks at.</param>
/// <param name="EndWidth">M + 1: End[l] reaches 2^M.</param>
/// <param name="LengthWidth">Bits of a code length 0..M.</param>
/// <param name="IndexWidth">Symbol ROM address bits.</param>
/// <param name="SymbolWords">The symbol ROM: every layer's symbols in canonical order, as signed levels in hex.</param>
public sealed record HuffmanRtlTables(
    int CodeWidth,
    int EndWidth,
    int LengthWidth,
    int IndexWidth,
    int SymbolRomDepth,
    IReadOnlyList<HuffmanRtlLayer> Layers,
    IReadOnlyList<string> SymbolWords)
{
    public int CodeMsb => CodeWidth - 1;
    /// <summary>Width in which a lane shifts its code down to the code's own bits: wide enough for the ROM index.</summary>
    public int ShiftWidth => Math.Max(CodeWidth, IndexWidth);
    public int EndMsb => EndWidth - 1;
    public int LengthMsb => LengthWidth - 1;
    public int IndexMsb => IndexWidth - 1;
    /// <summary>Bits of one layer's End[0..M-1] and Base[0..M] vectors.</summary>
    public int EndsWidth => CodeWidth * EndWidth;
    public int BasesWidth => (CodeWidth + 1) * IndexWidth;
    public int EndsMsb => EndsWidth - 1;
    public int BasesMsb => BasesWidth - 1;
    public IReadOnlyList<HuffmanRtlLayer> LayersDescending => Layers.Reverse().ToList();

    public static HuffmanRtlTables From(ResolvedModel model)
    {
        int m = Math.Max(1, model.Layers.Max(l => Code(l).MaxCodeLength));
        // table_groups: the layers of a group share one code, so one run of the symbol ROM.
        int depth = model.Layers.Where(l => l.Group is null || model.Layers.First(o => o.Group == l.Group) == l).Sum(l => Code(l).SortedSymbols.Length);
        var groupBase = new Dictionary<int, int>();
        int indexWidth = Math.Max(1, RtlModel.CeilLog2(depth));
        int endWidth = m + 1;
        int lengthWidth = RtlModel.WidthFor(m);
        long full = 1L << m, indexMask = (1L << indexWidth) - 1;
        var words = new List<string>();
        var layers = new List<HuffmanRtlLayer>();
        int valueDigits = (model.MaxBits + 3) / 4;
        foreach (var layer in model.Layers)
        {
            var code = Code(layer);
            int mk = code.MaxCodeLength, symbolBase = words.Count;
            bool shared = false;
            if (layer.Group is { } g)
            {
                if (groupBase.TryGetValue(g, out int groupStart)) { symbolBase = groupStart; shared = true; }
                else groupBase[g] = symbolBase;
            }
            var (ends, bases) = Constants(code, m, symbolBase, indexWidth);
            if (!shared)
                foreach (int s in code.SortedSymbols)
                    words.Add(((long)(s - layer.MaxLevel) & ((1L << model.MaxBits) - 1)).ToString("x" + valueDigits, CultureInfo.InvariantCulture));
            CheckDecode(layer, code, m, ends, bases, indexMask, symbolBase);
            layers.Add(new HuffmanRtlLayer(layer.Index, layer.Name, mk, code.SortedSymbols.Length, symbolBase, ends, bases,
                ends.Reverse().Select(e => Literal(endWidth, e)).ToList(),
                bases.Reverse().Select(b => Literal(indexWidth, b)).ToList()));
        }
        return new HuffmanRtlTables(m, endWidth, lengthWidth, indexWidth, depth, layers, words);
    }

    /// <summary>End[l] (l = 0..M-1) and Base[l] (l = 0..M) of one layer's code left-justified to <paramref name="m"/> bits,
    /// its sorted symbols at <paramref name="symbolBase"/> of a table with <paramref name="indexWidth"/>-bit addresses:
    /// what the rom decoder bakes in and what the tables: ram code builder computes (its block testbench checks it).</summary>
    public static (long[] Ends, long[] Bases) Constants(LayerHuffmanCode code, int m, int symbolBase, int indexWidth)
    {
        int mk = code.MaxCodeLength;
        long full = 1L << m, indexMask = (1L << indexWidth) - 1;
        var ends = new long[m];
        var bases = new long[m + 1];
        ends[0] = mk == 0 ? full : 0;
        bases[0] = mk == 0 ? symbolBase : 0;
        long end = 0;
        for (int l = 1; l < m; l++)
        {
            if (l <= mk && code.CountOfLength[l] > 0)
                end = (long)(code.FirstCode[l] + code.CountOfLength[l]) << (m - l);
            ends[l] = l >= mk ? full : end;
        }
        for (int l = 1; l <= mk; l++)
            if (code.CountOfLength[l] > 0)
                bases[l] = (symbolBase + code.OffsetOfLength[l] - code.FirstCode[l]) & indexMask;
        return (ends, bases);
    }

    /// <summary>The hardware's decode, run on every M-bit pattern, must give the reference decoder's
    /// symbol and length (a guard on the constants, not a test: it runs at every generation).</summary>
    private static void CheckDecode(ResolvedLayer layer, LayerHuffmanCode code, int m, long[] ends, long[] bases, long indexMask, int symbolBase)
    {
        for (uint window = 0; window < 1u << m; window++)
        {
            long v = LayerHuffmanCode.BitReverse(window, m);
            int length = ends.Count(e => v >= e);
            long index = (bases[length] + (v >> (m - length))) & indexMask;
            var (symbol, refLength) = code.DecodeFirstBitFirst(window & ((1u << code.MaxCodeLength) - 1));
            long local = index - symbolBase;
            if (length != refLength || local < 0 || local >= code.SortedSymbols.Length || code.SortedSymbols[local] != symbol)
                throw new InvalidOperationException($"RTL model: layer '{layer.Name}': Huffman constants decode window {window} to length {length}, index {index}; reference: symbol {symbol}, length {refLength}");
        }
    }

    /// <summary>What a lane computes from the M-bit window at its offset (first stream bit in bit 0):
    /// the code length and the symbol ROM index. The RTL (lane_huffman.sv.sbn) does exactly this.</summary>
    public (int Length, long Index) DecodeLane(HuffmanRtlLayer layer, uint window)
    {
        long v = LayerHuffmanCode.BitReverse(window, CodeWidth);
        int length = layer.Ends.Count(e => v >= e);
        return (length, (layer.Bases[length] + (v >> (CodeWidth - length))) & ((1L << IndexWidth) - 1));
    }

    private static string Literal(int width, long value) =>
        width.ToString(CultureInfo.InvariantCulture) + "'h" + value.ToString("x", CultureInfo.InvariantCulture);

    private static LayerHuffmanCode Code(ResolvedLayer layer) =>
        layer.Huffman ?? throw new InvalidOperationException($"RTL model: layer '{layer.Name}' has no Huffman code");

    /// <summary>The symbol ROM image for $readmemh.</summary>
    public string RomImage(RtlModel rtl, string memFile)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("// ").Append(memFile).Append(": Huffman symbol ROM, signed levels of ").Append(rtl.MaxBits)
          .Append(" bits in canonical (length, symbol) order, ").Append(SymbolRomDepth).Append(" entries\n");
        sb.Append("// generated by ").Append(rtl.GeneratorVersion).Append(" from ").Append(rtl.SpecFile).Append(": generated, do not edit\n");
        foreach (var layer in Layers)
            sb.Append("// layer ").Append(layer.Index).Append(" '").Append(layer.Name).Append("': base 0x").Append(layer.SymbolBaseHex)
              .Append(", ").Append(layer.Symbols).Append(" symbols, max code length ").Append(layer.MaxCodeLength).Append('\n');
        foreach (var word in SymbolWords) sb.Append(word).Append('\n');
        return sb.ToString();
    }
}
