using DecoderHw.Spec;

namespace DecoderHw.Tests.Spec;

public sealed class ExampleSpecTests
{
    public static TheoryData<string> Examples => [.. SpecTestFiles.ExampleSpecs.Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleSpec_Loads_WhenReadFromExamplesFolder(string file)
    {
        var path = Path.Combine(SpecTestFiles.ExamplesDirectory, file);

        var spec = SpecLoader.Load(path);

        Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Name);
        Assert.Equal(path, spec.SourcePath);
        Assert.NotEmpty(spec.Layers);
    }

    [Fact]
    public void ExampleSpecs_CoverTheShapesTheIssueAsksFor_WhenAllLoaded()
    {
        var specs = SpecTestFiles.ExampleSpecs.Select(SpecLoader.Load).ToDictionary(s => s.Name);

        Assert.Equal((4, 32, 11), (specs["decoder"].Lanes, specs["decoder"].InputWidth, specs["decoder"].TableLog));
        Assert.InRange(specs["decoder"].Layers.Sum(l => Count(l.Source)), 190_000, 210_000);
        Assert.Equal((1, 4096), (specs["minimal"].Lanes, Count(Assert.Single(specs["minimal"].Layers).Source)));
        Assert.Equal((8, 64), (specs["wide"].Lanes, specs["wide"].InputWidth));
        Assert.Equal((16, 128), (specs["lanes16"].Lanes, specs["lanes16"].InputWidth));
        Assert.Equal(1_048_576, Count(Assert.Single(specs["big"].Layers).Source));

        var edge = specs["edge_cases"];
        Assert.Equal((2, 5), (edge.Lanes, edge.TableLog));
        Assert.Contains(edge.Layers, l => l.TableLog == 12);
        Assert.Contains(edge.Layers, l => l.Source is FrequencySource f && f.Frequencies.Count(c => c > 0) == 1);
        Assert.Contains(edge.Layers, l => l.Source is FrequencySource f && (double)f.Frequencies.Max() / f.Frequencies.Sum() >= 0.999);
        Assert.Contains(edge.Layers, l => Count(l.Source) == 1);
        Assert.Contains(edge.Layers, l => l.Bits == 2);
        Assert.Contains(edge.Layers, l => l.Bits == 8);
    }

    private static int Count(WeightSource source) => source switch
    {
        FrequencySource f => f.Count,
        DistributionSource d => d.Count,
        _ => 0,
    };
}
