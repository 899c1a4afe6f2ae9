using DecoderHw.Codec;
using DecoderHw.Grouping;
using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;
using Xunit.Abstractions;

namespace DecoderHw.Tests.Grouping;

public class TableGrouperTests(ITestOutputHelper output)
{
    private static DecoderSpec Spec(TableGroups groups, double cost = 1.0, CoderKind coder = CoderKind.Tans, int lanes = 4, params LayerSpec[] layers) =>
        SpecFactory.Spec(lanes, 9, 32, layers) with { TableGroups = groups, TableBitCost = cost, Coder = coder };

    private static LayerSpec[] FourLayers() =>
    [
        SpecFactory.Laplace("a", 4, 1.0, 3000, 1),
        SpecFactory.Laplace("b", 4, 1.1, 3000, 2),
        SpecFactory.Laplace("c", 4, 3.0, 3000, 3),
        SpecFactory.Laplace("d", 3, 0.5, 3000, 4),
    ];

    [Fact]
    public void Auto_NeverMerges_WhenTablesCostNothing()
    {
        var model = SpecFactory.Resolve(Spec(TableGroups.Auto, 0.0, layers: FourLayers()));
        Assert.Equal([0, 1, 2, 3], model.Layers.Select(l => l.Group ?? -1));
    }

    [Fact]
    public void Auto_SharesOneTable_AmongLayersOfEqualBits_WhenTablesAreDear()
    {
        var model = SpecFactory.Resolve(Spec(TableGroups.Auto, 1.0, layers: FourLayers()));
        Assert.Equal(model.Layers[0].Group, model.Layers[1].Group);
        Assert.Equal(model.Layers[0].Group, model.Layers[2].Group);
        Assert.NotEqual(model.Layers[0].Group, model.Layers[3].Group);   // 3 bits cannot share a 4-bit table
        Assert.Same(model.Layers[0].Tables, model.Layers[2].Tables);
    }

    [Fact]
    public void Count_MergesTheClosestPairFirst()
    {
        var model = SpecFactory.Resolve(Spec(new TableGroups(TableGroupMode.Count, 3), 0.0, layers: FourLayers()));
        Assert.Equal(model.Layers[0].Group, model.Layers[1].Group);          // laplace 1.0 and 1.1
        Assert.Equal(3, model.Layers.Select(l => l.Group).Distinct().Count());
    }

    [Fact]
    public void Count_BelowWhatTheBitsAllow_IsAUserError()
    {
        var ex = Assert.Throws<Cli.UserErrorException>(() => SpecFactory.Resolve(Spec(new TableGroups(TableGroupMode.Count, 1), layers: FourLayers())));
        Assert.Contains("at least 2 tables", ex.Message);
    }

    [Theory]
    [InlineData(CoderKind.Tans)]
    [InlineData(CoderKind.Huffman)]
    public void Grouped_RoundTrips_AndTheRtlSharesTheTables(CoderKind coder)
    {
        var model = SpecFactory.Resolve(Spec(TableGroups.Auto, 1.0, coder, layers: FourLayers()));
        var stream = StreamCodec.Encode(model);
        var decoded = StreamCodec.Decode(model, stream.Bytes, stream.WordCount);
        for (int k = 0; k < model.Layers.Count; k++) Assert.Equal(model.Layers[k].Levels, decoded[k]);

        var alone = SpecFactory.Resolve(Spec(TableGroups.None, 1.0, coder, layers: FourLayers()));
        var rtl = RtlModel.From(model, "t.yaml", "test");
        var rtlAlone = RtlModel.From(alone, "t.yaml", "test");
        long bits = rtl.Variant.TableBits(rtl), bitsAlone = rtlAlone.Variant.TableBits(rtlAlone);
        Assert.True(bits < bitsAlone, $"{bits} vs {bitsAlone} table bits");
        if (coder == CoderKind.Tans) Assert.Equal(rtl.Layers[0].Base, rtl.Layers[2].Base);
    }

    /// <summary>Greedy merging against every set partition of small models: how far from the best grouping.
    /// Two clusters of scales and table costs low enough (0..0.01 stream bits per table bit) that the best
    /// answer is often neither one table nor one per layer.</summary>
    [Fact]
    public void Auto_IsWithinOnePercentOfTheBestPartition_OnSmallModels()
    {
        // Fixed seeds: the test measures greedy against the optimum, so it must see the same models every run.
        var samples = Enumerable.Range(1, 15).Select(seed =>
        {
            var rng = new Random(seed);
            var scales = Enumerable.Range(0, rng.Next(3, 6)).Select(_ => rng.Next(2) == 0 ? 0.4 + 0.2 * rng.NextDouble() : 2.5 + rng.NextDouble()).ToArray();
            var counts = Enumerable.Range(0, 5).Select(_ => rng.Next(2000, 20000)).ToArray();
            return (scales, counts, cost: 0.01 * rng.NextDouble());
        });
        double worst = 1;
        int nontrivial = 0;
        foreach (var g in samples)
        {
            var layers = g.scales.Select((s, i) => SpecFactory.Laplace($"l{i}", 4, s, g.counts[i], (ulong)i + 1)).ToArray();
            var spec = Spec(TableGroups.Auto, g.cost, lanes: 2, layers: layers);
            var resolved = SpecFactory.Resolve(spec with { TableGroups = TableGroups.None }).Layers;
            var chosen = TableGrouper.Choose(spec, resolved);
            var memo = new Dictionary<string, double>();
            double Cost(IEnumerable<IReadOnlyList<int>> partition) => partition.Sum(p =>
            {
                string key = string.Join(",", p.Order());
                if (memo.TryGetValue(key, out double known)) return known;
                var single = TableGrouper.Choose(spec with { TableGroups = new TableGroups(TableGroupMode.Count, 1) }, [.. p.Select(k => resolved[k] with { Index = p.ToList().IndexOf(k) })]);
                return memo[key] = single.Sum(t => t.StreamBits + g.cost * t.TableBits);
            });
            double greedy = chosen.Sum(t => t.StreamBits + g.cost * t.TableBits);
            var partitions = Partitions(Enumerable.Range(0, layers.Length).ToList()).ToList();
            double best = partitions.Min(Cost);
            if (chosen.Count > 1 && chosen.Count < layers.Length) nontrivial++;
            worst = Math.Max(worst, greedy / best);
            Assert.True(greedy <= best * 1.01, $"greedy {greedy} vs best {best}");
        }
        output.WriteLine($"worst greedy / best partition: {worst:F5}; {nontrivial} of 15 chose neither one table nor one per layer");
        Assert.True(nontrivial >= 3, "the samples do not exercise real choices");
    }

    private static IEnumerable<List<IReadOnlyList<int>>> Partitions(List<int> items)
    {
        if (items.Count == 0) { yield return []; yield break; }
        int first = items[0];
        foreach (var rest in Partitions(items.Skip(1).ToList()))
        {
            yield return [[first], .. rest];
            for (int i = 0; i < rest.Count; i++)
            {
                var copy = rest.ToList();
                copy[i] = [first, .. rest[i]];
                yield return copy;
            }
        }
    }
}
