using DecoderHw.Model;
using DecoderHw.Rans;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>
/// The table header of a coder: rans, tables: ram stream (docs/bitstream.md): after the common
/// n-1 | bits-2 | table_log field, the number of entries and each entry's symbol and frequency in slot
/// order. The decoder writes entry j's {symbol, freq, cumul} as it reads it (the cumulative sum is a
/// running add), so there is no table-building pass: loading costs one cycle per entry.
/// </summary>
public static class RamRansHeader
{
    /// <summary>Writes the header; returns the load steps (one field per cycle, nothing to build).</summary>
    public static LoadStep[] Write(BitWriter writer, ResolvedModel model, ResolvedLayer layer, RansTable table, RamLimits limits)
    {
        if (!RamHeader.IsValidTableLog(layer.TableLog, limits) || layer.Bits > limits.MaxBits || model.Layers.Count > limits.MaxLayers
            || layer.WeightCount > limits.WeightLimit)
            throw new Cli.UserErrorException(
                $"layer {layer.Name} (bits {layer.Bits}, effective table_log {layer.TableLog}) or the model's {model.Layers.Count} layers exceed ram_limits {limits}");
        var steps = RamHeader.WriteLayerStart(writer, model, layer, limits, layer.TableLog, RamHeader.LayerHeaderBits);
        writer.Write((uint)(table.Entries - 1), layer.Bits);
        steps.Add(new LoadStep(layer.Bits, 0));
        int entryBits = EntryBits(layer.Bits, table.TableLog);
        for (int j = 0; j < table.Entries; j++)
        {
            writer.Write((uint)table.Symbols[j] | ((uint)(table.Freq[j] - 1) << layer.Bits), entryBits);
            steps.Add(new LoadStep(entryBits, 0));
        }
        return [.. steps];
    }

    /// <summary>One entry: the symbol (bits) then freq - 1 (table_log bits: a frequency is 1..2^table_log).</summary>
    public static int EntryBits(int bits, int tableLog) => bits + tableLog;

    /// <summary>Reads one layer's header and table, checking every field where the hardware does.</summary>
    public static (int Count, int Bits, RansTable Table) Read(StreamBitReader reader, RamLimits limits, int stateBits, int k)
    {
        var (at, count, bits, tableLog) = RamHeader.ReadTableLayerStart(reader, limits, k);

        int levels = (1 << bits) - 1;
        reader.Require(bits, k);
        int entries = (int)reader.Read(bits) + 1;
        if (entries > levels)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position - bits, k, $"{entries} entries, a {bits}-bit layer has {levels} levels");
        int tableSize = 1 << tableLog, entryBits = EntryBits(bits, tableLog);
        var symbols = new int[entries];
        var freq = new int[entries];
        long sum = 0;
        for (int j = 0; j < entries; j++)
        {
            reader.Require(entryBits, k);
            uint field = reader.Read(entryBits);
            symbols[j] = (int)(field & ((1u << bits) - 1));
            freq[j] = (int)(field >> bits) + 1;
            if (symbols[j] >= levels)
                throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position - entryBits, k, $"entry {j}: symbol {symbols[j]} is no level");
            sum += freq[j];
            if (sum > tableSize)
                throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position - entryBits, k, $"frequencies exceed the table size {tableSize} at entry {j}");
        }
        if (sum != tableSize)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, reader.Position, k, $"frequencies sum to {sum}, not {tableSize}");
        return ((int)count, bits, RansTable.Create(tableLog, stateBits, symbols, freq));
    }
}
