using System.Globalization;
using System.Text;

namespace DecoderHw.Compare;

/// <summary>A column of the side-by-side table.</summary>
public sealed record CompareColumn(string Header, bool RightAligned = true);

/// <summary>The side-by-side table as text cells: the console (Spectre) and compare.md render the same
/// cells, so the two never disagree on a number or on what "-" means.</summary>
public sealed record CompareTable(IReadOnlyList<CompareColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Shown in the area and clock cells of a variant that was not sized.</summary>
    public const string NotSized = "-";

    public const string DoesNotFit = "does not fit";

    public static CompareTable Build(CoderComparison comparison)
    {
        var target = Target(comparison);
        CompareColumn[] columns =
        [
            new("coder", RightAligned: false), new("RTL", RightAligned: false),
            new("bits/weight"), new("cycles/weight"), new("stalled c/w"), new("first output"), new("table load"),
            new("bits/cycle"), new("table bits"), new("stream+tables KB"), new("x int8"),
            new(target.LogicUnit), new("FF"), new(target.MemoryUnit), new("DSP"), new("Fmax MHz"), new("M weights/s"),
            new("sizing note", RightAligned: false),
        ];
        var rows = comparison.Variants.Select(v => (IReadOnlyList<string>)
        [
            v.Label, v.HasRtl ? "yes" : "C# only",
            v.BitsPerWeight.ToString("F4", C), v.CyclesPerWeight.ToString("F4", C), v.StalledCyclesPerWeight.ToString("F4", C),
            v.FirstOutputLatencyCycles.ToString("N0", C), v.TableLoadCycles?.ToString("N0", C) ?? "-",
            v.InputBitsPerCycle.ToString("F2", C), v.TableBits.ToString("N0", C),
            v.Memory is { } m ? (m.TotalBits / 8192.0).ToString("N1", C) : "-", v.Memory is { } r ? r.Int8OverTotal.ToString("F2", C) : "-",
            .. SizingCells(v.Sizing, target),
        ]).ToList();
        return new CompareTable(columns, rows);
    }

    /// <summary>The target the variants were sized for; iCE40 when they were not sized.</summary>
    public static Sizing.SizingTarget Target(CoderComparison comparison) =>
        comparison.Tools is { } t ? Sizing.SizingTarget.Parse(t.Target) : Sizing.SizingTarget.Ice40;

    private static string[] SizingCells(VariantSizing? s, Sizing.SizingTarget target)
    {
        if (s is null) return [NotSized, NotSized, NotSized, NotSized, NotSized, NotSized, ""];
        string Count(long? n) => n?.ToString("N0", C) ?? NotSized;
        string fmax = s.Status switch
        {
            // A target that is not placed here has no clock: "-" as for a variant not sized.
            VariantSizingStatus.Ok => s.FmaxMhz?.ToString("F1", C) ?? NotSized,
            VariantSizingStatus.NoFit => DoesNotFit,
            _ => "failed",
        };
        string rate = s.WeightsPerSecond is { } w ? (w / 1e6).ToString("F1", C) : NotSized;
        string note = s.Status switch
        {
            VariantSizingStatus.Ok => s.Device ?? target.Estimate,
            VariantSizingStatus.NoFit => string.Join("; ", s.NotFitting),
            _ => s.Message ?? "",
        };
        return [Count(s.Logic), Count(s.Ff), Count(s.Memory), Count(s.Dsps), fmax, rate, note];
    }

    public static string Markdown(CoderComparison comparison)
    {
        var table = Build(comparison);
        var sb = new StringBuilder();
        sb.Append(C, $"# {comparison.Name}: coders side by side\n\n");
        sb.Append(C, $"Spec `{comparison.Spec}`: {comparison.Weights:N0} weights, {comparison.Lanes} lanes, input_width {comparison.InputWidth}. Same weights for every row; ");
        sb.Append("cycles from the cycle model (free run; stalled: the stall scenario of docs/architecture.md); ");
        sb.Append("bits/cycle is the stream rate at full speed (bits/weight x lanes); M weights/s is Fmax x weights/cycle of the free run.\n\n");
        sb.Append("| ").AppendJoin(" | ", table.Columns.Select(c => c.Header)).Append(" |\n");
        sb.Append('|').AppendJoin('|', table.Columns.Select(c => c.RightAligned ? "---:" : "---")).Append("|\n");
        foreach (var row in table.Rows)
            sb.Append("| ").AppendJoin(" | ", row.Select(cell => cell.Replace("|", "\\|"))).Append(" |\n");
        sb.Append('\n');
        foreach (var line in Findings(comparison)) sb.Append("- ").Append(line).Append('\n');
        return sb.ToString();
    }

    /// <summary>Which variant wins on each axis, one line each; the axes without numbers (not sized) are left out.</summary>
    public static IReadOnlyList<string> Findings(CoderComparison comparison)
    {
        var v = comparison.Variants;
        var lines = new List<string>
        {
            string.Create(C, $"Entropy of the levels: {v[0].EntropyBitsPerWeight:F4} bits/weight."),
        };
        var best = v.MinBy(x => x.BitsPerWeight)!;
        var raw = v.FirstOrDefault(x => x.Coder == "raw");
        lines.Add(raw is null
            ? string.Create(C, $"Smallest stream: {best.Label}.")
            : string.Create(C, $"Smallest stream: {best.Label} ({best.BitsPerWeight / raw.BitsPerWeight:P1} of raw)."));
        var target = Target(comparison);
        var sized = v.Where(x => x.Sizing?.Logic is not null).ToList();
        if (sized.Count > 0)
        {
            var fewest = sized.MinBy(x => x.Sizing!.Logic)!;
            lines.Add(string.Create(C, $"Fewest {target.LogicUnit}: {fewest.Label} ({fewest.Sizing!.Logic:N0} {target.LogicUnit}, {fewest.Sizing.Memory:N0} {target.MemoryUnit})."));
        }
        var placed = v.Where(x => x.Sizing?.FmaxMhz is not null).ToList();
        if (placed.Count > 0)
        {
            var fastest = placed.MaxBy(x => x.Sizing!.WeightsPerSecond ?? 0)!;
            lines.Add(string.Create(C, $"Most weights/s: {fastest.Label} ({fastest.Sizing!.FmaxMhz:F1} MHz, {fastest.Sizing.WeightsPerSecond / 1e6:F1} M weights/s)."));
        }
        var noFit = v.Where(x => x.Sizing?.Status == VariantSizingStatus.NoFit).Select(x => x.Label).ToList();
        if (noFit.Count > 0) lines.Add($"Too big for every iCE40 part tried (area from synthesis only): {string.Join(", ", noFit)}.");
        lines.AddRange(MemoryFindings(comparison));
        if (comparison.Tools is { } synthesized && !target.Placed)
            lines.Add($"Sizing: Yosys {synthesized.Yosys}, target {target.Family} ({target.Estimate}).");
        else if (comparison.Tools is { } t)
            lines.Add(string.Create(C, $"Sizing: Yosys {t.Yosys} (synth_ice40), nextpnr-ice40 {t.Nextpnr}, target {t.TargetMhz:0.#} MHz, seed {t.Seed}, devices {string.Join(", ", t.Devices)} (first that fits)."));
        else
            lines.Add("Not sized (--no-size): area and Fmax are \"-\".");
        return lines;
    }

    /// <summary>Stream + tables against int8: the smallest, and for every variant that costs more than int8
    /// or does not fit, the variants that would (smaller memory, and placed or not sized).</summary>
    public static IReadOnlyList<string> MemoryFindings(CoderComparison comparison)
    {
        var withMemory = comparison.Variants.Where(x => x.Memory is not null).ToList();
        if (withMemory.Count == 0) return [];
        var lines = new List<string>();
        var smallest = withMemory.MinBy(x => x.Memory!.TotalBits)!;
        lines.Add(Sizing.MemoryAdvisor.Verdict($"Least memory: {smallest.Label}", smallest.Memory!) + ".");
        bool Fits(CoderVariant x) => x.Sizing?.Status != VariantSizingStatus.NoFit;
        var bad = withMemory.Where(x => x.Memory!.TotalBits >= x.Memory.Int8Bits || !Fits(x)).ToList();
        foreach (var x in bad)
        {
            string why = Fits(x) ? "costs more than int8" : "does not fit";
            var better = withMemory.Where(o => o != x && o.Coder != "raw" && Fits(o) && o.Memory!.TotalBits < Math.Min(x.Memory!.TotalBits, o.Memory.Int8Bits))
                .OrderBy(o => o.Memory!.TotalBits).Take(3).Select(o => $"{o.Label} ({Sizing.MemoryAdvisor.Kb(o.Memory!.TotalBits)})").ToList();
            string fewer = x.Memory!.TableBitsPerLane > 0 && x.Memory.Lanes > 1
                ? string.Create(C, $"; at {x.Memory.Lanes / 2} lanes its tables would be {Sizing.MemoryAdvisor.Kb(x.Memory.TableBitsPerLane * (x.Memory.Lanes / 2) + x.Memory.TableBitsShared)}")
                : "";
            lines.Add(better.Count == 0
                ? $"{x.Label} {why} ({Sizing.MemoryAdvisor.Kb(x.Memory.TotalBits)}){fewer}."
                : $"{x.Label} {why} ({Sizing.MemoryAdvisor.Kb(x.Memory.TotalBits)}); instead: {string.Join(", ", better)}{fewer}.");
        }
        return lines;
    }
}
