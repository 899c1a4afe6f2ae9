using System.Text.Json;
using DecoderHw.Cli;
using DecoderHw.Compare;
using DecoderHw.Sizing;
using DecoderHw.Spec;
using DecoderHw.Tests.Spec;

namespace DecoderHw.Tests.Compare;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("decoderhw-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Minimal => Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal.yaml");

    private string Output => Path.Combine(_dir, "out");

    [Fact]
    public void Compare_WritesEveryCoderWithoutArea_WhenNoSize()
    {
        var stdout = new StringWriter();
        int exit = CliApp.Run(["compare", Minimal, "-o", Output, "--no-size"], new CliConsole(stdout, new StringWriter()));

        Assert.Equal(CliApp.ExitOk, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "compare.json")));
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["tans_rom", "huffman_rom", "raw_rom", "tans_ram", "huffman_ram", "tans_rom_2states", "rans_rom_state_4", "rans_rom_state_0", "rans_ram_state_4"],
            variants.Select(v => v.GetProperty("folder").GetString()));
        Assert.Equal(2, variants[5].GetProperty("states_per_lane").GetInt32());
        // Same weights through every coder; raw stores every weight at its layer's bits.
        Assert.Single(variants.Select(v => v.GetProperty("weights").GetInt64()).Distinct());
        var raw = variants[2];
        Assert.True(variants[0].GetProperty("bits_per_weight").GetDouble() < raw.GetProperty("bits_per_weight").GetDouble());
        Assert.Equal(0, raw.GetProperty("table_bits").GetInt64());
        Assert.True(variants[3].GetProperty("table_load_cycles").GetInt64() > 0);
        // Loading 15 code lengths takes far fewer cycles than spreading and building a 2^11-slot tANS table.
        Assert.InRange(variants[4].GetProperty("table_load_cycles").GetInt64(), 1, variants[3].GetProperty("table_load_cycles").GetInt64() / 10);
        Assert.All(variants, v => Assert.Equal(JsonValueKind.Null, v.GetProperty("sizing").ValueKind));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("tools").ValueKind);
        // Each variant's decoder is there to size or read by hand, with the coder it was generated for.
        foreach (var folder in new[] { "tans_rom", "huffman_rom", "raw_rom", "tans_ram", "huffman_ram", "tans_rom_2states" })
            Assert.True(File.Exists(Path.Combine(Output, "variants", folder, "rtl", "minimal_decoder.sv")), folder);
        Assert.Contains("coder: huffman", File.ReadAllText(Path.Combine(Output, "variants", "huffman_rom", "spec.resolved.yaml")));
        var md = File.ReadAllText(Path.Combine(Output, "compare.md"));
        Assert.Contains("| huffman | yes | 2.5776 |", md);
        Assert.Contains("| 2.58 | 214 | 1.3 | 3.04 | - | - | - | - | - | - |  |", md);
        // rANS keeps one entry per level for all lanes: far below tANS's 2^11-slot table.
        Assert.Contains("| rans (state 4) | yes |", md);
        Assert.True(variants[6].GetProperty("table_bits").GetInt64() * 50 < variants[0].GetProperty("table_bits").GetInt64());
        Assert.Contains("tans costs more than int8", md);
        Assert.Contains("tans (ram)", stdout.ToString());
        Assert.Contains("tans (2 states)", stdout.ToString());
        Assert.Contains("states_per_lane: 2", File.ReadAllText(Path.Combine(Output, "variants", "tans_rom_2states", "spec.resolved.yaml")));
        Assert.Contains("Not sized (--no-size)", stdout.ToString());
        // Written in a sibling temp folder and moved: nothing else is left beside it.
        Assert.Equal([Output], Directory.GetDirectories(_dir));
    }

    [Fact]
    public void Compare_RunsEveryCoder_WhenTheSpecHasThePipelinedLane()
    {
        var spec = Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal_pipe.yaml");

        int exit = CliApp.Run(["compare", spec, "-o", Output, "--no-size"], new CliConsole(new StringWriter(), new StringWriter()));

        // states_per_lane: 2 is dropped like the coder: huffman and raw have no states; the pipelined lane is its own row.
        Assert.Equal(CliApp.ExitOk, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "compare.json")));
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal([1, 1, 1, 1, 1, 2, 1, 1, 1], variants.Select(v => v.GetProperty("states_per_lane").GetInt32()));
        Assert.Contains("states_per_lane: 1", File.ReadAllText(Path.Combine(Output, "variants", "huffman_rom", "spec.resolved.yaml")));
    }

    [Fact]
    public void Compare_IsAUserErrorWithAHint_WhenYosysIsMissing()
    {
        var stderr = new StringWriter();
        var console = new CliConsole(new StringWriter(), stderr);
        var options = SizingOptions.Default with { Tools = new ToolPaths(Yosys: Path.Combine(_dir, "no-such-yosys")) };
        var spec = SpecLoader.Load(Minimal);

        int exit = CliApp.Guard(console, () => new CompareRun(console, options, jobs: 1).Execute(spec, Minimal, Output, CancellationToken.None));

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains("no-such-yosys: not found", stderr.ToString());
        Assert.Contains("--no-size", stderr.ToString());
        Assert.Contains("make deps", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void Compare_RejectsJobsBelowOne()
    {
        var stderr = new StringWriter();

        int exit = CliApp.Run(["compare", Minimal, "-o", Output, "--no-size", "--jobs", "0"], new CliConsole(new StringWriter(), stderr));

        Assert.Equal(CliApp.ExitUserError, exit);
        Assert.Contains("--jobs", stderr.ToString());
    }
}
