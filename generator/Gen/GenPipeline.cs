using DecoderHw.Cli;

namespace DecoderHw.Gen;

/// <summary>spec -> resolved model -> stream -> cycle model -> outputs, written atomically.</summary>
public static class GenPipeline
{
    public static string Run(string specPath, string? outputDir, CliConsole console) =>
        throw new UserErrorException("gen: not implemented yet");
}
