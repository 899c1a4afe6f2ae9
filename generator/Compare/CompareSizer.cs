using System.Text.Json;
using DecoderHw.Generation;
using DecoderHw.Reports;
using DecoderHw.Sizing;

namespace DecoderHw.Compare;

/// <summary>A variant as it finished sizing, and whether its numbers came from the previous run.</summary>
public sealed record SizedVariant(CoderVariant Variant, bool Cached);

/// <summary>Writes each variant's decoder into <c>variants/FOLDER/</c> of the compare folder and sizes
/// it with the <c>size</c> command's job, <c>jobs</c> at a time. The previous compare folder is the
/// cache: a variant whose RTL, gen report and sizing context hash to the key it was sized with keeps
/// its numbers and logs, so rerunning compare after a change to one coder resizes only that coder.</summary>
/// <param name="size">Sizes a gen output folder: <see cref="SizeJob.RunAsync"/>, or a stand-in in tests;
/// null writes the decoders without sizing them (<c>--no-size</c>).</param>
/// <param name="context">The sizing context of <see cref="SizingKey.Context"/>.</param>
public sealed class CompareSizer(Func<string, CancellationToken, Task<SizeOutcome>>? size, string context, int jobs)
{
    private const string KeyFile = "key.txt";
    private const string SizingFile = "sizing.json";

    /// <param name="staging">The folder being written (it replaces <paramref name="target"/> when complete).</param>
    /// <param name="target">The compare folder as it will be, and as the previous run left it.</param>
    /// <param name="started">Called when a variant's sizing begins (for the progress display).</param>
    public async Task<IReadOnlyList<SizedVariant>> RunAsync(
        IReadOnlyList<ComparedVariant> variants, string specPath, string staging, string target,
        Action<CoderVariant> started, Action<SizedVariant> finished, CancellationToken cancellation)
    {
        var results = new SizedVariant[variants.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellation };
        await Parallel.ForEachAsync(Enumerable.Range(0, variants.Count), options, async (i, token) =>
        {
            results[i] = await SizeOneAsync(variants[i], specPath, staging, target, started, token);
            finished(results[i]);
        });
        return results;
    }

    public static string VariantDir(string compareDir, CoderVariant variant) => Path.Combine(compareDir, "variants", variant.Folder);

    private async Task<SizedVariant> SizeOneAsync(
        ComparedVariant compared, string specPath, string staging, string target, Action<CoderVariant> started, CancellationToken cancellation)
    {
        var row = compared.Row;
        string dir = VariantDir(staging, row), previous = VariantDir(target, row);
        Directory.CreateDirectory(dir);
        GenPipeline.WriteDecoder(compared.Gen, specPath, VariantDir(target, row), dir);
        if (size is null || !row.HasRtl) return new SizedVariant(row, Cached: false);

        string key = SizingKey.ForOutput(dir, context);
        if (await ReadCachedAsync(previous, key, cancellation) is { } cached)
        {
            CopyTree(previous, dir);
            return new SizedVariant(row with { Sizing = cached }, Cached: true);
        }

        started(row);
        VariantSizing sizing;
        try
        {
            var outcome = await size(dir, cancellation);
            sizing = VariantSizing.From(outcome.Gen, outcome.Sizing);
        }
        catch (ToolException e) when (e is not ToolNotFoundException)
        {
            // One variant's tool failure (a timeout, a crash) must not cost the others' numbers; its row says why.
            return new SizedVariant(row with { Sizing = VariantSizing.Failed(FirstLines(e.Message)) }, Cached: false);
        }
        await File.WriteAllTextAsync(Path.Combine(dir, SizingFile), JsonSerializer.Serialize(sizing, ReportWriter.JsonOptions), cancellation);
        // Written last, as in the sweep: a key means the folder's sizing is complete. Failures get none, so they are retried.
        await File.WriteAllTextAsync(Path.Combine(dir, KeyFile), key, cancellation);
        return new SizedVariant(row with { Sizing = sizing }, Cached: false);
    }

    private static async Task<VariantSizing?> ReadCachedAsync(string previous, string key, CancellationToken cancellation)
    {
        string keyPath = Path.Combine(previous, KeyFile), sizingPath = Path.Combine(previous, SizingFile);
        if (!File.Exists(keyPath) || !File.Exists(sizingPath) || await File.ReadAllTextAsync(keyPath, cancellation) != key) return null;
        try
        {
            return JsonSerializer.Deserialize<VariantSizing>(await File.ReadAllTextAsync(sizingPath, cancellation), ReportWriter.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The previous run's sized files (report.json with its area and timing, logs, netlist)
    /// over the freshly generated ones: the key says the generated files are the same.</summary>
    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static string FirstLines(string message) =>
        string.Join(" | ", message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(4));
}
