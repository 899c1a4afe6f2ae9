using System.Globalization;
using DecoderHw.Cli;
using DecoderHw.Codec;
using DecoderHw.Model;
using DecoderHw.Spec;
using DecoderHw.Weights;

namespace DecoderHw.Fidelity;

/// <summary>The weights a generated decoder gives back, as floats per source tensor: the stream of a
/// <c>gen</c> output folder decoded by the C# reference decoder (or the levels an RTL simulation
/// dumped), each level times its layer's step. This is what the network sees at inference time.</summary>
public static class DecodedWeights
{
    public const string ResolvedSpecFile = "spec.resolved.yaml";

    /// <param name="genOutput">A <c>gen</c> output folder (spec.resolved.yaml, vectors/stream.hex).</param>
    /// <param name="levelsHex">Optional: levels in weights.hex format (one per line, two's complement) to
    /// use instead of decoding the stream, e.g. what the testbench dumped from the RTL.</param>
    public static IReadOnlyDictionary<string, float[]> Load(string genOutput, string? levelsHex = null, CancellationToken cancel = default)
    {
        string specPath = Path.Combine(genOutput, ResolvedSpecFile);
        if (!File.Exists(specPath)) throw new UserErrorException($"{genOutput}: not a gen output folder (no {ResolvedSpecFile})");
        var spec = SpecLoader.Load(specPath);
        var model = ModelResolver.Resolve(spec, cancel);
        int[][] levels = levelsHex is null ? DecodeStream(model, Path.Combine(genOutput, "vectors", "stream.hex")) : ReadLevels(model, levelsHex);

        string specDirectory = Path.GetDirectoryName(Path.GetFullPath(specPath))!;
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var layer in model.Layers)
        {
            var layerSpec = spec.Layers[layer.Index];
            if (layerSpec.Source is not FileSource source)
                throw new UserErrorException($"{specPath}: layer '{layer.Name}' has no tensor source (synthetic weights have no network to evaluate)");
            double step = layerSpec.Step ?? UniformStep(source, layerSpec, specDirectory, cancel);
            var values = new float[levels[layer.Index].Length];
            for (int i = 0; i < values.Length; i++) values[i] = (float)(levels[layer.Index][i] * step);
            if (!weights.TryAdd(source.Tensor, values))
                throw new UserErrorException($"{specPath}: tensor '{source.Tensor}' is the source of two layers");
        }
        return weights;
    }

    /// <summary>A layer without a step has the uniform step of its tensor (max|w| / MaxLevel).</summary>
    private static double UniformStep(FileSource source, LayerSpec layer, string specDirectory, CancellationToken cancel)
    {
        var values = TensorReader.ReadValues(WeightCatalog.Find(Path.Combine(specDirectory, source.File), source.Tensor), cancel);
        return TensorLevels.QuantizerFor(values, layer.Bits, null, layer.DeadZone ?? 0.5).Step;
    }

    private static int[][] DecodeStream(ResolvedModel model, string streamHex)
    {
        if (!File.Exists(streamHex)) throw new UserErrorException($"{streamHex}: no such file (run gen again)");
        int width = model.InputWidth;
        var lines = File.ReadLines(streamHex).Where(l => l.Length > 0).ToList();
        var bytes = new byte[((long)lines.Count * width + 7) / 8];
        for (int w = 0; w < lines.Count; w++)
        {
            string line = lines[w].Trim();
            for (int d = 0; d < line.Length; d++)
            {
                int nibble = HexDigit(line[line.Length - 1 - d], streamHex, w + 1);
                for (int b = 0; b < 4; b++)
                {
                    int bitInWord = d * 4 + b;
                    if (bitInWord >= width || ((nibble >> b) & 1) == 0) continue;
                    long bit = (long)w * width + bitInWord;
                    bytes[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }
            }
        }
        try
        {
            return StreamCodec.Decode(model, bytes, lines.Count);
        }
        catch (StreamDecodeException e)
        {
            throw new UserErrorException($"{streamHex}: the reference decoder rejects the stream ({e.Message})");
        }
    }

    /// <summary>weights.hex format: one level per line, two's complement in the decoder's output width.</summary>
    private static int[][] ReadLevels(ResolvedModel model, string path)
    {
        if (!File.Exists(path)) throw new UserErrorException($"{path}: no such file");
        int bits = model.Spec.RamLimits?.MaxBits ?? model.MaxBits;
        var result = model.Layers.Select(l => new int[l.WeightCount]).ToArray();
        int layer = 0, index = 0, lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0) continue;
            while (layer < result.Length && index == result[layer].Length) (layer, index) = (layer + 1, 0);
            if (layer == result.Length) throw new UserErrorException($"{path}:{lineNumber}: more levels than the model's {model.WeightCount} weights");
            if (!uint.TryParse(line, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value) || value >> bits != 0)
                throw new UserErrorException($"{path}:{lineNumber}: '{line}' is not a {bits}-bit hex level");
            result[layer][index++] = (int)(value << (32 - bits)) >> (32 - bits);
        }
        while (layer < result.Length && index == result[layer].Length) (layer, index) = (layer + 1, 0);
        if (layer != result.Length) throw new UserErrorException($"{path}: {lineNumber} lines, fewer levels than the model's {model.WeightCount} weights");
        return result;
    }

    private static int HexDigit(char c, string path, int line) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw new UserErrorException($"{path}:{line}: '{c}' is not a hex digit"),
    };
}
