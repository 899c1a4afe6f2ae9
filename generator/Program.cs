using DecoderHw.Cli;

namespace DecoderHw;

internal static class Program
{
    private static int Main(string[] args) => CliApp.Run(args, new CliConsole(Console.Out, Console.Error));
}
