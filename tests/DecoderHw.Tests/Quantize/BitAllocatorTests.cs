using DecoderHw.Quantize;

namespace DecoderHw.Tests.Quantize;

public sealed class BitAllocatorTests
{
    private static RdPoint P(double rate, double error) => new(new ScalarQuantizer(8, rate + 1), rate, error, 2);

    [Fact]
    public void LowerHull_DropsPointsAboveTheChord()
    {
        // (10, 45) lies above the chord from (0, 50) to (20, 10): a Lagrangian cost never picks it.
        var hull = BitAllocator.LowerHull([P(0, 50), P(10, 45), P(20, 10), P(25, 12)]);

        Assert.Equal([(0.0, 50.0), (20.0, 10.0)], hull.Select(p => (p.RateBits, p.ErrorEnergy)));
    }

    [Fact]
    public void ForBudget_BuysSteepestSegmentsFirst_HandWorkedExample()
    {
        // Layer A: hull slopes 6 and 1 error/bit. Layer B: one hull segment of 2 error/bit costing 20 bits.
        // Budget 20: A's first segment (6/bit, 10 bits); B's segment no longer fits; A's second does.
        // Result A = (20, 30), B = (0, 50): error 80, the optimum (the other splits give 85 and 110).
        IReadOnlyList<RdPoint> a = [P(0, 100), P(10, 40), P(20, 30)], b = [P(0, 50), P(10, 45), P(20, 10)];

        var chosen = BitAllocator.ForBudget([a, b], budgetBits: 20)!;

        Assert.Equal((20.0, 30.0), (chosen[0].RateBits, chosen[0].ErrorEnergy));
        Assert.Equal((0.0, 50.0), (chosen[1].RateBits, chosen[1].ErrorEnergy));
    }

    [Fact]
    public void ForBudget_SpendsLeftoverOnNonHullPoints()
    {
        // The hull jumps from 0 to 20 bits; with a budget of 12 only the off-hull point (10, 45) fits.
        IReadOnlyList<RdPoint> b = [P(0, 50), P(10, 45), P(20, 10)];

        Assert.Equal(10, BitAllocator.ForBudget([b], budgetBits: 12)![0].RateBits);
    }

    [Fact]
    public void ForBudget_ReturnsNull_WhenCheapestPointsExceedBudget()
    {
        Assert.Null(BitAllocator.ForBudget([[P(5, 1)]], budgetBits: 4));
    }

    [Fact]
    public void Cheapest_MeetsSqnrFloor_OrFallsBackToMostAccurate()
    {
        // Signal energy 100: 10 dB allows an error of 10, 30 dB an error of 0.1.
        IReadOnlyList<RdPoint> points = [P(1, 50), P(2, 9), P(3, 5), P(4, 1)];

        Assert.Equal((P(2, 9).RateBits, true), (BitAllocator.Cheapest(points, 100, 10).Point.RateBits, BitAllocator.Cheapest(points, 100, 10).Met));
        Assert.Equal((4.0, false), (BitAllocator.Cheapest(points, 100, 30).Point.RateBits, BitAllocator.Cheapest(points, 100, 30).Met));
    }
}
