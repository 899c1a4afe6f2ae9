using DecoderHw.Spec;

namespace DecoderHw.Weights;

/// <summary>Loads a real tensor and quantizes it to levels. (Stub: the real-weights work replaces this.)</summary>
public static class TensorLevels
{
    /// <param name="specDirectory">Relative file paths resolve against the spec's folder.</param>
    public static int[] Load(FileSource source, LayerSpec layer, string specDirectory) =>
        throw new Cli.UserErrorException($"{source.File}: tensor '{source.Tensor}': real-weight import not implemented yet");
}
