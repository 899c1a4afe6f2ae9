using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Tans;

namespace DecoderHw.Grouping;

/// <summary>One shared table: the layers that use it (indexes, increasing) and what it costs.</summary>
/// <param name="StreamBits">Estimated coded bits of its layers under the shared table (tANS: the ideal
/// sum c log2(M / n); Huffman: the exact sum c x length).</param>
/// <param name="TableBits">On-chip bits of the table (<see cref="TableGrouper.TableBits"/>).</param>
public sealed record TableGroup(IReadOnlyList<int> Layers, int Bits, int TableLog, long[] Counts, double StreamBits, long TableBits);

/// <summary>
/// table_groups: chooses which layers share a decode table and builds the shared tables. Layers of
/// equal bits and effective table_log can share (a group's table is built from the summed counts of its
/// layers' weights). Greedy agglomeration: start with one group per layer and merge the pair whose merge
/// adds the least stream bits net of the table bits it saves (x table_bit_cost); `auto` merges while
/// that is a saving, a number merges until at most that many tables remain.
/// </summary>
/// <remarks>
/// Both estimates are linear in the counts (bits of a group = f(summed counts)), so a merge is priced
/// from the two groups' sums alone. Greedy pairwise merging is not guaranteed optimal (the optimum is a
/// set partition); it is exact for two layers and measured against exhaustive search on small models
/// in the tests.
/// </remarks>
public static class TableGrouper
{
    public static IReadOnlyList<ResolvedLayer> Apply(DecoderSpec spec, IReadOnlyList<ResolvedLayer> layers, CancellationToken cancellation = default)
    {
        if (spec.TableGroups.Mode == TableGroupMode.None) return layers;
        var groups = Choose(spec, layers, cancellation);
        var result = layers.ToArray();
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            if (group.Layers.Count == 1)
            {
                // Alone, a layer keeps the table the resolver built (from its spec'd frequencies, if any).
                result[group.Layers[0]] = result[group.Layers[0]] with { Group = g };
                continue;
            }
            var tables = TableBuilder.Build(group.Counts, group.TableLog);
            var huffman = spec.Coder == CoderKind.Huffman ? HuffmanCode(group, spec.HuffmanMaxLength) : null;
            foreach (int k in group.Layers)
                result[k] = result[k] with { Tables = tables, Group = g, Huffman = huffman ?? result[k].Huffman };
        }
        return result;
    }

    public static IReadOnlyList<TableGroup> Choose(DecoderSpec spec, IReadOnlyList<ResolvedLayer> layers, CancellationToken cancellation = default)
    {
        var lanes = spec.Lanes * spec.StatesPerLane;
        var widths = new Widths(spec.Coder, lanes, layers.Max(l => l.Bits), layers.Max(l => l.TableLog));
        var groups = layers.Select(l => Single(spec, widths, l)).ToList();
        int target = spec.TableGroups.Mode == TableGroupMode.Count ? spec.TableGroups.Count : 1;
        while (groups.Count > 1)
        {
            cancellation.ThrowIfCancellationRequested();
            (int A, int B, TableGroup Merged, double Delta)? best = null;
            for (int a = 0; a < groups.Count; a++)
                for (int b = a + 1; b < groups.Count; b++)
                {
                    if (Merge(spec, widths, groups[a], groups[b]) is not { } merged) continue;
                    double delta = merged.StreamBits - groups[a].StreamBits - groups[b].StreamBits
                                 - spec.TableBitCost * (groups[a].TableBits + groups[b].TableBits - merged.TableBits);
                    if (best is null || delta < best.Value.Delta) best = (a, b, merged, delta);
                }
            if (best is not { } chosen) break;
            bool wanted = spec.TableGroups.Mode == TableGroupMode.Count ? groups.Count > target : chosen.Delta < 0;
            if (!wanted) break;
            groups[chosen.A] = chosen.Merged;
            groups.RemoveAt(chosen.B);
        }
        if (spec.TableGroups.Mode == TableGroupMode.Count && groups.Count > target)
            throw new Cli.UserErrorException(
                $"{spec.SourcePath}: table_groups {target}: the layers need at least {groups.Count} tables (only layers of equal bits and effective table_log share one)");
        return [.. groups.OrderBy(g => g.Layers[0])];
    }

    /// <summary>On-chip bits of one table, as the rom RTL stores it. tANS: 2^table_log entries of
    /// {symbol, nbBits, baseline} in every lane's ROM copy. Huffman: the present symbols in the symbol ROM
    /// (the per-length End/Base constants stay per layer, so sharing does not change them).</summary>
    public static long TableBits(CoderKind coder, int lanes, int maxBits, int maxTableLog, int tableLog, long[] counts) => coder switch
    {
        CoderKind.Huffman => (long)counts.Count(c => c > 0) * maxBits,
        _ => (1L << tableLog) * (maxBits + Rtl.RtlModel.WidthFor(maxTableLog) + Math.Max(1, maxTableLog)) * lanes,
    };

    private sealed record Widths(CoderKind Coder, int Lanes, int MaxBits, int MaxTableLog);

    private static TableGroup Single(DecoderSpec spec, Widths widths, ResolvedLayer layer)
    {
        var counts = layer.Counts;
        return new TableGroup([layer.Index], layer.Bits, layer.TableLog, counts, StreamBits(spec, counts, layer.TableLog),
            TableBits(widths.Coder, widths.Lanes, widths.MaxBits, widths.MaxTableLog, layer.TableLog, counts));
    }

    private static TableGroup? Merge(DecoderSpec spec, Widths widths, TableGroup a, TableGroup b)
    {
        // A one-symbol layer (table_log 0) has a one-slot table: nothing to share.
        if (a.Bits != b.Bits || a.TableLog != b.TableLog || a.TableLog == 0) return null;
        var counts = new long[a.Counts.Length];
        for (int s = 0; s < counts.Length; s++) counts[s] = a.Counts[s] + b.Counts[s];
        // The shared table keeps the layers' (equal) effective log; it must still hold every present symbol.
        // (With table_log_mode fixed this is the same test as raising the layers' requested log.)
        if (ModelResolver.EffectiveTableLog(counts, a.TableLog) != a.TableLog) return null;
        return new TableGroup([.. a.Layers.Concat(b.Layers).Order()], a.Bits, a.TableLog, counts, StreamBits(spec, counts, a.TableLog),
            TableBits(widths.Coder, widths.Lanes, widths.MaxBits, widths.MaxTableLog, a.TableLog, counts));
    }

    private static double StreamBits(DecoderSpec spec, long[] counts, int tableLog)
    {
        if (tableLog == 0) return 0;
        if (spec.Coder == CoderKind.Huffman)
        {
            var lengths = HuffmanCode(counts, spec.HuffmanMaxLength).CodeLengths;
            double bits = 0;
            for (int s = 0; s < counts.Length; s++) bits += (double)counts[s] * lengths[s];
            return bits;
        }
        return Normalizer.IdealBits(counts, Normalizer.Normalize(counts, tableLog), tableLog);
    }

    private static Huffman.LayerHuffmanCode HuffmanCode(TableGroup group, int maxLength) => HuffmanCode(group.Counts, maxLength);

    /// <summary>As <see cref="ModelResolver.WithHuffman"/>: the length limit raised just enough for every present symbol.</summary>
    private static Huffman.LayerHuffmanCode HuffmanCode(long[] counts, int maxLength)
    {
        int present = counts.Count(c => c > 0);
        int limit = present <= 1 ? maxLength : Math.Max(maxLength, TableBuilder.HighBit(present - 1) + 1);
        return Huffman.LayerHuffmanCode.FromCounts(counts, limit);
    }
}
