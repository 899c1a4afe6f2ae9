using System.Diagnostics;
using System.Text.Json;
using DecoderHw.Cli;

namespace DecoderHw.Tests.Compare;

/// <summary>Runs only with <c>DECODERHW_SLOW_TESTS=1</c>: twelve tool runs take 20-25 s on the shared
/// 2-core machine even for the tiniest decoder (tool start-up and nextpnr's chip database dominate), and
/// the suite already has one real yosys + nextpnr run (RealToolsTests). The rest of compare is tested
/// without tools (CompareSizerTests, CompareTableTests).</summary>
public sealed class SlowToolsFactAttribute : FactAttribute
{
    public SlowToolsFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DECODERHW_SLOW_TESTS") != "1")
            Skip = "slow (yosys + nextpnr for four decoders): set DECODERHW_SLOW_TESTS=1 to run";
    }
}

/// <summary>compare with the real yosys and nextpnr-ice40 on a decoder small enough that all four
/// variants place and route (one lane, 256 two-bit weights, table_log 5).</summary>
[Trait("Category", "Tools")]
public sealed class CompareRealToolsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("decoderhw-compare-tools-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private const string Tiny = """
        name: tiny
        table_log: 5
        lanes: 1
        input_width: 8
        layers:
          - name: dense
            bits: 2
            distribution: {laplace: 1.0}
            count: 256
        """;

    [SlowToolsFact]
    public void Compare_PlacesEveryVariantOnTheHx8k_ThenReusesTheNumbers()
    {
        string spec = Path.Combine(dir, "tiny.yaml"), output = Path.Combine(dir, "out");
        File.WriteAllText(spec, Tiny);
        string[] args = ["compare", spec, "-o", output, "--device", "hx8k", "--jobs", "2"];

        int exit = CliApp.Run(args, new CliConsole(new StringWriter(), new StringWriter()));

        Assert.Equal(CliApp.ExitOk, exit);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "compare.json"))))
        {
            foreach (var v in json.RootElement.GetProperty("variants").EnumerateArray())
            {
                var s = v.GetProperty("sizing");
                string label = v.GetProperty("folder").GetString()!;
                Assert.True(s.GetProperty("status").GetString() == "ok", label);
                Assert.InRange(s.GetProperty("logic").GetInt64(), 20, 3000);
                Assert.InRange(s.GetProperty("fmax_mhz").GetDouble(), 10, 500);
                // weights/s = Fmax x weights/cycle of the variant's own free run.
                Assert.Equal(s.GetProperty("fmax_mhz").GetDouble() * 1e6 / v.GetProperty("cycles_per_weight").GetDouble(),
                    s.GetProperty("weights_per_second").GetDouble(), 0.01 * s.GetProperty("weights_per_second").GetDouble());
                Assert.True(File.Exists(Path.Combine(output, "variants", label, "logs", "nextpnr_hx8k.log")), label);
            }
            var raw = json.RootElement.GetProperty("variants")[2].GetProperty("sizing");
            Assert.Equal(0, raw.GetProperty("memory").GetInt64());
        }

        var stdout = new StringWriter();
        var clock = Stopwatch.StartNew();
        Assert.Equal(CliApp.ExitOk, CliApp.Run(args, new CliConsole(stdout, new StringWriter())));

        // Same RTL, same tools and options: nothing is synthesized again.
        Assert.Equal(4, stdout.ToString().Split("(cached)").Length - 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cached rerun took {clock.Elapsed}");
        Assert.True(File.Exists(Path.Combine(output, "variants", "tans_rom", "logs", "nextpnr_hx8k.log")));
    }
}
