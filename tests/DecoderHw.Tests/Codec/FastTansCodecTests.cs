using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

/// <summary>The production codec against the readable reference: the same bytes, the same weights,
/// the same error (kind, bit, layer) for every stream, at every lane count and states per lane.</summary>
public class FastTansCodecTests
{
    /// <summary>A layer: bits, 1..all present symbols, a length from 1 to well past the kernels' run
    /// size, and a skew from uniform (every chunk near TableLog bits) to one symbol at almost 0 bits
    /// with rare symbols at the full TableLog.</summary>
    private static readonly Gen<(int Bits, int[] Levels)> LayerGen =
        from bits in Gen.Int[2, 8]
        from present in Gen.OneOf(Gen.Const(1), Gen.Int[1, (1 << bits) - 1], Gen.Const((1 << bits) - 1))
        from length in Gen.OneOf(Gen.Int[1, 40], Gen.Int[1, 3000], Gen.Int[3000, 20000])
        from skew in Gen.OneOf(Gen.Const(0.0), Gen.Double[0.0, 6.0])
        from seed in Gen.Int
        select (bits, Levels(bits, present, length, skew, seed));

    private static readonly Gen<ResolvedModel> ModelGen =
        from lanes in Gen.OneOf(Gen.Int[1, 16], Gen.Int[0, 3].Select(e => 1 << e))
        from statesPerLane in Gen.Int[1, 2]
        from tableLog in Gen.Int[5, 12]
        from inputWidth in Gen.OneOf(Gen.Int[8, 256], Gen.Int[0, 2].Select(e => 8 << (2 * e)))
        from layers in LayerGen.Array[1, 4]
        select WithStatesPerLane(SpecFactory.FromLevels(lanes, tableLog, inputWidth, layers), statesPerLane);

    private static ResolvedModel WithStatesPerLane(ResolvedModel model, int statesPerLane) =>
        model with { Spec = model.Spec with { StatesPerLane = statesPerLane } };

    private static int[] Levels(int bits, int present, int length, double skew, int seed) =>
        DecoderHw.Tests.Codec.SkewedLevels.Make(bits, present, length, skew, seed);

    private static sbyte[] AllLevels(ResolvedModel model) =>
        model.Layers.SelectMany(l => l.Levels).Select(v => (sbyte)v).ToArray();

    private static string Describe(ResolvedModel m) =>
        $"lanes {m.Lanes} x {m.StatesPerLane}, input {m.InputWidth}, layers " +
        string.Join(", ", m.Layers.Select(l => $"{l.WeightCount}w {l.Bits}b tl{l.TableLog}"));

    [Fact]
    public void FastEncoder_WritesTheReferenceStream_ForRandomModels()
    {
        ModelGen.Sample(model =>
        {
            var reference = TansStreamEncoder.Encode(model);
            var fast = FastTansEncoder.EncodeModel(model);
            Assert.True(reference.Bytes.AsSpan().SequenceEqual(fast.Bytes), Describe(model));
            Assert.Equal(reference.TotalBits, fast.TotalBits);
            Assert.Equal(reference.BeatNeedBits, fast.BeatNeedBits);
            Assert.Equal(reference.LayerStats, fast.LayerStats);

            // The allocation-free entry point writes the same bytes (and zeroes the padding it owns).
            var encoder = new FastTansEncoder(model);
            var buffer = new byte[encoder.MaxStreamBytes];
            buffer.AsSpan().Fill(0xA5);
            long bits = encoder.Encode(AllLevels(model), buffer);
            Assert.Equal(reference.TotalBits, bits);
            Assert.True(reference.Bytes.AsSpan().SequenceEqual(buffer.AsSpan(0, reference.Bytes.Length)), Describe(model));
        }, iter: 300);
    }

    [Fact]
    public void FastDecoder_ReturnsTheReferenceLevels_ForRandomModels()
    {
        ModelGen.Sample(model =>
        {
            var stream = TansStreamEncoder.Encode(model);
            var levels = new sbyte[model.WeightCount];
            new FastTansDecoder(model).Decode(stream.Bytes, stream.WordCount, levels);
            Assert.Equal(AllLevels(model), levels);
        }, iter: 300);
    }

    /// <summary>Bit flips, truncations, extra words and zeroed tails: whatever the reference says
    /// (these weights, or this error at this bit of this layer), the fast decoder says too.</summary>
    [Fact]
    public void FastDecoder_AgreesWithTheReference_OnCorruptStreams()
    {
        var gen =
            from model in ModelGen
            from flips in Gen.Int[0, int.MaxValue].Array[0, 3]
            from wordDelta in Gen.OneOf(Gen.Const(0), Gen.Int[-3, 2])
            from zeroTail in Gen.Bool
            select (model, flips, wordDelta, zeroTail);
        gen.Sample(c =>
        {
            var stream = TansStreamEncoder.Encode(c.model);
            int words = Math.Max(1, stream.WordCount + c.wordDelta);
            var bytes = new byte[(words * (long)stream.InputWidth + 7) / 8];
            stream.Bytes.AsSpan(0, Math.Min(bytes.Length, stream.Bytes.Length)).CopyTo(bytes);
            long streamBits = words * (long)stream.InputWidth;
            foreach (int f in c.flips)
            {
                long bit = f % streamBits;
                bytes[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            }
            if (c.zeroTail) bytes.AsSpan(bytes.Length / 2).Clear();

            string expected = Outcome(() => TansStreamDecoder.Decode(c.model, bytes, words).SelectMany(l => l).Select(v => (sbyte)v).ToArray());
            var fast = new FastTansDecoder(c.model);
            string actual = Outcome(() =>
            {
                var levels = new sbyte[c.model.WeightCount];
                fast.Decode(bytes, words, levels);
                return levels;
            });
            Assert.Equal(expected, actual);
        }, iter: 1000);
    }

    private static string Outcome(Func<sbyte[]> decode)
    {
        try
        {
            return "levels " + Convert.ToHexString((byte[])(Array)decode());
        }
        catch (StreamDecodeException e)
        {
            return $"{e.Kind} at {e.BitPosition} layer {e.Layer}: {e.Message}";
        }
    }

    public static TheoryData<int, int> EveryLaneCount()
    {
        var data = new TheoryData<int, int>();
        for (int lanes = 1; lanes <= DecoderHw.Spec.DecoderSpec.MaxLanes; lanes++)
            for (int statesPerLane = 1; statesPerLane <= 2; statesPerLane++) data.Add(lanes, statesPerLane);
        return data;
    }

    /// <summary>Every lane count the spec allows, each with both states per lane, on one adversarial
    /// model: a layer shorter than the lanes, a single-symbol layer, an 8-bit layer of all 255 levels
    /// (chunks of about 8 bits), and a skewed layer whose rare levels take the full 12 bits;
    /// then every 97th single-bit flip.</summary>
    [Theory]
    [MemberData(nameof(EveryLaneCount))]
    public void FastCodec_MatchesTheReference_AtEveryLaneCount(int lanes, int statesPerLane)
    {
        var model = WithStatesPerLane(SpecFactory.FromLevels(lanes, 12, 24,
            (3, [1, -2, 0]),
            (5, Enumerable.Repeat(-9, 77).ToArray()),
            (8, Enumerable.Range(0, 3000).Select(i => i % 255 - 127).ToArray()),
            (4, Levels(4, 15, 5003, 3.0, lanes * 31 + statesPerLane))), statesPerLane);
        var reference = TansStreamEncoder.Encode(model);
        var fast = FastTansEncoder.EncodeModel(model);
        Assert.Equal(reference.Bytes, fast.Bytes);
        Assert.Equal(reference.BeatNeedBits, fast.BeatNeedBits);

        var decoder = new FastTansDecoder(model);
        var levels = new sbyte[model.WeightCount];
        decoder.Decode(fast.Bytes, fast.WordCount, levels);
        Assert.Equal(AllLevels(model), levels);
        for (long bit = 0; bit < fast.TotalBits; bit += 97)
        {
            var bytes = (byte[])fast.Bytes.Clone();
            bytes[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            string expected = Outcome(() => TansStreamDecoder.Decode(model, bytes, fast.WordCount).SelectMany(l => l).Select(v => (sbyte)v).ToArray());
            Assert.Equal(expected, Outcome(() =>
            {
                decoder.Decode(bytes, fast.WordCount, levels);
                return levels;
            }));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(4, 2)]
    [InlineData(3, 1)]
    public void FastCodec_AllocatesNothing_PerCall(int lanes, int statesPerLane)
    {
        var model = WithStatesPerLane(SpecFactory.Resolve(SpecFactory.Spec(lanes, 11, 32,
            SpecFactory.Laplace("a", 4, 1.5, 100_000, 1), SpecFactory.Laplace("b", 8, 20, 50_001, 2))), statesPerLane);
        var encoder = new FastTansEncoder(model);
        var decoder = new FastTansDecoder(model);
        var levels = AllLevels(model);
        var buffer = new byte[encoder.MaxStreamBytes];
        var decoded = new sbyte[levels.Length];
        long bits = encoder.Encode(levels, buffer);
        int words = (int)Math.Max(1, (bits + 31) / 32);
        decoder.Decode(buffer, words, decoded);

        long before = GC.GetAllocatedBytesForCurrentThread();
        encoder.Encode(levels, buffer);
        decoder.Decode(buffer, words, decoded);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(levels, decoded);
    }

    [Fact]
    public void FastEncoder_LevelOutsideTheTable_ThrowsArgumentException()
    {
        // Levels -1, 0, 1 only: 5 and -7 are levels of a 4-bit layer but have no slot; 100 is no level at all.
        var model = SpecFactory.FromLevels(4, 8, 32, (4, Enumerable.Range(0, 999).Select(i => i % 3 - 1).ToArray()));
        var encoder = new FastTansEncoder(model);
        var buffer = new byte[encoder.MaxStreamBytes];
        foreach (sbyte bad in new sbyte[] { 5, -7, 100 })
        {
            var levels = AllLevels(model);
            levels[500] = bad;
            var ex = Assert.Throws<ArgumentException>(() => encoder.Encode(levels, buffer));
            Assert.Contains($"level {bad}", ex.Message);
        }
    }

    [Fact]
    public void FastEncoder_SingleSymbolLayer_RejectsAnyOtherLevel()
    {
        var model = SpecFactory.FromLevels(2, 8, 32, (4, Enumerable.Repeat(3, 10).ToArray()));
        var encoder = new FastTansEncoder(model);
        var levels = AllLevels(model);
        levels[9] = 2;
        Assert.Throws<ArgumentException>(() => encoder.Encode(levels, new byte[encoder.MaxStreamBytes]));
    }
}
