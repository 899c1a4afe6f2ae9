namespace DecoderHw.Quantize;

/// <summary>Zero-point scalar quantization with a dead zone, the one rule both <c>quantize</c> and <c>gen</c>
/// apply, so the levels a spec names are the levels the decoder streams.
/// <para>level(w) = sign(w) * min(MaxLevel, k(|w| / Step)): k(x) = 0 for x &lt; DeadZone, and level k &gt;= 1
/// covers x in [k - 1 + DeadZone, k + DeadZone).</para>
/// Every non-zero bin is one step wide and the zero bin is 2 * DeadZone steps wide. DeadZone 0.5 is plain
/// round-half-away-from-zero (the <c>uniform</c> method); a wider zero bin, with the reconstruction
/// k * Step near its bin's lower edge, is the shape of the optimal entropy-constrained quantizer for
/// Laplace-like weights (Sullivan 1996). For DeadZone &lt;= 1, k(x) = floor(x) + (x - floor(x) &gt;= DeadZone),
/// whose fraction is exact in floating point, so rounding (0.5) has no error of its own; wider zero
/// bins (allowed by the spec, not chosen by the search) use floor(x - DeadZone) + 1.</summary>
public readonly record struct ScalarQuantizer(int Bits, double Step, double DeadZone = ScalarQuantizer.RoundingDeadZone)
{
    public const double RoundingDeadZone = 0.5;
    /// <summary>The widest zero bin the <c>ecsq</c> search tries: beyond one step, level k's reconstruction
    /// k * Step falls below its own bin.</summary>
    public const double MaxSearchedDeadZone = 1.0;
    public const int MinBits = 2;
    public const int MaxBits = 8;

    public int MaxLevel => MaxLevelOf(Bits);

    public static int MaxLevelOf(int bits) => (1 << (bits - 1)) - 1;

    public int SymbolCount => 2 * MaxLevel + 1;

    /// <summary>The parameters are usable (a message saying why not, or null).</summary>
    public string? Problem() =>
        Bits is < MinBits or > MaxBits ? $"bits must be {MinBits}..{MaxBits}, got {Bits}"
        : !(double.IsFinite(Step) && Step > 0) ? $"step must be a positive number, got {Step}"
        : !(double.IsFinite(DeadZone) && DeadZone >= RoundingDeadZone) ? $"dead_zone must be a finite number >= {RoundingDeadZone}, got {DeadZone}"
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
        if (x < DeadZone) return 0;
        // Far beyond the top level (also keeps the int conversion below in range); the exact threshold
        // is left to the formula so the clip point follows the same rounding as every other bin.
        if (x >= MaxLevel + DeadZone) return MaxLevel;
        int k;
        if (DeadZone <= MaxSearchedDeadZone)
        {
            double floor = Math.Floor(x);
            k = (int)floor + (x - floor >= DeadZone ? 1 : 0);
        }
        else k = (int)Math.Floor(x - DeadZone) + 1;
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
