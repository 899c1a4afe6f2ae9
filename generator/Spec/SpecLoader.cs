namespace DecoderHw.Spec;

/// <summary>Reads and validates a decoder spec YAML file. (Stub: the spec-loader work replaces this.)</summary>
public static class SpecLoader
{
    public static DecoderSpec Load(string path) => throw new SpecException([new SpecError(path, 1, 1, "", "spec loader not implemented yet")]);
}

/// <summary>One problem in a spec, located in its file.</summary>
public sealed record SpecError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => Field.Length == 0
        ? $"{File}:{Line}:{Column}: {Message}"
        : $"{File}:{Line}:{Column}: field '{Field}': {Message}";
}

/// <summary>All problems found in a spec (not just the first).</summary>
public sealed class SpecException(IReadOnlyList<SpecError> errors)
    : Cli.UserErrorException(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
