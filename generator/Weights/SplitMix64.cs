namespace DecoderHw.Weights;

/// <summary>SplitMix64: a tiny, fully specified generator, so a seed draws the same weights on every
/// machine and .NET version (System.Random's algorithm is not a contract).</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1): 53 random bits, never exactly 0, so logarithms are safe.</summary>
    public double NextOpenUnit() => ((Next() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound) by multiply-shift (bias below 2^-64 * bound).</summary>
    public ulong NextBelow(ulong bound) => (ulong)(((UInt128)Next() * bound) >> 64);
}
