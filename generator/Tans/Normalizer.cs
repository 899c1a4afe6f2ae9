namespace DecoderHw.Tans;

/// <summary>
/// Scales symbol counts to a NormalizedCounter summing to 2^tableLog with every present symbol at
/// least 1, minimizing the ideal coded size sum_s c_s * log2(L / n_s).
/// </summary>
/// <remarks>
/// The objective is separable and each term's gain from one more slot, c_s * log2((n+1)/n), falls as n
/// grows, so handing out slots one at a time to the largest marginal gain (starting from 1 each) is
/// exactly optimal. Naive rounding of c_s * L / total followed by fixing the largest symbol is not:
/// it over-serves rare symbols and can cost several tenths of a percent at small table sizes
/// (measured in BENCHMARKS.md).
/// </remarks>
public static class Normalizer
{
    public static int[] Normalize(IReadOnlyList<long> counts, int tableLog)
    {
        int tableSize = 1 << tableLog;
        int present = counts.Count(c => c > 0);
        if (present == 0) throw new ArgumentException("no symbol is present", nameof(counts));
        if (present > tableSize)
            throw new ArgumentException($"{present} present symbols do not fit a table of {tableSize} slots", nameof(tableLog));

        var normalized = new int[counts.Count];
        var queue = new PriorityQueue<int, (double Gain, int Symbol)>(present, GainOrder.Instance);
        for (int s = 0; s < counts.Count; s++)
        {
            if (counts[s] <= 0) continue;
            normalized[s] = 1;
            queue.Enqueue(s, (MarginalGain(counts[s], 1), s));
        }

        for (int remaining = tableSize - present; remaining > 0; remaining--)
        {
            int s = queue.Dequeue();
            normalized[s]++;
            queue.Enqueue(s, (MarginalGain(counts[s], normalized[s]), s));
        }
        return normalized;
    }

    /// <summary>The rounding most implementations start from: round(c * L / total), at least 1,
    /// with the error dumped on the most frequent symbol. Kept to measure what Normalize buys.</summary>
    public static int[] NormalizeByRounding(IReadOnlyList<long> counts, int tableLog)
    {
        int tableSize = 1 << tableLog;
        long total = counts.Sum();
        var normalized = new int[counts.Count];
        int largest = 0;
        for (int s = 0; s < counts.Count; s++)
        {
            if (counts[s] <= 0) continue;
            normalized[s] = (int)Math.Max(1, Math.Round((double)counts[s] * tableSize / total));
            if (counts[s] > counts[largest]) largest = s;
        }
        normalized[largest] += tableSize - normalized.Sum();
        if (normalized[largest] < 1) throw new InvalidOperationException("rounding left the largest symbol without a slot");
        return normalized;
    }

    /// <summary>Ideal coded bits of the counts under a normalized table: sum c_s * log2(L / n_s).</summary>
    public static double IdealBits(IReadOnlyList<long> counts, IReadOnlyList<int> normalized, int tableLog)
    {
        double bits = 0;
        for (int s = 0; s < counts.Count; s++)
            if (counts[s] > 0) bits += counts[s] * (tableLog - Math.Log2(normalized[s]));
        return bits;
    }

    private static double MarginalGain(long count, int slots) => count * Math.Log2((slots + 1.0) / slots);

    /// <summary>Largest gain first; ties go to the lower symbol so the result never depends on queue internals.</summary>
    private sealed class GainOrder : IComparer<(double Gain, int Symbol)>
    {
        public static readonly GainOrder Instance = new();

        public int Compare((double Gain, int Symbol) x, (double Gain, int Symbol) y)
        {
            int byGain = y.Gain.CompareTo(x.Gain);
            return byGain != 0 ? byGain : x.Symbol.CompareTo(y.Symbol);
        }
    }
}
