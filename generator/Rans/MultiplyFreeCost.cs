namespace DecoderHw.Rans;

/// <summary>
/// Expected bits per symbol of the multiply-free rANS coder (state in [M, 2M)) for a table and an
/// i.i.d. source, from the stationary distribution of the encoder's state.
/// </summary>
/// <remarks>
/// With the state in [M, 2M) the coder is a tANS whose symbols occupy contiguous slot ranges, and its
/// cost is not log2(M / f) per symbol: encoding s shifts x into [f, 2f) and lands at M + c + x' - f, so
/// the states inside a range are not spread as 1/x and the order of the ranges matters. Encoding s
/// from x emits nbBits = TableLog - highbit(x') bits, so the expected cost is exact once the
/// distribution of x is: it is the fixed point of the chain, found by iterating (each step is O(M):
/// the x that shift to one x' form one interval, read from a prefix sum).
/// </remarks>
public sealed class MultiplyFreeCost
{
    private readonly int _tableLog;
    private readonly double[] _probability;
    private double[] _state;
    private readonly double[] _next;
    private readonly double[] _cdf;

    /// <param name="probability">Probability of each table entry, in slot order.</param>
    public MultiplyFreeCost(int tableLog, double[] probability)
    {
        _tableLog = tableLog;
        _probability = probability;
        int size = 1 << tableLog;
        _state = new double[size];
        _next = new double[size];
        _cdf = new double[size + 1];
        // Start from the 1/x law a well-spread table converges to.
        double total = 0;
        for (int i = 0; i < size; i++) total += _state[i] = 1.0 / (size + i);
        for (int i = 0; i < size; i++) _state[i] /= total;
    }

    /// <summary>Expected bits per symbol with these frequencies (slot order), after <paramref name="iterations"/>
    /// steps of the chain from the last distribution evaluated (a neighbour's is a good start).</summary>
    public double BitsPerSymbol(int[] freq, int iterations, bool keep)
    {
        int size = 1 << _tableLog;
        var state = (double[])_state.Clone();
        double bits = 0;
        for (int it = 0; it < iterations; it++)
        {
            _cdf[0] = 0;
            for (int i = 0; i < size; i++) _cdf[i + 1] = _cdf[i] + state[i];
            Array.Clear(_next);
            bits = 0;
            int cumul = 0;
            for (int j = 0; j < freq.Length; j++)
            {
                int f = freq[j];
                double p = _probability[j];
                for (int x = f; x < 2 * f; x++)
                {
                    int nbBits = _tableLog - Tans.TableBuilder.HighBit(x);
                    double mass = _cdf[((x + 1) << nbBits) - size] - _cdf[(x << nbBits) - size];
                    _next[cumul + x - f] += p * mass;
                    bits += p * mass * nbBits;
                }
                cumul += f;
            }
            Array.Copy(_next, state, size);
        }
        if (keep) _state = state;
        return bits;
    }
}
