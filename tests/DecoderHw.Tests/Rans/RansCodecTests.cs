using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Cycle;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;
using Xunit.Abstractions;

namespace DecoderHw.Tests.Rans;

public class RansCodecTests(ITestOutputHelper output)
{
    private static int[] MakeLevels(int bits, int present, int length, double skew, int seed) =>
        DecoderHw.Tests.Codec.SkewedLevels.Make(bits, present, length, skew, seed);

    /// <summary>Random layers including the adversarial shapes: one symbol, one weight, all 255 levels of
    /// an 8-bit layer, and one level at p = 0.999.</summary>
    private static readonly Gen<(int Bits, int[] Levels)> LayerGen = Gen.OneOf(
        from bits in Gen.Int[2, 8]
        from present in Gen.Int[1, (1 << bits) - 1]
        from length in Gen.OneOf(Gen.Int[1, 3], Gen.Int[1, 40], Gen.Int[1, 2000])
        from skew in Gen.Double[0.0, 4.0]
        from seed in Gen.Int
        select (bits, MakeLevels(bits, present, length, skew, seed)),
        from length in Gen.Int[1, 600]
        from seed in Gen.Int
        select (8, MakeLevels(8, 255, length, 0.0, seed)),
        from length in Gen.Int[1, 3000]
        from seed in Gen.Int
        select (4, MakeLevels(4, 15, length, 7.0, seed)));

    private static readonly Gen<DecoderSpec> ShapeGen =
        from lanes in Gen.Int[1, 16]
        from tableLog in Gen.Int[5, 12]
        from inputWidth in Gen.Int[8, 256]
        from stateBits in Gen.OneOf(Gen.Const(0), Gen.Const(DecoderSpec.DefaultRansStateBits), Gen.Int[1, 15])
        from states in Gen.Int[1, 2]
        from ram in Gen.Bool
        select SpecFactory.Spec(lanes, tableLog, inputWidth) with
        {
            Coder = CoderKind.Rans,
            RansStateBits = stateBits,
            Tables = ram ? TableMode.Ram : TableMode.Rom,
            StatesPerLane = ram ? 1 : states,
        };

    [Fact]
    public void Rans_RoundTripsExactly_ForRandomAndAdversarialModels()
    {
        var gen = from shape in ShapeGen from layers in LayerGen.Array[1, 4] select (shape, layers);
        gen.Sample(g =>
        {
            var model = SpecFactory.FromLevels(g.shape, g.layers);
            var stream = StreamCodec.Encode(model);
            var decoded = StreamCodec.Decode(model, stream.Bytes, stream.WordCount);
            for (int i = 0; i < model.Layers.Count; i++) Assert.Equal(model.Layers[i].Levels, decoded[i]);
            // The beats' needs add up to the stream, and the cycle model runs it to the end.
            Assert.Equal(stream.TotalBits - RamOnlyBits(model, stream), stream.BeatNeedBits.Sum(b => (long)b));
            var trace = CycleModel.Run(model, stream, StallScenario.Free);
            Assert.True(trace.DoneCycle > 0);
        }, iter: 200);
    }

    /// <summary>Header bits read in LOAD steps rather than beats.</summary>
    private static long RamOnlyBits(ResolvedModel model, EncodedStream stream) =>
        stream.LayerLoadSteps.Sum(steps => steps.Sum(s => (long)s.Need));

    [Fact]
    public void Rans_SingleSymbolLayer_CodesAtZeroBits()
    {
        var shape = SpecFactory.Spec(4, 11, 32) with { Coder = CoderKind.Rans };
        var model = SpecFactory.FromLevels(shape, (4, Enumerable.Repeat(-3, 1000).ToArray()));
        var stream = StreamCodec.Encode(model);
        Assert.Equal(0, stream.TotalBits);
        Assert.Equal(2, stream.WordCount);   // the model tag and one word of zeros
        Assert.Equal(Enumerable.Repeat(-3, 1000), StreamCodec.Decode(model, stream.Bytes, 2)[0]);
    }

    /// <summary>The multiply-free state is a tANS with contiguous ranges: it reads at most table_log bits
    /// per weight and its initial states are table_log bits, as tANS's.</summary>
    [Fact]
    public void Rans_MultiplyFree_HasTheTansHeaderAndBeatWidths()
    {
        var model = RansTableBuilderTests.ResolvedFrom([5, 50, 500, 5000, 500, 50, 5], 5000, 9, 0, lanes: 4);
        var stream = StreamCodec.Encode(model);
        Assert.Equal(4 * 9, stream.HeaderBits);
        Assert.Equal(4 * 9, model.MaxBitsPerCycle);
        Assert.All(stream.BeatNeedBits, b => Assert.InRange(b, 0, 4 * 9));
    }

    private static (ResolvedModel Model, EncodedStream Stream) SmallModel(int stateBits = 4, TableMode tables = TableMode.Rom)
    {
        var shape = SpecFactory.Spec(3, 8, 32) with { Coder = CoderKind.Rans, RansStateBits = stateBits, Tables = tables };
        var model = SpecFactory.FromLevels(shape, (4, MakeLevels(4, 15, 700, 0.6, 1)), (3, MakeLevels(3, 7, 500, 1.0, 2)), (2, MakeLevels(2, 3, 300, 0.3, 3)));
        // The payload without the model tag word: these tests are about the rANS decoder's own checks.
        return (model, StreamCodec.EncodePayload(model));
    }

    /// <summary>tables: ram loads one field per cycle and builds nothing: NL-1 (layer 0), the layer header, the
    /// entry count, one cycle per entry. The cycle model charges exactly that when the bits are there.</summary>
    [Fact]
    public void CycleModel_RansRam_ChargesOneCyclePerHeaderField()
    {
        var (model, stream) = SmallModel(4, TableMode.Ram);
        var expected = model.Layers.Select(l => (l.Index == 0 ? 1 : 0) + 2 + l.Rans!.Entries).ToArray();
        Assert.Equal(expected, stream.LayerLoadSteps.Select(steps => steps.Length));
        Assert.Equal(expected.Sum(), stream.MinimumLoadCycles);
        var trace = CycleModel.Run(model, stream, StallScenario.Free);
        for (int k = 0; k < model.Layers.Count; k++) Assert.InRange(trace.LoadCyclesOfLayer[k], expected[k], expected[k] + 8);
    }

    /// <summary>tables: rom: a small layer takes fewer state bits than the widest when that is smaller (16 lanes x
    /// 15 bits of initial state outweigh the precision on 300 weights); a large layer keeps the widest.</summary>
    [Fact]
    public void Rans_SmallLayersTakeFewerStateBits_WhenThatCodesSmaller()
    {
        var shape = SpecFactory.Spec(16, 9, 64) with { Coder = CoderKind.Rans, RansStateBits = 15 };
        var small = (4, MakeLevels(4, 15, 300, 0.5, 4));
        var large = (4, MakeLevels(4, 15, 16 * 5000, 0.5, 5));
        var model = SpecFactory.FromLevels(shape, small, large);
        var smallTable = model.Layers[0].Rans!;
        Assert.True(smallTable.StateBits < 15, $"kept {smallTable.StateBits}");
        Assert.Equal(15, model.Layers[1].Rans!.StateBits);
        var fixedWide = DecoderHw.Rans.RansTableBuilder.Build(model.Layers[0].Counts, model.Layers[0].TableLog, 15);
        long chosen = RansStreamEncoder.LayerBits(model.Layers[0].Levels, model.Layers[0].MaxLevel, smallTable, 16);
        Assert.True(chosen < RansStreamEncoder.LayerBits(model.Layers[0].Levels, model.Layers[0].MaxLevel, fixedWide, 16));
        var stream = StreamCodec.Encode(model);
        Assert.Equal(model.Layers.Select(l => l.Levels), StreamCodec.Decode(model, stream.Bytes, stream.WordCount));
    }

    [Fact]
    public void Rans_Truncated_ThrowsTruncated()
    {
        var (model, stream) = SmallModel();
        var ex = Assert.Throws<StreamDecodeException>(() => StreamCodec.DecodePayload(model, stream.Bytes, stream.WordCount - 1));
        Assert.Equal(StreamErrorKind.Truncated, ex.Kind);
    }

    [Fact]
    public void Rans_ExtraWord_ThrowsTrailingData()
    {
        var (model, stream) = SmallModel();
        var bytes = stream.Bytes.Concat(new byte[4]).ToArray();
        var ex = Assert.Throws<StreamDecodeException>(() => StreamCodec.DecodePayload(model, bytes, stream.WordCount + 1));
        Assert.Equal(StreamErrorKind.TrailingData, ex.Kind);
    }

    /// <summary>Any flip, in any coder configuration, gives either a typed error or a decode; never another
    /// exception, never a hang. Most flips are caught (the final-state check, as tANS).</summary>
    [Fact]
    public void Rans_FlippedBits_AlwaysTypedErrorOrDecode_AndMostAreCaught()
    {
        foreach (var (stateBits, tables) in new[] { (0, TableMode.Rom), (4, TableMode.Rom), (15, TableMode.Rom), (4, TableMode.Ram) })
        {
            var (model, stream) = SmallModel(stateBits, tables);
            int caught = 0, flips = 0;
            for (long bit = 0; bit < (long)stream.WordCount * 32; bit += 3)
            {
                var bytes = (byte[])stream.Bytes.Clone();
                bytes[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
                flips++;
                try { StreamCodec.DecodePayload(model, bytes, stream.WordCount); }
                catch (StreamDecodeException) { caught++; }
            }
            output.WriteLine($"rans_state_bits {stateBits} {tables}: {caught} of {flips} single flips caught");
            Assert.True(caught > 0.85 * flips, $"only {caught} of {flips} flips caught");
        }
    }

    [Fact]
    public void Rans_RandomBytes_NeverThrowAnythingButStreamErrors()
    {
        var (model, _) = SmallModel(4, TableMode.Ram);
        Gen.Byte.Array[4, 64].Sample(bytes =>
        {
            var padded = bytes.Concat(new byte[(4 - bytes.Length % 4) % 4]).ToArray();
            try { StreamCodec.DecodePayload(model, padded, padded.Length / 4); }
            catch (StreamDecodeException) { }
        }, iter: 2000);
    }
}
