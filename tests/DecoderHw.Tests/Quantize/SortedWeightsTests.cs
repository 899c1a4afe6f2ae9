using CsCheck;
using DecoderHw.Quantize;

namespace DecoderHw.Tests.Quantize;

// DecoderHw.Gen (the gen pipeline) would otherwise hide CsCheck's Gen inside DecoderHw.* namespaces.
using Gen = CsCheck.Gen;

public sealed class SortedWeightsTests
{
    [Fact]
    public void SortedWeights_CountsAndErrorMatchDirectQuantization()
    {
        Gen.Select(Gen.Float[-4f, 4f].Array[1, 300], Gen.Double[0.01, 3], Gen.Double[0.5, 2.0], Gen.Int[2, 8]).Sample((w, step, dz, bits) =>
        {
            var q = new ScalarQuantizer(bits, step, dz);
            var levels = q.Quantize(w);
            var (counts, error) = new SortedWeights(w).Evaluate(q);

            var direct = Distortion.Measure(w, levels, step);
            return counts.SequenceEqual(q.Counts(levels)) && Math.Abs(error - direct.ErrorEnergy) <= 1e-9 * (1 + direct.SignalEnergy);
        });
    }

    [Fact]
    public void SortedWeights_ReportsSignalAndMax()
    {
        var w = new SortedWeights([3f, -4f, 0f]);

        Assert.Equal(25, w.SignalEnergy);
        Assert.Equal(4, w.MaxAbs);
        Assert.Equal(2, w.TopLevel(new ScalarQuantizer(8, 2)));
    }
}
