using System.Globalization;
using ScottPlot;

namespace DecoderHw.Sweep;

/// <summary>The sweep's four trade-off pictures, as PNG. Only points that placed and routed carry a
/// clock; plots that need one skip the others.</summary>
public static class SweepPlots
{
    public const int Width = 900;
    public const int Height = 600;

    public static IReadOnlyList<string> WriteAll(IReadOnlyList<SweepRow> rows, string directory, double targetMhz)
    {
        Directory.CreateDirectory(directory);
        var ok = rows.Where(r => r.Status != PointStatus.Failed).ToList();
        var placed = ok.Where(r => r.FmaxMhz is not null).ToList();
        if (ok.Count == 0) return [];
        var written = new List<string>
        {
            Save(LutsVsWeightsPerCycle(ok), directory, "luts_vs_weights_per_cycle.png"),
            Save(FmaxVsLanes(placed, targetMhz), directory, "fmax_vs_lanes.png"),
            Save(BitsPerWeightVsTableLog(ok), directory, "bits_per_weight_vs_table_log.png"),
            Save(Pareto(placed), directory, "pareto_throughput_per_lut_vs_bits.png"),
            Save(MemoryVsLanes(ok), directory, "memory_vs_lanes.png"),
        };
        return written;
    }

    public static Plot LutsVsWeightsPerCycle(IReadOnlyList<SweepRow> rows)
    {
        var target = rows.Select(r => r.Target).FirstOrDefault(t => t.Length > 0) is { } name ? Sizing.SizingTarget.Parse(name) : Sizing.SizingTarget.Ice40;
        var plot = NewPlot($"Logic vs throughput ({target.Family} {target.LogicUnit}, one series per table_log)",
            "weights per clock cycle (measured by the cycle model)", $"{target.Family} {target.LogicUnit}");
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var group in rows.GroupBy(r => r.TableLog).OrderBy(g => g.Key))
        {
            var points = group.OrderBy(r => r.Lanes).ToList();
            var s = plot.Add.Scatter(points.Select(r => r.WeightsPerCycle).ToArray(), points.Select(r => (double)r.Logic).ToArray(), palette.GetColor(i++));
            Style(s, $"table_log {group.Key}");
        }
        var noFit = rows.Where(r => r.Status == PointStatus.NoFit).ToList();
        if (noFit.Count > 0)
        {
            // Area still stands for these; only the clock is missing, so they stay on the plot, ringed.
            var ring = plot.Add.ScatterPoints(noFit.Select(r => r.WeightsPerCycle).ToArray(), noFit.Select(r => (double)r.Logic).ToArray(), Colors.Black);
            ring.MarkerShape = MarkerShape.OpenCircle;
            ring.MarkerSize = 16;
            ring.LegendText = "tables do not fit the iCE40 (no Fmax)";
        }
        LabelLanes(plot, rows.GroupBy(r => r.Lanes).Select(g => g.MaxBy(r => r.Logic)!), r => r.WeightsPerCycle, r => r.Logic);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    public static Plot FmaxVsLanes(IReadOnlyList<SweepRow> rows, double targetMhz)
    {
        var plot = NewPlot("Clock after place and route (nextpnr-ice40; points that fit)", "lanes (weights decoded per cycle)", "Fmax (MHz)");
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var group in rows.GroupBy(r => (r.TableLog, r.Device)).OrderBy(g => g.Key.TableLog))
        {
            var points = group.OrderBy(r => r.Lanes).ToList();
            var s = plot.Add.Scatter(points.Select(r => Math.Log2(r.Lanes)).ToArray(), points.Select(r => r.FmaxMhz!.Value).ToArray(), palette.GetColor(i++));
            Style(s, $"table_log {group.Key.TableLog}, {group.Key.Device}");
        }
        var target = plot.Add.HorizontalLine(targetMhz);
        target.LinePattern = LinePattern.Dashed;
        target.Color = Colors.Gray;
        target.LegendText = $"target {targetMhz.ToString(CultureInfo.InvariantCulture)} MHz";
        LanesAxis(plot, rows.Select(r => r.Lanes));
        plot.Axes.SetLimitsY(0, Math.Max(targetMhz, rows.Select(r => r.FmaxMhz ?? 0).DefaultIfEmpty(0).Max()) * 1.15);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    public static Plot BitsPerWeightVsTableLog(IReadOnlyList<SweepRow> rows)
    {
        var plot = NewPlot("Compression vs table size", "table_log (decode table of 2^table_log entries)", "bits per weight (stream incl. headers)");
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var group in rows.GroupBy(r => r.Lanes).OrderBy(g => g.Key))
        {
            var points = group.GroupBy(r => r.TableLog).Select(g => g.First()).OrderBy(r => r.TableLog).ToList();
            var s = plot.Add.Scatter(points.Select(r => (double)r.TableLog).ToArray(), points.Select(r => r.BitsPerWeight).ToArray(), palette.GetColor(i++));
            Style(s, $"{group.Key} lane{(group.Key == 1 ? "" : "s")}");
        }
        if (rows.Count > 0)
        {
            var entropy = plot.Add.HorizontalLine(rows.Average(r => r.EntropyBitsPerWeight));
            entropy.LinePattern = LinePattern.Dashed;
            entropy.Color = Colors.Black;
            entropy.LegendText = "order-0 entropy of the weights";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>What the decoder must hold, stream + tables, and its block RAMs, per lane count: tANS tables
    /// are per lane, so the tables (and the BRAMs) grow with the lanes while the stream does not.</summary>
    public static Plot MemoryVsLanes(IReadOnlyList<SweepRow> rows)
    {
        var plot = NewPlot("Memory vs lanes: stream + tables (solid) and iCE40 block RAMs (dashed)", "lanes (weights decoded per cycle)", "stream + tables (KB)");
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        var bramAxis = plot.Axes.Right;
        bramAxis.Label.Text = "block RAMs (SB_RAM40_4K)";
        bramAxis.Label.FontSize = 16;
        foreach (var group in rows.GroupBy(r => r.TableLog).OrderBy(g => g.Key))
        {
            var points = group.OrderBy(r => r.Lanes).ToList();
            double[] lanes = points.Select(r => Math.Log2(r.Lanes)).ToArray();
            var color = palette.GetColor(i++);
            var memory = plot.Add.Scatter(lanes, points.Select(r => (r.StreamBytes + r.TableBytes) / 1024.0).ToArray(), color);
            Style(memory, $"table_log {group.Key}");
            var bram = plot.Add.Scatter(lanes, points.Select(r => (double)r.Memory).ToArray(), color);
            bram.LinePattern = LinePattern.Dashed;
            bram.MarkerSize = 6;
            bram.Axes.YAxis = bramAxis;
        }
        var int8 = rows.Select(r => r.Weights).DefaultIfEmpty(0).Max() / 1024.0;
        var line = plot.Add.HorizontalLine(int8, 2, Colors.Black, LinePattern.Dotted);
        line.LegendText = "int8 weights";
        LanesAxis(plot, rows.Select(r => r.Lanes));
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Throughput per LUT against compression: up and to the left is better; the front joins
    /// the points no other point beats on bits/weight, throughput per LUT and block RAMs together (the
    /// tables' BRAMs are the decoder's other cost; the labels give them).</summary>
    public static Plot Pareto(IReadOnlyList<SweepRow> rows)
    {
        var plot = NewPlot("Efficiency vs compression (Pareto front of points that fit)", "bits per weight (lower is better)", "weights per second per LUT4 (higher is better)");
        var all = plot.Add.ScatterPoints(rows.Select(r => r.BitsPerWeight).ToArray(), rows.Select(r => r.WeightsPerSecondPerLut ?? 0).ToArray(), Colors.Gray);
        all.MarkerSize = 7;
        all.LegendText = "design points";
        var front = ParetoFront(rows);
        if (front.Count > 0)
        {
            var s = plot.Add.Scatter(front.Select(r => r.BitsPerWeight).ToArray(), front.Select(r => r.WeightsPerSecondPerLut!.Value).ToArray(), Colors.C1);
            Style(s, "Pareto front");
            s.ConnectStyle = ConnectStyle.StepHorizontal;
            for (int i = 0; i < front.Count; i++)
            {
                var r = front[i];
                var t = plot.Add.Text($"{r.Lanes}L tl{r.TableLog} {r.Memory} {Sizing.SizingTarget.Parse(r.Target).MemoryUnit}", r.BitsPerWeight, r.WeightsPerSecondPerLut!.Value);
                t.LabelFontSize = 13;
                // Neighbours on the front can sit close; alternate above and below so labels do not overlap.
                bool above = i % 2 == 0;
                t.LabelAlignment = above ? Alignment.LowerLeft : Alignment.UpperLeft;
                t.OffsetX = 6;
                t.OffsetY = above ? -4 : 4;
            }
        }
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>Points not dominated by another: none has fewer or equal bits/weight, at least as much
    /// throughput per LUT and no more block RAMs (and one strictly better).</summary>
    public static IReadOnlyList<SweepRow> ParetoFront(IReadOnlyList<SweepRow> rows)
    {
        var candidates = rows.Where(r => r.WeightsPerSecondPerLut is not null).ToList();
        return candidates
            .Where(r => !candidates.Any(o =>
                o.BitsPerWeight <= r.BitsPerWeight && o.WeightsPerSecondPerLut >= r.WeightsPerSecondPerLut && o.Memory <= r.Memory &&
                (o.BitsPerWeight < r.BitsPerWeight || o.WeightsPerSecondPerLut > r.WeightsPerSecondPerLut || o.Memory < r.Memory)))
            .OrderBy(r => r.BitsPerWeight)
            .ToList();
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 20);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 14;
        return plot;
    }

    private static void Style(ScottPlot.Plottables.Scatter s, string legend)
    {
        s.LegendText = legend;
        s.MarkerSize = 9;
        s.LineWidth = 2;
    }

    private static void LabelLanes(Plot plot, IEnumerable<SweepRow> rows, Func<SweepRow, double> x, Func<SweepRow, double> y)
    {
        foreach (var r in rows)
        {
            var t = plot.Add.Text($"{r.Lanes} lane{(r.Lanes == 1 ? "" : "s")}", x(r), y(r));
            t.LabelFontSize = 13;
            t.LabelAlignment = Alignment.LowerCenter;
            t.OffsetY = -10;
        }
    }

    /// <summary>Lanes double from point to point, so they sit on a log2 axis labelled with their values.</summary>
    private static void LanesAxis(Plot plot, IEnumerable<int> lanes)
    {
        var values = lanes.Distinct().Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            values.Select(l => Math.Log2(l)).ToArray(), values.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    private static string Save(Plot plot, string directory, string file)
    {
        string path = Path.Combine(directory, file);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
