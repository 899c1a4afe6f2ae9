using DecoderHw.Model;
using DecoderHw.Rans;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>
/// The coder: rans reference decoder (docs/bitstream.md), reading the stream as the hardware does: per
/// beat the lanes' bit counts are known before any lane reads (the beat needs their sum), then each
/// lane takes its bits at a prefix sum. Checks as tANS: truncation, every lane back in state index 0 at
/// a layer's end, trailing data, padding.
/// </summary>
public static class RansStreamDecoder
{
    /// <summary>tables: rom: the tables are the model's.</summary>
    public static int[][] Decode(ResolvedModel model, ReadOnlySpan<byte> stream, int words)
    {
        var reader = new StreamBitReader(stream, words, model.InputWidth);
        var result = new int[model.Layers.Count][];
        var states = new uint[model.StreamLanes];
        foreach (var layer in model.Layers)
        {
            RequireStatesZero(states, reader, layer.Index - 1);
            result[layer.Index] = DecodeLayer(reader, layer.Index, layer.WeightCount, layer.Bits,
                layer.Rans ?? throw new InvalidOperationException($"layer {layer.Name} has no rANS table"), states);
        }
        RequireStatesZero(states, reader, model.Layers.Count - 1);
        reader.CheckEnd(model.Layers.Count - 1);
        return result;
    }

    /// <summary>tables: ram: every layer's size, bits and table come from the stream, checked against the
    /// decoder's limits; <paramref name="stateBits"/> is the decoder's rans_state_bits.</summary>
    public static IReadOnlyList<DecodedLayer> DecodeRam(RamLimits limits, int stateBits, int streamLanes, int inputWidth,
        ReadOnlySpan<byte> stream, int words)
    {
        var reader = new StreamBitReader(stream, words, inputWidth);
        int layerCount = RamHeader.ReadLayerCount(reader, limits);
        var layers = new List<DecodedLayer>(layerCount);
        var states = new uint[streamLanes];
        // Headers run one layer ahead (docs/bitstream.md): layer k+1's comes before layer k's initial states.
        var next = RamRansHeader.Read(reader, limits, stateBits, 0);
        for (int k = 0; k < layerCount; k++)
        {
            var (count, bits, table) = next;
            if (k + 1 < layerCount) next = RamRansHeader.Read(reader, limits, stateBits, k + 1);
            RequireStatesZero(states, reader, k - 1);
            layers.Add(new DecodedLayer(bits, table.TableLog, DecodeLayer(reader, k, count, bits, table, states)));
        }
        RequireStatesZero(states, reader, layerCount - 1);
        reader.CheckEnd(layerCount - 1);
        return layers;
    }

    /// <summary>States are kept as indexes x - L, so 0 means "where the encoder started" whatever the layer.</summary>
    private static void RequireStatesZero(uint[] states, StreamBitReader reader, int layer)
    {
        for (int lane = 0; lane < states.Length; lane++)
            if (states[lane] != 0)
                throw new StreamDecodeException(StreamErrorKind.NonZeroFinalState, reader.Position, layer,
                    $"lane {lane} ended in state index {states[lane]}");
    }

    private static int[] DecodeLayer(StreamBitReader reader, int k, int count, int bits, RansTable table, uint[] states)
    {
        int lanes = states.Length;
        int active = Math.Min(lanes, count);
        int stateLog = table.StateLog;
        uint low = 1u << stateLog;
        reader.Require((long)active * stateLog, k);
        var x = new uint[lanes];
        for (int lane = 0; lane < lanes; lane++) x[lane] = low + (lane < active ? (uint)reader.Read(stateLog) : 0);

        var slotEntry = table.SlotToEntry();
        int maxLevel = (1 << (bits - 1)) - 1;
        var levels = new int[count];
        var shifted = new uint[lanes];
        var nbBits = new int[lanes];
        for (int first = 0; first < count; first += lanes)
        {
            int end = Math.Min(count, first + lanes), need = 0;
            for (int i = first; i < end; i++)
            {
                int lane = i - first;
                (int entry, shifted[lane], nbBits[lane]) = table.DecodeStep(x[lane], slotEntry);
                levels[i] = table.Symbols[entry] - maxLevel;
                need += nbBits[lane];
            }
            reader.Require(need, k);
            for (int lane = 0; lane < end - first; lane++)
                x[lane] = (shifted[lane] << nbBits[lane]) | (uint)reader.Read(nbBits[lane]);
        }
        for (int lane = 0; lane < lanes; lane++) states[lane] = x[lane] - low;
        return levels;
    }
}
