using System.Text.Json;
using System.Text.Json.Serialization;

namespace DecoderHw.Sweep;

/// <summary>Writes the gen output folder of one sweep point.</summary>
public interface IPointGenerator
{
    /// <summary>The spec's name: the sweep folder and every row carry it.</summary>
    string Name { get; }

    /// <summary>The spec file's bytes, part of every point's cache key.</summary>
    byte[] SpecBytes { get; }

    /// <returns>The gen output folder (rtl/, report.json) written under <paramref name="pointDir"/>.</returns>
    string Generate(SweepPoint point, string pointDir, CancellationToken cancellation);
}

/// <summary>A point as it finished, and whether its numbers came from an earlier run.</summary>
public sealed record PointResult(SweepPoint Point, SweepRow Row, bool Cached);

/// <summary>Runs gen + size for every point, <c>jobs</c> at a time. A finished point leaves
/// row.json in its folder (named by <see cref="SweepKey"/>), so an interrupted sweep resumes where
/// it stopped and a changed spec, tool or option reruns only what it affects.</summary>
public sealed class SweepRunner(
    IPointGenerator generator,
    Func<string, CancellationToken, Task> size,
    string sweepDir,
    string context)
{
    private static readonly JsonSerializerOptions RowJson = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<IReadOnlyList<PointResult>> RunAsync(
        IReadOnlyList<SweepPoint> points, int jobs, Action<PointResult> finished, CancellationToken cancellation)
    {
        var results = new PointResult[points.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellation };
        await Parallel.ForEachAsync(Enumerable.Range(0, points.Count), options, async (i, token) =>
        {
            results[i] = await RunPointAsync(points[i], token);
            finished(results[i]);
        });
        return results;
    }

    public string PointDir(SweepPoint point) =>
        Path.Combine(sweepDir, "points", SweepKey.For(generator.SpecBytes, point, context));

    private async Task<PointResult> RunPointAsync(SweepPoint point, CancellationToken cancellation)
    {
        string dir = PointDir(point);
        string rowPath = Path.Combine(dir, "row.json");
        if (File.Exists(rowPath))
        {
            var cached = JsonSerializer.Deserialize<SweepRow>(await File.ReadAllTextAsync(rowPath, cancellation), RowJson);
            if (cached is not null) return new PointResult(point, cached, Cached: true);
        }

        try
        {
            Directory.CreateDirectory(dir);
            string genDir = generator.Generate(point, dir, cancellation);
            await size(genDir, cancellation);
            var row = SweepRow.FromReport(Sizing.SizingReport.Load(Path.Combine(genDir, "report.json")), genDir);
            // Written last: its presence means every file of the point is complete.
            await File.WriteAllTextAsync(rowPath, JsonSerializer.Serialize(row, RowJson), cancellation);
            return new PointResult(point, row, Cached: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad point (a tool crash, an invalid combination) must not cost the rest of the sweep.
            string message = string.Join(" | ", e.Message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(4));
            return new PointResult(point, SweepRow.Failure(generator.Name, point, message, dir), Cached: false);
        }
    }
}
