using System.Diagnostics;
using Spectre.Console;

namespace DecoderHw.Cli;

/// <summary>What a long command is doing, with the elapsed time: on a terminal one live Spectre status
/// line on stderr, otherwise (a pipe, a CI log, a test) a plain line on stderr per step. stdout keeps
/// only the command's result.</summary>
public static class StepLog
{
    public static T Run<T>(CliConsole console, string name, bool show, Func<Action<string>, T> body)
    {
        if (!show) return body(_ => { });
        var clock = Stopwatch.StartNew();
        string Line(string step) => FormattableString.Invariant($"{name}: {step} ({clock.Elapsed.TotalSeconds:F1} s)");
        bool terminal = ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal)
        {
            var gate = new object();
            return body(step =>
            {
                lock (gate) console.Error.WriteLine(Line(step));
            });
        }
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return ansi.Status().Start(Markup.Escape(Line("starting")), context => body(step => context.Status(Markup.Escape(Line(step)))));
    }
}
