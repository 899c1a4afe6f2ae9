using DecoderHw.Sizing;

namespace DecoderHw.Tests.Sizing;

public class NextpnrLogParserTests
{
    [Fact]
    public void NextpnrLog_TakesPostRouteFmax_NotThePlacementEstimate()
    {
        var report = NextpnrLogParser.Parse(CapturedLogs.Read("scratch_nextpnr_hx8k.log"));

        // The log says 70.99 MHz after placement and 71.48 MHz after routing.
        var clock = Assert.Single(report.Clocks);
        Assert.Equal(clock, report.MainClock);
        Assert.Equal("clk_i$SB_IO_IN_$glb_clk", clock.Clock);
        Assert.Equal(71.48, clock.FmaxMhz);
        Assert.Equal(100.0, clock.TargetMhz);
        Assert.False(clock.Pass);
        Assert.Empty(report.Errors);
    }

    [Fact]
    public void NextpnrLog_ReadsTheRegisterToRegisterCriticalPath_WithItsRtlLines()
    {
        var path = NextpnrLogParser.Parse(CapturedLogs.Read("scratch_nextpnr_hx8k.log")).CriticalPath;

        Assert.NotNull(path);
        Assert.Equal("rom.0.7_RAM.RDATA_3", path.From);
        Assert.Equal("buf_d_SB_LUT4_O_18_LC.I2", path.To);
        Assert.Equal(14.0, path.TotalNs);
        Assert.Equal(6.0, path.LogicNs);
        Assert.Equal(8.0, path.RoutingNs);
        Assert.Equal(9, path.LogicLevels);
        Assert.Equal(["tiny_decoder.sv:33.14-33.44", "tiny_decoder.sv:18.26-18.32"], path.RtlSources);
        Assert.Equal(2.1, path.Steps[0].DelayNs);
        Assert.Equal("Net", path.Steps[1].Kind);
        Assert.Equal("entry_q[14]", path.Steps[1].Name);
    }

    [Fact]
    public void NextpnrLog_ReadsDeviceUtilisation()
    {
        var report = NextpnrLogParser.Parse(CapturedLogs.Read("scratch_nextpnr_hx8k.log"));

        Assert.Contains(new NextpnrUtilisation("ICESTORM_LC", 291, 7680), report.Utilisation);
        Assert.Contains(new NextpnrUtilisation("ICESTORM_RAM", 10, 32), report.Utilisation);
        Assert.Empty(report.Overflows);
    }

    [Fact]
    public void NextpnrLog_ReadsTheSlowerUp5kClock()
    {
        var report = NextpnrLogParser.Parse(CapturedLogs.Read("scratch_nextpnr_up5k.log"));

        Assert.Equal(29.69, report.MainClock!.FmaxMhz);
        Assert.Contains(new NextpnrUtilisation("ICESTORM_RAM", 10, 30), report.Utilisation);
    }

    [Fact]
    public void NextpnrLog_ExplainsWhatDoesNotFit_WhenTablesNeedMoreBlockRamThanTheDeviceHas()
    {
        var report = NextpnrLogParser.Parse(CapturedLogs.Read("bram_overflow_nextpnr_hx8k.log"));

        Assert.Empty(report.Clocks);
        Assert.Null(report.CriticalPath);
        var overflow = Assert.Single(report.Overflows);
        Assert.Equal("block RAM (ICESTORM_RAM): needs 64, iCE40-HX8K (ct256) has 32 (32 over)", Ice40Device.Hx8k.Explain(overflow));
        Assert.Contains(report.Errors, e => e.Contains("no BELs remaining to implement cell type 'ICESTORM_RAM'"));
    }

    [Fact]
    public void NextpnrLog_ExplainsWhatDoesNotFit_WhenThePortsNeedMorePinsThanThePackageHas()
    {
        var report = NextpnrLogParser.Parse(CapturedLogs.Read("io_overflow_nextpnr_hx8k.log"));

        var overflow = Assert.Single(report.Overflows);
        Assert.Equal("I/O pins (SB_IO): needs 301, iCE40-HX8K (ct256) has 256 (45 over)", Ice40Device.Hx8k.Explain(overflow));
    }
}

/// <summary>Logs of the generated minimal example (lanes 1, one 4-bit layer, table_log 11) as the RTL
/// stood when they were captured; the parsers must read the product's logs, not only the scratch's.</summary>
public class MinimalExampleLogTests
{
    [Fact]
    public void MinimalExample_ParsesFmaxAndACriticalPathThroughTheGeneratedRtl()
    {
        var report = NextpnrLogParser.Parse(CapturedLogs.Read("minimal_nextpnr_hx8k.log"));

        Assert.Equal(47.29, report.MainClock!.FmaxMhz);
        var path = report.CriticalPath!;
        Assert.Equal(21.1, path.TotalNs);
        Assert.Equal(8.5 + 12.6, path.LogicNs + path.RoutingNs, 3);
        Assert.All(path.RtlSources, s => Assert.StartsWith("minimal_", s));
        Assert.Contains(path.RtlSources, s => s.StartsWith("minimal_bitbuf.sv:", StringComparison.Ordinal));
    }

    [Fact]
    public void MinimalExample_ParsesAreaFromEachYosysStat()
    {
        var ice40 = Ice40Cells.From(YosysStatParser.Parse(CapturedLogs.Read("minimal_ice40.stat")));
        var rom = YosysStatParser.Parse(CapturedLogs.Read("minimal_generic_rom.stat"));
        var cmos = YosysStatParser.Parse(CapturedLogs.Read("minimal_generic_cmos.stat"));

        // SB_DFF 5 + SB_DFFESR 23 + SB_DFFSR 74.
        Assert.Equal(new Ice40Cells(Lut4: 638, Ff: 102, Bram: 9, Carry: 65), ice40);
        Assert.Equal(2048 * 19, rom.MemoryBits);
        Assert.Equal(12676, cmos.Transistors);
        Assert.True(cmos.TransistorsLowerBound);
    }
}
