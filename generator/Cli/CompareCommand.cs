using System.CommandLine;
using System.Globalization;
using DecoderHw.Compare;
using DecoderHw.Spec;
using Spectre.Console;

namespace DecoderHw.Cli;

/// <summary><c>compare SPEC [-o DIR]</c>: the spec's weights through every coder and table mode, side by side.</summary>
public static class CompareCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "decoder spec (YAML); its coder and tables are ignored" };
        var output = new Option<string?>("--output", "-o") { Description = "output folder for compare.json and compare.md (default build/NAME_compare)" };
        var command = new Command("compare", "Run a spec through tans, huffman, raw and tans with tables: ram: bits/weight, cycles/weight, latency, table size.") { spec, output };
        command.SetAction((parsed, cancel) => Task.FromResult(CliApp.Guard(console, () =>
        {
            string specPath = parsed.GetValue(spec)!;
            var loaded = SpecLoader.Load(specPath);
            var comparison = CoderComparison.Run(loaded, specPath, cancel);
            string target = parsed.GetValue(output) ?? Generation.GenPipeline.DefaultOutput(loaded.Name + "_compare");
            Directory.CreateDirectory(target);
            comparison.WriteJson(Path.Combine(target, "compare.json"));
            File.WriteAllText(Path.Combine(target, "compare.md"), comparison.ToMarkdown());
            Render(comparison, console.Out);
            console.Out.WriteLine($"-> {Path.Combine(target, "compare.json")}, {Path.Combine(target, "compare.md")}");
            return CliApp.ExitOk;
        })));
        return command;
    }

    private static void Render(CoderComparison comparison, TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) ansi.Profile.Width = 160;
        var table = new Table().Title(new TableTitle(
            $"{comparison.Name}: {comparison.Weights:N0} weights, {comparison.Lanes} lanes, input_width {comparison.InputWidth}"));
        table.AddColumn("coder");
        foreach (var header in new[] { "RTL", "bits/weight", "cycles/weight", "stalled c/w", "first output", "table load", "bits/cycle", "W_BUF", "table bits" })
            table.AddColumn(new TableColumn(header).RightAligned());
        var c = CultureInfo.InvariantCulture;
        foreach (var v in comparison.Variants)
            table.AddRow(v.Label, v.HasRtl ? "yes" : "C# only", v.BitsPerWeight.ToString("F4", c), v.CyclesPerWeight.ToString("F4", c),
                v.StalledCyclesPerWeight.ToString("F4", c), v.FirstOutputLatencyCycles.ToString(c),
                v.TableLoadCycles?.ToString("N0", c) ?? "-", v.InputBitsPerCycle.ToString("F2", c), v.BufferWidth.ToString(c), v.TableBits.ToString("N0", c));
        ansi.Write(table);
    }
}
