using System.Globalization;
using System.Text;

namespace DecoderHw.Sizing;

/// <summary>The "## Sizing" section of report.md, the same numbers as report.json for people.</summary>
public static class SizingMarkdown
{
    public const string Heading = "## Sizing";

    /// <summary>Puts the section at the end of the report, replacing one from an earlier run.</summary>
    public static string Replace(string markdown, string section)
    {
        int at = markdown.IndexOf("\n" + Heading + "\n", StringComparison.Ordinal);
        if (at >= 0)
        {
            int next = markdown.IndexOf("\n## ", at + 1 + Heading.Length, StringComparison.Ordinal);
            string after = next >= 0 ? markdown[(next + 1)..] : "";
            markdown = markdown[..(at + 1)] + after;
        }
        return markdown.TrimEnd('\n') + "\n\n" + section;
    }

    public static string Section(SizingReport.GenFigures gen, SizingResult sizing)
    {
        var md = new StringBuilder();
        void Line(FormattableString s) => md.Append(s.ToString(CultureInfo.InvariantCulture)).Append('\n');
        var c = sizing.Ice40;
        var pr = sizing.PlaceRoute;
        var clock = pr.Report?.MainClock;
        var memory = new DecoderMemory(gen.Weights, gen.CodedBits + gen.HeaderBits, sizing.TableRomBits);

        Line($"{Heading}");
        Line($"");
        if (c is null)
            Line($"Yosys {sizing.Versions.Yosys}; target {sizing.Target.Family}: {sizing.Target.Estimate}.");
        else
            Line($"Yosys {sizing.Versions.Yosys}, nextpnr-ice40 {sizing.Versions.Nextpnr}; placement seed {sizing.Options.Seed}, target {sizing.Options.TargetMhz} MHz.");
        Line($"");
        Line($"| measure | value |");
        Line($"|---|---|");
        if (c is not null)
        {
            Line($"| iCE40 LUT4 | {c.Lut4} |");
            Line($"| iCE40 flip-flops | {c.Ff} |");
            Line($"| iCE40 block RAMs (4 kbit) | {c.Bram} |");
            Line($"| iCE40 carries | {c.Carry} |");
            Line($"| iCE40 DSPs (SB_MAC16, UltraPlus) | {c.Dsp} |");
            Line($"| iCE40 SPRAMs (SB_SPRAM256KA, UltraPlus) | {c.Spram} |");
        }
        else if (sizing.Cells is { } t)
        {
            string f = sizing.Target.Family;
            Line($"| {f} LUTs | {t.Luts} |");
            Line($"| {f} flip-flops | {t.Ffs} |");
            Line($"| {f} block RAMs | {t.Brams} |");
            Line($"| {f} DSPs | {t.Dsps} |");
            Line($"| {f} carry cells | {t.Carries} |");
            Line($"| {f} LUT-RAM / shift-register cells | {t.LutRams} |");
        }
        if (sizing.Gates is { } g)
        {
            Line($"| gate equivalents (NAND2 = 1) | {g.GateEquivalents:F1} |");
            Line($"| of which flip-flops | {g.FlipFlops} ({g.FlipFlops * GateEquivalents.Transistors["$_DFF_P_"] / 4} GE) |");
            Line($"| memory bits (not in the GE) | {g.MemoryBits} |");
        }
        Line($"| generic yosys cells (tables excluded) | {sizing.Generic.Cells} |");
        Line($"| CMOS transistors (logic only) | {sizing.Cmos.Transistors} |");
        Line($"| table ROM bits | {sizing.TableRomBits} |");
        if (clock is not null)
        {
            Line($"| device | {pr.Device!.Name} ({pr.Device.Package}) |");
            Line($"| Fmax | {clock.FmaxMhz:F2} MHz |");
            Line($"| weights/cycle | {1 / gen.CyclesPerWeight:F4} |");
            Line($"| weights/s | {clock.FmaxMhz / gen.CyclesPerWeight:F2} M |");
        }
        Line($"| stream + tables | {memory.StreamBytes} + {memory.TableBytes} = {memory.DecoderTotalBytes} bytes |");
        Line($"| int8 / float32 weights | {memory.Int8Bytes} / {memory.Float32Bytes} bytes ({memory.RatioVsInt8:F2}x / {memory.RatioVsFloat32:F2}x smaller) |");
        Line($"");
        foreach (var reason in pr.NotFitting) Line($"- does not fit: {reason}");
        if (pr.NotFitting.Count > 0) Line($"");
        if (pr.Report?.CriticalPath is { } path)
        {
            Line($"Critical path ({path.TotalNs:F2} ns: {path.LogicNs:F1} ns logic, {path.RoutingNs:F1} ns routing, {path.LogicLevels} cells): `{path.From}` -> `{path.To}`; RTL: {string.Join(", ", path.RtlSources)}.");
        }
        return md.ToString();
    }
}
