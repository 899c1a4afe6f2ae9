using DecoderHw.Model;
using DecoderHw.Rans;

namespace DecoderHw.Codec;

/// <summary>
/// coder: rans (docs/bitstream.md): the tANS stream layout (one LSB-first stream, weight i to lane i mod
/// lanes, a layer's INIT beat of initial states, then per beat the lanes' chunks in weight order), with
/// each lane's state updated by rANS arithmetic over the layer's <see cref="RansTable"/>.
/// </summary>
/// <remarks>
/// As with tANS the encoder runs backwards from state L (index 0) and writes the chunks forwards, so a
/// good stream ends every lane of every layer back in state index 0: the decoder's integrity check.
/// Renormalization is bitwise: before coding s the state is shifted down into [f 2^B, 2f 2^B)
/// (B = StateBits), so the decoder's x' lies there and its bit count is StateLog - highbit(x').
/// </remarks>
public static class RansStreamEncoder
{
    public static EncodedStream Encode(ResolvedModel model)
    {
        int lanes = model.Lanes;
        int streamLanes = model.StreamLanes;
        var writer = new BitWriter((int)Math.Min(int.MaxValue / 2, model.Layers.Sum(l => (long)l.WeightCount * Math.Max(1, l.TableLog) / 2 + 64) / 8 + 64));
        var beatNeeds = new List<int>();
        var stats = new List<LayerStreamStats>(model.Layers.Count);
        var limits = model.Spec.Tables == Spec.TableMode.Ram
            ? model.Spec.RamLimits ?? throw new InvalidOperationException("tables: ram without ram_limits")
            : null;
        var tableHeaders = new RamHeaderPlacement(model.Layers.Count, limits is not null);

        foreach (var layer in model.Layers)
        {
            var table = layer.Rans ?? throw new InvalidOperationException($"layer {layer.Name} has no rANS table");
            var (initialStates, chunkValues, chunkBits) = EncodeLayerReversed(layer.Name, layer.Levels, layer.MaxLevel, table, streamLanes);
            int active = layer.ActiveLanes(streamLanes);

            tableHeaders.WriteBefore(layer.Index, writer, j => RamRansHeader.Write(writer, model, model.Layers[j],
                model.Layers[j].Rans ?? throw new InvalidOperationException($"layer {model.Layers[j].Name} has no rANS table"), limits!));
            long headerStart = writer.BitCount;
            for (int lane = 0; lane < active; lane++) writer.Write(initialStates[lane], table.StateLog);
            for (int s = 0; s < model.InitBeats; s++)
                beatNeeds.Add(Math.Clamp(active - s * lanes, 0, lanes) * table.StateLog);
            long headerBits = writer.BitCount - headerStart;

            long codedStart = writer.BitCount;
            writer.WriteChunks(chunkValues, chunkBits);
            for (int first = 0; first < layer.WeightCount; first += lanes)
            {
                int end = Math.Min(layer.WeightCount, first + lanes), need = 0;
                for (int i = first; i < end; i++) need += chunkBits[i];
                beatNeeds.Add(need);
            }
            stats.Add(new LayerStreamStats(tableHeaders.BitsOf(layer.Index) + headerBits, writer.BitCount - codedStart));
        }

        return new EncodedStream(writer.ToPaddedBytes(model.InputWidth), writer.BitCount, model.InputWidth, [.. beatNeeds], stats)
        {
            LayerLoadSteps = tableHeaders.Steps,
        };
    }

    /// <summary>Bits a layer takes in the stream with this table: the active lanes' initial states and the
    /// chunks (what the resolver compares to choose a layer's state bits).</summary>
    public static long LayerBits(int[] levels, int maxLevel, RansTable table, int lanes)
    {
        var (_, _, chunkBits) = EncodeLayerReversed("trial", levels, maxLevel, table, lanes);
        long bits = (long)Math.Min(lanes, levels.Length) * table.StateLog;
        foreach (byte b in chunkBits) bits += b;
        return bits;
    }

    /// <summary>Each lane's final encoder state index (x - L, the decoder's initial state) and every
    /// weight's chunk in weight order.</summary>
    private static (uint[] InitialStates, uint[] ChunkValues, byte[] ChunkBits) EncodeLayerReversed(string name, int[] levels, int maxLevel, RansTable table, int lanes)
    {
        int n = levels.Length;
        int tableLog = table.TableLog;
        int stateBits = table.StateLog - tableLog;
        uint low = 1u << table.StateLog;
        var entryOf = table.EntryOfSymbol(2 * maxLevel + 1);
        var states = new uint[lanes];
        Array.Fill(states, low);
        var chunkValues = new uint[n];
        var chunkBits = new byte[n];
        for (int i = n - 1; i >= 0; i--)
        {
            int lane = i % lanes;
            int entry = entryOf[levels[i] + maxLevel];
            if (entry < 0) throw new InvalidOperationException($"layer {name}: level {levels[i]} occurs but has no rANS table entry");
            uint freq = (uint)table.Freq[entry];
            uint x = states[lane];
            // Shift x down into [f 2^B, 2f 2^B): the smallest shift that brings it below 2f 2^B.
            uint top = (2 * freq) << stateBits;
            int nbBits = Math.Max(0, Tans.TableBuilder.HighBit((int)x) - Tans.TableBuilder.HighBit((int)(freq << stateBits)) - 1);
            while ((x >> nbBits) >= top) nbBits++;
            chunkValues[i] = x & ((1u << nbBits) - 1);
            chunkBits[i] = (byte)nbBits;
            uint shifted = x >> nbBits;
            states[lane] = ((shifted / freq) << tableLog) + shifted % freq + (uint)table.Cumul[entry];
        }
        var initial = new uint[lanes];
        for (int lane = 0; lane < lanes; lane++) initial[lane] = states[lane] - low;
        return (initial, chunkValues, chunkBits);
    }
}
