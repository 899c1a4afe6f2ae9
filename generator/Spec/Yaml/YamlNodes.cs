namespace DecoderHw.Spec.Yaml;

/// <summary>A 1-based line and column in the spec text, as YamlDotNet's marks count them.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public static readonly TextPosition Start = new(1, 1);

    public static TextPosition From(YamlDotNet.Core.Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));
}

/// <summary>A YAML node with the place it was written, so every spec error can point at it.
/// We build our own tree instead of YamlDotNet's RepresentationModel because that one stops at the
/// first duplicate key, and a spec reports all of its errors at once.</summary>
internal abstract record YamlNode(TextPosition Start);

/// <param name="IsPlain">Unquoted. Only plain scalars are numbers, booleans or null (YAML 1.2 core
/// schema); a quoted "9" is the string 9.</param>
internal sealed record YamlScalar(TextPosition Start, string Value, bool IsPlain) : YamlNode(Start)
{
    public ScalarKind Kind => CoreSchema.Classify(this);

    public bool IsNull => Kind == ScalarKind.Null;
}

internal sealed record YamlSequence(TextPosition Start, IReadOnlyList<YamlNode> Items) : YamlNode(Start);

/// <summary>Entries in written order; keys are unique (the reader reports and drops repeats).</summary>
internal sealed record YamlMapping(TextPosition Start, IReadOnlyList<YamlEntry> Entries) : YamlNode(Start);

internal sealed record YamlEntry(YamlScalar Key, YamlNode Value);

/// <summary>Stands in for a node that already produced an error (unknown alias, unsupported tag,
/// nesting too deep): readers skip it silently so one mistake yields one message.</summary>
internal sealed record YamlBroken(TextPosition Start) : YamlNode(Start);
