using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace DecoderHw.Sizing;

/// <summary>One invocation of an external tool (yosys, nextpnr-ice40, ...).</summary>
/// <param name="Executable">Name on PATH or a path.</param>
/// <param name="WorkingDirectory">Yosys must run inside the rtl folder: the RTL's <c>$readmemh</c> paths are relative.</param>
/// <param name="LogPath">Where stdout and stderr go, interleaved in arrival order, kept even when the tool succeeds.</param>
public sealed record ToolRun(
    string Executable,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    string LogPath,
    TimeSpan Timeout)
{
    public string CommandLine => string.Join(' ', new[] { Executable }.Concat(Arguments.Select(Quote)));

    private static string Quote(string a) => a.Length > 0 && a.All(c => !char.IsWhiteSpace(c) && c != '"' && c != ';') ? a : $"\"{a}\"";
}

/// <summary>What a finished tool left behind: its exit code and everything it printed.</summary>
public sealed record ToolResult(ToolRun Run, int ExitCode, string Output, TimeSpan Elapsed);

/// <summary>A tool that is missing, timed out or failed. A user-facing error (exit 2): the message
/// carries the tool's own error lines and the log path, never our stack trace.</summary>
public class ToolException(string message, ToolRun run) : Cli.UserErrorException(message)
{
    public ToolRun Run { get; } = run;
}

/// <summary>The tool is not installed (or not on PATH). Its own type because a command that can do
/// without the tools (compare --no-size) says so in its hint.</summary>
public sealed class ToolNotFoundException(ToolRun run)
    : ToolException($"{run.Executable}: not found (is it installed and on PATH? `make deps` installs the synthesis tools)", run);

/// <summary>Starts external tools with a timeout, captures their output to a log file and turns
/// failures into <see cref="ToolException"/>s that show the tool's own error lines.</summary>
public sealed class ToolRunner
{
    /// <summary>Told each tool's name and log as it starts (the command's progress line).</summary>
    public Action<string>? Started { get; init; }

    /// <summary>Runs the tool; a non-zero exit is returned, not thrown, for callers that read the
    /// log of a failed run (nextpnr explains a design that does not fit only in its log).</summary>
    public async Task<ToolResult> RunAsync(ToolRun run, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(run.LogPath))!);
        string executable = Resolve(run.Executable) ?? throw new ToolNotFoundException(run);
        // In its own process group (setsid), so that an interrupt or a timeout stops the tool and
        // everything it started (yosys runs abc, verilator runs make and g++) with one kill.
        string? setsid = OperatingSystem.IsLinux() ? Resolve("setsid") : null;
        var psi = new ProcessStartInfo(setsid ?? executable)
        {
            WorkingDirectory = run.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (setsid is not null) psi.ArgumentList.Add(executable);
        foreach (var a in run.Arguments) psi.ArgumentList.Add(a);

        Started?.Invoke($"running {run.Executable} (log: {run.LogPath})");
        var output = new StringBuilder();
        await using var log = new StreamWriter(run.LogPath, append: false, new UTF8Encoding(false));
        await log.WriteLineAsync($"# {run.CommandLine}");
        await log.WriteLineAsync($"# in {Path.GetFullPath(run.WorkingDirectory)}");
        // Both streams arrive on thread-pool threads; one lock keeps lines whole and in arrival order.
        var gate = new object();
        bool closed = false;
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                // A killed tool can still deliver lines after we stopped logging.
                if (closed) return;
                output.AppendLine(line);
                log.WriteLine(line);
            }
        }

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw new ToolNotFoundException(run);
        }
        // No tool we run reads stdin; closing it makes an accidental prompt end instead of hang.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(run.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            lock (gate)
            {
                closed = true;
                log.Flush();
            }
            cancellation.ThrowIfCancellationRequested();
            throw new ToolException($"{run.Executable}: timed out after {run.Timeout.TotalSeconds:0} s (log: {run.LogPath})", run);
        }
        // The exit event can come before the last redirected lines; this overload waits for them.
        process.WaitForExit();
        string text;
        lock (gate)
        {
            log.WriteLine($"# exit code {process.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s");
            log.Flush();
            closed = true;
            text = output.ToString();
        }
        return new ToolResult(run, process.ExitCode, text, clock.Elapsed);
    }

    /// <summary>Runs the tool and throws unless it exits with 0.</summary>
    public async Task<ToolResult> RunCheckedAsync(ToolRun run, CancellationToken cancellation)
    {
        var result = await RunAsync(run, cancellation);
        if (result.ExitCode != 0) throw Failure(result);
        return result;
    }

    public static ToolException Failure(ToolResult result, string? context = null)
    {
        var lines = ToolErrorLines.Extract(result.Output);
        var message = new StringBuilder();
        message.Append($"{result.Run.Executable}: exited with code {result.ExitCode}");
        if (context is not null) message.Append($" ({context})");
        message.AppendLine(":");
        foreach (var line in lines) message.Append("  ").AppendLine(line);
        message.Append($"full log: {result.Run.LogPath}");
        return new ToolException(message.ToString(), result.Run);
    }

    /// <summary>A name on PATH or a path, as the shell would find it; null if there is none.</summary>
    public static string? Resolve(string executable)
    {
        if (executable.Contains('/')) return File.Exists(executable) ? Path.GetFullPath(executable) : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SignalProcess(int pid, int signal);

    private const int SigKill = 9;

    private static void KillTree(Process process)
    {
        try
        {
            // The tool leads its own process group (setsid): kill the group, then anything that left it.
            if (OperatingSystem.IsLinux()) SignalProcess(-process.Id, SigKill);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Exited between the timeout and the kill: nothing left to stop.
        }
    }
}
