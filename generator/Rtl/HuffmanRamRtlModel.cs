using System.Globalization;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>The numbers only a <c>coder: huffman, tables: ram</c> decoder needs: its header fields and the
/// widths of the code-load registers and RAMs (docs/architecture.md, "tables: ram for coder huffman").</summary>
/// <param name="LimitLength">LMAX = huffman_max_length: the longest code the decoder takes; lanes look at LMAX bits.</param>
/// <param name="MaxWeightsField">Largest n-1 the decoder accepts: ram_limits.max_weights - 1.</param>
/// <param name="SymbolWidth">A symbol index 0..2^MAXB-2, also the canonical-order (symbol RAM) index.</param>
/// <param name="LengthWidth">A code length 0..LMAX (the length RAM's word).</param>
/// <param name="KraftWidth">Kraft sum scaled by 2^LMAX: up to 2^LMAX plus one over-full term.</param>
/// <param name="CountWidth">Codes of one length: up to 2^MAXB-1.</param>
/// <param name="BusyWidth">Busy cycles of the build step: LMAX + 2^MAXB - 1.</param>
public sealed record HuffmanRamRtl(
    int MaxLayers,
    int LayerCountBits,
    int HeaderBits,
    int WeightCountBits,
    int BitsFieldLsb,
    int BitsFieldBits,
    int MaxLengthFieldLsb,
    int MaxLengthFieldBits,
    int LimitLength,
    long MaxWeightsField,
    int MaxBitsField,
    int SymbolWidth,
    int LengthWidth,
    int KraftWidth,
    int CountWidth,
    int BusyWidth)
{
    public int LayerCountMsb => LayerCountBits - 1;
    public int WeightCountMsb => WeightCountBits - 1;
    public int BitsFieldMsb => BitsFieldLsb + BitsFieldBits - 1;
    public int MaxLengthFieldMsb => MaxLengthFieldLsb + MaxLengthFieldBits - 1;
    public int SymbolMsb => SymbolWidth - 1;
    public int LengthMsb => LengthWidth - 1;
    public int KraftMsb => KraftWidth - 1;
    public int CountMsb => CountWidth - 1;
    public int BusyMsb => BusyWidth - 1;
    public int SymbolDepth => 1 << SymbolWidth;
    public int CountsWidth => (LimitLength + 1) * CountWidth;
    public int CountsMsb => CountsWidth - 1;
    /// <summary>2^LMAX: a complete code's scaled Kraft sum, and End[l] at and beyond a layer's longest code.</summary>
    public string FullHex => (1L << LimitLength).ToString("x", CultureInfo.InvariantCulture);
    public string MaxWeightsFieldHex => MaxWeightsField.ToString("x", CultureInfo.InvariantCulture);
}

/// <summary>Builds the <see cref="RtlModel"/> of a Huffman <c>tables: ram</c> decoder. Like the tANS one
/// (<see cref="RamRtlModel"/>) it depends only on lanes, input width, ram_limits (max_bits, max_layers,
/// max_weights; max_table_log is ignored) and huffman_max_length, never on the layers.</summary>
public static class HuffmanRamRtlModel
{
    public static RtlModel From(ResolvedModel model, string specFile, string generatorVersion)
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
        int layerCountBits = RamHeader.LayerCountBits(limits);
        int layerWidth = RtlModel.WidthFor(limits.MaxLayers - 1);
        Check(layerWidth == layerCountBits, "m_layer_o and the NL-1 field must have the same width");
        int countWidth = RtlModel.WidthFor(lanes);
        // remain_q is compared with lanes + j (j < lanes), so it holds 2L - 1 as well.
        int remainWidth = Math.Max(RtlModel.WidthFor(limits.WeightLimit), RtlModel.WidthFor(2 * lanes));

        var ram = new HuffmanRamRtl(
            MaxLayers: limits.MaxLayers,
            LayerCountBits: layerCountBits,
            HeaderBits: RamHuffmanHeader.LayerHeaderBits,
            WeightCountBits: RamHeader.WeightCountBits,
            BitsFieldLsb: RamHeader.WeightCountBits,
            BitsFieldBits: RamHeader.BitsFieldBits,
            MaxLengthFieldLsb: RamHeader.WeightCountBits + RamHeader.BitsFieldBits,
            MaxLengthFieldBits: RamHuffmanHeader.MaxLengthFieldBits,
            LimitLength: lmax,
            MaxWeightsField: limits.WeightLimit - 1L,
            MaxBitsField: maxBits - 2,
            SymbolWidth: maxBits,
            LengthWidth: RtlModel.WidthFor(lmax),
            KraftWidth: lmax + 2,
            CountWidth: maxBits,
            BusyWidth: RtlModel.WidthFor(RamHuffmanHeader.BuildBusy(lmax, (1 << maxBits) - 1)));
        Check(ram.MaxLengthFieldMsb == ram.HeaderBits - 1, "header fields must fill the 40-bit header");
        Check(RamHuffmanHeader.LengthFieldBits(lmax) <= ram.LengthWidth, "a length field must fit the length RAM word");
        Check(layerCountBits <= cMax && maxBits <= cMax, "every load field must fit one cycle's read");

        var huffman = new HuffmanRtlTables(
            CodeWidth: lmax,
            EndWidth: lmax + 1,
            LengthWidth: RtlModel.WidthFor(lmax),
            IndexWidth: maxBits,
            SymbolRomDepth: 1 << maxBits,
            Layers: [],
            SymbolWords: []);
        var laneInstances = Enumerable.Range(0, lanes)
            .Select(j => new RtlLane(j, Math.Min((j + 1) * lmax, wBuf)))
            .ToList();

        return new RtlModel(
            Name: model.Name,
            GeneratorVersion: generatorVersion,
            SpecFile: specFile,
            Lanes: lanes,
            InputWidth: model.InputWidth,
            MaxBits: maxBits,
            MaxTableLog: 0,
            BitsPerCycle: cMax,
            BufferWidth: wBuf,
            StateWidth: 1,
            NbBitsWidth: 1,
            EntryWidth: maxBits,
            FillWidth: RtlModel.WidthFor(wBuf),
            LayerCount: limits.MaxLayers,
            LayerWidth: layerWidth,
            CountWidth: countWidth,
            RemainWidth: remainWidth,
            MaxLayerWeights: limits.WeightLimit,
            RomDepth: 1 << maxBits,
            RomAddrWidth: maxBits,
            MemFile: "",
            Layers: [],
            LaneInstances: laneInstances,
            RomWords: [])
        {
            Coder = "huffman",
            LaneBitsMax = lmax,
            LanesWindowWidth = Math.Min(lanes * lmax, wBuf),
            Huffman = huffman,
            HuffmanRam = ram,
        };
    }

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException("RTL model: " + message);
    }
}
