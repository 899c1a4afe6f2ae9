using DecoderHw.Huffman;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>One Huffman layer as a tables: ram decoder learns it from the stream.</summary>
public sealed record DecodedHuffmanLayer(int Bits, LayerHuffmanCode Code, int[] Levels);

/// <summary>
/// The coder: huffman, tables: ram reference decoder: knows only the decoder's limits (ram_limits and the
/// code-length limit huffman_max_length), lanes and input width; takes every layer's size, bits and
/// canonical code lengths from the stream, checking each field where the hardware does (docs/bitstream.md).
/// </summary>
public static class RamHuffmanStreamDecoder
{
    public static IReadOnlyList<DecodedHuffmanLayer> Decode(RamLimits limits, int limitLength, int lanes, int inputWidth, ReadOnlySpan<byte> stream, int words)
    {
        var reader = new StreamBitReader(stream, words, inputWidth);
        int layerCount = RamHeader.ReadLayerCount(reader, limits);

        var layers = new List<DecodedHuffmanLayer>(layerCount);
        // Headers run one layer ahead (docs/bitstream.md): layer k+1's comes before layer k's weights.
        var next = ReadLayerHeader(reader, limits, limitLength, 0);
        for (int k = 0; k < layerCount; k++)
        {
            var (count, bits, code) = next;
            if (k + 1 < layerCount) next = ReadLayerHeader(reader, limits, limitLength, k + 1);
            int maxLevel = (1 << (bits - 1)) - 1;
            layers.Add(new DecodedHuffmanLayer(bits, code, HuffmanStreamCodec.DecodeLayer(reader, code, count, lanes, k, maxLevel)));
        }
        reader.CheckEnd(layerCount - 1);
        return layers;
    }

    private static (int Count, int Bits, LayerHuffmanCode Code) ReadLayerHeader(StreamBitReader reader, RamLimits limits, int limitLength, int k)
    {
        long at = reader.Position;
        reader.Require(RamHuffmanHeader.LayerHeaderBits, k);
        long count = (long)reader.Read(RamHeader.WeightCountBits) + 1;
        int bits = (int)reader.Read(RamHeader.BitsFieldBits) + 2;
        int maxLength = (int)reader.Read(RamHuffmanHeader.MaxLengthFieldBits);
        if (bits > limits.MaxBits)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, at, k, $"bits {bits} over max_bits {limits.MaxBits}");
        if (maxLength > limitLength)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, at, k, $"max code length {maxLength} over huffman_max_length {limitLength}");
        if (count > limits.WeightLimit)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, at, k, $"{count} weights, max_weights is {limits.WeightLimit}");

        int symbols = (1 << bits) - 1;
        if (maxLength == 0)
        {
            reader.Require(bits, k);
            int only = (int)reader.Read(bits);
            if (only >= symbols)
                throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position, k, $"single symbol {only} is no level of {bits} bits");
            return ((int)count, bits, LayerHuffmanCode.FromLengths(new int[symbols], only));
        }

        // Kraft's sum scaled by 2^LMAX: a complete code sums to exactly 2^LMAX.
        int width = RamHuffmanHeader.LengthFieldBits(maxLength);
        long full = 1L << limitLength, kraft = 0;
        var lengths = new int[symbols];
        for (int s = 0; s < symbols; s++)
        {
            reader.Require(width, k);
            int length = lengths[s] = (int)reader.Read(width);
            if (length > maxLength)
                throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position, k, $"symbol {s}: code length {length} over the layer's max length {maxLength}");
            if (length > 0) kraft += full >> length;
            if (kraft > full)
                throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position, k, $"code lengths over-full (Kraft sum above 1) at symbol {s}");
        }
        if (kraft != full)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position, k, $"code lengths incomplete (Kraft sum {kraft}/{full})");
        return ((int)count, bits, LayerHuffmanCode.FromLengths(lengths));
    }
}
