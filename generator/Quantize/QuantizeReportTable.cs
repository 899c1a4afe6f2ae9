using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DecoderHw.Quantize;

/// <summary>The report for humans: one row per layer with totals, the five ways of storing the same
/// weights side by side, the tensors kept raw, and any warnings.</summary>
public static class QuantizeReportTable
{
    public static void Render(QuantizeReport report, IAnsiConsole console)
    {
        console.Write(LayerTable(report));
        console.Write(ComparisonTable(report));
        if (report.Raw.Count > 0)
        {
            string names = string.Join(", ", report.Raw.Take(6).Select(r => r.Tensor)) + (report.Raw.Count > 6 ? ", ..." : "");
            console.Write(new Text($"Kept raw (float32, 32 bits/weight): {report.Raw.Count} tensors, {report.RawWeights:N0} weights ({names})\n"));
        }
        // The decoder's tables count against the saving: tANS's grow with lanes and layers, rANS's do not.
        long int8 = 8 * report.Weights, tans = report.TansTableBits, rans = report.RansTableBits;
        console.Write(new Text(string.Create(CultureInfo.InvariantCulture,
            $"On-chip tables at {report.Coder.Lanes} lanes: tANS rom {tans / 8192.0:N1} KB, rANS {rans / 8192.0:N1} KB; stream + tables (streamed layers): tANS {(report.TansBits + tans) / 8192.0:N1} KB, rANS about {(report.TansBits + rans) / 8192.0:N1} KB, against int8's {int8 / 8192.0:N1} KB (int8 / (stream + tables): tANS {int8 / (double)(report.TansBits + tans):F2}, rANS {int8 / (double)(report.TansBits + rans):F2})\n")));
        if (report.Goal.TargetBpw is { } target)
            console.Write(new Text($"Target {target} bits/weight ({report.Goal.Scope.ToString().ToLowerInvariant()}): reached {report.TargetMeasure:F4} ({QuantizeGoal.SignedPercent((report.TargetMeasure - target) / target)})\n"));
        foreach (var warning in report.Warnings) console.Write(new Text($"warning: {warning}\n", new Style(Color.Yellow)));
    }

    private static Table LayerTable(QuantizeReport report)
    {
        var table = new Table().Title(new TableTitle($"{report.Name}: {report.Goal.Describe()}, table_log {report.Coder.TableLog}, {report.Coder.Lanes} lanes"));
        table.AddColumn("layer");
        foreach (var header in new[] { "weights", "bits", "step", "dead zone", "SQNR dB", "entropy b/w", "tANS b/w", "Huffman b/w", "fixed b/w" })
            table.AddColumn(new TableColumn(header).RightAligned());

        foreach (var l in report.Layers)
            table.AddRow(Cells(l.Name, $"{l.Weights:N0}", $"{l.Bits}", G(l.Step), F(l.DeadZone, 2), Db(l.SqnrDb),
                F(l.EntropyBitsPerWeight, 3), F(l.TansBitsPerWeight, 3), F(l.HuffmanBitsPerWeight, 3), $"{l.Bits}"));

        table.AddEmptyRow();
        var s = report.Streamed;
        table.AddRow(Cells("total (streamed)", $"{report.Weights:N0}", "", "", "", Db(report.Distortion.SqnrDb),
            F(report.EntropyBitsPerWeight, 3), F(s.Tans, 3), F(s.Huffman, 3), F(s.Fixed, 3)));
        return table;
    }

    private static Table ComparisonTable(QuantizeReport report)
    {
        var table = new Table().Title(new TableTitle("bits/weight, same weights stored five ways"));
        table.AddColumn("over");
        foreach (var header in new[] { "weights", "float32", "int8", "fixed", "Huffman", "tANS" })
            table.AddColumn(new TableColumn(header).RightAligned());
        void Row(string over, long weights, BitsPerWeight b) =>
            table.AddRow(Cells(over, $"{weights:N0}", F(b.Float32, 2), F(b.Int8, 3), F(b.Fixed, 3), F(b.Huffman, 3), F(b.Tans, 3)));
        Row("streamed layers", report.Weights, report.Streamed);
        Row("whole model (raw at 32 b)", report.ModelWeights, report.WholeModel);
        return table;
    }

    private static IRenderable[] Cells(params string[] texts) => texts.Select(t => (IRenderable)new Text(t)).ToArray();

    private static string F(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Db(double v) => double.IsPositiveInfinity(v) ? "exact" : F(v, 2);
}
