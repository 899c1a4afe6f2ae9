using DecoderHw.Cli;
using DecoderHw.Quantize;
using Spectre.Console;

namespace DecoderHw.Fidelity;

/// <summary><c>quantize --min-fidelity X --images DIR</c>: candidates per layer (the method's), each
/// layer's sensitivity measured on the network, then the cheapest fidelity-allocated plan whose
/// measured mean cosine is at least X.</summary>
public static class FidelityQuantizer
{
    public static QuantizeReport Quantize(QuantizeRequest request, IReadOnlyList<LayerWeights> layers, IReadOnlyList<RawTensor> raw,
        double minCosine, IAnsiConsole console, CancellationToken cancel)
    {
        var fidelity = request.Fidelity ?? throw new UserErrorException("--min-fidelity needs --images DIR");
        if (!request.ModelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || !File.Exists(request.ModelPath))
            throw new UserErrorException($"{request.ModelPath}: --min-fidelity runs the network, so the model must be one .onnx file");
        var progress = new StageProgress(Console.Error);
        var evaluator = EvaluateCommand.Evaluator(request.ModelPath, fidelity.Images, fidelity.Inputs, fidelity.Preprocess, fidelity.Threads, progress);
        var candidates = ModelQuantizer.Evaluate(layers, request.Goal, request.Coder, cancel);
        var sensitivity = FidelityAllocator.MeasureSensitivity(layers, candidates, evaluator, progress.For("layer sensitivity", layers.Count), cancel);
        var (points, measured, met) = FidelityAllocator.ForMinFidelity(layers, candidates, sensitivity, evaluator, minCosine,
            progress: n => progress.Report("bisection on the budget", n, 11), cancel: cancel,
            trace: (bits, m) => Console.Error.WriteLine(FormattableString.Invariant(
                $"  {bits / layers.Sum(l => (double)l.Values.Length):F3} bits/weight (coded layers, estimate): mean cosine {m.MeanCosine:F5}")));

        var warnings = new List<string>();
        if (!met)
            warnings.Add($"--min-fidelity {minCosine}: the most accurate {request.Goal.Method.ToString().ToLowerInvariant()} candidates reach only mean cosine {measured.MeanCosine:F5}; using them");
        warnings.AddRange(FidelityWarnings.For(measured));
        var plan = new QuantizePlan(layers.Select((l, i) => new LayerChoice(l, points[i].Quantizer)).ToList(), warnings);
        var report = QuantizeReportBuilder.Build(request.EffectiveName, request.ModelPath, request.Goal, request.Coder, request.InputWidth,
            request.HuffmanMaxLength, plan, raw, cancel);
        console.WriteLine(FormattableString.Invariant(
            $"measured on {measured.Inputs} inputs: mean cosine {measured.MeanCosine:F5}, 5th percentile {measured.P5Cosine:F5}, relative L2 {measured.MeanRelativeL2:F4}, nearest-neighbour agreement {measured.NearestNeighbourAgreement:P1}"));
        return report with { Fidelity = measured, Sensitivity = sensitivity };
    }
}
