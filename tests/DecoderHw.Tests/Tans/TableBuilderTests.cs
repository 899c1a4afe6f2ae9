using DecoderHw.Tans;

namespace DecoderHw.Tests.Tans;

public class TableBuilderTests
{
    // A 4-symbol alphabet at table_log 5 (32 slots), worked on paper:
    // counts 16, 8, 6, 2 already sum to 32, so normalization keeps them.
    // Spread step = 16 + 4 + 3 = 23: positions 0,23,14,5,28,19,10,1,24,15,6,29,20,11,2,25 get symbol 0,
    // then 16,7,30,21,12,3,26,17 symbol 1, then 8,31,22,13,4,27 symbol 2, then 18,9 symbol 3.
    private static readonly int[] Counts = [16, 8, 6, 2];

    [Fact]
    public void SymbolSpread_VisitsEverySlotOnce_WhenTableLog5()
    {
        var table = SymbolSpread.Spread(Counts, 5);
        int[] expected =
        [
            0, 0, 0, 1, 2, 0, 0, 1, 2, 3, 0, 0, 1, 2, 0, 0,
            1, 1, 3, 0, 0, 1, 2, 0, 0, 0, 1, 2, 0, 0, 1, 2,
        ];
        Assert.Equal(expected, table);
    }

    [Fact]
    public void DecodeTable_MatchesHandWorkedEntries_WhenTableLog5()
    {
        var tables = TableBuilder.FromNormalized(Counts, 5);
        // Symbol 0 (16 slots): nextState runs 16..31, nbBits = 5 - 4 = 1, baselines 0,2,...,30 in slot order.
        Assert.Equal(new DecodeEntry(0, 1, 0), tables.Decode[0]);
        Assert.Equal(new DecodeEntry(0, 1, 2), tables.Decode[1]);
        // Symbol 3 (2 slots at 9 then 18): nextState 2 -> nbBits 4, baseline 0; 3 -> nbBits 4, baseline 16.
        Assert.Equal(new DecodeEntry(3, 4, 0), tables.Decode[9]);
        Assert.Equal(new DecodeEntry(3, 4, 16), tables.Decode[18]);
        // Symbol 2 (6 slots): nextState 6,7 -> 3 bits (baselines 16, 24); 8..11 -> 2 bits (0, 4, 8, 12).
        Assert.Equal(new DecodeEntry(2, 3, 16), tables.Decode[4]);
        Assert.Equal(new DecodeEntry(2, 3, 24), tables.Decode[8]);
        Assert.Equal(new DecodeEntry(2, 2, 0), tables.Decode[13]);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(12)]
    public void DecodeTable_EverySymbolsStatesTileTheTable(int tableLog)
    {
        var rng = new Random(tableLog);
        var counts = Enumerable.Range(0, 31).Select(_ => (long)rng.Next(0, 1000)).ToArray();
        counts[3] = 1;
        var tables = TableBuilder.Build(counts, tableLog);
        // Each state's (baseline, nbBits) range [baseline, baseline + 2^nbBits) must cover 0..L-1 exactly once per symbol.
        for (int s = 0; s < counts.Length; s++)
        {
            var covered = new bool[tables.TableSize];
            foreach (var e in tables.Decode.Where(e => e.Symbol == s))
                for (int x = e.Baseline; x < e.Baseline + (1 << e.NbBits); x++)
                {
                    Assert.False(covered[x]);
                    covered[x] = true;
                }
            Assert.True(tables.NormalizedCounter[s] == 0 || covered.All(c => c));
        }
    }

    [Fact]
    public void Normalizer_GivesEveryPresentSymbolASlotAndExactTotal()
    {
        long[] counts = [1, 0, 1_000_000, 3, 0, 1];
        var normalized = Normalizer.Normalize(counts, 5);
        Assert.Equal(32, normalized.Sum());
        Assert.Equal([1, 0, 29, 1, 0, 1], normalized);
    }

    [Fact]
    public void Normalizer_NeverCostsMoreThanRounding()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int tableLog = rng.Next(5, 13);
            var counts = Enumerable.Range(0, rng.Next(2, 40)).Select(_ => (long)Math.Max(0, rng.Next(-50, 5000))).ToArray();
            if (counts.Count(c => c > 0) < 2 || counts.Count(c => c > 0) > (1 << tableLog)) continue;
            double optimal = Normalizer.IdealBits(counts, Normalizer.Normalize(counts, tableLog), tableLog);
            double rounded;
            try { rounded = Normalizer.IdealBits(counts, Normalizer.NormalizeByRounding(counts, tableLog), tableLog); }
            catch (InvalidOperationException) { continue; }
            Assert.True(optimal <= rounded + 1e-6, $"trial {trial}: optimal {optimal} > rounded {rounded}");
        }
    }

    [Fact]
    public void Normalizer_Rejects_MoreSymbolsThanSlots()
    {
        var counts = Enumerable.Repeat(1L, 33).ToArray();
        Assert.Throws<ArgumentException>(() => Normalizer.Normalize(counts, 5));
    }
}
