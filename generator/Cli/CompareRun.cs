using System.Globalization;
using DecoderHw.Compare;
using DecoderHw.Generation;
using DecoderHw.Sizing;
using DecoderHw.Spec;
using Spectre.Console;

namespace DecoderHw.Cli;

/// <summary>One compare as the user sees it: every variant computed, their decoders written and
/// (unless --no-size) sized under a progress display, then the table, compare.json and compare.md.
/// The whole output folder is written in a temp folder and moved into place when complete.</summary>
/// <param name="options">Null: --no-size.</param>
public sealed class CompareRun(CliConsole console, SizingOptions? options, int jobs)
{
    public int Execute(DecoderSpec spec, string specPath, string target, CancellationToken cancellation)
    {
        var ansi = Console(console.Out);
        CoderComparison comparison = null!;
        OutputFolder.CheckWritable(target);
        OutputFolder.WriteAtomically(target, "compare", staging =>
        {
            comparison = BuildAsync(ansi, spec, specPath, staging, target, cancellation).GetAwaiter().GetResult();
            File.WriteAllText(Path.Combine(staging, "compare.json"), comparison.ToJson());
            File.WriteAllText(Path.Combine(staging, "compare.md"), comparison.ToMarkdown());
        }, cancellation);
        ansi.Write(Render(comparison));
        foreach (var line in CompareTable.Findings(comparison)) ansi.WriteLine(line);
        ansi.WriteLine($"-> {Path.Combine(target, "compare.json")}, {Path.Combine(target, "compare.md")}, decoders in {Path.Combine(target, "variants")}");

        var failed = comparison.Variants.Where(v => v.Sizing?.Status == VariantSizingStatus.Failed).ToList();
        if (failed.Count == 0) return CliApp.ExitOk;
        foreach (var v in failed) console.Error.WriteLine($"{v.Label}: sizing failed: {v.Sizing!.Message}");
        return CliApp.ExitUserError;
    }

    private async Task<CoderComparison> BuildAsync(
        IAnsiConsole ansi, DecoderSpec spec, string specPath, string staging, string target, CancellationToken cancellation)
    {
        if (options is null)
        {
            var written = await new CompareSizer(null, "", jobs).RunAsync(
                CoderComparison.Compute(spec, specPath, cancellation), specPath, staging, target, _ => { }, _ => { }, cancellation);
            return CoderComparison.From(spec, specPath, written.Select(s => s.Variant).ToList());
        }

        var runner = new ToolRunner();
        // Before any work: a missing tool should cost the user a second, not the gen of four decoders.
        var versions = await DetectToolsAsync(runner, options, staging, cancellation);
        var variants = CoderComparison.Compute(spec, specPath, cancellation);
        var job = new SizeJob(runner, options);
        var sizer = new CompareSizer(job.RunAsync, SizingKey.Context(versions, options), jobs);
        ansi.MarkupLineInterpolated($"[bold]compare[/] {spec.Name}: sizing {variants.Count} decoders, {jobs} at a time (target {options.Target.Name})");
        IReadOnlyList<SizedVariant> sized = [];
        void Finished(SizedVariant result) => ansi.MarkupLine(Line(result, options.Target));
        if (!ansi.Profile.Capabilities.Interactive)
        {
            // A pipe or a log file gets one line per finished variant; a progress bar there is only noise.
            sized = await sizer.RunAsync(variants, specPath, staging, target, _ => { }, Finished, cancellation);
        }
        else
        {
            await ansi.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var tasks = variants.ToDictionary(v => v.Row.Folder, v => ctx.AddTask(Markup.Escape(v.Row.Label), autoStart: false, maxValue: 1));
                    sized = await sizer.RunAsync(variants, specPath, staging, target,
                        started: v => tasks[v.Folder].StartTask(),
                        finished: result =>
                        {
                            var task = tasks[result.Variant.Folder];
                            if (!task.IsStarted) task.StartTask();
                            task.Value = 1;
                            task.StopTask();
                            Finished(result);
                        },
                        cancellation);
                });
        }
        var tools = new ComparisonTools(versions.Yosys, versions.Nextpnr, options.TargetMhz, options.Seed, options.Devices.Select(d => d.Name).ToList())
        {
            Target = options.Target.Name,
        };
        return CoderComparison.From(spec, specPath, sized.Select(s => s.Variant).ToList()) with { Tools = tools };
    }

    private static async Task<ToolVersions> DetectToolsAsync(ToolRunner runner, SizingOptions options, string staging, CancellationToken cancellation)
    {
        try
        {
            return await ToolVersions.DetectAsync(runner, options.Tools, options.Target, SizingPaths.ForOutput(staging), cancellation);
        }
        catch (ToolNotFoundException e)
        {
            throw new UserErrorException($"{e.Message}\ncompare sizes every decoder with yosys and nextpnr-ice40: install them (`make deps`), or pass --no-size to compare without area and Fmax");
        }
    }

    private static string Line(SizedVariant result, SizingTarget target)
    {
        var v = result.Variant;
        var s = v.Sizing;
        string label = Markup.Escape(v.Label);
        string cached = result.Cached ? " [grey](cached)[/]" : "";
        var c = CultureInfo.InvariantCulture;
        return s?.Status switch
        {
            null => $"[grey]skipped[/] {label}: no RTL",
            VariantSizingStatus.Ok when s.FmaxMhz is null => string.Create(c, $"[green]ok[/]     {label}: {s.Logic} {target.LogicUnit}, {s.Ff} FF, {s.Memory} {target.MemoryUnit} ({target.Estimate}){cached}"),
            VariantSizingStatus.Ok => string.Create(c, $"[green]ok[/]     {label}: {s.Logic} {target.LogicUnit}, {s.Ff} FF, {s.Memory} {target.MemoryUnit}, {s.FmaxMhz:F1} MHz on {Markup.Escape(s.Device ?? "")}{cached}"),
            VariantSizingStatus.NoFit => string.Create(c, $"[yellow]no fit[/] {label}: {s.Logic} {target.LogicUnit}, {s.Memory} {target.MemoryUnit}; {Markup.Escape(string.Join("; ", s.NotFitting))}{cached}"),
            _ => $"[red]failed[/] {label}: {Markup.Escape(s.Message ?? "")}",
        };
    }

    /// <summary>A terminal gets colour and the live progress display; a pipe or a test's writer gets
    /// plain text at a width that keeps the table's rows on one line.</summary>
    private static IAnsiConsole Console(TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) ansi.Profile.Width = 200;
        return ansi;
    }

    private static Table Render(CoderComparison comparison)
    {
        var cells = CompareTable.Build(comparison);
        var table = new Table().Title(new TableTitle(string.Create(CultureInfo.InvariantCulture,
            $"{comparison.Name}: {comparison.Weights:N0} weights, {comparison.Lanes} lanes, input_width {comparison.InputWidth}")));
        foreach (var column in cells.Columns)
        {
            var c = new TableColumn(Markup.Escape(column.Header));
            table.AddColumn(column.RightAligned ? c.RightAligned() : c);
        }
        foreach (var row in cells.Rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        return table;
    }
}
