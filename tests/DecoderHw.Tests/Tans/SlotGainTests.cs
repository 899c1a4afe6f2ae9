using System.Numerics;
using DecoderHw.Tans;

namespace DecoderHw.Tests.Tans;

/// <summary>The normalizer's integer gains G(n) = floor(2^62 * log2((n+1)/n)) (docs/bitstream.md, "Tables").</summary>
public sealed class SlotGainTests
{
    [Fact]
    public void SlotGain_IsExactFloor_CheckedByPowers_ForSmallN()
    {
        // G = floor(2^62 log2 r)  <=>  2^G <= r^(2^62) < 2^(G+1); with 2^62 too large to raise to, check the
        // equivalent statement at 16 fractional bits on the top of G: r^(2^16) against 2^(G >> 46) and 2^((G >> 46) + 1).
        for (int n = 1; n <= 40; n++)
        {
            ulong g = SlotGain.Compute(n);
            ulong top = g >> 46;
            var power = BigInteger.Pow(n + 1, 1 << 16);
            var denominator = BigInteger.Pow(n, 1 << 16);
            Assert.True(denominator << (int)top <= power, $"n={n}: 2^{top} > r^(2^16)");
            Assert.True(power < denominator << (int)(top + 1), $"n={n}: r^(2^16) >= 2^{top + 1}");
        }
    }

    [Fact]
    public void SlotGain_AgreesWithDoubleLog2_AndFalls_ForEveryTableSize()
    {
        ulong previous = ulong.MaxValue;
        for (int n = 1; n <= 4096; n++)
        {
            ulong g = SlotGain.Of(n);
            double expected = Math.Log2((n + 1.0) / n) * Math.Pow(2, 62);
            Assert.True(Math.Abs(g - expected) <= expected * 1e-12, $"n={n}: {g} vs {expected}");
            Assert.True(g < previous, $"n={n}: not falling");
            previous = g;
        }
        Assert.Equal(1UL << 62, SlotGain.Of(1));
    }

    [Fact]
    public void Normalize_BreaksAnExactTie_TowardTheLowerSymbol()
    {
        // Three equal counts tie at every step: 32 slots split 11, 11, 10, the lower symbols first.
        Assert.Equal([11, 11, 10], Normalizer.Normalize([5, 5, 5], 5));
    }
}
