using System.Buffers.Binary;
using DecoderHw.Model;
using DecoderHw.Tans;

namespace DecoderHw.Codec;

/// <summary>
/// The reference decoder: reads a stream exactly as the hardware does (docs/bitstream.md) and applies
/// the same integrity checks, so every corrupt stream the RTL flags is a typed error here too.
/// </summary>
public static class TansStreamDecoder
{
    /// <summary>Decodes every layer; the stream's length is <paramref name="words"/> words of the model's input width.</summary>
    public static int[][] Decode(ResolvedModel model, ReadOnlySpan<byte> stream, int words)
    {
        long availableBits = (long)words * model.InputWidth;
        if (stream.Length * 8L < availableBits)
            throw new ArgumentException($"stream has {stream.Length} bytes, fewer than {words} words", nameof(stream));
        // 8 bytes of slack let every read be one unaligned 64-bit load.
        var padded = new byte[(availableBits + 7) / 8 + 8];
        stream[..(int)((availableBits + 7) / 8)].CopyTo(padded);
        var reader = new Reader(padded, availableBits);

        var result = new int[model.Layers.Count][];
        int lanes = model.Lanes;
        var states = new int[lanes];
        foreach (var layer in model.Layers)
        {
            for (int lane = 0; lane < lanes; lane++)
                if (states[lane] != 0)
                    throw new StreamDecodeException(StreamErrorKind.NonZeroFinalState, reader.Position, layer.Index - 1,
                        $"lane {lane} ended in state {states[lane]}");
            result[layer.Index] = DecodeLayer(layer, lanes, ref reader, states);
        }

        for (int lane = 0; lane < lanes; lane++)
            if (states[lane] != 0)
                throw new StreamDecodeException(StreamErrorKind.NonZeroFinalState, reader.Position, model.Layers.Count - 1,
                    $"lane {lane} ended in state {states[lane]}");
        long left = availableBits - reader.Position;
        // A stream is at least one word, so a model that reads no bits at all leaves exactly one word.
        long allowed = reader.Position == 0 ? model.InputWidth : model.InputWidth - 1;
        if (left > allowed)
            throw new StreamDecodeException(StreamErrorKind.TrailingData, reader.Position, model.Layers.Count - 1, $"{left} bits left after the last layer");
        if (reader.RemainingNonZero())
            throw new StreamDecodeException(StreamErrorKind.NonZeroPadding, reader.Position, model.Layers.Count - 1, "padding bits are not zero");
        return result;
    }

    private static int[] DecodeLayer(ResolvedLayer layer, int lanes, ref Reader reader, int[] states)
    {
        int n = layer.WeightCount;
        int active = layer.ActiveLanes(lanes);
        int tableLog = layer.TableLog;
        reader.Require(active * tableLog, layer.Index);
        for (int lane = 0; lane < active; lane++) states[lane] = (int)reader.Read(tableLog);

        DecodeEntry[] table = layer.Tables.Decode;
        int maxLevel = layer.MaxLevel;
        var levels = new int[n];
        // The beat's bits are checked as a whole before any lane reads, as the hardware's
        // need <= fill test does; a single lane can then read without its own bounds check.
        int maxBeatBits = lanes * tableLog;
        for (int first = 0; first < n; first += lanes)
        {
            int end = Math.Min(n, first + lanes);
            if (reader.Position + maxBeatBits > reader.AvailableBits)
            {
                int need = 0;
                for (int i = first; i < end; i++) need += table[states[i - first]].NbBits;
                reader.Require(need, layer.Index);
            }
            for (int i = first; i < end; i++)
            {
                int lane = i - first;
                var entry = table[states[lane]];
                levels[i] = entry.Symbol - maxLevel;
                states[lane] = entry.Baseline + (int)reader.Read(entry.NbBits);
            }
        }
        return levels;
    }

    private struct Reader(byte[] bytes, long availableBits)
    {
        private readonly byte[] _bytes = bytes;
        public long Position;
        public readonly long AvailableBits = availableBits;

        public readonly void Require(int bits, int layer)
        {
            if (Position + bits > AvailableBits)
                throw new StreamDecodeException(StreamErrorKind.Truncated, Position, layer,
                    $"needs {bits} bits, {AvailableBits - Position} left");
        }

        /// <summary>Reads up to 32 bits LSB-first; the caller has checked the bits exist.</summary>
        public uint Read(int nbBits)
        {
            ulong window = BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)(Position >> 3))) >> (int)(Position & 7);
            Position += nbBits;
            return (uint)(window & ((1UL << nbBits) - 1));
        }

        public readonly bool RemainingNonZero()
        {
            for (long bit = Position; bit < AvailableBits; bit++)
                if (((_bytes[bit >> 3] >> (int)(bit & 7)) & 1) != 0) return true;
            return false;
        }
    }
}
