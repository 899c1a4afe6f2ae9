using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Huffman;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Codec;

public class HuffmanCodecTests
{
    [Fact]
    public void PackageMerge_MatchesHuffman_WhenLimitIsLoose()
    {
        // Counts 1,1,2,4,8: Huffman lengths 4,4,3,2,1 (sum of count*length = 4+4+6+8+8 = 30).
        var lengths = PackageMerge.CodeLengths([1, 1, 2, 4, 8], 11);
        Assert.Equal([4, 4, 3, 2, 1], lengths);
    }

    [Fact]
    public void PackageMerge_RespectsTheLimit_AndStaysComplete()
    {
        long[] counts = [1, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
        var lengths = PackageMerge.CodeLengths(counts, 5);
        Assert.True(lengths.Max() <= 5);
        Assert.Equal(1.0, lengths.Sum(l => Math.Pow(2, -l)), 9);
    }

    [Fact]
    public void CanonicalCode_AssignsConsecutiveCodesPerLength()
    {
        var code = LayerHuffmanCode.FromLengths([2, 1, 3, 3]);
        // Sorted by (length, symbol): 1 -> 0, 0 -> 10, 2 -> 110, 3 -> 111.
        Assert.Equal([0b10, 0b0, 0b110, 0b111], code.Codes);
        Assert.Equal((2, 3), code.DecodeFirstBitFirst(LayerHuffmanCode.BitReverse(0b110, 3)));
    }

    [Fact]
    public void HuffmanCodec_RoundTripsExactly_ForRandomModels()
    {
        var gen =
            from lanes in Gen.Int[1, 16]
            from inputWidth in Gen.Int[8, 256]
            from counts in Gen.Int[1, 400].Array[1, 3]
            from bits in Gen.Int[2, 8]
            from limit in Gen.Int[8, 16]
            from scale in Gen.Double[0.01, 40]
            select (lanes, inputWidth, counts, bits, limit, scale);
        gen.Sample(g =>
        {
            var layers = g.counts.Select((n, i) => SpecFactory.Laplace($"l{i}", g.bits, g.scale, n, (ulong)i + 3)).ToArray();
            var spec = SpecFactory.Spec(g.lanes, 8, g.inputWidth, layers) with { Coder = CoderKind.Huffman, HuffmanMaxLength = g.limit };
            var model = ModelResolver.Resolve(spec);
            var stream = HuffmanStreamCodec.Encode(model);
            var decoded = HuffmanStreamCodec.Decode(model, stream.Bytes, stream.WordCount);
            for (int i = 0; i < model.Layers.Count; i++) Assert.Equal(model.Layers[i].Levels, decoded[i]);
        }, iter: 200);
    }

    [Fact]
    public void HuffmanCodec_Truncated_ThrowsTruncated()
    {
        var spec = SpecFactory.Spec(2, 8, 16, SpecFactory.Laplace("a", 5, 3, 2000)) with { Coder = CoderKind.Huffman };
        var model = ModelResolver.Resolve(spec);
        var stream = HuffmanStreamCodec.Encode(model);
        var ex = Assert.Throws<StreamDecodeException>(() => HuffmanStreamCodec.Decode(model, stream.Bytes, stream.WordCount - 3));
        Assert.Equal(StreamErrorKind.Truncated, ex.Kind);
    }
}

public class HuffmanSingleSymbolTests
{
    [Fact]
    public void HuffmanCodec_SingleSymbolLayer_CodesAtZeroBits()
    {
        var spec = SpecFactory.Spec(3, 8, 8, SpecFactory.Frequencies("a", 3, [0, 0, 0, 0, 7, 0, 0], 100)) with { Coder = CoderKind.Huffman };
        var model = ModelResolver.Resolve(spec);
        var stream = HuffmanStreamCodec.Encode(model);
        Assert.Equal(0, stream.TotalBits);
        Assert.All(HuffmanStreamCodec.Decode(model, stream.Bytes, 1)[0], level => Assert.Equal(1, level));
    }
}
