using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Codec;

/// <summary>
/// Field widths of the table header that <c>tables: ram</c> streams carry (docs/bitstream.md): the
/// decoder reads one field per cycle, so each field is at most <see cref="LayerHeaderBits"/> wide.
/// </summary>
public static class RamHeader
{
    public const int WeightCountBits = 32;
    public const int BitsFieldBits = 3;
    public const int TableLogFieldBits = 4;

    /// <summary>n-1 (32 bits), bits-2 (3 bits), table_log (4 bits), one field read in one cycle.</summary>
    public const int LayerHeaderBits = WeightCountBits + BitsFieldBits + TableLogFieldBits;

    /// <summary>Width of the NL-1 field: enough for max_layers-1 (at least 1 bit).</summary>
    public static int LayerCountBits(RamLimits limits) => Math.Max(1, CeilLog2(limits.MaxLayers));

    /// <summary>A tANS header's count field: a normalized count reaches 2^tl (one level owning every slot).</summary>
    public static int CountBits(int tableLog) => tableLog + 1;

    /// <summary>A tANS header's counts: one count per level of a bits-bit layer (2^bits - 1 levels).</summary>
    public static long TansCountsBits(int bits, int tableLog) => ((1L << bits) - 1) * CountBits(tableLog);

    /// <summary>Slots the tANS table builder spreads per cycle: the tableSymbol RAM is split into this many
    /// banks by the slot's low bits, and FSE's step is odd, so consecutive spread positions land in distinct
    /// banks (docs/architecture.md, "tables: ram: the table-load phase").</summary>
    public const int SpreadSlotsPerCycle = 4;

    /// <summary>Spread cycles of one symbol: its slots, <see cref="SpreadSlotsPerCycle"/> a cycle, and one
    /// cycle for a symbol without slots (the builder reads every symbol's count once).</summary>
    public static int SpreadCycles(int count) => Math.Max(1, (count + SpreadSlotsPerCycle - 1) / SpreadSlotsPerCycle);

    /// <summary>Cycles the tANS table builder is busy after the last count is read: one cycle to read the
    /// first counts back, the spread (<see cref="SpreadCycles"/> per symbol), then the build: <see
    /// cref="SpreadSlotsPerCycle"/> engines by default, engine m over the m-th quarter of the slots and started m
    /// cycles after engine 0, each with the two-stage read pipeline (tableSymbol, then symbolNext): the
    /// last engine writes its last slot 2^tableLog / 4 + 3 + 2 cycles after the spread. A one-slot table
    /// (table_log 0) is engine 0's alone: 1 + 2.</summary>
    /// <param name="engines">ram_build_engines: 1, 2 or 4 engines, engine m over the m-th 1/engines of the
    /// slots, started m cycles after engine 0: 2^tableLog / engines + engines - 1 + 2 cycles after the spread.</param>
    public static int BuildCycles(IReadOnlyList<int> normalizedCounter, int tableLog, int engines = DecoderSpec.DefaultRamBuildEngines)
    {
        if (engines is not (1 or 2 or 4)) throw new ArgumentOutOfRangeException(nameof(engines), $"build engines must be 1, 2 or 4, got {engines}");
        return 1 + normalizedCounter.Sum(SpreadCycles)
            + (tableLog == 0 ? 1 + 2 : (1 << tableLog) / engines + (engines - 1) + 2);
    }

    /// <summary>The layers whose table headers a tables: ram stream carries right before layer
    /// <paramref name="k"/>'s initial states (docs/bitstream.md): with B <paramref name="banks"/> the headers run
    /// B-1 layers ahead: layers 0 .. B-1 before layer 0, then layer k+B-1 before layer k, so the decoder reads
    /// that header while layer k decodes and builds its table into the bank layer k-1 has just freed.</summary>
    public static IEnumerable<int> HeadersBefore(int k, int layerCount, int banks = DecoderSpec.DefaultRamBanks)
    {
        int ahead = banks - 1;
        return k == 0 ? Enumerable.Range(0, Math.Min(banks, layerCount))
            : k + ahead < layerCount ? [k + ahead] : [];
    }

    /// <summary>Table logs the hardware spread accepts: 0 (one symbol) or 5 and up (FSE's step needs
    /// at least 32 slots to be odd and so visit every slot).</summary>
    public static bool IsValidTableLog(int tableLog, RamLimits limits) =>
        tableLog == 0 || (tableLog >= 5 && tableLog <= limits.MaxTableLog);

    /// <summary>Writes what every tables: ram layer header starts with: NL-1 before layer 0, then
    /// n-1 (32 bits) | bits-2 (3 bits) | <paramref name="lastField"/> (the coder's table_log or longest code
    /// length, <paramref name="headerBits"/> - 35 bits), each read by the hardware in one cycle.</summary>
    /// <returns>The load steps of those fields; the coder appends its own.</returns>
    public static List<LoadStep> WriteLayerStart(BitWriter writer, ResolvedModel model, ResolvedLayer layer, RamLimits limits,
        int lastField, int headerBits)
    {
        var steps = new List<LoadStep>();
        if (layer.Index == 0)
        {
            int width = LayerCountBits(limits);
            writer.Write((uint)(model.Layers.Count - 1), width);
            steps.Add(new LoadStep(width, 0));
        }
        ulong header = (ulong)(uint)(layer.WeightCount - 1)
            | ((ulong)(layer.Bits - 2) << WeightCountBits)
            | ((ulong)lastField << (WeightCountBits + BitsFieldBits));
        writer.Write((uint)header, 32);
        writer.Write((uint)(header >> 32), headerBits - 32);
        steps.Add(new LoadStep(headerBits, 0));
        return steps;
    }

    /// <summary>Reads the fields a tANS or rANS layer header starts with (count, bits, table_log) and checks
    /// them in the order the hardware does, so both coders' decoders report the same error at the same bit.</summary>
    public static (long At, long Count, int Bits, int TableLog) ReadTableLayerStart(StreamBitReader reader, RamLimits limits, int k)
    {
        long at = reader.Position;
        reader.Require(LayerHeaderBits, k);
        long count = (long)reader.Read(WeightCountBits) + 1;
        int bits = (int)reader.Read(BitsFieldBits) + 2;
        int tableLog = (int)reader.Read(TableLogFieldBits);
        if (bits > limits.MaxBits)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, at, k, $"bits {bits} over max_bits {limits.MaxBits}");
        if (!IsValidTableLog(tableLog, limits))
            throw new StreamDecodeException(StreamErrorKind.BadHeader, at, k, $"table_log {tableLog} is not 0 or 5..{limits.MaxTableLog}");
        if (count > limits.WeightLimit)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, at, k, $"{count} weights, max_weights is {limits.WeightLimit}");
        return (at, count, bits, tableLog);
    }

    /// <summary>Reads the stream's NL-1 field (before layer 0) and checks it against max_layers, as the hardware does.</summary>
    public static int ReadLayerCount(StreamBitReader reader, RamLimits limits)
    {
        int countWidth = LayerCountBits(limits);
        reader.Require(countWidth, 0);
        int layerCount = (int)reader.Read(countWidth) + 1;
        if (layerCount > limits.MaxLayers)
            throw new StreamDecodeException(StreamErrorKind.BadHeader, 0, 0, $"{layerCount} layers, max_layers is {limits.MaxLayers}");
        return layerCount;
    }

    public static int CeilLog2(int value)
    {
        int bits = 0;
        while ((1L << bits) < value) bits++;
        return bits;
    }
}

/// <summary>One step of a layer's table load as the hardware runs it: read <c>Need</c> bits when they are
/// in the buffer and the table builder is idle. A layer's last step starts the builder, which then stays
/// busy <c>Busy</c> cycles (spread and build, into the bank of that layer) while the decoder goes on.</summary>
public readonly record struct LoadStep(int Need, int Busy);
