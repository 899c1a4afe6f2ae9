using DecoderHw.Sizing;

namespace DecoderHw.Tests.Sizing;

/// <summary>One real, short yosys + nextpnr run, so a tool upgrade that changes the log formats shows
/// up here rather than as missing numbers. Filter out with <c>--filter Category!=Tools</c> where
/// the tools are not installed (CI has them).</summary>
[Trait("Category", "Tools")]
public sealed class RealToolsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("decoderhw-size-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task SizeJob_WritesAreaTimingAndThroughput_ForTheScratchSingleLaneDecoder()
    {
        string rtl = Path.Combine(dir, "rtl");
        Directory.CreateDirectory(rtl);
        File.WriteAllText(Path.Combine(rtl, "tiny_decoder.sv"), CapturedLogs.Read("tiny_decoder.sv.txt"));
        // Any table contents do: 2^11 entries of {symbol 4, nbBits 4, baseline 11}.
        File.WriteAllLines(Path.Combine(rtl, "tiny_table.mem"), Enumerable.Range(0, 2048).Select(i =>
            ((i % 15 << 15) | (i % 12 << 11) | (i * 37 % 2048)).ToString("x5", System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(dir, "report.json"), """
            {"name": "tiny", "lanes": 1, "table_log": 11, "input_width": 8,
             "totals": {"weights": 4096, "coded_bits": 10000, "header_bits": 64, "bits_per_weight": 2.457,
                        "entropy_bits_per_weight": 2.45, "cycles_per_weight": 1.001}}
            """);
        var options = SizingOptions.Default with { Devices = [Ice40Device.Hx8k], YosysTimeout = TimeSpan.FromMinutes(2), NextpnrTimeout = TimeSpan.FromMinutes(2) };

        var outcome = await new SizeJob(new ToolRunner(), options).RunAsync(dir, CancellationToken.None);

        var s = outcome.Sizing;
        Assert.InRange(s.Ice40.Lut4, 100, 600);
        Assert.InRange(s.Ice40.Bram, 5, 16);
        Assert.Equal(2048 * 19, s.TableRomBits);
        Assert.Equal(Ice40Device.Hx8k, s.PlaceRoute.Device);
        Assert.InRange(s.PlaceRoute.Report!.MainClock!.FmaxMhz, 20, 400);
        Assert.NotEmpty(s.PlaceRoute.Report.CriticalPath!.Steps);
        Assert.StartsWith("0.", s.Versions.Nextpnr);
        var report = SizingReport.Load(Path.Combine(dir, "report.json"));
        Assert.NotNull(report["throughput"]!["weights_per_second"]);
        Assert.True(File.Exists(Path.Combine(dir, "logs", "nextpnr_hx8k.log")));
    }
}
