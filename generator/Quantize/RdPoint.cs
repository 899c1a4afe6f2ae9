namespace DecoderHw.Quantize;

/// <summary>How the layer will be coded, which is what its rate depends on.</summary>
public sealed record CoderSetting(int TableLog, int Lanes);

/// <summary>One way to quantize a layer: its estimated coded rate (tANS, header included) and squared error.</summary>
public sealed record RdPoint(ScalarQuantizer Quantizer, double RateBits, double ErrorEnergy, int PresentSymbols);

/// <summary>The candidate quantizers of each method, evaluated on one layer.</summary>
public static class RdCandidates
{
    /// <summary>Steps tried by <c>ecsq</c> per octave; 16 puts neighbours 4.4% apart, finer than the
    /// rate differences the allocator needs to land within 2% of a target.</summary>
    public const int StepsPerOctave = 16;

    /// <summary>Zero-bin half-widths tried by <c>ecsq</c>, in steps.</summary>
    public static IReadOnlyList<double> DeadZones { get; } = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0];

    /// <summary><c>uniform</c>: one point per bit width, the step fixed by max|w|.</summary>
    public static IReadOnlyList<RdPoint> Uniform(SortedWeights weights, CoderSetting coder, int maxBits = ScalarQuantizer.MaxBits)
    {
        var points = new List<RdPoint>();
        for (int bits = ScalarQuantizer.MinBits; bits <= maxBits; bits++)
            points.Add(Evaluate(weights, ScalarQuantizer.Uniform(bits, weights.MaxAbs), coder));
        return points;
    }

    /// <summary><c>ecsq</c>: a grid of steps (from the 8-bit uniform step up to where every weight
    /// falls in the zero bin) times zero-bin widths, each with the fewest bits (at most
    /// <paramref name="maxBits"/>, clipping beyond) that hold its levels, plus the uniform points, so
    /// ecsq is never worse than uniform.</summary>
    public static IReadOnlyList<RdPoint> Ecsq(SortedWeights weights, CoderSetting coder, int maxBits = ScalarQuantizer.MaxBits,
        CancellationToken cancel = default)
    {
        // The uniform and MSE points too, so ecsq is never worse than either at the same bits.
        var points = new List<RdPoint>(Uniform(weights, coder, maxBits));
        if (weights.MaxAbs == 0) return points;
        points.AddRange(Mse(weights, coder, maxBits));

        double finest = weights.MaxAbs / ScalarQuantizer.MaxLevelOf(ScalarQuantizer.MaxBits);
        double coarsest = 2 * weights.MaxAbs;
        int steps = (int)Math.Ceiling(Math.Log2(coarsest / finest) * StepsPerOctave);
        // One big layer would otherwise keep a single core busy while the others wait; each step's
        // points land in their own slot, so the order (and the result) does not depend on scheduling.
        var perStep = new List<RdPoint>[steps + 1];
        Parallel.For(0, steps + 1, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            double step = finest * Math.Pow(2, (double)i / StepsPerOctave);
            perStep[i] = [];
            foreach (double deadZone in DeadZones)
            {
                var widest = new ScalarQuantizer(maxBits, step, deadZone);
                var q = widest with { Bits = Math.Min(maxBits, BitsFor(weights.TopLevel(widest))) };
                perStep[i].Add(Evaluate(weights, q, coder));
            }
        });
        foreach (var stepPoints in perStep) points.AddRange(stepPoints);
        return points;
    }

    /// <summary><c>mse</c>: per bit width, the step of least squared error (round to nearest): steps from
    /// the uniform one (max|w| / MaxLevel) down to 1/256 of it at <see cref="MseStepsPerOctave"/> per
    /// octave. For heavy-tailed weights (max/RMS 10-20) this clips the few largest weights instead of
    /// rounding nearly all the others to zero.</summary>
    public static IReadOnlyList<RdPoint> Mse(SortedWeights weights, CoderSetting coder, int maxBits = ScalarQuantizer.MaxBits)
    {
        var points = new List<RdPoint>();
        for (int bits = ScalarQuantizer.MinBits; bits <= maxBits; bits++)
            points.Add(Evaluate(weights, MseOptimal(weights, bits), coder));
        return points;
    }

    public const int MseStepsPerOctave = 32;

    /// <summary>The least-squared-error step of <paramref name="bits"/> (dead zone 0.5) on the grid.</summary>
    public static ScalarQuantizer MseOptimal(SortedWeights weights, int bits)
    {
        var best = ScalarQuantizer.Uniform(bits, weights.MaxAbs);
        if (weights.MaxAbs == 0) return best;
        double bestError = weights.Evaluate(best).ErrorEnergy;
        for (int i = 1; i <= 8 * MseStepsPerOctave; i++)
        {
            var q = best with { Step = ScalarQuantizer.Uniform(bits, weights.MaxAbs).Step * Math.Pow(2, -(double)i / MseStepsPerOctave) };
            double error = weights.Evaluate(q).ErrorEnergy;
            if (error < bestError) (best, bestError) = (q, error);
        }
        return best;
    }

    /// <summary>The fewest bits whose levels reach <paramref name="topLevel"/>.</summary>
    public static int BitsFor(int topLevel)
    {
        int bits = ScalarQuantizer.MinBits;
        while (bits < ScalarQuantizer.MaxBits && ScalarQuantizer.MaxLevelOf(bits) < topLevel) bits++;
        return bits;
    }

    public static RdPoint Evaluate(SortedWeights weights, ScalarQuantizer q, CoderSetting coder)
    {
        var (counts, error) = weights.Evaluate(q);
        return new RdPoint(q, TansRateEstimate.CodedBits(counts, coder.TableLog, coder.Lanes), error, TansRateEstimate.PresentSymbols(counts));
    }
}
