using System.Globalization;
using System.Text;

namespace DecoderHw.Sweep;

/// <summary>sweep.md: the sweep as a Markdown table, ready for BENCHMARKS.md or a design review.</summary>
public static class SweepMarkdown
{
    public static string Format(string name, IReadOnlyList<SweepRow> rows, IReadOnlyList<string> plots)
    {
        var md = new StringBuilder();
        void Line(FormattableString s) => md.Append(s.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Line($"# Sweep of {name}");
        Line($"");
        var target = rows.Where(r => r.Status != PointStatus.Failed).Select(r => Sizing.SizingTarget.Parse(r.Target)).FirstOrDefault() ?? Sizing.SizingTarget.Ice40;
        if (!target.Placed) Line($"Target {target.Family}: {target.Estimate}.\n");
        Line($"| lanes | table_log | input_width | {target.LogicUnit} | FF | {target.MemoryUnit} | carry | Fmax (MHz) | weights/cycle | M weights/s | bits/weight | tables (bytes) | status |");
        Line($"|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows.OrderBy(r => r.Lanes).ThenBy(r => r.TableLog).ThenBy(r => r.InputWidth))
        {
            if (r.Status == PointStatus.Failed)
            {
                Line($"| {r.Lanes} | {r.TableLog} | | | | | | | | | | | failed: {Escape(r.Message)} |");
                continue;
            }
            string fmax = r.FmaxMhz is { } f ? f.ToString("F1", CultureInfo.InvariantCulture) : "-";
            string wps = r.WeightsPerSecond is { } w ? (w / 1e6).ToString("F1", CultureInfo.InvariantCulture) : "-";
            string status = r.Status == PointStatus.Ok ? r.Device ?? "synthesis only" : "no fit: " + Escape(r.Message);
            Line($"| {r.Lanes} | {r.TableLog} | {r.InputWidth} | {r.Logic} | {r.Ff} | {r.Memory} | {r.Carry} | {fmax} | {r.WeightsPerCycle:F3} | {wps} | {r.BitsPerWeight:F4} | {r.TableBytes} | {status} |");
        }
        if (plots.Count > 0)
        {
            Line($"");
            foreach (var p in plots) Line($"![{Path.GetFileNameWithoutExtension(p)}](plots/{Path.GetFileName(p)})");
        }
        return md.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
