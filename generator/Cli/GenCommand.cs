using System.CommandLine;

namespace DecoderHw.Cli;

/// <summary><c>gen SPEC [-o DIR]</c>: resolve, encode, model and write everything for one spec.</summary>
public static class GenCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "decoder spec (YAML)" };
        var output = new Option<string?>("--output", "-o") { Description = "output folder (default build/NAME)" };
        var command = new Command("gen", "Generate stream, golden vectors, cycle predictions, reports and RTL for a spec.") { spec, output };
        command.SetAction(parsed => CliApp.Guard(console, () =>
        {
            var result = Generation.GenPipeline.Run(parsed.GetValue(spec)!, parsed.GetValue(output), console);
            return CliApp.ExitOk;
        }));
        return command;
    }
}
