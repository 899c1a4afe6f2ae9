using System.Diagnostics;
using DecoderHw.Sizing;

namespace DecoderHw.Tests.Sizing;

/// <summary>The wrapper is tested with /bin/sh standing in for yosys and nextpnr.</summary>
public sealed class ToolRunnerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("decoderhw-toolrunner-").FullName;
    private readonly ToolRunner runner = new();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private ToolRun Shell(string script, double timeoutSeconds = 30) =>
        new("/bin/sh", ["-c", script], dir, Path.Combine(dir, "logs", "tool.log"), TimeSpan.FromSeconds(timeoutSeconds));

    [Fact]
    public async Task ToolRunner_CapturesOutputAndErrorToTheLog_WhenToolSucceeds()
    {
        var result = await runner.RunCheckedAsync(Shell("echo to-stdout; echo to-stderr >&2; pwd"), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("to-stdout", result.Output);
        Assert.Contains("to-stderr", result.Output);
        // Yosys must run in the rtl folder for $readmemh's relative paths.
        Assert.Contains(dir, result.Output);
        var log = await File.ReadAllTextAsync(result.Run.LogPath);
        Assert.Contains("to-stderr", log);
        Assert.Contains("# exit code 0", log);
    }

    [Fact]
    public async Task ToolRunner_ReturnsTheExitCode_WhenToolFails()
    {
        var result = await runner.RunAsync(Shell("echo working; exit 3"), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task ToolRunner_ShowsTheToolsOwnErrorLines_WhenCheckedRunFails()
    {
        var run = Shell("echo 'Info: placing'; echo \"ERROR: Unable to place cell 'rom', no BELs remaining\" >&2; exit 255");

        var e = await Assert.ThrowsAsync<ToolException>(() => runner.RunCheckedAsync(run, CancellationToken.None));

        Assert.Contains("exited with code 255", e.Message);
        Assert.Contains("ERROR: Unable to place cell 'rom', no BELs remaining", e.Message);
        Assert.DoesNotContain("Info: placing", e.Message);
        Assert.Contains(run.LogPath, e.Message);
    }

    [Fact]
    public async Task ToolRunner_StopsTheToolAndSaysSo_WhenItRunsPastTheTimeout()
    {
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ToolException>(() => runner.RunAsync(Shell("sleep 30", timeoutSeconds: 0.5), CancellationToken.None));

        Assert.Contains("timed out after", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ToolRunner_SaysWhichToolIsMissing_WhenItIsNotInstalled()
    {
        var run = new ToolRun("decoderhw-no-such-tool", [], dir, Path.Combine(dir, "missing.log"), TimeSpan.FromSeconds(5));

        // Its own type, so compare can add its --no-size hint; still a user error (exit 2) like every tool failure.
        var e = await Assert.ThrowsAsync<ToolNotFoundException>(() => runner.RunAsync(run, CancellationToken.None));

        Assert.IsAssignableFrom<Cli.UserErrorException>(e);
        Assert.Contains("decoderhw-no-such-tool: not found", e.Message);
        Assert.Contains("make deps", e.Message);
    }

    [Fact]
    public async Task ToolRunner_ThrowsCancelled_WhenTheCallerCancels()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(Shell("sleep 30"), cancel.Token));
    }
}
