namespace DecoderHw.Sizing;

/// <summary>Executables of the sizing tools; tests point these at stand-ins.</summary>
public sealed record ToolPaths(string Yosys = "yosys", string Nextpnr = "nextpnr-ice40");

/// <param name="TargetMhz">nextpnr's timing-driven placement aims at this clock; the target is 100 MHz.</param>
/// <param name="Seed">Placement is randomised; a fixed seed makes a run reproducible.</param>
/// <param name="Seeds">Placements to run, with seeds Seed .. Seed+Seeds-1: one seed's Fmax varies by about
/// 10%, so the reported Fmax is the median placement's (its log and critical path are the ones kept).</param>
public sealed record SizingOptions(
    ToolPaths Tools,
    IReadOnlyList<Ice40Device> Devices,
    double TargetMhz = 100,
    int Seed = 1,
    TimeSpan? YosysTimeout = null,
    TimeSpan? NextpnrTimeout = null,
    int Seeds = 1)
{
    public static SizingOptions Default => new(new ToolPaths(), Ice40Device.Candidates);

    /// <summary>Where the area is reported; only <see cref="SizingTarget.Ice40"/> is also placed and routed.</summary>
    public SizingTarget Target { get; init; } = SizingTarget.Ice40;

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
/// <param name="Report">The median placement's report (the only one with a single seed).</param>
public sealed record PlaceRouteResult(Ice40Device? Device, NextpnrReport? Report, IReadOnlyList<string> NotFitting)
{
    /// <summary>Fmax of every placement run, in seed order (empty when no device fits).</summary>
    public IReadOnlyList<SeedFmax> Placements { get; init; } = [];

    /// <summary>Seed of <see cref="Report"/>.</summary>
    public int? Seed { get; init; }
}

public readonly record struct SeedFmax(int Seed, double FmaxMhz);

/// <param name="Ice40">iCE40 cells, for the iCE40 target only.</param>
public sealed record SizingResult(
    string Top,
    YosysStat Generic,
    YosysStat Cmos,
    Ice40Cells? Ice40,
    long TableRomBits,
    PlaceRouteResult PlaceRoute,
    ToolVersions Versions,
    SizingOptions Options)
{
    public SizingTarget Target => Options.Target;

    /// <summary>The target's FPGA cells (for iCE40 the same cells as <see cref="Ice40"/>); null for ASIC.</summary>
    public TargetCells? Cells
    {
        get => cells ?? (Ice40 is { } c ? new TargetCells(c.Lut4, c.Ff, c.Bram, c.Dsp, c.Carry, LutRams: 0) : null);
        init => cells = value;
    }

    private readonly TargetCells? cells;

    /// <summary>Gate equivalents and memory bits, for the ASIC target only.</summary>
    public GateArea? Gates { get; init; }

    /// <summary>The logic figure of compare and sweep, in <see cref="SizingTarget.LogicUnit"/>.</summary>
    public long Logic => Gates is { } g ? (long)Math.Round(g.GateEquivalents) : Cells?.Luts ?? 0;

    /// <summary>The memory figure of compare and sweep, in <see cref="SizingTarget.MemoryUnit"/>.</summary>
    public long Memory => Gates?.MemoryBits ?? Cells?.Brams ?? 0;

    public long FlipFlops => Gates?.FlipFlops ?? Cells?.Ffs ?? 0;
}

/// <summary>Generated RTL -> yosys generic -> the target: yosys synth_ice40 and nextpnr-ice40 on the first
/// device that fits, another vendor's yosys synth script alone, or the ASIC gate mapping.</summary>
public sealed class SizingFlow(ToolRunner runner, SizingOptions options)
{
    public async Task<SizingResult> RunAsync(SizingPaths paths, string top, CancellationToken cancellation)
    {
        Directory.CreateDirectory(paths.LogsDir);
        Directory.CreateDirectory(paths.SynthDir);
        var sources = RtlSources.Find(paths.RtlDir);
        var versions = await ToolVersions.DetectAsync(runner, options.Tools, options.Target, paths, cancellation);

        string romStat = paths.Log("generic_rom.stat"), cellStat = paths.Log("generic.stat"), cmosStat = paths.Log("generic_cmos.stat");
        string coarseStat = paths.Log("generic_coarse.stat");
        await RunYosysAsync(paths, "yosys_generic", YosysScripts.Generic(sources, top, romStat, cellStat, cmosStat, coarseStat), cancellation);
        var generic = YosysStatParser.Parse(await File.ReadAllTextAsync(cellStat, cancellation));
        var cmos = YosysStatParser.Parse(await File.ReadAllTextAsync(cmosStat, cancellation));
        long romBits = YosysStatParser.Parse(await File.ReadAllTextAsync(romStat, cancellation)).MemoryBits;
        var unplaced = new PlaceRouteResult(null, null, []);

        if (options.Target == SizingTarget.Asic)
        {
            string memoryStat = paths.Log("asic_memory.stat"), gateStat = paths.Log("asic.stat"), gateCmos = paths.Log("asic_cmos.stat");
            await RunYosysAsync(paths, "yosys_asic", YosysScripts.Asic(sources, top, memoryStat, gateStat, gateCmos), cancellation);
            var gates = GateEquivalents.From(
                YosysStatParser.Parse(await File.ReadAllTextAsync(gateStat, cancellation)),
                YosysStatParser.Parse(await File.ReadAllTextAsync(memoryStat, cancellation)).MemoryBits);
            return new SizingResult(top, generic, cmos, null, romBits, unplaced, versions, options) { Gates = gates };
        }
        if (!options.Target.Placed)
        {
            string stat = paths.Log($"{options.Target.Name}.stat");
            await RunYosysAsync(paths, $"yosys_{options.Target.Name}", YosysScripts.Fpga(sources, top, options.Target, stat), cancellation);
            var cells = options.Target.Cells!.Count(YosysStatParser.Parse(await File.ReadAllTextAsync(stat, cancellation)));
            return new SizingResult(top, generic, cmos, null, romBits, unplaced, versions, options) { Cells = cells };
        }

        // A netlist per set of synth_ice40 flags: the UP5K's (-dsp -spram) only when the design has a
        // multiplier (a $macc once constants are folded: index arithmetic such as lane * bits is gone by
        // then) or a written memory for them to take; else the HX8K's netlist is the UP5K's too.
        var coarse = YosysStatParser.Parse(await File.ReadAllTextAsync(coarseStat, cancellation));
        var procedural = YosysStatParser.Parse(await File.ReadAllTextAsync(romStat, cancellation));
        bool up5kBlocksHelp = coarse.CountOf("$macc") + coarse.CountOf("$mul") > 0 || procedural.CountOf("$memwr") > 0;
        var netlists = new Dictionary<string, Ice40Netlist>(StringComparer.Ordinal);
        async Task<Ice40Netlist> NetlistFor(Ice40Device device)
        {
            string flags = up5kBlocksHelp ? device.SynthFlags : "";
            if (netlists.TryGetValue(flags, out var known)) return known;
            // The plain netlist keeps its historical names (yosys_ice40.ys, ice40.stat, synth/TOP.json).
            string suffix = flags.Length == 0 ? "" : $"_{device.Short}";
            string netlist = Path.GetFullPath(Path.Combine(paths.SynthDir, $"{top}{suffix}.json"));
            string iceStat = paths.Log($"ice40{suffix}.stat");
            await RunYosysAsync(paths, $"yosys_ice40{suffix}", YosysScripts.Ice40(sources, top, netlist, iceStat, flags), cancellation);
            var stat = YosysStatParser.Parse(await File.ReadAllTextAsync(iceStat, cancellation));
            return netlists[flags] = new Ice40Netlist(netlist, stat, Ice40Cells.From(stat), NetlistPorts.Count(netlist, top));
        }

        var (placeRoute, placed) = await PlaceAndRouteAsync(paths, NetlistFor, cancellation);
        // The cells reported are those of the netlist placed, or of the first part's when none holds it.
        var shown = placed ?? await NetlistFor(options.Devices[0]);
        return new SizingResult(top, generic, cmos, shown.Cells, romBits, placeRoute, versions, options)
        {
            Cells = SizingTarget.Ice40.Cells!.Count(shown.Stat),
        };
    }

    /// <summary>One synth_ice40 result: the JSON netlist nextpnr reads and its cells.</summary>
    /// <param name="Ports">Port bits of the top: the pins nextpnr must place it on.</param>
    private sealed record Ice40Netlist(string Json, YosysStat Stat, Ice40Cells Cells, int Ports);

    private async Task RunYosysAsync(SizingPaths paths, string name, string script, CancellationToken cancellation)
    {
        string scriptPath = paths.Log($"{name}.ys");
        await File.WriteAllTextAsync(scriptPath, script, cancellation);
        // -q keeps the console quiet; -l still writes the whole log (our captured output has only warnings and errors).
        var run = new ToolRun(options.Tools.Yosys, ["-q", "-l", paths.Log($"{name}.full.log"), "-s", scriptPath],
            paths.RtlDir, paths.Log($"{name}.log"), options.YosysLimit);
        await runner.RunCheckedAsync(run, cancellation);
    }

    private async Task<(PlaceRouteResult Result, Ice40Netlist? Placed)> PlaceAndRouteAsync(
        SizingPaths paths, Func<Ice40Device, Task<Ice40Netlist>> netlistFor, CancellationToken cancellation)
    {
        var notFitting = new List<string>();
        foreach (var device in options.Devices)
        {
            var netlist = await netlistFor(device);
            var reasons = device.DoesNotFit(netlist.Cells, netlist.Ports);
            if (reasons.Count > 0)
            {
                notFitting.AddRange(reasons.Select(r => $"{device.Name}: {r}"));
                continue;
            }
            string log = paths.Log($"nextpnr_{device.Short}.log");
            var run = new ToolRun(options.Tools.Nextpnr, NextpnrArguments(device, netlist.Json, options.Seed),
                paths.SynthDir, log, options.NextpnrLimit);
            var result = await runner.RunAsync(run, cancellation);
            var report = NextpnrLogParser.Parse(result.Output);
            if (result.ExitCode == 0 && report.MainClock is not null)
                return (await MoreSeedsAsync(paths, netlist.Json, device, log, report, notFitting, cancellation), netlist);

            var overflows = report.Overflows.Select(device.Explain).ToList();
            if (overflows.Count == 0) overflows = report.Errors.Where(IsPlacementFailure).ToList();
            // Anything but "too big for this part" is a real failure: show nextpnr's own words.
            if (overflows.Count == 0) throw ToolRunner.Failure(result, $"place and route on {device.Name}");
            notFitting.AddRange(overflows.Select(r => $"{device.Name}: {r}"));
        }
        return (new PlaceRouteResult(null, null, notFitting), null);
    }

    /// <summary>The first seed placed; the others run on the same device and the median placement is
    /// reported, its log copied to the device's log name (each seed's own log stays beside it).</summary>
    private async Task<PlaceRouteResult> MoreSeedsAsync(SizingPaths paths, string netlist, Ice40Device device, string log,
        NextpnrReport first, List<string> notFitting, CancellationToken cancellation)
    {
        var placements = new List<(int Seed, NextpnrReport Report, string Log)> { (options.Seed, first, log) };
        for (int seed = options.Seed + 1; seed < options.Seed + options.Seeds; seed++)
        {
            string seedLog = paths.Log($"nextpnr_{device.Short}_seed{seed}.log");
            var run = new ToolRun(options.Tools.Nextpnr, NextpnrArguments(device, netlist, seed), paths.SynthDir, seedLog, options.NextpnrLimit);
            var result = await runner.RunCheckedAsync(run, cancellation);
            var report = NextpnrLogParser.Parse(result.Output);
            if (report.MainClock is null) throw ToolRunner.Failure(result, $"place and route on {device.Name}, seed {seed}: no Fmax in the log");
            placements.Add((seed, report, seedLog));
        }
        if (placements.Count > 1) File.Copy(log, paths.Log($"nextpnr_{device.Short}_seed{options.Seed}.log"), overwrite: true);
        // The lower median, so an even count still names one real placement.
        var median = placements.OrderBy(p => p.Report.MainClock!.FmaxMhz).ThenBy(p => p.Seed).ElementAt((placements.Count - 1) / 2);
        if (median.Log != log) File.Copy(median.Log, log, overwrite: true);
        return new PlaceRouteResult(device, median.Report, notFitting)
        {
            Placements = placements.Select(p => new SeedFmax(p.Seed, p.Report.MainClock!.FmaxMhz)).ToList(),
            Seed = median.Seed,
        };
    }

    private List<string> NextpnrArguments(Ice40Device device, string netlist, int seed) =>
    [
        device.NextpnrFlag, "--package", device.Package, "--json", netlist,
        "--freq", options.TargetMhz.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // A design slower than the target is a result to report, not an error.
        "--timing-allow-fail",
    ];

    private static bool IsPlacementFailure(string error) =>
        error.Contains("Unable to place", StringComparison.Ordinal) || error.Contains("Unable to find a placement location", StringComparison.Ordinal);
}
