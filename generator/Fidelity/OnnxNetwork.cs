using DecoderHw.Cli;
using Microsoft.ML.OnnxRuntime;

namespace DecoderHw.Fidelity;

/// <summary>An ONNX model run by OnnxRuntime (CPU), optionally with some initializers replaced. The
/// replacement goes through <c>SessionOptions.AddInitializer</c>, which takes precedence over the
/// model's own initializer of that name: the model file is used as it is, nothing is rewritten or
/// copied, and each replaced tensor lives once, in our array, pinned for the session's lifetime.
/// Models of IR version 3 (CNTK's exports) also list their initializers as graph inputs; OnnxRuntime
/// then lets a run's inputs override them and ignores AddInitializer, so those are fed with every run.</summary>
public sealed class OnnxNetwork : IDisposable
{
    private readonly InferenceSession session;
    private readonly SessionOptions options;
    private readonly List<OrtValue> pinned = [];
    private readonly List<string> feedNames = [];
    private readonly List<OrtValue> feedValues = [];
    private readonly string inputName, outputName;

    /// <param name="weights">Initializer name -> values in C order (the model's own shape is kept).</param>
    /// <param name="shapes">Initializer name -> shape, for every name in <paramref name="weights"/>.</param>
    public OnnxNetwork(string modelPath, IReadOnlyDictionary<string, float[]>? weights = null,
        IReadOnlyDictionary<string, long[]>? shapes = null, int threads = 1)
    {
        // No graph optimization: with it, constant folding and Conv+BatchNormalization fusion bake the
        // file's initializers in before the replacements apply (seen on ResNet-18: 4 dB weights gave
        // cosine 1.00000). The float reference runs the same unoptimized graph, so both are comparable.
        options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        try
        {
            var replaced = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
            foreach (var (name, values) in weights ?? new Dictionary<string, float[]>())
            {
                var value = OrtValue.CreateTensorValueFromMemory(values, shapes![name]);
                pinned.Add(value);
                options.AddInitializer(name, value);
                replaced[name] = value;
            }
            session = new InferenceSession(modelPath, options);
            foreach (var (name, value) in replaced)
                if (session.OverridableInitializerMetadata.ContainsKey(name))
                {
                    feedNames.Add(name);
                    feedValues.Add(value);
                }
        }
        catch (OnnxRuntimeException e)
        {
            Dispose();
            throw new UserErrorException($"{modelPath}: OnnxRuntime cannot load the model ({e.Message})");
        }
        inputName = session.InputNames[0];
        outputName = session.OutputNames[0];
        var dims = session.InputMetadata[inputName].Dimensions;
        InputShape = dims.Select(d => d <= 0 ? 1L : d).ToArray();
    }

    /// <summary>The first input's shape, a free (batch) dimension taken as 1.</summary>
    public long[] InputShape { get; }

    public string InputName => inputName;

    /// <summary>The first output for one input of <see cref="InputShape"/>, flattened.</summary>
    public float[] Run(float[] input)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, InputShape);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [inputName, .. feedNames], [value, .. feedValues], [outputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose()
    {
        session?.Dispose();
        foreach (var value in pinned) value.Dispose();
        pinned.Clear();
        options.Dispose();
    }
}
