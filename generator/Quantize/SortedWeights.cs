namespace DecoderHw.Quantize;

/// <summary>A layer's weights prepared for trying many quantizers quickly: magnitudes of each sign,
/// sorted, with prefix sums of m and m^2. Because a quantizer's level is monotone in the magnitude,
/// each level's bin is a run of the sorted array found by binary search, and its squared error
/// sum (m - k*step)^2 = S2 - 2 k step S1 + n (k step)^2 follows from the prefix sums: a candidate
/// costs O(levels * log n) instead of O(n). The bins are found with the quantizer's own rule, so
/// the counts are exact; the error is exact up to floating-point summation order.</summary>
public sealed class SortedWeights
{
    private readonly Side _positive;
    private readonly Side _negative;

    public SortedWeights(ReadOnlySpan<float> weights)
    {
        var positive = new List<double>();
        var negative = new List<double>();
        foreach (float w in weights) (w < 0 ? negative : positive).Add(Math.Abs((double)w));
        _positive = new Side(positive);
        _negative = new Side(negative);
        Count = weights.Length;
        MaxAbs = Math.Max(_positive.Max, _negative.Max);
        SignalEnergy = _positive.TotalSquares + _negative.TotalSquares;
    }

    public int Count { get; }

    public double MaxAbs { get; }

    public double SignalEnergy { get; }

    public double Rms => Count == 0 ? 0 : Math.Sqrt(SignalEnergy / Count);

    /// <summary>Symbol counts (symbol s is level s - MaxLevel) and the squared error of <paramref name="q"/>.</summary>
    public (long[] Counts, double ErrorEnergy) Evaluate(ScalarQuantizer q)
    {
        var counts = new long[q.SymbolCount];
        double error = _positive.Evaluate(q, counts, sign: +1) + _negative.Evaluate(q, counts, sign: -1);
        return (counts, error);
    }

    /// <summary>The largest level magnitude <paramref name="q"/> produces (before its own clipping).</summary>
    public int TopLevel(ScalarQuantizer q) => q.Magnitude(MaxAbs);

    private sealed class Side
    {
        private readonly double[] _sorted;
        private readonly double[] _sum;
        private readonly double[] _squares;

        public Side(List<double> magnitudes)
        {
            _sorted = magnitudes.ToArray();
            Array.Sort(_sorted);
            _sum = new double[_sorted.Length + 1];
            _squares = new double[_sorted.Length + 1];
            for (int i = 0; i < _sorted.Length; i++)
            {
                _sum[i + 1] = _sum[i] + _sorted[i];
                _squares[i + 1] = _squares[i] + _sorted[i] * _sorted[i];
            }
        }

        public double Max => _sorted.Length == 0 ? 0 : _sorted[^1];

        public double TotalSquares => _squares[^1];

        public double Evaluate(ScalarQuantizer q, long[] counts, int sign)
        {
            int n = _sorted.Length;
            double error = 0;
            int begin = 0;
            for (int k = 0; k <= q.MaxLevel && begin < n; k++)
            {
                int end = k == q.MaxLevel ? n : FirstAtLeast(q, k + 1, begin);
                if (end > begin)
                {
                    counts[q.MaxLevel + sign * k] += end - begin;
                    double r = k * q.Step;
                    double s1 = _sum[end] - _sum[begin], s2 = _squares[end] - _squares[begin];
                    error += Math.Max(0, s2 - 2 * r * s1 + (end - begin) * r * r);
                }
                begin = end;
            }
            return error;
        }

        /// <summary>First index at or after <paramref name="from"/> whose level is at least <paramref name="level"/>.</summary>
        private int FirstAtLeast(ScalarQuantizer q, int level, int from)
        {
            int lo = from, hi = _sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (q.Magnitude(_sorted[mid]) >= level) hi = mid;
                else lo = mid + 1;
            }
            return lo;
        }
    }
}
