using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;
using Xunit.Abstractions;

namespace DecoderHw.Tests.Codec;

/// <summary>What a flipped bit can do to a stream of a coder without lane state (docs/bitstream.md,
/// "What a flipped bit does"): every single-bit flip of a small model, decoded by the reference.</summary>
public class PrefixCoderCorruptionTests(ITestOutputHelper output)
{
    private static ResolvedModel Model(CoderKind coder)
    {
        var spec = SpecFactory.Spec(3, 8, 16,
            SpecFactory.Laplace("a", 4, 1.5, 200, 3),
            SpecFactory.Frequencies("single", 3, [0, 0, 0, 1, 0, 0, 0], 20),
            SpecFactory.Laplace("b", 6, 4.0, 101, 4)) with { Coder = coder };
        return ModelResolver.Resolve(spec);
    }

    private static IEnumerable<(long Bit, StreamErrorKind? Error, int Differing, int[][]? Decoded)> Flips(ResolvedModel model, EncodedStream stream)
    {
        for (long bit = 0; bit < (long)stream.WordCount * stream.InputWidth; bit++)
        {
            var bytes = (byte[])stream.Bytes.Clone();
            bytes[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            int[][]? decoded = null;
            StreamErrorKind? error = null;
            try { decoded = StreamCodec.Decode(model, bytes, stream.WordCount); }
            catch (StreamDecodeException e) { error = e.Kind; }
            // The model tag word comes first: any flip there is another model's stream.
            if (bit < stream.TagBits) { Assert.Equal(StreamErrorKind.WrongModel, error); continue; }
            if (decoded is null) { yield return (bit, error, 0, null); continue; }
            int differing = model.Layers.Sum(l => l.Levels.Where((v, i) => decoded[l.Index][i] != v).Count());
            yield return (bit, null, differing, decoded);
        }
    }

    [Fact]
    public void RawStream_SingleFlip_ChangesExactlyOneWeight_OrRaisesInvalidCodeOrPadding()
    {
        var model = Model(CoderKind.Raw);
        var stream = StreamCodec.Encode(model);
        var flips = Flips(model, stream).ToList();
        foreach (var f in flips)
        {
            if (f.Error is { } kind)
                Assert.True(kind is StreamErrorKind.InvalidCode or StreamErrorKind.NonZeroPadding, $"bit {f.Bit}: {kind}");
            else
                Assert.Equal(1, f.Differing);
            // A flip in a coded field can only be caught by making it the unused code -2^(bits-1).
            if (f.Bit - stream.TagBits < stream.TotalBits && f.Error is { } k) Assert.Equal(StreamErrorKind.InvalidCode, k);
        }
        output.WriteLine($"raw: {flips.Count(f => f.Error is not null)} of {flips.Count} single flips detected");
    }

    [Fact]
    public void HuffmanStream_SingleFlip_DecodesToOtherWeights_OrRaisesAnEndCheck()
    {
        var model = Model(CoderKind.Huffman);
        var stream = StreamCodec.Encode(model);
        var flips = Flips(model, stream).ToList();
        foreach (var f in flips)
        {
            if (f.Error is { } kind)
                Assert.True(kind is StreamErrorKind.Truncated or StreamErrorKind.TrailingData or StreamErrorKind.NonZeroPadding, $"bit {f.Bit}: {kind}");
            else
                // A prefix code decodes a bit string one way: an accepted flipped stream cannot give the same weights.
                Assert.True(f.Differing >= 1, $"bit {f.Bit}: accepted with the original weights");
        }
        var accepted = flips.Where(f => f.Error is null).ToList();
        output.WriteLine($"huffman: {flips.Count - accepted.Count} of {flips.Count} single flips detected; accepted flips change " +
                         $"{accepted.Average(f => f.Differing):F1} weights on average (max {accepted.Max(f => f.Differing)})");
    }
}
