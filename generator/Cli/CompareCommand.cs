using System.CommandLine;
using DecoderHw.Spec;

namespace DecoderHw.Cli;

/// <summary><c>compare SPEC [-o DIR] [--no-size] [--jobs N]</c>: the spec's weights through every coder and
/// table mode, side by side, each decoder sized with yosys + nextpnr-ice40 as <c>size</c> does.</summary>
public static class CompareCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "decoder spec (YAML); its coder and tables are ignored" };
        var output = new Option<string?>("--output", "-o") { Description = "output folder: compare.json, compare.md, variants/ (default build/NAME_compare)" };
        var noSize = new Option<bool>("--no-size") { Description = "skip yosys and nextpnr: area and Fmax show \"-\"" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "decoders sized at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var sizing = new SizingCliOptions();
        var command = new Command("compare",
            "Run a spec through tans, huffman, raw and tans with tables: ram: bits/weight, cycles/weight, latency, table size, LUT/FF/BRAM and Fmax.")
        {
            spec, output, noSize, jobs,
        };
        sizing.AddTo(command);
        command.SetAction((parsed, cancel) => Task.FromResult(CliApp.Guard(console, () =>
        {
            string specPath = parsed.GetValue(spec)!;
            int jobCount = Jobs.Check(parsed.GetValue(jobs));
            var loaded = SpecLoader.Load(specPath);
            var options = parsed.GetValue(noSize) ? null : sizing.Read(parsed);
            string target = parsed.GetValue(output) ?? Generation.GenPipeline.DefaultOutput(loaded.Name + "_compare");
            return new CompareRun(console, options, jobCount).Execute(loaded, specPath, target, cancel);
        })));
        return command;
    }
}
