using System.Text.Json;
using DecoderHw.Generation;
using DecoderHw.Model;
using DecoderHw.Reports;
using DecoderHw.Spec;

namespace DecoderHw.Compare;

/// <summary>One way of decoding the spec's weights: a coder and a table mode, with what the reference
/// codec and the cycle model measure for it (free run, and the stalled run of docs/architecture.md).</summary>
/// <param name="TableBits">Bits of decode tables the RTL stores (<see cref="Sizing.TableMemory"/>): tANS rom, one
/// ROM copy per lane; rANS, one entry per level shared by the lanes; huffman, the symbol ROM once and the
/// per-layer End/Base constants; raw, none; ram, the RAMs sized by the limits.</param>
/// <param name="InputBitsPerCycle">Stream bits a cycle consumes at full rate (bits/weight x lanes): above
/// input_width the input, not the decoder, sets the speed.</param>
/// <param name="TableLoadCycles">tables: ram only: the free run's cycles spent on loading tables beyond a rom decoder
/// (reading headers, waiting for a table's build).</param>
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

    /// <summary>What else sets this variant apart (<c>state 0</c> for the multiply-free rANS, <c>groups</c>
    /// for shared tables), or null.</summary>
    public string? Option { get; init; }

    /// <summary>Stream + tables against int8 (report.json <c>memory</c>).</summary>
    public Reports.ReportMemory? Memory { get; init; }

    public string Label => (Tables, StatesPerLane, Option) switch
    {
        ("rom", 1, null) => Coder,
        ("rom", 1, { } option) => $"{Coder} ({option})",
        ("rom", var states, _) => $"{Coder} ({states} states)",
        (_, _, { } option) => $"{Coder} ({Tables}, {option})",
        _ => $"{Coder} ({Tables})",
    };

    /// <summary>The variant's folder under the compare output's <c>variants/</c>.</summary>
    public string Folder => (StatesPerLane == 1 ? $"{Coder}_{Tables}" : $"{Coder}_{Tables}_{StatesPerLane}states")
        + (Option is { } o ? "_" + o.Replace(' ', '_').Replace("=", "") : "");

    /// <summary>Area and clock; null when not sized (<c>--no-size</c>, or no RTL for this variant).</summary>
    public VariantSizing? Sizing { get; init; }
}

/// <summary>The tools and settings the sizing numbers come from.</summary>
public sealed record ComparisonTools(string Yosys, string Nextpnr, double TargetMhz, int Seed, IReadOnlyList<string> Devices)
{
    /// <summary>The --target the variants were sized for (its name, as <see cref="Sizing.SizingTarget.Name"/>).</summary>
    public string Target { get; init; } = Sizing.SizingTarget.Ice40.Name;
}

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
        rom = rom with { TableGroups = TableGroups.None };
        foreach (var coder in new[] { CoderKind.Tans, CoderKind.Huffman, CoderKind.Raw })
        {
            var result = GenPipeline.Compute(rom with { Coder = coder }, specPath, cancellation);
            variants.Add(new ComparedVariant(Variant(result), result));
        }
        // tables: ram, sized for exactly this model (the smallest decoder that runs it).
        var tansModel = variants[0].Gen.Model;
        var limits = new RamLimits(Math.Max(DecoderSpec.MinTableLog, tansModel.MaxTableLog), tansModel.MaxBits, tansModel.Layers.Count);
        var ram = GenPipeline.Compute(rom with { Coder = CoderKind.Tans, Tables = TableMode.Ram, RamLimits = limits }, specPath, cancellation);
        variants.Add(new ComparedVariant(Variant(ram), ram));
        // huffman with tables: ram, same limits: the symbol RAM, the length RAM and End/Base (docs/architecture.md).
        var huffmanRam = GenPipeline.Compute(rom with { Coder = CoderKind.Huffman, Tables = TableMode.Ram, RamLimits = limits }, specPath, cancellation);
        variants.Add(new ComparedVariant(Variant(huffmanRam), huffmanRam));
        // The pipelined lane (docs/architecture.md): two states take turns on each lane's ROM, so the table
        // loop gets two cycles; its stream is the stream of twice the lanes, of the same weights.
        var pipelined = GenPipeline.Compute(rom with { Coder = CoderKind.Tans, StatesPerLane = 2 }, specPath, cancellation);
        variants.Add(new ComparedVariant(Variant(pipelined) with { StatesPerLane = 2 }, pipelined));
        // Shared tables (table_groups: auto), when any layers share: tANS and Huffman.
        foreach (var coder in new[] { CoderKind.Tans, CoderKind.Huffman })
        {
            var grouped = GenPipeline.Compute(rom with { Coder = coder, TableGroups = TableGroups.Auto }, specPath, cancellation);
            if (grouped.Model.Layers.Select(l => l.Group).Distinct().Count() < grouped.Model.Layers.Count)
                variants.Add(new ComparedVariant(Variant(grouped) with { Option = "groups" }, grouped));
        }
        // rANS: its table is one entry per level, shared by the lanes; the spec's state range (or the
        // default) and the multiply-free one, and its tables: ram decoder.
        int stateBits = spec.Coder == CoderKind.Rans ? spec.RansStateBits : DecoderSpec.DefaultRansStateBits;
        foreach (int bits in stateBits == 0 ? new[] { 0 } : [stateBits, 0])
        {
            var rans = GenPipeline.Compute(rom with { Coder = CoderKind.Rans, RansStateBits = bits }, specPath, cancellation);
            variants.Add(new ComparedVariant(Variant(rans) with { Option = $"state {bits}" }, rans));
        }
        var ransRam = GenPipeline.Compute(rom with { Coder = CoderKind.Rans, RansStateBits = stateBits, Tables = TableMode.Ram, RamLimits = limits }, specPath, cancellation);
        variants.Add(new ComparedVariant(Variant(ransRam) with { Option = $"state {stateBits}" }, ransRam));
        return variants;
    }

    public static CoderComparison From(DecoderSpec spec, string specPath, IReadOnlyList<CoderVariant> variants) =>
        new(spec.Name, specPath.Replace('\\', '/'), spec.Lanes, spec.InputWidth, variants[0].Weights, variants);

    private static CoderVariant Variant(GenResult result)
    {
        var r = result.Report;
        var t = r.Totals;
        var stalled = r.Scenarios.First(s => s.Name != "free");
        var model = result.Model;
        return new CoderVariant(r.Coder, r.Tables, GenPipeline.HasRtl(model.Spec), t.Weights, result.Stream.TotalBits, t.HeaderBits,
            t.BitsPerWeight, t.EntropyBitsPerWeight, t.PredictedCycles, t.CyclesPerWeight, stalled.CyclesPerWeight,
            t.FirstOutputLatencyCycles, t.TableLoadCycles, model.BufferWidth, model.MaxBitsPerCycle,
            t.BitsPerWeight * model.Lanes, r.Memory.TableBits)
        {
            Memory = r.Memory,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, ReportWriter.JsonOptions) + "\n";

    public string ToMarkdown() => CompareTable.Markdown(this);
}
