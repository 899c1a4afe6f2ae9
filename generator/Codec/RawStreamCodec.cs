using System.Buffers.Binary;
using DecoderHw.Model;

namespace DecoderHw.Codec;

/// <summary>
/// coder: raw, the baseline every report compares to: each weight as its level in bits_k-bit two's
/// complement, lanes interleaved exactly as for tANS (so the same control FSM and cycle model apply;
/// a layer's INIT beat reads nothing).
/// </summary>
public static class RawStreamCodec
{
    public static EncodedStream Encode(ResolvedModel model)
    {
        var writer = new BitWriter((int)Math.Min(int.MaxValue / 2, model.Layers.Sum(l => (long)l.WeightCount * l.Bits) / 8 + 64));
        var beatNeeds = new List<int>();
        var stats = new List<LayerStreamStats>();
        foreach (var layer in model.Layers)
        {
            beatNeeds.Add(0);
            long start = writer.BitCount;
            uint mask = (1u << layer.Bits) - 1;
            for (int first = 0; first < layer.WeightCount; first += model.Lanes)
            {
                int end = Math.Min(layer.WeightCount, first + model.Lanes);
                for (int i = first; i < end; i++) writer.Write((uint)layer.Levels[i] & mask, layer.Bits);
                beatNeeds.Add((end - first) * layer.Bits);
            }
            stats.Add(new LayerStreamStats(0, writer.BitCount - start));
        }
        return new EncodedStream(writer.ToPaddedBytes(model.InputWidth), writer.BitCount, model.InputWidth, [.. beatNeeds], stats);
    }

    public static int[][] Decode(ResolvedModel model, ReadOnlySpan<byte> stream, int words)
    {
        var reader = new StreamBitReader(stream, words, model.InputWidth);
        var result = new int[model.Layers.Count][];
        foreach (var layer in model.Layers)
        {
            var levels = result[layer.Index] = new int[layer.WeightCount];
            int bits = layer.Bits;
            for (int first = 0; first < levels.Length; first += model.Lanes)
            {
                int end = Math.Min(levels.Length, first + model.Lanes);
                reader.Require((end - first) * bits, layer.Index);
                for (int i = first; i < end; i++)
                {
                    int value = (int)reader.Read(bits) << (32 - bits) >> (32 - bits);
                    if (value == -(1 << (bits - 1)))
                        throw new StreamDecodeException(StreamErrorKind.InvalidCode, reader.Position - bits, layer.Index, $"weight {i}: {value} is not a level of a {bits}-bit layer");
                    levels[i] = value;
                }
            }
        }
        reader.CheckEnd(model.Layers.Count - 1);
        return result;
    }
}

/// <summary>LSB-first reader over a stream of whole words with the end-of-stream checks all coders share.</summary>
public sealed class StreamBitReader
{
    private readonly byte[] _bytes;
    private readonly int _inputWidth;

    public StreamBitReader(ReadOnlySpan<byte> stream, int words, int inputWidth)
    {
        AvailableBits = (long)words * inputWidth;
        if (stream.Length * 8L < AvailableBits)
            throw new ArgumentException($"stream has {stream.Length} bytes, fewer than {words} words", nameof(stream));
        int used = (int)((AvailableBits + 7) / 8);
        // 8 bytes of slack let every read be one unaligned 64-bit load.
        _bytes = new byte[used + 8];
        stream[..used].CopyTo(_bytes);
        _inputWidth = inputWidth;
    }

    public long Position { get; set; }
    public long AvailableBits { get; }

    /// <summary>The stream plus 8 zero bytes, for decoders' inner loops that read 64 bits at a time.</summary>
    internal byte[] PaddedBytes => _bytes;

    public void Require(long bits, int layer)
    {
        if (Position + bits > AvailableBits)
            throw new StreamDecodeException(StreamErrorKind.Truncated, Position, layer, $"needs {bits} bits, {AvailableBits - Position} left");
    }

    /// <summary>Reads up to 32 bits; the caller has checked they exist.</summary>
    public uint Read(int nbBits)
    {
        uint value = Peek(nbBits);
        Position += nbBits;
        return value;
    }

    /// <summary>The next bits without consuming them; bits past the stream read as zero.</summary>
    public uint Peek(int nbBits)
    {
        if (Position >= AvailableBits) return 0;
        ulong window = BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)(Position >> 3))) >> (int)(Position & 7);
        return (uint)(window & ((1UL << nbBits) - 1));
    }

    public void Skip(int nbBits) => Position += nbBits;

    /// <summary>After the last layer: less than a word left (a whole word if nothing was read), all zero.</summary>
    public void CheckEnd(int lastLayer)
    {
        long left = AvailableBits - Position;
        long allowed = Position == 0 ? _inputWidth : _inputWidth - 1;
        if (left > allowed)
            throw new StreamDecodeException(StreamErrorKind.TrailingData, Position, lastLayer, $"{left} bits left after the last layer");
        for (long bit = Position; bit < AvailableBits; bit++)
            if (((_bytes[bit >> 3] >> (int)(bit & 7)) & 1) != 0)
                throw new StreamDecodeException(StreamErrorKind.NonZeroPadding, Position, lastLayer, "padding bits are not zero");
    }
}
