namespace DecoderHw.Quantize;

/// <summary>Zero-point scalar quantization with a dead zone, the one rule both <c>quantize</c> and <c>gen</c>
/// apply, so the levels a spec names are the levels the decoder streams.
/// <para>level(w) = sign(w) * min(MaxLevel, k(|w| / Step)), where k(x) = floor(x) + (frac(x) &gt;= DeadZone ? 1 : 0).</para>
/// Level k &gt;= 1 covers x in [k - 1 + DeadZone, k + DeadZone): every non-zero bin is one step wide and
/// the zero bin is 2 * DeadZone steps wide. DeadZone 0.5 is plain round-half-away-from-zero (the
/// <c>uniform</c> method); a wider zero bin with the reconstruction k * Step near the bin's lower edge
/// is the shape of the optimal entropy-constrained quantizer for Laplace-like weights (Sullivan 1996).
/// The fraction is taken as x - floor(x), which is exact in floating point, so the threshold
/// comparison has no rounding error of its own.</summary>
/// <param name="Bits">2..8: levels -MaxLevel..+MaxLevel with MaxLevel = 2^(bits-1) - 1.</param>
/// <param name="Step">Quantization step in the weights' units; the weight is reconstructed as level * Step.</param>
/// <param name="DeadZone">Half-width of the zero bin in steps, 0.5..1.</param>
public readonly record struct ScalarQuantizer(int Bits, double Step, double DeadZone = ScalarQuantizer.RoundingDeadZone)
{
    public const double RoundingDeadZone = 0.5;
    public const double MaxDeadZone = 1.0;
    public const int MinBits = 2;
    public const int MaxBits = 8;

    public int MaxLevel => MaxLevelOf(Bits);

    public static int MaxLevelOf(int bits) => (1 << (bits - 1)) - 1;

    public int SymbolCount => 2 * MaxLevel + 1;

    /// <summary>The parameters are usable (a message saying why not, or null).</summary>
    public string? Problem() =>
        Bits is < MinBits or > MaxBits ? $"bits must be {MinBits}..{MaxBits}, got {Bits}"
        : !(double.IsFinite(Step) && Step > 0) ? $"step must be a positive number, got {Step}"
        : !(DeadZone >= RoundingDeadZone && DeadZone <= MaxDeadZone) ? $"dead_zone must be {RoundingDeadZone}..{MaxDeadZone}, got {DeadZone}"
        : null;

    /// <summary>The <c>uniform</c> method's step: max|w| / ((L - 1) / 2) with L = 2^bits - 1 levels, so the
    /// largest weight lands exactly on the top level. An all-zero tensor gets step 1 (any step gives
    /// all zeros; the formula would divide by zero).</summary>
    public static ScalarQuantizer Uniform(int bits, double maxAbs)
    {
        return new ScalarQuantizer(bits, maxAbs > 0 ? maxAbs / MaxLevelOf(bits) : 1.0);
    }

    public int Level(double w)
    {
        int magnitude = Magnitude(Math.Abs(w));
        return w < 0 ? -magnitude : magnitude;
    }

    /// <summary>The level of a magnitude; monotone in <paramref name="abs"/>, which the sorted-weights
    /// evaluator relies on to find bin edges by binary search.</summary>
    public int Magnitude(double abs)
    {
        double x = abs / Step;
        if (x >= MaxLevel) return MaxLevel;
        double floor = Math.Floor(x);
        int k = (int)floor + (x - floor >= DeadZone ? 1 : 0);
        return Math.Min(k, MaxLevel);
    }

    public int[] Quantize(ReadOnlySpan<float> weights)
    {
        var levels = new int[weights.Length];
        for (int i = 0; i < levels.Length; i++) levels[i] = Level(weights[i]);
        return levels;
    }

    /// <summary>Occurrences of each symbol; symbol s is level s - MaxLevel.</summary>
    public long[] Counts(ReadOnlySpan<int> levels)
    {
        var counts = new long[SymbolCount];
        foreach (int level in levels) counts[level + MaxLevel]++;
        return counts;
    }
}
