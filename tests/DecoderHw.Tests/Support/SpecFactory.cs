using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Tests.Support;

/// <summary>Builds specs and resolved models in code, without YAML, for core tests.</summary>
internal static class SpecFactory
{
    public static DecoderSpec Spec(int lanes, int tableLog, int inputWidth, params LayerSpec[] layers) =>
        new("test", CoderKind.Tans, tableLog, lanes, inputWidth, TableMode.Rom, layers, "test.yaml");

    public static LayerSpec Laplace(string name, int bits, double scale, int count, ulong seed = 1, int? tableLog = null) =>
        new(name, bits, tableLog, new DistributionSource(DistributionKind.Laplace, scale, count, seed));

    public static LayerSpec Frequencies(string name, int bits, long[] frequencies, int count, ulong seed = 1, int? tableLog = null) =>
        new(name, bits, tableLog, new FrequencySource(frequencies, count, seed));

    public static ResolvedModel Resolve(DecoderSpec spec) => ModelResolver.Resolve(spec);

    /// <summary>A model whose layers hold exactly the given levels (table from their own counts).</summary>
    public static ResolvedModel FromLevels(int lanes, int tableLog, int inputWidth, params (int Bits, int[] Levels)[] layers)
    {
        var specs = layers.Select((l, i) => new LayerSpec($"l{i}", l.Bits, null,
            new DistributionSource(DistributionKind.Laplace, 1, Math.Max(1, l.Levels.Length), 1))).ToArray();
        var spec = Spec(lanes, tableLog, inputWidth, specs);
        var resolved = layers.Select((l, i) => ModelResolver.FromLevels(i, specs[i], l.Levels, tableLog)).ToList();
        return new ResolvedModel(spec, resolved);
    }

    /// <summary>As <see cref="FromLevels(int, int, int, (int Bits, int[] Levels)[])"/> for any coder: the spec
    /// <paramref name="shape"/> gives coder, lanes, table_log and the rest; its layers are replaced.</summary>
    public static ResolvedModel FromLevels(DecoderSpec shape, params (int Bits, int[] Levels)[] layers)
    {
        var specs = layers.Select((l, i) => new LayerSpec($"l{i}", l.Bits, null,
            new DistributionSource(DistributionKind.Laplace, 1, Math.Max(1, l.Levels.Length), 1))).ToArray();
        var spec = shape with { Layers = specs };
        if (spec.Tables == TableMode.Ram && spec.RamLimits is null)
        {
            var tableLogs = layers.Select(l => ModelResolver.EffectiveTableLog(ModelResolver.SymbolCounts(l.Levels, l.Bits), spec.TableLog)).ToList();
            spec = spec with { RamLimits = new RamLimits(Math.Max(DecoderSpec.MinTableLog, tableLogs.Max()), layers.Max(l => l.Bits), layers.Length,
                layers.Max(l => Math.Max(1, l.Levels.Length))) };
        }
        var resolved = layers.Select((l, i) =>
        {
            var layer = ModelResolver.FromLevels(i, specs[i], l.Levels, spec.TableLog);
            return spec.Coder switch
            {
                CoderKind.Rans => ModelResolver.WithRans(layer, specs[i], spec),
                CoderKind.Huffman => ModelResolver.WithHuffman(layer, specs[i], spec.HuffmanMaxLength),
                _ => layer,
            };
        }).ToList();
        return new ResolvedModel(spec, resolved);
    }
}
