namespace DecoderHw.Sizing;

/// <summary>The outcome of sizing one generated decoder.</summary>
public sealed record SizeOutcome(string OutputDir, SizingReport.GenFigures Gen, SizingResult Sizing);

/// <summary>Sizes a gen output folder (rtl/ + report.json) and writes the numbers back into its reports.</summary>
public sealed class SizeJob(ToolRunner runner, SizingOptions options)
{
    public async Task<SizeOutcome> RunAsync(string outputDir, CancellationToken cancellation)
    {
        string reportPath = Path.Combine(outputDir, "report.json");
        if (!File.Exists(reportPath)) throw new Cli.UserErrorException($"{outputDir}: no report.json (not a gen output folder)");
        var report = SizingReport.Load(reportPath);
        var gen = SizingReport.ReadGen(report, reportPath);

        var sizing = await new SizingFlow(runner, options).RunAsync(SizingPaths.ForOutput(outputDir), $"{gen.Name}_decoder", cancellation);

        SizingReport.Merge(report, gen, sizing);
        SizingReport.Save(report, reportPath);
        string markdownPath = Path.Combine(outputDir, "report.md");
        if (File.Exists(markdownPath))
            File.WriteAllText(markdownPath, SizingMarkdown.Replace(File.ReadAllText(markdownPath), SizingMarkdown.Section(gen, sizing)));
        return new SizeOutcome(outputDir, gen, sizing);
    }
}
