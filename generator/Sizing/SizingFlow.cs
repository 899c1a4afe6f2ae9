namespace DecoderHw.Sizing;

/// <summary>Executables of the sizing tools; tests point these at stand-ins.</summary>
public sealed record ToolPaths(string Yosys = "yosys", string Nextpnr = "nextpnr-ice40");

/// <param name="TargetMhz">nextpnr's timing-driven placement aims at this clock; the target is 100 MHz.</param>
/// <param name="Seed">Placement is randomised; a fixed seed makes a run reproducible.</param>
public sealed record SizingOptions(
    ToolPaths Tools,
    IReadOnlyList<Ice40Device> Devices,
    double TargetMhz = 100,
    int Seed = 1,
    TimeSpan? YosysTimeout = null,
    TimeSpan? NextpnrTimeout = null)
{
    public static SizingOptions Default => new(new ToolPaths(), Ice40Device.Candidates);

    public TimeSpan YosysLimit => YosysTimeout ?? TimeSpan.FromMinutes(10);
    public TimeSpan NextpnrLimit => NextpnrTimeout ?? TimeSpan.FromMinutes(20);
}

/// <summary>Where a sizing run reads and writes. Logs go to <c>logs/</c>, the netlist to <c>synth/</c>.</summary>
public sealed record SizingPaths(string RtlDir, string LogsDir, string SynthDir)
{
    public static SizingPaths ForOutput(string outputDir) => new(
        Path.Combine(outputDir, "rtl"), Path.Combine(outputDir, "logs"), Path.Combine(outputDir, "synth"));

    public string Log(string name) => Path.GetFullPath(Path.Combine(LogsDir, name));
}

/// <summary>The place-and-route outcome: the device that fit (null if none) and why the others did not.</summary>
public sealed record PlaceRouteResult(Ice40Device? Device, NextpnrReport? Report, IReadOnlyList<string> NotFitting);

public sealed record SizingResult(
    string Top,
    YosysStat Generic,
    YosysStat Cmos,
    Ice40Cells Ice40,
    long TableRomBits,
    PlaceRouteResult PlaceRoute,
    ToolVersions Versions,
    SizingOptions Options);

/// <summary>Generated RTL -> yosys (generic and iCE40) -> nextpnr-ice40 on the first device that fits.</summary>
public sealed class SizingFlow(ToolRunner runner, SizingOptions options)
{
    public async Task<SizingResult> RunAsync(SizingPaths paths, string top, CancellationToken cancellation)
    {
        Directory.CreateDirectory(paths.LogsDir);
        Directory.CreateDirectory(paths.SynthDir);
        var sources = RtlSources.Find(paths.RtlDir);
        var versions = await ToolVersions.DetectAsync(runner, options.Tools, paths, cancellation);

        string romStat = paths.Log("generic_rom.stat"), cellStat = paths.Log("generic.stat"), cmosStat = paths.Log("generic_cmos.stat");
        await RunYosysAsync(paths, "yosys_generic", YosysScripts.Generic(sources, top, romStat, cellStat, cmosStat), cancellation);

        string netlist = Path.GetFullPath(Path.Combine(paths.SynthDir, $"{top}.json"));
        string iceStat = paths.Log("ice40.stat");
        await RunYosysAsync(paths, "yosys_ice40", YosysScripts.Ice40(sources, top, netlist, iceStat), cancellation);

        var ice40 = Ice40Cells.From(YosysStatParser.Parse(await File.ReadAllTextAsync(iceStat, cancellation)));
        var placeRoute = await PlaceAndRouteAsync(paths, netlist, ice40, cancellation);
        return new SizingResult(
            top,
            YosysStatParser.Parse(await File.ReadAllTextAsync(cellStat, cancellation)),
            YosysStatParser.Parse(await File.ReadAllTextAsync(cmosStat, cancellation)),
            ice40,
            YosysStatParser.Parse(await File.ReadAllTextAsync(romStat, cancellation)).MemoryBits,
            placeRoute,
            versions,
            options);
    }

    private async Task RunYosysAsync(SizingPaths paths, string name, string script, CancellationToken cancellation)
    {
        string scriptPath = paths.Log($"{name}.ys");
        await File.WriteAllTextAsync(scriptPath, script, cancellation);
        // -q keeps the console quiet; -l still writes the whole log (our captured output has only warnings and errors).
        var run = new ToolRun(options.Tools.Yosys, ["-q", "-l", paths.Log($"{name}.full.log"), "-s", scriptPath],
            paths.RtlDir, paths.Log($"{name}.log"), options.YosysLimit);
        await runner.RunCheckedAsync(run, cancellation);
    }

    private async Task<PlaceRouteResult> PlaceAndRouteAsync(SizingPaths paths, string netlist, Ice40Cells cells, CancellationToken cancellation)
    {
        var notFitting = new List<string>();
        foreach (var device in options.Devices)
        {
            var reasons = device.DoesNotFit(cells);
            if (reasons.Count > 0)
            {
                notFitting.AddRange(reasons.Select(r => $"{device.Name}: {r}"));
                continue;
            }
            var run = new ToolRun(options.Tools.Nextpnr, NextpnrArguments(device, netlist),
                paths.SynthDir, paths.Log($"nextpnr_{device.NextpnrFlag.TrimStart('-')}.log"), options.NextpnrLimit);
            var result = await runner.RunAsync(run, cancellation);
            var report = NextpnrLogParser.Parse(result.Output);
            if (result.ExitCode == 0 && report.MainClock is not null) return new PlaceRouteResult(device, report, notFitting);

            var overflows = report.Overflows.Select(device.Explain).ToList();
            if (overflows.Count == 0) overflows = report.Errors.Where(IsPlacementFailure).ToList();
            // Anything but "too big for this part" is a real failure: show nextpnr's own words.
            if (overflows.Count == 0) throw ToolRunner.Failure(result, $"place and route on {device.Name}");
            notFitting.AddRange(overflows.Select(r => $"{device.Name}: {r}"));
        }
        return new PlaceRouteResult(null, null, notFitting);
    }

    private List<string> NextpnrArguments(Ice40Device device, string netlist) =>
    [
        device.NextpnrFlag, "--package", device.Package, "--json", netlist,
        "--freq", options.TargetMhz.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--seed", options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // A design slower than the target is a result to report, not an error.
        "--timing-allow-fail",
    ];

    private static bool IsPlacementFailure(string error) =>
        error.Contains("Unable to place", StringComparison.Ordinal) || error.Contains("Unable to find a placement location", StringComparison.Ordinal);
}
