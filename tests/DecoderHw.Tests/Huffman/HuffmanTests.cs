using CsCheck;
using DecoderHw.Huffman;

namespace DecoderHw.Tests.Huffman;

// DecoderHw.Gen (the gen pipeline) would otherwise hide CsCheck's Gen inside DecoderHw.* namespaces.
using Gen = CsCheck.Gen;

public sealed class HuffmanTests
{
    [Fact]
    public void CanonicalCode_HandWorkedExample_FourSymbols()
    {
        // Counts 1, 1, 2, 4: Huffman merges 1+1, then 2+2, then 4+4, so lengths are 3, 3, 2, 1.
        // Canonical codes, shortest first and by symbol within a length: s3 = 0, s2 = 10, s0 = 110, s1 = 111.
        var code = CanonicalHuffmanCode.FromCounts([1, 1, 2, 4], maxLength: 11);

        Assert.Equal([3, 3, 2, 1], code.Lengths);
        Assert.Equal([0b110u, 0b111, 0b10, 0b0], code.Codes);
        Assert.Equal([3, 2, 0, 1], code.SymbolsInCodeOrder);
        Assert.Equal(1 * 3 + 1 * 3 + 2 * 2 + 4 * 1, code.CodedBits([1, 1, 2, 4]));
    }

    [Fact]
    public void HuffmanCoder_WritesCodesMsbFirstIntoAnLsbFirstStream()
    {
        var code = CanonicalHuffmanCode.FromCounts([1, 1, 2, 4], maxLength: 11);

        // s0 = 110, s3 = 0, s2 = 10: stream bits 1,1,0, 0, 1,0 -> byte bits 0..5 = 1,1,0,0,1,0 = 0b010011.
        var stream = HuffmanCoder.Encode(code, [0, 3, 2]);

        Assert.Equal(6, stream.BitCount);
        Assert.Equal([0b010011], stream.Bytes);
        Assert.Equal([0, 3, 2], HuffmanCoder.Decode(code, stream, 3));
    }

    [Fact]
    public void PackageMerge_RespectsLengthLimit_AndStaysOptimal_OnFibonacciCounts()
    {
        // Fibonacci counts make plain Huffman a chain of lengths 1..n-1: the worst case for a limit.
        long[] counts = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];

        var unlimited = HuffmanCodeLengths.Compute(counts, maxLength: 30);
        var limited = HuffmanCodeLengths.Compute(counts, maxLength: 5);

        Assert.Equal(11, unlimited.Max());
        Assert.Equal(5, limited.Max());
        Assert.Equal(Cost(counts, BruteForceOptimal(counts, 5)), Cost(counts, limited));
        Assert.Equal(PlainHuffmanCost(counts), Cost(counts, unlimited));
    }

    [Fact]
    public void PackageMerge_MatchesExhaustiveSearch_OnSmallAlphabets()
    {
        Gen.Select(Gen.Long[1, 500].Array[2, 6], Gen.Int[3, 5]).Sample((counts, limit) =>
            Cost(counts, HuffmanCodeLengths.Compute(counts, limit)) == Cost(counts, BruteForceOptimal(counts, limit)));
    }

    [Fact]
    public void PackageMerge_EqualsHuffman_WhenLimitDoesNotBind()
    {
        Gen.Long[0, 100_000].Array[2, 255].Where(c => c.Count(x => x > 0) >= 2).Sample(counts =>
            Cost(counts, HuffmanCodeLengths.Compute(counts, maxLength: 30)) == PlainHuffmanCost(counts));
    }

    [Fact]
    public void HuffmanCoder_RoundTrips_AndCodedBitsIsExact()
    {
        Gen.Select(Gen.Int[1, 255], Gen.Int[8, 12], Gen.Int[0, 2000], Gen.UInt).Sample((alphabet, limit, length, seed) =>
        {
            var random = new Random((int)seed);
            // Skewed symbols, like quantized weights: mostly near the middle of the alphabet.
            var symbols = Enumerable.Range(0, length).Select(_ => Math.Clamp(alphabet / 2 + (int)Math.Round(random.NextDouble() * random.NextDouble() * alphabet) - alphabet / 4, 0, alphabet - 1)).ToArray();
            var counts = new long[alphabet];
            foreach (int s in symbols) counts[s]++;
            if (counts.Count(c => c > 0) > 1 << limit) return true;

            var code = CanonicalHuffmanCode.FromCounts(counts, limit);
            var stream = HuffmanCoder.Encode(code, symbols);
            return stream.BitCount == code.CodedBits(counts) && HuffmanCoder.Decode(code, stream, symbols.Length).SequenceEqual(symbols)
                && code.Lengths.All(l => l <= limit);
        });
    }

    [Fact]
    public void HuffmanCoder_SpendsNoBits_WhenOneSymbolIsPresent()
    {
        var code = CanonicalHuffmanCode.FromCounts([0, 0, 7], maxLength: 11);

        var stream = HuffmanCoder.Encode(code, [2, 2, 2]);

        Assert.Equal(2, code.LoneSymbol);
        Assert.Equal(0, stream.BitCount);
        Assert.Equal([2, 2, 2], HuffmanCoder.Decode(code, stream, 3));
    }

    [Fact]
    public void HuffmanCoder_ThrowsTypedError_WhenStreamIsTruncatedOrHasLeftoverBits()
    {
        var code = CanonicalHuffmanCode.FromCounts([1, 1, 2, 4], maxLength: 11);
        var stream = HuffmanCoder.Encode(code, [0, 1, 2]);

        Assert.Throws<HuffmanStreamException>(() => HuffmanCoder.Decode(code, stream with { BitCount = stream.BitCount - 1 }, 3));
        Assert.Throws<HuffmanStreamException>(() => HuffmanCoder.Decode(code, stream, 2));
    }

    [Fact]
    public void CanonicalCode_Rejects_WhenLengthsAreNotAPrefixCode()
    {
        Assert.Throws<ArgumentException>(() => CanonicalHuffmanCode.FromLengths([1, 1, 1], 11));
        Assert.Throws<ArgumentException>(() => CanonicalHuffmanCode.FromLengths([1, 2], 11));
        // Nine symbols cannot all have codes of at most 3 bits.
        Assert.Throws<ArgumentException>(() => HuffmanCodeLengths.Compute(Enumerable.Repeat(1L, 9).ToArray(), 3));
    }

    private static long Cost(long[] counts, int[] lengths) => counts.Zip(lengths, (c, l) => c * l).Sum();

    private static long PlainHuffmanCost(long[] counts)
    {
        var queue = new PriorityQueue<long, long>();
        foreach (long c in counts.Where(c => c > 0)) queue.Enqueue(c, c);
        long cost = 0;
        while (queue.Count > 1)
        {
            long merged = queue.Dequeue() + queue.Dequeue();
            cost += merged;
            queue.Enqueue(merged, merged);
        }
        return cost;
    }

    /// <summary>The optimum by exhaustive search over complete codes (Kraft sum exactly 1, which an optimal
    /// code always is). Larger counts can always take the shorter codes, so symbols are searched in
    /// ascending count with non-increasing lengths, which keeps even 12 symbols at limit 5 small.</summary>
    private static int[] BruteForceOptimal(long[] counts, int limit)
    {
        var order = Enumerable.Range(0, counts.Length).OrderBy(s => counts[s]).ToArray();
        var sortedBest = SortedSearch(order.Select(s => counts[s]).ToArray(), limit);
        var best = new int[counts.Length];
        for (int k = 0; k < order.Length; k++) best[order[k]] = sortedBest[k];
        return best;
    }

    private static int[] SortedSearch(long[] ascending, int limit)
    {
        int n = ascending.Length;
        int[] best = [], current = new int[n];
        long bestCost = long.MaxValue, full = 1L << limit;
        void Search(int i, int maxLength, long kraft)
        {
            if (kraft > full) return;
            if (i == n)
            {
                if (kraft == full && Cost(ascending, current) < bestCost) (bestCost, best) = (Cost(ascending, current), [.. current]);
                return;
            }
            for (int l = 1; l <= maxLength; l++)
            {
                current[i] = l;
                Search(i + 1, l, kraft + (1L << (limit - l)));
            }
        }
        Search(0, limit, 0);
        return best;
    }
}
