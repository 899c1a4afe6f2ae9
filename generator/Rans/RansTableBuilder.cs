using DecoderHw.Tans;

namespace DecoderHw.Rans;

/// <summary>
/// Chooses a layer's rANS frequencies and symbol order for the state range the spec asks for.
/// </summary>
/// <remarks>
/// Wide state (rans_state_bits above 0): the coder is within 2^-StateBits of ideal arithmetic for its
/// frequencies, so the frequencies minimizing sum c_s log2(M / f_s) (the tANS <see cref="Normalizer"/>)
/// are the optimum and the order does not matter; entries go by falling frequency.
/// Multiply-free state ([M, 2M)): the order and the exact boundaries change the cost
/// (<see cref="MultiplyFreeCost"/>). Entries go by falling count (a rare symbol's single slot costs
/// least at the top, where states are least likely); the boundaries start from the better of the
/// normalized counts and the 1/x-law ideal M (2^P_before - 1), then move one slot at a time while the
/// exact stationary cost falls.
/// </remarks>
public static class RansTableBuilder
{
    /// <summary>Chain steps for the first evaluation of a table, and for each neighbour after it.</summary>
    private const int ColdIterations = 64, WarmIterations = 12;

    /// <summary>Local-search passes over the boundaries (each pass tries one slot either way), and the most
    /// cost evaluations per table: the search visits the likely entries' boundaries first, where a slot
    /// matters most, and the cap keeps a 255-level layer at table_log 12 to tens of milliseconds.</summary>
    private const int Passes = 4, MaxEvaluations = 400;

    public static RansTable Build(IReadOnlyList<long> counts, int tableLog, int stateBits)
    {
        var present = Enumerable.Range(0, counts.Count).Where(s => counts[s] > 0).ToArray();
        if (present.Length == 0) throw new ArgumentException("no symbol is present", nameof(counts));
        if (tableLog == 0)
        {
            if (present.Length != 1) throw new ArgumentException("table_log 0 holds one symbol", nameof(tableLog));
            return RansTable.Create(0, stateBits, present, [1]);
        }
        var normalized = Normalizer.Normalize(counts, tableLog);
        if (stateBits > 0)
        {
            var byFreq = present.OrderByDescending(s => normalized[s]).ThenBy(s => s).ToArray();
            return RansTable.Create(tableLog, stateBits, byFreq, [.. byFreq.Select(s => normalized[s])]);
        }
        var order = present.OrderByDescending(s => counts[s]).ThenBy(s => s).ToArray();
        return RansTable.Create(tableLog, 0, order, OptimizeMultiplyFree(counts, order, normalized, tableLog));
    }

    private static int[] OptimizeMultiplyFree(IReadOnlyList<long> counts, int[] order, int[] normalized, int tableLog)
    {
        double total = order.Sum(s => (double)counts[s]);
        var probability = order.Select(s => counts[s] / total).ToArray();
        int size = 1 << tableLog;
        var fromNormalized = order.Select(s => normalized[s]).ToArray();
        var fromLaw = IdealBoundaries(probability, size);

        var cost = new MultiplyFreeCost(tableLog, probability);
        double normalizedBits = cost.BitsPerSymbol(fromNormalized, ColdIterations, keep: false);
        double lawBits = cost.BitsPerSymbol(fromLaw, ColdIterations, keep: false);
        var best = lawBits < normalizedBits ? fromLaw : fromNormalized;
        double bestBits = cost.BitsPerSymbol(best, ColdIterations, keep: true);
        if (order.Length < 2) return best;

        int evaluations = 0;
        for (int pass = 0; pass < Passes && evaluations < MaxEvaluations; pass++)
        {
            bool improved = false;
            for (int j = 0; j + 1 < best.Length && evaluations < MaxEvaluations; j++)
            {
                // Move the boundary between entries j and j+1 one slot either way.
                foreach (int delta in (ReadOnlySpan<int>)[1, -1])
                {
                    if (best[j] + delta < 1 || best[j + 1] - delta < 1) continue;
                    var trial = (int[])best.Clone();
                    trial[j] += delta;
                    trial[j + 1] -= delta;
                    double bits = cost.BitsPerSymbol(trial, WarmIterations, keep: false);
                    evaluations++;
                    if (bits < bestBits - 1e-12)
                    {
                        best = trial;
                        bestBits = cost.BitsPerSymbol(best, WarmIterations, keep: true);
                        improved = true;
                        break;
                    }
                }
            }
            if (!improved) break;
        }
        return best;
    }

    /// <summary>Where the 1/x law puts each range: entry j starts at M (2^P_j - 1), P_j the probability
    /// before it, rounded and kept at least one slot wide.</summary>
    private static int[] IdealBoundaries(double[] probability, int size)
    {
        int n = probability.Length;
        var start = new int[n + 1];
        double before = 0;
        for (int j = 1; j < n; j++)
        {
            before += probability[j - 1];
            start[j] = (int)Math.Round(size * (Math.Pow(2, before) - 1));
        }
        start[n] = size;
        for (int j = 1; j < n; j++) start[j] = Math.Max(start[j], start[j - 1] + 1);
        for (int j = n - 1; j >= 1; j--) start[j] = Math.Min(start[j], start[j + 1] - 1);
        var freq = new int[n];
        for (int j = 0; j < n; j++) freq[j] = start[j + 1] - start[j];
        return freq;
    }
}
