using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;
using static DecoderHw.Tests.Spec.SpecTestFiles;

namespace DecoderHw.Tests.Pipelined;

/// <summary>states_per_lane: 2, the pipelined lanes: the stream of twice the lanes, two INIT beats per layer,
/// lanes weights per beat, and RTL constants that rely on FSE's baselines.</summary>
public sealed class PipelinedLaneTests
{
    private static readonly Gen<LayerSpec[]> Layers =
        from counts in Gen.Int[1, 600].Array[1, 4]
        from bits in Gen.Int[2, 8].Array[4]
        from scales in Gen.Double[0.05, 20].Array[4]
        from single in Gen.Int[0, 5].Array[4]
        select counts.Select((n, i) => single[i] == 0
            ? SpecFactory.Frequencies($"l{i}", bits[i], OneLevel(bits[i]), n, (ulong)i + 1)
            : SpecFactory.Laplace($"l{i}", bits[i], scales[i], n, (ulong)i + 1)).ToArray();

    private static long[] OneLevel(int bits)
    {
        var f = new long[(1 << bits) - 1];
        f[f.Length / 2 + 1] = 1;    // level +1 only: a single-symbol layer (table_log 0)
        return f;
    }

    private static ResolvedModel Pipelined(int tableLog, int inputWidth, LayerSpec[] layers, int lanes = 1) =>
        SpecFactory.Resolve(SpecFactory.Spec(lanes, tableLog, inputWidth, layers) with { StatesPerLane = 2 });

    [Fact]
    public void Stream_IsTheStreamOfTwiceTheLanes_ByteForByte()
    {
        (from layers in Layers from tl in Gen.Int[8, 12] from iw in Gen.Int[8, 64] from lanes in Gen.Int[1, 8] select (layers, tl, iw, lanes)).Sample(g =>
        {
            var pipelined = Pipelined(g.tl, g.iw, g.layers, g.lanes);
            var twoLanes = SpecFactory.Resolve(SpecFactory.Spec(2 * g.lanes, g.tl, g.iw, g.layers));
            var a = TansStreamEncoder.Encode(pipelined);
            var b = TansStreamEncoder.Encode(twoLanes);
            Assert.Equal(b.TotalBits, a.TotalBits);
            Assert.Equal(b.Bytes, a.Bytes);
        }, iter: 60);
    }

    [Fact]
    public void Stream_RoundTrips_WithSeveralLanes_AndTwoInitBeatsOfOneStateEach()
    {
        (from layers in Layers from lanes in Gen.Int[2, 8] from iw in Gen.Int[8, 64] select (layers, lanes, iw)).Sample(g =>
        {
            var model = Pipelined(10, g.iw, g.layers, g.lanes);
            var stream = TansStreamEncoder.Encode(model);
            var decoded = StreamCodec.DecodePayload(model, stream.Bytes, stream.WordCount);
            for (int k = 0; k < model.Layers.Count; k++) Assert.Equal(model.Layers[k].Levels, decoded[k]);
            int beat = 0;
            foreach (var layer in model.Layers)
            {
                // INIT beat s: lanes j whose stream lane s*L + j has weights read table_log bits.
                Assert.Equal(Math.Min(g.lanes, layer.WeightCount) * layer.TableLog, stream.BeatNeedBits[beat++]);
                Assert.Equal(Math.Clamp(layer.WeightCount - g.lanes, 0, g.lanes) * layer.TableLog, stream.BeatNeedBits[beat++]);
                beat += layer.DecodeBeats(g.lanes);
            }
            Assert.Equal(beat, stream.BeatNeedBits.Length);
        }, iter: 40);
    }

    [Fact]
    public void Stream_RoundTrips_AndItsBeatsAreOneWeightEachAfterTwoInitBeats()
    {
        (from layers in Layers from tl in Gen.Int[8, 12] from iw in Gen.Int[8, 64] select (layers, tl, iw)).Sample(g =>
        {
            var model = Pipelined(g.tl, g.iw, g.layers);
            var stream = TansStreamEncoder.Encode(model);
            var decoded = StreamCodec.DecodePayload(model, stream.Bytes, stream.WordCount);
            for (int k = 0; k < model.Layers.Count; k++) Assert.Equal(model.Layers[k].Levels, decoded[k]);

            Assert.Equal(model.Layers.Sum(l => 2 + l.WeightCount), stream.BeatNeedBits.Length);
            int beat = 0;
            foreach (var layer in model.Layers)
            {
                // INIT: state 0 reads table_log bits; state 1 too, unless the layer has a single weight.
                Assert.Equal(layer.TableLog, stream.BeatNeedBits[beat++]);
                Assert.Equal(layer.WeightCount >= 2 ? layer.TableLog : 0, stream.BeatNeedBits[beat++]);
                for (int i = 0; i < layer.WeightCount; i++) Assert.InRange(stream.BeatNeedBits[beat++], 0, layer.TableLog);
            }
            Assert.Equal(stream.TotalBits, stream.BeatNeedBits.Sum(b => (long)b));
        }, iter: 60);
    }

    [Fact]
    public void CycleModel_OneWeightPerCycle_AndNoBeatBeforeItsBits()
    {
        (from layers in Layers from iw in Gen.Int[8, 64] from inStall in Gen.Int[0, 220] from outStall in Gen.Int[0, 220]
         select (layers, iw, inStall, outStall)).Sample(g =>
        {
            var model = Pipelined(11, g.iw, g.layers);
            var stream = TansStreamEncoder.Encode(model);
            var trace = CycleModel.Run(model, stream, new StallScenario("s", g.inStall, g.outStall, 3, 5));
            Assert.Equal(model.WeightCount, trace.OutputHandshakeCycles.Length);
            for (int i = 1; i < trace.OutputHandshakeCycles.Length; i++)
                Assert.True(trace.OutputHandshakeCycles[i] > trace.OutputHandshakeCycles[i - 1]);

            // By each output handshake, the words accepted before it hold every bit consumed so far.
            long needed = 0;
            int beat = 0, output = 0;
            foreach (var layer in model.Layers)
            {
                needed += stream.BeatNeedBits[beat++] + stream.BeatNeedBits[beat++];
                for (int i = 0; i < layer.WeightCount; i++)
                {
                    needed += stream.BeatNeedBits[beat++];
                    int cycle = trace.OutputHandshakeCycles[output++];
                    long arrived = (long)trace.InputHandshakeCycles.Count(c => c < cycle) * g.iw;
                    Assert.True(arrived >= needed, $"weight {output - 1} left in cycle {cycle} with {arrived} of {needed} bits in");
                }
            }
        }, iter: 40);
    }

    [Fact]
    public void CycleModel_ReachesOneWeightPerCycle_WhenTheInputKeepsUp()
    {
        var model = Pipelined(11, 16, [SpecFactory.Laplace("a", 4, 1.0, 20_000, 3)]);
        var trace = CycleModel.Run(model, TansStreamEncoder.Encode(model), StallScenario.Free);
        Assert.InRange(trace.TotalCycles / (double)model.WeightCount, 1.0, 1.001);
    }

    [Fact]
    public void RtlModel_SelectsThePipelinedTop_WithABufferOfOneWordAndOneBeat()
    {
        var model = Pipelined(11, 8, [SpecFactory.Laplace("a", 4, 1.0, 4096, 3), SpecFactory.Laplace("b", 2, 0.2, 1, 4)]);
        var rtl = RtlModel.From(model, "t.yaml", "test");
        Assert.True(rtl.IsPipelined);
        Assert.False(rtl.MultiLane);
        Assert.Equal(8 + 11, rtl.BufferWidth);
        Assert.Equal(4, rtl.AppendPosWidth);
        Assert.Equal(new[] { "1", "0" }, rtl.Layers.Select(l => l.StateMasks[1]));
        Assert.Equal(new[] { model.Layers[1].TableLog, 0 }, rtl.Layers.Select(l => l.NextTableLog));
        Assert.Equal(new[] { "1", "0" }, rtl.Layers.Select(l => l.NextActiveMask));
    }

    [Fact]
    public void RtlModel_MasksTheLanesOfEachState_WithSeveralLanes()
    {
        // 3 lanes, stream lanes 0..5: a 4-weight layer has stream lanes 0..3, so lane 0 only has a second state.
        var model = Pipelined(9, 32, [SpecFactory.Laplace("a", 4, 1.0, 4, 3), SpecFactory.Laplace("b", 3, 1.0, 2, 4)], lanes: 3);
        var rtl = RtlModel.From(model, "t.yaml", "test");
        Assert.True(rtl.MultiLane);
        Assert.Equal(6, rtl.StreamLanes);
        Assert.Equal(32 + 3 * model.MaxTableLog, rtl.BufferWidth);
        Assert.Equal(new[] { "111", "011" }, rtl.Layers.Select(l => l.ActiveMask));
        Assert.Equal(new[] { "001", "000" }, rtl.Layers.Select(l => l.StateMasks[1]));
        Assert.Equal(new[] { "011", "000" }, rtl.Layers.Select(l => l.NextActiveMask));
        // remain_q is compared with up to 3L - 1 (a state's last weight): it needs 4 bits here.
        Assert.True(1 << rtl.RemainWidth > 3 * 3);
    }

    [Fact]
    public void Stream_IsTheStreamOfThriceTheLanes_WithThreeStates_AndRoundTripsWithThreeInitBeats()
    {
        (from layers in Layers from lanes in Gen.Int[1, 6] from iw in Gen.Int[8, 64] select (layers, lanes, iw)).Sample(g =>
        {
            var model = SpecFactory.Resolve(SpecFactory.Spec(g.lanes, 10, g.iw, g.layers) with { StatesPerLane = 3 });
            var stream = TansStreamEncoder.Encode(model);
            Assert.Equal(TansStreamEncoder.Encode(SpecFactory.Resolve(SpecFactory.Spec(3 * g.lanes, 10, g.iw, g.layers))).Bytes, stream.Bytes);
            var decoded = StreamCodec.DecodePayload(model, stream.Bytes, stream.WordCount);
            for (int k = 0; k < model.Layers.Count; k++) Assert.Equal(model.Layers[k].Levels, decoded[k]);
            int beat = 0;
            foreach (var layer in model.Layers)
            {
                // INIT beat s: lanes j whose stream lane s*L + j has weights read table_log bits.
                for (int s = 0; s < 3; s++)
                    Assert.Equal(Math.Clamp(layer.WeightCount - s * g.lanes, 0, g.lanes) * layer.TableLog, stream.BeatNeedBits[beat++]);
                beat += layer.DecodeBeats(g.lanes);
            }
            Assert.Equal(beat, stream.BeatNeedBits.Length);
        }, iter: 40);
    }

    [Fact]
    public void RtlModel_SumsTheBeatAfterNextAhead_WithThreeStatesAndSeveralLanes()
    {
        // 4 lanes, layer 0 with 3 weights at table_log 9: its first INIT beat reads 9 bits in lanes 0..2,
        // so lane j's offset is 9 x min(j, 3) and the beat reads 27 bits (X holds it in IDLE as constants).
        var three = SpecFactory.Resolve(SpecFactory.Spec(4, 9, 32, SpecFactory.Laplace("a", 4, 1.0, 3, 3), SpecFactory.Laplace("b", 4, 1.0, 9, 4))
            with { StatesPerLane = 3 });
        var rtl = RtlModel.From(three, "t.yaml", "test");
        var pipe = Assert.IsType<TansPipelinedRtl>(rtl.Variant);
        Assert.True(pipe.SumsAhead);
        Assert.Equal("entry_rom", pipe.AheadEntry);
        Assert.Equal(27, pipe.FirstInitNeed);
        Assert.Equal($"{{{rtl.FillWidth}'d27, {rtl.FillWidth}'d18, {rtl.FillWidth}'d9, {rtl.FillWidth}'d0}}", pipe.FirstInitOffsets);
        // Layer b (9 weights: stream lanes 0..8) follows a: its state 1 has weights in lanes 0..3 (4 + j < 9).
        Assert.Equal(new[] { "1111", "0000" }, rtl.Layers.Select(l => l.NextSecondMask));
        // far_d compares remain_q with up to 3L + L - 1.
        Assert.True(rtl.RemainCompareMax >= 4 * 4 - 1);
        string top = RtlWriter.Render("decoder.sv.sbn", rtl);
        // IW 32 with 4 lanes: the circular store, so Y registers its prefix tree's first level only.
        Assert.True(rtl.IsCircular);
        Assert.Contains("y_nb_q    <= y_nb_d;", top);
        Assert.Contains("ahead_nb[j*NbWidth +: NbWidth] = entry_rom[", top);
        // IW 24 (not a power of two): the shifting window, and Y registers the whole sum.
        var shifting = RtlModel.From(SpecFactory.Resolve(SpecFactory.Spec(4, 9, 24, SpecFactory.Laplace("a", 4, 1.0, 3, 3)) with { StatesPerLane = 3 }),
            "t.yaml", "test");
        Assert.False(shifting.IsCircular);
        Assert.Contains("y_need_q  <= y_need_d;", RtlWriter.Render("decoder.sv.sbn", shifting));

        // Two states (or one lane) keep the sum after the ROM: there is no entry before X's to sum from.
        var two = SpecFactory.Resolve(SpecFactory.Spec(4, 9, 32, SpecFactory.Laplace("a", 4, 1.0, 3, 3)) with { StatesPerLane = 2 });
        Assert.False(Assert.IsType<TansPipelinedRtl>(RtlModel.From(two, "t.yaml", "test").Variant).SumsAhead);
        var oneLane = SpecFactory.Resolve(SpecFactory.Spec(1, 9, 32, SpecFactory.Laplace("a", 4, 1.0, 3, 3)) with { StatesPerLane = 3 });
        Assert.False(Assert.IsType<TansPipelinedRtl>(RtlModel.From(oneLane, "t.yaml", "test").Variant).SumsAhead);
    }

    [Fact]
    public void RtlModel_KeepsACircularStore_ForThreeStatesAndSeveralLanes_WhenTheInputWidthIsAPowerOfTwo()
    {
        // Lanes 2, table_log 8, IW 32: W_BUF = 32 + 16 = 48, so a 64-bit store of two 32-bit slots.
        ResolvedModel Spec(int lanes, int iw, int states) =>
            SpecFactory.Resolve(SpecFactory.Spec(lanes, 8, iw, SpecFactory.Laplace("a", 4, 1.0, 100, 3)) with { StatesPerLane = states });
        var rtl = RtlModel.From(Spec(2, 32, 3), "t.yaml", "test");
        Assert.True(rtl.IsCircular);
        Assert.Equal(48, rtl.BufferWidth);
        Assert.Equal(64, rtl.StoreWidth);
        Assert.Equal(6, rtl.PtrWidth);
        Assert.Equal(2, rtl.StoreSlots);
        Assert.Equal(8, rtl.CoarseStep);
        string bitbuf = RtlWriter.Render("bitbuf.sv.sbn", rtl);
        Assert.Contains("output logic [63:0] buf_d_o", bitbuf);
        Assert.DoesNotContain("buf_after", bitbuf);                      // nothing shifts
        // Every power-of-two width and lane count gives whole slots in a power-of-two store at or above W_BUF.
        foreach (int iw in new[] { 8, 16, 32, 64, 128, 256 })
            foreach (int lanes in new[] { 2, 3, 4, 8, 16 })
            {
                var m = RtlModel.From(Spec(lanes, iw, 3), "t.yaml", "test");
                Assert.True(m.IsCircular);
                Assert.True(m.StoreWidth >= m.BufferWidth && m.StoreWidth < 2 * m.BufferWidth);
                Assert.Equal(1 << m.PtrWidth, m.StoreWidth);
                Assert.Equal(m.StoreWidth, m.StoreSlots * iw);
                Assert.Equal(1 << m.SlotWidth, m.StoreSlots);
            }
        // No beat reads a bit (every layer one symbol): W_BUF is one word, and the store still has two slots.
        var oneSymbol = SpecFactory.FromLevels(SpecFactory.Spec(4, 5, 64, SpecFactory.Laplace("a", 2, 1.0, 5, 3)) with { StatesPerLane = 3 },
            (2, Enumerable.Repeat(1, 5).ToArray()));
        var flat = RtlModel.From(oneSymbol, "t.yaml", "test");
        Assert.Equal(64, flat.BufferWidth);
        Assert.True(flat.IsCircular);
        Assert.Equal(128, flat.StoreWidth);
        Assert.Equal(2, flat.StoreSlots);
        // Two states (the lane offsets come from the ROM in the cycle before), one lane, or an input width
        // that is not a power of two keep the shifting window.
        Assert.False(RtlModel.From(Spec(2, 32, 2), "t.yaml", "test").IsCircular);
        Assert.False(RtlModel.From(Spec(1, 32, 3), "t.yaml", "test").IsCircular);
        var odd = RtlModel.From(Spec(2, 24, 3), "t.yaml", "test");
        Assert.False(odd.IsCircular);
        Assert.Equal(odd.BufferWidth, odd.StoreWidth);
        Assert.Contains("buf_after", RtlWriter.Render("bitbuf.sv.sbn", odd));
    }

    [Fact]
    public void RtlModel_TakesStatesPerLaneAsANumber_ThreeStatesGetThreeInitBeatsAndOneMoreEntryRegister()
    {
        // The spec accepts up to 3 (SpecLimits.MaxStatesPerLane); the RTL model and templates take any S.
        var spec = SpecFactory.Spec(2, 9, 16, SpecFactory.Laplace("a", 4, 1.0, 5, 3)) with { StatesPerLane = 3 };
        var rtl = RtlModel.From(SpecFactory.Resolve(spec), "t.yaml", "test");
        var pipe = Assert.IsType<TansPipelinedRtl>(rtl.Variant);
        Assert.Equal(6, rtl.StreamLanes);
        Assert.Equal([1, 2], pipe.LaterStates.Select(s => s.Index));
        Assert.Equal([1], pipe.EntryDelays.Select(d => d.Index));
        // 5 weights on stream lanes 0..4: state 2 of lane 0 (stream lane 4) has one, state 2 of lane 1 (stream lane 5) none.
        Assert.Equal(["11", "11", "01"], rtl.Layers[0].StateMasks);
        Assert.Equal("0111", rtl.Layers[0].LaterMask);
        Assert.True(1 << rtl.RemainWidth > 4 * 2);             // remain_q holds (S + 1) L
        string top = RtlWriter.Render("decoder.sv.sbn", rtl);
        Assert.Contains("localparam int StatesPerLane = 3;", top);
        Assert.Contains("entry_1_q <= entry_rom;", top);
        Assert.Contains("assign entry = entry_1_q;", top);
        Assert.Contains("later_nb[1*Lanes*NbWidth +: Lanes*NbWidth]", top);
        // INIT beat 1 takes state 1's mask, INIT beat 2 state 2's: one if/else chain (5 weights: lane 1's
        // state 1 has one, its state 2 none, so the two masks differ).
        Assert.Contains("if (init_q == StateIndexWidth'(0)) x_nb_d = later_nb[0*Lanes*NbWidth +: Lanes*NbWidth];\n            else x_nb_d = later_nb[1*Lanes*NbWidth +: Lanes*NbWidth];", top);
    }

    [Fact]
    public void FseBaselines_AreMultiplesOfTwoToTheirNbBits_SoTheLaneCanOrInsteadOfAdd()
    {
        // The pipelined lane forms baseline | bits; this is the property that makes it equal baseline + bits.
        (from layers in Layers from tl in Gen.Int[5, 12] select (layers, tl)).Sample(g =>
        {
            foreach (var layer in Pipelined(g.tl, 32, g.layers).Layers)
                foreach (var e in layer.Tables.Decode)
                    Assert.Equal(0, e.Baseline & ((1 << e.NbBits) - 1));
        }, iter: 60);
    }

    [Theory]
    [InlineData("\ncoder: huffman\nstates_per_lane: 2", 3, "states_per_lane", "2 needs coder: tans (a")]
    [InlineData("\ntables: ram\nstates_per_lane: 2", 3, "states_per_lane", "2 is built for tables: rom only")]
    [InlineData("\nstates_per_lane: 4", 2, "states_per_lane", "must be 1..3")]
    public void Spec_RejectsStatesPerLane_OutsideThePipelinedLane(string extraTop, int line, string field, string message)
    {
        var yaml = $"name: t{extraTop}\nlayers:\n  - name: a\n    bits: 4\n    distribution: {{laplace: 1.0}}\n    count: 100\n";
        var error = ErrorsOf(yaml).First(e => e.Field == field);
        Assert.Equal(("t.yaml", line, 18), (error.File, error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_ReadsStatesPerLane_AndWritesItBack()
    {
        var spec = SpecLoader.Parse(System.Text.Encoding.UTF8.GetBytes(
            "name: t\nstates_per_lane: 2\nlayers:\n  - name: a\n    bits: 4\n    distribution: {laplace: 1.0}\n    count: 100\n"), "t.yaml");
        Assert.Equal(2, spec.StatesPerLane);
        Assert.Contains("states_per_lane: 2\n", SpecYamlWriter.ToYaml(spec), StringComparison.Ordinal);
    }
}
