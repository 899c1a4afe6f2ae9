namespace DecoderHw.Tests.Codec;

/// <summary>Random levels for codec round trips: <paramref name="present"/> of the 2^(bits-1)-1 symmetric
/// levels, drawn with geometric weights exp(-skew * rank) (skew 0 is uniform; 4 is nearly one symbol).</summary>
internal static class SkewedLevels
{
    public static int[] Make(int bits, int present, int length, double skew, int seed)
    {
        int maxLevel = (1 << (bits - 1)) - 1;
        var rng = new Random(seed);
        var symbols = Enumerable.Range(-maxLevel, 2 * maxLevel + 1).OrderBy(_ => rng.Next()).Take(present).ToArray();
        var weights = symbols.Select((_, i) => Math.Exp(-skew * i)).ToArray();
        double total = weights.Sum();
        var levels = new int[length];
        for (int i = 0; i < length; i++)
        {
            double u = rng.NextDouble() * total;
            int s = 0;
            while (s < symbols.Length - 1 && (u -= weights[s]) > 0) s++;
            levels[i] = symbols[s];
        }
        return levels;
    }
}
