using System.CommandLine;
using DecoderHw.Generation;
using DecoderHw.Mac;
using DecoderHw.Spec;

namespace DecoderHw.Cli;

/// <summary><c>mac SPEC --cols N [--seed S] [-o DIR]</c>: gen, then the MAC example's vectors in DIR/mac/
/// (examples/mac/mac_layer.sv, testbenches/tb_mac.sv, sim/mac.sh).</summary>
public static class MacCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string>("spec") { Description = "decoder spec (YAML) with one layer" };
        var cols = new Option<int>("--cols") { Description = "columns of the layer's matrix (inputs of a neuron); rows = weights / cols", Required = true };
        var seed = new Option<uint>("--seed") { Description = "seed of the int8 activations", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--output", "-o") { Description = "output folder (default build/NAME)" };
        var command = new Command("mac", "Generate a decoder and the vectors of the MAC example: its layer times int8 activations, compressed against plain int8 cycles.")
        {
            spec, cols, seed, output,
        };
        command.SetAction(parsed => CliApp.Guard(console, () =>
        {
            string specPath = parsed.GetValue(spec)!;
            var loaded = SpecLoader.Load(specPath);
            var gen = GenPipeline.Compute(loaded, specPath);
            var mac = MacLayer.For(gen, parsed.GetValue(cols), specPath);
            string dir = GenPipeline.Run(specPath, parsed.GetValue(output), console);
            // mac/ is an entry of the gen folder that this command owns (OutputFolder's marker).
            OutputFolder.WriteAtomically(dir, "mac", staging => MacWriter.Write(gen, mac, parsed.GetValue(seed), Path.Combine(staging, "mac")));
            console.Out.WriteLine(File.ReadAllText(Path.Combine(dir, "mac", "mac.json")).Trim());
            return CliApp.ExitOk;
        }));
        return command;
    }
}
