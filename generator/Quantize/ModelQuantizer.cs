using DecoderHw.Cli;

namespace DecoderHw.Quantize;

/// <summary>A layer to quantize: its name in the spec and its weights in C order.</summary>
public sealed record LayerWeights(string Name, string File, string Tensor, IReadOnlyList<long> Shape, float[] Values);

/// <summary>The quantizer chosen for a layer.</summary>
public sealed record LayerChoice(LayerWeights Layer, ScalarQuantizer Quantizer);

public sealed record QuantizePlan(IReadOnlyList<LayerChoice> Layers, IReadOnlyList<string> Warnings);

/// <summary>A layer's weights, sorted for fast evaluation, and the method's candidate quantizers on them.</summary>
public sealed record LayerCandidates(SortedWeights Sorted, IReadOnlyList<RdPoint> Points);

/// <summary>Chooses bits, step and dead zone for every layer of a model: evaluates each method's
/// candidate quantizers per layer (independently, so in parallel) and then picks per the goal.</summary>
public static class ModelQuantizer
{
    /// <summary>How often the budget is tightened when the real stream overshoots the estimate it was
    /// allocated on; the estimate is within a fraction of a percent, so one round nearly always does.</summary>
    private const int MaxTargetRounds = 4;

    /// <summary>Plans, measures with the real encoder and, for <c>--target-bpw</c>, re-plans on a budget
    /// scaled by target / reached until the real stream is at or under the target.</summary>
    public static QuantizeReport Quantize(string name, string modelPath, IReadOnlyList<LayerWeights> layers, IReadOnlyList<RawTensor> raw,
        QuantizeGoal goal, CoderSetting coder, int inputWidth, int huffmanMaxLength, CancellationToken cancel = default)
    {
        long rawWeights = raw.Sum(r => r.Weights);
        var candidates = Evaluate(layers, goal, coder, cancel);
        double scale = 1;
        QuantizeReport report;
        for (int round = 1; ; round++)
        {
            var plan = Plan(layers, candidates, rawWeights, goal, coder, scale);
            report = QuantizeReportBuilder.Build(name, modelPath, goal, coder, inputWidth, huffmanMaxLength, plan, raw, cancel);
            if (goal.TargetBpw is not { } target || report.TargetMeasure <= target || round == MaxTargetRounds) return report;
            // Scale the coded layers' budget by what they overshot (raw tensors' bits are fixed).
            double codedTarget = target * (goal.Scope == TargetScope.Model ? report.ModelWeights : report.Weights)
                - (goal.Scope == TargetScope.Model ? 32.0 * rawWeights : 0);
            scale *= codedTarget / report.TansBits * (1 - 1e-6);
        }
    }

    public static LayerCandidates[] Evaluate(IReadOnlyList<LayerWeights> layers, QuantizeGoal goal, CoderSetting coder, CancellationToken cancel = default)
    {
        int maxBits = goal.Bits ?? ScalarQuantizer.MaxBits;
        var result = new LayerCandidates[layers.Count];
        Parallel.For(0, layers.Count, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var sorted = new SortedWeights(layers[i].Values);
            result[i] = new LayerCandidates(sorted, goal.Method switch
            {
                QuantizeMethod.Uniform => RdCandidates.Uniform(sorted, coder, maxBits),
                QuantizeMethod.Mse => RdCandidates.Mse(sorted, coder, maxBits),
                _ => RdCandidates.Ecsq(sorted, coder, maxBits, cancel),
            });
        });
        return result;
    }

    /// <param name="budgetScale">Multiplies the <c>--target-bpw</c> budget of the coded layers.</param>
    public static QuantizePlan Plan(IReadOnlyList<LayerWeights> layers, LayerCandidates[] evaluated, long rawWeights, QuantizeGoal goal,
        CoderSetting coder, double budgetScale = 1)
    {
        var warnings = new List<string>();
        var chosen = (goal.Bits, goal.TargetBpw, goal.MinSqnrDb) switch
        {
            ({ } bits, _, _) => ForBits(evaluated, bits, goal.Method, coder),
            (_, { } target, _) => ForTarget(layers, evaluated, rawWeights, goal, target, budgetScale, warnings),
            (_, _, { } floor) => ForMinSqnr(layers, evaluated, floor, goal.Method, warnings),
            _ => throw new ArgumentException("a goal needs bits, a target or a minimum SQNR", nameof(goal)),
        };
        return new QuantizePlan(layers.Select((l, i) => new LayerChoice(l, chosen[i].Quantizer)).ToList(), warnings);
    }

    /// <summary>Uniform or mse at <paramref name="bits"/>; ecsq: the most accurate point at no more rate
    /// than the mse quantizer of those bits.</summary>
    private static RdPoint[] ForBits(LayerCandidates[] evaluated, int bits, QuantizeMethod method, CoderSetting coder) =>
        evaluated.Select(e =>
        {
            if (method == QuantizeMethod.Uniform) return RdCandidates.Evaluate(e.Sorted, ScalarQuantizer.Uniform(bits, e.Sorted.MaxAbs), coder);
            var mse = RdCandidates.Evaluate(e.Sorted, RdCandidates.MseOptimal(e.Sorted, bits), coder);
            return method == QuantizeMethod.Mse ? mse : BitAllocator.MostAccurateWithin(e.Points, mse.RateBits) ?? mse;
        }).ToArray();

    private static RdPoint[] ForTarget(IReadOnlyList<LayerWeights> layers, LayerCandidates[] evaluated, long rawWeights, QuantizeGoal goal,
        double target, double budgetScale, List<string> warnings)
    {
        long weights = layers.Sum(l => (long)l.Values.Length);
        double budget = goal.Scope == TargetScope.Model ? target * (weights + rawWeights) - 32.0 * rawWeights : target * weights;
        if (budget <= 0)
            throw new UserErrorException($"--target-bpw {target}: the {rawWeights} weights kept raw (32 bits each) already use more than the whole budget; lower --min-size, --exclude fewer tensors or use --target-scope coded");
        var allowed = FloorEachLayer(layers, evaluated, goal.MinSqnrDb, warnings);
        return Allocate(allowed, evaluated, goal.Distortion, budget * budgetScale)
            ?? throw new UserErrorException($"--target-bpw {target}: unreachable, the cheapest quantizers{(goal.MinSqnrDb is null ? "" : " meeting --min-sqnr")} need {allowed.Sum(a => a.Min(p => p.RateBits)) / weights:0.###} bits/weight over the coded layers");
    }

    private static RdPoint[] ForMinSqnr(IReadOnlyList<LayerWeights> layers, LayerCandidates[] evaluated, double floor, QuantizeMethod method,
        List<string> warnings)
    {
        var chosen = new RdPoint[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            (chosen[i], bool met) = BitAllocator.Cheapest(evaluated[i].Points, evaluated[i].Sorted.SignalEnergy, floor);
            if (!met) warnings.Add($"layer {layers[i].Name}: no {method.ToString().ToLowerInvariant()} quantizer reaches {floor} dB; using the most accurate one");
        }
        return chosen;
    }

    /// <summary>The budget allocation on the goal's distortion measure: relative error scales each layer's
    /// squared error by weights / signal energy, as if the layer had unit RMS.</summary>
    private static RdPoint[]? Allocate(IReadOnlyList<RdPoint>[] allowed, LayerCandidates[] evaluated, DistortionMeasure measure, double budget)
    {
        if (measure == DistortionMeasure.Absolute) return BitAllocator.ForBudget(allowed, budget);
        var scaled = allowed.Select((points, i) =>
        {
            var sorted = evaluated[i].Sorted;
            double scale = sorted.SignalEnergy > 0 ? sorted.Count / sorted.SignalEnergy : 1;
            return (IReadOnlyList<RdPoint>)points.Select(p => p with { ErrorEnergy = p.ErrorEnergy * scale }).ToList();
        }).ToArray();
        var chosen = BitAllocator.ForBudget(scaled, budget);
        // Same quantizers, reported with their real squared error.
        return chosen?.Select((c, i) => allowed[i].First(p => p.Quantizer == c.Quantizer)).ToArray();
    }

    /// <summary>With a per-layer SQNR floor, only points meeting it compete for the budget; a layer where
    /// none does keeps its most accurate point only.</summary>
    private static IReadOnlyList<RdPoint>[] FloorEachLayer(IReadOnlyList<LayerWeights> layers, LayerCandidates[] evaluated,
        double? minSqnrDb, List<string> warnings)
    {
        if (minSqnrDb is not { } floor) return evaluated.Select(e => e.Points).ToArray();
        var allowed = new IReadOnlyList<RdPoint>[evaluated.Length];
        for (int i = 0; i < evaluated.Length; i++)
        {
            var (points, signal) = (evaluated[i].Points, evaluated[i].Sorted.SignalEnergy);
            double maxError = signal / Math.Pow(10, floor / 10);
            var meeting = points.Where(p => p.ErrorEnergy <= maxError).ToList();
            if (meeting.Count == 0)
            {
                warnings.Add($"layer {layers[i].Name}: no quantizer reaches {floor} dB; it keeps the most accurate one");
                meeting = [BitAllocator.Cheapest(points, signal, floor).Point];
            }
            allowed[i] = meeting;
        }
        return allowed;
    }
}
