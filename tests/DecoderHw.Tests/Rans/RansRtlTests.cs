using DecoderHw.Rtl;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Rans;

public class RansRtlTests
{
    private static RtlModel Build(DecoderSpec spec) =>
        RtlModel.From(SpecFactory.Resolve(spec), "test.yaml", "decoderhw test");

    private static DecoderSpec Spec(int lanes, int stateBits, RansSearch search, params LayerSpec[] layers) =>
        SpecFactory.Spec(lanes, 6, 32, layers) with { Coder = CoderKind.Rans, RansStateBits = stateBits, RansSearch = search };

    [Theory]
    [InlineData(RansSearch.Auto, 32, 0)]        // up to 32 entries: one comparator per entry
    [InlineData(RansSearch.Auto, 33, 8)]        // 8 groups of 8 > 33 entries: 5 + 8 comparators
    [InlineData(RansSearch.Auto, 255, 16)]      // 16 groups of 16: 32 comparators instead of 255
    [InlineData(RansSearch.Flat, 255, 0)]
    [InlineData(RansSearch.Grouped, 7, 4)]
    [InlineData(RansSearch.Grouped, 1, 0)]      // nothing to search
    public void GroupSize_IsThePowerOfTwoAtOrAboveTheRootOfTheEntries(RansSearch search, int entries, int expected)
    {
        Assert.Equal(expected, RansWidths.GroupSizeFor(search, entries));
    }

    [Fact]
    public void RansRom_ListsEveryLayersEntriesInSlotOrder_PaddedWithDeadEntries()
    {
        // Layer a: 4-bit Laplace, up to 15 entries; layer b: one symbol (tl 0, one entry of f 1).
        var spec = Spec(4, 0, RansSearch.Flat,
            SpecFactory.Laplace("a", 4, 1.5, 500, seed: 3),
            SpecFactory.Frequencies("b", 3, [0, 0, 0, 5, 0, 0, 0], 20));
        var model = SpecFactory.Resolve(spec);
        var rtl = RtlModel.From(model, "test.yaml", "decoderhw test");
        var variant = Assert.IsType<RansRomRtl>(rtl.Variant);
        var table = model.Layers[0].Rans!;

        Assert.Equal(table.Entries, variant.Rans.Entries);
        Assert.Equal(6, variant.Rans.MaxTableLog);
        Assert.Equal(6, variant.Rans.MaxStateLog);          // B = 0: SL = tl
        Assert.False(variant.Rans.Multiplies);
        Assert.Equal(4 * 6, rtl.BitsPerCycle);              // C_MAX = L * SL
        var a = variant.Rom.RansLayers[0];
        Assert.Equal(new string('1', table.Entries), a.LiveBin);
        // Entry 0 is the lowest field of each concatenation: its cumulative sum is 0, its f the table's.
        Assert.EndsWith("0", a.CumHex, StringComparison.Ordinal);
        Assert.Equal(table.Freq[0], Convert.ToInt32(a.FreqHex[^2..], 16) & 0x3f);
        var b = variant.Rom.RansLayers[1];
        Assert.Equal((0, 0, 1), (b.TableLog, b.StateLog, b.EntryCount));
        Assert.Equal(new string('0', table.Entries - 1) + "1", b.LiveBin);
    }

    [Fact]
    public void RansRom_HasOneMultiplierWidth_WhenAnyLayerKeepsStateBits()
    {
        var rtl = Build(Spec(2, 4, RansSearch.Auto, SpecFactory.Laplace("a", 8, 12.0, 20000, seed: 1)));
        var rans = Assert.IsType<RansRomRtl>(rtl.Variant).Rans;

        Assert.True(rans.Multiplies);
        Assert.Equal(rans.MaxStateBits + 1, rans.HighWidth);
        Assert.Equal(rans.MaxTableLog + rans.MaxStateBits, rans.MaxStateLog);
        Assert.True(rans.Grouped);                          // an 8-bit Laplace layer has more than 32 levels
        Assert.Equal(0, rans.Entries % rans.GroupSize);
        Assert.InRange(rans.ProductWidth, 1, rans.ShiftedWidth);
    }

    [Fact]
    public void RansRam_IsSizedByTheLimits_AndPadsToWholeGroups()
    {
        var spec = Spec(4, 4, RansSearch.Grouped, SpecFactory.Laplace("a", 8, 12.0, 2000, seed: 1))
            with { Tables = TableMode.Ram, RamLimits = new RamLimits(11, 8, 4, 5000) };
        var rtl = Build(spec);
        var ram = Assert.IsType<RansRamRtl>(rtl.Variant);

        Assert.Equal(256, ram.Rans.Entries);                // 255 levels, 16 groups of 16
        Assert.Equal(12, ram.Rans.FreqWidth);               // f reaches 2^11 in a one-entry table
        Assert.Equal(15, ram.Rans.MaxStateLog);
        Assert.Equal(Math.Max(4 * 15, 39), rtl.BitsPerCycle);
        Assert.Equal(2 * 256L * (8 + 12 + 11 + 1), ram.TableBits(rtl));   // two banks of the padded entries
    }
}
