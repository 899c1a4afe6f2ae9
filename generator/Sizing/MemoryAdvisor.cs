using System.Globalization;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Reports;
using DecoderHw.Spec;

namespace DecoderHw.Sizing;

/// <summary>One other way to build the decoder and its memory (stream + tables).</summary>
/// <param name="Change">The spec change, as the user would write it (<c>coder: rans</c>).</param>
public sealed record MemoryOption(string Change, ReportMemory Memory);

/// <summary>
/// When a decoder does not fit or its stream + tables cost more than int8, says which variant would do
/// better: fewer lanes (tANS tables are per lane), <c>tables: ram</c>, <c>coder: rans</c>, table groups.
/// Each option is the reference encoder's real stream and the tables the RTL would hold (no synthesis).
/// </summary>
public static class MemoryAdvisor
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<MemoryOption> Options(DecoderSpec spec, CancellationToken cancellation = default)
    {
        var candidates = new List<(string Change, DecoderSpec Spec)>();
        var rom = spec with { Tables = TableMode.Rom, RamLimits = null, TableGroups = TableGroups.None };
        if (spec.Coder != CoderKind.Rans) candidates.Add(("coder: rans", rom with { Coder = CoderKind.Rans, StatesPerLane = 1 }));
        if (spec.Coder != CoderKind.Rans || spec.RansStateBits != 0)
            candidates.Add(("coder: rans, rans_state_bits: 0", rom with { Coder = CoderKind.Rans, RansStateBits = 0, StatesPerLane = 1 }));
        if (spec.Coder is CoderKind.Tans or CoderKind.Huffman && spec.TableGroups.Mode == TableGroupMode.None && spec.Tables == TableMode.Rom)
            candidates.Add(("table_groups: auto", spec with { TableGroups = TableGroups.Auto }));
        if (spec.Coder is CoderKind.Tans && spec.Tables == TableMode.Rom)
            candidates.Add(("tables: ram", rom with { Tables = TableMode.Ram, StatesPerLane = 1 }));
        if (spec.Lanes > 1)
            candidates.Add(($"lanes: {spec.Lanes / 2}", spec with { Lanes = spec.Lanes / 2 }));

        var options = new List<MemoryOption>();
        foreach (var (change, variant) in candidates)
        {
            cancellation.ThrowIfCancellationRequested();
            var model = Resolve(variant, cancellation);
            options.Add(new MemoryOption(change, ReportBuilder.Memory(model, StreamCodec.Encode(model))));
        }
        return options;
    }

    /// <summary>A ram variant gets the smallest limits that run this model (as compare sizes it): the
    /// layers' tables do not depend on the table mode, so the rom model's layers serve.</summary>
    private static ResolvedModel Resolve(DecoderSpec spec, CancellationToken cancellation)
    {
        if (spec.Tables == TableMode.Rom) return ModelResolver.Resolve(spec, cancellation);
        var rom = ModelResolver.Resolve(spec with { Tables = TableMode.Rom, RamLimits = null }, cancellation);
        var limits = new RamLimits(Math.Max(DecoderSpec.MinTableLog, rom.MaxTableLog), rom.MaxBits, rom.Layers.Count, rom.Layers.Max(l => l.WeightCount));
        return new ResolvedModel(spec with { RamLimits = limits }, rom.Layers);
    }

    /// <summary>The one-line verdict, then (when the decoder does not fit or costs more than int8) the options
    /// below int8, smallest first.</summary>
    public static IReadOnlyList<string> Advice(ReportMemory memory, bool fits, Func<IReadOnlyList<MemoryOption>> options)
    {
        var lines = new List<string> { Verdict("this decoder", memory) };
        bool overInt8 = memory.TotalBits >= memory.Int8Bits;
        if (!fits || overInt8)
        {
            string why = !fits ? "does not fit" : "costs more than int8";
            var better = options().Where(o => o.Memory.TotalBits < Math.Min(memory.TotalBits, memory.Int8Bits)).OrderBy(o => o.Memory.TotalBits).ToList();
            lines.Add(better.Count == 0
                ? $"It {why}, and no variant tried (coder: rans, table_groups, tables: ram, fewer lanes) is below int8."
                : $"It {why}; these would need less memory: " + string.Join("; ", better.Select(o => Verdict(o.Change, o.Memory))) + ".");
        }
        return lines;
    }

    public static string Verdict(string what, ReportMemory m) => string.Create(C,
        $"{what}: stream + tables {Kb(m.StreamBits)} + {Kb(m.TableBits)} = {Kb(m.TotalBits)} against int8's {Kb(m.Int8Bits)} ({m.Int8OverTotal:F2}x smaller)");

    public static string Kb(long bits) => string.Create(C, $"{bits / 8192.0:N1} KB");
}
