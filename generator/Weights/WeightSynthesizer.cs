using DecoderHw.Spec;

namespace DecoderHw.Weights;

/// <summary>Draws a layer's synthetic weights (levels) from its spec'd statistics, deterministically from the seed.</summary>
public static class WeightSynthesizer
{
    public static int[] FromFrequencies(FrequencySource source, int maxLevel)
    {
        var cumulative = new long[source.Frequencies.Count];
        long total = 0;
        for (int s = 0; s < cumulative.Length; s++) cumulative[s] = total += source.Frequencies[s];
        var rng = new SplitMix64(source.Seed);
        var levels = new int[source.Count];
        for (int i = 0; i < levels.Length; i++)
        {
            long draw = (long)rng.NextBelow((ulong)total);
            levels[i] = FirstAbove(cumulative, draw) - maxLevel;
        }
        return levels;
    }

    /// <summary>The first symbol whose cumulative count exceeds the draw. Zero-count symbols repeat a
    /// cumulative value, so a plain binary search could land on one of them; this never does.</summary>
    private static int FirstAbove(long[] cumulative, long draw)
    {
        int low = 0, high = cumulative.Length - 1;
        while (low < high)
        {
            int mid = (low + high) >> 1;
            if (cumulative[mid] > draw) high = mid;
            else low = mid + 1;
        }
        return low;
    }

    public static int[] FromDistribution(DistributionSource source, int maxLevel)
    {
        var rng = new SplitMix64(source.Seed);
        var levels = new int[source.Count];
        for (int i = 0; i < levels.Length; i++)
        {
            double x = source.Kind switch
            {
                DistributionKind.Laplace => Laplace(ref rng, source.Scale),
                DistributionKind.Gaussian => Gaussian(ref rng, source.Scale),
                _ => throw new ArgumentOutOfRangeException(nameof(source)),
            };
            levels[i] = QuantizeToLevel(x, maxLevel);
        }
        return levels;
    }

    /// <summary>Round half away from zero, then clip: zero-point quantization with a step of 1.</summary>
    public static int QuantizeToLevel(double x, int maxLevel)
    {
        double rounded = Math.Round(x, MidpointRounding.AwayFromZero);
        return (int)Math.Clamp(rounded, -maxLevel, maxLevel);
    }

    private static double Laplace(ref SplitMix64 rng, double scale)
    {
        double u = rng.NextOpenUnit() - 0.5;
        return -scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    /// <summary>Box-Muller, one draw per call (the second is dropped to keep one draw per weight simple).</summary>
    private static double Gaussian(ref SplitMix64 rng, double sigma)
    {
        double u1 = rng.NextOpenUnit(), u2 = rng.NextOpenUnit();
        return sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
