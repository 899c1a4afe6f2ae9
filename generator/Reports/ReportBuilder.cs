using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;

namespace DecoderHw.Reports;

/// <summary>Collects the numbers of one generated decoder; the first trace is the headline (free) run.</summary>
public static class ReportBuilder
{
    public static string GeneratorVersion =>
        typeof(ReportBuilder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <param name="engines">ram_build_engines: auto's choice and the cycles it compared, or null.</param>
    public static Report Build(ResolvedModel model, EncodedStream stream, IReadOnlyList<CycleTrace> traces, string specPath,
        BuildEngineChoice? engines = null)
    {
        var free = traces[0];
        // tables: ram: cycles spent on loading per layer (free run) and the builder's cycles, null for rom.
        bool ram = model.Spec.Tables == Spec.TableMode.Ram;
        long? LoadCycles(int layer) => ram ? free.LoadCyclesOfLayer[layer] : null;
        long? BuildCycles(int layer) => ram ? stream.LayerLoadSteps[layer][^1].Busy : null;
        bool chosen = Model.TableLogChooser.For(model.Spec) is not null;
        var layers = model.Layers.Select(layer =>
        {
            var stats = stream.LayerStats[layer.Index];
            long cycles = free.LayerCycles(layer.Index);
            return new ReportLayer(
                layer.Name, layer.Bits, layer.SymbolCount, layer.WeightCount, layer.TableLog,
                layer.Counts.Count(c => c > 0),
                Entropy.BitsPerSymbol(layer.Counts),
                stats.CodedBits, stats.HeaderBits,
                (double)stats.TotalBits / layer.WeightCount,
                cycles, (double)cycles / layer.WeightCount, layer.Step, LoadCycles(layer.Index),
                layer.Rans is { } rans ? rans.StateLog - rans.TableLog : null, BuildCycles(layer.Index),
                chosen ? model.Spec.Layers[layer.Index].TableLog ?? model.Spec.TableLog : null);
        }).ToList();

        long weights = model.WeightCount;
        double entropyBits = model.Layers.Sum(l => Entropy.BitsPerSymbol(l.Counts) * l.WeightCount);
        var totals = new ReportTotals(
            weights,
            model.Layers.Sum(l => (long)l.WeightCount * l.Bits),
            stream.CodedBits,
            stream.HeaderBits,
            stream.WordCount,
            (double)(stream.CodedBits + stream.HeaderBits) / weights,
            entropyBits / weights,
            free.TotalCycles,
            (double)free.TotalCycles / weights,
            free.FirstOutputLatency,
            ram ? free.LoadCyclesOfLayer.Sum() : null);

        var scenarios = traces.Select(t => new ReportScenario(
            t.Scenario.Name, t.Scenario.InputStallThreshold, t.Scenario.OutputStallThreshold,
            t.TotalCycles, (double)t.TotalCycles / weights, t.FirstOutputLatency, t.DoneCycle)).ToList();

        var spec = model.Spec;
        return new Report(spec.Name, spec.Coder.ToString().ToLowerInvariant(), spec.Lanes, spec.TableLog, spec.InputWidth,
            spec.Tables.ToString().ToLowerInvariant(), specPath.Replace('\\', '/'), GeneratorVersion, model.BufferWidth,
            totals, layers, scenarios)
        {
            Memory = Memory(model, stream),
            TableGroups = spec.TableGroups.Mode == Spec.TableGroupMode.None ? null : Groups(model),
            RansStateBits = spec.Coder == Spec.CoderKind.Rans ? spec.RansStateBits : null,
            TableLogMode = chosen ? Spec.SpecYamlWriter.TableLogModeYaml(spec.TableLogMode) : null,
            // Absent with the default four engines (and for coders without a tANS table builder).
            RamBuildEngines = ram && spec.Coder == Spec.CoderKind.Tans && (engines is not null || spec.RamBuildEngines != Spec.DecoderSpec.DefaultRamBuildEngines)
                ? spec.BuildEngines : null,
            RamBanks = ram && spec.RamBanks != Spec.DecoderSpec.DefaultRamBanks ? spec.RamBanks : null,
            RamBuildEnginesCycles = engines?.CyclesByEngines.ToDictionary(e => e.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), e => e.Value),
        };
    }

    public static ReportMemory Memory(ResolvedModel model, EncodedStream stream)
    {
        var tables = Sizing.TableMemory.For(model);
        long int8 = 8 * model.WeightCount;
        long total = stream.TotalBits + tables.TotalBits;
        return new ReportMemory(stream.TotalBits, tables.TotalBits, tables.PerLaneBits, tables.SharedBits, tables.Lanes,
            int8, total, total == 0 ? 0 : (double)int8 / total);
    }

    private static IReadOnlyList<ReportTableGroup> Groups(ResolvedModel model) =>
        model.Layers.GroupBy(l => l.Group ?? -1 - l.Index)
            .Select((g, i) => new ReportTableGroup(i, g.First().Bits, g.First().TableLog, [.. g.Select(l => l.Name)]))
            .ToList();
}

/// <summary>Order-0 empirical entropy.</summary>
public static class Entropy
{
    public static double BitsPerSymbol(IReadOnlyList<long> counts)
    {
        double total = counts.Sum();
        double bits = 0;
        foreach (long c in counts)
            if (c > 0) bits -= c / total * Math.Log2(c / total);
        return bits;
    }
}
