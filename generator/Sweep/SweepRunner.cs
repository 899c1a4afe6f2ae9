using System.Text.Json;
using System.Text.Json.Serialization;

namespace DecoderHw.Sweep;

/// <summary>Writes the gen output folder of one sweep point.</summary>
public interface IPointGenerator
{
    /// <summary>The spec's name: the sweep folder and every row carry it.</summary>
    string Name { get; }

    /// <summary>Writes the point's spec to <paramref name="specPath"/> and runs gen on it into <paramref name="outputDir"/>.</summary>
    void Generate(SweepPoint point, string specPath, string outputDir, CancellationToken cancellation);
}

/// <summary>A point as it finished, and whether its numbers came from an earlier run.</summary>
public sealed record PointResult(SweepPoint Point, SweepRow Row, bool Cached);

/// <summary>Runs gen + size for every point, <c>jobs</c> at a time. gen runs every time into a
/// candidate folder; when its <see cref="Sizing.SizingKey"/> matches the one the point was sized with, the
/// earlier numbers stand and the candidate is dropped. So an interrupted sweep resumes where it
/// stopped and a changed spec, template, tool or option reruns only the points it affects.</summary>
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

    public string PointDir(SweepPoint point) => Path.Combine(sweepDir, "points", point.Label);

    private async Task<PointResult> RunPointAsync(SweepPoint point, CancellationToken cancellation)
    {
        string dir = PointDir(point);
        string candidate = Path.Combine(dir, "candidate"), genDir = Path.Combine(dir, "gen");
        string rowPath = Path.Combine(dir, "row.json"), keyPath = Path.Combine(dir, "key.txt");
        try
        {
            Directory.CreateDirectory(dir);
            Delete(candidate);
            generator.Generate(point, Path.Combine(dir, "spec.yaml"), candidate, cancellation);
            string key = Sizing.SizingKey.ForOutput(candidate, context);
            if (File.Exists(rowPath) && File.Exists(keyPath) && await File.ReadAllTextAsync(keyPath, cancellation) == key)
            {
                var cached = JsonSerializer.Deserialize<SweepRow>(await File.ReadAllTextAsync(rowPath, cancellation), RowJson);
                if (cached is not null)
                {
                    Delete(candidate);
                    return new PointResult(point, cached, Cached: true);
                }
            }

            // The candidate becomes the point's folder; the old row goes first so a crash below cannot pair it with new files.
            File.Delete(rowPath);
            Delete(genDir);
            Directory.Move(candidate, genDir);
            await size(genDir, cancellation);
            var row = SweepRow.FromReport(Sizing.SizingReport.Load(Path.Combine(genDir, "report.json")), genDir);
            await File.WriteAllTextAsync(keyPath, key, cancellation);
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

    private static void Delete(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
