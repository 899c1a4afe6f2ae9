using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Cycle;

public class CycleModelTests
{
    [Fact]
    public void Lfsr_MatchesTheDocumentedRecurrence()
    {
        var lfsr = new Lfsr(1);
        lfsr.Advance();
        Assert.Equal(0x80200003u, lfsr.State);
        lfsr.Advance();
        Assert.Equal(0x80200003u >> 1 ^ 0x80200003u, lfsr.State);
        Assert.Equal(1u, new Lfsr(0).State);
    }

    /// <summary>Layer i of a random model: by the seed, a Laplace layer (bits 2, 4 or 6), a single-symbol
    /// layer (0 bits per weight) or a p(0) = 0.999 layer (most weights 1 bit, a rare one long).</summary>
    private static DecoderHw.Spec.LayerSpec Layer(int i, uint seed, int count)
    {
        int kind = (int)((seed >> (4 * i)) % 4);
        return kind switch
        {
            0 => SpecFactory.Frequencies($"l{i}", 3, [0, 0, 0, 0, 0, 1, 0], count, (ulong)(i + 1)),
            1 => SpecFactory.Frequencies($"l{i}", 4, [0, 0, 0, 0, 0, 0, 1, 1998, 1, 0, 0, 0, 0, 0, 0], count, (ulong)(i + 1)),
            _ => SpecFactory.Laplace($"l{i}", 2 + i * 2, 1.0 + i, count, (ulong)(i + 1)),
        };
    }

    [Fact]
    public void CycleModel_TwoWordStream_HandWorkedCycles()
    {
        // One lane, 8-bit words, one layer of four weights +1 -1 +1 -1 at table_log 5: two symbols with 16
        // slots each, so every state reads 1 bit. The stream is the 5-bit initial state and 4 bits: 2 words.
        // The buffer is 8 + 2 * 5 = 18 bits, so both words are taken at once.
        //   cycle 0: word 0 taken (IDLE -> INIT)       cycle 1: INIT reads 5 bits; word 1 taken (last)
        //   cycle 2: beat 0 fires into the output register
        //   cycles 3..6: beats 0..3 leave (m_ready high); beats 1..3 fire in 3..5, the last one moves to END
        //   cycle 6: END with the last word seen: done_o in cycle 7
        var model = SpecFactory.FromLevels(1, 5, 8, (3, [1, -1, 1, -1]));
        var stream = TansStreamEncoder.Encode(model);
        Assert.Equal(5 + 4, stream.TotalBits);
        Assert.Equal(2, stream.WordCount);

        var trace = CycleModel.Run(model, stream, StallScenario.Free);

        Assert.Equal([0, 1], trace.InputHandshakeCycles);
        Assert.Equal([3, 4, 5, 6], trace.OutputHandshakeCycles);
        Assert.Equal(7, trace.DoneCycle);
        Assert.Equal(3, trace.FirstOutputLatency);
    }

    [Fact]
    public void CycleModel_Invariants_HoldForRandomModelsAndStalls()
    {
        var gen =
            from lanes in Gen.Int[1, 16]
            from tableLog in Gen.Int[5, 12]
            from inputWidth in Gen.Int[8, 128]
            from counts in Gen.Int[1, 500].Array[1, 3]
            from inStall in Gen.Int[0, 200]
            from outStall in Gen.Int[0, 200]
            from seed in Gen.UInt
            select (lanes, tableLog, inputWidth, counts, inStall, outStall, seed);

        gen.Sample(g =>
        {
            var layers = g.counts.Select((n, i) => Layer(i, g.seed, n)).ToArray();
            var model = SpecFactory.Resolve(SpecFactory.Spec(g.lanes, g.tableLog, g.inputWidth, layers));
            var stream = TansStreamEncoder.Encode(model);
            var trace = CycleModel.Run(model, stream, new StallScenario("s", g.inStall, g.outStall, g.seed, g.seed ^ 0x55u));

            int beats = model.Layers.Sum(l => l.DecodeBeats(g.lanes));
            Assert.Equal(beats, trace.OutputHandshakeCycles.Length);
            // No output before its input: the first output comes at least 2 cycles after the first word
            // (INIT then DECODE then the output register).
            Assert.True(trace.OutputHandshakeCycles[0] >= trace.FirstInputCycle + 2);
            // At most one beat (so at most `lanes` weights) per cycle, in order, none repeated.
            for (int i = 1; i < beats; i++) Assert.True(trace.OutputHandshakeCycles[i] > trace.OutputHandshakeCycles[i - 1]);
            Assert.True(trace.DoneCycle > 0);
            // Every word taken once, in order, and the last one before done_o.
            Assert.Equal(stream.WordCount, trace.InputHandshakeCycles.Length);
            for (int i = 1; i < stream.WordCount; i++) Assert.True(trace.InputHandshakeCycles[i] > trace.InputHandshakeCycles[i - 1]);
            Assert.True(trace.DoneCycle > trace.InputHandshakeCycles[^1]);
        }, iter: 200);
    }

    [Fact]
    public void CycleModel_NoBeatLeavesBeforeItsBitsArrived()
    {
        // Replays the trace: by the cycle of each output handshake, the words accepted in earlier cycles
        // must hold every bit that beat and all before it consumed (INIT beats included).
        var gen =
            from lanes in Gen.Int[1, 16]
            from inputWidth in Gen.Int[8, 64]
            from n in Gen.Int[1, 3000]
            from bits in Gen.Int[2, 8]
            from inStall in Gen.Int[0, 250]
            from outStall in Gen.Int[0, 250]
            select (lanes, inputWidth, n, bits, inStall, outStall);
        gen.Sample(g =>
        {
            var model = SpecFactory.Resolve(SpecFactory.Spec(g.lanes, 9, g.inputWidth,
                SpecFactory.Laplace("a", g.bits, 2.0, g.n, 4), SpecFactory.Laplace("b", 2, 0.3, g.n / 3 + 1, 5)));
            var stream = TansStreamEncoder.Encode(model);
            var trace = CycleModel.Run(model, stream, new StallScenario("s", g.inStall, g.outStall, 7, 9));
            Assert.Equal(stream.WordCount, trace.InputHandshakeCycles.Length);
            long neededBits = 0;
            int beatIndex = 0, outputBeat = 0;
            foreach (var layer in model.Layers)
            {
                neededBits += stream.BeatNeedBits[beatIndex++];
                for (int b = 0; b < layer.DecodeBeats(g.lanes); b++)
                {
                    neededBits += stream.BeatNeedBits[beatIndex++];
                    int cycle = trace.OutputHandshakeCycles[outputBeat++];
                    long arrivedBits = (long)trace.InputHandshakeCycles.Count(c => c < cycle) * g.inputWidth;
                    Assert.True(neededBits <= arrivedBits, $"beat {outputBeat - 1} in cycle {cycle} needs {neededBits} bits, {arrivedBits} arrived");
                }
            }
        }, iter: 60);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void CycleModel_FullThroughput_WhenStreamKeepsUp(int lanes)
    {
        var model = SpecFactory.Resolve(SpecFactory.Spec(lanes, 11, 64, SpecFactory.Laplace("a", 4, 1.0, 200_000, 4)));
        var stream = TansStreamEncoder.Encode(model);
        var trace = CycleModel.Run(model, stream, StallScenario.Free);
        Assert.True((double)trace.TotalCycles / model.WeightCount <= 1.01 / lanes, $"cycles/weight {(double)trace.TotalCycles / model.WeightCount}");
        Assert.InRange(trace.FirstOutputLatency, 2, 6);
    }
}
