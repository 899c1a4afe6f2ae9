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
/// The gains are compared as integers, count_s * G(n_s) with G(n) = floor(2^62 * log2((n+1)/n)) computed
/// exactly (<see cref="SlotGain"/>), so every runtime and CPU picks the same table; comparing doubles
/// could flip at a near-tie. docs/bitstream.md states the rule.
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
        var queue = new PriorityQueue<int, (UInt128 Gain, int Symbol)>(present, GainOrder.Instance);
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

    /// <summary>count * G(slots): below 2^40 * 2^62, exact in 128 bits (counts are at most 10^12, SpecLimits).</summary>
    private static UInt128 MarginalGain(long count, int slots) => (UInt128)(ulong)count * SlotGain.Of(slots);

    /// <summary>Largest gain first; ties go to the lower symbol so the result never depends on queue internals.</summary>
    private sealed class GainOrder : IComparer<(UInt128 Gain, int Symbol)>
    {
        public static readonly GainOrder Instance = new();

        public int Compare((UInt128 Gain, int Symbol) x, (UInt128 Gain, int Symbol) y)
        {
            int byGain = y.Gain.CompareTo(x.Gain);
            return byGain != 0 ? byGain : x.Symbol.CompareTo(y.Symbol);
        }
    }
}

/// <summary>
/// G(n) = floor(2^62 * log2((n+1)/n)) for n = 1 .. 2^MaxTableLog, exact. log2 of a ratio is taken bit by
/// bit (square; a result of 2 or more gives a 1 bit and is halved) on a lower and an upper fixed-point
/// bound of the ratio at once; the bits are kept only if both bounds give the same ones, else the
/// precision doubles. For n >= 2 the value is irrational, so the floor is never on a boundary and the
/// two bounds always agree at some precision.
/// </summary>
public static class SlotGain
{
    public const int FractionBits = 62;
    private static readonly Lazy<ulong[]> Table = new(() => Enumerable.Range(0, (1 << Spec.DecoderSpec.MaxTableLog) + 1)
        .Select(n => n == 0 ? 0UL : Compute(n)).ToArray());

    public static ulong Of(int n) => Table.Value[n];

    public static ulong Compute(int n)
    {
        if (n == 1) return 1UL << FractionBits;   // log2(2) = 1 exactly
        for (int precision = 128; ; precision *= 2)
            if (TryBits(n, precision) is { } bits) return bits;
    }

    private static ulong? TryBits(int n, int precision)
    {
        var one = System.Numerics.BigInteger.One << precision;
        var two = one << 1;
        var low = ((System.Numerics.BigInteger)(n + 1) << precision) / n;          // floor
        var high = (((System.Numerics.BigInteger)(n + 1) << precision) + n - 1) / n; // ceiling
        ulong bits = 0;
        for (int i = 0; i < FractionBits; i++)
        {
            low = (low * low) >> precision;
            high = ((high * high) + one - 1) >> precision;
            bool lowBit = low >= two, highBit = high >= two;
            if (lowBit != highBit) return null;
            bits = (bits << 1) | (lowBit ? 1UL : 0UL);
            if (lowBit)
            {
                low >>= 1;
                high = (high + 1) >> 1;
            }
        }
        return bits;
    }
}
