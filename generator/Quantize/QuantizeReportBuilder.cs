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
        if (goal.TargetBpw is { } target)
        {
            double miss = (report.TargetMeasure - target) / target;
            if (miss > 0 || miss < -QuantizeGoal.TargetTolerance)
                warnings.Add($"--target-bpw {target}: reached {report.TargetMeasure:F4} bits/weight ({QuantizeGoal.SignedPercent(miss)}), not within {QuantizeGoal.TargetTolerance:0%} under the target");
        }
        return report;
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
