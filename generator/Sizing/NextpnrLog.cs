using System.Globalization;
using System.Text.RegularExpressions;

namespace DecoderHw.Sizing;

/// <summary>One line of nextpnr's "Device utilisation" table, e.g. ICESTORM_RAM 10/32.</summary>
public sealed record NextpnrUtilisation(string Resource, int Used, int Available)
{
    public bool Overflows => Used > Available;
}

/// <summary>One row of a nextpnr critical path report: a cell output ("Source"), the net it drives
/// ("Net"), or the setup check at the end ("Setup").</summary>
/// <param name="DefinedIn">RTL locations of a net (file:line.col-line.col), yosys's own library files left out.</param>
public sealed record CriticalPathStep(string Kind, string Name, double DelayNs, double TotalNs, IReadOnlyList<string> DefinedIn);

/// <summary>nextpnr's worst register-to-register path of one clock, after routing.</summary>
public sealed record CriticalPath(string Clock, IReadOnlyList<CriticalPathStep> Steps, double LogicNs, double RoutingNs)
{
    public double TotalNs => Steps.Count == 0 ? 0 : Steps[^1].TotalNs;
    public string From => Steps.FirstOrDefault(s => s.Kind == "Source")?.Name ?? "";
    public string To => Steps.LastOrDefault(s => s.Kind == "Setup")?.Name ?? Steps.LastOrDefault()?.Name ?? "";

    /// <summary>Cells passed through after the launching one (LUTs, carries): the logic depth.</summary>
    public int LogicLevels => Math.Max(0, Steps.Count(s => s.Kind == "Source") - 1);

    /// <summary>The RTL lines the path's nets come from, in path order, each once.</summary>
    public IReadOnlyList<string> RtlSources => Steps.SelectMany(s => s.DefinedIn).Distinct().ToList();
}

/// <summary>Fmax of one clock: nextpnr's final (post-route) estimate.</summary>
public sealed record ClockFrequency(string Clock, double FmaxMhz, double TargetMhz, bool Pass);

/// <summary>What a nextpnr-ice40 run tells us.</summary>
public sealed record NextpnrReport(
    IReadOnlyList<ClockFrequency> Clocks,
    IReadOnlyList<NextpnrUtilisation> Utilisation,
    CriticalPath? CriticalPath,
    IReadOnlyList<string> Errors)
{
    /// <summary>The decoder's clock: clk_i if present (nextpnr renames it after the global buffer), else the slowest.</summary>
    public ClockFrequency? MainClock =>
        Clocks.FirstOrDefault(c => c.Clock.StartsWith("clk_i", StringComparison.Ordinal)) ?? Clocks.MinBy(c => c.FmaxMhz);

    public IEnumerable<NextpnrUtilisation> Overflows => Utilisation.Where(u => u.Overflows);
}

/// <summary>Parses the log of nextpnr-ice40 0.4. The log holds a post-placement estimate and the
/// post-route analysis; the last report of each kind is the post-route one and is what we keep.</summary>
public static partial class NextpnrLogParser
{
    public static NextpnrReport Parse(string log)
    {
        var lines = log.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        var clocks = new Dictionary<string, ClockFrequency>(StringComparer.Ordinal);
        var order = new List<string>();
        var utilisation = new Dictionary<string, NextpnrUtilisation>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var line in lines)
        {
            var f = FmaxLine().Match(line);
            if (f.Success)
            {
                string clock = f.Groups[1].Value;
                if (!clocks.ContainsKey(clock)) order.Add(clock);
                clocks[clock] = new ClockFrequency(clock, Num(f.Groups[2]), Num(f.Groups[4]), f.Groups[3].Value == "PASS");
                continue;
            }
            var u = UtilisationLine().Match(line);
            if (u.Success)
            {
                utilisation[u.Groups[1].Value] = new NextpnrUtilisation(u.Groups[1].Value, Int(u.Groups[2]), Int(u.Groups[3]));
                continue;
            }
            if (line.StartsWith("ERROR:", StringComparison.Ordinal)) errors.Add(line);
        }

        var clockList = order.Select(c => clocks[c]).ToList();
        var report = new NextpnrReport(clockList, utilisation.Values.ToList(), null, errors);
        var main = report.MainClock;
        return main is null ? report : report with { CriticalPath = ParseCriticalPath(lines, main.Clock) };
    }

    private static CriticalPath? ParseCriticalPath(List<string> lines, string clock)
    {
        string header = $"Info: Critical path report for clock '{clock}' (posedge -> posedge):";
        int start = lines.FindLastIndex(l => l.StartsWith(header, StringComparison.Ordinal));
        if (start < 0) return null;

        var steps = new List<CriticalPathStep>();
        List<string>? definedIn = null;
        for (int i = start + 1; i < lines.Count; i++)
        {
            string line = lines[i];
            var summary = SummaryLine().Match(line);
            if (summary.Success) return Finish(steps, definedIn, clock, Num(summary.Groups[1]), Num(summary.Groups[2]));
            var step = StepLine().Match(line);
            if (step.Success)
            {
                Flush(steps, definedIn);
                definedIn = [];
                steps.Add(new CriticalPathStep(step.Groups[3].Value, step.Groups[4].Value, Num(step.Groups[1]), Num(step.Groups[2]), []));
                continue;
            }
            var location = LocationLine().Match(line);
            // Yosys's techmap library files say where a cell type is mapped, not where the design needs it.
            if (location.Success && definedIn is not null && !location.Groups[1].Value.Contains("/share/yosys/", StringComparison.Ordinal))
                definedIn.Add(location.Groups[1].Value);
        }
        return null;
    }

    private static CriticalPath Finish(List<CriticalPathStep> steps, List<string>? definedIn, string clock, double logic, double routing)
    {
        Flush(steps, definedIn);
        return new CriticalPath(clock, steps, logic, routing);
    }

    private static void Flush(List<CriticalPathStep> steps, List<string>? definedIn)
    {
        if (steps.Count > 0 && definedIn is { Count: > 0 }) steps[^1] = steps[^1] with { DefinedIn = definedIn };
    }

    private static double Num(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture);
    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:Info|Warning|ERROR): Max frequency for clock\s+'([^']+)':\s+([0-9.]+) MHz \((PASS|FAIL) at ([0-9.]+) MHz\)")]
    private static partial Regex FmaxLine();

    [GeneratedRegex(@"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%")]
    private static partial Regex UtilisationLine();

    [GeneratedRegex(@"^Info:\s+([0-9.]+)\s+([0-9.]+)\s+(Source|Net|Setup)\s+(\S+)")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^Info:\s+(\S+:\d+\.\d+-\d+\.\d+)\s*$")]
    private static partial Regex LocationLine();

    [GeneratedRegex(@"^Info: ([0-9.]+) ns logic, ([0-9.]+) ns routing")]
    private static partial Regex SummaryLine();
}
