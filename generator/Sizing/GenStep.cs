using DecoderHw.Cli;
using DecoderHw.Generation;
using DecoderHw.Rtl;
using DecoderHw.Spec;

namespace DecoderHw.Sizing;

/// <summary>gen as sizing needs it: the output folder with rtl/ in it.</summary>
public static class GenStep
{
    /// <returns>The gen output folder.</returns>
    public static string Run(string specPath, string? outputDir, CliConsole console, CancellationToken cancellation)
    {
        string dir = GenPipeline.Run(specPath, outputDir, console, cancellation);
        // Bridge, as sim/rtlgen: until GenPipeline writes the RTL itself, write it here. Inert once it does.
        string rtl = Path.Combine(dir, "rtl");
        if (!Directory.Exists(rtl))
        {
            var result = GenPipeline.Compute(SpecLoader.Load(specPath), specPath, cancellation);
            RtlWriter.Write(result.Model, rtl, specPath);
        }
        return dir;
    }
}
