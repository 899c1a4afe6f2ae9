using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

public class CorruptStreamTests
{
    private static readonly DecoderHw.Model.ResolvedModel Model = SpecFactory.Resolve(SpecFactory.Spec(4, 8, 32,
        SpecFactory.Laplace("a", 4, 1.2, 3000, 1), SpecFactory.Laplace("b", 6, 4.0, 1001, 2)));
    private static readonly EncodedStream Stream = TansStreamEncoder.Encode(Model);

    [Fact]
    public void Decoder_Truncated_ThrowsTruncated()
    {
        var ex = Assert.Throws<StreamDecodeException>(() =>
            TansStreamDecoder.Decode(Model, Stream.Bytes, Stream.WordCount - 2));
        Assert.Equal(StreamErrorKind.Truncated, ex.Kind);
    }

    [Fact]
    public void Decoder_ExtraWord_ThrowsTrailingData()
    {
        var longer = new byte[Stream.Bytes.Length + 4];
        Stream.Bytes.CopyTo(longer, 0);
        var ex = Assert.Throws<StreamDecodeException>(() => TansStreamDecoder.Decode(Model, longer, Stream.WordCount + 1));
        Assert.Equal(StreamErrorKind.TrailingData, ex.Kind);
    }

    [Fact]
    public void Decoder_FlippedBits_AlwaysTypedErrorOrExactData()
    {
        // A flip either raises a typed error (never an exception of another type, a hang or an
        // out-of-range read) or decodes to weights that are exactly what the flipped stream encodes:
        // tANS states can re-converge after a flip, so accepted weights may differ from the original,
        // but encoding them again with the same tables must give the flipped stream bit for bit.
        int accepted = 0;
        Gen.Int[0, (int)Stream.TotalBits - 1].Array[1, 3].Sample(flips =>
        {
            var bytes = (byte[])Stream.Bytes.Clone();
            foreach (int bit in flips) bytes[bit >> 3] ^= (byte)(1 << (bit & 7));
            int[][] decoded;
            try
            {
                decoded = TansStreamDecoder.Decode(Model, bytes, Stream.WordCount);
            }
            catch (StreamDecodeException)
            {
                return;
            }
            Interlocked.Increment(ref accepted);
            Assert.Equal(Model.Layers.Count, decoded.Length);
            var again = Model with { Layers = Model.Layers.Select(l => l with { Levels = decoded[l.Index] }).ToList() };
            Assert.Equal(bytes, TansStreamEncoder.Encode(again).Bytes);
        }, iter: 2000);
        Assert.True(accepted > 0, "no flip was accepted: the exact-data branch went untested");
    }

    [Fact]
    public void Decoder_FlipInPadding_ThrowsNonZeroPadding()
    {
        long padBit = Stream.TotalBits;
        Assert.True(padBit < Stream.WordCount * 32L, "example must have padding");
        var bytes = (byte[])Stream.Bytes.Clone();
        bytes[padBit >> 3] ^= (byte)(1 << (int)(padBit & 7));
        var ex = Assert.Throws<StreamDecodeException>(() => TansStreamDecoder.Decode(Model, bytes, Stream.WordCount));
        Assert.Equal(StreamErrorKind.NonZeroPadding, ex.Kind);
    }

    [Fact]
    public void Decoder_MostSingleFlips_AreDetected()
    {
        int detected = 0, trials = 0;
        for (long bit = 0; bit < Stream.TotalBits; bit += 7, trials++)
        {
            var bytes = (byte[])Stream.Bytes.Clone();
            bytes[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            try { TansStreamDecoder.Decode(Model, bytes, Stream.WordCount); }
            catch (StreamDecodeException) { detected++; }
        }
        Assert.True(detected > trials * 0.9, $"only {detected} of {trials} flips detected");
    }
}
