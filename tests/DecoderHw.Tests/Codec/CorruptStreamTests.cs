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
        // A flip that still decodes must have changed only nothing the decoder reads; any other outcome
        // is a typed error, never an exception of another type, a hang, or an out-of-range read.
        Gen.Int[0, (int)Stream.TotalBits - 1].Array[1, 3].Sample(flips =>
        {
            var bytes = (byte[])Stream.Bytes.Clone();
            foreach (int bit in flips) bytes[bit >> 3] ^= (byte)(1 << (bit & 7));
            try
            {
                var decoded = TansStreamDecoder.Decode(Model, bytes, Stream.WordCount);
                Assert.True(decoded.Length == 2);
            }
            catch (StreamDecodeException) { }
        }, iter: 2000);
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
