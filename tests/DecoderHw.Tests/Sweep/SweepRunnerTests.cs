using System.Text.Json.Nodes;
using DecoderHw.Sizing;
using DecoderHw.Sweep;
using DecoderHw.Tests.Sizing;

namespace DecoderHw.Tests.Sweep;

public sealed class SweepRunnerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("decoderhw-sweep-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Writes a gen-like folder per point: an rtl/ file and report.json.</summary>
    private sealed class FakeGenerator(int failLanes = -1, string rtl = "module fake_decoder; endmodule") : IPointGenerator
    {
        public int Calls;
        public string Name => "fake";

        public void Generate(SweepPoint point, string specPath, string outputDir, CancellationToken cancellation)
        {
            Interlocked.Increment(ref Calls);
            File.WriteAllText(specPath, $"name: fake\nlanes: {point.Lanes}\n");
            if (point.Lanes == failLanes) throw new Cli.UserErrorException("gen: lanes 3 is not a power of two\nsecond line");
            Directory.CreateDirectory(Path.Combine(outputDir, "rtl"));
            File.WriteAllText(Path.Combine(outputDir, "rtl", "fake_decoder.sv"), rtl);
            File.WriteAllText(Path.Combine(outputDir, "report.json"), $$$"""
                {"name": "fake", "lanes": {{{point.Lanes}}}, "table_log": {{{point.TableLog}}}, "input_width": 32,
                 "totals": {"weights": 1000, "coded_bits": 2500, "header_bits": 100, "bits_per_weight": 2.6,
                            "entropy_bits_per_weight": 2.5, "cycles_per_weight": {{{1.0 / point.Lanes}}}}}
                """);
        }
    }

    private int sized;

    private async Task FakeSize(string genDir, CancellationToken cancellation)
    {
        Interlocked.Increment(ref sized);
        string path = Path.Combine(genDir, "report.json");
        var report = SizingReport.Load(path);
        SizingReport.Merge(report, SizingReport.ReadGen(report, path), SizingReportTests.Scratch());
        SizingReport.Save(report, path);
        await Task.CompletedTask;
    }

    private SweepRunner Runner(FakeGenerator generator, string context = "ctx") => new(generator, FakeSize, dir, context);

    private static readonly IReadOnlyList<SweepPoint> Points = SweepPoint.Grid([1, 2], [9, 11], null);

    [Fact]
    public async Task SweepRunner_ReadsEveryPointsNumbersFromItsReport_InPointOrder()
    {
        var results = await Runner(new FakeGenerator()).RunAsync(Points, jobs: 2, _ => { }, CancellationToken.None);

        Assert.Equal(Points, results.Select(r => r.Point));
        Assert.All(results, r => Assert.Equal(PointStatus.Ok, r.Row.Status));
        Assert.Equal([1, 1, 2, 2], results.Select(r => r.Row.Lanes));
        Assert.Equal(265, results[0].Row.Logic);
        Assert.Equal(2.0, results[3].Row.WeightsPerCycle);
        Assert.Equal(71.48e6 * 2, results[3].Row.WeightsPerSecond);
    }

    [Fact]
    public async Task SweepRunner_ReusesTheSizing_WhenGenWritesTheSameDecoderAgain()
    {
        await Runner(new FakeGenerator()).RunAsync(Points, 2, _ => { }, CancellationToken.None);
        var again = new FakeGenerator();

        var results = await Runner(again).RunAsync(Points, 2, _ => { }, CancellationToken.None);

        Assert.Equal(4, sized);
        Assert.Equal(4, again.Calls);
        Assert.All(results, r => Assert.True(r.Cached));
        Assert.Equal(265, results[2].Row.Logic);
        // The sized report is still there for the cached point; the candidate is gone.
        string point = Path.Combine(dir, "points", "lanes2-tl9");
        Assert.NotNull(SizingReport.Load(Path.Combine(point, "gen", "report.json"))["area"]);
        Assert.False(Directory.Exists(Path.Combine(point, "candidate")));
        Assert.True(File.Exists(Path.Combine(point, "spec.yaml")));
    }

    [Fact]
    public async Task SweepRunner_ResizesEveryPoint_WhenTheRtlOrTheToolsChange()
    {
        await Runner(new FakeGenerator()).RunAsync(Points, 2, _ => { }, CancellationToken.None);

        await Runner(new FakeGenerator(rtl: "module fake_decoder; wire w; endmodule")).RunAsync(Points, 2, _ => { }, CancellationToken.None);
        await Runner(new FakeGenerator(rtl: "module fake_decoder; wire w; endmodule"), context: "yosys 0.40").RunAsync(Points, 2, _ => { }, CancellationToken.None);

        Assert.Equal(12, sized);
    }

    [Fact]
    public async Task SweepRunner_KeepsGoingAndRetriesLater_WhenAPointFails()
    {
        var points = SweepPoint.Grid([1, 3], [11], null);
        var failing = new FakeGenerator(failLanes: 3);
        var finished = new List<PointResult>();

        var results = await Runner(failing).RunAsync(points, 1, finished.Add, CancellationToken.None);
        var retry = new FakeGenerator(failLanes: 3);
        var second = await Runner(retry).RunAsync(points, 1, _ => { }, CancellationToken.None);

        Assert.Equal(PointStatus.Ok, results[0].Row.Status);
        Assert.Equal(PointStatus.Failed, results[1].Row.Status);
        Assert.Equal("gen: lanes 3 is not a power of two | second line", results[1].Row.Message);
        Assert.Equal(2, finished.Count);
        Assert.Equal(2, retry.Calls);
        Assert.True(second[0].Cached);
        Assert.Equal(PointStatus.Failed, second[1].Row.Status);
    }
}
