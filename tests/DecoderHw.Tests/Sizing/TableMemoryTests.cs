using DecoderHw.Model;
using DecoderHw.Rtl;
using DecoderHw.Sizing;
using DecoderHw.Spec;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Sizing;

public class TableMemoryTests
{
    private static ResolvedModel Model(CoderKind coder, int lanes, TableGroups groups = default, TableMode tables = TableMode.Rom, int stateBits = 4)
    {
        var spec = SpecFactory.Spec(lanes, 10, 32,
            SpecFactory.Laplace("a", 4, 1.0, 3000, 1), SpecFactory.Laplace("b", 4, 1.3, 2000, 2), SpecFactory.Laplace("c", 6, 3.0, 1000, 3))
            with { Coder = coder, TableGroups = groups, Tables = tables, RansStateBits = stateBits };
        if (tables == TableMode.Ram) spec = spec with { RamLimits = new RamLimits(10, 6, 3, 3000) };
        return SpecFactory.Resolve(spec);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void TansRom_IsEveryLanesRomCopy_AsTheRtlStoresIt(int lanes)
    {
        foreach (var groups in new[] { TableGroups.None, TableGroups.Auto })
        {
            var model = Model(CoderKind.Tans, lanes, groups);
            var rtl = RtlModel.From(model, "t.yaml", "test");
            var memory = TableMemory.For(model);
            var rom = Assert.IsType<TansRomRtl>(rtl.Variant);
            Assert.Equal((long)rom.Rom.RomDepth * rom.Tans.EntryWidth, memory.PerLaneBits);
            Assert.Equal((long)rom.Rom.RomDepth * rom.Tans.EntryWidth * lanes, memory.TotalBits);
            Assert.Equal(rtl.Variant.TableBits(rtl), memory.TotalBits);
        }
    }

    /// <summary>The report's table bits are what the RTL stores, for every loaded-table variant: both (or
    /// all three) banks, every build engine's copy. The double-buffered RTL once outgrew these counts.</summary>
    [Theory]
    [InlineData(CoderKind.Tans, 1, 4)]
    [InlineData(CoderKind.Tans, 1, 1)]
    [InlineData(CoderKind.Tans, 2, 4)]
    [InlineData(CoderKind.Tans, 2, 1)]
    [InlineData(CoderKind.Tans, 3, 4)]
    [InlineData(CoderKind.Tans, 3, 2)]
    [InlineData(CoderKind.Huffman, 2, 4)]
    [InlineData(CoderKind.Rans, 2, 4)]
    public void Ram_IsWhatTheRtlStores(CoderKind coder, int banks, int engines)
    {
        foreach (int lanes in new[] { 1, 4 })
        {
            var model = SpecFactory.Resolve(Model(coder, lanes, tables: TableMode.Ram).Spec with { RamBanks = banks, RamBuildEngines = engines });
            var rtl = RtlModel.From(model, "t.yaml", "test");
            Assert.Equal(rtl.Variant.TableBits(rtl), TableMemory.For(model).TotalBits);
        }
    }

    [Fact]
    public void HuffmanRom_IsTheSymbolRomAndTheLayerConstants()
    {
        var model = Model(CoderKind.Huffman, 4);
        var h = Assert.IsType<HuffmanRomRtl>(RtlModel.From(model, "t.yaml", "test").Variant).Huffman;
        Assert.Equal((long)h.SymbolRomDepth * model.MaxBits + 3L * (h.EndsWidth + h.BasesWidth), TableMemory.For(model).TotalBits);
    }

    /// <summary>rANS: one entry {symbol, freq - 1, cumul} per present level and layer, once for all lanes.</summary>
    [Fact]
    public void Rans_IsOneEntryPerLevel_SharedByTheLanes()
    {
        var one = TableMemory.For(Model(CoderKind.Rans, 1));
        var eight = TableMemory.For(Model(CoderKind.Rans, 8));
        var model = Model(CoderKind.Rans, 8);
        long entries = model.Layers.Sum(l => (long)l.Rans!.Entries);
        Assert.Equal(entries * (6 + 2 * 10), eight.TotalBits);
        Assert.Equal(one.TotalBits, eight.TotalBits);
        Assert.Equal(0, eight.PerLaneBits);
        Assert.True(eight.TotalBits * 100 <= TableMemory.For(Model(CoderKind.Tans, 8)).TotalBits);
    }

    [Fact]
    public void Advice_NamesCheaperVariants_WhenTheDecoderCostsMoreThanInt8()
    {
        var model = Model(CoderKind.Tans, 8);
        var memory = DecoderHw.Reports.ReportBuilder.Memory(model, DecoderHw.Codec.StreamCodec.Encode(model));
        Assert.True(memory.TotalBits > memory.Int8Bits);
        var lines = MemoryAdvisor.Advice(memory, fits: true, () => MemoryAdvisor.Options(model.Spec));
        Assert.Contains("costs more than int8", lines[1]);
        Assert.Contains("coder: rans", lines[1]);
    }
}
