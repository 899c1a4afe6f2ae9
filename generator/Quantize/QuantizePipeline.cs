using DecoderHw.Cli;
using DecoderHw.Weights;
using Spectre.Console;

namespace DecoderHw.Quantize;

/// <summary>Everything the <c>quantize</c> command was asked, validated.</summary>
/// <param name="ReportPath">Where the JSON report goes (default: quantize_report.json beside the spec).</param>
/// <param name="CommandLine">The command as typed, recorded in the spec's header comment.</param>
public sealed record QuantizeRequest(
    string ModelPath,
    string SpecPath,
    string? ReportPath,
    string? Name,
    QuantizeGoal Goal,
    CoderSetting Coder,
    int InputWidth,
    int HuffmanMaxLength,
    TensorSelection Selection,
    string CommandLine)
{
    public const string DefaultReportFile = "quantize_report.json";

    /// <summary>Images for <c>--min-fidelity</c>.</summary>
    public FidelityRequest? Fidelity { get; init; }

    public string SpecDirectory => Path.GetDirectoryName(Path.GetFullPath(SpecPath))!;

    public string EffectiveReportPath => ReportPath ?? Path.Combine(SpecDirectory, DefaultReportFile);

    /// <summary>--name, else the spec file's name; a spec called spec.yaml is named after its folder
    /// (`-o build/agm/spec.yaml` gives decoder agm, not "spec").</summary>
    public string EffectiveName => Name ?? LayerNames.Sanitize(
        Path.GetFileNameWithoutExtension(SpecPath) is var file && file.Equals("spec", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileName(SpecDirectory) is { Length: > 0 } folder ? folder : file
            : file);
}

/// <summary>Where <c>--min-fidelity</c> measures the network: images, how many inputs, preprocessing.</summary>
public sealed record FidelityRequest(string Images, int Inputs, string? Preprocess, int Threads);

/// <summary>model -> tensors (selected, read) -> plan (per-layer quantizers) -> report (exact measurements)
/// -> spec YAML, report JSON and the table on the console.</summary>
public static class QuantizePipeline
{
    public static QuantizeReport Run(QuantizeRequest request, IAnsiConsole console, CancellationToken cancel = default)
    {
        // Before any work: never overwrite a file DecoderHw did not write.
        Generation.OutputFolder.CheckFileWritable(request.SpecPath, "-o");
        Generation.OutputFolder.CheckFileWritable(request.EffectiveReportPath, request.ReportPath is null ? "-o (its report)" : "--report");
        var tensors = WeightCatalog.Open(request.ModelPath);
        var (coded, raw) = request.Selection.Apply(tensors);
        if (coded.Count == 0)
            throw new UserErrorException($"{request.ModelPath}: no tensor to quantize ({tensors.Count} tensors, {raw.Count} selected ones kept raw as vectors or smaller than --min-size {request.Selection.MinSize}); check --include/--exclude/--min-size");

        var names = LayerNames.Assign(coded.Select(t => t.Name));
        var layers = new LayerWeights[coded.Count];
        for (int i = 0; i < coded.Count; i++)
            layers[i] = new LayerWeights(names[i], coded[i].File, coded[i].Name, coded[i].Shape, TensorReader.ReadValues(coded[i], cancel));
        var rawTensors = raw.Select(t => new RawTensor(t.File, t.Name, t.DType, t.Shape, t.ElementCount)).ToList();

        var report = request.Goal.MinFidelity is { } minCosine
            ? Fidelity.FidelityQuantizer.Quantize(request, layers, rawTensors, minCosine, console, cancel)
            : ModelQuantizer.Quantize(request.EffectiveName, request.ModelPath, layers, rawTensors, request.Goal, request.Coder,
                request.InputWidth, request.HuffmanMaxLength, cancel);

        AtomicFile.Write(request.SpecPath, QuantizedSpecWriter.ToYaml(report, request.InputWidth, request.SpecDirectory, request.CommandLine));
        Generation.OutputFolder.RecordFile(request.SpecPath, "quantize");
        AtomicFile.Write(request.EffectiveReportPath, QuantizeReportJson.Write(report));
        Generation.OutputFolder.RecordFile(request.EffectiveReportPath, "quantize");
        QuantizeReportTable.Render(report, console);
        console.WriteLine($"wrote {request.SpecPath} and {request.EffectiveReportPath}");
        return report;
    }
}

/// <summary>Writes a file so that a reader never sees half of it: a temp file beside it, then a rename.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string text)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + $".tmp{Environment.ProcessId}";
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new UserErrorException($"{path}: cannot write ({e.Message})");
        }
    }
}
