using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;

namespace DecoderHw.Quantize;

/// <summary>Applies the chosen quantizers and measures each layer exactly. The search only estimated
/// rates; here the layers go through the same resolver and tANS stream encoder as <c>gen</c>, so the
/// tANS column is the stream gen will write (header included), and the Huffman column is the reference
/// Huffman coder's code for the same symbols (<c>coder: huffman</c>).</summary>
public static class QuantizeReportBuilder
{
    public static QuantizeReport Build(string name, string modelPath, QuantizeGoal goal, CoderSetting coder, int inputWidth,
        int huffmanMaxLength, QuantizePlan plan, IReadOnlyList<RawTensor> raw, CancellationToken cancel = default)
    {
        var spec = SpecFor(name, coder, inputWidth, huffmanMaxLength, plan);
        var levels = new int[plan.Layers.Count][];
        var resolved = new ResolvedLayer[plan.Layers.Count];
        Parallel.For(0, resolved.Length, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            levels[i] = plan.Layers[i].Quantizer.Quantize(plan.Layers[i].Layer.Values);
            var layer = ModelResolver.FromLevels(i, spec.Layers[i], levels[i], coder.TableLog);
            resolved[i] = ModelResolver.WithHuffman(layer, spec.Layers[i], huffmanMaxLength);
        });
        var stream = TansStreamEncoder.Encode(new ResolvedModel(spec, resolved));

        var layers = plan.Layers.Select((choice, i) => Measure(choice, resolved[i], stream.LayerStats[i].TotalBits)).ToList();
        var warnings = plan.Warnings.ToList();
        var report = new QuantizeReport(name, modelPath, goal, coder, huffmanMaxLength, layers, raw, warnings);
        warnings.AddRange(SqnrWarnings(report));
        if (goal.TargetBpw is { } target)
        {
            double miss = (report.TargetMeasure - target) / target;
            if (miss > 0 || miss < -QuantizeGoal.TargetTolerance)
                warnings.Add($"--target-bpw {target}: reached {report.TargetMeasure:F4} bits/weight ({QuantizeGoal.SignedPercent(miss)}), not within {QuantizeGoal.TargetTolerance:0%} under the target");
        }
        return report;
    }

    /// <summary>Below this SQNR a layer's weights are mostly noise. On the ImageNet ResNet-18 (BENCHMARKS.md)
    /// the 4-bit max-scaled quantizer leaves layers at 1.7-12 dB and the mean output cosine at 0.40; the
    /// fidelity-allocated plan at cosine 0.99 has no layer under 11.6 dB.</summary>
    public const double BrokenSqnrDb = 10;

    /// <summary>Layers whose SQNR says the network is likely broken, and layers rounded mostly to zero.</summary>
    public static IEnumerable<string> SqnrWarnings(QuantizeReport report)
    {
        var low = report.Layers.Where(l => l.Distortion.SqnrDb < BrokenSqnrDb).ToList();
        if (low.Count > 0)
        {
            var worst = low.MinBy(l => l.Distortion.SqnrDb)!;
            yield return $"{low.Count} of {report.Layers.Count} layers have SQNR under {BrokenSqnrDb} dB (worst {worst.Name}: {worst.Distortion.SqnrDb:F1} dB): the network is likely broken; measure it (evaluate, or quantize --min-fidelity)";
        }
        var zeroed = report.Layers.Where(l => l.Levels.Count(v => v == 0) > 0.9 * l.Levels.Length).ToList();
        if (zeroed.Count > 0)
            yield return $"{zeroed.Count} layers have more than 90% of their weights at level 0 ({string.Join(", ", zeroed.Take(4).Select(l => l.Name))}{(zeroed.Count > 4 ? ", ..." : "")})";
    }

    /// <summary>The spec the run writes, as a record: what gen will load.</summary>
    public static DecoderSpec SpecFor(string name, CoderSetting coder, int inputWidth, int huffmanMaxLength, QuantizePlan plan) =>
        new(name, CoderKind.Tans, coder.TableLog, coder.Lanes, inputWidth, TableMode.Rom,
            plan.Layers.Select(c => new LayerSpec(c.Layer.Name, c.Quantizer.Bits, null, new FileSource(c.Layer.File, c.Layer.Tensor),
                c.Quantizer.Step, c.Quantizer.DeadZone == ScalarQuantizer.RoundingDeadZone ? null : c.Quantizer.DeadZone)).ToList(),
            SourcePath: "", HuffmanMaxLength: huffmanMaxLength);

    private static LayerReport Measure(LayerChoice choice, ResolvedLayer layer, long tansBits)
    {
        var q = choice.Quantizer;
        var values = choice.Layer.Values;
        var code = layer.Huffman!;
        long huffmanBits = 0;
        for (int s = 0; s < layer.Counts.Length; s++) huffmanBits += layer.Counts[s] * code.CodeLengths[s];
        return new LayerReport(
            choice.Layer.Name, choice.Layer.File, choice.Layer.Tensor, choice.Layer.Shape,
            q.Bits, q.Step, q.DeadZone, layer.Levels,
            Distortion.Measure(values, layer.Levels, q.Step),
            Entropy.BitsPerSymbol(layer.Counts),
            TansRateEstimate.PresentSymbols(layer.Counts),
            tansBits, huffmanBits,
            (long)q.Bits * layer.WeightCount);
    }
}
