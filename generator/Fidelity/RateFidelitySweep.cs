using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DecoderHw.Quantize;
using ScottPlot;

namespace DecoderHw.Fidelity;

/// <summary>One quantizer/allocator combination of the rate-fidelity comparison.</summary>
public enum SweepCurve { UniformMax, MseStep, EcsqSqnr, EcsqFidelity }

/// <summary>A measured point: the whole model's bits per weight (raw tensors at 32 bits; coded layers
/// at the tANS estimate of the planner, or the real stream where <see cref="Streamed"/>) and the fidelity.</summary>
public sealed record RateFidelityPoint(SweepCurve Curve, string Setting, double ModelBitsPerWeight, double SqnrDb, FidelityMetrics Fidelity, bool Streamed = false);

/// <summary>Rate against network fidelity for the four combinations: uniform max-scaled 2..8 bits, the
/// MSE-optimal step 2..8 bits, ECSQ with SQNR (relative-error) allocation and ECSQ with fidelity
/// allocation at a list of budgets; then, for each combination and each cosine threshold, the lowest
/// bits/weight that reaches it (ECSQ: a bisection on the budget between the bracketing points).</summary>
public sealed class RateFidelitySweep(IReadOnlyList<LayerWeights> layers, long rawWeights, CoderSetting coder, FidelityEvaluator evaluator,
    IReadOnlyList<LayerSensitivity> sensitivity, LayerCandidates[] ecsq, Action<string>? log = null)
{
    public static readonly double[] DefaultBudgets = [0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0];
    public static readonly double[] Thresholds = [0.99, 0.999];
    public const int BisectionRounds = 5;

    private readonly long codedWeights = layers.Sum(l => (long)l.Values.Length);
    private readonly List<RateFidelityPoint> points = [];

    public IReadOnlyList<RateFidelityPoint> Points => points;

    public double ModelBpw(IEnumerable<RdPoint> plan) => (plan.Sum(p => p.RateBits) + 32.0 * rawWeights) / (codedWeights + rawWeights);

    public void RunCurves(IReadOnlyList<double> budgets, CancellationToken cancel)
    {
        // The ECSQ candidates' sorted weights serve every method: one sorted copy of the model is enough.
        var uniform = ecsq.Select(c => RdCandidates.Uniform(c.Sorted, coder)).ToArray();
        var mse = ecsq.Select(c => RdCandidates.Mse(c.Sorted, coder)).ToArray();
        for (int bits = ScalarQuantizer.MinBits; bits <= ScalarQuantizer.MaxBits; bits++)
        {
            int b = bits;
            Measure(SweepCurve.UniformMax, $"{b} bits", uniform.Select(c => c.First(p => p.Quantizer.Bits == b)).ToArray());
            Measure(SweepCurve.MseStep, $"{b} bits", mse.Select(c => c.First(p => p.Quantizer.Bits == b)).ToArray());
        }
        foreach (double budget in budgets)
        {
            cancel.ThrowIfCancellationRequested();
            if (PlanSqnr(budget) is { } s) Measure(SweepCurve.EcsqSqnr, Bpw(budget), s);
            if (PlanFidelity(budget) is { } f) Measure(SweepCurve.EcsqFidelity, Bpw(budget), f);
        }
    }

    /// <summary>ECSQ with the existing allocation: squared error with each layer scaled to unit RMS
    /// (<c>--target-bpw --method ecsq</c>, relative distortion), the equal-SQNR-slope allocation.</summary>
    public RdPoint[]? PlanSqnr(double modelBpw)
    {
        double budget = CodedBudget(modelBpw);
        var scaled = ecsq.Select(c => (IReadOnlyList<RdPoint>)c.Points
            .Select(p => p with { ErrorEnergy = FidelityAllocator.NoiseToSignal(p, c.Sorted.SignalEnergy) * c.Sorted.Count }).ToList()).ToArray();
        var chosen = BitAllocator.ForBudget(scaled, budget);
        return chosen?.Select((c, i) => ecsq[i].Points.First(p => p.Quantizer == c.Quantizer)).ToArray();
    }

    public RdPoint[]? PlanFidelity(double modelBpw) => FidelityAllocator.ForBudget(ecsq, sensitivity, CodedBudget(modelBpw));

    private double CodedBudget(double modelBpw) => modelBpw * (codedWeights + rawWeights) - 32.0 * rawWeights;

    /// <summary>The lowest measured bits/weight reaching <paramref name="threshold"/> on a curve; for
    /// the ECSQ curves a bisection on the budget between the last point under and the first over it.</summary>
    public RateFidelityPoint? Lowest(SweepCurve curve, double threshold, CancellationToken cancel)
    {
        var onCurve = points.Where(p => p.Curve == curve).OrderBy(p => p.ModelBitsPerWeight).ToList();
        var first = onCurve.FirstOrDefault(p => p.Fidelity.MeanCosine >= threshold);
        if (first is null || curve is SweepCurve.UniformMax or SweepCurve.MseStep) return first;
        var below = onCurve.LastOrDefault(p => p.ModelBitsPerWeight < first.ModelBitsPerWeight && p.Fidelity.MeanCosine < threshold);
        double lo = below?.ModelBitsPerWeight ?? 0.1, hi = first.ModelBitsPerWeight;
        var best = first;
        for (int round = 0; round < BisectionRounds; round++)
        {
            cancel.ThrowIfCancellationRequested();
            double mid = (lo + hi) / 2;
            var plan = curve == SweepCurve.EcsqSqnr ? PlanSqnr(mid) : PlanFidelity(mid);
            if (plan is null) { lo = mid; continue; }
            var point = Measure(curve, Bpw(mid), plan);
            if (point.Fidelity.MeanCosine >= threshold) (hi, best) = (mid, point);
            else lo = mid;
        }
        return best;
    }

    public RateFidelityPoint Measure(SweepCurve curve, string setting, RdPoint[] plan)
    {
        var fidelity = evaluator.Measure(FidelityAllocator.Weights(layers, plan));
        double signal = ecsq.Sum(c => c.Sorted.SignalEnergy), error = plan.Sum(p => p.ErrorEnergy);
        var point = new RateFidelityPoint(curve, setting, ModelBpw(plan), 10 * Math.Log10(signal / Math.Max(error, 1e-300)), fidelity);
        points.Add(point);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{Name(curve),-14} {setting,-12} {point.ModelBitsPerWeight:F3} bits/weight  SQNR {point.SqnrDb:F2} dB  mean cosine {fidelity.MeanCosine:F5}  p5 {fidelity.P5Cosine:F5}  NN {fidelity.NearestNeighbourAgreement:P1}"));
        return point;
    }

    private static string Bpw(double bpw) => bpw.ToString("0.###", CultureInfo.InvariantCulture) + " b/w";

    public static string Name(SweepCurve curve) => curve switch
    {
        SweepCurve.UniformMax => "uniform-max",
        SweepCurve.MseStep => "mse-step",
        SweepCurve.EcsqSqnr => "ecsq-sqnr",
        _ => "ecsq-fidelity",
    };

    public static string Describe(SweepCurve curve) => curve switch
    {
        SweepCurve.UniformMax => "uniform, step max|w|/M, 2..8 bits",
        SweepCurve.MseStep => "uniform, MSE-optimal step, 2..8 bits",
        SweepCurve.EcsqSqnr => "ECSQ, SQNR allocation",
        _ => "ECSQ, fidelity allocation",
    };

    public static string Csv(IEnumerable<RateFidelityPoint> points)
    {
        var sb = new StringBuilder("curve,setting,model_bits_per_weight,sqnr_db,mean_cosine,p5_cosine,mean_relative_l2,nn_agreement,inputs\n");
        foreach (var p in points.OrderBy(p => p.Curve).ThenBy(p => p.ModelBitsPerWeight))
            sb.Append(CultureInfo.InvariantCulture,
                $"{Name(p.Curve)},{p.Setting},{p.ModelBitsPerWeight:F5},{p.SqnrDb:F3},{p.Fidelity.MeanCosine:F6},{p.Fidelity.P5Cosine:F6},{p.Fidelity.MeanRelativeL2:F6},{p.Fidelity.NearestNeighbourAgreement:F4},{p.Fidelity.Inputs}\n");
        return sb.ToString();
    }

    /// <summary>Bits/weight against -log10(1 - mean cosine) (labelled as cosine: up is closer to float), one series per curve.</summary>
    public static Plot Plot(IEnumerable<RateFidelityPoint> all, string title)
    {
        var plot = new Plot();
        plot.Title(title, 18);
        plot.XLabel("bits per weight, whole model (raw tensors at 32 bits)", 16);
        plot.YLabel("mean cosine of the outputs, float vs quantized", 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 14;
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var group in all.GroupBy(p => p.Curve).OrderBy(g => g.Key))
        {
            var ordered = group.OrderBy(p => p.ModelBitsPerWeight).ToList();
            var s = plot.Add.Scatter(ordered.Select(p => p.ModelBitsPerWeight).ToArray(),
                ordered.Select(p => Nines(p.Fidelity.MeanCosine)).ToArray(), palette.GetColor((int)group.Key));
            s.LegendText = Describe(group.Key);
            s.LineWidth = 2;
            s.MarkerSize = 7;
        }
        foreach (double t in Thresholds)
        {
            var line = plot.Add.HorizontalLine(Nines(t));
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
        }
        double[] cosines = [0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(cosines.Select(Nines).ToArray(),
            cosines.Select(c => c.ToString("0.####", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsY(-0.1, 4.2);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>The number of nines of a cosine: -log10(1 - c), capped at 6 for c = 1.</summary>
    private static double Nines(double cosine) => -Math.Log10(Math.Max(1 - cosine, 1e-6));

    /// <summary>A plan's layers with their choices, for the JSON.</summary>
    public JsonArray Layers(RdPoint[] plan) =>
        [.. plan.Select((p, i) => (JsonNode)new JsonObject
        {
            ["name"] = layers[i].Name,
            ["tensor"] = layers[i].Tensor,
            ["weights"] = layers[i].Values.Length,
            ["bits"] = p.Quantizer.Bits,
            ["step"] = p.Quantizer.Step,
            ["dead_zone"] = p.Quantizer.DeadZone,
            ["sqnr_db"] = 10 * Math.Log10(ecsq[i].Sorted.SignalEnergy / Math.Max(p.ErrorEnergy, 1e-300)),
            ["bits_per_weight"] = p.RateBits / layers[i].Values.Length,
            ["sensitivity_slope"] = sensitivity[i].Slope,
        })];

    public static JsonObject ToJson(RateFidelityPoint p) => new()
    {
        ["curve"] = Name(p.Curve),
        ["setting"] = p.Setting,
        ["model_bits_per_weight"] = p.ModelBitsPerWeight,
        ["sqnr_db"] = p.SqnrDb,
        ["mean_cosine"] = p.Fidelity.MeanCosine,
        ["p5_cosine"] = p.Fidelity.P5Cosine,
        ["mean_relative_l2"] = p.Fidelity.MeanRelativeL2,
        ["nn_agreement"] = p.Fidelity.NearestNeighbourAgreement,
        ["inputs"] = p.Fidelity.Inputs,
    };

    public static string Json(JsonObject root) => root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
