using System.Globalization;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>The numbers only a <c>coder: huffman, tables: ram</c> decoder needs: the widths of the
/// code builder's registers and RAMs (docs/architecture.md, "tables: ram for coder huffman").</summary>
/// <param name="LimitLength">LMAX = huffman_max_length: the longest code the decoder takes; lanes look at LMAX bits.</param>
/// <param name="SymbolWidth">A symbol index 0..2^MAXB-2, also the canonical-order (symbol RAM) index.</param>
/// <param name="LengthWidth">A code length 0..LMAX (the length RAM's word).</param>
/// <param name="KraftWidth">Kraft sum scaled by 2^LMAX: up to 2^LMAX plus one over-full term.</param>
/// <param name="CountWidth">Codes of one length: up to 2^MAXB-1.</param>
public sealed record HuffmanLoadRtl(
    int LimitLength,
    int SymbolWidth,
    int LengthWidth,
    int KraftWidth,
    int CountWidth)
{
    public int SymbolMsb => SymbolWidth - 1;
    public int LengthMsb => LengthWidth - 1;
    public int KraftMsb => KraftWidth - 1;
    public int CountMsb => CountWidth - 1;
    public int SymbolDepth => 1 << SymbolWidth;
    public int CountsWidth => (LimitLength + 1) * CountWidth;
    public int CountsMsb => CountsWidth - 1;
    /// <summary>2^LMAX: a complete code's scaled Kraft sum, and End[l] at and beyond a layer's longest code.</summary>
    public string FullHex => (1L << LimitLength).ToString("x", CultureInfo.InvariantCulture);
}

/// <summary>Builds the variant of a Huffman <c>tables: ram</c> decoder. Like the tANS one
/// (<see cref="RamRtlModel"/>) it depends only on lanes, input width, ram_limits (max_bits, max_layers,
/// max_weights; max_table_log is ignored) and huffman_max_length, never on the layers.</summary>
public static class HuffmanRamRtlModel
{
    public static (RtlVariant, RtlShape) From(ResolvedModel model)
    {
        var spec = model.Spec;
        Check(spec.Tables == TableMode.Ram && spec.Coder == CoderKind.Huffman, "this RTL is for coder huffman, tables: ram");
        var limits = spec.RamLimits ?? throw new InvalidOperationException("RTL model: tables: ram without ram_limits");
        int lmax = spec.HuffmanMaxLength;
        Check(lmax is >= SpecLimits.MinHuffmanMaxLength and <= SpecLimits.MaxHuffmanMaxLength, $"huffman_max_length {lmax}");
        Check(lmax < 1 << RamHuffmanHeader.MaxLengthFieldBits, "huffman_max_length must fit the max_length field");
        RamRtlModel.CheckShape(model, limits);

        int lanes = model.Lanes;
        int maxBits = limits.MaxBits;
        int cMax = model.MaxBitsPerCycle;
        int wBuf = model.BufferWidth;
        Check(cMax == Math.Max(lanes * lmax, RamHuffmanHeader.LayerHeaderBits) && wBuf == model.InputWidth + 2 * cMax,
            "C_MAX and W_BUF disagree with docs/architecture.md (huffman, tables: ram)");
        var header = RamHeaderRtl.For(limits, RamHuffmanHeader.LayerHeaderBits, RamHuffmanHeader.MaxLengthFieldBits, "max_length");
        var load = new HuffmanLoadRtl(
            LimitLength: lmax,
            SymbolWidth: maxBits,
            LengthWidth: RtlModel.WidthFor(lmax),
            KraftWidth: lmax + 2,
            CountWidth: maxBits);
        Check(RamHuffmanHeader.LengthFieldBits(lmax) <= load.LengthWidth, "a length field must fit the length RAM word");
        Check(header.LayerCountBits <= cMax && maxBits <= cMax, "every load field must fit one cycle's read");

        var huffman = new HuffmanRtlTables(
            CodeWidth: lmax,
            EndWidth: lmax + 1,
            LengthWidth: RtlModel.WidthFor(lmax),
            IndexWidth: maxBits,
            SymbolRomDepth: 1 << maxBits,
            Layers: [],
            SymbolWords: []);
        // remain_q is compared with lanes + j (j < lanes), so it holds 2L - 1 as well.
        return (new HuffmanRamRtl(PrefixLanes.For(lanes, lmax, lmax, wBuf), huffman, header, load),
            new RtlShape(maxBits, limits.MaxLayers, limits.WeightLimit, 2L * lanes, []));
    }

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException("RTL model: " + message);
    }
}
