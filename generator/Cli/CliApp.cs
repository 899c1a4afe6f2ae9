using System.CommandLine;

namespace DecoderHw.Cli;

/// <summary>Where a command writes: the process console, or captured writers in tests.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error);

/// <summary>The decoderhw command line. Exit codes: 0 ok, 2 user error, 1 internal error.</summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitInternalError = 1;
    public const int ExitUserError = 2;

    /// <param name="interrupt">Cancelled by SIGINT/SIGTERM (<see cref="Interrupts"/>): commands stop and clean up.</param>
    public static int Run(string[] args, CliConsole console, CancellationToken interrupt = default)
    {
        var root = new RootCommand("DecoderHw: entropy-coded neural-network weight decoders, generated and checked.");
        foreach (var command in Commands(console)) root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) console.Error.WriteLine($"error: {error.Message}");
            return ExitUserError;
        }
        // Our own signal handling (Interrupts) replaces System.CommandLine's, which would end the
        // process after a timeout whether or not the temp folder and the child tools are gone.
        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        return parsed.InvokeAsync(configuration, interrupt).GetAwaiter().GetResult();
    }

    /// <summary>Every subcommand; each lives in its own file under Cli/.</summary>
    private static IEnumerable<Command> Commands(CliConsole console)
    {
        yield return GenCommand.Create(console);
        yield return QuantizeCommand.Create(console);
        yield return EvaluateCommand.Create(console);
        yield return RateFidelityCommand.Create(console);
        yield return CompareCommand.Create(console);
        yield return SizeCommand.Create(console);
        yield return SweepCommand.Create(console);
        yield return MacCommand.Create(console);
    }

    /// <summary>Runs a command body with the project's error contract: user mistakes print one
    /// located message and exit 2; anything else is a bug of ours and exits 1.</summary>
    public static int Guard(CliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UserErrorException e)
        {
            console.Error.WriteLine(e.Message);
            return ExitUserError;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("interrupted: temporary files removed");
            return Interrupts.ExitSigint;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The environment said no (a path through a file, permissions, a full disk): the user's to fix.
            console.Error.WriteLine($"error: {e.Message}");
            return ExitUserError;
        }
        catch (Exception e)
        {
            console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("DECODERHW_TRACE") == "1") console.Error.WriteLine(e);
            return ExitInternalError;
        }
    }
}
