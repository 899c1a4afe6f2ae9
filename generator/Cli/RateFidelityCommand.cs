using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DecoderHw.Fidelity;
using DecoderHw.Quantize;
using DecoderHw.Sweep;
using DecoderHw.Weights;
using Spectre.Console;

namespace DecoderHw.Cli;

/// <summary><c>rate-fidelity MODEL.onnx --images DIR -o DIR</c>: bits/weight against measured network
/// fidelity for the four quantizer/allocator combinations, the lowest rate at mean cosine 0.99 and 0.999
/// for each, and the figure. The plans are measured in process (dequantized levels of the same
/// quantizers that quantize writes and gen streams, bit-exact), so no spec or stream is written per point.</summary>
public static class RateFidelityCommand
{
    public const int DefaultSensitivityInputs = 16;

    public static Command Create(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "an ONNX model" };
        var output = new Option<string>("--output", "-o") { Description = "folder for rate_fidelity.csv, .json and .png", Required = true };
        var images = EvaluateCommand.ImagesOption();
        var inputs = EvaluateCommand.InputsOption(EvaluateCommand.DefaultInputs);
        var sensitivityInputs = new Option<int>("--sensitivity-inputs") { Description = "inputs (the first of --inputs) on which layer sensitivity is measured", DefaultValueFactory = _ => DefaultSensitivityInputs };
        var preprocess = EvaluateCommand.PreprocessOption();
        var threads = EvaluateCommand.ThreadsOption();
        var budgets = new Option<string>("--budgets") { Description = "whole-model bits/weight of the ECSQ points, comma-separated", DefaultValueFactory = _ => string.Join(",", RateFidelitySweep.DefaultBudgets.Select(b => b.ToString(CultureInfo.InvariantCulture))) };
        var command = new Command("rate-fidelity", "Bits/weight against measured network fidelity: uniform, MSE step, ECSQ with SQNR and with fidelity allocation; figure and thresholds.")
        {
            model, output, images, inputs, sensitivityInputs, preprocess, threads, budgets,
        };
        command.SetAction((parsed, cancel) => Task.FromResult(CliApp.Guard(console, () =>
        {
            string modelPath = EvaluateCommand.ExistingFile(parsed.GetValue(model)!, "model");
            var budgetList = parsed.GetValue(budgets)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(b => double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is > 0 and <= 32 ? v
                    : throw new UserErrorException($"--budgets: '{b}' is not a bits/weight in (0, 32]")).ToList();
            int k = parsed.GetValue(sensitivityInputs);
            if (k < 1 || k > parsed.GetValue(inputs)) throw new UserErrorException($"--sensitivity-inputs: must be 1..--inputs, got {k}");
            Run(modelPath, parsed.GetValue(output)!, parsed.GetValue(images)!, parsed.GetValue(inputs), k, parsed.GetValue(preprocess), parsed.GetValue(threads), budgetList, console, cancel);
            return CliApp.ExitOk;
        })));
        return command;
    }

    private static void Run(string modelPath, string output, string images, int inputCount, int sensitivityCount, string? preprocess, int threads,
        IReadOnlyList<double> budgets, CliConsole console, CancellationToken cancel)
    {
        // Refuse before the long run, not after it, to overwrite files DecoderHw did not write.
        string[] outputs = ["rate_fidelity.csv", "rate_fidelity.json", "rate_fidelity.png"];
        foreach (var file in outputs) Generation.OutputFolder.CheckFileWritable(Path.Combine(output, file), "-o");
        var started = DateTime.UtcNow;
        var progress = new StageProgress(console.Error);
        var coder = new CoderSetting(QuantizeCommand.DefaultTableLog, QuantizeCommand.DefaultLanes);
        var (coded, raw) = TensorSelection.All.Apply(WeightCatalog.Open(modelPath));
        var names = LayerNames.Assign(coded.Select(t => t.Name));
        var layers = coded.Select((t, i) => new LayerWeights(names[i], t.File, t.Name, t.Shape, TensorReader.ReadValues(t, cancel))).ToList();
        long rawWeights = raw.Sum(t => t.ElementCount);

        var prepared = FidelityEvaluator.PrepareInputs(modelPath, images, inputCount, preprocess, progress.Report);
        var full = new FidelityEvaluator(modelPath, prepared, threads, progress.For("float network", prepared.Count));
        var small = new FidelityEvaluator(modelPath, prepared.Take(sensitivityCount).ToList(), threads);
        var ecsq = ModelQuantizer.Evaluate(layers, new QuantizeGoal(QuantizeMethod.Ecsq), coder, cancel);
        var sensitivity = FidelityAllocator.MeasureSensitivity(layers, ecsq, small, progress.For("layer sensitivity", layers.Count), cancel);

        var sweep = new RateFidelitySweep(layers, rawWeights, coder, full, sensitivity, ecsq, line => console.Error.WriteLine(line));
        sweep.RunCurves(budgets, cancel);
        var lowest = new JsonArray();
        var table = new Table().Title($"lowest bits/weight (whole model) reaching a mean cosine, {full.Inputs} inputs")
            .AddColumn("quantizer / allocation");
        foreach (double t in RateFidelitySweep.Thresholds) table.AddColumn($"cos >= {t}");
        var found = new Dictionary<(SweepCurve, double), RateFidelityPoint?>();
        foreach (var curve in Enum.GetValues<SweepCurve>())
        {
            var row = new List<string> { RateFidelitySweep.Describe(curve) };
            foreach (double t in RateFidelitySweep.Thresholds)
            {
                var p = sweep.Lowest(curve, t, cancel);
                found[(curve, t)] = p;
                row.Add(p is null ? "not reached" : FormattableString.Invariant($"{p.ModelBitsPerWeight:F3} ({p.Setting}, cos {p.Fidelity.MeanCosine:F5})"));
                lowest.Add(new JsonObject
                {
                    ["curve"] = RateFidelitySweep.Name(curve),
                    ["threshold"] = t,
                    ["point"] = p is null ? null : RateFidelitySweep.ToJson(p),
                });
            }
            table.AddRow(row.ToArray());
        }

        var gains = new JsonArray();
        foreach (double t in RateFidelitySweep.Thresholds)
            if (found[(SweepCurve.EcsqSqnr, t)] is { } s && found[(SweepCurve.EcsqFidelity, t)] is { } f)
                gains.Add(new JsonObject
                {
                    ["threshold"] = t,
                    ["sqnr_allocation_bpw"] = s.ModelBitsPerWeight,
                    ["fidelity_allocation_bpw"] = f.ModelBitsPerWeight,
                    ["saved_bpw"] = s.ModelBitsPerWeight - f.ModelBitsPerWeight,
                    ["saved_fraction"] = 1 - f.ModelBitsPerWeight / s.ModelBitsPerWeight,
                });

        Directory.CreateDirectory(output);
        var root = new JsonObject
        {
            ["model"] = modelPath.Replace('\\', '/'),
            ["images"] = images.Replace('\\', '/'),
            ["inputs"] = full.Inputs,
            ["sensitivity_inputs"] = small.Inputs,
            ["coder"] = new JsonObject { ["table_log"] = coder.TableLog, ["lanes"] = coder.Lanes },
            ["coded_weights"] = layers.Sum(l => (long)l.Values.Length),
            ["raw_weights"] = rawWeights,
            ["seconds"] = (DateTime.UtcNow - started).TotalSeconds,
            ["lowest"] = lowest,
            ["fidelity_vs_sqnr_allocation"] = gains,
            ["sensitivity"] = new JsonArray([.. sensitivity.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Name, ["probe_noise_to_signal"] = s.NoiseToSignal, ["probe_distortion"] = s.Distortion, ["slope"] = s.Slope,
            })]),
            ["points"] = new JsonArray([.. sweep.Points.Select(p => (JsonNode)RateFidelitySweep.ToJson(p))]),
        };
        foreach (double t in RateFidelitySweep.Thresholds)
            if (found[(SweepCurve.EcsqFidelity, t)] is { } f && sweep.PlanFidelity(ParseBpw(f.Setting)) is { } plan)
                root[$"layers_at_{t.ToString(CultureInfo.InvariantCulture)}_fidelity_allocation"] = sweep.Layers(plan);
        // Each file appears whole or not at all (a temp file beside it, then a rename).
        AtomicFile.Write(Path.Combine(output, "rate_fidelity.csv"), RateFidelitySweep.Csv(sweep.Points));
        AtomicFile.Write(Path.Combine(output, "rate_fidelity.json"), RateFidelitySweep.Json(root));
        string png = Path.Combine(output, "rate_fidelity.png"), temp = png + $".tmp{Environment.ProcessId}.png";
        RateFidelitySweep.Plot(sweep.Points, $"{Path.GetFileName(modelPath)}: rate vs fidelity ({full.Inputs} inputs)")
            .SavePng(temp, SweepPlots.Width, SweepPlots.Height);
        File.Move(temp, png, overwrite: true);
        foreach (var file in outputs) Generation.OutputFolder.RecordFile(Path.Combine(output, file), "rate-fidelity");
        QuantizeCommand.SpectreConsole(console.Out).Write(table);
        console.Out.WriteLine($"wrote rate_fidelity.csv, rate_fidelity.json and rate_fidelity.png to {output}");
    }

    private static double ParseBpw(string setting) => double.Parse(setting.Split(' ')[0], CultureInfo.InvariantCulture);
}
