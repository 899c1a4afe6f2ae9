using DecoderHw.Model;
using DecoderHw.Tans;

namespace DecoderHw.Codec;

/// <summary>
/// Encodes every layer of a model into one forward-read stream (docs/bitstream.md). Weight i of a
/// layer belongs to lane i mod lanes; each lane has its own tANS state and all lanes share the stream,
/// their bits interleaved in weight order so the decoder's offsets are a prefix sum of nbBits.
/// </summary>
/// <remarks>
/// tANS decodes in the reverse order of encoding, so each layer is encoded from its last weight back to
/// its first and the chunks are then written in forward order. Every lane starts encoding in state
/// index 0; the decoder therefore ends every lane of every layer in state 0 having read only zero bits
/// on the last step, which the hardware checks as the stream's integrity bits.
/// </remarks>
public static class TansStreamEncoder
{
    public static EncodedStream Encode(ResolvedModel model)
    {
        int lanes = model.Lanes;
        int streamLanes = model.StreamLanes;
        long estimatedBits = model.Layers.Sum(l => (long)l.WeightCount * Math.Max(1, l.TableLog) / 2 + 64);
        var writer = new BitWriter((int)Math.Min(int.MaxValue / 2, estimatedBits / 8 + 64));
        var beatNeeds = new List<int>();
        var stats = new List<LayerStreamStats>(model.Layers.Count);
        var limits = model.Spec.Tables == Spec.TableMode.Ram
            ? model.Spec.RamLimits ?? throw new InvalidOperationException("tables: ram without ram_limits")
            : null;
        var tableHeaders = new RamHeaderPlacement(model.Layers.Count, limits is not null, model.Spec.RamBanks);

        foreach (var layer in model.Layers)
        {
            var (initialStates, chunkValues, chunkBits) = EncodeLayerReversed(layer, streamLanes);
            int active = layer.ActiveLanes(streamLanes);

            tableHeaders.WriteBefore(layer.Index, writer, j => WriteTableHeader(writer, model, model.Layers[j], limits!));
            long headerStart = writer.BitCount;
            for (int lane = 0; lane < active; lane++) writer.Write((uint)initialStates[lane], layer.TableLog);
            // INIT beat s loads stream lanes s*L .. s*L+L-1: with one state per lane, all of them at once.
            for (int s = 0; s < model.InitBeats; s++)
                beatNeeds.Add(Math.Clamp(active - s * lanes, 0, lanes) * layer.TableLog);
            long headerBits = writer.BitCount - headerStart;

            long codedStart = writer.BitCount;
            int n = layer.WeightCount;
            writer.WriteChunks(chunkValues, chunkBits);
            if (lanes == 1)
                foreach (byte bits in chunkBits) beatNeeds.Add(bits);
            else
                for (int first = 0; first < n; first += lanes)
                {
                    int end = Math.Min(n, first + lanes);
                    int need = 0;
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

    /// <summary>tables: ram: (layer 0 only) NL-1, then n-1 | bits-2 | table_log, then every symbol's
    /// normalized count in table_log+1 bits. Returns the steps the hardware takes to load it: one per
    /// field, the last count starting the table builder.</summary>
    private static LoadStep[] WriteTableHeader(BitWriter writer, ResolvedModel model, ResolvedLayer layer, Spec.RamLimits limits)
    {
        if (!RamHeader.IsValidTableLog(layer.TableLog, limits) || layer.Bits > limits.MaxBits || model.Layers.Count > limits.MaxLayers
            || layer.WeightCount > limits.WeightLimit)
            throw new Cli.UserErrorException(
                $"layer {layer.Name} (bits {layer.Bits}, effective table_log {layer.TableLog}) or the model's {model.Layers.Count} layers exceed ram_limits {limits}");
        var steps = RamHeader.WriteLayerStart(writer, model, layer, limits, layer.TableLog, RamHeader.LayerHeaderBits);
        var counter = layer.Tables.NormalizedCounter;
        for (int s = 0; s < counter.Length; s++)
        {
            writer.Write((uint)counter[s], RamHeader.CountBits(layer.TableLog));
            steps.Add(new LoadStep(RamHeader.CountBits(layer.TableLog), s == counter.Length - 1 ? RamHeader.BuildCycles(counter, layer.TableLog, model.Spec.BuildEngines) : 0));
        }
        return [.. steps];
    }

    /// <summary>Runs the lanes' encoders backwards over the layer; returns each lane's final encoder
    /// state (the decoder's initial state index) and each weight's chunk, in weight order.</summary>
    private static (int[] InitialStates, uint[] ChunkValues, byte[] ChunkBits) EncodeLayerReversed(ResolvedLayer layer, int lanes)
    {
        var tables = layer.Tables;
        int tableSize = tables.TableSize;
        for (int s = 0; s < layer.Counts.Length; s++)
            if (layer.Counts[s] > 0 && tables.NormalizedCounter[s] == 0)
                throw new InvalidOperationException($"layer {layer.Name}: level {s - layer.MaxLevel} occurs but has no slot in the table");
        int n = layer.WeightCount;
        var states = new uint[lanes];
        Array.Fill(states, (uint)tableSize);
        var chunkValues = new uint[n];
        var chunkBits = new byte[n];
        var levels = layer.Levels;
        int maxLevel = layer.MaxLevel;
        var symbolTT = tables.SymbolTT;
        var stateTable = tables.StateTable;

        if (lanes == 1)
        {
            // The common single-lane decoder: one state in a local, no beat bookkeeping.
            uint state = states[0];
            for (int i = n - 1; i >= 0; i--)
            {
                var transform = symbolTT[levels[i] + maxLevel];
                int nbBits = (int)(unchecked(state + transform.DeltaNbBits) >> 16);
                chunkValues[i] = state & ((1u << nbBits) - 1);
                chunkBits[i] = (byte)nbBits;
                state = (uint)stateTable[(int)(state >> nbBits) + transform.DeltaFindState];
            }
            return ([(int)state - tableSize], chunkValues, chunkBits);
        }

        // Beats backwards, lanes backwards inside a beat: weight i = first + lane without a division.
        int lastFirst = (n - 1) / lanes * lanes;
        for (int first = lastFirst; first >= 0; first -= lanes)
        {
            for (int lane = Math.Min(lanes, n - first) - 1; lane >= 0; lane--)
            {
                int i = first + lane;
                uint state = states[lane];
                var transform = symbolTT[levels[i] + maxLevel];
                int nbBits = (int)(unchecked(state + transform.DeltaNbBits) >> 16);
                chunkValues[i] = state & ((1u << nbBits) - 1);
                chunkBits[i] = (byte)nbBits;
                states[lane] = (uint)stateTable[(int)(state >> nbBits) + transform.DeltaFindState];
            }
        }

        var initial = new int[lanes];
        for (int lane = 0; lane < lanes; lane++) initial[lane] = (int)states[lane] - tableSize;
        return (initial, chunkValues, chunkBits);
    }
}
