using CsCheck;
using DecoderHw.Codec;
using DecoderHw.Rans;
using DecoderHw.Spec;
using DecoderHw.Tans;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Rans;

public class RansTableBuilderTests
{
    /// <summary>The hand-worked table: M = 32 (table_log 5), multiply-free state in [32, 64).
    /// Entries in slot order: A (symbol 1) slots 0..23, B (symbol 0) slots 24..27, C (symbol 2) slots 28..31.
    /// Decoding x = 60: slot 60 mod 32 = 28 is C's first slot, x' = 4 + 28 - 28 = 4, highbit 2, so
    /// 5 - 2 = 3 bits are read: the next state is 32 + those bits.
    /// Decoding x = 45: slot 13 is A's, x' = 24 + 13 - 0 = 37, highbit 5, no bit read: the next state is 37.</summary>
    [Fact]
    public void DecodeStep_FollowsTheHandWorkedTable_WhenTableLog5MultiplyFree()
    {
        var table = RansTable.Create(5, 0, [1, 0, 2], [24, 4, 4]);
        Assert.Equal([0, 24, 28], table.Cumul);
        Assert.Equal(5, table.StateLog);
        var map = table.SlotToEntry();
        Assert.Equal((2, 4u, 3), table.DecodeStep(60, map));
        Assert.Equal((0, 37u, 0), table.DecodeStep(45, map));
        Assert.Equal((1, 4u, 3), table.DecodeStep(32 + 24, map));
    }

    /// <summary>Wide state (2 bits above table_log): x in [128, 256), x >> 5 in [4, 8) is multiplied by f.
    /// x = 200: slot 8 (A), x' = 24 * 6 + 8 = 152, highbit 7 = StateLog, nothing read.
    /// x = 254: slot 30 (C), x' = 4 * 7 + 30 - 28 = 30, highbit 4, 7 - 4 = 3 bits read.</summary>
    [Fact]
    public void DecodeStep_MultipliesTheHighPart_WhenTheStateIsWide()
    {
        var table = RansTable.Create(5, 2, [1, 0, 2], [24, 4, 4]);
        var map = table.SlotToEntry();
        Assert.Equal((0, 152u, 0), table.DecodeStep(200, map));
        Assert.Equal((2, 30u, 3), table.DecodeStep(254, map));
    }

    private static readonly Gen<long[]> CountsGen =
        from bits in Gen.Int[2, 8]
        from counts in Gen.Long[0, 1_000_000].Array[(1 << bits) - 1]
        from forced in Gen.Int[0, (1 << bits) - 2]
        select counts.Select((c, i) => i == forced ? c + 1 : c).ToArray();

    [Fact]
    public void Build_GivesEveryPresentSymbolOneEntry_AndSumsToTheTable()
    {
        var gen = from counts in CountsGen from tableLog in Gen.Int[8, 12] from stateBits in Gen.OneOf(Gen.Const(0), Gen.Int[1, 15])
                  select (counts, tableLog, stateBits);
        gen.Sample(g =>
        {
            var table = RansTableBuilder.Build(g.counts, g.tableLog, g.stateBits);
            var present = Enumerable.Range(0, g.counts.Length).Where(s => g.counts[s] > 0).ToArray();
            Assert.Equal(present, table.Symbols.Order().ToArray());
            Assert.Equal(1 << g.tableLog, table.Freq.Sum());
            Assert.All(table.Freq, f => Assert.True(f >= 1));
            for (int j = 1; j < table.Entries; j++) Assert.Equal(table.Cumul[j - 1] + table.Freq[j - 1], table.Cumul[j]);
        }, iter: 60);
    }

    [Fact]
    public void Build_WideState_UsesTheTansNormalizedCounts()
    {
        var counts = new long[] { 4, 60, 800, 18000, 800, 60, 4 };
        var table = RansTableBuilder.Build(counts, 9, 4);
        var normalized = Normalizer.Normalize(counts, 9);
        for (int j = 0; j < table.Entries; j++) Assert.Equal(normalized[table.Symbols[j]], table.Freq[j]);
        Assert.Equal(3, table.Symbols[0]);   // the most frequent first: the comparator search meets it first
    }

    /// <summary>The optimizer starts from the normalized counts (among others) and only accepts moves that
    /// lower the modelled cost, so it can never end worse than them.</summary>
    [Fact]
    public void Build_MultiplyFree_IsNoWorseThanNormalizedCounts_UnderTheStationaryCost()
    {
        var gen = from counts in CountsGen from tableLog in Gen.Int[6, 10] select (counts, tableLog);
        gen.Sample(g =>
        {
            int present = g.counts.Count(c => c > 0);
            if (present < 2 || present > 1 << g.tableLog) return;
            var table = RansTableBuilder.Build(g.counts, g.tableLog, 0);
            double total = g.counts.Sum();
            var probability = table.Symbols.Select(s => g.counts[s] / total).ToArray();
            var normalized = Normalizer.Normalize(g.counts, g.tableLog);
            double optimized = new MultiplyFreeCost(g.tableLog, probability).BitsPerSymbol(table.Freq, 200, keep: false);
            double plain = new MultiplyFreeCost(g.tableLog, probability).BitsPerSymbol(table.Symbols.Select(s => normalized[s]).ToArray(), 200, keep: false);
            Assert.True(optimized <= plain + 1e-6, $"optimized {optimized} > normalized {plain}");
        }, iter: 25);
    }

    /// <summary>The stationary-distribution cost predicts what the coder really writes on i.i.d. data.</summary>
    [Fact]
    public void MultiplyFreeCost_PredictsTheCodedSize_OfIidData()
    {
        var counts = new long[] { 30, 300, 3000, 30000, 3000, 300, 30 };
        var model = ResolvedFrom(counts, 200_000, tableLog: 8, stateBits: 0);
        var stream = RansStreamEncoder.Encode(model);
        var table = model.Layers[0].Rans!;
        double total = counts.Sum();
        double predicted = new MultiplyFreeCost(8, table.Symbols.Select(s => counts[s] / total).ToArray()).BitsPerSymbol(table.Freq, 300, keep: false);
        double measured = (double)stream.CodedBits / model.Layers[0].WeightCount;
        Assert.InRange(measured / predicted, 0.99, 1.01);
    }

    internal static Model.ResolvedModel ResolvedFrom(long[] counts, int count, int tableLog, int stateBits, int lanes = 1)
    {
        var layer = SpecFactory.Frequencies("l0", 3, counts, count, 7);
        var spec = SpecFactory.Spec(lanes, tableLog, 32, layer) with { Coder = CoderKind.Rans, RansStateBits = stateBits };
        return SpecFactory.Resolve(spec);
    }
}
