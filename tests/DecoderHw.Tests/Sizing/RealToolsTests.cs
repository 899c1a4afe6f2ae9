using DecoderHw.Cli;
using DecoderHw.Sizing;
using DecoderHw.Tests.Spec;

namespace DecoderHw.Tests.Sizing;

/// <summary>One real, short gen + yosys + nextpnr run on the minimal example, so a change of the RTL
/// or a tool upgrade that changes the log formats shows up here rather than as missing numbers.
/// Filter out with <c>--filter Category!=Tools</c> where the tools are not installed (CI has them).</summary>
[Trait("Category", "Tools")]
public sealed class RealToolsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("decoderhw-size-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task SizeJob_WritesAreaTimingAndThroughput_ForTheMinimalExample()
    {
        string spec = Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal.yaml");
        string output = GenStep.Run(spec, Path.Combine(dir, "minimal"), new CliConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None);
        var options = SizingOptions.Default with
        {
            Devices = [Ice40Device.Hx8k],
            YosysTimeout = TimeSpan.FromMinutes(2),
            NextpnrTimeout = TimeSpan.FromMinutes(2),
            Seeds = 2,
        };

        var outcome = await new SizeJob(new ToolRunner(), options).RunAsync(output, CancellationToken.None);

        var s = outcome.Sizing;
        Assert.Equal("minimal_decoder", s.Top);
        Assert.InRange(s.Ice40!.Lut4, 50, 3000);
        Assert.InRange(s.Ice40.Bram, 1, 32);
        // One lane, one 2^11-entry table: the ROM holds at least 2048 entries of some bits each.
        Assert.True(s.TableRomBits >= 2048 * 8, $"table_rom_bits {s.TableRomBits}");
        Assert.Equal(Ice40Device.Hx8k, s.PlaceRoute.Device);
        Assert.InRange(s.PlaceRoute.Report!.MainClock!.FmaxMhz, 10, 500);
        Assert.NotEmpty(s.PlaceRoute.Report.CriticalPath!.Steps);
        var report = SizingReport.Load(Path.Combine(output, "report.json"));
        Assert.NotNull(report["throughput"]!["weights_per_second"]);
        Assert.Equal("minimal", report["name"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(output, "logs", "nextpnr_hx8k.log")));
        // Two placements; the reported one is the lower median (with two, the slower), its log kept under the device's name.
        Assert.Equal([1, 2], s.PlaceRoute.Placements.Select(p => p.Seed));
        Assert.Equal(s.PlaceRoute.Placements.Min(p => p.FmaxMhz), s.PlaceRoute.Report.MainClock.FmaxMhz);
        Assert.True(File.Exists(Path.Combine(output, "logs", "nextpnr_hx8k_seed1.log")));
        Assert.True(File.Exists(Path.Combine(output, "logs", "nextpnr_hx8k_seed2.log")));
        Assert.Equal(2, report["timing"]!["seeds"]!.AsArray().Count);
        Assert.Equal(s.PlaceRoute.Seed, report["timing"]!["seed"]!.GetValue<int>());
        Assert.Contains("## Sizing", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    [Fact]
    public async Task SizeJob_ReportsEveryOtherTarget_ForTheMinimalExample()
    {
        string spec = Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal.yaml");
        string output = GenStep.Run(spec, Path.Combine(dir, "minimal"), new CliConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None);
        foreach (var target in new[] { SizingTarget.Ecp5, SizingTarget.Xilinx, SizingTarget.Gowin, SizingTarget.Asic })
        {
            var options = SizingOptions.Default with { Target = target, YosysTimeout = TimeSpan.FromMinutes(2) };

            var s = (await new SizeJob(new ToolRunner(), options).RunAsync(output, CancellationToken.None)).Sizing;

            var report = SizingReport.Load(Path.Combine(output, "report.json"));
            Assert.Equal(target.Name, report["area"]!["target"]!["name"]!.GetValue<string>());
            Assert.Null(s.PlaceRoute.Device);
            if (target == SizingTarget.Asic)
            {
                // GE x 4 is the transistor count yosys prints for the same mapped netlist.
                var cmos = YosysStatParser.Parse(File.ReadAllText(Path.Combine(output, "logs", "asic_cmos.stat")));
                Assert.Equal(cmos.Transistors!.Value, (long)(s.Gates!.GateEquivalents * 4));
                Assert.Equal(s.TableRomBits, s.Gates.MemoryBits);
                Assert.InRange(s.Gates.GateEquivalents, 300, 20_000);
            }
            else
            {
                Assert.InRange(s.Cells!.Luts, 50, 5000);
                Assert.InRange(s.Cells.Brams, 1, 8);
                Assert.InRange(s.Cells.Ffs, 20, 500);
            }
        }
    }

    /// <summary>A registered 8 x 8 multiplier (logs/mul8.sv.txt) with a stand-in first part that holds
    /// only 50 logic cells: synth_ice40 makes its product of about 160 LUT4, so the flow must synthesize
    /// again with -dsp for the UP5K, where one SB_MAC16 takes it, and place it there.</summary>
    [Fact]
    public async Task SizingFlow_PlacesOnTheUp5kWithItsDsp_WhenTheMultiplierDoesNotFitTheFirstPart()
    {
        var paths = SizingPaths.ForOutput(Path.Combine(dir, "mul8"));
        Directory.CreateDirectory(paths.RtlDir);
        File.WriteAllText(Path.Combine(paths.RtlDir, "mul8.sv"), CapturedLogs.Read("mul8.sv.txt"));
        File.WriteAllText(Path.Combine(paths.RtlDir, "mul8.f"), "mul8.sv\n");
        var small = Ice40Device.Hx8k with { LogicCells = 50 };
        var options = SizingOptions.Default with
        {
            Devices = [small, Ice40Device.Up5k],
            YosysTimeout = TimeSpan.FromMinutes(2),
            NextpnrTimeout = TimeSpan.FromMinutes(2),
        };

        var s = await new SizingFlow(new ToolRunner(), options).RunAsync(paths, "mul8", CancellationToken.None);

        Assert.Equal(Ice40Device.Up5k, s.PlaceRoute.Device);
        Assert.Equal(1, s.Ice40!.Dsp);
        Assert.Equal(1, s.Cells!.Dsps);
        Assert.InRange(s.Ice40.Lut4, 0, 50);
        var reason = Assert.Single(s.PlaceRoute.NotFitting);
        Assert.StartsWith("iCE40-HX8K: logic: needs at least ", reason);
        Assert.True(File.Exists(paths.Log("yosys_ice40_up5k.ys")));
        Assert.True(File.Exists(paths.Log("nextpnr_up5k.log")));
    }

    /// <summary>Without a multiplier or a written memory, -dsp -spram would change nothing: the UP5K is
    /// tried with the first part's netlist, and yosys runs once.</summary>
    [Fact]
    public async Task SizingFlow_ReusesTheFirstNetlistForTheUp5k_WhenNothingMapsToItsBlocks()
    {
        string spec = Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal_pipe.yaml");
        string output = GenStep.Run(spec, Path.Combine(dir, "minimal"), new CliConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None);
        var options = SizingOptions.Default with
        {
            Devices = [Ice40Device.Hx8k with { BlockRams = 1 }, Ice40Device.Up5k],
            YosysTimeout = TimeSpan.FromMinutes(2),
            NextpnrTimeout = TimeSpan.FromMinutes(2),
        };

        var s = (await new SizeJob(new ToolRunner(), options).RunAsync(output, CancellationToken.None)).Sizing;

        // minimal_pipe has input_width 8: its ports fit the UP5K's 48-pin package.
        Assert.Equal(Ice40Device.Up5k, s.PlaceRoute.Device);
        Assert.Equal(0, s.Ice40!.Dsp);
        Assert.False(File.Exists(Path.Combine(output, "logs", "yosys_ice40_up5k.ys")));
        Assert.StartsWith("iCE40-HX8K: block RAM: needs ", Assert.Single(s.PlaceRoute.NotFitting));
    }
}
