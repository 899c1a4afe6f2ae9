using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DecoderHw.Quantize;
using DecoderHw.Spec;
using DecoderHw.Weights;
using Spectre.Console;

namespace DecoderHw.Cli;

/// <summary><c>quantize MODEL [--bits N | --target-bpw X | --min-sqnr DB] [--method uniform|ecsq] -o SPEC.yaml</c>:
/// choose bits, step and dead zone per tensor of a real model and write the decoder spec for it.</summary>
public static class QuantizeCommand
{
    public const int DefaultLanes = 4;
    public const int DefaultTableLog = 11;
    public const int DefaultInputWidth = 32;

    /// <summary>Inputs for --min-fidelity: the sensitivity of every layer and each bisection step are
    /// measured on them, so they are few (check the result on more with evaluate).</summary>
    public const int DefaultFidelityInputs = 16;

    public static Command Create(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "a .safetensors, .npy or .onnx file, or a folder of them" };
        var output = new Option<string>("--output", "-o") { Description = "spec to write (YAML)", Required = true };
        var bits = new Option<int?>("--bits") { Description = $"bits per weight for every layer, {DecoderSpec.MinBits}..{DecoderSpec.MaxBits} (default {QuantizeGoal.DefaultBits})" };
        var target = new Option<double?>("--target-bpw") { Description = "total coded bits per weight to reach; bits go where they remove the most error (see --distortion)" };
        var minSqnr = new Option<double?>("--min-sqnr") { Description = "least SQNR of every layer in dB (with --target-bpw: a per-layer floor)" };
        var method = new Option<string?>("--method") { Description = "mse (default; ecsq with --min-fidelity): per bit width the step of least squared error, round to nearest; uniform: step = max|w| / MaxLevel, which zeroes most weights of a heavy-tailed layer; ecsq: step and zero-bin width chosen for distortion + lambda * coded rate" };
        method.AcceptOnlyFromAmong("uniform", "mse", "ecsq");
        var minFidelity = new Option<double?>("--min-fidelity") { Description = "least mean cosine of the network's outputs (float vs quantized) on --images: per-layer steps chosen by measured layer sensitivity (ONNX models)" };
        var images = EvaluateCommand.ImagesOption(required: false);
        var inputs = EvaluateCommand.InputsOption(DefaultFidelityInputs);
        var preprocess = EvaluateCommand.PreprocessOption();
        var threads = EvaluateCommand.ThreadsOption();
        var scope = new Option<string>("--target-scope") { Description = "what --target-bpw counts: model (every selected tensor, raw ones at 32 bits) or coded (the streamed layers only)", DefaultValueFactory = _ => "model" };
        scope.AcceptOnlyFromAmong("model", "coded");
        var distortion = new Option<string>("--distortion") { Description = "what --target-bpw minimizes: relative (squared error with every layer scaled to unit RMS) or absolute (total squared error)", DefaultValueFactory = _ => "relative" };
        distortion.AcceptOnlyFromAmong("relative", "absolute");
        var lanes = new Option<int>("--lanes") { Description = $"weights decoded per cycle, 1..{DecoderSpec.MaxLanes}", DefaultValueFactory = _ => DefaultLanes };
        var tableLog = new Option<int>("--table-log") { Description = $"tANS table_log, {DecoderSpec.MinTableLog}..{DecoderSpec.MaxTableLog}", DefaultValueFactory = _ => DefaultTableLog };
        var inputWidth = new Option<int>("--input-width") { Description = $"stream bits per input beat, {DecoderSpec.MinInputWidth}..{DecoderSpec.MaxInputWidth}", DefaultValueFactory = _ => DefaultInputWidth };
        var include = new Option<string[]>("--include") { Description = "glob on tensor names to quantize (repeatable; default all)", AllowMultipleArgumentsPerToken = false };
        var exclude = new Option<string[]>("--exclude") { Description = "glob on tensor names to leave out (repeatable)" };
        var minSize = new Option<long>("--min-size") { Description = "tensors with fewer elements (and all vectors and scalars) are kept raw", DefaultValueFactory = _ => TensorSelection.DefaultMinSize };
        var name = new Option<string?>("--name") { Description = "spec name (default: the output file's name)" };
        var report = new Option<string?>("--report") { Description = $"report JSON to write (default: {QuantizeRequest.DefaultReportFile} beside the spec)" };
        var huffman = new Option<int>("--huffman-max-length") { Description = "code length limit of the reference Huffman coder", DefaultValueFactory = _ => DecoderSpec.DefaultHuffmanMaxLength };

        var command = new Command("quantize", "Quantize a real model's tensors and write a decoder spec for them, with a compression report.")
        {
            model, output, bits, target, minSqnr, method, scope, distortion, lanes, tableLog, inputWidth, include, exclude, minSize, name, report, huffman,
            minFidelity, images, inputs, preprocess, threads,
        };
        command.SetAction((parsed, cancel) => Task.FromResult(CliApp.Guard(console, () =>
        {
            var goal = Goal(parsed.GetValue(method), parsed.GetValue(bits), parsed.GetValue(target), parsed.GetValue(minSqnr), parsed.GetValue(scope)!, parsed.GetValue(distortion)!, parsed.GetValue(minFidelity));
            FidelityRequest? fidelity = null;
            if (goal.MinFidelity is not null)
            {
                string imagesDir = parsed.GetValue(images) ?? throw new UserErrorException("--min-fidelity needs --images DIR: fidelity is measured on the network's outputs for those images");
                fidelity = new FidelityRequest(imagesDir, parsed.GetValue(inputs), parsed.GetValue(preprocess), parsed.GetValue(threads));
            }
            else if (parsed.GetValue(images) is not null)
                throw new UserErrorException("--images is used by --min-fidelity only (to measure a spec's fidelity, run evaluate on gen's output)");
            int l = InRange("--lanes", parsed.GetValue(lanes), 1, DecoderSpec.MaxLanes);
            int t = InRange("--table-log", parsed.GetValue(tableLog), DecoderSpec.MinTableLog, DecoderSpec.MaxTableLog);
            int w = InRange("--input-width", parsed.GetValue(inputWidth), DecoderSpec.MinInputWidth, DecoderSpec.MaxInputWidth);
            int h = InRange("--huffman-max-length", parsed.GetValue(huffman), 8, 16);
            long m = parsed.GetValue(minSize);
            if (m < 0) throw new UserErrorException($"--min-size: must be at least 0, got {m}");
            string? specName = parsed.GetValue(name);
            if (specName is not null && LayerNames.Sanitize(specName) != specName)
                throw new UserErrorException($"--name: '{specName}' is not an identifier (letters, digits, '_', not starting with a digit)");

            var request = new QuantizeRequest(
                parsed.GetValue(model)!, parsed.GetValue(output)!, parsed.GetValue(report), specName, goal, new CoderSetting(t, l), w, h,
                new TensorSelection(parsed.GetValue(include) ?? [], parsed.GetValue(exclude) ?? [], m),
                "decoderhw " + string.Join(" ", parsed.Tokens.Select(token => token.Value))) { Fidelity = fidelity };
            QuantizePipeline.Run(request, SpectreConsole(console.Out), cancel);
            return CliApp.ExitOk;
        })));
        return command;
    }

    private static QuantizeGoal Goal(string? method, int? bits, double? target, double? minSqnr, string scope, string distortion, double? minFidelity)
    {
        var d = distortion == "absolute" ? DistortionMeasure.Absolute : DistortionMeasure.Relative;
        var m = method switch
        {
            "ecsq" => QuantizeMethod.Ecsq,
            "uniform" => QuantizeMethod.Uniform,
            "mse" => QuantizeMethod.Mse,
            _ => minFidelity is null ? QuantizeMethod.Mse : QuantizeMethod.Ecsq,
        };
        if (minFidelity is { } f)
        {
            if (bits is not null || target is not null || minSqnr is not null)
                throw new UserErrorException("--min-fidelity cannot be combined with --bits, --target-bpw or --min-sqnr: it chooses every layer's step itself");
            if (!(double.IsFinite(f) && f is > 0 and < 1))
                throw new UserErrorException($"--min-fidelity: a mean cosine in (0, 1), got {f.ToString(CultureInfo.InvariantCulture)}");
            return new QuantizeGoal(m, Scope: TargetScope.Model, Distortion: d, MinFidelity: f);
        }
        var s = scope == "coded" ? TargetScope.Coded : TargetScope.Model;
        if (bits is not null && (target is not null || minSqnr is not null))
            throw new UserErrorException("--bits cannot be combined with --target-bpw or --min-sqnr: it fixes every layer's width");
        if (bits is { } b) InRange("--bits", b, DecoderSpec.MinBits, DecoderSpec.MaxBits);
        if (target is { } x && !(double.IsFinite(x) && x > 0 && x <= 32))
            throw new UserErrorException($"--target-bpw: must be a number in (0, 32], got {x.ToString(CultureInfo.InvariantCulture)}");
        if (minSqnr is { } db && !(double.IsFinite(db) && db is >= 0 and <= 200))
            throw new UserErrorException($"--min-sqnr: must be 0..200 dB, got {db.ToString(CultureInfo.InvariantCulture)}");
        return bits is null && target is null && minSqnr is null
            ? new QuantizeGoal(m, Bits: QuantizeGoal.DefaultBits, Scope: s, Distortion: d)
            : new QuantizeGoal(m, bits, target, minSqnr, s, d);
    }

    private static int InRange(string option, int value, int min, int max) =>
        value >= min && value <= max ? value : throw new UserErrorException($"{option}: must be {min}..{max}, got {value}");

    /// <summary>Spectre on the command's writer: colour and the terminal's width on a terminal, plain text
    /// 160 columns wide otherwise (files, pipes and tests see the same table).</summary>
    public static IAnsiConsole SpectreConsole(TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 160;
        return console;
    }
}
