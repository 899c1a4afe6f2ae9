using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

/// <summary>ram_banks: 3 (coder tans, tables: ram): headers two layers ahead, a counts buffer per bank and the
/// builder's queue; ram_banks: 1: headers inline, every build exposed (docs/bitstream.md, docs/architecture.md).</summary>
public class RamBanksTests
{
    private static readonly RamLimits Limits = new(MaxTableLog: 11, MaxBits: 6, MaxLayers: 6, MaxWeights: 20_000);

    private static ResolvedModel RamModel(int lanes, int inputWidth, int banks, params LayerSpec[] layers) =>
        ModelResolver.Resolve(SpecFactory.Spec(lanes, 9, inputWidth, layers) with { Tables = TableMode.Ram, RamLimits = Limits, RamBanks = banks });

    [Fact]
    public void HeadersBefore_RunBanksMinusOneLayersAhead()
    {
        Assert.Equal([0, 1], RamHeader.HeadersBefore(0, 5));
        Assert.Equal([2], RamHeader.HeadersBefore(1, 5));
        Assert.Empty(RamHeader.HeadersBefore(4, 5));
        Assert.Equal([0, 1, 2], RamHeader.HeadersBefore(0, 5, banks: 3));
        Assert.Equal([3], RamHeader.HeadersBefore(1, 5, banks: 3));
        Assert.Equal([4], RamHeader.HeadersBefore(2, 5, banks: 3));
        Assert.Empty(RamHeader.HeadersBefore(3, 5, banks: 3));
        Assert.Equal([0, 1], RamHeader.HeadersBefore(0, 2, banks: 3));
        Assert.Empty(RamHeader.HeadersBefore(1, 2, banks: 3));
        // One bank: each layer's header right before its own initial states.
        Assert.Equal([0], RamHeader.HeadersBefore(0, 5, banks: 1));
        Assert.Equal([3], RamHeader.HeadersBefore(3, 5, banks: 1));
        Assert.Equal([4], RamHeader.HeadersBefore(4, 5, banks: 1));
        // Every header is placed exactly once.
        for (int banks = 1; banks <= 3; banks++)
            for (int n = 1; n <= 6; n++)
                Assert.Equal(Enumerable.Range(0, n), Enumerable.Range(0, n).SelectMany(k => RamHeader.HeadersBefore(k, n, banks)));
    }

    [Fact]
    public void OneAndThreeBanks_RoundTripThroughTheReferenceDecoder_ForRandomModels()
    {
        var gen =
            from lanes in Gen.Int[1, 8]
            from inputWidth in Gen.Int[8, 64]
            from counts in Gen.Int[1, 300].Array[1, 6]
            from bits in Gen.Int[2, 6]
            from banks in Gen.Int[0, 1].Select(b => b == 0 ? 1 : 3)
            select (lanes, inputWidth, counts, bits, banks);
        gen.Sample(g =>
        {
            var layers = g.counts.Select((n, i) => SpecFactory.Laplace($"l{i}", g.bits, 0.3 + i, n, (ulong)i + 1)).ToArray();
            var model = RamModel(g.lanes, g.inputWidth, g.banks, layers);
            var stream = TansStreamEncoder.Encode(model);
            var decoded = RamTansStreamDecoder.Decode(Limits, g.lanes, g.inputWidth, stream.Bytes, stream.WordCount, g.banks);
            Assert.Equal(model.Layers.Count, decoded.Count);
            for (int i = 0; i < decoded.Count; i++)
            {
                Assert.Equal(model.Layers[i].Bits, decoded[i].Bits);
                Assert.Equal(model.Layers[i].TableLog, decoded[i].TableLog);
                Assert.Equal(model.Layers[i].Levels, decoded[i].Levels);
            }
            // The same bits as two banks, in another order: only the headers move.
            var two = TansStreamEncoder.Encode(RamModel(g.lanes, g.inputWidth, 2, layers));
            Assert.Equal(two.TotalBits, stream.TotalBits);
        }, iter: 150);
    }

    [Fact]
    public void ModelTag_RefusesAStreamOfOtherBanks_OneTwoOrThree()
    {
        var layers = new[] { SpecFactory.Laplace("a", 4, 1.0, 300, 1), SpecFactory.Laplace("b", 3, 0.5, 200, 2), SpecFactory.Laplace("c", 4, 1.5, 100, 3) };
        var one = RamModel(2, 32, 1, layers);
        var two = RamModel(2, 32, 2, layers);
        var three = RamModel(2, 32, 3, layers);
        Assert.DoesNotContain("ram_banks", ModelTag.Describe(two), StringComparison.Ordinal);
        Assert.Contains("ram_banks 3\n", ModelTag.Describe(three), StringComparison.Ordinal);
        Assert.Contains("ram_banks 1\n", ModelTag.Describe(one), StringComparison.Ordinal);
        foreach (var (writer, reader) in new[] { (two, three), (three, two), (one, two), (two, one), (one, three), (three, one) })
        {
            var stream = StreamCodec.Encode(writer);
            var e = Assert.Throws<StreamDecodeException>(() => StreamCodec.Decode(reader, stream.Bytes, stream.WordCount));
            Assert.Equal(StreamErrorKind.WrongModel, e.Kind);
            Assert.Equal(writer.Layers.Select(l => l.Levels), StreamCodec.Decode(writer, stream.Bytes, stream.WordCount));
        }
    }

    /// <summary>A short layer before a long table: with two banks the switch to the long layer waits for its
    /// build, which started only at the switch to the short layer; with three it started while the layer
    /// before the short one decoded, and the switch costs what it costs with rom tables.</summary>
    [Fact]
    public void CycleModel_ThreeBanks_HideALongBuildBehindTwoLayers()
    {
        var layers = new[]
        {
            SpecFactory.Laplace("long", 4, 1.0, 8000, 1, tableLog: 11), SpecFactory.Laplace("short", 4, 0.5, 64, 2, tableLog: 5),
            SpecFactory.Laplace("big", 4, 1.5, 8000, 3, tableLog: 11), SpecFactory.Laplace("short2", 4, 0.5, 64, 4, tableLog: 5),
            SpecFactory.Laplace("big2", 4, 1.5, 4000, 5, tableLog: 11),
        };
        var rom = ModelResolver.Resolve(SpecFactory.Spec(4, 9, 32, layers));
        var romTrace = CycleModel.Run(rom, TansStreamEncoder.Encode(rom), StallScenario.Free);
        var two = RamModel(4, 32, 2, layers);
        var twoStream = TansStreamEncoder.Encode(two);
        var twoTrace = CycleModel.Run(two, twoStream, StallScenario.Free);
        var three = RamModel(4, 32, 3, layers);
        var threeStream = TansStreamEncoder.Encode(three);
        var threeTrace = CycleModel.Run(three, threeStream, StallScenario.Free);

        int bigBuild = twoStream.LayerLoadSteps[2][^1].Busy;
        Assert.Equal(bigBuild, threeStream.LayerLoadSteps[2][^1].Busy);
        // Two banks: layer 2's build (~1,050 cycles) is not hidden behind 16 beats of the short layer.
        Assert.True(twoTrace.LayerCycles(2) > romTrace.LayerCycles(2) + bigBuild / 2, $"{twoTrace.LayerCycles(2)} vs rom {romTrace.LayerCycles(2)}");
        // Three banks: the switches into layers 2 and 4 cost no more than a header read, and the last
        // switch (no header left to read) exactly what rom costs.
        Assert.True(threeTrace.LayerCycles(2) <= romTrace.LayerCycles(2) + threeStream.LayerLoadSteps[4].Length,
            $"{threeTrace.LayerCycles(2)} vs rom {romTrace.LayerCycles(2)}");
        Assert.Equal(romTrace.LayerCycles(4), threeTrace.LayerCycles(4));
        Assert.True(threeTrace.TotalCycles + bigBuild < twoTrace.TotalCycles, $"{threeTrace.TotalCycles} vs {twoTrace.TotalCycles}");
        // The first LOAD reads headers 1 and 2 while layer 0 builds (no wait for the builder), then INIT(0)
        // waits for that build: the first output comes no later than with two banks.
        Assert.True(threeTrace.LoadCyclesOfLayer[1] < twoStream.LayerLoadSteps[0][^1].Busy);
        Assert.True(twoTrace.LoadCyclesOfLayer[1] > twoStream.LayerLoadSteps[0][^1].Busy);
        Assert.True(threeTrace.FirstOutputLatency <= twoTrace.FirstOutputLatency);
    }

    /// <summary>One bank: the headers are inline, so every switch reads the next header after the layer's last
    /// beat and waits for its whole build: a layer costs rom's cycles plus its header read and its build. The
    /// first output comes no later than with two banks (whose first LOAD also waits to read header 1).</summary>
    [Fact]
    public void CycleModel_OneBank_ExposesEveryBuild()
    {
        var layers = new[]
        {
            SpecFactory.Laplace("a", 4, 1.0, 3000, 1, tableLog: 11), SpecFactory.Laplace("b", 4, 0.5, 64, 2, tableLog: 5),
            SpecFactory.Laplace("c", 5, 1.5, 2000, 3, tableLog: 9), SpecFactory.Laplace("d", 3, 0.7, 500, 4, tableLog: 8),
        };
        var rom = ModelResolver.Resolve(SpecFactory.Spec(4, 9, 32, layers));
        var romTrace = CycleModel.Run(rom, TansStreamEncoder.Encode(rom), StallScenario.Free);
        var one = RamModel(4, 32, 1, layers);
        var oneStream = TansStreamEncoder.Encode(one);
        var oneTrace = CycleModel.Run(one, oneStream, StallScenario.Free);
        var two = RamModel(4, 32, 2, layers);
        var twoTrace = CycleModel.Run(two, TansStreamEncoder.Encode(two), StallScenario.Free);
        for (int k = 1; k < layers.Length; k++)
        {
            var steps = oneStream.LayerLoadSteps[k];
            // The header's fields (one a cycle at least) and then the whole build, with the decoder idle.
            Assert.True(oneTrace.LayerCycles(k) >= romTrace.LayerCycles(k) + steps.Length + steps[^1].Busy,
                $"layer {k}: {oneTrace.LayerCycles(k)} vs rom {romTrace.LayerCycles(k)} + {steps.Length} + {steps[^1].Busy}");
            Assert.True(oneTrace.LoadCyclesOfLayer[k] >= steps.Length + steps[^1].Busy);
        }
        Assert.True(oneTrace.TotalCycles > twoTrace.TotalCycles, $"{oneTrace.TotalCycles} vs {twoTrace.TotalCycles}");
        Assert.True(oneTrace.FirstOutputLatency <= twoTrace.FirstOutputLatency);
    }

    [Fact]
    public void Parse_ReadsRamBanks_AndRefusesOtherValuesCodersAndRom()
    {
        const string body = "layers: [{name: a, bits: 4, distribution: {laplace: 1.0}, count: 100}]\n";
        var three = SpecLoader.Parse("name: t\ntables: ram\nram_banks: 3\n" + body, "t.yaml");
        Assert.Equal(3, three.RamBanks);
        Assert.Contains("ram_banks: 3\n", SpecYamlWriter.ToYaml(three), StringComparison.Ordinal);
        Assert.Equal(3, SpecLoader.Parse(SpecYamlWriter.ToYaml(three), "r.yaml").RamBanks);
        var two = SpecLoader.Parse("name: t\ntables: ram\n" + body, "t.yaml");
        Assert.Equal(2, two.RamBanks);
        Assert.DoesNotContain("ram_banks", SpecYamlWriter.ToYaml(two), StringComparison.Ordinal);
        Assert.Equal(2, SpecLoader.Parse("name: t\ntables: ram\ncoder: huffman\nram_banks: 2\n" + body, "t.yaml").RamBanks);

        var four = Spec.SpecTestFiles.SingleErrorOf("name: t\ntables: ram\nram_banks: 4\n" + body);
        Assert.Equal("t.yaml:3:12: field 'ram_banks': must be 1, 2 or 3, got 4", four.ToString());
        Assert.Equal("t.yaml:3:12: field 'ram_banks': must be 1, 2 or 3, got 0", Spec.SpecTestFiles.SingleErrorOf("name: t\ntables: ram\nram_banks: 0\n" + body).ToString());
        var one = SpecLoader.Parse("name: t\ntables: ram\nram_banks: 1\n" + body, "t.yaml");
        Assert.Equal(1, one.RamBanks);
        Assert.Contains("ram_banks: 1\n", SpecYamlWriter.ToYaml(one), StringComparison.Ordinal);
        Assert.Equal(1, SpecLoader.Parse(SpecYamlWriter.ToYaml(one), "r.yaml").RamBanks);
        var rom = Spec.SpecTestFiles.SingleErrorOf("name: t\nram_banks: 3\n" + body);
        Assert.Equal((2, 12, "ram_banks"), (rom.Line, rom.Column, rom.Field));
        Assert.StartsWith("applies only to tables: ram", rom.Message, StringComparison.Ordinal);
        foreach (var coder in new[] { "huffman", "rans" })
            foreach (int banks in new[] { 1, 3 })
            {
                var other = Spec.SpecTestFiles.SingleErrorOf($"name: t\ncoder: {coder}\ntables: ram\nram_banks: {banks}\n" + body);
                Assert.Equal((4, 12, "ram_banks"), (other.Line, other.Column, other.Field));
                Assert.Contains("coder tans only", other.Message, StringComparison.Ordinal);
            }
        var romOne = Spec.SpecTestFiles.SingleErrorOf("name: t\nram_banks: 1\n" + body);
        Assert.Equal((2, 12, "ram_banks"), (romOne.Line, romOne.Column, romOne.Field));
    }
}
