using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>The numbers only a <c>tables: ram</c> decoder needs: its header fields and the widths of the
/// table-load registers and RAMs (docs/architecture.md, "tables: ram: the table-load phase").</summary>
/// <param name="LayerCountBits">LW: width of the NL-1 field at the start of the stream.</param>
/// <param name="MaxWeightsField">Largest n-1 the decoder accepts: ram_limits.max_weights - 1.</param>
/// <param name="SymbolWidth">A symbol index 0..2^MAXB-2 (the tableSymbol RAM's word).</param>
/// <param name="NextWidth">symbolNext values: a count up to 2^TLMAX, a next state up to 2^(TLMAX+1)-1.</param>
/// <param name="SumWidth">Running sum of the counts: up to 2^TLMAX plus one over-long field.</param>
/// <param name="BusyWidth">Busy cycles of a step: up to 2^(TLMAX+1)-1 (a count field) or 2^TLMAX+1 (build).</param>
public sealed record RamRtl(
    int MaxLayers,
    int LayerCountBits,
    int HeaderBits,
    int WeightCountBits,
    int BitsFieldLsb,
    int BitsFieldBits,
    int TableLogFieldLsb,
    int TableLogFieldBits,
    int MinTableLog,
    long MaxWeightsField,
    int MaxBitsField,
    int SymbolWidth,
    int NextWidth,
    int SumWidth,
    int BusyWidth,
    int TableDepth)
{
    public int LayerCountMsb => LayerCountBits - 1;
    public int HeaderMsb => HeaderBits - 1;
    public int SymbolMsb => SymbolWidth - 1;
    public int NextMsb => NextWidth - 1;
    public int SumMsb => SumWidth - 1;
    public int BusyMsb => BusyWidth - 1;
    public int WeightCountMsb => WeightCountBits - 1;
    public int BitsFieldMsb => BitsFieldLsb + BitsFieldBits - 1;
    public int TableLogFieldMsb => TableLogFieldLsb + TableLogFieldBits - 1;
    public int SymbolNextDepth => 1 << SymbolWidth;
    public string MaxWeightsFieldHex => MaxWeightsField.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Builds the <see cref="RtlModel"/> of a <c>tables: ram</c> decoder. It depends only on the spec's
/// lanes, input width and <c>ram_limits</c>, never on the layers: two models within the same limits get
/// the same RTL (up to the module name), which is what lets one synthesized decoder run both.</summary>
public static class RamRtlModel
{
    public static RtlModel From(ResolvedModel model, string specFile, string generatorVersion)
    {
        var spec = model.Spec;
        Check(spec.Tables == TableMode.Ram && spec.Coder == CoderKind.Tans, "tables: ram RTL is for coder tans");
        var limits = spec.RamLimits ?? throw new InvalidOperationException("RTL model: tables: ram without ram_limits");
        Check(limits.MaxTableLog is >= DecoderSpec.MinTableLog and <= DecoderSpec.MaxTableLog, $"max_table_log {limits.MaxTableLog}");
        CheckShape(model, limits);

        int lanes = model.Lanes;
        int tlMax = limits.MaxTableLog;
        int maxBits = limits.MaxBits;
        int cMax = model.MaxBitsPerCycle;
        int wBuf = model.BufferWidth;
        Check(cMax == Math.Max(lanes * tlMax, RamHeader.LayerHeaderBits) && wBuf == model.InputWidth + 2 * cMax,
            "C_MAX and W_BUF disagree with docs/architecture.md (tables: ram)");
        int layerCountBits = RamHeader.LayerCountBits(limits);
        Check(layerCountBits <= cMax, "the NL-1 field must fit one cycle's read");

        int stateWidth = tlMax;
        int nbBitsWidth = RtlModel.WidthFor(tlMax);
        int countWidth = RtlModel.WidthFor(lanes);
        long maxWeights = limits.WeightLimit;
        // remain_q is compared with lanes + j (j < lanes), so it holds 2L - 1 as well.
        int remainWidth = Math.Max(RtlModel.WidthFor(maxWeights), RtlModel.WidthFor(2 * lanes));
        int layerWidth = RtlModel.WidthFor(limits.MaxLayers - 1);
        Check(layerWidth == layerCountBits, "m_layer_o and the NL-1 field must have the same width");

        var ram = new RamRtl(
            MaxLayers: limits.MaxLayers,
            LayerCountBits: layerCountBits,
            HeaderBits: RamHeader.LayerHeaderBits,
            WeightCountBits: RamHeader.WeightCountBits,
            BitsFieldLsb: RamHeader.WeightCountBits,
            BitsFieldBits: RamHeader.BitsFieldBits,
            TableLogFieldLsb: RamHeader.WeightCountBits + RamHeader.BitsFieldBits,
            TableLogFieldBits: RamHeader.TableLogFieldBits,
            MinTableLog: DecoderSpec.MinTableLog,
            MaxWeightsField: maxWeights - 1,
            MaxBitsField: maxBits - 2,
            SymbolWidth: maxBits,
            NextWidth: tlMax + 1,
            SumWidth: tlMax + 2,
            BusyWidth: tlMax + 1,
            TableDepth: 1 << tlMax);
        Check(ram.TableLogFieldMsb == ram.HeaderMsb, "header fields must fill the 39-bit header");
        Check(nbBitsWidth <= ram.TableLogFieldBits, "nbBits must fit the table_log field");

        var laneInstances = Enumerable.Range(0, lanes)
            .Select(j => new RtlLane(j, Math.Min((j + 1) * stateWidth, wBuf)))
            .ToList();

        return new RtlModel(
            Name: model.Name,
            GeneratorVersion: generatorVersion,
            SpecFile: specFile,
            Lanes: lanes,
            InputWidth: model.InputWidth,
            MaxBits: maxBits,
            MaxTableLog: tlMax,
            BitsPerCycle: cMax,
            BufferWidth: wBuf,
            StateWidth: stateWidth,
            NbBitsWidth: nbBitsWidth,
            EntryWidth: maxBits + nbBitsWidth + stateWidth,
            FillWidth: RtlModel.WidthFor(wBuf),
            LayerCount: limits.MaxLayers,
            LayerWidth: layerWidth,
            CountWidth: countWidth,
            RemainWidth: remainWidth,
            MaxLayerWeights: maxWeights,
            RomDepth: 1 << tlMax,
            RomAddrWidth: stateWidth,
            MemFile: "",
            Layers: [],
            LaneInstances: laneInstances,
            RomWords: [])
        {
            Ram = ram,
        };
    }

    /// <summary>The bounds every tables: ram decoder (tans or huffman) needs of its limits, lanes and input width.</summary>
    internal static void CheckShape(ResolvedModel model, RamLimits limits)
    {
        Check(limits.MaxBits is >= DecoderSpec.MinBits and <= DecoderSpec.MaxBits, $"max_bits {limits.MaxBits}");
        Check(limits.MaxLayers >= 1, $"max_layers {limits.MaxLayers}");
        Check(limits.WeightLimit >= 1, $"max_weights {limits.WeightLimit}");
        Check(model.Lanes is >= 1 and <= DecoderSpec.MaxLanes, $"lanes must be 1..{DecoderSpec.MaxLanes}, got {model.Lanes}");
        Check(model.InputWidth is >= DecoderSpec.MinInputWidth and <= DecoderSpec.MaxInputWidth, $"input_width {model.InputWidth}");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException("RTL model: " + message);
    }
}
