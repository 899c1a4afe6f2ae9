using System.Text.Json;
using DecoderHw.Cli;
using DecoderHw.Tests.Spec;

namespace DecoderHw.Tests.Compare;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("decoderhw-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Compare_WritesEveryCoder_ForTheMinimalExample()
    {
        var spec = Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal.yaml");
        var stdout = new StringWriter();
        int exit = CliApp.Run(["compare", spec, "-o", _dir], new CliConsole(stdout, new StringWriter()));

        Assert.Equal(CliApp.ExitOk, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "compare.json")));
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["tans/rom", "huffman/rom", "raw/rom", "tans/ram", "huffman/ram"],
            variants.Select(v => $"{v.GetProperty("coder").GetString()}/{v.GetProperty("tables").GetString()}"));
        // Same weights through every coder; raw stores every weight at its layer's bits.
        Assert.Single(variants.Select(v => v.GetProperty("weights").GetInt64()).Distinct());
        var raw = variants[2];
        Assert.True(variants[0].GetProperty("bits_per_weight").GetDouble() < raw.GetProperty("bits_per_weight").GetDouble());
        Assert.Equal(0, raw.GetProperty("table_bits").GetInt64());
        Assert.True(variants[3].GetProperty("table_load_cycles").GetInt64() > 0);
        // Loading 15 code lengths takes far fewer cycles than spreading and building a 2^11-slot tANS table.
        Assert.InRange(variants[4].GetProperty("table_load_cycles").GetInt64(), 1, variants[3].GetProperty("table_load_cycles").GetInt64() / 10);
        Assert.Contains("| huffman | yes |", File.ReadAllText(Path.Combine(_dir, "compare.md")));
        Assert.Contains("tans (ram)", stdout.ToString());
    }
}
