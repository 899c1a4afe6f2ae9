using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

public class RawCodecTests
{
    private static ResolvedModel AsRaw(ResolvedModel model) => model with { Spec = model.Spec with { Coder = CoderKind.Raw } };

    [Fact]
    public void RawCodec_RoundTripsExactly_ForRandomModels()
    {
        var gen =
            from lanes in Gen.Int[1, 16]
            from inputWidth in Gen.Int[8, 256]
            from counts in Gen.Int[1, 300].Array[1, 3]
            from bits in Gen.Int[2, 8]
            select (lanes, inputWidth, counts, bits);
        gen.Sample(g =>
        {
            var layers = g.counts.Select((n, i) => SpecFactory.Laplace($"l{i}", g.bits, 1.0 + 3 * i, n, (ulong)i + 3)).ToArray();
            var model = AsRaw(SpecFactory.Resolve(SpecFactory.Spec(g.lanes, 8, g.inputWidth, layers)));
            var stream = RawStreamCodec.Encode(model);
            Assert.Equal(model.Layers.Sum(l => (long)l.WeightCount * l.Bits), stream.TotalBits);
            var decoded = RawStreamCodec.Decode(model, stream.Bytes, stream.WordCount);
            for (int i = 0; i < model.Layers.Count; i++) Assert.Equal(model.Layers[i].Levels, decoded[i]);
        }, iter: 200);
    }

    [Fact]
    public void RawCodec_UnusedCode_ThrowsInvalidCode()
    {
        var model = AsRaw(SpecFactory.FromLevels(1, 8, 8, (4, [1, 2, 3])));
        var stream = RawStreamCodec.Encode(model);
        var bytes = (byte[])stream.Bytes.Clone();
        bytes[0] = 0x08; // first weight becomes 4'b1000 = -8, not a level of a 4-bit layer
        var ex = Assert.Throws<StreamDecodeException>(() => RawStreamCodec.Decode(model, bytes, stream.WordCount));
        Assert.Equal(StreamErrorKind.InvalidCode, ex.Kind);
    }
}

public class WeightSynthesizerTests
{
    [Fact]
    public void FromFrequencies_NeverDrawsAZeroCountLevel()
    {
        // Zero counts after the last present level repeat the cumulative total; a plain binary search
        // on them drew level +4 here.
        long[] frequencies = [0, 0, 0, 0, 0, 0, 1, 1998, 1, 0, 0, 0, 0, 0, 0];
        var levels = DecoderHw.Weights.WeightSynthesizer.FromFrequencies(new DecoderHw.Spec.FrequencySource(frequencies, 20_000, 1), 7);
        Assert.All(levels, l => Assert.InRange(l, -1, 1));
        Assert.Contains(1, levels);
        Assert.Contains(-1, levels);
    }
}
