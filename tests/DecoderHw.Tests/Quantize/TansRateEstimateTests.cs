using CsCheck;
using DecoderHw.Quantize;
using DecoderHw.Tans;

namespace DecoderHw.Tests.Quantize;

// DecoderHw.Gen (the gen pipeline) would otherwise hide CsCheck's Gen inside DecoderHw.* namespaces.
using Gen = CsCheck.Gen;

public sealed class TansRateEstimateTests
{
    [Fact]
    public void NormalizeForRate_SumsToTableSize_AndKeepsEveryPresentSymbol()
    {
        Gen.Select(Gen.Long[0, 100_000].Array[2, 255], Gen.Int[5, 12]).Where((c, t) => c.Count(x => x > 0) is > 0 and var n && n <= 1 << t)
            .Sample((counts, tableLog) =>
            {
                var n = TansRateEstimate.NormalizeForRate(counts, tableLog);
                return n.Sum() == 1 << tableLog && counts.Zip(n).All(p => p.First > 0 ? p.Second >= 1 : p.Second == 0);
            });
    }

    [Fact]
    public void NormalizeForRate_IsOptimal_OnSmallAlphabetsByExhaustiveSearch()
    {
        Gen.Long[1, 1000].Array[3].Sample(counts =>
        {
            const int tableLog = 5, size = 32;
            double Cost(int[] c) => counts.Select((n, s) => n * (tableLog - Math.Log2(c[s]))).Sum();
            double best = double.PositiveInfinity;
            for (int a = 1; a < size; a++)
                for (int b = 1; a + b < size; b++) best = Math.Min(best, Cost([a, b, size - a - b]));
            return Cost(TansRateEstimate.NormalizeForRate(counts, tableLog)) <= best + 1e-9;
        });
    }

    [Fact]
    public void NormalizeForRate_CostsTheSameAsTheCodecsNormalizer()
    {
        Gen.Select(Gen.Long[0, 1_000_000].Array[2, 255], Gen.Int[8, 12]).Where((c, t) => c.Count(x => x > 0) > 1)
            .Sample((counts, tableLog) =>
            {
                double ours = Normalizer.IdealBits(counts, TansRateEstimate.NormalizeForRate(counts, tableLog), tableLog);
                double codec = Normalizer.IdealBits(counts, Normalizer.Normalize(counts, tableLog), tableLog);
                return Math.Abs(ours - codec) <= 1e-9 * codec;
            }, iter: 200);
    }

    [Fact]
    public void CodedBits_IsAtLeastEntropyPlusHeader()
    {
        long[] counts = [5, 100, 1000, 100, 5];
        double entropyBits = Entropy.BitsPerSymbol(counts) * counts.Sum();

        double coded = TansRateEstimate.CodedBits(counts, tableLog: 11, lanes: 4);

        Assert.InRange(coded - 4 * 11, entropyBits, entropyBits * 1.01);
    }

    [Fact]
    public void CodedBits_IsZero_WhenOneSymbolIsPresent()
    {
        Assert.Equal(0, TansRateEstimate.CodedBits([0, 500, 0], tableLog: 11, lanes: 4));
    }

    [Fact]
    public void HeaderBits_CountsOnlyActiveLanes_WhenLayerIsShorterThanLanes()
    {
        Assert.Equal(2 * 9, TansRateEstimate.HeaderBits([1, 1], tableLog: 9, lanes: 8, weights: 2));
    }
}
