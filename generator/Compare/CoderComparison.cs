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
    /// <summary>2 for the pipelined tANS lane (states_per_lane: 2), else 1.</summary>
    public int StatesPerLane { get; init; } = 1;

    public string Label => (Tables, StatesPerLane) switch
    {
        ("rom", 1) => Coder,
        ("rom", var states) => $"{Coder} ({states} states)",
        _ => $"{Coder} ({Tables})",
    };

    /// <summary>The variant's folder under the compare output's <c>variants/</c>.</summary>
    public string Folder => StatesPerLane == 1 ? $"{Coder}_{Tables}" : $"{Coder}_{Tables}_{StatesPerLane}states";

    /// <summary>Area and clock; null when not sized (<c>--no-size</c>, or no RTL for this variant).</summary>
    public VariantSizing? Sizing { get; init; }
}

/// <summary>The tools and settings the sizing numbers come from.</summary>
public sealed record ComparisonTools(string Yosys, string Nextpnr, double TargetMhz, int Seed, IReadOnlyList<string> Devices);

/// <summary>A variant's row with the gen run it came from (the RTL to size is written from it).</summary>
public sealed record ComparedVariant(CoderVariant Row, GenResult Gen);

/// <summary>The spec run through every coder the generator has (issue 8): same weights, lanes and input
/// width; only the coder and table mode change.</summary>
public sealed record CoderComparison(string Name, string Spec, int Lanes, int InputWidth, long Weights, IReadOnlyList<CoderVariant> Variants)
{
    /// <summary>Null when the comparison was not sized.</summary>
    public ComparisonTools? Tools { get; init; }

    /// <summary>Computes every variant (reference codec, cycle model, reports), nothing written.</summary>
    public static IReadOnlyList<ComparedVariant> Compute(DecoderSpec spec, string specPath, CancellationToken cancellation = default)
    {
        var variants = new List<ComparedVariant>();
        // The spec's states_per_lane is dropped like its coder: only tANS rom has a pipelined lane, so it is a variant of its own below.
        var rom = spec with { Tables = TableMode.Rom, RamLimits = null, StatesPerLane = 1 };
        foreach (var coder in new[] { CoderKind.Tans, CoderKind.Huffman, CoderKind.Raw })
        {
            var result = GenPipeline.Compute(rom with { Coder = coder }, specPath, cancellation);
            variants.Add(new ComparedVariant(Variant(result, TableBits(result.Model)), result));
        }
        // tables: ram, sized for exactly this model (the smallest decoder that runs it).
        var tansModel = variants[0].Gen.Model;
        var limits = new RamLimits(Math.Max(DecoderSpec.MinTableLog, tansModel.MaxTableLog), tansModel.MaxBits, tansModel.Layers.Count);
        var ram = GenPipeline.Compute(rom with { Coder = CoderKind.Tans, Tables = TableMode.Ram, RamLimits = limits }, specPath, cancellation);
        variants.Add(new ComparedVariant(Variant(ram, TableBits(ram.Model)), ram));
        // huffman with tables: ram, same limits: the symbol RAM, the length RAM and End/Base (docs/architecture.md).
        var huffmanRam = GenPipeline.Compute(rom with { Coder = CoderKind.Huffman, Tables = TableMode.Ram, RamLimits = limits }, specPath, cancellation);
        variants.Add(new ComparedVariant(Variant(huffmanRam, TableBits(huffmanRam.Model)), huffmanRam));
        // The pipelined lane (docs/architecture.md): two states take turns on each lane's ROM, so the table
        // loop gets two cycles; its stream is the stream of twice the lanes, of the same weights.
        var pipelined = GenPipeline.Compute(rom with { Coder = CoderKind.Tans, StatesPerLane = 2 }, specPath, cancellation);
        variants.Add(new ComparedVariant(Variant(pipelined, TableBits(pipelined.Model)) with { StatesPerLane = 2 }, pipelined));
        return variants;
    }

    public static CoderComparison From(DecoderSpec spec, string specPath, IReadOnlyList<CoderVariant> variants) =>
        new(spec.Name, specPath.Replace('\\', '/'), spec.Lanes, spec.InputWidth, variants[0].Weights, variants);

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

    /// <summary>The variant's table storage (<see cref="RtlVariant.TableBits"/>).</summary>
    private static long TableBits(ResolvedModel model)
    {
        var rtl = RtlModel.From(model, model.Spec.SourcePath, "compare");
        return rtl.Variant.TableBits(rtl);
    }

    public string ToJson() => JsonSerializer.Serialize(this, ReportWriter.JsonOptions) + "\n";

    public string ToMarkdown() => CompareTable.Markdown(this);
}
