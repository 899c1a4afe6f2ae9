using DecoderHw.Cli;
using DecoderHw.Quantize;

namespace DecoderHw.Fidelity;

/// <summary>A layer's measured effect on the network output: quantized alone at a probe point (the
/// others float), the outputs' mean cosine fell by <see cref="Distortion"/> (1 - mean cosine) for a
/// weight noise-to-signal ratio of <see cref="NoiseToSignal"/>.</summary>
public sealed record LayerSensitivity(string Name, string Tensor, double NoiseToSignal, double Distortion)
{
    /// <summary>Output distortion per unit of weight noise-to-signal ratio: the slope of the linear
    /// (small-noise) model 1 - cos ~ s * NSR that the allocation uses.</summary>
    public double Slope => NoiseToSignal > 0 ? Distortion / NoiseToSignal : 0;
}

/// <summary>Allocation by fidelity: bits go where they raise the network's output cosine most, as
/// measured layer by layer, not where they remove the most weight error. The measured output
/// distortion of each layer is taken as linear in its noise-to-signal ratio and additive over layers
/// (the usual small-noise model); the budget is then spent by the same marginal analysis on the lower
/// convex hulls as the SQNR allocation (<see cref="BitAllocator.ForBudget"/>), with each point's error
/// scaled by its layer's slope. <see cref="ForMinFidelity"/> checks the real network, not the model.</summary>
public static class FidelityAllocator
{
    /// <summary>Noise-to-signal ratio of the probe point (20 dB): small enough for the linear model,
    /// large enough that the change in the output is far above float rounding.</summary>
    public const double ProbeNoiseToSignal = 0.01;

    public static LayerSensitivity[] MeasureSensitivity(IReadOnlyList<LayerWeights> layers, LayerCandidates[] candidates,
        FidelityEvaluator evaluator, Action<int>? progress = null, CancellationToken cancel = default)
    {
        var result = new LayerSensitivity[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var sorted = candidates[i].Sorted;
            var probe = BitAllocator.LowerHull(candidates[i].Points)
                .MinBy(p => Math.Abs(Math.Log(Math.Max(NoiseToSignal(p, sorted.SignalEnergy), 1e-12) / ProbeNoiseToSignal)))!;
            var weights = new Dictionary<string, float[]> { [layers[i].Tensor] = Dequantize(layers[i].Values, probe.Quantizer) };
            var m = evaluator.Measure(weights);
            // A layer whose probe does not move the output at all still gets a tiny slope, so the
            // allocator prefers its cheaper points without it being free.
            result[i] = new LayerSensitivity(layers[i].Name, layers[i].Tensor, NoiseToSignal(probe, sorted.SignalEnergy), Math.Max(1 - m.MeanCosine, 1e-9));
            progress?.Invoke(i + 1);
        }
        return result;
    }

    /// <summary>The points of least predicted output distortion within <paramref name="budgetBits"/> (coded
    /// layers' tANS estimate), or null when even the cheapest exceed it.</summary>
    public static RdPoint[]? ForBudget(LayerCandidates[] candidates, IReadOnlyList<LayerSensitivity> sensitivity, double budgetBits)
    {
        var scaled = candidates.Select((c, i) => (IReadOnlyList<RdPoint>)c.Points
            .Select(p => p with { ErrorEnergy = sensitivity[i].Slope * NoiseToSignal(p, c.Sorted.SignalEnergy) }).ToList()).ToArray();
        var chosen = BitAllocator.ForBudget(scaled, budgetBits);
        return chosen?.Select((c, i) => candidates[i].Points.First(p => p.Quantizer == c.Quantizer)).ToArray();
    }

    /// <summary>The fewest bits whose plan keeps the measured mean cosine at or above
    /// <paramref name="minCosine"/>: a bisection on the budget, each step measured on the
    /// evaluator's inputs. Returns the plan, its measured fidelity, and whether the goal was met (if even
    /// the most accurate candidates miss it, those are returned).</summary>
    public static (RdPoint[] Points, FidelityMetrics Measured, bool Met) ForMinFidelity(IReadOnlyList<LayerWeights> layers,
        LayerCandidates[] candidates, IReadOnlyList<LayerSensitivity> sensitivity, FidelityEvaluator evaluator, double minCosine,
        int rounds = 10, Action<int>? progress = null, CancellationToken cancel = default, Action<double, FidelityMetrics>? trace = null)
    {
        double lo = candidates.Sum(c => c.Points.Min(p => p.RateBits));
        double hi = candidates.Sum(c => c.Points.Max(p => p.RateBits));
        var top = ForBudget(candidates, sensitivity, hi)!;
        var topFidelity = evaluator.Measure(Weights(layers, top));
        progress?.Invoke(1);
        if (topFidelity.MeanCosine < minCosine) return (top, topFidelity, false);
        (RdPoint[] Points, FidelityMetrics Measured) best = (top, topFidelity);
        for (int round = 0; round < rounds; round++)
        {
            cancel.ThrowIfCancellationRequested();
            double mid = (lo + hi) / 2;
            var plan = ForBudget(candidates, sensitivity, mid);
            if (plan is null) { lo = mid; continue; }
            var m = evaluator.Measure(Weights(layers, plan));
            trace?.Invoke(plan.Sum(p => p.RateBits), m);
            progress?.Invoke(round + 2);
            if (m.MeanCosine >= minCosine) (hi, best) = (mid, (plan, m));
            else lo = mid;
        }
        return (best.Points, best.Measured, true);
    }

    public static double NoiseToSignal(RdPoint p, double signalEnergy) => signalEnergy > 0 ? p.ErrorEnergy / signalEnergy : 0;

    /// <summary>The weights as the decoder gives them back: level times step.</summary>
    public static float[] Dequantize(float[] values, ScalarQuantizer q)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = (float)(q.Level(values[i]) * q.Step);
        return result;
    }

    /// <summary>Tensor name -> dequantized weights, for every layer of a plan.</summary>
    public static Dictionary<string, float[]> Weights(IReadOnlyList<LayerWeights> layers, IReadOnlyList<RdPoint> points)
    {
        if (layers.Count != points.Count) throw new ArgumentException("one point per layer");
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Count; i++)
            if (!weights.TryAdd(layers[i].Tensor, Dequantize(layers[i].Values, points[i].Quantizer)))
                throw new UserErrorException($"tensor '{layers[i].Tensor}' is selected twice (from two files?); evaluate replaces tensors by name");
        return weights;
    }
}
