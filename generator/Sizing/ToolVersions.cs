using System.Text.RegularExpressions;

namespace DecoderHw.Sizing;

/// <summary>Versions of the tools that produced the numbers; they go into report.json and the sweep's cache key.</summary>
public sealed partial record ToolVersions(string Yosys, string Nextpnr)
{
    /// <summary>nextpnr is asked only for a target that is placed: the other targets run yosys alone, so
    /// its absence must not stop them (its version is then "").</summary>
    public static async Task<ToolVersions> DetectAsync(ToolRunner runner, ToolPaths tools, SizingTarget target, SizingPaths paths, CancellationToken cancellation)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var yosys = await runner.RunCheckedAsync(new ToolRun(tools.Yosys, ["-V"], ".", paths.Log("yosys_version.log"), timeout), cancellation);
        if (!target.Placed) return new ToolVersions(ParseYosys(yosys.Output), "");
        var nextpnr = await runner.RunCheckedAsync(new ToolRun(tools.Nextpnr, ["--version"], ".", paths.Log("nextpnr_version.log"), timeout), cancellation);
        return new ToolVersions(ParseYosys(yosys.Output), ParseNextpnr(nextpnr.Output));
    }

    /// <summary>"Yosys 0.23 (git sha1 7ce5011c24b)" -> "0.23 (git sha1 7ce5011c24b)".</summary>
    public static string ParseYosys(string output)
    {
        var m = YosysVersion().Match(output);
        return m.Success ? m.Groups[1].Value.Trim() : output.Trim();
    }

    /// <summary>"nextpnr-ice40 -- Next Generation Place and Route (Version 0.4-1+b1)" -> "0.4-1+b1".</summary>
    public static string ParseNextpnr(string output)
    {
        var m = NextpnrVersion().Match(output);
        return m.Success ? m.Groups[1].Value : output.Trim();
    }

    [GeneratedRegex(@"Yosys\s+([^\r\n]+)")]
    private static partial Regex YosysVersion();

    [GeneratedRegex(@"\(Version\s+([^)\s]+)\)")]
    private static partial Regex NextpnrVersion();
}
