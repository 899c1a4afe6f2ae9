using DecoderHw.Spec;
using DecoderHw.Tans;

namespace DecoderHw.Model;

/// <summary>
/// table_log_mode: each layer's effective table_log (tANS and rANS). The spec's (or the layer's) table_log
/// is the most a layer gets; <c>by_size</c> caps it by the layer's weight count as FSE does, <c>best</c>
/// picks, up to that cap, the log with the fewest stream bits plus the table's cost. Every choice is at
/// least what the layer's present symbols need (<see cref="ModelResolver.EffectiveTableLog"/>) and at
/// least <see cref="DecoderSpec.MinTableLog"/>, so a ram header's table_log field stays valid.
/// </summary>
/// <param name="StreamLanes">Lanes of the stream format: each active one carries a table_log-bit initial state.</param>
/// <param name="MaxBits">The widest layer's bits (the rom table entry's symbol field).</param>
/// <param name="MaxTableLog">The largest requested table_log (the rom entry's baseline and nbBits fields).</param>
public sealed record TableLogChooser(TableLogMode Mode, CoderKind Coder, TableMode Tables, int StreamLanes,
    double TableBitCost, int MaxBits, int MaxTableLog)
{
    /// <summary>The chooser for a spec, or null when every layer keeps its requested log: mode fixed, or a
    /// coder without a table_log (Huffman's code-length limit is huffman_max_length; raw has no table).</summary>
    public static TableLogChooser? For(DecoderSpec spec) =>
        spec.TableLogMode == TableLogMode.Fixed || spec.Coder is not (CoderKind.Tans or CoderKind.Rans) ? null
        : new(spec.TableLogMode, spec.Coder, spec.Tables, spec.Lanes * spec.StatesPerLane, spec.TableBitCost,
              spec.MaxLayerBits, spec.Layers.Max(l => l.TableLog ?? spec.TableLog));

    /// <summary>FSE_optimalTableLog (zstd, lib/compress/fse_compress.c) without its maxTableLog: a table
    /// no larger than about a quarter of the symbols it codes (highbit(n - 1) - 2), raised to
    /// min(highbit(n) + 1, highbit(present - 1) + 2) so a small alphabet keeps some precision. FSE uses the
    /// largest symbol value where this uses the present symbols' count (our table holds only those).</summary>
    public static int SizeCap(long weights, int present)
    {
        if (weights <= 1 || present <= 1) return DecoderSpec.MinTableLog;
        int fromSize = TableBuilder.HighBit((int)Math.Min(weights - 1, int.MaxValue)) - 2;
        int forSymbols = Math.Min(TableBuilder.HighBit((int)Math.Min(weights, int.MaxValue)) + 1, TableBuilder.HighBit(present - 1) + 2);
        return Math.Max(fromSize, forSymbols);
    }

    /// <summary>The logs a layer may take: from what its symbols need (and 5) up to min(requested, cap),
    /// never below the lower end. A single present symbol has only 0.</summary>
    public static (int Low, int High) Bounds(long weights, long[] tableCounts, int requested)
    {
        int needed = ModelResolver.EffectiveTableLog(tableCounts, DecoderSpec.MinTableLog);
        if (needed == 0) return (0, 0);
        int low = Math.Max(needed, DecoderSpec.MinTableLog);
        int present = tableCounts.Count(c => c > 0);
        return (low, Math.Max(low, Math.Min(requested, SizeCap(weights, present))));
    }

    /// <param name="counts">The layer's drawn or read symbol counts (what is coded).</param>
    /// <param name="tableCounts">The counts its table is built from (the spec's frequencies when given).</param>
    public int Choose(long[] counts, long[] tableCounts, int requested, int bits)
    {
        long weights = counts.Sum();
        var (low, high) = Bounds(weights, tableCounts, requested);
        if (Mode == TableLogMode.BySize || low == high) return high;
        int best = high;
        double bestCost = double.PositiveInfinity;
        for (int tableLog = low; tableLog <= high; tableLog++)
        {
            double cost = Cost(counts, tableCounts, tableLog, bits, weights);
            if (cost < bestCost) (best, bestCost) = (tableLog, cost);
        }
        return best;
    }

    /// <summary>What a layer costs at one table_log, in stream bits: the ideal coded bits of its weights under
    /// the normalized counts (the coders sit a fraction of a percent above it), the active lanes' initial
    /// states, and with tables: ram the header's counts (tANS: one tl+1-bit count per level; rANS: an entry
    /// of bits+tl per present level), with rom the on-chip table bits x table_bit_cost.</summary>
    public double Cost(long[] counts, long[] tableCounts, int tableLog, int bits, long weights)
    {
        var normalized = Normalizer.Normalize(tableCounts, tableLog);
        double payload = Normalizer.IdealBits(counts, normalized, tableLog);
        double init = Math.Min(StreamLanes, weights) * tableLog;
        int present = tableCounts.Count(c => c > 0);
        double table = (Tables, Coder) switch
        {
            (TableMode.Ram, CoderKind.Rans) => (double)present * Codec.RamRansHeader.EntryBits(bits, tableLog),
            (TableMode.Ram, _) => Codec.RamHeader.TansCountsBits(bits, tableLog),
            // rom rANS: one entry per present level (a frequency and a cumulative sum of tl bits, the level).
            (_, CoderKind.Rans) => TableBitCost * present * Sizing.TableMemory.RansEntryBits(MaxBits, tableLog),
            _ => TableBitCost * Grouping.TableGrouper.TableBits(Coder, StreamLanes, MaxBits, MaxTableLog, tableLog, tableCounts),
        };
        return payload + init + table;
    }
}
