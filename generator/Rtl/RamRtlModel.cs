using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Rtl;

/// <summary>The layer header of a tables: ram stream, the same three fields for both coders
/// (docs/bitstream.md): n-1 | bits-2 | a coder field (table_log for tans, max_length for huffman),
/// after the NL-1 field at the start of the stream. The header loader of the top reads it.</summary>
/// <param name="LayerCountBits">LW: width of the NL-1 field at the start of the stream.</param>
/// <param name="MaxWeightsField">Largest n-1 the decoder accepts: ram_limits.max_weights - 1.</param>
/// <param name="CoderFieldName">table_log or max_length, as the Verilog names it.</param>
public sealed record RamHeaderRtl(
    int MaxLayers,
    int LayerCountBits,
    int HeaderBits,
    int WeightCountBits,
    int BitsFieldBits,
    int CoderFieldBits,
    string CoderFieldName,
    long MaxWeightsField,
    int MaxBitsField,
    int SymbolWidth)
{
    public int BitsFieldLsb => WeightCountBits;
    public int CoderFieldLsb => WeightCountBits + BitsFieldBits;
    public int LayerCountMsb => LayerCountBits - 1;
    public int HeaderMsb => HeaderBits - 1;
    public int WeightCountMsb => WeightCountBits - 1;
    public int BitsFieldMsb => BitsFieldLsb + BitsFieldBits - 1;
    public int CoderFieldMsb => CoderFieldLsb + CoderFieldBits - 1;
    public string MaxWeightsFieldHex => MaxWeightsField.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The header of <paramref name="limits"/>.</summary>
    public static RamHeaderRtl For(RamLimits limits, int headerBits, int coderFieldBits, string coderFieldName)
    {
        var header = new RamHeaderRtl(limits.MaxLayers, RamHeader.LayerCountBits(limits), headerBits, RamHeader.WeightCountBits,
            RamHeader.BitsFieldBits, coderFieldBits, coderFieldName, limits.WeightLimit - 1L, limits.MaxBits - 2, limits.MaxBits);
        RtlModel.Check(header.CoderFieldMsb == header.HeaderMsb, $"header fields must fill the {headerBits}-bit header");
        RtlModel.Check(RtlModel.WidthFor(limits.MaxLayers - 1) == header.LayerCountBits, "m_layer_o and the NL-1 field must have the same width");
        return header;
    }
}

/// <summary>The numbers only a tANS <c>tables: ram</c> decoder needs: the widths of the table builder's
/// registers and RAMs (docs/architecture.md, "tables: ram: the table-load phase").</summary>
/// <param name="SymbolWidth">A symbol index 0..2^MAXB-2 (the tableSymbol RAM's word).</param>
/// <param name="NextWidth">symbolNext values: a count up to 2^TLMAX, a next state up to 2^(TLMAX+1)-1.</param>
/// <param name="SumWidth">Running sum of the counts: up to 2^TLMAX plus one over-long field.</param>
/// <param name="SpreadSlots">Slots the builder spreads per cycle (<see cref="RamHeader.SpreadSlotsPerCycle"/>): the
/// tableSymbol RAM is that many banks of <see cref="SpreadBankDepth"/> words, by the slot's low bits.</param>
/// <param name="BuildEngines">ram_build_engines (1, 2 or 4): engine m builds the m-th 1/BuildEngines of the slots;
/// the lanes' table RAMs are that many ways by the slot's low bits (one write port per engine).</param>
public sealed record RamRtl(
    int MinTableLog,
    int SymbolWidth,
    int NextWidth,
    int SumWidth,
    int TableDepth,
    int SpreadSlots,
    int BuildEngines = RamHeader.SpreadSlotsPerCycle,
    int Banks = DecoderSpec.DefaultRamBanks)
{
    /// <summary>ram_banks: 3: three table banks, a counts buffer per bank and the builder's queue. The two-bank
    /// decoder's Verilog is pinned by the golden vectors, so the third bank renders under its own conditionals
    /// and these names (the builder's table_log, bits and start come from the building bank's registers).</summary>
    public bool ThreeBanks => Banks == 3;
    /// <summary>ram_banks: 1: one bank, which the builder writes only while no layer decodes (the headers are
    /// inline, so the next table is built after the last beat of the layer before). The two-bank Verilog is
    /// pinned by the golden vectors, so the single bank renders under its own conditionals: no bank address
    /// bit, no bank ports, and the loader's header registers are the decoding layer's.</summary>
    public bool OneBank => Banks == 1;
    public string TlSig => ThreeBanks ? "build_tl" : "table_log_i";
    public string BitsSig => ThreeBanks ? "build_bits" : "bits_i";
    public string StartSig => ThreeBanks ? "build_start" : "build_i";
    public string FirstCount => ThreeBanks ? "bank_first_q[bank_q]" : "first_count_q";

    public int EngineBits => RamHeader.CeilLog2(BuildEngines);
    public int WayDepth => TableDepth / BuildEngines;
    public bool SingleEngine => BuildEngines == 1;

    /// <summary>Four engines, one per spread way: the default decoder, whose Verilog names its engine
    /// segments and table ways by the spread's localparams (SpreadSlots, BankBits, BankDepth). Its text is
    /// pinned by the golden vectors, so fewer engines add their own localparams instead of renaming those.</summary>
    public bool EnginesAreSpreadWays => BuildEngines == SpreadSlots;
    public string EnginesValue => EnginesAreSpreadWays ? "SpreadSlots" : BuildEngines.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public string EngineBitsName => EnginesAreSpreadWays ? "BankBits" : "EngineBits";
    public string WaysName => EnginesAreSpreadWays ? "SpreadSlots" : "Engines";
    public string WayDepthName => EnginesAreSpreadWays ? "BankDepth" : "WayDepth";
    public string WayMuxNote => BuildEngines == 1 ? "no way mux" : $"one {BuildEngines}:1 mux later";

    public int SpreadBankBits => RamHeader.CeilLog2(SpreadSlots);
    public int SpreadBankDepth => TableDepth / SpreadSlots;
    public int SymbolMsb => SymbolWidth - 1;
    public int NextMsb => NextWidth - 1;
    public int SumMsb => SumWidth - 1;
    public int SymbolNextDepth => 1 << SymbolWidth;
}

/// <summary>Builds the variant of a tANS <c>tables: ram</c> decoder. It depends only on the spec's
/// lanes, input width and <c>ram_limits</c>, never on the layers: two models within the same limits get
/// the same RTL (up to the module name), which is what lets one synthesized decoder run both.</summary>
public static class RamRtlModel
{
    public static (RtlVariant, RtlShape) From(ResolvedModel model)
    {
        var spec = model.Spec;
        Check(spec.Tables == TableMode.Ram && spec.Coder == CoderKind.Tans, "tables: ram RTL is for coder tans");
        var limits = spec.RamLimits ?? throw new InvalidOperationException("RTL model: tables: ram without ram_limits");
        Check(limits.MaxTableLog is >= DecoderSpec.MinTableLog and <= DecoderSpec.MaxTableLog, $"max_table_log {limits.MaxTableLog}");
        CheckShape(model, limits);

        int lanes = model.Lanes;
        int tlMax = limits.MaxTableLog;
        int cMax = model.MaxBitsPerCycle;
        Check(cMax == Math.Max(lanes * tlMax, RamHeader.LayerHeaderBits) && model.BufferWidth == model.InputWidth + 2 * cMax,
            "C_MAX and W_BUF disagree with docs/architecture.md (tables: ram)");
        var header = RamHeaderRtl.For(limits, RamHeader.LayerHeaderBits, RamHeader.TableLogFieldBits, "table_log");
        Check(header.LayerCountBits <= cMax, "the NL-1 field must fit one cycle's read");

        var tans = TansWidths.For(lanes, limits.MaxBits, tlMax, model.BufferWidth);
        Check(tans.NbBitsWidth <= header.CoderFieldBits, "nbBits must fit the table_log field");
        var ram = new RamRtl(
            MinTableLog: DecoderSpec.MinTableLog,
            SymbolWidth: limits.MaxBits,
            NextWidth: tlMax + 1,
            SumWidth: tlMax + 2,
            TableDepth: 1 << tlMax,
            SpreadSlots: RamHeader.SpreadSlotsPerCycle,
            BuildEngines: spec.BuildEngines,
            Banks: spec.RamBanks);
        Check(ram.Banks is >= DecoderSpec.MinRamBanks and <= DecoderSpec.MaxRamBanks, $"ram_banks must be 1, 2 or 3, got {ram.Banks}");
        Check(ram.SpreadSlots is 2 or 4 && ram.SpreadBankDepth * ram.SpreadSlots == ram.TableDepth,
            "the spread banks must split the table (2 or 4 slots per cycle)");
        // Engine m's slot of build cycle t is m Q + t - m (Q = 2^tl / engines, a multiple of 4 from tl 5 on): the
        // engines of one cycle differ in their slot's low bits, as long as there are no more engines than spread ways.
        Check(ram.BuildEngines is 1 or 2 or 4 && ram.BuildEngines <= ram.SpreadSlots && (1 << ram.EngineBits) == ram.BuildEngines,
            $"ram_build_engines must be 1, 2 or 4 and at most the spread's {ram.SpreadSlots} ways, got {ram.BuildEngines}");
        // remain_q is compared with lanes + j (j < lanes), so it holds 2L - 1 as well.
        return (new TansRamRtl(tans, header, ram), new RtlShape(limits.MaxBits, limits.MaxLayers, limits.WeightLimit, 2L * lanes, []));
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
