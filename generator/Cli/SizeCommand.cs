using System.CommandLine;
using DecoderHw.Sizing;

namespace DecoderHw.Cli;

/// <summary><c>size SPEC|DIR</c>: gen (for a spec) then yosys + nextpnr; numbers go into report.json and report.md.</summary>
public static class SizeCommand
{
    public static Command Create(CliConsole console)
    {
        var target = new Argument<string>("spec") { Description = "decoder spec (YAML), or a gen output folder to size as it is" };
        var output = new Option<string?>("--output", "-o") { Description = "output folder for gen (default build/NAME)" };
        var options = new SizingCliOptions();
        var command = new Command("size", "Synthesize the generated decoder with Yosys (generic and --target) and, for iCE40, place and route it with nextpnr-ice40.") { target, output };
        options.AddTo(command);
        command.SetAction((parsed, cancellation) => Task.FromResult(CliApp.Guard(console, () =>
        {
            string input = parsed.GetValue(target)!;
            var sizingOptions = options.Read(parsed);
            string dir = Directory.Exists(input) ? input : GenStep.Run(input, parsed.GetValue(output), console, cancellation);
            var outcome = StepLog.Run(console, $"size {Path.GetFileName(Path.GetFullPath(dir))}", true, step =>
                new SizeJob(new ToolRunner { Started = step }, sizingOptions).RunAsync(dir, cancellation).GetAwaiter().GetResult());
            console.Out.WriteLine(SizingReport.Summary(outcome.Gen, outcome.Sizing));
            foreach (var reason in outcome.Sizing.PlaceRoute.NotFitting) console.Out.WriteLine($"  does not fit: {reason}");
            if (ReadMemory(Path.Combine(dir, "report.json")) is { } memory)
            {
                bool fits = outcome.Sizing.PlaceRoute.Device is not null;
                string resolved = Path.Combine(dir, "spec.resolved.yaml");
                foreach (var line in MemoryAdvisor.Advice(memory, fits, () => MemoryAdvisor.Options(Spec.SpecLoader.Load(resolved), cancellation)))
                    console.Out.WriteLine($"  {line}");
            }
            console.Out.WriteLine($"  report: {Path.Combine(dir, "report.json")}, logs: {Path.Combine(dir, "logs")}");
            return CliApp.ExitOk;
        })));
        return command;
    }

    /// <summary>gen's memory figures from report.json; null for a folder written before they existed.</summary>
    private static Reports.ReportMemory? ReadMemory(string reportPath)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(reportPath));
            return json.RootElement.TryGetProperty("memory", out var node) && node.TryGetProperty("total_bits", out _)
                ? System.Text.Json.JsonSerializer.Deserialize<Reports.ReportMemory>(node, Reports.ReportWriter.JsonOptions)
                : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>--jobs of compare and sweep: parallel tool runs, each a yosys or nextpnr of up to a few GB.</summary>
public static class Jobs
{
    public const int Max = 64;

    public static int Check(int jobs) =>
        jobs is >= 1 and <= Max ? jobs : throw new UserErrorException($"--jobs: must be 1..{Max}, got {jobs}");
}

/// <summary>The sizing options shared by <c>size</c>, <c>sweep</c> and <c>compare</c>.</summary>
public sealed class SizingCliOptions
{
    public const int MaxSeeds = 100;
    /// <summary>Far above any iCE40 clock; a bound so that a typo (1e9) is an error, not a silent nonsense target.</summary>
    public const double MaxFreqMhz = 2000;

    private readonly Option<double> freq = new("--freq") { Description = "nextpnr target clock in MHz", DefaultValueFactory = _ => 100 };
    private readonly Option<int> seed = new("--seed") { Description = "nextpnr placement seed", DefaultValueFactory = _ => 1 };
    private readonly Option<int> seeds = new("--seeds") { Description = "placements to run (seeds SEED..SEED+N-1); the median Fmax is reported", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> device = new("--device") { Description = "only this iCE40 part: hx8k or up5k (default: hx8k, else up5k)" };
    private readonly Option<string> target = new("--target")
    {
        Description = "ice40 (synthesized, placed and routed), ecp5, xilinx (7-series), gowin (synthesized only), or asic (gate equivalents)",
        DefaultValueFactory = _ => "ice40",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(freq);
        command.Options.Add(seed);
        command.Options.Add(seeds);
        command.Options.Add(device);
        command.Options.Add(target);
    }

    public SizingOptions Read(ParseResult parsed)
    {
        var devices = parsed.GetValue(device) switch
        {
            null => Ice40Device.Candidates,
            "hx8k" => [Ice40Device.Hx8k],
            "up5k" => [Ice40Device.Up5k],
            var other => throw new UserErrorException($"--device: expected hx8k or up5k, got '{other}'"),
        };
        int count = parsed.GetValue(seeds);
        if (count is < 1 or > MaxSeeds) throw new UserErrorException($"--seeds: must be 1..{MaxSeeds}, got {count}");
        double mhz = parsed.GetValue(freq);
        if (!(double.IsFinite(mhz) && mhz > 0 && mhz <= MaxFreqMhz))
            throw new UserErrorException($"--freq: must be a clock in MHz, more than 0 and at most {MaxFreqMhz}, got {mhz.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        int first = parsed.GetValue(seed);
        if (first < 0 || first > int.MaxValue - count) throw new UserErrorException($"--seed: must be 0..{int.MaxValue - count}, got {first}");
        var chosen = SizingTarget.Parse(parsed.GetValue(target)!);
        if (!chosen.Placed && parsed.GetValue(device) is not null)
            throw new UserErrorException($"--device: only with --target ice40 (the {chosen.Name} target is not placed here)");
        return SizingOptions.Default with { Devices = devices, TargetMhz = mhz, Seed = first, Seeds = count, Target = chosen };
    }
}
