using DecoderHw.Quantize;
using DecoderHw.Spec;

namespace DecoderHw.Weights;

/// <summary>Loads a real tensor and quantizes it to the levels the decoder streams: the single place
/// where <c>gen</c> turns a <see cref="FileSource"/> into levels, with the same
/// <see cref="ScalarQuantizer"/> rule that <c>quantize</c> used to choose bits, step and dead zone.</summary>
public static class TensorLevels
{
    /// <param name="specDirectory">Relative file paths resolve against the spec's folder.</param>
    /// <remarks>A layer without a step gets the <c>uniform</c> step for its bits (max|w| / MaxLevel).</remarks>
    public static int[] Load(FileSource source, LayerSpec layer, string specDirectory) =>
        Load(source, layer.Bits, layer.Step, layer.DeadZone ?? ScalarQuantizer.RoundingDeadZone, specDirectory);

    /// <param name="deadZone">Half-width of the zero bin in steps (0.5 = round to nearest).</param>
    public static int[] Load(FileSource source, int bits, double? step, double deadZone, string specDirectory, CancellationToken cancel = default)
    {
        string path = Path.Combine(specDirectory, source.File);
        var tensor = WeightCatalog.Find(path, source.Tensor);
        var values = TensorReader.ReadValues(tensor, cancel);
        if (values.Length == 0) throw new WeightFileException(path, source.Tensor, $"shape {tensor.ShapeText} has no elements: a layer needs at least one weight");
        var quantizer = QuantizerFor(values, bits, step, deadZone);
        if (quantizer.Problem() is { } problem) throw new WeightFileException(path, source.Tensor, problem);
        return quantizer.Quantize(values);
    }

    /// <summary>The quantizer a layer's fields describe; a missing step means the uniform step.</summary>
    public static ScalarQuantizer QuantizerFor(ReadOnlySpan<float> values, int bits, double? step, double deadZone)
    {
        if (step is { } s) return new ScalarQuantizer(bits, s, deadZone);
        if (bits is < ScalarQuantizer.MinBits or > ScalarQuantizer.MaxBits) return new ScalarQuantizer(bits, 1, deadZone);
        double maxAbs = 0;
        foreach (float v in values) maxAbs = Math.Max(maxAbs, Math.Abs(v));
        return ScalarQuantizer.Uniform(bits, maxAbs) with { DeadZone = deadZone };
    }
}
