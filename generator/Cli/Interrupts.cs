using System.Runtime.InteropServices;

namespace DecoderHw.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM as a cancellation: the running command stops at its next check, its
/// finally blocks remove the temp folder, and <see cref="ToolRunner"/> stops the child tools' process
/// groups; the process then exits 130 (SIGINT) or 143 (SIGTERM), as a shell reports a killed command.
/// A second signal does not wait for that: it exits at once (the temp folder may stay, named
/// .decoderhw-tmp-*, and is removed by the next run's cleanup of its own folder).
/// </summary>
public sealed class Interrupts : IDisposable
{
    public const int ExitSigint = 130;
    public const int ExitSigterm = 143;

    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public Interrupts()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, ExitSigint)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, ExitSigterm)),
        ];
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>130 or 143 once a signal came, else null.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is var c && c != 0 ? c : null;

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        // Keep the runtime from ending the process now: the command cleans up first.
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _exitCode, exitCode, 0) != 0) Environment.Exit(exitCode);
        _cancel.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cancel.Dispose();
    }
}
