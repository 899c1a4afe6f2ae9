using DecoderHw.Cli;
using DecoderHw.Weights;

namespace DecoderHw.Fidelity;

/// <summary>Runs one ONNX model on a fixed list of inputs with float weights once, then with any set of
/// replaced weights, and compares the outputs (<see cref="FidelityMetrics"/>).</summary>
public sealed class FidelityEvaluator
{
    private readonly string modelPath;
    private readonly IReadOnlyList<float[]> inputs;
    private readonly int threads;
    private readonly Dictionary<string, long[]> shapes;

    /// <param name="inputs">Network inputs (already preprocessed), each of the model's input shape.</param>
    public FidelityEvaluator(string modelPath, IReadOnlyList<float[]> inputs, int threads = 1, Action<int>? progress = null)
    {
        this.modelPath = modelPath;
        this.inputs = inputs;
        this.threads = threads;
        shapes = OnnxReader.ReadHeader(modelPath).ToDictionary(t => t.Name, t => t.Shape.ToArray(), StringComparer.Ordinal);
        Reference = Run(new Dictionary<string, float[]>(), progress);
    }

    /// <summary>The outputs with the model's own weights.</summary>
    public IReadOnlyList<float[]> Reference { get; }

    public int Inputs => inputs.Count;

    /// <summary>Shapes of the model's initializers, by name.</summary>
    public IReadOnlyDictionary<string, long[]> Shapes => shapes;

    public FidelityMetrics Measure(IReadOnlyDictionary<string, float[]> weights, Action<int>? progress = null) =>
        FidelityMetrics.Compare(Reference, Run(weights, progress));

    /// <summary>Outputs with <paramref name="weights"/> replacing the initializers of those names.</summary>
    public IReadOnlyList<float[]> Run(IReadOnlyDictionary<string, float[]> weights, Action<int>? progress = null)
    {
        foreach (var (name, values) in weights)
        {
            if (!shapes.TryGetValue(name, out var shape))
                throw new UserErrorException($"{modelPath}: no initializer '{name}' to replace");
            long count = shape.Aggregate(1L, (a, d) => a * d);
            if (count != values.Length)
                throw new UserErrorException($"{modelPath}: initializer '{name}' has {count} elements, the replacement {values.Length}");
        }
        using var network = new OnnxNetwork(modelPath, weights, shapes.Where(s => weights.ContainsKey(s.Key)).ToDictionary(), threads);
        var outputs = new float[inputs.Count][];
        for (int i = 0; i < inputs.Count; i++)
        {
            outputs[i] = network.Run(inputs[i]);
            progress?.Invoke(i + 1);
        }
        return outputs;
    }

    /// <summary>Images -> network inputs: decoded and cropped (<see cref="ImageInputs"/>), then either
    /// run through a preprocessing ONNX model (which takes the 0..255 RGB planes) or ImageNet-normalized.</summary>
    public static IReadOnlyList<float[]> PrepareInputs(string modelPath, string imagesDir, int count, string? preprocessModel, Action<string, int, int>? progress = null)
    {
        long[] shape;
        using (var probe = new OnnxNetwork(modelPath)) shape = probe.InputShape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] != 3)
            throw new UserErrorException($"{modelPath}: the first input has shape [{string.Join(", ", shape)}]; evaluate feeds images as [1, 3, H, W]");
        var files = ImageInputs.Find(imagesDir);
        var pixels = ImageInputs.Load(files, count, (int)shape[2], (int)shape[3], n => progress?.Invoke("decoding images", n, files.Count));
        if (preprocessModel is null) return pixels.Select(PixelScaling.ImageNet).ToList();
        using var prep = new OnnxNetwork(preprocessModel);
        var result = new List<float[]>(pixels.Count);
        foreach (var p in pixels)
        {
            var x = prep.Run(p);
            long expected = shape.Aggregate(1L, (a, d) => a * d);
            if (x.Length != expected) throw new UserErrorException($"--preprocess {preprocessModel}: gives {x.Length} values, {modelPath} takes {expected}");
            result.Add(x);
            progress?.Invoke("preprocessing", result.Count, pixels.Count);
        }
        return result;
    }
}
