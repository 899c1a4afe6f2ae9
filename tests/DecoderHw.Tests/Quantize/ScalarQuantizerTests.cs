using CsCheck;
using DecoderHw.Quantize;

namespace DecoderHw.Tests.Quantize;

// DecoderHw.Gen (the gen pipeline) would otherwise hide CsCheck's Gen inside DecoderHw.* namespaces.
using Gen = CsCheck.Gen;

public sealed class ScalarQuantizerTests
{
    [Fact]
    public void Uniform_MatchesHandComputedLevels_WhenBits4()
    {
        // L = 15 levels, MaxLevel = (L - 1) / 2 = 7; max|w| = 1.75 so step = 1.75 / 7 = 0.25 (exact in binary).
        float[] w = [0.125f, -0.125f, 0.375f, 0.1f, -1.75f, 1.75f, 0.3125f, -0.625f, 0f];
        //  w / step:  0.5     -0.5     1.5     0.4   -7      7      1.25     -2.5     0
        var q = ScalarQuantizer.Uniform(4, 1.75);

        Assert.Equal(0.25, q.Step);
        Assert.Equal(7, q.MaxLevel);
        // Round half away from zero: 0.5 -> 1, -0.5 -> -1, 1.5 -> 2, -2.5 -> -3.
        Assert.Equal([1, -1, 2, 0, -7, 7, 1, -3, 0], q.Quantize(w));
    }

    [Fact]
    public void Uniform_MatchesHandComputedLevels_WhenBits2()
    {
        // L = 3 levels {-1, 0, 1}; step = max|w| = 0.8; the zero bin is |w| < 0.4.
        var q = ScalarQuantizer.Uniform(2, 0.8);

        Assert.Equal([0, 1, -1, 1, -1], q.Quantize([0.39f, 0.4f, -0.4f, 0.8f, -0.8f]));
    }

    [Fact]
    public void ScalarQuantizer_ClipsToMaxLevel_WhenWeightExceedsRange()
    {
        var q = new ScalarQuantizer(3, 0.5);

        Assert.Equal([3, -3, 3], q.Quantize([100f, -2f, 1.5f]));
    }

    [Fact]
    public void ScalarQuantizer_WidensOnlyTheZeroBin_WhenDeadZoneIs075()
    {
        var q = new ScalarQuantizer(3, 0.25, 0.75);
        // x = w / 0.25:   0.6    0.75     1.6   1.75     -0.74    -0.76
        Assert.Equal([0, 1, 1, 2, 0, -1], q.Quantize([0.15f, 0.1875f, 0.4f, 0.4375f, -0.185f, -0.19f]));
    }

    [Fact]
    public void ScalarQuantizer_TruncatesTowardZero_WhenDeadZoneIs1()
    {
        var q = new ScalarQuantizer(4, 1, 1.0);

        Assert.Equal([0, 1, 2, -2, 7], q.Quantize([0.99f, 1f, 2.9f, -2.9f, 7.5f]));
    }

    [Fact]
    public void ScalarQuantizer_KeepsOneStepBins_WhenDeadZoneIsWiderThanOneStep()
    {
        // dead_zone 1.5 (the spec allows any >= 0.5): zero below 1.5 steps, level k on [k + 0.5, k + 1.5).
        var q = new ScalarQuantizer(4, 1, 1.5);

        Assert.Equal([0, 1, 1, 2, -2, 7], q.Quantize([1.49f, 1.5f, 2.49f, 2.5f, -3.2f, 100f]));
    }

    [Fact]
    public void Uniform_GivesStep1AndZeros_WhenTensorIsAllZero()
    {
        var q = ScalarQuantizer.Uniform(4, 0);

        Assert.Equal(1, q.Step);
        Assert.Equal([0, 0], q.Quantize([0f, -0f]));
    }

    [Theory]
    [InlineData(1, 1.0, 0.5, "bits")]
    [InlineData(9, 1.0, 0.5, "bits")]
    [InlineData(4, 0.0, 0.5, "step")]
    [InlineData(4, double.NaN, 0.5, "step")]
    [InlineData(4, 1.0, 0.4, "dead_zone")]
    [InlineData(4, 1.0, double.PositiveInfinity, "dead_zone")]
    public void ScalarQuantizer_ReportsProblem_WhenParameterIsOutOfRange(int bits, double step, double deadZone, string field)
    {
        Assert.Contains(field, new ScalarQuantizer(bits, step, deadZone).Problem());
    }

    [Fact]
    public void ScalarQuantizer_EqualsMathRoundAwayFromZero_WhenDeadZoneIsHalf()
    {
        Gen.Select(Gen.Float[-1000f, 1000f], Gen.Double[1e-3, 10]).Sample((w, step) =>
        {
            var q = new ScalarQuantizer(8, step);
            int expected = (int)Math.Clamp(Math.Round(w / step, MidpointRounding.AwayFromZero), -127, 127);
            return q.Level(w) == expected;
        });
    }

    [Fact]
    public void ScalarQuantizer_IsMonotoneAndOddSymmetric()
    {
        Gen.Select(Gen.Float[0f, 50f], Gen.Float[0f, 50f], Gen.Double[1e-2, 5], Gen.Double[0.5, 2.0], Gen.Int[2, 8]).Sample((a, b, step, dz, bits) =>
        {
            var q = new ScalarQuantizer(bits, step, dz);
            var (lo, hi) = a <= b ? (a, b) : (b, a);
            return q.Level(lo) <= q.Level(hi) && q.Level(-hi) == -q.Level(hi);
        });
    }
}
