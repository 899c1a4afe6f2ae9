using DecoderHw.Spec;
using DecoderHw.Tans;

namespace DecoderHw.Codec;

/// <summary>One layer as a tables: ram decoder learns it from the stream.</summary>
public sealed record DecodedLayer(int Bits, int TableLog, int[] Levels);

/// <summary>
/// The tables: ram reference decoder: knows only the decoder's limits, lanes and input width, and takes
/// every layer's size, bits and table from the stream's headers, checking each against the limits
/// exactly where the hardware does.
/// </summary>
public static class RamTansStreamDecoder
{
    /// <param name="banks">ram_banks: the headers run banks-1 layers ahead (docs/bitstream.md).</param>
    public static IReadOnlyList<DecodedLayer> Decode(RamLimits limits, int lanes, int inputWidth, ReadOnlySpan<byte> stream, int words,
        int banks = DecoderSpec.DefaultRamBanks)
    {
        var reader = new StreamBitReader(stream, words, inputWidth);
        int layerCount = RamHeader.ReadLayerCount(reader, limits);

        var layers = new List<DecodedLayer>(layerCount);
        var states = new int[lanes];
        // Headers run banks-1 layers ahead (docs/bitstream.md): layer k+banks-1's comes before layer k's
        // initial states, and layers 0 .. banks-2 come first.
        int ahead = banks - 1;
        var read = new Queue<(int Count, int Bits, TansTables Tables)>();
        for (int j = 0; j < Math.Min(ahead, layerCount); j++) read.Enqueue(ReadLayerHeader(reader, limits, j));
        for (int k = 0; k < layerCount; k++)
        {
            if (k + ahead < layerCount) read.Enqueue(ReadLayerHeader(reader, limits, k + ahead));
            var (count, bits, tables) = read.Dequeue();
            for (int lane = 0; lane < lanes; lane++)
                if (states[lane] != 0)
                    throw new StreamDecodeException(StreamErrorKind.NonZeroFinalState, reader.Position, k - 1, $"lane {lane} ended in state {states[lane]}");
            layers.Add(new DecodedLayer(bits, tables.TableLog, DecodeLayer(reader, k, count, bits, tables, lanes, states)));
        }
        for (int lane = 0; lane < lanes; lane++)
            if (states[lane] != 0)
                throw new StreamDecodeException(StreamErrorKind.NonZeroFinalState, reader.Position, layerCount - 1, $"lane {lane} ended in state {states[lane]}");
        reader.CheckEnd(layerCount - 1);
        return layers;
    }

    private static (int Count, int Bits, TansTables Tables) ReadLayerHeader(StreamBitReader reader, RamLimits limits, int k)
    {
        var (at, count, bits, tableLog) = RamHeader.ReadTableLayerStart(reader, limits, k);

        int tableSize = 1 << tableLog;
        var normalized = new int[(1 << bits) - 1];
        long sum = 0;
        for (int s = 0; s < normalized.Length; s++)
        {
            reader.Require(RamHeader.CountBits(tableLog), k);
            normalized[s] = (int)reader.Read(RamHeader.CountBits(tableLog));
            sum += normalized[s];
            if (sum > tableSize)
                throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position, k, $"symbol counts exceed the table size {tableSize} at symbol {s}");
        }
        if (sum != tableSize)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position, k, $"symbol counts sum to {sum}, not {tableSize}");
        return ((int)count, bits, TableBuilder.FromNormalized(normalized, tableLog));
    }

    private static int[] DecodeLayer(StreamBitReader reader, int k, int count, int bits, TansTables tables, int lanes, int[] states)
    {
        int active = Math.Min(lanes, count);
        reader.Require(active * tables.TableLog, k);
        for (int lane = 0; lane < active; lane++) states[lane] = (int)reader.Read(tables.TableLog);
        int maxLevel = (1 << (bits - 1)) - 1;
        var levels = new int[count];
        for (int first = 0; first < count; first += lanes)
        {
            int end = Math.Min(count, first + lanes), need = 0;
            for (int i = first; i < end; i++) need += tables.Decode[states[i - first]].NbBits;
            reader.Require(need, k);
            for (int i = first; i < end; i++)
            {
                var entry = tables.Decode[states[i - first]];
                levels[i] = entry.Symbol - maxLevel;
                states[i - first] = entry.Baseline + (int)reader.Read(entry.NbBits);
            }
        }
        return levels;
    }
}
