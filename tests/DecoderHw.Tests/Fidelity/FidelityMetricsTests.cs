using DecoderHw.Fidelity;

namespace DecoderHw.Tests.Fidelity;

public sealed class FidelityMetricsTests
{
    [Fact]
    public void Compare_GivesOneAndFullAgreement_WhenOutputsAreIdentical()
    {
        float[][] a = [[1, 0, 0], [0, 2, 0], [0, 0, 3], [1, 1, 0]];

        var m = FidelityMetrics.Compare(a, a.Select(v => v.ToArray()).ToArray());

        Assert.Equal(1.0, m.MeanCosine, 15);
        Assert.Equal(1.0, m.P5Cosine, 15);
        Assert.Equal(0.0, m.MeanRelativeL2);
        Assert.Equal(1.0, m.NearestNeighbourAgreement);
    }

    /// <summary>Worked by hand: output 0 turns by 90 degrees (cosine 0, |d|/|r| = sqrt 2), output 1 is
    /// scaled by 2 (cosine 1, relative L2 1), outputs 2 and 3 are unchanged.</summary>
    [Fact]
    public void Compare_MatchesTheHandWorkedExample()
    {
        float[][] reference = [[1, 0], [0, 1], [3, 3], [-5, 0]];
        float[][] changed = [[0, 1], [0, 2], [3, 3], [-5, 0]];

        var m = FidelityMetrics.Compare(reference, changed);

        Assert.Equal((0 + 1 + 1 + 1) / 4.0, m.MeanCosine, 12);
        Assert.Equal(0.0, m.P5Cosine, 12);  // nearest rank: ceil(0.05 * 4) = 1st smallest
        Assert.Equal((Math.Sqrt(2) + 1 + 0 + 0) / 4, m.MeanRelativeL2, 12);
        // Squared distances. Reference: 0->1 (2), 1->0 (2), 2->0 (13, tied with 1: the lower index), 3->1 (26 < 36).
        // Changed: 0->1 (1), 1->0 (1), 2->1 (10 < 13), 3->0 (26 < 29). Agreement on inputs 0 and 1 only.
        var nnRef = FidelityMetrics.NearestNeighbours(reference);
        var nnChanged = FidelityMetrics.NearestNeighbours(changed);
        Assert.Equal([1, 0, 0, 1], nnRef);
        Assert.Equal([1, 0, 1, 0], nnChanged);
        Assert.Equal(0.5, m.NearestNeighbourAgreement);
    }

    [Fact]
    public void Percentile_IsTheNearestRank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();

        Assert.Equal(5, FidelityMetrics.Percentile(values, 0.05));
        Assert.Equal(1, FidelityMetrics.Percentile(values, 0.0));
        Assert.Equal(100, FidelityMetrics.Percentile(values, 1.0));
    }

    [Fact]
    public void Cosine_HandlesZeroVectors()
    {
        Assert.Equal(1, FidelityMetrics.Cosine([0, 0], [0, 0]));
        Assert.Equal(0, FidelityMetrics.Cosine([0, 0], [1, 0]));
        Assert.Equal(-1, FidelityMetrics.Cosine([1, 2], [-1, -2]), 12);
    }
}
