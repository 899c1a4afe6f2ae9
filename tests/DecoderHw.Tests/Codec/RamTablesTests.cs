using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

public class RamTablesTests
{
    private static readonly RamLimits Limits = new(MaxTableLog: 11, MaxBits: 6, MaxLayers: 5, MaxWeights: 2000);

    private static ResolvedModel RamModel(int lanes, int inputWidth, RamLimits limits, params LayerSpec[] layers) =>
        ModelResolver.Resolve(SpecFactory.Spec(lanes, 9, inputWidth, layers) with { Tables = TableMode.Ram, RamLimits = limits });

    private static ResolvedModel RamModel(int lanes, int inputWidth, RamLimits limits, int banks, params LayerSpec[] layers) =>
        ModelResolver.Resolve(SpecFactory.Spec(lanes, 9, inputWidth, layers) with { Tables = TableMode.Ram, RamLimits = limits, RamBanks = banks });

    [Fact]
    public void RamDecoder_RoundTripsFromTheStreamAlone_ForRandomModels()
    {
        var gen =
            from lanes in Gen.Int[1, 8]
            from inputWidth in Gen.Int[8, 64]
            from counts in Gen.Int[1, 300].Array[1, 5]
            from bits in Gen.Int[2, 6]
            from banks in Gen.Int[DecoderSpec.MinRamBanks, DecoderSpec.MaxRamBanks]
            select (lanes, inputWidth, counts, bits, banks);
        gen.Sample(g =>
        {
            var layers = g.counts.Select((n, i) => SpecFactory.Laplace($"l{i}", g.bits, 0.3 + i, n, (ulong)i + 1)).ToArray();
            var model = RamModel(g.lanes, g.inputWidth, Limits, g.banks, layers);
            var stream = TansStreamEncoder.Encode(model);
            var decoded = RamTansStreamDecoder.Decode(Limits, g.lanes, g.inputWidth, stream.Bytes, stream.WordCount, g.banks);
            Assert.Equal(model.Layers.Count, decoded.Count);
            for (int i = 0; i < decoded.Count; i++)
            {
                Assert.Equal(model.Layers[i].Bits, decoded[i].Bits);
                Assert.Equal(model.Layers[i].Levels, decoded[i].Levels);
            }
            // The cycle model reads the stream in the layout's order (it throws when a phase runs out of bits).
            Assert.Equal(model.Layers.Sum(l => (long)l.DecodeBeats(g.lanes)), CycleModel.Run(model, stream, StallScenario.Free).OutputHandshakeCycles.Length);
        }, iter: 150);
    }

    /// <summary>Re-encodes one model's header fields with a lie and expects BadHeader.</summary>
    private static StreamDecodeException DecodeWithHeaderLie(Action<BitWriterFields> lie)
    {
        var fields = new BitWriterFields();
        lie(fields);
        var writer = new BitWriter();
        foreach (var (value, width) in fields.Fields) writer.Write(value, width);
        var bytes = writer.ToPaddedBytes(32);
        return Assert.Throws<StreamDecodeException>(() => RamTansStreamDecoder.Decode(Limits, 1, 32, bytes, bytes.Length / 4));
    }

    private sealed class BitWriterFields
    {
        public List<(uint Value, int Width)> Fields { get; } = [];

        public BitWriterFields Layers(int count) { Fields.Add(((uint)count - 1, RamHeader.LayerCountBits(Limits))); return this; }

        public BitWriterFields Layer(int weights, int bits, int tableLog)
        {
            Fields.Add(((uint)weights - 1, 32));
            Fields.Add(((uint)(bits - 2), 3));
            Fields.Add(((uint)tableLog, 4));
            return this;
        }

        public BitWriterFields Counts(int tableLog, params int[] counts)
        {
            foreach (int c in counts) Fields.Add(((uint)c, tableLog + 1));
            return this;
        }
    }

    [Fact]
    public void RamDecoder_CountsThatDoNotSum_ThrowBadHeader()
    {
        var ex = DecodeWithHeaderLie(f => f.Layers(1).Layer(10, 2, 5).Counts(5, 10, 10, 10));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("sum to 30", ex.Message);
    }

    [Fact]
    public void RamDecoder_CountsOverTheTable_ThrowBadHeaderAtOnce()
    {
        var ex = DecodeWithHeaderLie(f => f.Layers(1).Layer(10, 2, 5).Counts(5, 40, 0, 0));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("exceed", ex.Message);
    }

    [Fact]
    public void RamDecoder_TableLogOverLimit_ThrowsBadHeader()
    {
        var ex = DecodeWithHeaderLie(f => f.Layers(1).Layer(10, 2, 12));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("table_log 12", ex.Message);
    }

    [Fact]
    public void RamDecoder_BitsOverLimit_ThrowsBadHeader()
    {
        var ex = DecodeWithHeaderLie(f => f.Layers(1).Layer(10, 8, 5));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
    }

    [Fact]
    public void RamDecoder_MoreLayersThanMax_ThrowsBadHeader()
    {
        var ex = DecodeWithHeaderLie(f => f.Layers(7));
        Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        Assert.Contains("max_layers", ex.Message);
    }

    [Fact]
    public void CycleModel_RamTables_ChargesTheFirstBuild()
    {
        var layers = new[] { SpecFactory.Laplace("a", 4, 1.0, 2000, 1), SpecFactory.Laplace("b", 3, 0.5, 1000, 2) };
        var rom = ModelResolver.Resolve(SpecFactory.Spec(2, 9, 32, layers));
        var ram = RamModel(2, 32, Limits, layers);
        var romTrace = CycleModel.Run(rom, TansStreamEncoder.Encode(rom), StallScenario.Free);
        var ramStream = TansStreamEncoder.Encode(ram);
        var ramTrace = CycleModel.Run(ram, ramStream, StallScenario.Free);
        // Layer 0's table is built before anything decodes; layer 1's while layer 0 decodes (1000 beats).
        int firstBuild = RamHeader.BuildCycles(ram.Layers[0].Tables.NormalizedCounter, 9);
        Assert.InRange(ramTrace.TotalCycles - romTrace.TotalCycles, firstBuild, firstBuild + 2 * 16 + 8);
        var stalled = CycleModel.Run(ram, ramStream, StallScenario.Stall);
        Assert.True(stalled.TotalCycles >= ramTrace.TotalCycles);
    }

    /// <summary>The builder's cycles for counts {3, 5, 0, 24} at table_log 5, four slots spread a cycle: one
    /// cycle to read the counts back, ceil(3/4) + ceil(5/4) + 1 (a symbol without slots) + 24/4 = 10 spread
    /// cycles, then four engines over 8 slots each, started a cycle apart, through the 3-stage build:
    /// 8 + 3 + 2 = 13; in all 1 + 10 + 13 = 24. A one-slot table of 3 symbols (one cycle each): 1 + 3 + 3 = 7.</summary>
    [Fact]
    public void BuildCycles_AreTheSpreadRunsAndFourEngines_ForAHandWorkedTable()
    {
        Assert.Equal(4, RamHeader.SpreadSlotsPerCycle);
        Assert.Equal(24, RamHeader.BuildCycles([3, 5, 0, 24], 5));
        Assert.Equal(7, RamHeader.BuildCycles([0, 1, 0], 0));
    }

    /// <summary>ram_build_engines: the same counts {3, 5, 0, 24} at table_log 5 (11 cycles to read back and
    /// spread) with two engines over 16 slots each, a cycle apart: 16 + 1 + 2 = 19, in all 30; with one
    /// engine over all 32 slots: 32 + 0 + 2 = 34, in all 45 (the single-engine build of 2^tl + 2). A one-slot
    /// table is engine 0's alone whatever the count.</summary>
    [Fact]
    public void BuildCycles_AreTheSpreadRunsAndTheEngines_ForOneAndTwoEngines()
    {
        Assert.Equal(30, RamHeader.BuildCycles([3, 5, 0, 24], 5, engines: 2));
        Assert.Equal(45, RamHeader.BuildCycles([3, 5, 0, 24], 5, engines: 1));
        Assert.Equal(7, RamHeader.BuildCycles([0, 1, 0], 0, engines: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RamHeader.BuildCycles([3, 5, 0, 24], 5, engines: 3));
    }

    /// <summary>auto: long layers hide even a one-engine build (2^9 + 2 cycles behind 200,000-weight layers at
    /// one lane) and the first table's extra ~380 cycles are under 0.1% of 600,000, so one engine is chosen;
    /// short layers behind large tables do not hide it, so four stay.</summary>
    [Fact]
    public void BuildEngineChooser_PicksTheFewestEnginesWithinTolerance()
    {
        var longLayers = RamModel(1, 32, Limits with { MaxWeights = 200_000 }, SpecFactory.Laplace("a", 4, 1.0, 200_000, 1),
            SpecFactory.Laplace("b", 3, 0.5, 200_000, 2), SpecFactory.Laplace("c", 4, 1.5, 200_000, 3));
        longLayers = longLayers with { Spec = longLayers.Spec with { RamBuildEngines = DecoderSpec.AutoRamBuildEngines } };
        var (model, stream, choice) = BuildEngineChooser.Choose(longLayers, TansStreamEncoder.Encode(longLayers));
        Assert.Equal(1, choice.Engines);
        Assert.Equal(1, model.Spec.RamBuildEngines);
        Assert.True(choice.CyclesByEngines[1] <= choice.CyclesByEngines[4] * (1 + BuildEngineChooser.Tolerance));
        Assert.Equal(choice.CyclesByEngines[1], CycleModel.Run(model, stream, StallScenario.Free).TotalCycles);
        Assert.Equal(RamHeader.BuildCycles(model.Layers[1].Tables.NormalizedCounter, model.Layers[1].TableLog, 1), stream.LayerLoadSteps[1][^1].Busy);

        var shortLayers = RamModel(4, 32, Limits, SpecFactory.Laplace("a", 4, 1.0, 300, 1), SpecFactory.Laplace("b", 4, 0.5, 60, 2),
            SpecFactory.Laplace("c", 4, 1.5, 300, 3), SpecFactory.Laplace("d", 4, 1.5, 60, 4), SpecFactory.Laplace("e", 4, 1.5, 300, 5));
        shortLayers = shortLayers with { Spec = shortLayers.Spec with { RamBuildEngines = DecoderSpec.AutoRamBuildEngines } };
        var (_, _, shortChoice) = BuildEngineChooser.Choose(shortLayers, TansStreamEncoder.Encode(shortLayers));
        Assert.Equal(4, shortChoice.Engines);
        Assert.True(shortChoice.CyclesByEngines[1] > shortChoice.CyclesByEngines[2] && shortChoice.CyclesByEngines[2] > shortChoice.CyclesByEngines[4]);
    }

    [Fact]
    public void Parse_ReadsRamBuildEngines_AndRejectsOtherValuesAndRom()
    {
        const string body = "layers: [{name: a, bits: 4, distribution: {laplace: 1.0}, count: 100}]\n";
        Assert.Equal(1, SpecLoader.Parse("name: t\ntables: ram\nram_build_engines: 1\n" + body, "t.yaml").RamBuildEngines);
        Assert.Equal(DecoderSpec.AutoRamBuildEngines, SpecLoader.Parse("name: t\ntables: ram\nram_build_engines: auto\n" + body, "t.yaml").RamBuildEngines);
        Assert.Equal(4, SpecLoader.Parse("name: t\ntables: ram\n" + body, "t.yaml").RamBuildEngines);
        var three = Spec.SpecTestFiles.SingleErrorOf("name: t\ntables: ram\nram_build_engines: 3\n" + body);
        Assert.Equal("t.yaml:3:20: field 'ram_build_engines': must be 1, 2, 4 or auto, got 3", three.ToString());
        var rom = Spec.SpecTestFiles.SingleErrorOf("name: t\nram_build_engines: 2\n" + body);
        Assert.Equal((2, 20, "ram_build_engines"), (rom.Line, rom.Column, rom.Field));
        Assert.StartsWith("applies only to tables: ram", rom.Message, StringComparison.Ordinal);
    }

    /// <summary>Headers run one layer ahead: layer k+1's comes before layer k's initial states, so a layer
    /// switch reads only the header after next, and a build hidden behind a long layer costs nothing more.</summary>
    [Fact]
    public void CycleModel_RamTables_HideTheBuildBehindALongLayer()
    {
        var layers = new[]
        {
            SpecFactory.Laplace("a", 4, 1.0, 2000, 1), SpecFactory.Laplace("b", 3, 0.5, 2000, 2), SpecFactory.Laplace("c", 4, 1.5, 1500, 3),
        };
        var rom = ModelResolver.Resolve(SpecFactory.Spec(1, 9, 32, layers));
        var ram = RamModel(1, 32, Limits, layers);
        var romTrace = CycleModel.Run(rom, TansStreamEncoder.Encode(rom), StallScenario.Free);
        var ramStream = TansStreamEncoder.Encode(ram);
        var ramTrace = CycleModel.Run(ram, ramStream, StallScenario.Free);
        // Layer 1 waits for layer 0's build in the first LOAD, then reads its header and 7 counts.
        Assert.Equal(ramStream.LayerLoadSteps[0][^1].Busy + 1 + 7, ramTrace.LoadCyclesOfLayer[1]);
        // Layer 2's header and 15 counts are read at the switch from layer 0 to 1, its build hidden.
        Assert.Equal(1 + 15, ramTrace.LoadCyclesOfLayer[2]);
        Assert.Equal(romTrace.LayerCycles(1) + 1 + 15, ramTrace.LayerCycles(1));
        Assert.Equal(romTrace.LayerCycles(2), ramTrace.LayerCycles(2));
    }
}
