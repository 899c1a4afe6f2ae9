using DecoderHw.Cli;
using DecoderHw.Spec;

namespace DecoderHw.Sweep;

/// <summary>Generates a sweep point from a spec: the spec with the point's lanes, table_log and
/// input_width, written as YAML (so the point's folder reproduces it alone) and run through gen.</summary>
public sealed class SpecPointGenerator : IPointGenerator
{
    private readonly DecoderSpec spec;
    private readonly string specDir;

    /// <summary>The spec as loaded, before any point's values replace its own.</summary>
    public DecoderSpec Spec => spec;

    public SpecPointGenerator(string specPath)
    {
        spec = SpecLoader.Load(specPath);
        specDir = Path.GetDirectoryName(Path.GetFullPath(specPath))!;
    }

    public string Name => spec.Name;

    /// <summary>The point's spec. Per-layer table_log overrides are dropped so every layer takes the
    /// swept value; a layer file path is made absolute because the YAML is written elsewhere.</summary>
    public DecoderSpec Variant(SweepPoint point) => spec with
    {
        Lanes = point.Lanes,
        TableLog = point.TableLog,
        InputWidth = point.InputWidth ?? spec.InputWidth,
        Layers = spec.Layers.Select(l => l with
        {
            TableLog = null,
            Source = l.Source is FileSource f ? f with { File = Path.GetFullPath(f.File, specDir) } : l.Source,
        }).ToList(),
    };

    public void Generate(SweepPoint point, string specPath, string outputDir, CancellationToken cancellation)
    {
        File.WriteAllText(specPath, $"# sweep point {point.Label} of {spec.Name}\n" + SpecYamlWriter.ToYaml(Variant(point)));
        // gen's one-line summary would tear the progress bar; the sweep prints its own line per point.
        var quiet = new CliConsole(TextWriter.Null, TextWriter.Null);
        Sizing.GenStep.Run(specPath, outputDir, quiet, cancellation);
    }
}
