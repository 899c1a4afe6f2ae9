using DecoderHw.Cli;

namespace DecoderHw;

internal static class Program
{
    private static int Main(string[] args)
    {
        using var interrupts = new Interrupts();
        int exit = CliApp.Run(args, new CliConsole(Console.Out, Console.Error), interrupts.Token);
        return interrupts.ExitCode ?? exit;
    }
}
