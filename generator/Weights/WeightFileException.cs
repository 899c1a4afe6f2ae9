using DecoderHw.Cli;

namespace DecoderHw.Weights;

/// <summary>A weight file the user gave us is unreadable or not what it claims: exit 2, and the message
/// always names the file and, when one is involved, the tensor.</summary>
public sealed class WeightFileException : UserErrorException
{
    public WeightFileException(string file, string message) : base($"{file}: {message}")
    {
        File = file;
    }

    public WeightFileException(string file, string tensor, string message) : base($"{file}: tensor '{tensor}': {message}")
    {
        File = file;
        Tensor = tensor;
    }

    public string File { get; }

    public string? Tensor { get; }
}
