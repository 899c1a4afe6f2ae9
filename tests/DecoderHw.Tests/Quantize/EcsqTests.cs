using DecoderHw.Quantize;

namespace DecoderHw.Tests.Quantize;

public sealed class EcsqTests
{
    private static readonly CoderSetting Coder = new(TableLog: 11, Lanes: 4);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    public void EcsqGrid_IsWithinOneGridStepOfUniform_AtEqualCodedRate_OnLaplaceWeights(int bits)
    {
        var weights = new SortedWeights(Laplace.Sample(50_000, scale: 0.05, seed: bits));
        var uniform = RdCandidates.Evaluate(weights, ScalarQuantizer.Uniform(bits, weights.MaxAbs), Coder);
        // Ecsq's candidates include the uniform points, so its choice is never worse by construction; what
        // can fail is its own grid (steps times zero bins). Without the uniform points, the grid's best at
        // no more rate must come within one grid step of uniform's error: steps are 2^(1/16) apart and the
        // error grows with the square of the step, so by at most 2^(2/16) (measured: 4% at 6 bits, 3% at 8;
        // below 5 bits the grid beats uniform, Ecsq_IsStrictlyBetterThanUniform_AtLowBits).
        var uniformQuantizers = RdCandidates.Uniform(weights, Coder).Select(p => p.Quantizer).ToHashSet();
        var grid = RdCandidates.Ecsq(weights, Coder).Where(p => !uniformQuantizers.Contains(p.Quantizer)).ToList();

        var best = BitAllocator.MostAccurateWithin(grid, uniform.RateBits)!;

        // 16 steps per octave is the resolution RdCandidates promises; a coarser grid must fail here.
        double oneStep = Math.Pow(2, 2.0 / 16);
        Assert.True(best.RateBits <= uniform.RateBits);
        Assert.True(best.ErrorEnergy <= oneStep * uniform.ErrorEnergy,
            $"grid's best {best.Quantizer}: error {best.ErrorEnergy} at {best.RateBits} bits; uniform {uniform.ErrorEnergy} at {uniform.RateBits}");
    }

    [Theory]
    [InlineData(2, 0.98)]
    [InlineData(3, 0.90)]
    [InlineData(4, 0.95)]
    public void Ecsq_IsStrictlyBetterThanUniform_AtLowBits(int bits, double maxRatio)
    {
        // Laplace weights have a long tail: max|w| sits far above the bulk, so uniform's step is set by an
        // outlier. ECSQ picks its step and zero bin for the bulk; measured at these seeds: 4% (2 bits),
        // 16% (3 bits) and 11% (4 bits) less squared error at no more rate.
        var weights = new SortedWeights(Laplace.Sample(50_000, scale: 0.05, seed: 100 + bits));
        var uniform = RdCandidates.Evaluate(weights, ScalarQuantizer.Uniform(bits, weights.MaxAbs), Coder);

        var ecsq = BitAllocator.MostAccurateWithin(RdCandidates.Ecsq(weights, Coder), uniform.RateBits)!;

        Assert.True(ecsq.ErrorEnergy <= maxRatio * uniform.ErrorEnergy, $"ecsq {ecsq.ErrorEnergy} vs uniform {uniform.ErrorEnergy}");
    }

    [Fact]
    public void Ecsq_ChoosesAWiderZeroBin_AtLowRate()
    {
        // Below 1 bit/weight the RD-optimal quantizer for a Laplace source has a dead zone wider than
        // rounding's (Sullivan 1996); the search should find that on its own.
        var weights = new SortedWeights(Laplace.Sample(50_000, scale: 1, seed: 7));
        var budget = 0.5 * weights.Count;

        var best = BitAllocator.MostAccurateWithin(RdCandidates.Ecsq(weights, Coder), budget)!;

        Assert.True(best.Quantizer.DeadZone > ScalarQuantizer.RoundingDeadZone);
    }

    [Fact]
    public void Ecsq_KeepsWithinBitsCap_WhenGivenMaxBits()
    {
        var weights = new SortedWeights(Laplace.Sample(10_000, scale: 1, seed: 3));

        Assert.All(RdCandidates.Ecsq(weights, Coder, maxBits: 3), p => Assert.InRange(p.Quantizer.Bits, 2, 3));
    }
}
