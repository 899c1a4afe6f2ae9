using DecoderHw.Cli;

return CliApp.Run(args, new CliConsole(Console.Out, Console.Error));
