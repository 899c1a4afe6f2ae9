using DecoderHw.Compare;
using DecoderHw.Sizing;
using DecoderHw.Spec;
using DecoderHw.Tests.Sizing;
using DecoderHw.Tests.Spec;

namespace DecoderHw.Tests.Compare;

/// <summary>compare's sizing step with a stand-in for yosys + nextpnr: the captured "scratch" numbers
/// of Sizing/logs for every decoder. The real flow is <see cref="SizeJob"/>, tested in RealToolsTests.</summary>
public sealed class CompareSizerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("decoderhw-comparesizer-").FullName;
    private static readonly string Spec = Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal.yaml");
    private static readonly IReadOnlyList<ComparedVariant> Variants = CoderComparison.Compute(SpecLoader.Load(Spec), Spec);
    private readonly List<string> sized = [];

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Sizes like SizeJob: reads gen's figures from the folder's report.json; throws a tool failure for <paramref name="failing"/>.</summary>
    private Func<string, CancellationToken, Task<SizeOutcome>> FakeSize(string? failing = null) => (genDir, _) =>
    {
        lock (sized) sized.Add(Path.GetFileName(genDir));
        if (Path.GetFileName(genDir) == failing)
            throw new ToolException("nextpnr-ice40: exited with code 1:\n  ERROR: boom\nfull log: x.log", new ToolRun("nextpnr-ice40", [], ".", "x.log", TimeSpan.FromSeconds(1)));
        string path = Path.Combine(genDir, "report.json");
        var gen = SizingReport.ReadGen(SizingReport.Load(path), path);
        return Task.FromResult(new SizeOutcome(genDir, gen, SizingReportTests.Scratch()));
    };

    private async Task<IReadOnlyList<SizedVariant>> Run(string staging, string target, string? failing = null) =>
        await new CompareSizer(FakeSize(failing), "ctx", jobs: 2).RunAsync(Variants, Spec, staging, target, _ => { }, _ => { }, CancellationToken.None);

    [Fact]
    public async Task CompareSizer_SizesEveryVariantsOwnRtl_WithItsOwnCyclesPerWeight()
    {
        var results = await Run(Path.Combine(dir, "a"), Path.Combine(dir, "a"));

        Assert.Equal(["huffman_ram", "huffman_rom", "rans_ram_state_4", "rans_rom_state_0", "rans_rom_state_4", "raw_rom", "tans_ram", "tans_rom", "tans_rom_2states"], sized.Order());
        Assert.All(results, r => Assert.True(r.Variant.HasRtl));
        Assert.All(results, r => Assert.Equal(71.48, r.Variant.Sizing!.FmaxMhz));
        // weights/s uses the variant's own cycles: tables: ram pays for its table load.
        var tans = results[0].Variant;
        var ram = results[3].Variant;
        Assert.Equal(Math.Round(71.48e6 / tans.CyclesPerWeight), tans.Sizing!.WeightsPerSecond);
        Assert.Equal(Math.Round(71.48e6 / ram.CyclesPerWeight), ram.Sizing!.WeightsPerSecond);
        Assert.True(ram.Sizing.WeightsPerSecond < tans.Sizing.WeightsPerSecond);
        Assert.Contains("tables: ram", File.ReadAllText(Path.Combine(dir, "a", "variants", "tans_ram", "spec.resolved.yaml")));
    }

    [Fact]
    public async Task CompareSizer_KeepsThePreviousNumbers_WhenTheRtlIsUnchanged()
    {
        string previous = Path.Combine(dir, "prev");
        await Run(previous, previous);
        File.AppendAllText(Path.Combine(previous, "variants", "raw_rom", "logs-marker.txt"), "sized before");
        sized.Clear();

        var again = await Run(Path.Combine(dir, "staging"), previous);

        Assert.Empty(sized);
        Assert.All(again.Where(r => r.Variant.HasRtl), r => Assert.True(r.Cached));
        Assert.Equal(265, again[2].Variant.Sizing!.Logic);
        // The earlier run's files (logs, sized report) come along into the new folder.
        Assert.True(File.Exists(Path.Combine(dir, "staging", "variants", "raw_rom", "logs-marker.txt")));
    }

    [Fact]
    public async Task CompareSizer_ResizesOnlyWhatChanged_WhenTheContextOrRtlMoved()
    {
        string previous = Path.Combine(dir, "prev");
        await Run(previous, previous);
        File.WriteAllText(Path.Combine(previous, "variants", "huffman_rom", "key.txt"), "stale");
        sized.Clear();

        await Run(Path.Combine(dir, "staging"), previous);

        Assert.Equal(["huffman_rom"], sized);
    }

    [Fact]
    public async Task CompareSizer_ReportsAToolFailureInItsRow_AndSizesTheOthers()
    {
        var results = await Run(Path.Combine(dir, "a"), Path.Combine(dir, "a"), failing: "raw_rom");

        var raw = results[2].Variant.Sizing!;
        Assert.Equal(VariantSizingStatus.Failed, raw.Status);
        Assert.Contains("ERROR: boom", raw.Message);
        Assert.Equal(VariantSizingStatus.Ok, results[1].Variant.Sizing!.Status);
        // No key for a failure: the next run retries it.
        Assert.False(File.Exists(Path.Combine(dir, "a", "variants", "raw_rom", "key.txt")));
        Assert.True(File.Exists(Path.Combine(dir, "a", "variants", "tans_rom", "key.txt")));
    }
}
