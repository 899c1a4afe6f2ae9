using System.Globalization;
using System.Text;
using System.Text.Json;
using DecoderHw.Generation;
using DecoderHw.Model;
using DecoderHw.Reports;
using DecoderHw.Rtl;
using DecoderHw.Spec;

namespace DecoderHw.Compare;

/// <summary>One way of decoding the spec's weights: a coder and a table mode, with what the reference
/// codec and the cycle model measure for it (free run, and the stalled run of docs/architecture.md).</summary>
/// <param name="TableBits">Bits of decode tables the RTL stores: tANS rom, one ROM copy per lane; huffman,
/// the symbol ROM once and the per-layer End/Base constants; raw, none; tans ram, the RAMs sized by the limits.</param>
/// <param name="InputBitsPerCycle">Stream bits a cycle consumes at full rate (bits/weight x lanes): above
/// input_width the input, not the decoder, sets the speed.</param>
/// <param name="TableLoadCycles">tables: ram only: the least cycles spent loading tables (every field's bits there).</param>
public sealed record CoderVariant(
    string Coder,
    string Tables,
    bool HasRtl,
    long Weights,
    long StreamBits,
    long HeaderBits,
    double BitsPerWeight,
    double EntropyBitsPerWeight,
    long Cycles,
    double CyclesPerWeight,
    double StalledCyclesPerWeight,
    int FirstOutputLatencyCycles,
    long? TableLoadCycles,
    int BufferWidth,
    int MaxBitsPerCycle,
    double InputBitsPerCycle,
    long TableBits)
{
    public string Label => Tables == "rom" ? Coder : $"{Coder} ({Tables})";
}

/// <summary>The spec run through every coder the generator has (issue 8): same weights, lanes and input
/// width; only the coder and table mode change.</summary>
public sealed record CoderComparison(string Name, string Spec, int Lanes, int InputWidth, long Weights, IReadOnlyList<CoderVariant> Variants)
{
    public static CoderComparison Run(DecoderSpec spec, string specPath, CancellationToken cancellation = default)
    {
        var variants = new List<CoderVariant>();
        var rom = spec with { Tables = TableMode.Rom, RamLimits = null };
        ResolvedModel? tansModel = null;
        foreach (var coder in new[] { CoderKind.Tans, CoderKind.Huffman, CoderKind.Raw })
        {
            var result = GenPipeline.Compute(rom with { Coder = coder }, specPath, cancellation);
            if (coder == CoderKind.Tans) tansModel = result.Model;
            variants.Add(Variant(result, TableBits(result.Model)));
        }
        // tables: ram, sized for exactly this model (the smallest decoder that runs it).
        var limits = new RamLimits(Math.Max(DecoderSpec.MinTableLog, tansModel!.MaxTableLog), tansModel.MaxBits, tansModel.Layers.Count);
        var ram = GenPipeline.Compute(rom with { Coder = CoderKind.Tans, Tables = TableMode.Ram, RamLimits = limits }, specPath, cancellation);
        variants.Add(Variant(ram, RamTableBits(limits, spec.Lanes)));
        // huffman with tables: ram, same limits: the symbol RAM, the length RAM and End/Base (docs/architecture.md).
        var huffmanRam = GenPipeline.Compute(rom with { Coder = CoderKind.Huffman, Tables = TableMode.Ram, RamLimits = limits }, specPath, cancellation);
        var h = RtlWriter.ModelFor(huffmanRam.Model, specPath, "compare");
        variants.Add(Variant(huffmanRam, (long)h.RomDepth * (h.MaxBits + h.Huffman!.LengthWidth) + h.Huffman.EndsWidth + h.Huffman.BasesWidth));
        return new CoderComparison(spec.Name, specPath.Replace('\\', '/'), spec.Lanes, spec.InputWidth, tansModel.WeightCount, variants);
    }

    private static CoderVariant Variant(GenResult result, long tableBits)
    {
        var r = result.Report;
        var t = r.Totals;
        var stalled = r.Scenarios.First(s => s.Name != "free");
        var model = result.Model;
        bool ram = model.Spec.Tables == TableMode.Ram;
        return new CoderVariant(r.Coder, r.Tables, GenPipeline.HasRtl(model.Spec), t.Weights, result.Stream.TotalBits, t.HeaderBits,
            t.BitsPerWeight, t.EntropyBitsPerWeight, t.PredictedCycles, t.CyclesPerWeight, stalled.CyclesPerWeight,
            t.FirstOutputLatencyCycles, ram ? result.Stream.MinimumLoadCycles : null, model.BufferWidth, model.MaxBitsPerCycle,
            t.BitsPerWeight * model.Lanes, tableBits);
    }

    private static long TableBits(ResolvedModel model)
    {
        var rtl = RtlModel.From(model, model.Spec.SourcePath, "compare");
        return model.Spec.Coder switch
        {
            CoderKind.Tans => (long)rtl.RomDepth * rtl.EntryWidth * rtl.Lanes,
            CoderKind.Huffman when rtl.Huffman is { } h =>
                (long)h.SymbolRomDepth * rtl.MaxBits + (long)rtl.LayerCount * (h.EndsWidth + h.BasesWidth),
            _ => 0,
        };
    }

    /// <summary>docs/architecture.md, "tables: ram": one decode-table RAM per lane, the symbol RAM and the next-state RAM.</summary>
    private static long RamTableBits(RamLimits limits, int lanes)
    {
        long size = 1L << limits.MaxTableLog;
        int nbBits = RtlModel.WidthFor(limits.MaxTableLog);
        return size * (limits.MaxBits + nbBits + limits.MaxTableLog) * lanes
             + size * limits.MaxBits
             + ((1L << limits.MaxBits) - 1) * (limits.MaxTableLog + 1);
    }

    public void WriteJson(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(this, ReportWriter.JsonOptions) + "\n");

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append(c, $"# {Name}: coders side by side\n\n");
        sb.Append(c, $"Spec `{Spec}`: {Weights:N0} weights, {Lanes} lanes, input_width {InputWidth}. Same weights for every row; ");
        sb.Append("cycles from the cycle model (free run; stalled: the stall scenario of docs/architecture.md).\n\n");
        sb.Append("| coder | RTL | bits/weight | stream bits | cycles/weight | stalled cycles/weight | first output (cycles) | table load (cycles) | stream bits/cycle at full rate | W_BUF | table bits |\n");
        sb.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var v in Variants)
            sb.Append(c, $"| {v.Label} | {(v.HasRtl ? "yes" : "C# only")} | {v.BitsPerWeight:F4} | {v.StreamBits:N0} | {v.CyclesPerWeight:F4} | {v.StalledCyclesPerWeight:F4} | {v.FirstOutputLatencyCycles} | {(v.TableLoadCycles is { } l ? l.ToString("N0", c) : "-")} | {v.InputBitsPerCycle:F2} | {v.BufferWidth} | {v.TableBits:N0} |\n");
        var entropy = Variants[0].EntropyBitsPerWeight;
        sb.Append(c, $"\nEntropy of the levels: {entropy:F4} bits/weight. ");
        var best = Variants.MinBy(v => v.BitsPerWeight)!;
        sb.Append(c, $"Smallest stream: {best.Label} ({best.BitsPerWeight / Variants.First(v => v.Coder == "raw").BitsPerWeight:P1} of raw).\n");
        return sb.ToString();
    }
}
