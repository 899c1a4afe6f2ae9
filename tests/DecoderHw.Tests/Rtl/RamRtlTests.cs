using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Rtl;

public class RamRtlTests
{
    private static readonly RamLimits Limits = new(MaxTableLog: 11, MaxBits: 8, MaxLayers: 6, MaxWeights: 5000);

    private static ResolvedModel RamModel(string name, int tableLog, params LayerSpec[] layers) =>
        ModelResolver.Resolve(SpecFactory.Spec(4, tableLog, 32, layers) with { Name = name, Tables = TableMode.Ram, RamLimits = Limits });

    private static readonly ResolvedModel ModelA = RamModel("ram_a", 11,
        SpecFactory.Laplace("a0", 8, 12.0, 900, 1), SpecFactory.Laplace("a1", 4, 1.5, 3000, 2, tableLog: 9));

    private static readonly ResolvedModel ModelB = RamModel("ram_b", 6,
        SpecFactory.Frequencies("b0", 3, [0, 1, 1998, 1, 0, 0, 0], 2000, 3),
        SpecFactory.Laplace("b1", 7, 6.0, 1, 4),
        SpecFactory.Laplace("b2", 2, 0.5, 777, 5, tableLog: 5));

    [Fact]
    public void RamRtl_IsTheSameDecoder_ForTwoModelsWithinTheSameLimits()
    {
        var a = RtlModel.From(ModelA, "a.yaml", "v");
        var b = RtlModel.From(ModelB, "b.yaml", "v");
        Assert.IsType<TansRamRtl>(a.Variant);
        foreach (var template in a.Variant.Modules.Select(m => m.Template))
        {
            string ra = RtlWriter.Render(template, a).Replace("ram_a_", "NAME_").Replace("a.yaml", "SPEC");
            string rb = RtlWriter.Render(template, b).Replace("ram_b_", "NAME_").Replace("b.yaml", "SPEC");
            Assert.Equal(ra, rb);
        }
    }

    [Fact]
    public void RamRtl_IsSizedByTheLimits_NotByTheModel()
    {
        var rtl = RtlModel.From(ModelB, "b.yaml", "v");
        var ram = Assert.IsType<TansRamRtl>(rtl.Variant);
        Assert.Equal(Limits.MaxBits, rtl.MaxBits);
        Assert.Equal(Limits.MaxTableLog, ram.Tans.StateWidth);
        Assert.Equal(Math.Max(4 * 11, RamHeader.LayerHeaderBits), rtl.BitsPerCycle);
        Assert.Equal(3, rtl.LayerWidth);                       // layers 0..5
        Assert.Equal(1 << 11, ram.Ram.TableDepth);
        Assert.Equal(RamHeader.LayerHeaderBits - 1, ram.Header.CoderFieldMsb);
    }

    [Fact]
    public void RamHeaderLies_AreAllRejectedAsBadHeader_WhenMaxLayersIsNotAPowerOfTwo()
    {
        var lies = RamHeaderLies.For(ModelA, TansStreamEncoder.Encode(ModelA));
        Assert.Equal(["layers", "bits", "weights", "table_log", "counts_over", "counts_under"], lies.Select(l => l.Name));
        foreach (var lie in lies)
        {
            var ex = Assert.Throws<StreamDecodeException>(() =>
                RamTansStreamDecoder.Decode(Limits, 4, 32, lie.Stream.Bytes, lie.Stream.WordCount));
            Assert.Equal(StreamErrorKind.BadHeader, ex.Kind);
        }
    }

    [Fact]
    public void CycleModel_TableLoadCycles_AreTheFieldsAndTheWaitForTheBuilder()
    {
        var stream = TansStreamEncoder.Encode(ModelA);
        var trace = CycleModel.Run(ModelA, stream, StallScenario.Free);
        // Layer 0: NL, header, 255 counts; then its table builds (the spread 4 slots a cycle, then four
        // engines over 512 slots each, started a cycle apart: 512 + 3 + 2).
        Assert.Equal(1 + 1 + 255, trace.LoadCyclesOfLayer[0]);
        Assert.Equal(RamHeader.BuildCycles(ModelA.Layers[0].Tables.NormalizedCounter, 11), stream.LayerLoadSteps[0][^1].Busy);
        Assert.InRange(stream.LayerLoadSteps[0][^1].Busy, 1 + 2048 / 4 + 512 + 5, 1 + 255 + 2048 / 4 + 512 + 5);
        // Layer 1 waits for that build before its header and 15 counts, then INIT(1) waits for its own
        // build after layer 0's 225 beats.
        Assert.True(trace.LoadCyclesOfLayer[1] >= stream.LayerLoadSteps[0][^1].Busy + 1 + 15);
    }
}
