using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Codec;
using static DecoderHw.Tests.Spec.SpecTestFiles;

namespace DecoderHw.Tests.Tans;

/// <summary>table_log_mode: the size cap (FSE_optimalTableLog), the bounds every choice respects, best's
/// cost being the least of its candidates, and streams that round-trip with the chosen logs.</summary>
public sealed class TableLogChooserTests
{
    [Theory]
    // 288 weights (an age_gender depthwise layer), 15 levels: highbit(287) - 2 = 6; min(highbit(288) + 1, highbit(14) + 2) = 5.
    [InlineData(288, 15, 6)]
    // 131,072 weights: highbit(131071) - 2 = 14, above any table_log the spec allows.
    [InlineData(131_072, 15, 14)]
    // 864 weights of 255 levels: highbit(863) - 2 = 7, raised to min(highbit(864) + 1, highbit(254) + 2) = min(10, 9) = 9.
    [InlineData(864, 255, 9)]
    // 2 weights, 2 levels: highbit(1) - 2 = -2, raised to min(highbit(2) + 1, highbit(1) + 2) = 2 (Bounds then lifts it to 5).
    [InlineData(2, 2, 2)]
    public void SizeCap_FollowsFseOptimalTableLog_ForHandWorkedSizes(long weights, int present, int cap) =>
        Assert.Equal(cap, TableLogChooser.SizeCap(weights, present));

    private static readonly Gen<(int Bits, int[] Levels)> LayerGen =
        from bits in Gen.Int[2, 8]
        from present in Gen.Int[1, (1 << bits) - 1]
        from length in Gen.OneOf(Gen.Int[1, 40], Gen.Int[1, 3000], Gen.Int[3000, 40_000])
        from skew in Gen.Double[0.0, 4.0]
        from seed in Gen.Int
        select (bits, SkewedLevels.Make(bits, present, length, skew, seed));

    [Fact]
    public void Choose_StaysWithinItsBounds_AndBestCostsLeast_ForRandomLayers()
    {
        var gen =
            from layer in LayerGen
            from requested in Gen.Int[5, 12]
            from mode in Gen.OneOf(Gen.Const(TableLogMode.BySize), Gen.Const(TableLogMode.Best))
            from coder in Gen.OneOf(Gen.Const(CoderKind.Tans), Gen.Const(CoderKind.Rans))
            from tables in Gen.OneOf(Gen.Const(TableMode.Rom), Gen.Const(TableMode.Ram))
            from lanes in Gen.Int[1, 8]
            select (layer, requested, mode, coder, tables, lanes);
        gen.Sample(g =>
        {
            var counts = ModelResolver.SymbolCounts(g.layer.Levels, g.layer.Bits);
            var chooser = new TableLogChooser(g.mode, g.coder, g.tables, g.lanes, 1.0, g.layer.Bits, g.requested);
            int chosen = chooser.Choose(counts, counts, g.requested, g.layer.Bits);
            int present = counts.Count(c => c > 0);
            int needed = ModelResolver.EffectiveTableLog(counts, DecoderSpec.MinTableLog);
            if (present == 1) { Assert.Equal(0, chosen); return; }
            // Every present symbol has a slot, and the ram header's table_log field (5..max) is valid.
            Assert.True(chosen >= needed && chosen >= DecoderSpec.MinTableLog, $"chosen {chosen} below needed {needed}");
            int cap = TableLogChooser.SizeCap(counts.Sum(), present);
            // Never above the request or the size cap, unless the symbols need more.
            Assert.True(chosen <= Math.Max(Math.Max(needed, 5), Math.Min(g.requested, cap)), $"chosen {chosen}, requested {g.requested}, cap {cap}");
            if (g.mode == TableLogMode.BySize)
                Assert.Equal(Math.Max(Math.Max(needed, 5), Math.Min(g.requested, cap)), chosen);
            else
            {
                var (low, high) = TableLogChooser.Bounds(counts.Sum(), counts, g.requested);
                double best = chooser.Cost(counts, counts, chosen, g.layer.Bits, counts.Sum());
                for (int t = low; t <= high; t++)
                    Assert.True(best <= chooser.Cost(counts, counts, t, g.layer.Bits, counts.Sum()), $"log {t} costs less than the chosen {chosen}");
            }
        }, iter: 200);
    }

    [Fact]
    public void Streams_RoundTripWithChosenLogs_ForEveryCoderAndTableMode()
    {
        var gen =
            from layers in LayerGen.Array[1, 4]
            from requested in Gen.Int[5, 12]
            from mode in Gen.OneOf(Gen.Const(TableLogMode.BySize), Gen.Const(TableLogMode.Best))
            from coder in Gen.OneOf(Gen.Const(CoderKind.Tans), Gen.Const(CoderKind.Rans), Gen.Const(CoderKind.Huffman))
            from tables in Gen.OneOf(Gen.Const(TableMode.Rom), Gen.Const(TableMode.Ram))
            from lanes in Gen.Int[1, 8]
            from inputWidth in Gen.Int[8, 64]
            select (layers, requested, mode, coder, tables, lanes, inputWidth);
        gen.Sample(g =>
        {
            var shape = new DecoderSpec("t", g.coder, g.requested, g.lanes, g.inputWidth, g.tables, [], "t.yaml", TableLogMode: g.mode);
            var model = FromLevelsChosen(shape, g.layers);
            var stream = StreamCodec.Encode(model);
            var decoded = StreamCodec.Decode(model, stream.Bytes, stream.WordCount);
            for (int i = 0; i < model.Layers.Count; i++) Assert.Equal(model.Layers[i].Levels, decoded[i]);
        }, iter: 120);
    }

    /// <summary>As SpecFactory.FromLevels, with the spec's chooser and ram limits that fit the chosen logs.</summary>
    private static ResolvedModel FromLevelsChosen(DecoderSpec shape, (int Bits, int[] Levels)[] layers)
    {
        var specs = layers.Select((l, i) => new LayerSpec($"l{i}", l.Bits, null,
            new DistributionSource(DistributionKind.Laplace, 1, Math.Max(1, l.Levels.Length), 1))).ToArray();
        var spec = shape with { Layers = specs };
        var chooser = TableLogChooser.For(spec);
        var resolved = layers.Select((l, i) =>
        {
            var layer = ModelResolver.FromLevels(i, specs[i], l.Levels, spec.TableLog, chooser);
            return spec.Coder switch
            {
                CoderKind.Rans => ModelResolver.WithRans(layer, specs[i], spec),
                CoderKind.Huffman => ModelResolver.WithHuffman(layer, specs[i], spec.HuffmanMaxLength),
                _ => layer,
            };
        }).ToList();
        if (spec.Tables == TableMode.Ram)
            spec = spec with { RamLimits = new RamLimits(Math.Max(DecoderSpec.MinTableLog, resolved.Max(l => l.TableLog)),
                layers.Max(l => l.Bits), layers.Length, layers.Max(l => Math.Max(1, l.Levels.Length))) };
        return new ResolvedModel(spec, resolved);
    }

    [Fact]
    public void Resolve_KeepsRequestedLogs_ForHuffmanAndFixed()
    {
        var layer = new LayerSpec("dw", 4, null, new DistributionSource(DistributionKind.Laplace, 1.5, 288, 3));
        foreach (var (coder, mode) in new[] { (CoderKind.Huffman, TableLogMode.Best), (CoderKind.Tans, TableLogMode.Fixed) })
        {
            var spec = new DecoderSpec("t", coder, 11, 4, 32, TableMode.Rom, [layer], "t.yaml", TableLogMode: mode);
            Assert.Equal(11, ModelResolver.Resolve(spec).Layers[0].TableLog);
        }
        var bySize = new DecoderSpec("t", CoderKind.Tans, 11, 4, 32, TableMode.Rom, [layer], "t.yaml", TableLogMode: TableLogMode.BySize);
        Assert.Equal(6, ModelResolver.Resolve(bySize).Layers[0].TableLog);
    }

    [Fact]
    public void Parse_ReadsTableLogMode_AndRejectsOtherValues()
    {
        const string body = "layers: [{name: a, bits: 4, distribution: {laplace: 1.0}, count: 100}]\n";
        Assert.Equal(TableLogMode.BySize, SpecLoader.Parse("name: t\ntable_log_mode: by_size\n" + body, "t.yaml").TableLogMode);
        Assert.Equal(TableLogMode.Fixed, SpecLoader.Parse("name: t\n" + body, "t.yaml").TableLogMode);
        var error = SingleErrorOf("name: t\ntable_log_mode: auto\n" + body);
        Assert.Equal((2, 17, "table_log_mode"), (error.Line, error.Column, error.Field));
        Assert.StartsWith("must be one of fixed, by_size, best, got", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvedSpec_WritesTableLogMode_OnlyWhenNotFixed()
    {
        const string body = "layers: [{name: a, bits: 4, distribution: {laplace: 1.0}, count: 100}]\n";
        var best = SpecLoader.Parse("name: t\ntable_log_mode: best\n" + body, "t.yaml");
        Assert.Equal(TableLogMode.Best, SpecLoader.Parse(SpecYamlWriter.ToYaml(best), "r.yaml").TableLogMode);
        Assert.DoesNotContain("table_log_mode", SpecYamlWriter.ToYaml(SpecLoader.Parse("name: t\n" + body, "t.yaml")), StringComparison.Ordinal);
    }
}
