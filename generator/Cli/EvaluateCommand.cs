using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DecoderHw.Fidelity;
using DecoderHw.Quantize;
using Spectre.Console;

namespace DecoderHw.Cli;

/// <summary><c>evaluate MODEL.onnx GEN_OUTPUT_DIR --images DIR</c>: run the network with its float weights
/// and with the weights the generated decoder gives back, on real images, and say how close the outputs are.</summary>
public static class EvaluateCommand
{
    public const int DefaultInputs = 200;

    public static Command Create(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "the ONNX model the spec's layers come from" };
        var genOutput = new Argument<string>("gen-output") { Description = "a gen output folder (spec.resolved.yaml, vectors/stream.hex)" };
        var images = ImagesOption();
        var inputs = InputsOption(DefaultInputs);
        var preprocess = PreprocessOption();
        var threads = ThreadsOption();
        var levels = new Option<string?>("--levels") { Description = "levels in weights.hex format to evaluate instead of decoding the stream (e.g. the RTL simulation's dump)" };
        var command = new Command("evaluate", "Measure how closely the decoded weights reproduce the float network's outputs on images (cosine, relative L2, nearest-neighbour agreement); adds 'fidelity' to report.json.")
        {
            model, genOutput, images, inputs, preprocess, threads, levels,
        };
        command.SetAction((parsed, cancel) => Task.FromResult(CliApp.Guard(console, () =>
        {
            string modelPath = ExistingFile(parsed.GetValue(model)!, "model");
            string output = parsed.GetValue(genOutput)!;
            var progress = new StageProgress(console.Error);
            var decoded = DecodedWeights.Load(output, parsed.GetValue(levels), cancel);
            var evaluator = Evaluator(modelPath, parsed.GetValue(images)!, parsed.GetValue(inputs), parsed.GetValue(preprocess), parsed.GetValue(threads), progress);
            var metrics = evaluator.Measure(decoded, progress.For("decoded network", evaluator.Inputs));

            string reportPath = Path.Combine(output, "report.json");
            if (File.Exists(reportPath)) AddToReport(reportPath, metrics, modelPath, parsed.GetValue(images)!, parsed.GetValue(levels), decoded.Count);
            Render(metrics, decoded.Count, QuantizeCommand.SpectreConsole(console.Out));
            foreach (var warning in FidelityWarnings.For(metrics)) console.Error.WriteLine($"warning: {warning}");
            return CliApp.ExitOk;
        })));
        return command;
    }

    public static Option<string> ImagesOption(bool required = true) =>
        new("--images") { Description = "folder of photos (jpg, png, webp, ...); crops and mirror images make the inputs", Required = required };

    public static Option<int> InputsOption(int fallback) =>
        new("--inputs") { Description = $"network inputs made from the images (default {fallback})", DefaultValueFactory = _ => fallback };

    public static Option<string?> PreprocessOption() =>
        new("--preprocess") { Description = "ONNX model turning 0..255 RGB planes into the network's input (default: ImageNet mean/std normalization)" };

    public static Option<int> ThreadsOption() =>
        new("--threads") { Description = "OnnxRuntime threads per inference", DefaultValueFactory = _ => 1 };

    public static string ExistingFile(string path, string what) =>
        File.Exists(path) ? path : throw new UserErrorException($"{path}: no such {what} file");

    /// <summary>Images -> inputs -> the float network's outputs, with progress.</summary>
    public static FidelityEvaluator Evaluator(string modelPath, string images, int inputs, string? preprocess, int threads, StageProgress progress)
    {
        if (threads is < 1 or > 64) throw new UserErrorException($"--threads: must be 1..64, got {threads}");
        if (preprocess is not null) ExistingFile(preprocess, "--preprocess model");
        var prepared = FidelityEvaluator.PrepareInputs(modelPath, images, inputs, preprocess, progress.Report);
        return new FidelityEvaluator(modelPath, prepared, threads, progress.For("float network", prepared.Count));
    }

    private static void AddToReport(string reportPath, FidelityMetrics m, string modelPath, string images, string? levels, int tensors)
    {
        var root = JsonNode.Parse(File.ReadAllText(reportPath)) as JsonObject
            ?? throw new UserErrorException($"{reportPath}: not a JSON object");
        root["fidelity"] = ToJson(m, modelPath, images, levels is null ? "stream decoded by the C# reference decoder" : $"levels from {levels}", tensors);
        AtomicFile.Write(reportPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static JsonObject ToJson(FidelityMetrics m, string modelPath, string images, string weights, int tensors) => new()
    {
        ["model"] = modelPath.Replace('\\', '/'),
        ["images"] = images.Replace('\\', '/'),
        ["weights"] = weights,
        ["tensors_replaced"] = tensors,
        ["inputs"] = m.Inputs,
        ["mean_cosine"] = m.MeanCosine,
        ["p5_cosine"] = m.P5Cosine,
        ["mean_relative_l2"] = m.MeanRelativeL2,
        ["nn_agreement"] = m.NearestNeighbourAgreement,
    };

    private static void Render(FidelityMetrics m, int tensors, IAnsiConsole console)
    {
        var table = new Table().Title($"fidelity: {m.Inputs} inputs, {tensors} tensors replaced by the decoded weights")
            .AddColumn("mean cosine").AddColumn("5th pct cosine").AddColumn("rel. L2").AddColumn("NN agreement");
        foreach (var column in table.Columns) column.RightAligned();
        table.AddRow(F(m.MeanCosine, "0.00000"), F(m.P5Cosine, "0.00000"), F(m.MeanRelativeL2, "0.0000"), F(m.NearestNeighbourAgreement, "0.0%"));
        console.Write(table);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>When measured fidelity says the network is probably broken.</summary>
public static class FidelityWarnings
{
    /// <summary>Below this mean cosine the features have visibly moved (ImageNet ResNets lose top-1
    /// accuracy well before 0.9).</summary>
    public const double BrokenMeanCosine = 0.95;

    public static IEnumerable<string> For(FidelityMetrics m)
    {
        if (m.MeanCosine < BrokenMeanCosine)
            yield return string.Create(CultureInfo.InvariantCulture, $"mean cosine {m.MeanCosine:0.0000} < {BrokenMeanCosine}: the network's outputs have moved far from the float network's; it is likely broken");
        if (m.NearestNeighbourAgreement < 0.8)
            yield return string.Create(CultureInfo.InvariantCulture, $"nearest-neighbour agreement {m.NearestNeighbourAgreement:0.0%}: retrieval on these outputs would change for many inputs");
    }
}
