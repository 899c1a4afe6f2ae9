using System.CommandLine;

namespace DecoderHw.Cli;

/// <summary><c>gen SPEC [-o DIR]</c>: resolve, encode, model and write everything for one spec.</summary>
public static class GenCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "decoder spec (YAML)" };
        var output = new Option<string?>("--output", "-o") { Description = "output folder (default build/NAME)" };
        var printOutput = new Option<bool>("--print-output")
        {
            Description = "only check the spec and print the output folder gen would write (for make and scripts); writes nothing",
        };
        var command = new Command("gen", "Generate stream, golden vectors, cycle predictions, reports and RTL for a spec.") { spec, output, printOutput };
        command.SetAction((parsed, cancellation) => Task.FromResult(CliApp.Guard(console, () =>
        {
            if (parsed.GetValue(printOutput))
            {
                var loaded = Spec.SpecLoader.Load(parsed.GetValue(spec)!);
                console.Out.WriteLine(parsed.GetValue(output) ?? Generation.GenPipeline.DefaultOutput(loaded.Name));
                return CliApp.ExitOk;
            }
            Generation.GenPipeline.Run(parsed.GetValue(spec)!, parsed.GetValue(output), console, cancellation);
            return CliApp.ExitOk;
        })));
        return command;
    }
}
