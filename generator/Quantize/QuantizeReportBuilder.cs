using DecoderHw.Huffman;

namespace DecoderHw.Quantize;

/// <summary>Applies the chosen quantizers and measures each layer exactly: levels, error, entropy and the
/// coded size under each coder. The search only estimated; these are the numbers the report states.</summary>
public static class QuantizeReportBuilder
{
    public static QuantizeReport Build(string name, string model, QuantizeGoal goal, CoderSetting coder, int huffmanMaxLength,
        QuantizePlan plan, IReadOnlyList<RawTensor> raw, CancellationToken cancel = default)
    {
        var layers = new LayerReport[plan.Layers.Count];
        Parallel.For(0, layers.Length, new ParallelOptions { CancellationToken = cancel },
            i => layers[i] = Measure(plan.Layers[i], coder, huffmanMaxLength));
        var warnings = plan.Warnings.ToList();
        var report = new QuantizeReport(name, model, goal, coder, huffmanMaxLength, TansFromEncoder: false, layers, raw, plan.BudgetBits, warnings);
        if (goal.TargetBpw is { } target)
        {
            double miss = (report.TargetMeasure - target) / target;
            if (Math.Abs(miss) > QuantizeGoal.TargetTolerance)
                warnings.Add($"--target-bpw {target}: reached {report.TargetMeasure:0.####} bits/weight ({miss:+0.0%;-0.0%}), outside {QuantizeGoal.TargetTolerance:0%}; the candidates are too coarse for this target");
        }
        return report;
    }

    public static LayerReport Measure(LayerChoice choice, CoderSetting coder, int huffmanMaxLength)
    {
        var q = choice.Quantizer;
        var values = choice.Layer.Values;
        var levels = q.Quantize(values);
        var counts = q.Counts(levels);
        var huffman = CanonicalHuffmanCode.FromCounts(counts, huffmanMaxLength);
        return new LayerReport(
            choice.Layer.Name, choice.Layer.File, choice.Layer.Tensor, choice.Layer.Shape,
            q.Bits, q.Step, q.DeadZone, levels,
            Distortion.Measure(values, levels, q.Step),
            Entropy.BitsPerSymbol(counts),
            TansRateEstimate.PresentSymbols(counts),
            TansRateEstimate.CodedBits(counts, coder.TableLog, coder.Lanes),
            huffman.CodedBits(counts),
            (long)q.Bits * levels.Length);
    }
}
