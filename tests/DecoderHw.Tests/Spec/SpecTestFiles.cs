using DecoderHw.Spec;

namespace DecoderHw.Tests.Spec;

/// <summary>Paths into the repository and small helpers shared by the spec tests.</summary>
internal static class SpecTestFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ExamplesDirectory => Path.Combine(RepoRoot, "examples");

    public static IEnumerable<string> ExampleSpecs =>
        Directory.EnumerateFiles(ExamplesDirectory, "*.yaml").Order(StringComparer.Ordinal);

    /// <summary>The errors a spec text produces; fails the test if it loads.</summary>
    public static IReadOnlyList<SpecError> ErrorsOf(string yaml, string fileName = "t.yaml")
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse(yaml, fileName));
        Assert.NotEmpty(e.Errors);
        return e.Errors;
    }

    public static SpecError SingleErrorOf(string yaml) => Assert.Single(ErrorsOf(yaml));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DecoderHw.sln"))) return dir.FullName;
        throw new InvalidOperationException("DecoderHw.sln not found above " + AppContext.BaseDirectory);
    }
}
