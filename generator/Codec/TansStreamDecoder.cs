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
        var reader = new StreamBitReader(stream, words, model.InputWidth);
        var result = new int[model.Layers.Count][];
        var states = new int[model.StreamLanes];
        foreach (var layer in model.Layers)
        {
            RequireStatesZero(states, reader, layer.Index - 1);
            result[layer.Index] = DecodeLayer(layer, model.StreamLanes, reader, states);
        }
        RequireStatesZero(states, reader, model.Layers.Count - 1);
        reader.CheckEnd(model.Layers.Count - 1);
        return result;
    }

    private static void RequireStatesZero(int[] states, StreamBitReader reader, int layer)
    {
        for (int lane = 0; lane < states.Length; lane++)
            if (states[lane] != 0)
                throw new StreamDecodeException(StreamErrorKind.NonZeroFinalState, reader.Position, layer,
                    $"lane {lane} ended in state {states[lane]}");
    }

    private static int[] DecodeLayer(ResolvedLayer layer, int lanes, StreamBitReader reader, int[] states)
    {
        int n = layer.WeightCount;
        int tableLog = layer.TableLog;
        int active = layer.ActiveLanes(lanes);
        reader.Require(active * tableLog, layer.Index);
        for (int lane = 0; lane < active; lane++) states[lane] = (int)reader.Read(tableLog);

        DecodeEntry[] table = layer.Tables.Decode;
        int maxLevel = layer.MaxLevel;
        var levels = new int[n];
        byte[] bytes = reader.PaddedBytes;
        long position = reader.Position;
        // The beat's bits are checked as a whole before any lane reads, as the hardware's
        // need <= fill test does; far from the end no beat can run out, so the check is skipped.
        long safeUntil = reader.AvailableBits - (long)lanes * tableLog;
        ref byte stream = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(bytes);
        if (lanes == 1)
        {
            // Single lane: the state in a local; the end-of-stream check only near the end.
            int state = states[0];
            for (int i = 0; i < n; i++)
            {
                var entry = table[state];
                if (position > safeUntil)
                {
                    reader.Position = position;
                    reader.Require(entry.NbBits, layer.Index);
                }
                levels[i] = entry.Symbol - maxLevel;
                ulong window = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(
                    ref System.Runtime.CompilerServices.Unsafe.Add(ref stream, (nint)(position >> 3))) >> (int)(position & 7);
                state = entry.Baseline + (int)(window & ((1UL << entry.NbBits) - 1));
                position += entry.NbBits;
            }
            states[0] = state;
            reader.Position = position;
            return levels;
        }
        for (int first = 0; first < n; first += lanes)
        {
            int end = Math.Min(n, first + lanes);
            if (position > safeUntil)
            {
                int need = 0;
                for (int i = first; i < end; i++) need += table[states[i - first]].NbBits;
                reader.Position = position;
                reader.Require(need, layer.Index);
            }
            for (int i = first; i < end; i++)
            {
                int lane = i - first;
                var entry = table[states[lane]];
                levels[i] = entry.Symbol - maxLevel;
                ulong window = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(
                    ref System.Runtime.CompilerServices.Unsafe.Add(ref stream, (nint)(position >> 3))) >> (int)(position & 7);
                states[lane] = entry.Baseline + (int)(window & ((1UL << entry.NbBits) - 1));
                position += entry.NbBits;
            }
        }
        reader.Position = position;
        return levels;
    }
}
