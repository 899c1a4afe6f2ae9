using CsCheck;
using DecoderHw.Huffman;

namespace DecoderHw.Tests.Huffman;

// DecoderHw.Gen (the gen pipeline) would otherwise hide CsCheck's Gen inside DecoderHw.* namespaces.
using Gen = CsCheck.Gen;

/// <summary>The reference Huffman coder's lengths are the optimum under the limit, checked by exhaustive
/// search; the quantize report's Huffman column relies on that.</summary>
public sealed class PackageMergeOptimalityTests
{
    [Fact]
    public void CanonicalCode_HandWorkedExample_FourSymbols()
    {
        // Counts 1, 1, 2, 4: Huffman merges 1+1, then 2+2, then 4+4, so lengths are 3, 3, 2, 1.
        // Canonical codes, shortest first and by symbol within a length: s3 = 0, s2 = 10, s0 = 110, s1 = 111.
        var code = LayerHuffmanCode.FromCounts([1, 1, 2, 4], maxLength: 11);

        Assert.Equal([3, 3, 2, 1], code.CodeLengths);
        Assert.Equal([0b110, 0b111, 0b10, 0b0], code.Codes);
        Assert.Equal([3, 2, 0, 1], code.SortedSymbols);
    }

    [Fact]
    public void PackageMerge_RespectsLengthLimit_AndStaysOptimal_OnFibonacciCounts()
    {
        // Fibonacci counts make plain Huffman a chain of lengths 1..n-1: the worst case for a limit.
        long[] counts = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];

        var unlimited = PackageMerge.CodeLengths(counts, maxLength: 30);
        var limited = PackageMerge.CodeLengths(counts, maxLength: 5);

        Assert.Equal(11, unlimited.Max());
        Assert.Equal(5, limited.Max());
        Assert.Equal(Cost(counts, BruteForceOptimal(counts, 5)), Cost(counts, limited));
    }

    [Fact]
    public void PackageMerge_MatchesExhaustiveSearch_WhenLimitBinds()
    {
        Gen.Select(Gen.Long[1, 500].Array[2, 7], Gen.Int[3, 5]).Where((c, limit) => c.Length <= 1 << limit).Sample((counts, limit) =>
            Cost(counts, PackageMerge.CodeLengths(counts, limit)) == Cost(counts, BruteForceOptimal(counts, limit)));
    }

    private static long Cost(long[] counts, int[] lengths) => counts.Zip(lengths, (c, l) => c * l).Sum();

    /// <summary>The optimum by exhaustive search over complete codes (Kraft sum exactly 1, which an optimal
    /// code always is). Larger counts can always take the shorter codes, so symbols are searched in
    /// ascending count with non-increasing lengths, which keeps even 12 symbols at limit 5 small.</summary>
    private static int[] BruteForceOptimal(long[] counts, int limit)
    {
        var order = Enumerable.Range(0, counts.Length).OrderBy(s => counts[s]).ToArray();
        var ascending = order.Select(s => counts[s]).ToArray();
        int n = ascending.Length;
        int[] bestSorted = [], current = new int[n];
        long bestCost = long.MaxValue, full = 1L << limit;
        void Search(int i, int maxLength, long kraft)
        {
            if (kraft > full) return;
            if (i == n)
            {
                if (kraft == full && Cost(ascending, current) < bestCost) (bestCost, bestSorted) = (Cost(ascending, current), [.. current]);
                return;
            }
            for (int l = 1; l <= maxLength; l++)
            {
                current[i] = l;
                Search(i + 1, l, kraft + (1L << (limit - l)));
            }
        }
        Search(0, limit, 0);
        var best = new int[counts.Length];
        for (int k = 0; k < order.Length; k++) best[order[k]] = bestSorted[k];
        return best;
    }
}
