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
}
