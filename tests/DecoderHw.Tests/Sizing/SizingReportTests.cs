using System.Text.Json.Nodes;
using DecoderHw.Sizing;

namespace DecoderHw.Tests.Sizing;

public class SizingReportTests
{
    /// <summary>A sizing result assembled from the captured logs of the scratch decoder.</summary>
    internal static SizingResult Scratch(bool placed = true) => new(
        "tiny_decoder",
        YosysStatParser.Parse(CapturedLogs.Read("scratch_generic.stat")),
        YosysStatParser.Parse(CapturedLogs.Read("scratch_generic_cmos.stat")),
        Ice40Cells.From(YosysStatParser.Parse(CapturedLogs.Read("scratch_ice40.stat"))),
        YosysStatParser.Parse(CapturedLogs.Read("scratch_generic_rom.stat")).MemoryBits,
        placed
            ? new PlaceRouteResult(Ice40Device.Hx8k, NextpnrLogParser.Parse(CapturedLogs.Read("scratch_nextpnr_hx8k.log")), [])
            : new PlaceRouteResult(null, null, ["iCE40-HX8K: block RAM: needs 64 SB_RAM40_4K, iCE40-HX8K has 32 (32 over)"]),
        new ToolVersions("0.23 (git sha1 7ce5011c24b)", "0.4-1+b1"),
        SizingOptions.Default);

    private static readonly SizingReport.GenFigures Gen = new("tiny", Weights: 100_000, CodedBits: 250_000, HeaderBits: 200, BitsPerWeight: 2.502, CyclesPerWeight: 1.25);

    private static JsonObject GenReport() => JsonNode.Parse("""
        {"name": "tiny", "lanes": 1, "totals": {"weights": 100000, "coded_bits": 250000, "header_bits": 200,
         "bits_per_weight": 2.502, "cycles_per_weight": 1.25}}
        """)!.AsObject();

    [Fact]
    public void SizingReport_ReadsTheFiguresGenWrote()
    {
        Assert.Equal(Gen, SizingReport.ReadGen(GenReport(), "report.json"));
    }

    [Fact]
    public void SizingReport_RejectsAReport_WithoutGenTotals()
    {
        var e = Assert.Throws<Cli.UserErrorException>(() => SizingReport.ReadGen(JsonNode.Parse("""{"name": "x"}""")!.AsObject(), "r.json"));

        Assert.Contains("r.json", e.Message);
    }

    [Fact]
    public void SizingReport_AddsAreaTimingThroughputMemoryAndTools_AndKeepsGenFields()
    {
        var report = GenReport();

        SizingReport.Merge(report, Gen, Scratch());

        Assert.Equal(1, report["lanes"]!.GetValue<int>());
        Assert.Equal(265, report["area"]!["ice40"]!["lut4"]!.GetValue<long>());
        Assert.Equal(51, report["area"]!["ice40"]!["ff"]!.GetValue<long>());
        Assert.Equal(10, report["area"]!["ice40"]!["bram"]!.GetValue<long>());
        Assert.Equal(32, report["area"]!["ice40"]!["carry"]!.GetValue<long>());
        Assert.Equal(546, report["area"]!["yosys_cells"]!.GetValue<long>());
        Assert.Equal(5654, report["area"]!["cmos_transistors"]!.GetValue<long>());
        Assert.Equal(38912, report["area"]!["table_rom_bits"]!.GetValue<long>());
        Assert.Equal("iCE40-HX8K", report["timing"]!["device"]!.GetValue<string>());
        Assert.Equal(71.48, report["timing"]!["fmax_mhz"]!.GetValue<double>());
        Assert.Equal("rom.0.7_RAM.RDATA_3", report["timing"]!["critical_path"]!["from"]!.GetValue<string>());
        // 1.25 cycles per weight at 71.48 MHz.
        Assert.Equal(0.8, report["throughput"]!["weights_per_cycle"]!.GetValue<double>());
        Assert.Equal(57_184_000, report["throughput"]!["weights_per_second"]!.GetValue<double>());
        // 250200 stream bits = 31275 bytes, 38912 table bits = 4864 bytes.
        Assert.Equal(31275, report["memory"]!["stream_bytes"]!.GetValue<long>());
        Assert.Equal(4864, report["memory"]!["table_bytes"]!.GetValue<long>());
        Assert.Equal(100_000, report["memory"]!["int8_bytes"]!.GetValue<long>());
        Assert.Equal(400_000, report["memory"]!["float32_bytes"]!.GetValue<long>());
        Assert.Equal("0.23 (git sha1 7ce5011c24b)", report["tools"]!["yosys"]!.GetValue<string>());
        Assert.Equal("nextpnr-ice40 0.4-1+b1", report["tools"]!["nextpnr"]!.GetValue<string>());
    }

    [Fact]
    public void SizingReport_KeepsGenericNumbersAndSaysWhatDoesNotFit_WhenNoDeviceFits()
    {
        var report = GenReport();

        SizingReport.Merge(report, Gen, Scratch(placed: false));

        Assert.Null(report["timing"]!["device"]);
        Assert.Null(report["timing"]!["fmax_mhz"]);
        Assert.Null(report["throughput"]!["weights_per_second"]);
        Assert.Equal(546, report["area"]!["yosys_cells"]!.GetValue<long>());
        Assert.Contains("32 over", report["timing"]!["not_fitting"]![0]!.GetValue<string>());
    }

    [Fact]
    public void SizingMarkdown_ReplacesTheSectionOfAnEarlierRun_AndKeepsTheRest()
    {
        string first = SizingMarkdown.Replace("# tiny\n\ntext\n", "## Sizing\n\nold\n");
        string second = SizingMarkdown.Replace(first + "\n## Later\n\nkept\n", "## Sizing\n\nnew\n");

        Assert.Equal("# tiny\n\ntext\n\n## Sizing\n\nold\n", first);
        Assert.Equal("# tiny\n\ntext\n\n## Later\n\nkept\n\n## Sizing\n\nnew\n", second);
    }

    [Fact]
    public void DecoderMemory_CountsTheTablesAgainstTheSaving()
    {
        var memory = new DecoderMemory(Weights: 1000, StreamBits: 2001, TableBits: 8 * 100);

        Assert.Equal(251, memory.StreamBytes);
        Assert.Equal(351, memory.DecoderTotalBytes);
        Assert.Equal(1000.0 / 351, memory.RatioVsInt8);
        Assert.Equal(4000.0 / 351, memory.RatioVsFloat32);
    }
}
