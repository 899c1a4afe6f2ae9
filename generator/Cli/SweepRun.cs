using System.Globalization;
using DecoderHw.Sizing;
using DecoderHw.Sweep;
using Spectre.Console;

namespace DecoderHw.Cli;

/// <summary>One sweep as the user sees it: a progress bar, a line per finished point, then
/// sweep.csv, the plots and a summary table.</summary>
public sealed class SweepRun(CliConsole console, IPointGenerator generator, SizingOptions options, string dir, int jobs,
    PointSimulation? simulation = null)
{
    public async Task<int> ExecuteAsync(IReadOnlyList<SweepPoint> points, CancellationToken cancellation)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) });
        // Piped to a file or CI log there is no terminal width; 80 columns would wrap the table.
        if (!ansi.Profile.Capabilities.Interactive) ansi.Profile.Width = Math.Max(ansi.Profile.Width, 140);
        Generation.OutputFolder.Claim(dir, "sweep");
        var runner = new ToolRunner();
        var versions = await ToolVersions.DetectAsync(runner, options.Tools, options.Target, SizingPaths.ForOutput(dir), cancellation);
        var sizeJob = new SizeJob(runner, options);
        var sweep = new SweepRunner(generator, async (genDir, token) =>
        {
            await sizeJob.RunAsync(genDir, token);
            if (simulation is not null) await simulation.RunAsync(genDir, token);
        }, dir, SizingKey.Context(versions, options) + (simulation is null ? "|size" : "|size+sim"));

        ansi.MarkupLineInterpolated($"[bold]sweep[/] {generator.Name}: {points.Count} points, {jobs} at a time -> {dir}");
        IReadOnlyList<PointResult> results = [];
        await ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("points", maxValue: points.Count);
                results = await sweep.RunAsync(points, jobs, result =>
                {
                    ansi.MarkupLine(Line(result));
                    task.Increment(1);
                }, cancellation);
            });

        var rows = results.Select(r => r.Row).ToList();
        string csv = Path.Combine(dir, "sweep.csv");
        await File.WriteAllTextAsync(csv, SweepCsv.Format(rows), cancellation);
        var plots = SweepPlots.WriteAll(rows, Path.Combine(dir, "plots"), options.TargetMhz);
        await File.WriteAllTextAsync(Path.Combine(dir, "sweep.md"), SweepMarkdown.Format(generator.Name, rows, plots), cancellation);
        ansi.Write(Summary(rows));
        ansi.MarkupLineInterpolated($"csv: {csv} (and sweep.md)");
        foreach (var p in plots) ansi.MarkupLineInterpolated($"plot: {p}");

        int failed = rows.Count(r => r.Status == PointStatus.Failed);
        if (failed > 0) ansi.MarkupLineInterpolated($"[red]{failed} point(s) failed[/]; their messages are in sweep.csv, their logs in the point folders");
        return failed > 0 ? CliApp.ExitUserError : CliApp.ExitOk;
    }

    private static string Line(PointResult result)
    {
        var r = result.Row;
        string label = Markup.Escape(result.Point.Label);
        string cached = result.Cached ? " [grey](cached)[/]" : "";
        return r.Status switch
        {
            PointStatus.Ok => string.Create(CultureInfo.InvariantCulture,
                $"[green]ok[/]     {label}: {r.Logic} {Unit(r).LogicUnit}, {r.Memory} {Unit(r).MemoryUnit}{Clock(r)}, {r.BitsPerWeight:F3} bits/weight{Simulated(r)}{cached}"),
            PointStatus.NoFit => string.Create(CultureInfo.InvariantCulture,
                $"[yellow]no fit[/] {label}: {r.Logic} {Unit(r).LogicUnit}, {r.Memory} {Unit(r).MemoryUnit}; {Markup.Escape(r.Message)}{Simulated(r)}{cached}"),
            _ => $"[red]failed[/] {label}: {Markup.Escape(r.Message)}",
        };
    }

    private static Sizing.SizingTarget Unit(SweepRow r) => Sizing.SizingTarget.Parse(r.Target);

    private static string Clock(SweepRow r) => r.FmaxMhz is { } f ? string.Create(CultureInfo.InvariantCulture, $", {f:F1} MHz") : " (synthesis only)";

    private static string Simulated(SweepRow r) => r.SimCyclesPerWeight is { } c
        ? string.Create(CultureInfo.InvariantCulture, $", verilator exact at {c:F4} cycles/weight")
        : "";

    private static Table Summary(IReadOnlyList<SweepRow> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var c in new[] { "lanes", "table_log", "input", "logic", "FF", "memory", "Fmax MHz", "M weights/s", "bits/weight", "status" })
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var r in rows.Where(r => r.Status == PointStatus.Failed))
            table.AddRow(Cell(r.Lanes), Cell(r.TableLog), "-", "-", "-", "-", "-", "-", "-", "failed");
        foreach (var r in rows.Where(r => r.Status != PointStatus.Failed))
            table.AddRow(
                Cell(r.Lanes), Cell(r.TableLog), Cell(r.InputWidth), Cell(r.Logic), Cell(r.Ff), Cell(r.Memory),
                r.FmaxMhz is { } f ? Cell(f, "F1") : "-", r.WeightsPerSecond is { } w ? Cell(w / 1e6, "F1") : "-",
                Cell(r.BitsPerWeight, "F3"), r.Status == PointStatus.Ok ? "ok" : "no fit");
        return table;
    }

    private static string Cell(long v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Cell(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
