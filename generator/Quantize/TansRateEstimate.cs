using DecoderHw.Model;

namespace DecoderHw.Quantize;

/// <summary>Bits a tANS stream spends on a layer, estimated without building tables: the lanes' initial
/// states (lanes * table_log header bits) plus the cost of each symbol under its normalized count,
/// sum_s n_s * log2(TableSize / NormalizedCounter[s]). A real FSE-style stream sits a fraction of a
/// percent above this (the spread is not perfectly even); the search uses this, the report the real
/// encoder's size. The table_log is the one gen will use (<see cref="ModelResolver.EffectiveTableLog"/>):
/// 0 for a layer with one present symbol, which costs nothing (the decoder emits it without reading
/// bits), and raised when the symbols outnumber the slots.</summary>
public static class TansRateEstimate
{
    public static long HeaderBits(long[] counts, int tableLog, int lanes, long weights) =>
        Math.Min(lanes, weights) * ModelResolver.EffectiveTableLog(counts, tableLog);

    public static double PayloadBits(long[] counts, int requestedTableLog)
    {
        int tableLog = ModelResolver.EffectiveTableLog(counts, requestedTableLog);
        if (tableLog == 0) return 0;
        var normalized = NormalizeForRate(counts, tableLog);
        double bits = 0;
        for (int s = 0; s < counts.Length; s++)
            if (counts[s] > 0) bits += counts[s] * (tableLog - Math.Log2(normalized[s]));
        return bits;
    }

    public static double CodedBits(long[] counts, int tableLog, int lanes)
    {
        long weights = counts.Sum();
        return HeaderBits(counts, tableLog, lanes, weights) + PayloadBits(counts, tableLog);
    }

    public static int PresentSymbols(long[] counts) => counts.Count(c => c > 0);

    /// <summary>The normalized counter that minimizes sum n_s * log2(1 / c_s) subject to sum c_s = 2^tableLog
    /// and c_s &gt;= 1 for present symbols: the same optimum as <see cref="Tans.Normalizer"/> (a test checks
    /// they cost the same), reached faster. The cost is separable and convex in each c_s, so moving one
    /// slot at a time from the symbol that loses least to the one that gains most, until no move pays,
    /// reaches the optimum; starting from proportional rounding keeps the moves to a handful, where
    /// Normalizer hands out all 2^tableLog slots one by one, too slow for the ~1,500 candidates per layer
    /// the ecsq search tries.</summary>
    public static int[] NormalizeForRate(long[] counts, int tableLog)
    {
        int size = 1 << tableLog;
        long total = counts.Sum();
        int present = PresentSymbols(counts);
        if (present > size) throw new ArgumentException($"{present} symbols do not fit a table of {size} slots");

        var c = new int[counts.Length];
        long sum = 0;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] == 0) continue;
            c[s] = (int)Math.Max(1, counts[s] * size / total);
            sum += c[s];
        }

        var adjust = new SlotExchange(counts, c);
        for (; sum < size; sum++) adjust.AddSlot(adjust.BestGain());
        for (; sum > size; sum--) adjust.RemoveSlot(adjust.LeastLoss(except: -1));
        while (true)
        {
            int to = adjust.BestGain();
            int from = adjust.LeastLoss(except: to);
            if (from < 0 || !(adjust.Gain(to) > adjust.Loss(from) * (1 + 1e-12))) return c;
            adjust.AddSlot(to);
            adjust.RemoveSlot(from);
        }
    }

    /// <summary>Two heaps over the present symbols: the bits saved by giving a symbol one more slot, and
    /// the bits lost by taking one away. Entries go stale when a count changes and are skipped lazily.</summary>
    private sealed class SlotExchange
    {
        private readonly long[] _counts;
        private readonly int[] _c;
        private readonly int[] _version;
        private readonly PriorityQueue<(int Symbol, int Version), double> _gains = new();
        private readonly PriorityQueue<(int Symbol, int Version), double> _losses = new();

        public SlotExchange(long[] counts, int[] c)
        {
            _counts = counts;
            _c = c;
            _version = new int[counts.Length];
            for (int s = 0; s < counts.Length; s++)
                if (counts[s] > 0) Push(s);
        }

        public double Gain(int s) => _counts[s] * Math.Log2((_c[s] + 1.0) / _c[s]);

        public double Loss(int s) => _c[s] > 1 ? _counts[s] * Math.Log2(_c[s] / (_c[s] - 1.0)) : double.PositiveInfinity;

        public void AddSlot(int s) => Change(s, +1);

        public void RemoveSlot(int s) => Change(s, -1);

        public int BestGain()
        {
            while (_gains.TryPeek(out var top, out _) && top.Version != _version[top.Symbol]) _gains.Dequeue();
            return _gains.Peek().Symbol;
        }

        /// <summary>The symbol that loses least by giving up a slot, other than <paramref name="except"/>; -1 if none can.</summary>
        public int LeastLoss(int except)
        {
            (int Symbol, int Version) skipped = (-1, 0);
            double skippedPriority = 0;
            int found = -1;
            while (_losses.TryPeek(out var top, out double priority))
            {
                if (top.Version != _version[top.Symbol]) { _losses.Dequeue(); continue; }
                if (top.Symbol == except && skipped.Symbol < 0)
                {
                    skipped = _losses.Dequeue();
                    skippedPriority = priority;
                    continue;
                }
                found = double.IsPositiveInfinity(priority) ? -1 : top.Symbol;
                break;
            }
            if (skipped.Symbol >= 0) _losses.Enqueue(skipped, skippedPriority);
            return found;
        }

        private void Change(int s, int delta)
        {
            _c[s] += delta;
            _version[s]++;
            Push(s);
        }

        private void Push(int s)
        {
            _gains.Enqueue((s, _version[s]), -Gain(s));
            _losses.Enqueue((s, _version[s]), Loss(s));
        }
    }
}
