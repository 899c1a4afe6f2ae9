using DecoderHw.Cli;
using DecoderHw.Generation;

namespace DecoderHw.Sizing;

/// <summary>gen as sizing needs it: an output folder with rtl/ in it.</summary>
public static class GenStep
{
    /// <returns>The gen output folder.</returns>
    public static string Run(string specPath, string? outputDir, CliConsole console, CancellationToken cancellation)
    {
        string dir = GenPipeline.Run(specPath, outputDir, console, cancellation, showSteps: true);
        // gen writes RTL only for the decoders the templates cover; say so before yosys finds an empty folder.
        if (!Directory.Exists(Path.Combine(dir, "rtl")))
            throw new UserErrorException($"{specPath}: gen wrote no RTL for this spec, so there is nothing to size");
        return dir;
    }
}
