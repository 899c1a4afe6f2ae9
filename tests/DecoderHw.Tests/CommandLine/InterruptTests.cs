using System.Diagnostics;
using System.Runtime.InteropServices;
using DecoderHw.Cli;
using DecoderHw.Tests.Weights;

namespace DecoderHw.Tests.CommandLine;

/// <summary>SIGINT and SIGTERM sent to the real process (README, "Interrupts"): exit 130/143, no temp
/// folder left, and the child tools' process group gone.</summary>
public sealed class InterruptTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private const int SigInt = 2, SigTerm = 15;

    private static Process Start(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        // The generator beside the test assembly, run as the user runs it.
        string dll = Path.Combine(Path.GetDirectoryName(typeof(CliApp).Assembly.Location)!, "decoderhw.dll");
        // Through env --default-signal: a test run started in the background of a non-interactive shell
        // (`make test &`, nohup) inherits SIGINT ignored, and an ignored signal stays ignored across exec,
        // so gen would never see the SIGINT this test sends. A user's foreground gen has it at default.
        var psi = new ProcessStartInfo("env") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--default-signal=INT,TERM");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    [Fact]
    public async Task Gen_Sigint_WhileWriting_RemovesTheTempFolder_AndExits130()
    {
        string spec = _dir.File("big.yaml");
        File.WriteAllText(spec, "name: big\nlanes: 4\nlayers:\n  - {name: a, bits: 4, distribution: {laplace: 2.0}, count: 200000}\n");
        string output = _dir.File("out");
        // Held between the finished staging folder and the move into place: the signal lands in the
        // window that matters, however fast gen is (a race on a loaded machine otherwise).
        var hold = new Dictionary<string, string> { ["DECODERHW_HOLD_BEFORE_COMMIT_MS"] = "120000" };
        using var gen = Start(_dir.Path, hold, "gen", spec, "-o", output);
        var stderr = gen.StandardError.ReadToEndAsync();

        Assert.True(WaitFor(() => Directory.Exists(output) && Directory.EnumerateDirectories(output, ".decoderhw-tmp-*")
                .Any(d => File.Exists(Path.Combine(d, "report.json"))), TimeSpan.FromSeconds(120)),
            "the staging folder never filled");
        Kill(gen.Id, SigInt);
        // Well inside the 120 s hold (a signal gen ignored still fails), with room for a clean-up on a
        // loaded machine.
        if (!gen.WaitForExit(100_000))
        {
            string state = ProcStatus(gen.Id);
            gen.Kill(entireProcessTree: true);
            Assert.Fail($"gen did not stop within 100 s of SIGINT; its /proc status: {state}");
        }

        string error = await stderr;
        Assert.True(gen.ExitCode == Interrupts.ExitSigint, $"exit {gen.ExitCode}: {error}");
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "debris left in the output folder");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_dir.Path), p => p.Contains(".tmp-"));
    }

    [Fact]
    public async Task Size_Sigterm_StopsTheToolsProcessGroup_AndExits143()
    {
        // A fake yosys that starts a child (as yosys starts abc) and sleeps; both record their pids.
        string bin = _dir.File("bin");
        Directory.CreateDirectory(bin);
        string pids = _dir.File("pids");
        string fake = Path.Combine(bin, "yosys");
        File.WriteAllText(fake, $"#!/bin/sh\necho $$ >> '{pids}'\nsleep 300 &\necho $! >> '{pids}'\nwait\n");
        if (!OperatingSystem.IsLinux()) return;   // signals and process groups: POSIX only
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };
        string minimal = Path.Combine(Spec.SpecTestFiles.ExamplesDirectory, "minimal.yaml");
        using var size = Start(_dir.Path, env, "size", minimal, "-o", _dir.File("out"));
        var stderr = size.StandardError.ReadToEndAsync();

        Assert.True(WaitFor(() => File.Exists(pids) && File.ReadAllLines(pids).Length >= 2, TimeSpan.FromSeconds(60)), "the fake yosys never ran");
        var children = File.ReadAllLines(pids).Select(int.Parse).ToList();
        Kill(size.Id, SigTerm);
        Assert.True(size.WaitForExit(30_000), "size did not stop");

        string error = await stderr;
        Assert.True(size.ExitCode == Interrupts.ExitSigterm, $"exit {size.ExitCode}: {error}");
        Assert.True(WaitFor(() => children.All(pid => !Alive(pid)), TimeSpan.FromSeconds(10)),
            $"left running: {string.Join(", ", children.Where(Alive))}");
        Assert.Contains("size out: running", error);
    }

    /// <summary>State, signal masks and threads of a process, for a failure message.</summary>
    private static string ProcStatus(int pid)
    {
        try
        {
            return string.Join("; ", File.ReadAllLines($"/proc/{pid}/status")
                .Where(l => l.StartsWith("State:", StringComparison.Ordinal) || l.StartsWith("Sig", StringComparison.Ordinal) || l.StartsWith("Threads:", StringComparison.Ordinal)));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    /// <summary>Alive and not a zombie waiting for its reaper.</summary>
    private static bool Alive(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            string text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
