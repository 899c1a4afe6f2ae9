using System.CommandLine;
using DecoderHw.Spec;
using DecoderHw.Sweep;

namespace DecoderHw.Cli;

/// <summary><c>sweep SPEC --lanes 1,2,4,8 --table-log 8..12 [--input-width ...] [--jobs N] [--sim]</c>:
/// gen + size (+ Verilator) for every point, resumable, then sweep.csv and the trade-off plots.</summary>
public static class SweepCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "decoder spec (YAML)" };
        var lanes = new Option<string?>("--lanes") { Description = "lanes to try, e.g. 1,2,4,8 (default: the spec's)" };
        var tableLog = new Option<string?>("--table-log") { Description = "table_log values, e.g. 8..12 or 9,11 (default: the spec's)" };
        var inputWidth = new Option<string?>("--input-width") { Description = "input_width values, e.g. 32,64 (default: the spec's)" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "points run at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string?>("--output", "-o") { Description = "sweep folder (default build/sweep/NAME)" };
        var simulate = new Option<bool>("--sim") { Description = "also run each point's testbench on Verilator (bit- and cycle-exact check, measured cycles/weight)" };
        var sizing = new SizingCliOptions();
        var command = new Command("sweep", "Generate and size a grid of design points; write sweep.csv and plots.")
        {
            spec, lanes, tableLog, inputWidth, jobs, output, simulate,
        };
        sizing.AddTo(command);
        command.SetAction((parsed, cancellation) => Task.FromResult(CliApp.Guard(console, () =>
        {
            var generator = new SpecPointGenerator(parsed.GetValue(spec)!);
            var points = SweepPoint.Grid(
                Axis(parsed.GetValue(lanes), "--lanes", generator.Spec.Lanes, 1, DecoderSpec.MaxLanes),
                Axis(parsed.GetValue(tableLog), "--table-log", generator.Spec.TableLog, DecoderSpec.MinTableLog, DecoderSpec.MaxTableLog),
                parsed.GetValue(inputWidth) is { } w ? IntList.Parse(w, "--input-width", DecoderSpec.MinInputWidth, DecoderSpec.MaxInputWidth) : null);
            var options = sizing.Read(parsed);
            string dir = parsed.GetValue(output) ?? Path.Combine("build", "sweep", generator.Name);
            var simulation = parsed.GetValue(simulate) ? new PointSimulation(new Sizing.ToolRunner(), PointSimulation.FindCheckout()) : null;
            var run = new SweepRun(console, generator, options, dir, Jobs.Check(parsed.GetValue(jobs)), simulation);
            return run.ExecuteAsync(points, cancellation).GetAwaiter().GetResult();
        })));
        return command;
    }

    private static IReadOnlyList<int> Axis(string? text, string option, int specValue, int min, int max) =>
        text is null ? [specValue] : IntList.Parse(text, option, min, max);
}
