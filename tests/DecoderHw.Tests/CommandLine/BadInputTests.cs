using DecoderHw.Cli;
using DecoderHw.Generation;
using DecoderHw.Tests.Quantize;
using DecoderHw.Tests.Spec;
using DecoderHw.Tests.Weights;
using static DecoderHw.Tests.Weights.WeightFileWriter;

namespace DecoderHw.Tests.CommandLine;

/// <summary>
/// The "bad input" table of README.md, row by row: what the user did, the exit code, the one line that
/// names the path or option, and that nothing of theirs was touched. Each row failed on main before
/// issue 12 (deleted the folder, exited 1 with "internal error", or did unbounded work).
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Minimal => Path.Combine(SpecTestFiles.ExamplesDirectory, "minimal.yaml");

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int exit = CliApp.Run(args, new CliConsole(o, e));
        return (exit, o.ToString(), e.ToString());
    }

    private static void AssertUserError((int Exit, string Out, string Error) r, string names)
    {
        Assert.True(r.Exit == CliApp.ExitUserError, $"exit {r.Exit}: {r.Error}");
        Assert.Contains(names, r.Error);
        Assert.DoesNotContain("internal error", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    /// <summary>A user's folder: a file, a .git with something in it.</summary>
    private string UserFolder(string name)
    {
        string dir = _dir.File(name);
        Directory.CreateDirectory(Path.Combine(dir, ".git"));
        File.WriteAllText(Path.Combine(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        return dir;
    }

    private static void AssertUntouched(string dir)
    {
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(dir, ".git", "HEAD")));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(dir).Count());
    }

    [Theory]
    [InlineData("gen")]
    [InlineData("compare")]
    public void Output_IsRefused_WhenFolderHoldsFilesDecoderHwDidNotWrite(string command)
    {
        string dir = UserFolder("work");
        string[] args = command == "gen" ? ["gen", Minimal, "-o", dir] : ["compare", Minimal, "-o", dir, "--no-size"];

        AssertUserError(Run(args), $"-o {dir}: folder is not empty and was not written by DecoderHw");
        AssertUntouched(dir);
    }

    [Fact]
    public void Output_ReplacesOnlyItsOwnEntries_WhenFolderCarriesTheMarker()
    {
        string dir = _dir.File("out");
        Assert.Equal(CliApp.ExitOk, Run("gen", Minimal, "-o", dir).Exit);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(dir, "report.md"), "edited by hand, still gen's");

        Assert.Equal(CliApp.ExitOk, Run("gen", Minimal, "-o", dir).Exit);

        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.StartsWith("#", File.ReadAllText(Path.Combine(dir, "report.md")));
        Assert.Contains("gen rtl", File.ReadAllText(Path.Combine(dir, OutputFolder.MarkerFile)));
        Assert.Empty(Directory.EnumerateDirectories(dir, ".decoderhw-tmp-*"));
    }

    [Fact]
    public void QuantizeThenGen_IntoOneFolder_KeepsTheSpecAndTheQuantizeReport()
    {
        string model = _dir.File("net.safetensors");
        Safetensors(model, [new Entry("fc.weight", "F32", [64, 64], F32(Laplace.Sample(64 * 64, 0.1, 1)))]);
        string folder = _dir.File("agm"), spec = Path.Combine(folder, "spec.yaml");

        Assert.Equal(CliApp.ExitOk, Run("quantize", model, "--bits", "4", "-o", spec).Exit);
        var gen = Run("gen", spec, "-o", folder);

        Assert.True(gen.Exit == CliApp.ExitOk, gen.Error);
        Assert.True(File.Exists(spec));
        Assert.True(File.Exists(Path.Combine(folder, "quantize_report.json")));
        Assert.True(File.Exists(Path.Combine(folder, "rtl", "agm_decoder.sv")), "the decoder is named after the folder, not 'spec'");
    }

    [Fact]
    public void Quantize_RefusesToOverwriteASpecItDidNotWrite()
    {
        string model = _dir.File("net.safetensors");
        Safetensors(model, [new Entry("fc.weight", "F32", [64, 64], F32(Laplace.Sample(64 * 64, 0.1, 1)))]);
        string spec = _dir.File("mine.yaml");
        File.WriteAllText(spec, "name: mine\n");

        AssertUserError(Run("quantize", model, "--bits", "4", "-o", spec), $"-o {spec}: exists and was not written by DecoderHw");
        Assert.Equal("name: mine\n", File.ReadAllText(spec));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("/dev/null")]
    public void Output_ThatIsNotAFolder_IsAUserError(string kind)
    {
        string target = kind == "file" ? _dir.File("README.md") : kind;
        if (kind == "file") File.WriteAllText(target, "readme");

        AssertUserError(Run("gen", Minimal, "-o", target), $"-o {target}: exists and is not a folder");
        if (kind == "file") Assert.Equal("readme", File.ReadAllText(target));
    }

    [Fact]
    public void Output_OnAReadOnlyFileSystem_IsAUserError()
    {
        // /proc refuses new folders even to root (the tests may run as root, where chmod does not bind).
        AssertUserError(Run("gen", Minimal, "-o", "/proc/decoderhw-out"), "/proc/decoderhw-out: cannot write");
    }

    [Theory]
    [InlineData("--freq", "nan")]
    [InlineData("--freq", "0")]
    [InlineData("--freq", "-5")]
    [InlineData("--freq", "1e9")]
    [InlineData("--seeds", "0")]
    [InlineData("--seed", "-1")]
    public void Size_OptionOutOfRange_IsRefusedBeforeAnyWork(string option, string value)
    {
        string dir = _dir.File("size-out");

        AssertUserError(Run("size", Minimal, "-o", dir, option, value), $"{option}: must be");
        Assert.False(Directory.Exists(dir), "nothing generated");
    }

    [Theory]
    [InlineData("sweep", "--jobs", "0")]
    [InlineData("sweep", "--jobs", "100000")]
    [InlineData("compare", "--jobs", "0")]
    [InlineData("sweep", "--table-log", "1..2000000000")]
    public void Sweep_AndCompare_BadCounts_AreRefusedBeforeAnyWork(string command, string option, string value)
    {
        string dir = _dir.File("out");
        string[] args = command == "sweep" ? ["sweep", Minimal, "-o", dir, option, value] : ["compare", Minimal, "-o", dir, "--no-size", option, value];

        AssertUserError(Run(args), $"{option}: must be");
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Sweep_ErrorListsAFewOffendingValues_NotAMillion()
    {
        var r = Run("sweep", Minimal, "-o", _dir.File("s"), "--table-log", string.Join(",", Enumerable.Range(20, 100_000)) + ",1..1000000");

        AssertUserError(r, "--table-log: must be 5..12, got 20, 21, 22, 23 and 99997 more");
        Assert.True(r.Error.Length < 200, $"{r.Error.Length} characters");
    }

    [Fact]
    public void Spec_OverTheTotalWeightLimit_IsRefusedUpFront()
    {
        string spec = _dir.File("huge.yaml");
        File.WriteAllText(spec, "name: huge\nlayers:\n" + string.Concat(Enumerable.Range(0, 10).Select(i =>
            $"  - {{name: l{i}, bits: 4, distribution: {{laplace: 2.0}}, count: 100000000}}\n")));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        AssertUserError(Run("gen", spec, "-o", _dir.File("huge-out")), "more than 100,000,000 weights in one spec (reached at layer 'l1')");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
    }

    [Fact]
    public void Spec_WithANulByte_IsAnErrorAtItsPosition()
    {
        string spec = _dir.File("nul.yaml");
        // Otherwise valid: the YAML parser used to drop the NUL and gen went on.
        File.WriteAllBytes(spec, "name: minimal\nlanes: 1\u0000\nlayers:\n  - {name: a, bits: 4, distribution: {laplace: 2.0}, count: 10}\n"u8.ToArray());

        AssertUserError(Run("gen", spec, "-o", _dir.File("o")), $"{spec}:2:9: control character U+0000");
    }

    [Fact]
    public void WeightSource_ThatIsAFolder_IsReportedAsAFolder()
    {
        Directory.CreateDirectory(_dir.File("weights.npy"));
        string spec = _dir.File("dir.yaml");
        File.WriteAllText(spec, "name: d\nlayers:\n  - {name: a, bits: 4, source: {file: weights.npy, tensor: weights}}\n");

        AssertUserError(Run("gen", spec, "-o", _dir.File("o")), "is a folder");
    }

    [Fact]
    public void NanWeight_MessageIsWhole()
    {
        string model = _dir.File("nan.safetensors");
        var values = Laplace.Sample(64 * 64, 0.1, 1);
        values[5] = float.NaN;
        Safetensors(model, [new Entry("fc.weight", "F32", [64, 64], F32(values))]);

        AssertUserError(Run("quantize", model, "--bits", "4", "-o", _dir.File("q/spec.yaml")), "weights must be finite numbers");
    }

    [Theory]
    [InlineData("name: \"quoted\"\nlayers:\n  - {name: a, bits: 4, distribution: {laplace: 2.0}, count: 10}\n", "quoted")]
    [InlineData("{name: flow, layers: [{name: a, bits: 4, distribution: {laplace: 2.0}, count: 10}]}\n", "flow")]
    public void PrintOutput_GivesMakeTheFolder_ForAnyValidYamlAndPathsWithSpaces(string yaml, string name)
    {
        string spec = _dir.File("my specs/x y.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
        File.WriteAllText(spec, yaml);

        var r = Run("gen", spec, "--print-output");

        Assert.True(r.Exit == CliApp.ExitOk, r.Error);
        Assert.EndsWith(Path.Combine("build", name), r.Out.Trim());
    }
}
