using DecoderHw.Codec;
using DecoderHw.Rtl;
using DecoderHw.Tests.Support;

namespace DecoderHw.Tests.Rtl;

public class RtlModelTests
{
    private static RtlModel Build(int lanes, int inputWidth, params (int Bits, int[] Levels)[] layers) =>
        RtlModel.From(SpecFactory.FromLevels(lanes, 5, inputWidth, layers), "test.yaml", "decoderhw test");

    private static int[] Levels(int count, params int[] pattern) =>
        Enumerable.Range(0, count).Select(i => pattern[i % pattern.Length]).ToArray();

    [Fact]
    public void RtlModel_WidthsFollowArchitecture_WhenTwoLayers()
    {
        var rtl = Build(4, 32, (4, Levels(100, 0, 1, -1, 2)), (2, Levels(3, 0, 1)));
        var tans = Assert.IsType<TansRomRtl>(rtl.Variant).Tans;

        Assert.Equal(5, tans.MaxTableLog);                     // TLMAX
        Assert.Equal(4 * 5, rtl.BitsPerCycle);                 // C_MAX = L * TLMAX
        Assert.Equal(32 + 2 * 20, rtl.BufferWidth);            // W_BUF = IW + 2 * C_MAX
        Assert.Equal(7, rtl.FillWidth);                        // 0..72
        Assert.Equal(5, tans.StateWidth);
        Assert.Equal(3, tans.NbBitsWidth);                     // 0..5
        Assert.Equal(4 + 3 + 5, tans.EntryWidth);              // {value[MAXB], nbBits, baseline}
        Assert.Equal(3, rtl.CountWidth);                       // 0..4
        Assert.Equal(7, rtl.RemainWidth);                      // 0..100
        Assert.Equal(1, rtl.LayerWidth);
        Assert.Equal("0111", rtl.Layers[1].ActiveMask);        // 3 weights: lanes 0..2
        Assert.Equal([5, 10, 15, 20], tans.LaneInstances.Select(l => l.WindowWidth));
    }

    [Fact]
    public void RtlModel_PlacesLargestTableFirst_SoBaseIsAlignedToItsSize()
    {
        // A single-symbol layer (table_log 0: one entry) between two table_log-5 layers.
        var rtl = Build(2, 16, (3, Levels(50, 0, 1, -1)), (3, Levels(10, 2)), (3, Levels(40, 1, 0)));
        var rom = Assert.IsType<TansRomRtl>(rtl.Variant).Rom;

        Assert.Equal([5, 0, 5], rtl.Layers.Select(l => l.TableLog));
        Assert.Equal([0, 64, 32], rtl.Layers.Select(l => l.Base));
        Assert.All(rtl.Layers, l => Assert.Equal(0, l.Base % l.TableSize));
        Assert.Equal(65, rom.RomDepth);
        Assert.Equal(7, rom.RomAddrWidth);
        Assert.Equal(rom.RomDepth, rom.RomWords.Count);
    }

    [Fact]
    public void RtlModel_PacksRomWord_ValueNbBitsBaseline()
    {
        var model = SpecFactory.FromLevels(1, 5, 8, (4, Levels(64, 0, 0, 0, 1, -3)));
        var rtl = RtlModel.From(model, "test.yaml", "decoderhw test");
        var (tans, rom) = Assert.IsType<TansRomRtl>(rtl.Variant) is var v ? (v.Tans, v.Rom) : default;
        var layer = model.Layers[0];
        for (int s = 0; s < layer.Tables.Decode.Length; s++)
        {
            var e = layer.Tables.Decode[s];
            long word = Convert.ToInt64(rom.RomWords[rtl.Layers[0].Base + s], 16);
            long value = word >> (tans.NbBitsWidth + tans.StateWidth);
            long signedValue = value >= 1 << (rtl.MaxBits - 1) ? value - (1 << rtl.MaxBits) : value;
            Assert.Equal(e.Symbol - layer.MaxLevel, signedValue);
            Assert.Equal(e.NbBits, (word >> tans.StateWidth) & ((1 << tans.NbBitsWidth) - 1));
            Assert.Equal(e.Baseline, word & ((1 << tans.StateWidth) - 1));
        }
    }

    [Fact]
    public void RtlModel_KeepsVectorsOneBitWide_WhenEveryLayerHasOneSymbol()
    {
        var rtl = Build(3, 8, (2, Levels(5, 1)));
        var (tans, rom) = Assert.IsType<TansRomRtl>(rtl.Variant) is var v ? (v.Tans, v.Rom) : default;

        Assert.Equal(0, tans.MaxTableLog);
        Assert.Equal(8, rtl.BufferWidth);
        Assert.Equal(1, tans.StateWidth);
        Assert.Equal(1, tans.NbBitsWidth);
        Assert.Equal(1, rom.RomDepth);
        Assert.Equal(1, rom.RomAddrWidth);
        Assert.All(tans.LaneInstances, l => Assert.InRange(l.WindowWidth, tans.StateWidth, rtl.BufferWidth));
    }

    [Fact]
    public void RtlModel_Rejects_NameThatIsNotAVerilogIdentifier()
    {
        var model = SpecFactory.FromLevels(1, 5, 8, (2, Levels(4, 0, 1)));
        var bad = model with { Spec = model.Spec with { Name = "9lives" } };
        Assert.Throws<InvalidOperationException>(() => RtlModel.From(bad, "x.yaml", "v"));
    }

    [Fact]
    public void RtlWriter_RendersEveryModule_WithHeaderAndNoTemplateLeftovers()
    {
        var model = SpecFactory.FromLevels(2, 5, 16, (4, Levels(30, 0, 1, -1)), (2, Levels(1, 1)));
        var dir = Path.Combine(Path.GetTempPath(), "rtlwriter-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = RtlWriter.Write(model, dir, "examples/test.yaml");
            Assert.Equal(["test_tag_check.sv", "test_bitbuf.sv", "test_prefix_sum.sv", "test_lane.sv", "test_tables.sv", "test_decoder.sv", "test_axis.sv", "test_rom.mem", "test.f"],
                files.Select(Path.GetFileName));
            Assert.Equal(["test_tag_check.sv", "test_bitbuf.sv", "test_prefix_sum.sv", "test_lane.sv", "test_tables.sv", "test_decoder.sv"], RtlManifest.ReadFileList(files[^1]));
            foreach (var sv in files.Where(f => f.EndsWith(".sv", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(sv);
                Assert.Contains("generated, do not edit", text);
                Assert.Contains("examples/test.yaml", text);
                Assert.Contains("`default_nettype none", text);
                Assert.DoesNotContain("{{", text);
            }
            var mem = File.ReadAllLines(files[^2]).Where(l => !l.StartsWith("//", StringComparison.Ordinal)).ToList();
            Assert.Equal(33, mem.Count);                          // 32 + 1 (single-symbol layer)
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void TestbenchParams_CountBeatsAndWords()
    {
        var model = SpecFactory.FromLevels(4, 5, 32, (4, Levels(10, 0, 1)), (2, Levels(3, 1, 0)));
        var stream = StreamCodec.Encode(model);
        var text = TestbenchParamsWriter.Render(model, stream);

        Assert.Contains("`define TB_DUT test_decoder", text);
        Assert.Contains("TbWeights     = 13;", text);
        Assert.Contains("TbBeats       = 4;", text);              // ceil(10/4) + ceil(3/4)
        Assert.Contains("TbFiredBeats  = 6;", text);              // plus one INIT beat per layer
        Assert.Contains($"TbWords       = {stream.WordCount};", text);
    }
}
